"""Dev harness for the linking stage: gold nodes in, predicted edges scored.

Builds ``models.Node`` objects from the GOLD nodes of every ``*.gold.json`` in the
eval folder, runs ``policykg.link.linker.link`` on them and scores the edges with the eval
folder's own ``score.py`` (gold node ids map 1:1 to predicted ids). That isolates the
quality of linking from the quality of extraction.

    .venv/bin/python benchmarks/link_dev.py                 # table at DEFAULT_MIN_SCORE
    .venv/bin/python benchmarks/link_dev.py --sweep         # P/R/F1 over thresholds
    .venv/bin/python benchmarks/link_dev.py --show 14       # edges of one document, right or wrong
    .venv/bin/python benchmarks/link_dev.py --speed 2000    # nodes/second on a synthetic document
    .venv/bin/python benchmarks/link_dev.py --ablate        # F1 with each signal switched off
    .venv/bin/python benchmarks/link_dev.py --real [--dir tests/corpora/corpus-a]   # the pipeline's nodes
    .venv/bin/python benchmarks/link_dev.py --real --dir samples --gold tests/corpora/samples-gold
    .venv/bin/python benchmarks/link_dev.py --suite         # pipeline nodes on every annotated set
    .venv/bin/python benchmarks/link_dev.py --groups        # per dev document group, gold and pipeline nodes
    .venv/bin/python benchmarks/link_dev.py --cv [--real]   # threshold fitted without each group, scored on it

This is a measuring tool, not a test: it needs ../shared/eval (beside the repo).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from policykg.models import Document, Node, NodeType

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "dev"  # --dir points it at another folder of NN.txt + NN.gold.json (real mode)
GOLD: Path | None = None  # --gold: the NN.gold.json files, when they sit apart from the texts

# --suite: every annotated set of the project, (name, texts, gold files)
CORPORA = ROOT / "tests" / "corpora"
SUITE = [("dev", EVAL / "dev", None),
         *((p.name, p, None) for p in sorted(CORPORA.glob("corpus-*"))),
         ("samples", ROOT / "samples", CORPORA / "samples-gold")]

# The README of the eval folder names these as the central problems of their texts.
CENTRAL = {"11": "P1", "14": "P0"}
# The annotators number a problem P0 when it is the one the text is about, stated before
# (and above) the listed problems: taken as the pipeline's central problem too.
CENTRAL_P0 = True

_ITEM_TYPES = {"Problem", "Cause", "Countermeasure"}
_BODY_END = re.compile(r"[。;；!?！？]")


def load_scorer():
    spec = importlib.util.spec_from_file_location("eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(text: str) -> str:
    """Simplified, half-width copy of the same length (what ingest gives as Document.norm)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    out = []
    for ch in text:
        half = unicodedata.normalize("NFKC", ch)
        ch = half if len(half) == 1 else ch
        simp = t2s.convert(ch)
        out.append(simp if len(simp) == 1 else ch)
    return "".join(out)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _is_body_line(line: str) -> bool:
    """A continuation paragraph, not a heading or an intro ending in a colon."""
    line = line.strip()
    return len(line) > 25 and not line.endswith((":", "：")) or line.endswith(("。", ";", "；"))


def _starts_line(text: str, at: int) -> bool:
    """True when only a numbering marker (or nothing) precedes the label on its line."""
    line_start = text.rfind("\n", 0, at) + 1
    head = text[line_start:at]
    return not re.search(r"\S", head) or bool(re.match(r"\s*[(（]?[一二三四五六七八九十\d]", head))


def item_text_end(text: str, start: int, starts: list[int]) -> int:
    """The end of an item's full text: its line, then body paragraphs below it, stopping
    at the next node and at headings."""
    end = _line_end(text, start)
    later = [s for s in starts if s > start]
    stop = min(later) if later else len(text)
    if not _starts_line(text, start):
        # the label starts mid-sentence (a cause stated in a body): its sentence only
        m = _BODY_END.search(text, start)
        end = min(end, m.end()) if m else end
        return min(end, max(stop, start + 1)) if stop > start else end
    while end < stop and end < len(text):
        nxt = _line_end(text, end + 1)
        if not _is_body_line(text[end + 1:nxt]) or any(end < s < nxt for s in starts):
            break
        end = nxt
    return min(end, stop) if stop > start else end


def gold_document(name: str, scorer) -> tuple[Document, list[Node], dict]:
    txt = (DEV / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads(((GOLD or DEV) / f"{name}.gold.json").read_text(encoding="utf-8"))
    doc = Document(id=name, path=f"{name}.txt", text=txt, norm=normalise(txt),
                   script="zh-Hans", encoding="utf-8", format="txt")
    spans = scorer.gold_spans(txt, gold)
    by_id = {g["id"]: g for g in gold["nodes"]}
    item_starts = sorted(spans[g["id"]][0] for g in gold["nodes"]
                         if g["type"] in _ITEM_TYPES and _starts_line(txt, spans[g["id"]][0]))
    ends: dict[str, int] = {}
    for g in gold["nodes"]:
        s, e = spans[g["id"]]
        if g["type"] not in _ITEM_TYPES:
            ends[g["id"]] = e
            continue
        siblings = [spans[o["id"]][0] for o in gold["nodes"]
                    if o["parent"] == g["parent"] and o["type"] in _ITEM_TYPES]
        stops = item_starts if g["parent"] is None else sorted(set(item_starts) | set(siblings))
        ends[g["id"]] = max(e, item_text_end(txt, s, stops))
    # a group's text runs over its children
    for g in sorted(gold["nodes"], key=lambda g: -spans[g["id"]][0]):
        p = g.get("parent")
        if p and by_id[p]["type"] in _ITEM_TYPES and by_id[p]["type"] == g["type"]:
            ends[p] = max(ends[p], ends[g["id"]])
    nodes = []
    for g in gold["nodes"]:
        s, e = spans[g["id"]]
        report = ord(g["id"][0]) - ord("A") if re.match(r"[A-Z]\.", g["id"]) else 0
        central = CENTRAL.get(name) == g["id"] or (CENTRAL_P0 and g["id"].endswith("P0"))
        rule = "central-problem" if central else "gold"
        mentions = [m.start() for m in re.finditer(re.escape(txt[s:e]), txt)] if e > s else []
        nodes.append(Node(id=g["id"], type=NodeType(g["type"]), label=txt[s:e], doc=name,
                          start=s, end=e, spans=tuple(sorted({(m, m + e - s) for m in mentions} | {(s, e)})), parent=g.get("parent"),
                          text=txt[s:ends[g["id"]]], text_start=s, text_end=ends[g["id"]],
                          rule=rule, report=report))
    return doc, nodes, gold


def pipeline_document(name: str, scorer) -> tuple[Document, list[Node], dict]:
    """The real pipeline's nodes (ingest → structure → extract) for one dev document."""
    from policykg.extract import items
    from policykg.read import ingest
    from policykg.outline import structure

    doc = ingest.load(DEV / f"{name}.txt")
    gold = json.loads(((GOLD or DEV) / f"{name}.gold.json").read_text(encoding="utf-8"))
    return doc, list(items.extract(doc, structure.outline(doc))), gold


def edge_dicts(edges) -> list[dict]:
    return [{"type": str(e.type), "source": e.source, "target": e.target} for e in edges]


def node_dicts(nodes) -> list[dict]:
    return [{"id": n.id, "type": str(n.type), "start": n.start, "end": n.end,
             "spans": [list(s) for s in n.spans]} for n in nodes]


_CACHE: dict = {}


def run(min_score: float | None, scorer, names: list[str], real: bool = False):
    from policykg.link import linker

    per_doc, predicted = {}, {}
    for name in names:
        key = (str(DEV), name, real)
        if key not in _CACHE:
            _CACHE[key] = (pipeline_document if real else gold_document)(name, scorer)
        doc, nodes, gold = _CACHE[key]
        kw = {} if min_score is None else {"min_score": min_score}
        edges = linker.link(doc, nodes, **kw)
        predicted[name] = (doc, nodes, gold, edges)
        per_doc[name] = scorer.score_document(doc.text, gold, node_dicts(nodes), edge_dicts(edges))
    return per_doc, scorer.add_up(list(per_doc.values())), predicted


def edge_table(per_doc: dict, total: dict) -> str:
    rows = ["doc     gold  pred | strict P    R     F1  | lenient P    R     F1"]
    for name, r in list(per_doc.items()) + [("TOTAL", total)]:
        s, l = r["edges"]["all"]["strict"], r["edges"]["all"]["lenient"]
        rows.append(f"{name:7} {s['gold']:4}  {s['predicted']:4} |  {s['precision']:.3f} {s['recall']:.3f} "
                    f"{s['f1']:.3f} |  {l['precision']:.3f} {l['recall']:.3f} {l['f1']:.3f}")
    return "\n".join(rows)


def show(predicted, name: str, scorer) -> None:
    """Every predicted edge (OK when strictly right), then the gold edges missed; predicted
    node ids are shown as the gold ids they match."""
    doc, nodes, gold, edges = predicted[name]
    print(f"\n== {name}")
    to_gold = {p: g for g, p in scorer.match_nodes(node_dicts(nodes), gold,
                                                   scorer.gold_spans(doc.text, gold)).items()}
    label = {n.id: n.label for n in nodes} | {g["id"]: g["text"] for g in gold["nodes"]}
    gold_e = {(e["from"], e["to"], e["type"]) for e in gold["edges"]}
    got = set()
    for e in sorted(edges, key=lambda e: (-e.score, e.source, e.target)):
        a, b = to_gold.get(e.source, e.source), to_gold.get(e.target, e.target)
        got.add((a, b, str(e.type)))
        mark = "OK " if (a, b, str(e.type)) in gold_e else "-- "
        print(f"{mark}{e.score:.2f} {e.type:11} {a}:{label[e.source]} -> {b}:{label[e.target]}"
              f"  [{e.rule}] {e.cue}")
    for a, b, t in sorted(gold_e - got):
        print(f"MISS      {t:11} {a}:{label[a]} -> {b}:{label[b]}")


_TOPICS = ["经费", "人才", "监督", "信息", "技术", "宣传", "设施", "激励", "服务", "沟通", "风险", "数据", "住房", "医疗", "教育", "养老", "交通", "环境", "水质", "土地", "产业", "就业", "物流", "金融", "税收", "社保", "档案", "培训", "考核", "审批", "执法", "应急", "消防", "食品", "药品", "农业", "林业", "渔业", "旅游", "文化", "体育", "社区", "物业", "网络", "平台", "标准", "质量", "安全", "价格", "市场", "采购", "合同", "资产", "债务", "预算", "审计", "统计", "规划", "项目", "招商", "科研", "专利", "品牌", "出口", "能源", "电力", "燃气", "供水", "排水", "垃圾", "污水", "道路", "桥梁", "公交", "停车", "学校", "医院", "养殖"]


def synthetic(n_nodes: int, dense: bool = False) -> tuple[Document, list[Node]]:
    """A long report with n_nodes items (problems, causes, countermeasures in thirds), each
    naming two topics of a vocabulary of 80 (dense: of 12, so nearly every pair shares words)."""
    topics = _TOPICS[:12] if dense else _TOPICS
    forms = {NodeType.PROBLEM: "{}{}不健全,{}工作滞后", NodeType.CAUSE: "{}{}投入不足,导致{}效果不明显",
             NodeType.COUNTERMEASURE: "完善{}{}制度,加强{}建设"}
    lines, nodes, pos = [], [], 0
    for i in range(n_nodes):
        t = list(forms)[i * 3 // n_nodes]
        a, b = topics[i % len(topics)], topics[(i * 37 + 11) % len(topics)]
        label = forms[t].format(a, b, b)
        line = f"{i + 1}、{label}。部分地区{a}方面仍有差距,需要持续关注{b}。"
        s = pos + len(f"{i + 1}、")
        nodes.append(Node(id=f"n{i}", type=t, label=label, doc="syn", start=s, end=s + len(label),
                          spans=((s, s + len(label)),), text=line[len(f"{i + 1}、"):],
                          text_start=s, text_end=pos + len(line)))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    return Document(id="syn", path="syn.txt", text=text, norm=text, script="zh-Hans",
                    encoding="utf-8", format="txt"), nodes


def speed(n_nodes: int) -> None:
    from policykg.link import linker

    for dense in (False, True):
        doc, nodes = synthetic(n_nodes, dense)
        linker.link(doc, nodes[:10])  # load jieba's dictionary outside the timing
        t0 = time.perf_counter()
        edges = linker.link(doc, nodes)
        dt = time.perf_counter() - t0
        print(f"{'dense ' if dense else ''}{n_nodes} nodes, {len(edges)} edges in {dt:.2f}s: "
              f"{n_nodes / dt:.0f} nodes/s")


def ablate(scorer, names: list[str], min_score: float | None) -> None:
    """F1 (strict/lenient) with each signal switched off in turn, gold and pipeline nodes."""
    from policykg.link import linker
    from policykg.link import signals

    def score(tag: str) -> None:
        cells = []
        for real in (False, True):
            _, total, _ = run(min_score, scorer, names, real)
            s, l = total["edges"]["all"]["strict"], total["edges"]["all"]["lenient"]
            cells.append(f"{s['f1']:.3f}/{l['f1']:.3f}")
        print(f"{tag:40} gold {cells[0]}   pipeline {cells[1]}")

    score("all signals")
    off = {"mirror": "_mirrors", "reference": "_references", "parallel": "_parallel",
           "structure (groups)": "_carry_to_groups", "competition": "_compete",
           "restated phrase": "_restated", "stated inside a problem": "_stated_inside_problems"}
    for tag, name in off.items():
        saved = getattr(link, name)
        setattr(link, name, lambda *a, **k: None)
        score(f"without {tag}")
        setattr(link, name, saved)
    saved = linker._nested_owner
    linker._nested_owner = lambda ctx, n, parent: parent
    score("nested items keep the outline's parent")
    linker._nested_owner = saved
    saved = linker._central_edges
    linker._central_edges = lambda *a: {}
    score("without central")
    linker._central_edges = saved
    saved = linker.central.sole_problem
    linker.central.sole_problem = lambda ctx: None
    score("without the sole problem's edges")
    linker.central.sole_problem = saved
    for module, name, value, tag in [(link, "CONTAINED_AMOUNT", 0.0, "without contained"),
                                     (signals, "IDF_POWER", 1.0, "plain IDF (power 1)"),
                                     (signals, "CHAIN_WORDS", False, "without chain words"),
                                     (link, "CARRY_TARGETS", False, "groups carry sources only"),
                                     (signals, "WEAK_FACTOR", 1.0, "head nouns at full weight"),
                                     (link, "BODY_LENGTH", 10**9, "no body-length weighting"),
                                     (signals, "TERMS", "words", "jieba precise mode only"),
                                     (signals, "TERMS", "bigrams", "character bigrams only")]:
        saved = getattr(module, name)
        setattr(module, name, value)
        score(tag)
        setattr(module, name, saved)


# Document groups of the dev set (by how the texts are laid out), for before/after tables.
GROUPS = {"original six": ["01", "04", "09", "11", "14", "seed"],
          "structured": ["21", "23", "24", "50", "52", "54", "56", "58"],
          "prose": ["27", "28", "30", "32", "34", "37", "39"],
          "traditional": ["40", "42", "43", "46", "49"]}


def groups(scorer, min_score: float | None) -> None:
    """Edge F1 (strict/lenient, all and per type) per document group, gold and pipeline nodes."""
    print("nodes     group          all strict/lenient (P    R)     | causedBy    | addressedBy")
    for real in (False, True):
        per_doc, _, _ = run(min_score, scorer, [n for g in GROUPS.values() for n in g], real)
        for tag, names in [*GROUPS.items(), ("dev (26)", [n for g in GROUPS.values() for n in g])]:
            e = scorer.add_up([per_doc[n] for n in names])["edges"]
            cells = [f"{e[k]['strict']['f1']:.3f}/{e[k]['lenient']['f1']:.3f}"
                     for k in ("all", "causedBy", "addressedBy")]
            s = e["all"]["strict"]
            print(f"{'pipeline' if real else 'gold':9} {tag:14} {cells[0]} ({s['precision']:.2f} "
                  f"{s['recall']:.2f}) | {cells[1]} | {cells[2]}")


def cross_validate(scorer, real: bool) -> None:
    """The threshold chosen without each document group (best F1 on the other groups,
    strict), then scored on that group: how well the default's basis carries over."""
    names = [n for g in GROUPS.values() for n in g]
    grid = [x / 20 for x in range(2, 19)]
    per_th = {th: run(th, scorer, names, real)[0] for th in grid}

    def f1(th: float, docs: list[str]) -> dict:
        return scorer.add_up([per_th[th][n] for n in docs])["edges"]["all"]

    print("held-out group   threshold (fit on the rest) | strict P    R     F1  | lenient F1")
    pooled = []
    for tag, docs in GROUPS.items():
        rest = [n for n in names if n not in docs]
        th = max(grid, key=lambda t: (f1(t, rest)["strict"]["f1"], t))
        e = f1(th, docs)
        pooled.extend(per_th[th][n] for n in docs)
        s = e["strict"]
        print(f"{tag:16} {th:.2f}                        |  {s['precision']:.3f} {s['recall']:.3f} "
              f"{s['f1']:.3f} |  {e['lenient']['f1']:.3f}")
    e = scorer.add_up(pooled)["edges"]["all"]
    s = e["strict"]
    print(f"{'pooled':16}                             |  {s['precision']:.3f} {s['recall']:.3f} "
          f"{s['f1']:.3f} |  {e['lenient']['f1']:.3f}")


def suite(scorer, min_score: float | None) -> None:
    """Edge F1 (strict/lenient, all and per type) of the real pipeline on every annotated set."""
    global DEV, GOLD
    print("set       all strict/lenient (P   R)       | causedBy      | addressedBy")
    for tag, texts, gold in SUITE:
        if not (gold or texts).exists():
            continue
        DEV, GOLD = texts, gold
        names = sorted(p.name.replace(".gold.json", "") for p in (gold or texts).glob("*.gold.json"))
        _, total, _ = run(min_score, scorer, names, real=True)
        e = total["edges"]
        cells = [f"{e[k]['strict']['f1']:.3f}/{e[k]['lenient']['f1']:.3f}" for k in ("all", "causedBy", "addressedBy")]
        s = e["all"]["strict"]
        print(f"{tag:9} {cells[0]} ({s['precision']:.2f} {s['recall']:.2f}) | {cells[1]} | {cells[2]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-score", type=float)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--show", nargs="*")
    ap.add_argument("--speed", type=int)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--ablate", action="store_true", help="F1 with each signal switched off")
    ap.add_argument("--real", action="store_true", help="nodes from the real pipeline, not the gold")
    ap.add_argument("--dir", type=Path, help="another folder of NN.txt + NN.gold.json (use with --real)")
    ap.add_argument("--gold", type=Path, help="the folder of NN.gold.json when apart from --dir's texts")
    ap.add_argument("--suite", action="store_true",
                    help="pipeline nodes on dev, every tests/corpora/corpus-* and the samples: one row each")
    ap.add_argument("--groups", action="store_true",
                    help="dev edge F1 per document group, gold and pipeline nodes")
    ap.add_argument("--cv", action="store_true",
                    help="threshold fitted without each dev document group, scored on it")
    args = ap.parse_args()
    if args.speed:
        speed(args.speed)
        return 0
    if not (EVAL / "score.py").exists():
        print(f"eval folder not found: {EVAL}", file=sys.stderr)
        return 2
    scorer = load_scorer()
    global DEV, GOLD
    if args.suite:
        suite(scorer, args.min_score)
        return 0
    if args.groups:
        groups(scorer, args.min_score)
        return 0
    if args.cv:
        cross_validate(scorer, args.real)
        return 0
    DEV, GOLD = args.dir or DEV, args.gold
    names = sorted(p.name.replace(".gold.json", "") for p in (GOLD or DEV).glob("*.gold.json"))
    if args.ablate:
        ablate(scorer, names, args.min_score)
        return 0
    if args.sweep:
        print("min_score  strict P    R     F1  | lenient P    R     F1")
        for th in [x / 20 for x in range(2, 19)]:
            _, total, _ = run(th, scorer, names, args.real)
            s, l = total["edges"]["all"]["strict"], total["edges"]["all"]["lenient"]
            print(f"{th:8.2f}   {s['precision']:.3f} {s['recall']:.3f} {s['f1']:.3f} |"
                  f"  {l['precision']:.3f} {l['recall']:.3f} {l['f1']:.3f}")
        return 0
    per_doc, total, predicted = run(args.min_score, scorer, names, args.real)
    if args.json:
        print(json.dumps({"documents": per_doc, "total": total}, ensure_ascii=False, indent=1))
    else:
        print(edge_table(per_doc, total))
    for name in (args.show or names) if args.show is not None else []:
        show(predicted, name, scorer)
    return 0


if __name__ == "__main__":
    sys.exit(main())

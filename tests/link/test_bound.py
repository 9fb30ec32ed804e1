"""The pruned linker (policykg.link.bound) gives exactly the edges of evaluating every
candidate pair, and its bound is never below the evidence a pair gets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from helpers_doc import make_doc
from policykg.extract import items
from policykg.link import bound, linker
from policykg.link.evidence import kin
from policykg.outline import structure
from policykg.read import ingest

ROOT = Path(__file__).resolve().parents[2]
SETS = [ROOT / "samples", *sorted((ROOT / "tests" / "corpora").glob("corpus-[a-g]"))]

# A long generated report (words of the genre, no report's text): numbered problems,
# causes and measures in groups, each chain sharing two topic words, with pointers
# (针对…问题, 由于…导致) and phrases repeated across chains.
TOPICS = ("养老 托育 医疗 教育 就业 住房 交通 环境 水利 能源 产业 科技 人才 资金 土地 数据 平台 "
          "设施 网络 项目 资源 市场 金融 税收 财政 保险 救助 文化 体育 旅游 安全 应急 消防 食品 "
          "药品 卫生 垃圾 污水 河道 森林 耕地 物流 物业 停车 供暖 供水 燃气 通信 档案 审批").split()
DEFECTS = "不足 短缺 滞后 薄弱 偏低 不畅 失衡 老化 分散 脱节".split()
REASONS = "投入不足 机制不健全 协同不够 标准缺失 权责不清 信息不共享 激励不到位 监督乏力".split()
VERBS = "加强 完善 健全 推动 优化 提升 扩大 落实 规范 强化".split()


def generated(chains: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    pairs = [(a, b) for a in TOPICS for b in TOPICS if a != b]
    topics = rng.sample(pairs, chains)
    order = list(range(chains))
    lines = ["关于若干领域情况的调研报告", "", "一、存在的问题"]
    for k, (a, b) in enumerate(topics):
        if k % 20 == 0:
            lines.append(f"（{'一二三四五六七八九十'[k // 20 % 10]}）{rng.choice(TOPICS)}方面")
        lines.append(f"{k % 20 + 1}.{a}{b}{rng.choice(DEFECTS)}。{rng.choice(TOPICS)}{rng.choice(TOPICS)}"
                     f"方面的问题较为突出，{a}和{rng.choice(TOPICS)}的情况比较集中。")
    for title, line in (("二、原因分析", lambda a, b: f"{a}{b}{rng.choice(REASONS)}。由于{b}"
                         f"{rng.choice(TOPICS)}{rng.choice(REASONS)}，导致{a}{rng.choice(DEFECTS)}。"),
                        ("三、对策建议", lambda a, b: f"{rng.choice(VERBS)}{a}{b}建设。针对{a}"
                         f"{rng.choice(DEFECTS)}的问题，{rng.choice(VERBS)}{rng.choice(TOPICS)}保障。")):
        rng.shuffle(order)
        lines += ["", title]
        lines += [f"{i + 1}.{line(*topics[k])}" for i, k in enumerate(order)]
    return "\n".join(lines) + "\n"


def _every_candidate(ctx, min_score, read_later):
    return ctx.candidates


def _documents():
    for folder in SETS:
        for path in sorted(folder.glob("*.txt")):
            yield ingest.load(path, folder)
    yield make_doc(generated(240), "generated")


@pytest.fixture(scope="module")
def extracted():
    out = []
    for doc in _documents():
        out.append((doc, items.extract(doc, structure.outline(doc))))
    return out


@pytest.mark.parametrize("min_score", [0.3, linker.DEFAULT_MIN_SCORE, 0.8])
def test_pruned_linker_gives_the_edges_of_every_candidate(extracted, monkeypatch, min_score):
    default = [linker.link(doc, nodes, min_score) for doc, nodes in extracted]
    monkeypatch.setattr(linker, "BOUND_ITEMS", 0)  # the bound on every report, however small
    pruned = [linker.link(doc, nodes, min_score) for doc, nodes in extracted]
    monkeypatch.setattr(linker, "_pairs_that_may_link", _every_candidate)
    full = [linker.link(doc, nodes, min_score) for doc, nodes in extracted]
    assert pruned == full
    assert default == full
    assert sum(map(len, full)) > 200


def test_bound_is_never_below_a_pairs_evidence(extracted):
    checked = 0
    for doc, nodes in extracted:
        for report in sorted({n.report for n in nodes if n.type in linker._ITEMS}):
            its = sorted((n for n in nodes if n.type in linker._ITEMS and n.report == report),
                         key=lambda n: (n.start, n.id))
            ctx = _context(doc, its)
            b = bound.Bound(ctx, linker.AMOUNTS, {i: linker._body_factor(p) for i, p in ctx.profiles.items()})
            for src in its:
                for tgt in ctx.candidates(src):
                    etype = linker._edge_type(src, tgt)
                    if etype is None or tgt.id in ctx.kin[src.id] or src.id in ctx.named_in(tgt.id) \
                            or src.id in ctx.holding(tgt) or tgt.id in ctx.holding(src):
                        continue
                    ev = linker._pair_evidence(ctx, src, tgt, etype)
                    assert b.amount(src.id, tgt.id) >= ev.amount - bound.EPS, (src.label, tgt.label)
                    checked += 1
    assert checked > 1000


def test_an_items_clause_words_are_its_words(extracted):
    """Bound takes an item's words for the words of its clauses (clauses end at punctuation
    no segmented run holds)."""
    for doc, nodes in extracted:
        its = sorted((n for n in nodes if n.type in linker._ITEMS), key=lambda n: (n.start, n.id))
        ctx = _context(doc, its)
        for p in ctx.profiles.values():
            assert frozenset().union(*(w for _, w in ctx.clause_words(p))) == p.words


def _context(doc, its):
    return linker.build_context(doc, its)


def test_items_inside_and_kin_by_index_match_a_scan(extracted):
    for doc, nodes in extracted:
        its = sorted((n for n in nodes if n.type in linker._ITEMS), key=lambda n: (n.start, n.id))
        kinship = kin(its)
        for n in its:
            family = {m.id for m in its if n.id in _ancestors(its, m)} | _ancestors(its, n)
            assert kinship[n.id] == family
        starts = [n.start for n in its]
        for n in its:
            from policykg.link.evidence import inside

            assert inside(n, its, kinship, starts) == inside(n, its, kinship)


def _ancestors(its, n):
    parent = {m.id: m.parent for m in its}
    seen, p = {n.id}, n.parent
    while p and p not in seen:
        seen.add(p)
        p = parent.get(p)
    return seen


def test_named_holders_and_outline_children_match_a_scan(extracted):
    for doc, nodes in extracted:
        its = [n for n in nodes if n.type in linker._ITEMS]
        positions = sorted({n.start for n in nodes} | {n.end for n in nodes} | {0, len(doc.norm)})
        found = items._holders(its, positions)
        for pos in positions:
            best = None
            for n in its:
                if n.text_start <= pos < n.text_end and (
                        best is None or n.text_end - n.text_start <= best.text_end - best.text_start):
                    best = n
            assert found[pos] is best
        outline = structure.outline(doc)
        for e in outline.entries[:50]:
            assert outline.children(e.id) == [c for c in outline.entries if c.parent == e.id]


def test_suffix_merging_by_index_matches_a_scan(extracted):
    from policykg.extract import named

    def scan(groups):
        out = {}
        for key in sorted(groups, key=lambda k: -len(k[1])):
            longer = [k for k in out if k[0] == key[0] and k[1].endswith(key[1])]
            if len(longer) == 1:
                out[longer[0]] = sorted(out[longer[0]] + groups[key], key=lambda m: m.start)
            else:
                out[key] = groups[key]
        return out

    merged = 0
    for doc, _ in extracted:
        groups = {}
        for m in named.find_mentions(doc.norm):
            groups.setdefault((m.type, m.name), []).append(m)
        fast, slow = items._merge_suffixes(groups), scan(groups)
        assert list(fast.items()) == list(slow.items())
        merged += len(groups) - len(fast)
    assert merged > 0

"""Load and query times of the embedded store (pyoxigraph) on a generated ~1M-triple graph.

Run by hand (not part of the test suite):

    .venv/bin/python benchmarks/bench_query.py            # ~1M triples
    .venv/bin/python benchmarks/bench_query.py --triples 200000 --repeat 5

The graph is built the way the pipeline builds one (models -> graph.build -> rdf.write):
documents of 24 items (problems, causes, countermeasures, some nested), named
mechanisms/institutions mentioned several times, and caused-by/addressed-by edges with
evidence, so every named query has real work to do. Generation is seeded: the same
arguments give the same graph.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from policykg.export import graph
from policykg.sparql import query
from policykg.export import rdf
from policykg.common.ids import node_id
from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

WORDS = ("激励 机制 考核 评价 体系 经费 保障 学习 制度 落实 "
         "培训 监督 基层 党建 服务 群众 人才 队伍 资金 管理").split()
INSTITUTIONS = ["三会一课", "四议两公开", "五项制度", "考勤制度", "例会制度", "述职评议制度"]
MECHANISMS = ["激励机制", "考核机制", "监督机制", "协调机制", "反馈机制"]
TRIPLES_PER_DOC = 1290  # measured on this generator; used to size the corpus


def _label(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n))


def _items(rng: random.Random, doc: str, ntype: NodeType, count: int, at: int, section: str):
    nodes, parent = [], None
    for i in range(count):
        label = _label(rng) + ("不足" if ntype is NodeType.PROBLEM else "")
        s, e = at, at + len(label)
        ts, te = s, e + 40
        nested = parent is not None and i % 3 == 2
        node = Node(node_id(doc, ntype, label, i), ntype, label, doc, s, e, ((s, e),),
                    parent=parent.id if nested else None, section=section,
                    text=label + "。" + _label(rng, 12), text_start=ts, text_end=te,
                    rule="enum", cue=f"（{i + 1}）", report=0)
        nodes.append(node)
        parent = node if not nested else parent
        at = te + 2
    return nodes, at


def document(rng: random.Random, index: int) -> DocumentResult:
    doc = Document(f"corpus/report-{index:05d}", f"corpus/report-{index:05d}.txt", "", "",
                   rng.choice(["zh-Hans", "zh-Hant"]), "utf-8", "txt")
    problems, at = _items(rng, doc.id, NodeType.PROBLEM, 8, 0, "存在的问题")
    causes, at = _items(rng, doc.id, NodeType.CAUSE, 8, at, "原因分析")
    measures, at = _items(rng, doc.id, NodeType.COUNTERMEASURE, 8, at, "对策建议")
    named = []
    for kind, names in ((NodeType.INSTITUTION, INSTITUTIONS), (NodeType.MECHANISM, MECHANISMS)):
        for name in rng.sample(names, 2):
            holders = rng.sample(problems + causes + measures, 3)
            spans = tuple(sorted((h.text_start + 5, h.text_start + 5 + len(name)) for h in holders))
            named.append(Node(node_id(doc.id, kind, name), kind, name, doc.id, *spans[0], spans,
                              parent=min(holders, key=lambda h: h.text_start).id, rule="head",
                              cue=name[-2:]))
    edges = {}
    for p in problems:
        for target, etype in ((rng.choice(causes), EdgeType.CAUSED_BY),
                              (rng.choice(measures), EdgeType.ADDRESSED_BY)):
            if rng.random() < 0.8:
                edges[(p.id, target.id, etype)] = Edge(
                    p.id, target.id, etype, doc.id, round(rng.random(), 4), "shared_words",
                    target.label[:2], (p.start, p.end), (target.start, target.end))
    for c in causes:
        m = rng.choice(measures)
        edges[(c.id, m.id, EdgeType.ADDRESSED_BY)] = Edge(
            c.id, m.id, EdgeType.ADDRESSED_BY, doc.id, round(rng.random(), 4), "mirror",
            m.label[:2], (c.start, c.end), (m.start, m.end))
    return DocumentResult(doc, tuple(problems + causes + measures + named), tuple(edges.values()))


CPU: list[float] = []  # CPU seconds of the last timed() call: steadier than wall time on a busy machine


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs (its CPU time is left in ``CPU[-1]``)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (median reported)")
    ap.add_argument("--out", type=Path, default=None, help="folder for the graph files")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="pkg-bench-"))

    rng = random.Random(20241128)
    docs = max(1, -(-args.triples // TRIPLES_PER_DOC))
    t, g = timed(lambda: graph.build(document(rng, i) for i in range(docs)))
    print(f"generated {docs} documents, {g.number_of_nodes()} nodes, "
          f"{g.number_of_edges()} edges in {t:.1f} s")
    for fmt in ("ttl", "nt"):
        t, path = timed(lambda fmt=fmt: rdf.write(g, out, fmt))
        print(f"wrote {path.name}: {path.stat().st_size / 1e6:.1f} MB in {t:.1f} s")

    from policykg.export.fsio import atomic_write_text

    atomic_write_text(out / "graph.json", graph.dumps_json(g))
    for name in ("graph.ttl", "graph.nt", "graph.json"):
        t, store = timed(lambda name=name: query.load(out / name))
        print(f"load {name}: {len(store)} triples in {t:.2f} s, {CPU[-1]:.2f} s CPU "
              f"({len(store) / t / 1e3:.0f}k triples/s)")

    print(f"\nnamed queries (median of {args.repeat}):")
    for qname in query.named_queries():
        q = query.resolve(qname)
        t, rows = timed(lambda q=q: list(query.execute(store, q)), args.repeat)
        print(f"  {qname:<36}{t * 1000:>8.1f} ms {CPU[-1] * 1000:>8.1f} ms CPU {len(rows):>7} rows")
    cause = next(n for n, a in g.nodes(data=True) if a["type"] == "Cause")
    q = query.resolve("countermeasures-for-cause")
    t, rows = timed(lambda: list(query.execute(store, q, {"cause": cause})), args.repeat)
    print(f"  {'countermeasures-for-cause (1 cause)':<36}{t * 1000:>8.1f} ms "
          f"{CPU[-1] * 1000:>8.1f} ms CPU {len(rows):>7} rows")


if __name__ == "__main__":
    main()

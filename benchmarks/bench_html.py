"""Benchmark of the graph page in headless Chromium at 1400×900: page size, time to
build it, time from load to a usable page, the 30 most connected nodes' label sizes on
opening, a filter, a path, and switching to the columns layout.

    .venv/bin/python benchmarks/bench_html.py            # 1k and 5k nodes
    .venv/bin/python benchmarks/bench_html.py 300 2000   # other sizes
    .venv/bin/python benchmarks/bench_html.py --screenshots docs 5000   # and save graph-5000.png

Graphs are generated (a fixed pseudo-random generator, so every run sees the same
graph): documents of problems, each with nested items, causes (some chained) and
countermeasures, linked the way the pipeline links them, plus named mechanisms.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from policykg.export.graph import build
from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WORDS = ("监管", "基层", "党建", "食品", "安全", "人才", "流失", "机制", "考核", "培训", "资金",
         "投入", "宣传", "意识", "责任", "落实", "制度", "执行", "信息", "共享", "协调", "服务")


def phrase(rng: random.Random, n: int = 4) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n))


def synthetic_result(doc_id: str, n_nodes: int, rng: random.Random) -> DocumentResult:
    """One document of about ``n_nodes`` nodes in the genre's proportions."""
    text_parts: list[str] = []
    pos = 0
    nodes: list[Node] = []

    def add(kind: NodeType, parent: str | None = None) -> Node:
        nonlocal pos
        label = phrase(rng) + {"Problem": "不足", "Cause": "滞后", "Countermeasure": "加强",
                               "Mechanism": "机制", "Institution": "制度"}[kind.value]
        body = label + "：" + "，".join(phrase(rng, 6) for _ in range(rng.randint(1, 4))) + "。"
        node = Node(id=f"{doc_id}/{kind.value[0]}{len(nodes):06d}", type=kind, label=label,
                    doc=doc_id, start=pos, end=pos + len(label), spans=((pos, pos + len(label)),),
                    parent=parent, section=kind.value, text=body, text_start=pos,
                    text_end=pos + len(body), rule="enum", cue="一、")
        text_parts.append(body + "\n")
        pos += len(body) + 1
        nodes.append(node)
        return node

    kinds = [NodeType.PROBLEM] * 3 + [NodeType.CAUSE] * 3 + [NodeType.COUNTERMEASURE] * 4
    while len(nodes) < n_nodes:
        kind = rng.choice(kinds + [NodeType.MECHANISM, NodeType.INSTITUTION])
        parent = None
        same = [n for n in nodes[-8:] if n.type == kind and n.parent is None]
        if kind in (NodeType.MECHANISM, NodeType.INSTITUTION) and nodes:
            parent = rng.choice(nodes[-10:]).id
        elif same and rng.random() < 0.25:
            parent = same[-1].id
        add(kind, parent)
    text = "".join(text_parts)
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, norm=text, script="zh-Hans",
                   encoding="utf-8", format="txt")
    return DocumentResult(document=doc, nodes=tuple(nodes), edges=synthetic_edges(nodes, rng))


def synthetic_edges(nodes: list[Node], rng: random.Random) -> tuple[Edge, ...]:
    by_type = {k: [n for n in nodes if n.type == k] for k in NodeType}
    edges: dict[tuple[str, str, str], Edge] = {}

    def link(src: Node, dst: Node, kind: EdgeType) -> None:
        ev = (src.start, src.end)
        edges[(src.id, dst.id, kind.value)] = Edge(
            source=src.id, target=dst.id, type=kind, doc=src.doc,
            score=round(rng.uniform(0.3, 1.0), 3), rule="shared-words", cue=src.label[:2],
            source_span=ev, target_span=(dst.start, dst.end))

    def pick(kind: NodeType, k: int) -> list[Node]:
        return rng.sample(by_type[kind], k=min(k, len(by_type[kind])))

    for p in by_type[NodeType.PROBLEM]:
        for c in pick(NodeType.CAUSE, 2):
            link(p, c, EdgeType.CAUSED_BY)
        for m in pick(NodeType.COUNTERMEASURE, 1):
            link(p, m, EdgeType.ADDRESSED_BY)
    for c in by_type[NodeType.CAUSE]:
        for m in pick(NodeType.COUNTERMEASURE, 1):
            link(c, m, EdgeType.ADDRESSED_BY)
    return tuple(edges.values())


def synthetic_graph(n_nodes: int, per_doc: int = 50, seed: int = 7) -> nx.MultiDiGraph:
    """About ``n_nodes`` nodes in documents of ``per_doc`` nodes (reports are short)."""
    rng = random.Random(seed)
    docs = max(1, round(n_nodes / per_doc))
    sizes = [n_nodes // docs + (1 if i < n_nodes % docs else 0) for i in range(docs)]
    return build(synthetic_result(f"report-{i:03d}", size, rng) for i, size in enumerate(sizes))


def offline_only(route) -> None:
    local = route.request.url.startswith(("file:", "data:"))
    route.continue_() if local else route.abort()


# The TOP most connected drawn nodes: their labels' size on screen, and whether drawn.
LABELS = """(top) => {
    const net = window.policykg.network, scale = net.getScale();
    const drawn = new Set(net.body.nodeIndices);
    return window.policykg.data.nodes.filter((n) => drawn.has(n.id))
        .sort((a, b) => b.deg - a.deg || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, top).map((n) => {
            const label = net.body.nodes[n.id].labelModule;
            const px = Math.min(label.fontOptions.size * scale, label.elementOptions.scaling.label.maxVisible);
            return label.visible() ? px : 0;
        });
}"""


def measure(n_nodes: int, shot: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from policykg.export.html import page as html

    g = synthetic_graph(n_nodes)
    t = time.perf_counter()
    page_text = html.render_graph(g)
    render_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_text(page_text, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", offline_only)
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-state=stable]", timeout=600_000)
            ready_ms = page.evaluate("window.policykg.readyMs")  # since navigation started
            labels = page.evaluate(LABELS, 30)
            drawn = page.evaluate("window.policykg.drawn()")
            interact = page.evaluate(INTERACTIONS)
            if shot:
                page.screenshot(path=str(shot))
            t = time.perf_counter()
            page.select_option("#layout", "columns")
            page.wait_for_selector("body[data-state=stable]", timeout=600_000)
            columns_s = time.perf_counter() - t
            browser.close()
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "drawn_nodes": drawn["nodes"], "page_kb": len(page_text.encode()) / 1024,
            "render_s": render_s, "ready_s": ready_ms / 1000,
            "labels_min_px": min(labels, default=0.0),
            "labels_ok": sum(1 for px in labels if px >= 11),
            "filter_ms": interact["filter"], "path_ms": interact["path"], "columns_s": columns_s}


# Time, inside the page, a type filter switched off and on, and a path shown and cleared.
INTERACTIONS = """() => {
    const box = document.querySelector('#types input');
    let t = performance.now();
    box.click(); box.click();
    const filter = (performance.now() - t) / 2;
    const p = window.policykg.data.nodes.find(n => n.group === 'Problem');
    t = performance.now();
    window.policykg.showPath(p.id); window.policykg.clearSelection();
    return {filter, path: (performance.now() - t) / 2};
}"""


def main(argv: list[str]) -> None:
    shots = None
    if argv[:1] == ["--screenshots"]:
        shots, argv = Path(argv[1]), argv[2:]
    sizes = [int(a) for a in argv] or [1000, 5000]
    print(f"{'nodes':>6} {'edges':>6} {'page KB':>8} {'python s':>9} {'ready s':>8} "
          f"{'top-30 ≥11px':>13} {'min px':>7} {'filter ms':>10} {'path ms':>8} {'columns s':>10}")
    for n in sizes:
        r = measure(n, shots / f"graph-{n}.png" if shots else None)
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['page_kb']:>8.0f} {r['render_s']:>9.2f} "
              f"{r['ready_s']:>8.2f} {r['labels_ok']:>13} {r['labels_min_px']:>7.1f} "
              f"{r['filter_ms']:>10.0f} {r['path_ms']:>8.0f} {r['columns_s']:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

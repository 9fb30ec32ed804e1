"""graph.html of a corpus, written one document at a time.

``page.render_graph`` builds the whole network in memory (pyvis) and dumps it; here each
document's vis nodes and edges, and its share of the layout, are made on their own (in
the worker that analysed it, see ``fragment``) and the page is streamed: the same bytes,
since the payload's lists are sorted by node id (documents grouped by id prefix, as in
graph.json), edge ids count on from the documents before, and the layout needs only
each document's tile sizes and a few documents' pieces (``corpus_layout``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from policykg.export.html import corpus_layout, layout, page

_SLOT = "@@policykg-list@@"


def fragment(g: nx.MultiDiGraph) -> dict[str, Any]:
    """One document's share of the page: vis nodes (without positions), edges and partOf
    edges (without their ids), and its layout (``corpus_layout.document_layout``)."""
    degree = dict(g.degree())
    for n, parent in page.part_of_pairs(g):  # as page.build_network counts them
        degree[n] += 1
        degree[parent] += 1
    size = {n: page.node_size(g.nodes[n], degree[n]) for n in g.nodes}
    nodes = []
    for nid in sorted(g.nodes):
        options = page.node_options(nid, g.nodes[nid], degree[nid])
        label, shape = options.pop("label"), options.pop("shape")
        nodes.append({**options, "id": nid, "label": label or nid, "shape": shape})
    edges = [{**page.edge_options("", key, a, g.nodes[u], g.nodes[v]), "from": u, "to": v}
             for u, v, key, a in page.sorted_edges(g)]
    part_of = [{**page.part_of_options(""), "from": p, "to": c} for p, c in page.part_of_pairs(g)]
    return {"nodes": nodes, "edges": edges, "partOf": part_of,
            "layout": corpus_layout.document_layout(g, degree, size)}


def to_json(obj: Any) -> str:
    """One value as the page embeds it (compact, sorted keys, script-safe)."""
    return page.script_json(obj)


def payload_frame(title: str, documents: list[dict[str, Any]], type_counts: dict[str, int],
                  n_nodes: int, n_edges: int, n_part_of: int,
                  tiles: dict[str, list[dict[str, object]]]) -> list[str]:
    """The page's data cut where its edges and its nodes go: [head, middle, tail]."""
    options = page.vis_options(n_nodes, n_edges)
    payload = {
        "version": page.PAGE_FORMAT_VERSION,
        "title": title,
        "types": [{"name": t.name, "zh": t.zh, "color": t.color, "border": t.border,
                   "shape": t.shape, "count": type_counts.get(t.name, 0)}
                  for t in (*page.TYPE_STYLES, page.OTHER_TYPE)
                  if t is not page.OTHER_TYPE or type_counts.get(t.name, 0)],
        "relations": [{"name": r.name, "zh": r.zh, "color": r.color, "dashes": r.dashes,
                       "description": r.description} for r in page.RELATION_STYLES],
        "cueNotation": [list(row) for row in page.CUE_NOTATION],
        "documents": documents,
        "nodes": [_SLOT],
        "edges": [_SLOT],
        "options": json.loads(json.dumps(options)),
        "tiles": tiles,
        "tileGap": layout.TILE_GAP,
        "counts": {"nodes": n_nodes, "edges": n_edges, "partOf": n_part_of},
    }
    return to_json(payload).split(f'"{_SLOT}"')


def page_shell(title: str) -> tuple[str, str]:
    """The page before and after its data: the template with every other slot filled."""
    app_js = page.asset("graph.js")
    vis_js = page.vis_javascript()
    mark = "\x00policykg-data\x00"
    before, after = page.fill_template(page.asset("graph.html"), {
        "CSP": page.content_security_policy([vis_js, app_js]),
        "CSS": page.asset("graph.css"),
        "TITLE": page.escape_text(title),
        "DATA": mark,
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }).split(mark)
    return before, after


def type_counts(node_counts: dict[str, int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, n in node_counts.items():
        style = page.type_style(name).name
        counts[style] = counts.get(style, 0) + n
    return counts


def numbered(edges: list[dict[str, Any]], prefix: str, start: int) -> Iterator[dict[str, Any]]:
    for i, e in enumerate(edges, start):
        yield {**e, "id": f"{prefix}{i}"}

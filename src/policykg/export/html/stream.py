"""graph.html of a corpus, written one document at a time.

``page.render_graph`` builds the whole network in memory (pyvis) and dumps it; here each
document's vis nodes and edges are made on its own (in the worker that analysed it, see
``fragment``) and the page is streamed: the same bytes, since the payload's lists are
sorted by node id (documents grouped by id prefix, as in graph.json), edge ids count
on from the documents before, and the seed layout needs only each document's tile size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from policykg.export.html import page

_SLOT = "@@policykg-list@@"


def fragment(g: nx.MultiDiGraph) -> dict[str, Any]:
    """One document's share of the page: vis nodes (without their seed position), edges
    and partOf edges (without their ids), and the document's tile for the seed layout."""
    degree = dict(g.degree())
    nodes = []
    for nid in sorted(g.nodes):
        options = page.node_options(nid, g.nodes[nid], degree[nid])
        label, shape = options.pop("label"), options.pop("shape")
        nodes.append({**options, "id": nid, "label": label or nid, "shape": shape})
    edges = [{**page.edge_options("", key, a, g.nodes[u], g.nodes[v]), "from": u, "to": v}
             for u, v, key, a in page.sorted_edges(g)]
    part_of = [{**page.part_of_options(""), "from": p, "to": c} for p, c in page.part_of_pairs(g)]
    order = page.reading_order(g)
    local, w, h = page.doc_tile(g, order)
    return {"nodes": nodes, "edges": edges, "partOf": part_of,
            "tile": {"local": local, "w": w, "h": h,
                     "mx": max((x for x, _ in local.values()), default=None),
                     "my": max((y for _, y in local.values()), default=None)}}


def tile_offsets(tiles: list[tuple[float, float, float | None, float | None]]
                 ) -> tuple[list[tuple[float, float]], float, float]:
    """``page.pack_tiles`` on tile sizes (w, h, largest local x, largest local y) only:
    each tile's offset, and the centre every position is shifted by."""
    area = sum((w + page.TILE_GAP) * (h + page.TILE_GAP) for w, h, _, _ in tiles)
    limit = page.math.sqrt(area) * 1.3
    offsets = []
    x = y = shelf = 0.0
    max_x = max_y = None
    for w, h, mx, my in tiles:
        if x and x + w > limit:
            x, y, shelf = 0.0, y + shelf + page.TILE_GAP, 0.0
        offsets.append((x, y))
        if mx is not None:
            max_x = x + mx if max_x is None else max(max_x, x + mx)
            max_y = y + my if max_y is None else max(max_y, y + my)
        x, shelf = x + w + page.TILE_GAP, max(shelf, h)
    return offsets, (max_x or 0) / 2, (max_y or 0) / 2


def to_json(obj: Any) -> str:
    """One value as the page embeds it (compact, sorted keys, script-safe)."""
    return page.script_json(obj)


def payload_frame(title: str, documents: list[dict[str, Any]], type_counts: dict[str, int],
                  n_nodes: int, n_edges: int, n_part_of: int) -> list[str]:
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
        "documents": documents,
        "nodes": [_SLOT],
        "edges": [_SLOT],
        "options": json.loads(json.dumps(options)),
        "layouts": {"hierarchical": page.hierarchical_options(n_nodes)},
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


def positioned(nodes: list[dict[str, Any]], local: dict[str, tuple[float, float]],
               offset: tuple[float, float], centre: tuple[float, float]) -> Iterator[dict[str, Any]]:
    ox, oy = offset
    cx, cy = centre
    for n in nodes:
        px, py = local[n["id"]]
        yield {**n, "x": round(ox + px - cx, 1), "y": round(oy + py - cy, 1)}


def numbered(edges: list[dict[str, Any]], prefix: str, start: int) -> Iterator[dict[str, Any]]:
    for i, e in enumerate(edges, start):
        yield {**e, "id": f"{prefix}{i}"}

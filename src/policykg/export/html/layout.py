"""Where graph.html draws each node, computed once at build time (so the page needs no
physics and is usable as soon as it loads).

Both layouts group the graph by document: each document is a tile, and the tiles are
shelf-packed into a block about as wide as it is high.

- ``force``: inside a tile, each connected piece (items joined by links or nesting) is
  laid out by igraph's Fruchterman–Reingold, started from the columns below (so it is
  deterministic: no random start), then the pieces are packed largest first.
- ``columns``: inside a tile, problems | causes | countermeasures | mechanisms and
  institutions, each column in an order that follows the links (a cause sits level with
  the problems it explains), so the arrows run left to right with few crossings.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

COLUMN_GAP, ROW_GAP = 300, 56  # canvas units; a 14-unit label of 14 characters is ~200 wide
TILE_GAP = 160
LABEL_CHARS, LABEL_UNITS, LABEL_ROOM = 14, 14, 2.5
NEAREST = 70.0  # least typical distance from a node to its nearest neighbour (force)
FR_ITERATIONS = 300
RANDOM_SEED = 20240521
COLUMNS = {"Problem": 0, "Cause": 1, "Countermeasure": 2}  # everything else: column 3

Point = tuple[float, float]


@dataclass(frozen=True)
class Tile:
    doc: str
    pos: dict[str, Point]  # local positions, top-left at (0, 0)
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    pos: dict[str, dict[str, float]]  # node → {"x", "y"}, centred on the origin
    tiles: list[dict[str, object]]  # {"doc", "x", "y", "w", "h"}: each document's box


def by_document(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    a = g.nodes
    docs: dict[str, list[str]] = defaultdict(list)
    for n in sorted(g.nodes, key=lambda n: (str(a[n].get("doc") or ""), a[n].get("report") or 0,
                                            a[n].get("start") or 0, n)):
        docs[str(a[n].get("doc") or "")].append(n)
    return dict(sorted(docs.items()))


def links(g: nx.MultiDiGraph, nodes: list[str]) -> list[tuple[str, str]]:
    """Undirected pairs that hold items together: relations and nesting, sorted."""
    inside = set(nodes)
    pairs = {tuple(sorted((u, v))) for u, v in g.subgraph(nodes).edges() if u != v}
    pairs |= {tuple(sorted((g.nodes[n]["parent"], n))) for n in nodes
              if g.nodes[n].get("parent") in inside and g.nodes[n]["parent"] != n}
    return sorted(pairs)


# -- columns ---------------------------------------------------------------------------

def column_of(g: nx.MultiDiGraph, n: str) -> int:
    return COLUMNS.get(str(g.nodes[n].get("type")), 3)


def column_tile(g: nx.MultiDiGraph, doc: str, nodes: list[str]) -> Tile:
    """Columns in an order that follows the links: each column after the first is sorted
    by the mean row of its neighbours already placed (a barycentre pass), reading order
    breaking ties; nested items and named mechanisms follow their parent."""
    cols: list[list[str]] = [[], [], [], []]
    for n in nodes:
        cols[column_of(g, n)].append(n)
    row: dict[str, float] = {n: float(i) for i, n in enumerate(cols[0])}
    near = defaultdict(list)
    for u, v in links(g, nodes):
        near[u].append(v)
        near[v].append(u)
    for c in cols[1:]:
        order = {n: i for i, n in enumerate(c)}
        def centre(n: str, order: dict[str, int] = order) -> tuple[float, int]:
            placed = [row[m] for m in near[n] if m in row]
            return (sum(placed) / len(placed) if placed else order[n] + 0.5, order[n])
        c.sort(key=centre)
        row.update({n: float(i) for i, n in enumerate(c)})
    pos = {n: (k * COLUMN_GAP, i * ROW_GAP) for k, c in enumerate(cols) for i, n in enumerate(c)}
    used = [k for k, c in enumerate(cols) if c]
    width = (max(used) * COLUMN_GAP if used else 0.0)
    height = max((len(c) for c in cols), default=1) * ROW_GAP
    return Tile(doc, pos, width, height)


# -- force -----------------------------------------------------------------------------

def components(nodes: list[str], pairs: list[tuple[str, str]]) -> list[list[str]]:
    h = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from(pairs)
    order = {n: i for i, n in enumerate(nodes)}
    comps = [sorted(c, key=order.__getitem__) for c in nx.connected_components(h)]
    return sorted(comps, key=lambda c: (-len(c), order[c[0]]))


def force_piece(nodes: list[str], pairs: list[tuple[str, str]], start: dict[str, Point],
                room: float) -> Tile:
    """Fruchterman–Reingold (igraph) of one connected piece, from the columns start,
    scaled so that a node's nearest neighbour is typically NEAREST away and the piece
    has at least ``room`` (canvas units squared) for its labels, however the algorithm
    spread it."""
    if len(nodes) == 1:
        return Tile("", {nodes[0]: (0.0, 0.0)}, 0.0, 0.0)
    import igraph

    igraph.set_random_number_generator(random.Random(RANDOM_SEED))  # used on ties only
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in pairs])
    seed = [[start[n][0] / COLUMN_GAP, start[n][1] / ROW_GAP] for n in nodes]
    coords = [tuple(p) for p in ig.layout_fruchterman_reingold(
        seed=seed, niter=FR_ITERATIONS, grid="nogrid")]
    x0, y0 = min(p[0] for p in coords), min(p[1] for p in coords)
    x1, y1 = max(p[0] for p in coords), max(p[1] for p in coords)
    area = max(x1 - x0, y1 - y0, 1e-3) ** 2  # of its square: a flat piece is no smaller
    scale = max(NEAREST / max(median_nearest(coords), 1e-9), math.sqrt(room / area))
    pos = {n: (round((x - x0) * scale, 1), round((y - y0) * scale, 1))
           for n, (x, y) in zip(nodes, coords, strict=True)}
    return Tile("", pos, max(p[0] for p in pos.values()), max(p[1] for p in pos.values()))


def median_nearest(points: list[tuple[float, float]], sample: int = 300) -> float:
    """Median distance from a point to its nearest neighbour (over at most ``sample``
    evenly spaced points, so a piece of thousands costs little)."""
    step = max(1, len(points) // sample)
    dists = sorted(min(math.dist(p, q) for j, q in enumerate(points) if j != i)
                   for i, p in enumerate(points) if i % step == 0)
    return dists[len(dists) // 2]


def label_room(g: nx.MultiDiGraph, n: str) -> float:
    """Canvas area a node's label needs, with room around it: labels are drawn at most
    LABEL_CHARS characters, LABEL_UNITS high."""
    chars = min(len(str(g.nodes[n].get("label") or n)), LABEL_CHARS)
    # The most connected are labelled first, and largest: they need the most room.
    return LABEL_ROOM * (1 + g.degree(n) ** 2 / 4) * (chars * LABEL_UNITS + 10) * LABEL_UNITS * 1.7


def force_tile(g: nx.MultiDiGraph, doc: str, nodes: list[str], start: Tile) -> Tile:
    pairs = links(g, nodes)
    pieces = []
    for comp in components(nodes, pairs):
        inside = set(comp)
        pieces.append(force_piece(comp, [p for p in pairs if p[0] in inside], start.pos,
                                  sum(label_room(g, n) for n in comp)))
    packed, _ = pack(pieces, gap=TILE_GAP / 2)
    return Tile(doc, packed.pos, packed.width, packed.height)


# -- packing ---------------------------------------------------------------------------

Box = tuple[str, float, float, float, float]  # doc, x, y, width, height


def pack(tiles: list[Tile], gap: float = TILE_GAP, aspect: float = 1.2) -> tuple[Tile, list[Box]]:
    """Shelf packing, left to right, a new shelf once a row is wider than the block
    should be (the square root of the total area, times ``aspect``)."""
    area = sum((t.width + gap) * (t.height + gap) for t in tiles)
    limit = max(math.sqrt(area) * aspect, max((t.width for t in tiles), default=0.0))
    pos: dict[str, Point] = {}
    boxes: list[Box] = []
    x = y = shelf = right = 0.0
    for t in tiles:
        if x and x + t.width > limit:
            x, y, shelf = 0.0, y + shelf + gap, 0.0
        pos.update({n: (x + px, y + py) for n, (px, py) in t.pos.items()})
        boxes.append((t.doc, x, y, t.width, t.height))
        right = max(right, x + t.width)
        x, shelf = x + t.width + gap, max(shelf, t.height)
    return Tile("", pos, right, y + shelf), boxes


def finish(packed: tuple[Tile, list[Box]]) -> Layout:
    tile, boxes = packed
    cx, cy = tile.width / 2, tile.height / 2
    pos = {n: {"x": round(x - cx, 1), "y": round(y - cy, 1)} for n, (x, y) in tile.pos.items()}
    tiles = [{"doc": doc, "x": round(x - cx, 1), "y": round(y - cy, 1), "w": round(w, 1),
              "h": round(h, 1)} for doc, x, y, w, h in boxes]
    return Layout(pos, tiles)


def layouts(g: nx.MultiDiGraph) -> dict[str, Layout]:
    """Both layouts of ``g``: ``force`` and ``columns``."""
    docs = by_document(g)
    columns = [column_tile(g, d, nodes) for d, nodes in docs.items()]
    force = [force_tile(g, d, docs[d], c) for d, c in zip(docs, columns, strict=True)]
    return {"force": finish(pack(force)), "columns": finish(pack(columns))}

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
from functools import lru_cache
from itertools import repeat
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (annotations only: a build's main process does not load networkx)
    import networkx as nx

COLUMN_GAP, ROW_GAP = 300, 56  # canvas units; a 14-unit label of 14 characters is ~200 wide
TILE_GAP = 240  # room between documents for the name of each
GROW_STEPS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
PUSH_ROUNDS = 120
NEAREST = 70.0  # least typical distance from a node to its nearest neighbour (force)
# What graph.js does at the opening zoom: the TOP most connected nodes get labels
# LABEL_PX high on screen, at most LABEL_CHARS characters; the canvas of a 1400×900
# window, less the side columns and a margin, is about VIEW.
TOP, LABEL_PX, LABEL_CHARS = 40, 12.5, 14
VIEW = (680.0, 720.0)
FR_ITERATIONS = 300
# igraph's Fruchterman–Reingold costs more than linear in a piece's size (a round of a
# 12,000-node piece: 0.28 s; of 3,000: 0.01 s); a larger piece keeps its columns start,
# so a long report's page costs in proportion to it (such a piece is a thicket either way)
FORCE_MAX_NODES = 2000
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
    a = g._node  # (the graph's own dict: g.nodes[n] is a Python call each)
    docs: dict[str, list[str]] = defaultdict(list)
    for n in sorted(g.nodes, key=lambda n: (str(a[n].get("doc") or ""), a[n].get("report") or 0,
                                            a[n].get("start") or 0, n)):
        docs[str(a[n].get("doc") or "")].append(n)
    return dict(sorted(docs.items()))


def links(g: nx.MultiDiGraph, nodes: list[str]) -> list[tuple[str, str]]:
    """Undirected pairs that hold items together: relations and nesting, sorted."""
    inside = set(nodes)
    # the graph's own dicts: g.edges(nodes) and g.nodes[n] are Python calls each
    succ, a = g._succ, g._node
    pairs = {(u, v) if u < v else (v, u) for u in nodes for v in succ[u]
             if u != v and v in inside}
    for n in nodes:
        parent = a[n].get("parent")
        if parent in inside and parent != n:
            pairs.add((parent, n) if parent < n else (n, parent))
    return sorted(pairs)


# -- columns ---------------------------------------------------------------------------

def column_tile(g: nx.MultiDiGraph, doc: str, nodes: list[str],
                pairs: list[tuple[str, str]] | None = None) -> Tile:
    """Columns in an order that follows the links: each column after the first is sorted
    by the mean row of its neighbours already placed (a barycentre pass), reading order
    breaking ties; nested items and named mechanisms follow their parent."""
    cols: list[list[str]] = [[], [], [], []]
    a = g._node  # (the graph's own dict: g.nodes[n] is a Python call each)
    for n in nodes:
        cols[COLUMNS.get(str(a[n].get("type")), 3)].append(n)
    row: dict[str, float] = {n: float(i) for i, n in enumerate(cols[0])}
    near = defaultdict(list)
    for u, v in links(g, nodes) if pairs is None else pairs:
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
    """The connected pieces, largest first (then by their first node), each in the
    order of ``nodes``: found by union-find, without building a graph for it."""
    order = {n: i for i, n in enumerate(nodes)}
    root = list(range(len(nodes)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for u, v in pairs:  # both ends among nodes
        a, b = find(order[u]), find(order[v])
        if a != b:
            root[max(a, b)] = min(a, b)
    found: dict[int, list[str]] = {}
    for n, i in order.items():  # in the order of nodes: each piece's list comes sorted
        found.setdefault(find(i), []).append(n)
    return sorted(found.values(), key=lambda c: (-len(c), order[c[0]]))


@dataclass(frozen=True)
class Piece:
    """A connected piece laid out at unit scale: node → (x, y), and the nodes the page
    labels first (the most connected), in the page's order."""
    pos: dict[str, Point]
    labelled: list[str]
    nearest: float  # scale at which the typical nearest neighbour is NEAREST away


def force_piece(nodes: list[str], pairs: list[tuple[str, str]], start: dict[str, Point],
                labelled: list[str]) -> Piece:
    """Fruchterman–Reingold (igraph) of one connected piece, from the columns start."""
    if len(nodes) == 1:
        return Piece({nodes[0]: (0.0, 0.0)}, labelled, 1.0)
    seed = [[start[n][0] / COLUMN_GAP, start[n][1] / ROW_GAP] for n in nodes]
    if len(nodes) > FORCE_MAX_NODES:
        coords = [tuple(p) for p in seed]
        return Piece(dict(zip(nodes, coords, strict=True)), labelled,
                     NEAREST / max(median_nearest(coords), 1e-9))
    if len(nodes) > MEMO_NODES:
        coords, nearest = _laid_out(nodes, pairs, seed)
    else:  # (the pieces' shape by position in the piece: names play no part in it)
        index = {n: i for i, n in enumerate(nodes)}
        coords, nearest = _small_piece(tuple([(index[u], index[v]) for u, v in pairs]),
                                       tuple([(x, y) for x, y in seed]))
    return Piece(dict(zip(nodes, coords, strict=True)), labelled, nearest)


def _laid_out(nodes: list[str], pairs: list[tuple[str, str]], seed: list[list[float]]
              ) -> tuple[list[tuple[float, float]], float]:
    """A piece's positions at unit scale and its nearest-neighbour scale."""
    coords = _fruchterman_reingold(nodes, pairs, seed)
    return coords, NEAREST / max(median_nearest(coords), 1e-9)


# Small pieces recur: most of a document's are two to five items, started from a few
# rows of its columns, and the layout of one is a function of its links and start alone
# (the same draws every time). Each is laid out once a process: a small piece's layout
# is a few hundred calls from igraph into Python a node a round.
MEMO_NODES = 8


@lru_cache(maxsize=1 << 12)
def _small_piece(pairs: tuple[tuple[int, int], ...], seed: tuple[tuple[float, float], ...]
                 ) -> tuple[list[tuple[float, float]], float]:
    """``_laid_out`` of a piece of at most MEMO_NODES nodes, named by position."""
    return _laid_out(list(range(len(seed))), list(pairs), [[x, y] for x, y in seed])


def _fruchterman_reingold(nodes: list[str], pairs: list[tuple[str, str]],
                          seed: list[list[float]]) -> list[tuple[float, float]]:
    import igraph

    index = {n: i for i, n in enumerate(nodes)}
    # igraph's C graph: its Python subclass tries to import NumPy on every graph it makes
    ig = igraph.GraphBase(len(nodes), [(index[u], index[v]) for u, v in pairs], False)
    # Fewer rounds on a big piece (each costs more, and it starts from ordered columns).
    rounds = max(30, min(FR_ITERATIONS, 60_000 // len(nodes)))
    try:
        return [tuple(p) for p in _seeded_layout(ig, seed, rounds, 2 * len(nodes) * rounds)]
    finally:
        igraph.set_random_number_generator(random)  # igraph's default, for any other use


def _seeded_layout(ig: Any, seed: list[list[float]], rounds: int, jitters: int) -> Any:
    """igraph's Fruchterman–Reingold of ``ig`` drawing from a new
    ``random.Random(RANDOM_SEED)``: it draws two numbers a node a round (``jitters`` in
    all) and two more on a tie (two nodes on one spot). Those numbers are popped from a
    list (``_first_draws``), with some to spare; should ties ever draw them all, igraph
    went on with numbers of its own, and the piece is laid out again from a Random."""
    import igraph

    count = jitters + 64 + jitters // 8
    if count <= _REPLAY_MAX:
        draws = _first_draws(count)
        igraph.set_random_number_generator(SimpleNamespace(random=draws.pop, **_UNUSED))
        coords = ig.layout_fruchterman_reingold(seed=seed, niter=rounds, grid="auto")
        if draws:
            return coords
    igraph.set_random_number_generator(random.Random(RANDOM_SEED))
    return ig.layout_fruchterman_reingold(seed=seed, niter=rounds, grid="auto")


# igraph's Fruchterman–Reingold draws only through random() (igraph_rng_get_unif01), and
# a seeded Random called from C through Python a few hundred times a node costs a third
# of a small piece's layout: the numbers are drawn once a process and popped from a list
# (the same numbers, so the same layout). igraph asks for the other methods too.
_REPLAY_MAX = 1 << 15  # numbers kept: enough for a piece of 48 nodes; a larger piece
_DRAWN: list[float] = []  # costs more than linear in its size, its draws less
_SOURCE = random.Random(RANDOM_SEED)  # what _DRAWN holds the first numbers of
_UNUSED = {name: getattr(random.Random(RANDOM_SEED), name) for name in
           ("getrandbits", "randint", "gauss")}


def _first_draws(count: int) -> list[float]:
    """The first ``count`` numbers ``random.Random(RANDOM_SEED).random()`` gives, the
    first last (to be popped). More are drawn as larger pieces come (each draw once)."""
    if len(_DRAWN) < count:
        more = min(max(count, 2 * len(_DRAWN)), _REPLAY_MAX) - len(_DRAWN)
        _DRAWN.extend([_SOURCE.random() for _ in range(more)])
    return _DRAWN[count - 1::-1]


def median_nearest(points: list[tuple[float, float]], sample: int = 300) -> float:
    """Median distance from a point to its nearest neighbour (over at most ``sample``
    evenly spaced points, so a piece of thousands costs little)."""
    step = max(1, len(points) // sample)
    dists = sorted(min(map(math.dist, repeat(p), points[:i] + points[i + 1:]))
                   for i, p in enumerate(points) if i % step == 0)
    return dists[len(dists) // 2]


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def label_box(p: Point, chars: int, unit: float, radius: float) -> Box:
    """Where the page draws a first label (``unit`` high, with a little to spare): under
    the node, centred."""
    w, h = (chars + 0.8) * unit, 1.8 * unit
    return (p[0] - w / 2, p[1] + radius, p[0] + w / 2, p[1] + radius + h)


def spread(piece: Piece, chars: dict[str, int], unit: float, size: dict[str, float]) -> Tile:
    """The piece at its nearest-neighbour scale, its first-labelled nodes then pushed
    apart until their labels, ``unit`` high, no longer overlap (each overlapping pair
    moves apart, half each); the tile includes the labels."""
    first = piece.labelled if unit else []
    if not first:  # nothing to make room for (grow gives 1.0)
        return _placed({n: (x * piece.nearest, y * piece.nearest)
                        for n, (x, y) in piece.pos.items()}, [])
    scale = piece.nearest * grow(piece, first, chars, unit, size)
    pos = {n: (x * scale, y * scale) for n, (x, y) in piece.pos.items()}
    half = [(chars[n] + 0.8) * unit / 2 for n in first]  # label box: half its width,
    tops = [size[n] for n in first]  # its top below the node's centre,
    high = 1.8 * unit  # its height
    for _ in range(PUSH_ROUNDS):
        moved = False
        for i, a in enumerate(first):
            for j in range(i + 1, len(first)):
                b = first[j]
                (xa, ya), (xb, yb) = pos[a], pos[b]
                ox = half[i] + half[j] - abs(xa - xb)
                oy = high - abs(ya + tops[i] - yb - tops[j])
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                axis, gap = (0, ox) if ox < oy else (1, oy)
                sign = -1.0 if (pos[a][axis], a) <= (pos[b][axis], b) else 1.0
                pos[a] = shifted(pos[a], axis, sign * (gap / 2 + 1))
                pos[b] = shifted(pos[b], axis, -sign * (gap / 2 + 1))
        if not moved:
            break
    return _placed(pos, [label_box(pos[n], chars[n], unit, size[n]) for n in first])


def _placed(pos: dict[str, Point], boxes: list[tuple[float, float, float, float]]) -> Tile:
    """A tile of the nodes at ``pos`` and the label ``boxes``, its top-left at (0, 0)."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    x0 = min(xs + [b[0] for b in boxes])
    y0 = min(ys + [b[1] for b in boxes])
    x1 = max(xs + [b[2] for b in boxes])
    y1 = max(ys + [b[3] for b in boxes])
    return Tile("", {n: (round(x - x0, 1), round(y - y0, 1)) for n, (x, y) in pos.items()},
                x1 - x0, y1 - y0)


def grow(piece: Piece, first: list[str], chars: dict[str, int], unit: float,
         size: dict[str, float]) -> float:
    """How much to enlarge the piece, up to MAX_GROW, so that its first labels overlap
    as little as enlarging can make them (the rest is pushed apart): the picture keeps
    its shape where it can."""
    def overlaps(f: float) -> int:
        at = {n: (piece.pos[n][0] * piece.nearest * f, piece.pos[n][1] * piece.nearest * f)
              for n in first}
        boxes = [label_box(at[n], chars[n], unit, size[n]) for n in first]
        return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]))
    for f in GROW_STEPS:
        if overlaps(f) == 0:
            return f
    return GROW_STEPS[-1]


def shifted(p: Point, axis: int, d: float) -> Point:
    return (p[0] + d, p[1]) if axis == 0 else (p[0], p[1] + d)


def force_pieces(g: nx.MultiDiGraph, nodes: list[str], start: Tile,
                 rank: dict[str, int], pairs: list[tuple[str, str]] | None = None
                 ) -> list[Piece]:
    pairs = links(g, nodes) if pairs is None else pairs
    comps = components(nodes, pairs)
    comp_of = {n: i for i, comp in enumerate(comps) for n in comp}
    inner: list[list] = [[] for _ in comps]  # each component's pairs, in order (one pass:
    for p in pairs:                          # a long document has thousands of components)
        if p[0] in comp_of:
            inner[comp_of[p[0]]].append(p)
    pieces = []
    for comp, comp_pairs in zip(comps, inner, strict=True):
        first = sorted((n for n in comp if n in rank), key=rank.__getitem__)
        pieces.append(force_piece(comp, comp_pairs, start.pos, first))
    return pieces


def force_layout(g: nx.MultiDiGraph, docs: dict[str, list[str]], columns: list[Tile],
                 degree: dict[str, int], size: dict[str, float]
                 ) -> tuple[Tile, list[tuple[str, float, float, float, float]]]:
    """Pieces spread so that, at the zoom that fits the whole graph in a VIEW-sized
    canvas, the TOP most connected nodes' labels (LABEL_PX high on screen) do not overlap.
    That zoom depends on the spreading: a few rounds find it."""
    order = sorted(degree, key=lambda n: (-degree[n], n))
    rank = {n: i for i, n in enumerate(order[:TOP])}
    chars = {n: min(len(str(g.nodes[n].get("label") or n)), LABEL_CHARS) for n in rank}
    pieces = {d: force_pieces(g, docs[d], c, rank) for d, c in zip(docs, columns, strict=True)}
    zoom = None
    plain = {id(p): spread(p, chars, 0.0, size) for ps in pieces.values() for p in ps
             if not p.labelled}  # no label to make room for: the same every round
    for _ in range(8):
        unit = LABEL_PX * 1.08 / zoom if zoom else 0.0  # with some to spare: the rounds stop short
        tiles = []
        for d, ps in pieces.items():
            inner, _ = pack([plain.get(id(p)) or spread(p, chars, unit, size) for p in ps],
                            gap=TILE_GAP / 2)
            tiles.append(Tile(d, inner.pos, inner.width, inner.height))
        packed = pack(tiles)
        fit = min(VIEW[0] / max(packed[0].width, 1.0), VIEW[1] / max(packed[0].height, 1.0))
        if zoom and abs(fit - zoom) < 0.03 * zoom:
            break
        zoom = fit if zoom is None else math.sqrt(zoom * fit)
    return packed


# -- packing ---------------------------------------------------------------------------

Box = tuple[str, float, float, float, float]  # doc, x, y, width, height


def pack(tiles: list[Tile], gap: float = TILE_GAP, aspect: float = 1.2) -> tuple[Tile, list[Box]]:
    """Shelf packing, left to right, a new shelf once a row is wider than the block
    should be (the square root of the total area, times ``aspect``)."""
    corners, width, height = shelves([(t.width, t.height) for t in tiles], gap, aspect)
    pos: dict[str, Point] = {}
    boxes: list[Box] = []
    for t, (x, y) in zip(tiles, corners, strict=True):
        pos.update({n: (x + px, y + py) for n, (px, py) in t.pos.items()})
        boxes.append((t.doc, x, y, t.width, t.height))
    return Tile("", pos, width, height), boxes


def shelves(sizes: list[tuple[float, float]], gap: float = TILE_GAP, aspect: float = 1.2
            ) -> tuple[list[Point], float, float]:
    """``pack`` on the tiles' sizes only: each tile's top-left corner, the block's width
    and height (what a corpus written one document at a time needs, corpus_layout.py)."""
    area = sum([(w + gap) * (h + gap) for w, h in sizes])
    limit = max(math.sqrt(area) * aspect, max([w for w, _ in sizes], default=0.0))
    corners: list[Point] = []
    x = y = shelf = right = 0.0
    # comparisons, not max(): a corpus's page packs its thousands of tiles a few times
    # (corpus_layout.force_tiles), and the calls were most of the time
    for w, h in sizes:
        if x and x + w > limit:
            x, y, shelf = 0.0, y + shelf + gap, 0.0
        corners.append((x, y))
        end = x + w
        if end > right:
            right = end
        if h > shelf:
            shelf = h
        x = end + gap
    return corners, right, y + shelf


def finish(packed: tuple[Tile, list[Box]]) -> Layout:
    tile, boxes = packed
    cx, cy = tile.width / 2, tile.height / 2
    pos = {n: {"x": round(x - cx, 1), "y": round(y - cy, 1)} for n, (x, y) in tile.pos.items()}
    tiles = [{"doc": doc, "x": round(x - cx, 1), "y": round(y - cy, 1), "w": round(w, 1),
              "h": round(h, 1)} for doc, x, y, w, h in boxes]
    return Layout(pos, tiles)


def layouts(g: nx.MultiDiGraph, degree: dict[str, int], size: dict[str, float]
            ) -> dict[str, Layout]:
    """Both layouts of ``g``: ``force`` and ``columns``. ``degree``: how connected each
    node is, as the page ranks them for labels; ``size``: the radius it is drawn with."""
    docs = by_document(g)
    columns = [column_tile(g, d, nodes) for d, nodes in docs.items()]
    return {"force": finish(force_layout(g, docs, columns, degree, size)),
            "columns": finish(pack(columns))}

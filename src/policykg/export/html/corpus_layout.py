"""graph.html's layout (``layout.layouts``) computed for a corpus one document at a time.

Everything in ``layout`` but the last step depends on one document only: its column
tile, its connected pieces laid out by Fruchterman–Reingold, and those pieces spread
without labels and packed into the document's tile. That is done in the worker that
analysed the document (``document_layout``). What needs the whole corpus is small:

- the tiles' corners in the shelf packing, from the tiles' sizes only (``layout.shelves``);
- the labels made room for: the TOP most connected nodes of the corpus, found among each
  document's own TOP (``Candidate``), and the zoom that fits the whole graph. Only the
  documents holding one of them are spread again, round by round, as ``force_layout``
  does (``force_tiles``), from their pieces read back from disk.

The positions are the same numbers ``layout.layouts`` gives for the whole graph, so the
page is the same bytes (tests/corpus).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from policykg.export.html import layout
from policykg.export.html.layout import Piece, Point

if TYPE_CHECKING:  # (annotations only: a build's main process does not load networkx)
    import networkx as nx

# (node, degree, label characters, drawn radius): a node that may be labelled first;
# the build adds its document's id when it takes the candidates in (``best``)
Candidate = tuple[str, int, int, float]
Ranked = tuple[str, int, int, float, str]
Stored = list[tuple[dict[str, Point], float]]  # a document's pieces: FR positions, nearest


def document_layout(g: nx.MultiDiGraph, degree: dict[str, int], size: dict[str, float]
                    ) -> dict[str, Any] | None:
    """The layout of ``g``, one document's graph: its column tile, its pieces, its
    force tile spread without labels, and its TOP candidates. None without nodes."""
    docs = layout.by_document(g)
    if not docs:
        return None
    (doc, nodes), = docs.items()
    pairs = layout.links(g, nodes)
    columns = layout.column_tile(g, doc, nodes, pairs)
    pieces = layout.force_pieces(g, nodes, columns, {}, pairs)
    inner, _ = layout.pack([layout.spread(p, {}, 0.0, size) for p in pieces],
                           gap=layout.TILE_GAP / 2)
    order = sorted(degree, key=lambda n: (-degree[n], n))[:layout.TOP]
    top = [(n, degree[n], _chars(g, n), size[n]) for n in order]
    return {"columns": (columns.pos, columns.width, columns.height),
            "force": (inner.pos, inner.width, inner.height),
            "pieces": [(p.pos, p.nearest) for p in pieces], "top": top}


def _chars(g: nx.MultiDiGraph, n: str) -> int:
    return min(len(str(g._node[n].get("label") or n)), layout.LABEL_CHARS)


def best(candidates: list[Ranked], more: list[Ranked]) -> list[Ranked]:
    """The TOP most connected of both lists (the page's order: degree, then id)."""
    return sorted(candidates + more, key=_rank)[:layout.TOP]


def may_join(candidates: list[Ranked], first: Ranked) -> bool:
    """Whether ``best(candidates, more)`` can differ from ``candidates`` when ``first`` is
    the best of ``more`` (a document's candidates come in the page's order): not when
    ``candidates`` is full and ``first`` ranks no better than its last (the sort is
    stable, so a tie stays behind it)."""
    return len(candidates) < layout.TOP or _rank(first) < _rank(candidates[-1])


def _rank(c: Ranked) -> tuple[int, str]:
    return -c[1], c[0]


class ForceTiles:
    """The force layout's documents: each one's tile size, its corner, and for the few
    documents spread again, their nodes' positions inside the tile."""

    def __init__(self, sizes: list[tuple[float, float]], corners: list[Point],
                 width: float, height: float, inner: dict[str, dict[str, Point]]) -> None:
        self.sizes, self.corners, self.width, self.height = sizes, corners, width, height
        self.inner = inner  # doc → node → position, where it differs from the stored one


def force_tiles(docs: list[str], sizes: list[tuple[float, float]], top: list[Ranked],
                pieces_of: Callable[[str], Stored]) -> ForceTiles:
    """``layout.force_layout`` over tiles: ``docs`` with their label-free tile ``sizes``,
    the corpus's ``top`` nodes (``best``), and ``pieces_of(doc)`` to read back a
    document that holds one."""
    rank = {c[0]: i for i, c in enumerate(top)}
    chars = {c[0]: c[2] for c in top}
    radius = {c[0]: c[3] for c in top}
    again: dict[str, list[Piece]] = {}
    for doc in sorted({c[4] for c in top}):
        again[doc] = [Piece(pos, sorted((n for n in pos if n in rank), key=rank.__getitem__),
                            nearest) for pos, nearest in pieces_of(doc)]
    zoom = None
    result = None
    for _ in range(8):
        unit = layout.LABEL_PX * 1.08 / zoom if zoom else 0.0
        inner: dict[str, dict[str, Point]] = {}
        round_sizes = list(sizes)
        if unit:
            for i, doc in enumerate(docs):
                if doc in again:
                    spread = [layout.spread(p, chars, unit if p.labelled else 0.0, radius)
                              for p in again[doc]]
                    tile, _ = layout.pack(spread, gap=layout.TILE_GAP / 2)
                    inner[doc] = tile.pos
                    round_sizes[i] = (tile.width, tile.height)
        corners, width, height = layout.shelves(round_sizes)
        result = ForceTiles(round_sizes, corners, width, height, inner)
        fit = min(layout.VIEW[0] / max(width, 1.0), layout.VIEW[1] / max(height, 1.0))
        if zoom and abs(fit - zoom) < 0.03 * zoom:
            break
        zoom = fit if zoom is None else math.sqrt(zoom * fit)
    assert result is not None
    return result


def tile_boxes(docs: list[str], sizes: list[tuple[float, float]], corners: list[Point],
               centre: Point) -> list[dict[str, object]]:
    """The page's ``tiles`` entries, as ``layout.finish`` gives them."""
    cx, cy = centre
    return [{"doc": doc, "x": round(x - cx, 1), "y": round(y - cy, 1), "w": round(w, 1),
             "h": round(h, 1)} for doc, (w, h), (x, y) in zip(docs, sizes, corners, strict=True)]


def tiles_json(docs: list[str], sizes: list[tuple[float, float]], corners: list[Point],
               centre: Point) -> str:
    """``page.compact_json(tile_boxes(...))``, written here: a corpus's page lists two
    tiles a document, and rounding each number, then writing the rounded number, cost
    two decimal conversions where "%.1f" costs one (the same digits, as
    ``stream.positions`` says; an integer size stays an integer, written by "%d")."""
    cx, cy = centre
    entries = []
    for doc, (w, h), (x, y) in zip(docs, sizes, corners, strict=True):
        x, y = x - cx, y - cy
        form = _TILE.get((type(h), type(w))) if type(x) is float and type(y) is float else None
        entries.append(form % (_string(doc), h, w, x, y) if form else
                       _compact_json({"doc": doc, "x": round(x, 1), "y": round(y, 1),
                                      "w": round(w, 1), "h": round(h, 1)}))
    return "[" + ",".join(entries) + "]"


# a tile's entry by the types of its sizes (its place is a float), its keys sorted
_TILE = {(float, float): '{"doc":%s,"h":%.1f,"w":%.1f,"x":%.1f,"y":%.1f}',
         (int, int): '{"doc":%s,"h":%d,"w":%d,"x":%.1f,"y":%.1f}',
         (float, int): '{"doc":%s,"h":%.1f,"w":%d,"x":%.1f,"y":%.1f}',
         (int, float): '{"doc":%s,"h":%d,"w":%.1f,"x":%.1f,"y":%.1f}'}
_string = json.encoder.encode_basestring  # what the page's encoder writes a string with


def _compact_json(obj: Any) -> str:
    from policykg.export.html import page

    return page.compact_json(obj)

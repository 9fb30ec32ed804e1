"""One long document's Turtle blocks made a stretch of reports at a time.

``rdfstream.turtle_blocks`` holds every statement of a graph before it writes one (by
subject, to sort them): for a file of hundreds of reports that is gigabytes. Such a file's
reports are apart in its text, so its graph is cut into pieces of consecutive reports,
each piece's blocks are made and packed before the next, and the pieces' sorted blocks
are merged. A piece holds its reports' items and edges and every named node (mechanism,
institution) at home there (whole), said in its stretch of text (with those mentions only)
or linked to its items, so that each statement of the whole graph is made by at least one
piece and none by a piece alone:

- an item's text lies in its piece's stretch, and the stretches do not overlap (checked),
  so the innermost item holding a mention (``pkg:mentions``) is found in the mention's
  piece, which holds the named node;
- a subject made by several pieces (the document, a section, a named node, a shared span,
  an item a named node was first mentioned in) gets the union of their statements, as the
  whole graph's writer gives it; where that union cannot be read off the text safely (two
  different lines of the same predicate with literals in them) the whole graph is written
  as before.

So the blocks are the same text as ``rdfstream.turtle_blocks(g)``'s (tests/corpus).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import networkx as nx

from policykg.corpus.packed import Chunks

MIN_NODES = 4000  # a graph smaller than this is written whole (every ordinary document)
PIECE_NODES = 4000  # reports are taken together until a piece has this many items
RUN_CHUNK = 256  # blocks a chunk of a piece's run: the merge holds one chunk per piece


class _Whole(Exception):
    """The pieces cannot give the whole graph's blocks: write it whole."""


def turtle_blocks(g: nx.MultiDiGraph, min_nodes: int = MIN_NODES,
                  piece_nodes: int = PIECE_NODES) -> Chunks | list[tuple[str, str]]:
    """``rdfstream.turtle_blocks(g)``, made in pieces (and packed) when ``g`` is large."""
    from policykg.export import rdfstream

    pieces = _pieces(g, piece_nodes) if g.number_of_nodes() >= min_nodes else None
    if pieces is not None:
        runs = [Chunks(rdfstream.turtle_blocks(sub), chunk=RUN_CHUNK) for sub in pieces]
        del pieces
        try:
            return Chunks(_merged(runs))
        except _Whole:
            pass
    return rdfstream.turtle_blocks(g)  # packed by work.render, like every fragment


def _pieces(g: nx.MultiDiGraph, piece_nodes: int) -> Iterator[nx.MultiDiGraph] | None:
    """Subgraphs of consecutive reports (None: the graph cannot be cut)."""
    from policykg.export import vocab as v

    report_of: dict[str, int] = {}
    hull: dict[int, list[int]] = {}  # report -> [first, last] position of its items
    size: dict[int, int] = {}
    named: list[str] = []
    for nid, a in g.nodes(data=True):
        kind = a.get("type")
        if kind in v.ITEM_TYPES:
            r = int(a.get("report") or 0)
            report_of[nid] = r
            lo, hi = a.get("text_start", 0), a.get("text_end", 0)
            if hi <= lo:  # holds no mention (rdf.mention_pairs): placed by its label
                lo, hi = a["start"], a["end"]
            h = hull.setdefault(r, [lo, hi])
            h[0], h[1] = min(h[0], lo), max(h[1], hi)
            size[r] = size.get(r, 0) + 1
        elif kind in v.NODE_CLASSES:
            named.append(nid)
        else:
            return None  # the whole graph's writer says what is wrong with it
    if len(hull) < 2:
        return None
    # pieces: reports in text order, taken together up to piece_nodes items
    order = sorted(hull, key=lambda r: hull[r])
    piece_of: dict[int, int] = {}
    bounds: list[list[int]] = []  # per piece: [first, last] position
    count = piece_nodes
    for r in order:
        if bounds and bounds[-1][1] > hull[r][0]:
            return None  # reports whose items interleave
        if count >= piece_nodes:
            bounds.append(list(hull[r]))
            count = 0
        bounds[-1][1] = hull[r][1]
        piece_of[r] = len(bounds) - 1
        count += size[r]
    if len(bounds) < 2:
        return None
    starts = [b[0] for b in bounds]
    # per piece: its nodes, each with the mentions it keeps there (None: all of them)
    members: list[dict[str, list | None]] = [{} for _ in bounds]
    for nid, r in report_of.items():
        members[piece_of[r]][nid] = None
    home: dict[str, int] = {}
    for nid in named:  # whole at home (its report's piece); elsewhere with what is said there
        a = g.nodes[nid]
        home[nid] = piece_of.get(int(a.get("report") or 0), 0)
        members[home[nid]][nid] = None
        for span in a.get("spans") or ():
            k = bisect.bisect_right(starts, span[0]) - 1
            if k >= 0 and k != home[nid] and span[0] <= bounds[k][1]:
                members[k].setdefault(nid, []).append(span)
    edges: list[list[tuple]] = [[] for _ in bounds]
    for u, w, key, a in g.edges(keys=True, data=True):
        ends = {piece_of[report_of[x]] for x in (u, w) if x in report_of}
        if len(ends) > 1:
            return None  # a link between reports of two pieces
        k = ends.pop() if ends else home.get(u, 0)
        for x in (u, w):
            members[k].setdefault(x, [])
        edges[k].append((u, w, key, a))
    return _subgraphs(g, members, edges)


def _subgraphs(g: nx.MultiDiGraph, members: list[dict[str, list | None]],
               edges: list[list[tuple]]) -> Iterator[nx.MultiDiGraph]:
    """The pieces; a named node away from home keeps only the mentions in the piece's
    stretch: the statements it makes there are some of those it makes at home."""
    where: dict[str, list[int]] = {}
    for k, keep in enumerate(members):
        for n in keep:
            where.setdefault(n, []).append(k)
    nodes: list[list[tuple[str, Any]]] = [[] for _ in members]
    for n, a in g.nodes(data=True):  # each piece's nodes in the graph's order
        for k in where.get(n, ()):
            spans = members[k][n]
            nodes[k].append((n, a if spans is None else {**a, "spans": spans}))
    del where
    for k in range(len(members)):
        sub = nx.MultiDiGraph()
        sub.graph.update(g.graph)
        sub.add_nodes_from(nodes[k])
        sub.add_edges_from(edges[k])
        nodes[k], edges[k] = [], []
        yield sub


def _merged(runs: list[Chunks]) -> Iterator[tuple[str, str]]:
    """The pieces' sorted blocks as one sorted run, a subject made by several pieces once."""
    for subject, same in groupby(heapq.merge(*runs, key=lambda b: b[0]), key=lambda b: b[0]):
        texts = [text for _, text in same]
        yield subject, texts[0] if len(set(texts)) == 1 else union(texts)


def union(texts: list[str]) -> str:
    """One block with every statement of ``texts`` (blocks of one subject), laid out as
    ``rdfstream`` lays out a block: predicates in order (``a`` first), objects sorted."""
    subject, lines = None, {}
    for text in texts:
        s, preds = _parse(text)
        if subject not in (None, s):
            raise _Whole
        subject = s
        for p, objects in preds.items():
            lines.setdefault(p, []).append(objects)
    out = []
    for p in sorted(lines, key=lambda t: (0, "a") if t == "a" else (1, t)):
        found = set(lines[p])
        if len(found) > 1 and any('"' in o for o in found):
            raise _Whole  # literals may hold ", ": not split
        objects = found.pop() if len(found) == 1 else \
            ", ".join(sorted({o for line in lines[p] for o in line.split(", ")}))
        out.append(f"    {p} {objects}")
    return f"\n{subject}\n" + " ;\n".join(out) + " .\n"


def _parse(text: str) -> tuple[str, dict[str, str]]:
    """A block's subject and its objects' text by predicate; checked to lay out again as
    the same text."""
    parts = text.split("\n")
    if len(parts) < 4 or parts[0] or parts[-1]:
        raise _Whole
    preds: dict[str, str] = {}
    body = parts[2:-1]
    for i, line in enumerate(body):
        end = " ." if i == len(body) - 1 else " ;"
        if not line.startswith("    ") or not line.endswith(end):
            raise _Whole
        p, _, objects = line[4:-2].partition(" ")
        if not objects or p in preds:
            raise _Whole
        preds[p] = objects
    if f"\n{parts[1]}\n" + " ;\n".join(f"    {p} {o}" for p, o in preds.items()) + " .\n" != text:
        raise _Whole
    return parts[1], preds

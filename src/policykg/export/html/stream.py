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
import pickle
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import itemgetter
from typing import Any

import networkx as nx

from policykg.export.entries import Joined, filled
from policykg.export.html import corpus_layout, layout, page
from policykg.export.html.layout import Point

_SLOT = "@@policykg-list@@"
_TILES = "\x00tiles\x00"  # where a layout's tiles go; no name nor path holds a NUL


def fragment(g: nx.MultiDiGraph) -> dict[str, Any]:
    """One document's share of the page, as the page's own bytes: its vis nodes, edges
    and partOf edges, each ``(key, template)`` in page order (``template``: the entry's
    JSON with its positions or its id left as %-slots, filled by ``node_text`` and
    ``numbered``), and its layout (``corpus_layout.document_layout``) with the nodes'
    positions in their order and its pieces pickled (read only when it is spread again)."""
    # g.degree() (every edge at both ends, parallel ones each) from the graph's own
    # dicts, as attrs below: its view and g.nodes[n] are Python calls each
    pred, attrs = g._pred, g._node
    degree = {n: sum(map(len, targets.values())) + sum(map(len, pred[n].values()))
              for n, targets in g._succ.items()}
    nesting = page.part_of_pairs(g)
    for n, parent in nesting:  # as page.build_network counts them
        degree[n] += 1
        degree[parent] += 1
    ids = sorted(attrs)
    options = []
    forms = page.search_forms([page.node_words(nid, attrs[nid]) for nid in ids])
    for nid, find in zip(ids, forms, strict=True):
        o = page.node_options(nid, attrs[nid], degree[nid], find)
        o["id"], o["label"] = nid, o["label"] or nid
        options.append(o)
    size = {nid: o["size"] for nid, o in zip(ids, options)}  # page.node_size of each
    nodes = list(zip(ids, templates(options, _NODE_SLOTS, flat=True), strict=True))
    edges = _edges([(u, v, page.edge_options("", key, a, attrs[u], attrs[v]))
                    for u, v, key, a in page.sorted_edges(g)], _EDGE_SLOTS)
    part_of = _edges([(p, c, page.part_of_options("")) for p, c in nesting], _PART_OF_SLOTS)
    laid = corpus_layout.document_layout(g, degree, size)
    if laid is not None:
        for kind in ("columns", "force"):
            pos, width, height = laid[kind]
            laid[kind] = ([pos[n] for n in ids], width, height)
        laid["pieces"] = pickle.dumps(laid["pieces"], protocol=pickle.HIGHEST_PROTOCOL)
    return {"nodes": nodes, "edges": edges, "partOf": part_of, "layout": laid}


def _edges(found: list[tuple[str, str, dict[str, Any]]], slots: Any) -> list[tuple[Any, bytes]]:
    """Edges ``(from, to, options)`` as ``(key, template)`` entries."""
    entries = [{**options, "from": u, "to": v} for u, v, options in found]
    return [((e["from"], e["to"], e.get("rel", "")), text)
            for e, text in zip(entries, templates(entries, slots), strict=True)]


_MARK = "\x00"  # a value no entry has
Slots = tuple[dict[str, str], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


def _slots(slots: dict[str, str]) -> Slots:
    """Slots of a template: the marked entry's extra values, each slot's marked text
    (as to_json writes the mark) with what replaces it, and each slot's key with its
    text (what ``_slotted_json`` writes for the key's value)."""
    marked = json.dumps(_MARK)  # "\u0000": the same in to_json's script-safe JSON
    replaced = tuple((f'"{key}":{marked}', f'"{key}":{slot}') for key, slot in slots.items())
    if any(len(m) == len(s) for m, s in replaced):  # templates counts them by the length
        raise ValueError(f"a slot as long as its mark: {slots}")
    return dict.fromkeys(slots, _MARK), replaced, tuple(slots.items())


_NODE_SLOTS = _slots({"col": "[%.1f,%.1f]", "x": "%.1f", "y": "%.1f"})  # in the keys' order
_EDGE_SLOTS = _slots({"id": '"r%d"'})
_PART_OF_SLOTS = _slots({"id": '"p%d"'})


def template(obj: dict[str, Any], slots: Slots) -> bytes:
    """``to_json(obj)`` as UTF-8 with the values of ``slots``' keys (``_slots``) left as
    its %-slots (and every other "%" doubled), to be filled with ``bytes % values``."""
    return templates([obj], slots)[0]


def templates(objs: list[dict[str, Any]], slots: Slots, flat: bool = False) -> list[bytes]:
    """``template`` of each of ``objs``, made together: their compact JSON holds no line
    break (a string's is escaped), so joined by line breaks they are made safe for the
    page, their slots put in and their text encoded in one pass each, then cut apart.
    Every entry holds each marked slot once (its own key): the document's entries hold
    as many as there are entries (counted by how much the text grows as they are put
    in), or some entry holds one more than its own. ``flat``: entries of strings and
    numbers mostly (a node's), written with their slots by ``_flat_templates`` where
    it can."""
    text = _flat_templates(objs, slots) if flat else None
    if text is not None:
        return text.encode("utf-8").split(b"\n") if objs else []
    marks, replaced, _ = slots
    text = page.script_safe("\n".join([page.compact_json(o | marks) for o in objs]))
    if "%" in text:  # (a scan; the replacement counts character by character)
        text = text.replace("%", "%%")
    for marked, slot in replaced:
        filled = text.replace(marked, slot)
        if len(filled) - len(text) != len(objs) * (len(slot) - len(marked)):
            raise ValueError(f"cannot make templates of {objs!r}")
        text = filled
    return text.encode("utf-8").split(b"\n") if objs else []


def _flat_templates(objs: list[dict[str, Any]], slots: Slots) -> str | None:
    """The text ``templates`` makes of ``objs``, its entries written by ``_slotted_json``
    with their slots in place: no pass over the text to put each slot in, where no
    value holds a "%" (else each is doubled, and the slots' own put back). None where
    a key is no string."""
    written = slots[2]
    entries = []
    for o in objs:
        text = _slotted_json(o, written)
        if text is None:
            return None
        entries.append(text)
    text = page.script_safe("\n".join(entries))
    if text.count("%") == len(objs) * sum(slot.count("%") for _, slot in written):
        return text
    text = text.replace("%", "%%")
    for key, slot in written:  # (a key's text is followed by a value in no string)
        doubled = f'"{key}":{slot.replace("%", "%%")}'
        filled = text.replace(doubled, f'"{key}":{slot}')
        if len(text) - len(filled) != len(objs) * (len(doubled) - len(slot) - len(key) - 3):
            raise ValueError(f"cannot make templates of {objs!r}")
        text = filled
    return text


def _slotted_json(obj: dict[str, Any], written: tuple[tuple[str, str], ...]) -> str | None:
    """``page.compact_json(obj)`` with the values of ``written``'s keys written as the
    text given (added or replaced, as ``obj | marks`` does), its values' text put
    between the text of its keys (the same for every entry of a list): the json
    module's C encoder sorts each entry's items and gathers its text in many small
    pieces. For an entry of strings and numbers (a node's) this is cheaper; where
    nested lists and dicts are many (an edge's), the encoder, which writes those here
    too. None where a key is no string."""
    form = _entry_form(tuple(obj), written)
    if form is None:
        return None
    values, pieces = form
    return filled(pieces, [_string(x) if (t := type(x)) is str else f"{x}" if t is int else
                           _value(x) for x in values(obj)])


@lru_cache(maxsize=64)  # entries of one list have the same keys
def _entry_form(keys: tuple[Any, ...], written: tuple[tuple[str, str], ...]
                ) -> tuple[Callable[[dict], tuple[Any, ...]], list[str | None]] | None:
    """A getter of an entry's values in sorted order of its keys, and its JSON as
    pieces of text with a slot (None) for each value's, ``written``'s texts put in (a
    written key's own value is replaced); None where a key is no string."""
    if not all(type(k) is str for k in keys):
        return None
    marks = dict(written)
    order = sorted(set(keys) | set(marks))
    own = [k for k in order if k not in marks]
    pieces: list[str | None] = []  # text, slot, text, …, slot, text
    text = "{"
    for i, k in enumerate(order):
        text += ("," if i else "") + _string(k) + ":"
        if k in marks:
            text += marks[k]
        else:
            pieces += [text, None]
            text = ""
    pieces.append(text + "}")
    getter = itemgetter(*own) if len(own) > 1 else (lambda d: (d[own[0]],)) if own \
        else (lambda d: ())
    return getter, pieces


def _value(x: Any) -> str:
    """``page.compact_json(x)`` of a value other than a string or an integer: a finite
    float (its repr, as the encoder writes it), a pair of integers (a node's offsets:
    the encoder's call costs more than the text) and a constant written here."""
    t = type(x)
    if t is float and x - x == 0.0:  # not NaN nor infinite (0.0 and -0.0: equal keys)
        return _float_text(x) if x else float.__repr__(x)
    if t is list and len(x) == 2 and type(x[0]) is int and type(x[1]) is int:
        return f"[{x[0]},{x[1]}]"
    if x is None or x is True or x is False:
        return _CONSTANTS[x]
    return page.compact_json(x)


_string = json.encoder.encode_basestring  # what the page's encoder writes a string with
# a float's repr, found once a value: a repr costs a decimal conversion, and the floats of
# node entries (their sizes: a type's and a degree's) are few
_float_text = lru_cache(maxsize=1 << 10)(float.__repr__)
_CONSTANTS = {None: "null", True: "true", False: "false"}


def node_text(nodes: Any, force: Any, columns: Any, corners: tuple[Point, Point],
              centres: tuple[Point, Point]) -> Iterator[tuple[str, bytes]]:
    """A document's nodes placed on the page, each ``(id, JSON)``: ``nodes`` its
    ``(id, template)`` entries, ``force`` and ``columns`` its nodes' positions in their
    tiles (in the same order), ``corners`` its tiles' corners and ``centres`` the
    layouts' centres."""
    values = positions(force, columns, corners, centres)
    for i, (nid, text) in enumerate(nodes):
        yield nid, text % tuple(values[4 * i:4 * i + 4])


def positions(force: Any, columns: Any, corners: tuple[Point, Point],
              centres: tuple[Point, Point]) -> list[float]:
    """The values of the nodes' slots, four a node (column x, y; force x, y): a node's
    position in its tile moved by the tile's corner and the layout's centre, as
    ``layout.pack`` then ``layout.finish`` move it. The slots write them as
    ``round(v, 1)`` would be written: "%.1f" rounds as ``round`` does (both take
    CPython's correctly rounded decimal digits) and gives what ``repr`` of the rounded
    number gives for any |v| < 1e16 (a page is far smaller: ``check_extent``)."""
    (fx, fy), (cx, cy) = corners
    (fcx, fcy), (ccx, ccy) = centres
    return [v for (px, py), (qx, qy) in zip(force, columns, strict=True)
            for v in (cx + qx - ccx, cy + qy - ccy, fx + px - fcx, fy + py - fcy)]


def check_extent(*sizes: float) -> None:
    """The page's layouts are small enough for ``positions``' slots (always, in practice)."""
    if not all(abs(s) < 1e15 for s in sizes):
        raise ValueError(f"a layout too large to place on the page: {sizes}")


def to_json(obj: Any) -> str:
    """One value as the page embeds it (compact, sorted keys, script-safe)."""
    return page.script_json(obj)


def payload_frame(title: str, documents: list[dict[str, Any]], type_counts: dict[str, int],
                  n_nodes: int, n_edges: int, n_part_of: int,
                  tiles: dict[str, str]) -> list[str]:
    """The page's data cut where its edges and its nodes go: [head, middle, tail].
    ``tiles``: each layout's tiles as their JSON (``corpus_layout.tiles_json``)."""
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
        "tiles": dict.fromkeys(tiles, _TILES),
        "tileGap": layout.TILE_GAP,
        "counts": {"nodes": n_nodes, "edges": n_edges, "partOf": n_part_of},
    }
    text = page.compact_json(payload)
    for name, entries in tiles.items():  # (in their place: the payload's keys are sorted)
        key = page.compact_json(name) + ":"
        marked = key + page.compact_json(_TILES)
        if text.count(marked) != 1:
            raise ValueError(f"cannot place the page's tiles: {marked}")
        text = text.replace(marked, key + entries)
    return page.script_safe(text).split(f'"{_SLOT}"')


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


def numbered(entries: Any, start: int) -> Iterator[bytes]:
    """Edges' templates (a ``Joined`` of them, or ``(key, template)`` entries) with
    their ids counted on from ``start``: the whole ``Joined`` in one piece."""
    if isinstance(entries, Joined):
        if entries.count:
            yield entries.text % tuple(range(start, start + entries.count))
        return
    for i, (_, text) in enumerate(entries, start):
        yield text % (i,)

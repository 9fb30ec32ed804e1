"""Graph stage: nodes and edges of all documents into one networkx MultiDiGraph.

The node-link JSON written from it (``graph.json``) is the contract other tools read:
nodes carry ``type``, ``label``, ``doc``, ``start``/``end``, ``spans``, ``parent``,
``section``, ``text``; edges carry ``type``, ``score``, ``rule``, ``cue``, the
evidence spans on both ends, ``cue_spans`` (where each word the cue quotes is written)
and ``evidence`` (the sentences holding the evidence: ``start``, ``end``, ``text``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import itemgetter
from typing import Any

import networkx as nx

from policykg.common.memo import rounded
from policykg.common.nogc import without_collection
from policykg.export.entries import filled
from policykg.models import DocumentResult, Edge, Node

GRAPH_FORMAT_VERSION = 1


def node_attributes(node: Node) -> dict[str, Any]:
    return {
        "type": str(node.type),
        "label": node.label,
        "doc": node.doc,
        "start": node.start,
        "end": node.end,
        "spans": list(map(list, node.spans)),
        "parent": node.parent,
        "section": node.section,
        "text": node.text,
        "text_start": node.text_start,
        "text_end": node.text_end,
        "rule": node.rule,
        "cue": node.cue,
        "report": node.report,
    }


def edge_attributes(edge: Edge) -> dict[str, Any]:
    return {
        "type": str(edge.type),
        "doc": edge.doc,
        "score": rounded(edge.score, 4),
        "rule": edge.rule,
        "cue": edge.cue,
        "source_span": [*edge.source_span],
        "target_span": [*edge.target_span],
        "cue_spans": list(map(list, edge.cue_spans)),
        "evidence": [{"start": s, "end": e, "text": t} for s, e, t in edge.evidence],
    }


def document_attributes(result: DocumentResult) -> dict[str, Any]:
    d = result.document
    return {"id": d.id, "path": d.path, "script": d.script, "encoding": d.encoding,
            "format": d.format, "chars": len(d.text)}


@without_collection
def build(results: Iterable[DocumentResult],
          documents: Iterable[dict[str, Any]] | None = None) -> nx.MultiDiGraph:
    """One MultiDiGraph of every document; nodes and edges added in sorted order.

    ``documents`` (``document_attributes`` of each result, when the results no longer
    hold their documents' text) replaces what would be read from the results.
    """
    results = sorted(results, key=lambda r: r.document.id)
    g = nx.MultiDiGraph()
    g.graph["format_version"] = GRAPH_FORMAT_VERSION
    g.graph["documents"] = (sorted(documents, key=lambda d: d["id"]) if documents is not None
                            else [document_attributes(r) for r in results])
    _add(g, sorted((n for r in results for n in r.nodes), key=lambda n: n.id),
         sorted((e for r in results for e in r.edges),
                key=lambda e: (e.source, e.target, str(e.type))))
    return g


def _add(g: nx.MultiDiGraph, nodes: list[Node], edges: list[Edge]) -> None:
    """``g.add_node(n.id, **node_attributes(n))`` for each node, then ``g.add_edge(u, v,
    key=type, **edge_attributes(e))`` for each edge: the same dicts in the same order,
    made in one loop each instead of a networkx call (and a cache clearing) apiece."""
    succ, pred, attrs = g._succ, g._pred, g._node
    for node in nodes:
        n = node.id
        if n in succ:
            attrs[n].update(node_attributes(node))
        elif n is None:
            raise ValueError("None cannot be a node")
        else:
            succ[n], pred[n], attrs[n] = {}, {}, node_attributes(node)
    for edge in edges:
        u, v, key = edge.source, edge.target, str(edge.type)
        if u not in succ:
            _new_node(succ, pred, attrs, u)
        if v not in succ:
            _new_node(succ, pred, attrs, v)
        keyed = succ[u].get(v)
        if keyed is None:
            succ[u][v] = pred[v][u] = {key: edge_attributes(edge)}
        elif key in keyed:
            keyed[key].update(edge_attributes(edge))
        else:
            keyed[key] = edge_attributes(edge)
    nx._clear_cache(g)


def _new_node(succ: dict, pred: dict, attrs: dict, n: Any) -> None:
    if n is None:
        raise ValueError("None cannot be a node")
    succ[n], pred[n], attrs[n] = {}, {}, {}


def to_node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data (networkx's layout, ``edges`` key), sorted for byte-stable output."""
    data = nx.node_link_data(g, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(data["edges"], key=lambda e: (e["source"], e["target"], e["key"]))
    return data


# --- graph.json written one document at a time -----------------------------------------
# json.dumps(..., indent=1) puts each entry of "edges" and "nodes" two levels deep, and
# sorts the keys ("directed", "edges", "graph", "multigraph", "nodes"): entries rendered
# alone and indented by two spaces give the same bytes as the whole graph dumped at once.
_ENTRY_INDENT = "  "
_SLOT = "@@policykg-entries@@"


def _entry(obj: dict[str, Any]) -> str:
    """``_indented(obj)`` of one entry, indented as the file does, its values written in
    one loop between the text of its keys: an entry's values are nearly all strings,
    numbers, nulls and offsets."""
    if type(obj) is not dict or not obj:
        return _ENTRY_INDENT + _indented(obj, "\n" + _ENTRY_INDENT)
    _, values, pieces = _fields(tuple(obj))
    return filled(pieces, [
        _string(x) if (t := type(x)) is str else f"{x}" if t is int else
        "null" if x is None else _field(x) for x in values(obj)])


def _pieces(head: str, sep: str, names: list[str], tail: str) -> list[str | None]:
    """The pieces ``filled`` fills: ``head``, each name (after ``sep`` but the first)
    followed by a slot for its value, and ``tail``."""
    pieces: list[str | None] = [head + names[0]]
    for name in names[1:]:
        pieces += [None, sep + name]
    return pieces + [None, tail]


@lru_cache(maxsize=64)  # entries of one list have the same keys
def _fields(keys: tuple[Any, ...]
            ) -> tuple[list[str], Callable[[dict], tuple[Any, ...]], list[str | None]]:
    """An entry's keys in the order written: the text of each up to its value, a function
    giving their values in that order, and the entry's text as ``_pieces`` to fill."""
    order = sorted(keys)
    names = [f"{_string(k) if type(k) is str else _key(k)}: " for k in order]
    return names, (itemgetter(*order) if len(order) > 1 else lambda d: (d[order[0]],)), \
        _pieces(_ENTRY_OPEN, _FIELD_SEP, names, _ENTRY_CLOSE)


def _field(x: Any) -> str:
    """A value of an entry other than a string or an integer (loops rather than
    ``all()``: most lists here have one or two items)."""
    if x is None:
        return "null"
    t = type(x)
    if t is float and x == x and x not in _INFINITE:
        return float.__repr__(x)
    if t is list and x:
        first = type(x[0])
        if first is int:  # an offset pair: [start, end]
            if len(x) == 2 and type(x[1]) is int:
                return f"{_LIST_OPEN}{x[0]}{_LIST_SEP}{x[1]}{_LIST_CLOSE}"
            for n in x:
                if type(n) is not int:
                    break
            else:
                return _LIST_OPEN + _LIST_SEP.join(map(int.__repr__, x)) + _LIST_CLOSE
        elif first is list:  # spans: [[start, end], …]
            for p in x:
                if type(p) is not list or len(p) != 2 or type(p[0]) is not int \
                        or type(p[1]) is not int:
                    break
            else:
                return _LIST_OPEN + _LIST_SEP.join([f"{_PAIR_OPEN}{s}{_PAIR_SEP}{e}{_PAIR_CLOSE}"
                                                    for s, e in x]) + _LIST_CLOSE
    return _indented(x, _FIELD_INDENT)


# the text of an entry and of a list in it, as _indented writes them
_FIELD_INDENT = "\n" + _ENTRY_INDENT + " "
_ENTRY_OPEN, _FIELD_SEP, _ENTRY_CLOSE = _ENTRY_INDENT + "{" + _FIELD_INDENT, "," + _FIELD_INDENT, \
    "\n" + _ENTRY_INDENT + "}"
_LIST_OPEN, _LIST_SEP, _LIST_CLOSE = "[" + _FIELD_INDENT + " ", "," + _FIELD_INDENT + " ", \
    _FIELD_INDENT + "]"
_PAIR_OPEN, _PAIR_SEP, _PAIR_CLOSE = "[" + _FIELD_INDENT + "  ", "," + _FIELD_INDENT + "  ", \
    _FIELD_INDENT + " ]"


def _indented(obj: Any, newline: str) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True)``, with each line
    break followed by ``newline``'s indent too. The json module writes indented text with
    its pure-Python encoder, a generator per value; this is the same text, made directly
    (scalars by the json module's own C functions), several times faster."""
    t = type(obj)  # the exact types first: nearly every value is one of these
    if t is str:
        return _string(obj)
    if t is int:
        return f"{obj}"
    if t is dict and obj:  # (pieces made once for every dict with those keys)
        inner = newline + " "
        values, pieces = _dict_template(tuple(obj), newline)
        return filled(pieces, [
            _string(x) if (u := type(x)) is str else f"{x}" if u is int
            else _indented(x, inner) for x in values(obj)])
    if t is list and obj:
        inner = newline + " "
        if type(obj[0]) is int and all(type(x) is int for x in obj):  # offsets
            return "[" + inner + ("," + inner).join(map(int.__repr__, obj)) + newline + "]"
        return "[" + inner + ("," + inner).join([_indented(x, inner) for x in obj]) + newline + "]"
    if isinstance(obj, str):
        return _string(obj)
    if obj is None or obj is True or obj is False:
        return _CONSTANTS[obj]
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        return float.__repr__(obj) if obj == obj and obj not in _INFINITE else _scalar(obj)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        inner = newline + " "
        return "{" + inner + ("," + inner).join(
            f"{_key(k)}: {_indented(obj[k], inner)}" for k in sorted(obj)) + newline + "}"
    if isinstance(obj, list | tuple):
        if not obj:
            return "[]"
        inner = newline + " "
        return "[" + inner + ("," + inner).join(_indented(x, inner) for x in obj) + newline + "]"
    return _scalar(obj)


@lru_cache(maxsize=64)  # nested dicts of one kind (evidence) at one depth
def _dict_template(keys: tuple[Any, ...], newline: str) -> tuple[Callable, list[str | None]]:
    """``_fields``' getter of a dict's values, and its text at ``newline``'s indent as
    ``_pieces`` to fill."""
    names, values, _ = _fields(keys)
    inner = newline + " "
    return values, _pieces("{" + inner, "," + inner, names, newline + "}")


_string = json.encoder.encode_basestring  # the C function json.dumps uses (ensure_ascii=False)
_scalar = json.JSONEncoder(ensure_ascii=False, allow_nan=True).encode  # NaN, ±Infinity, others
_CONSTANTS = {None: "null", True: "true", False: "false"}
_INFINITE = (float("inf"), float("-inf"))


def _key(k: Any) -> str:
    if not isinstance(k, str):
        raise TypeError(f"graph.json keys are strings, not {type(k).__name__}")
    return _string(k)


def json_fragments(g: nx.MultiDiGraph) -> dict[str, list[tuple[Any, str]]]:
    """The entries of ``g``'s graph.json, each with its sort key, rendered: the entries
    ``to_node_link`` gives, in its order, made straight from the graph."""
    nodes = sorted(g._node.items(), key=_first)  # (the graph's own dicts: no view)
    edges = sorted([(u, v, k, a) for u, targets in g._succ.items()
                    for v, keyed in targets.items() for k, a in keyed.items()], key=_three)
    return {"nodes": [(n, _entry({**a, "id": n})) for n, a in nodes],
            "edges": [((u, v, k), _entry({**a, "source": u, "target": v, "key": k}))
                      for u, v, k, a in edges]}


_first, _three = itemgetter(0), itemgetter(0, 1, 2)


def json_frame(documents: list[dict[str, Any]], has_edges: bool, has_nodes: bool) -> list[str]:
    """graph.json cut where its edges and its nodes go: [head, middle, tail]."""
    skeleton = {"directed": True, "multigraph": True, "edges": [_SLOT] if has_edges else [],
                "nodes": [_SLOT] if has_nodes else [],
                "graph": {"documents": documents, "format_version": GRAPH_FORMAT_VERSION}}
    # json.dumps' text (_indented), made faster: a corpus lists thousands of documents
    text = _indented(skeleton, "\n") + "\n"
    return text.split(f'{_ENTRY_INDENT}"{_SLOT}"')


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    key = "edges" if "edges" in data else "links"
    return nx.node_link_graph(data, directed=True, multigraph=True, edges=key)


def dumps_json(g: nx.MultiDiGraph) -> str:
    return json.dumps(to_node_link(g), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def loads_json(text: str) -> nx.MultiDiGraph:
    return from_node_link(json.loads(text))

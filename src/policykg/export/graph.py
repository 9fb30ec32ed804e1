"""Graph stage: nodes and edges of all documents into one networkx MultiDiGraph.

The node-link JSON written from it (``graph.json``) is the contract other tools read:
nodes carry ``type``, ``label``, ``doc``, ``start``/``end``, ``spans``, ``parent``,
``section``, ``text``; edges carry ``type``, ``score``, ``rule``, ``cue``, the
evidence spans on both ends, ``cue_spans`` (where each word the cue quotes is written)
and ``evidence`` (the sentences holding the evidence: ``start``, ``end``, ``text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from policykg.models import DocumentResult, Edge, Node

GRAPH_FORMAT_VERSION = 1


def node_attributes(node: Node) -> dict[str, Any]:
    return {
        "type": str(node.type),
        "label": node.label,
        "doc": node.doc,
        "start": node.start,
        "end": node.end,
        "spans": [list(s) for s in node.spans],
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
        "score": round(edge.score, 4),
        "rule": edge.rule,
        "cue": edge.cue,
        "source_span": list(edge.source_span),
        "target_span": list(edge.target_span),
        "cue_spans": [list(s) for s in edge.cue_spans],
        "evidence": [{"start": s, "end": e, "text": t} for s, e, t in edge.evidence],
    }


def document_attributes(result: DocumentResult) -> dict[str, Any]:
    d = result.document
    return {"id": d.id, "path": d.path, "script": d.script, "encoding": d.encoding,
            "format": d.format, "chars": len(d.text)}


def build(results: Iterable[DocumentResult]) -> nx.MultiDiGraph:
    """One MultiDiGraph of every document; nodes and edges added in sorted order."""
    results = sorted(results, key=lambda r: r.document.id)
    g = nx.MultiDiGraph()
    g.graph["format_version"] = GRAPH_FORMAT_VERSION
    g.graph["documents"] = [document_attributes(r) for r in results]
    for node in sorted((n for r in results for n in r.nodes), key=lambda n: n.id):
        g.add_node(node.id, **node_attributes(node))
    edges = sorted((e for r in results for e in r.edges),
                   key=lambda e: (e.source, e.target, str(e.type)))
    for edge in edges:
        g.add_edge(edge.source, edge.target, key=str(edge.type), **edge_attributes(edge))
    return g


def to_node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data (networkx's layout, ``edges`` key), sorted for byte-stable output."""
    data = nx.node_link_data(g, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(data["edges"], key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    key = "edges" if "edges" in data else "links"
    return nx.node_link_graph(data, directed=True, multigraph=True, edges=key)


def dumps_json(g: nx.MultiDiGraph) -> str:
    return json.dumps(to_node_link(g), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def loads_json(text: str) -> nx.MultiDiGraph:
    return from_node_link(json.loads(text))

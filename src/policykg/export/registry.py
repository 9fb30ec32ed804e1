"""Exporters: one registry, each entry naming its format, file and writer.

Adding a format is one new entry here. Writers receive the whole graph and the output
directory and must write through ``policykg.export.fsio`` (atomic). Heavy modules (rdflib
serialisers, pyvis) are imported inside the writers, so start-up stays fast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from policykg.export import graph as graph_mod
from policykg.export.fsio import atomic_write_text


@dataclass(frozen=True)
class Exporter:
    name: str
    filenames: tuple[str, ...]
    description: str
    write: Callable[[nx.MultiDiGraph, Path], None]


def _write_json(g: nx.MultiDiGraph, out: Path) -> None:
    atomic_write_text(out / "graph.json", graph_mod.dumps_json(g))


def _graphml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML holds scalars only: lists become JSON strings, None is left out."""
    import json

    h = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                         for k, v in attrs.items() if v is not None})
    for u, v, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: json.dumps(b) if isinstance(b, list) else b
                                   for a, b in attrs.items() if b is not None})
    return h


def _write_graphml(g: nx.MultiDiGraph, out: Path) -> None:
    text = "\n".join(nx.generate_graphml(_graphml_safe(g), prettyprint=True)) + "\n"
    atomic_write_text(out / "graph.graphml", text)


NODE_COLUMNS = ("id", "type", "label", "doc", "start", "end", "parent", "section", "rule",
                "cue", "text")
EDGE_COLUMNS = ("source", "target", "type", "score", "rule", "cue", "source_span",
                "target_span", "doc")


def _csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: (" ".join(map(str, v)) if isinstance(v, list) else v)
                    for k, v in row.items()})
    return buf.getvalue()


def _write_csv(g: nx.MultiDiGraph, out: Path) -> None:
    nodes = [{"id": n, **a} for n, a in sorted(g.nodes(data=True))]
    edges = [{"source": u, "target": v, **a}
             for u, v, _, a in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])]
    atomic_write_text(out / "nodes.csv", _csv(nodes, NODE_COLUMNS))
    atomic_write_text(out / "edges.csv", _csv(edges, EDGE_COLUMNS))


def _write_rdf(fmt: str) -> Callable[[nx.MultiDiGraph, Path], None]:
    def write(g: nx.MultiDiGraph, out: Path) -> None:
        from policykg.export import rdf

        rdf.write(g, out, fmt)

    return write


def _write_html(g: nx.MultiDiGraph, out: Path) -> None:
    from policykg.export import html

    html.write(g, out)


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("json", ("graph.json",), "node-link JSON (networkx), the graph contract", _write_json),
    Exporter("ttl", ("graph.ttl",), "RDF Turtle typed by ontology/policykg.ttl", _write_rdf("ttl")),
    Exporter("html", ("graph.html", "report.html"), "interactive graph page (pyvis) and a plain report, offline", _write_html),
    Exporter("graphml", ("graph.graphml",), "GraphML for Gephi, yEd, Cytoscape", _write_graphml),
    Exporter("csv", ("nodes.csv", "edges.csv"), "node and edge tables", _write_csv),
    Exporter("jsonld", ("graph.jsonld",), "RDF as JSON-LD", _write_rdf("jsonld")),
    Exporter("nt", ("graph.nt",), "RDF as N-Triples", _write_rdf("nt")),
    Exporter("xml", ("graph.rdf",), "RDF as RDF/XML", _write_rdf("xml")),
)}

DEFAULT_FORMATS = ("json", "ttl", "html")


def write_all(g: nx.MultiDiGraph, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[Path]:
    written: list[Path] = []
    for name in formats:
        exporter = EXPORTERS[name]
        exporter.write(g, out)
        written.extend(out / f for f in exporter.filenames)
    return written

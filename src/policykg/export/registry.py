"""Exporters: one registry, each entry naming its format, file and writer.

Adding a format is one new entry here. Writers receive the whole graph and the output
directory and must write through ``policykg.export.fsio`` (atomic); they return notes for the
user (what they had to change to write a valid file), or nothing. Heavy modules (rdflib
serialisers, pyvis) are imported inside the writers, so start-up stays fast.

The CLI hands them a staging folder (``fsio.OutputSet``) that replaces ``--out`` only
once every format is written.
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
from policykg.export.turtle import xml_safe

Notes = list[str] | None


@dataclass(frozen=True)
class Exporter:
    name: str
    filenames: tuple[str, ...]
    description: str
    write: Callable[[nx.MultiDiGraph, Path], Notes]


def _write_json(g: nx.MultiDiGraph, out: Path) -> Notes:
    atomic_write_text(out / "graph.json", graph_mod.dumps_json(g))
    return None


def _graphml_safe(g: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, int]:
    """GraphML holds scalars only: lists become JSON strings, None is left out. Characters
    XML 1.0 forbids become U+FFFD before networkx sees them (it splits lines on some of them);
    the count of those replaced comes second."""
    import json

    replaced = 0

    def safe(value: object, ascii_lists: bool = False) -> object:
        nonlocal replaced
        if isinstance(value, list):
            value = json.dumps(value, ensure_ascii=ascii_lists)
        if isinstance(value, str):
            value, n = xml_safe(value)
            replaced += n
        return value

    h = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        h.add_node(safe(n), **{k: safe(v) for k, v in attrs.items() if v is not None})
    for u, v, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(safe(u), safe(v), key=safe(k),
                   **{a: safe(b, ascii_lists=True) for a, b in attrs.items() if b is not None})
    return h, replaced


def _write_graphml(g: nx.MultiDiGraph, out: Path) -> Notes:
    safe, replaced = _graphml_safe(g)
    text = "\n".join(nx.generate_graphml(safe, prettyprint=True)) + "\n"
    atomic_write_text(out / "graph.graphml", text)
    return _xml_note("graph.graphml", replaced)


def _xml_note(name: str, replaced: int) -> Notes:
    if not replaced:
        return None
    return [f"{name}: {replaced} control character(s) that XML 1.0 cannot hold replaced by U+FFFD"]


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


def _write_csv(g: nx.MultiDiGraph, out: Path) -> Notes:
    nodes = [{"id": n, **a} for n, a in sorted(g.nodes(data=True))]
    edges = [{"source": u, "target": v, **a}
             for u, v, _, a in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])]
    atomic_write_text(out / "nodes.csv", _csv(nodes, NODE_COLUMNS))
    atomic_write_text(out / "edges.csv", _csv(edges, EDGE_COLUMNS))
    return None


def _write_rdf(fmt: str) -> Callable[[nx.MultiDiGraph, Path], Notes]:
    def write(g: nx.MultiDiGraph, out: Path) -> Notes:
        from policykg.export import rdf, turtle
        from policykg.export import vocab as v

        if fmt != "xml":
            rdf.write(g, out, fmt)
            return None
        text, replaced = xml_safe(turtle.rdfxml(rdf.triple_set(g), v.PREFIXES))
        atomic_write_text(out / rdf.FORMATS[fmt], text)
        return _xml_note(rdf.FORMATS[fmt], replaced)

    return write


def _write_html(g: nx.MultiDiGraph, out: Path) -> Notes:
    from policykg.export import html

    html.write(g, out)
    return None


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


def write_all(g: nx.MultiDiGraph, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS,
              notes: list[str] | None = None) -> list[Path]:
    """Write each format into ``out``; the files written. What a writer had to change to
    write a valid file is appended to ``notes``."""
    written: list[Path] = []
    for name in formats:
        exporter = EXPORTERS[name]
        said = exporter.write(g, out)
        if notes is not None and said:
            notes.extend(said)
        written.extend(out / f for f in exporter.filenames)
    return written


def filenames(formats: tuple[str, ...]) -> list[str]:
    """The files ``write_all`` writes for ``formats``."""
    return [f for name in formats for f in EXPORTERS[name].filenames]


ALL_FILENAMES = frozenset(f for e in EXPORTERS.values() for f in e.filenames)

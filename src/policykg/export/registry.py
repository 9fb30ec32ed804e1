"""Exporters: one registry, each entry naming its format, file and writer.

Adding a format is one new entry here. Writers receive the whole graph and the output
directory and must write through ``policykg.export.fsio`` (atomic). Heavy modules (rdflib
serialisers, pyvis) are imported inside the writers, so start-up stays fast.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.export import graph as graph_mod
from policykg.export.fsio import atomic_write_text, atomic_writer

# A corpus.store.Corpus (a later stage, so not imported here): summaries, documents,
# node_counts, edge_counts, fragments(), id_groups() and graph().
Corpus = Any


@dataclass(frozen=True)
class Exporter:
    name: str
    filenames: tuple[str, ...]
    description: str
    write: Callable[[nx.MultiDiGraph, Path], None]
    # Writes the files from a corpus read one document at a time, from the fragments
    # named (corpus.work.FRAGMENT_KINDS); without it, the corpus's whole graph is built.
    stream: Callable[[Corpus, Path], None] | None = None
    fragments: tuple[str, ...] = ()


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


# --- writers of a corpus, one document at a time ----------------------------------------
def _merged(parts: list[dict[str, Any]], section: str) -> list[tuple[Any, str]]:
    """The entries of a group's documents in key order (one document: already sorted)."""
    if len(parts) == 1:
        return parts[0][section]
    return sorted((e for p in parts for e in p[section]), key=lambda e: e[0])


def _stream_json(corpus: Corpus, out: Path) -> None:
    """graph.json, the same bytes as ``graph.dumps_json`` of the whole graph."""
    n_edges, n_nodes = sum(corpus.edge_counts.values()), sum(corpus.node_counts.values())
    pieces = iter(graph_mod.json_frame(corpus.documents, n_edges > 0, n_nodes > 0))
    with atomic_writer(out / "graph.json") as fh, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as nodes:
        fh.write(next(pieces))
        sep_e = sep_n = ""
        for group in corpus.id_groups():
            parts = list(corpus.fragments("json", group))
            for _, text in _merged(parts, "edges"):
                fh.write(sep_e + text)
                sep_e = ",\n"
            for _, text in _merged(parts, "nodes"):
                nodes.write(sep_n + text)
                sep_n = ",\n"
        if n_edges:
            fh.write(next(pieces))
        if n_nodes:
            nodes.seek(0)
            shutil.copyfileobj(nodes, fh)
            fh.write(next(pieces))


def _stream_ttl(corpus: Corpus, out: Path) -> None:
    """graph.ttl, document after document, each document's subjects sorted."""
    from policykg.export import rdf

    with atomic_writer(out / "graph.ttl") as fh:
        fh.write(rdf.turtle_header())
        for blocks in corpus.fragments("ttl"):
            fh.writelines(block for _, block in blocks)


def _stream_html(corpus: Corpus, out: Path) -> None:
    """graph.html from the whole graph; report.html one document's section at a time."""
    from policykg.export.html import page as html
    from policykg.export.html import report as html_report

    _stream_graph_page(corpus, out)
    docs = [s.doc_id for s in corpus.summaries]
    node_counts = {s.doc_id: sum(s.node_counts.values()) for s in corpus.summaries}
    sections = corpus.fragments("report")
    with atomic_writer(out / "report.html") as fh:
        fh.writelines(html_report.page(html.title_of(docs), docs, corpus.node_counts,
                                       sum(corpus.edge_counts.values()), node_counts, sections))


def _stream_graph_page(corpus: Corpus, out: Path) -> None:
    """graph.html, the same bytes as ``page.render_graph`` of the whole graph."""
    from policykg.export.html import stream

    tiled = [s for s in corpus.summaries if s.tile is not None]
    offsets, cx, cy = stream.tile_offsets([s.tile for s in tiled])
    offset_of = {s.doc_id: off for s, off in zip(tiled, offsets, strict=True)}
    n_nodes, n_edges = sum(corpus.node_counts.values()), sum(corpus.edge_counts.values())
    docs = [{"id": s.doc_id, "path": str(s.info.get("path") or ""),
             "script": str(s.info.get("script") or ""), "nodes": sum(s.node_counts.values())}
            for s in corpus.summaries]
    title = page_title_of(corpus)
    head, middle, tail = stream.payload_frame(
        title, docs, stream.type_counts(corpus.node_counts), n_nodes,
        n_edges, sum(s.part_of for s in corpus.summaries))
    before, after = stream.page_shell(title)
    with atomic_writer(out / "graph.html") as fh, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as part_of, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as nodes:
        fh.write(before + head)
        counters = {"r": 0, "p": 0}
        seps = {"r": "", "p": "", "n": ""}
        for group in corpus.id_groups():
            parts = [(s.doc_id, f) for s, f in zip(group, corpus.fragments("graph", group),
                                                    strict=True)]
            for kind, sink, key in (("edges", fh, "r"), ("partOf", part_of, "p")):
                items = _merged_items([f[kind] for _, f in parts],
                                      lambda e: (e["from"], e["to"], e.get("rel", "")))
                for item in stream.numbered(items, key, counters[key]):
                    sink.write(seps[key] + stream.to_json(item))
                    seps[key] = ","
                    counters[key] += 1
            located = [n for doc_id, f in parts
                       for n in stream.positioned(f["nodes"], f["tile"]["local"],
                                                  offset_of[doc_id], (cx, cy))]
            if len(parts) > 1:
                located.sort(key=lambda n: n["id"])
            for n in located:
                nodes.write(seps["n"] + stream.to_json(n))
                seps["n"] = ","
        if seps["r"] and seps["p"]:
            fh.write(",")
        part_of.seek(0)
        shutil.copyfileobj(part_of, fh)
        fh.write(middle)
        nodes.seek(0)
        shutil.copyfileobj(nodes, fh)
        fh.write(tail + after)


def page_title_of(corpus: Corpus) -> str:
    from policykg.export.html import page

    return page.title_of([s.doc_id for s in corpus.summaries])


def _merged_items(lists: list[list[dict[str, Any]]], key: Callable[[dict[str, Any]], Any]
                  ) -> list[dict[str, Any]]:
    return lists[0] if len(lists) == 1 else sorted((x for xs in lists for x in xs), key=key)


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("json", ("graph.json",), "node-link JSON (networkx), the graph contract", _write_json,
             _stream_json, ("json",)),
    Exporter("ttl", ("graph.ttl",), "RDF Turtle typed by ontology/policykg.ttl", _write_rdf("ttl"),
             _stream_ttl, ("ttl",)),
    Exporter("html", ("graph.html", "report.html"), "interactive graph page (pyvis) and a plain report, offline", _write_html,
             _stream_html, ("report", "graph")),
    Exporter("graphml", ("graph.graphml",), "GraphML for Gephi, yEd, Cytoscape", _write_graphml),
    Exporter("csv", ("nodes.csv", "edges.csv"), "node and edge tables", _write_csv),
    Exporter("jsonld", ("graph.jsonld",), "RDF as JSON-LD", _write_rdf("jsonld")),
    Exporter("nt", ("graph.nt",), "RDF as N-Triples", _write_rdf("nt")),
    Exporter("xml", ("graph.rdf",), "RDF as RDF/XML", _write_rdf("xml")),
)}

DEFAULT_FORMATS = ("json", "ttl", "html")


def fragments_for(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The per-document fragments the writers of ``formats`` read."""
    return tuple(sorted({k for name in formats for k in EXPORTERS[name].fragments}))


def write_corpus(corpus: Corpus, out: Path,
                 formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[Path]:
    """Write ``formats`` of a corpus built with ``fragments_for(formats)``."""
    written: list[Path] = []
    for name in formats:
        exporter = EXPORTERS[name]
        if exporter.stream is not None:
            Path(out).mkdir(parents=True, exist_ok=True)
            exporter.stream(corpus, Path(out))
        else:
            exporter.write(corpus.graph(), Path(out))
        written.extend(Path(out) / f for f in exporter.filenames)
    return written


def write_all(g: nx.MultiDiGraph, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[Path]:
    written: list[Path] = []
    for name in formats:
        exporter = EXPORTERS[name]
        exporter.write(g, out)
        written.extend(out / f for f in exporter.filenames)
    return written

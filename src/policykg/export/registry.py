"""Exporters: one registry, each entry naming its format, file and writer.

Adding a format is one new entry here. Writers receive the whole graph and the output
directory and must write through ``policykg.export.fsio`` (atomic); they return notes for the
user (what they had to change to write a valid file), or nothing. Heavy modules (rdflib
serialisers, pyvis) are imported inside the writers, so start-up stays fast.

The CLI hands them a staging folder (``fsio.OutputSet``) that replaces ``--out`` only
once every format is written.

A format may also have a corpus writer (``streamed``): it writes the same bytes from
per-document fragments rendered in the workers and read back one document at a time,
so a large corpus is never held in memory whole. The others get the corpus's graph.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.common import nogc
from policykg.export.fsio import atomic_write_text

if TYPE_CHECKING:
    import networkx as nx

Notes = list[str] | None
Corpus = Any  # a corpus.store.Corpus (a later stage, so not imported here)


@dataclass(frozen=True)
class Exporter:
    name: str
    filenames: tuple[str, ...]
    description: str
    write: Callable[[nx.MultiDiGraph, Path], Notes]
    # Writes the files from a corpus read one document at a time, from the fragments
    # named (corpus.work.FRAGMENT_KINDS); without it, the corpus's whole graph is built.
    stream: Callable[[Corpus, Path], Notes] | None = None
    fragments: tuple[str, ...] = ()
    # The corpus writer as independent parts (functions of export.streamed, the slowest
    # first), which a build may run at once in its idle worker processes.
    parts: tuple[str, ...] = ()
    # A writer that takes the documents as they come, in document-id order (a function of
    # export.following giving a context manager: ``follow(store, out)`` → ``add(summary)``):
    # its files need no count over the corpus, so the build writes them while the workers
    # work, not after them.
    follow: str | None = None


def _write_json(g: nx.MultiDiGraph, out: Path) -> Notes:
    from policykg.export import graph as graph_mod

    atomic_write_text(out / "graph.json", graph_mod.dumps_json(g))
    return None


def _write_rdf(fmt: str) -> Callable[[nx.MultiDiGraph, Path], Notes]:
    def write(g: nx.MultiDiGraph, out: Path) -> Notes:
        from policykg.export import exchange, rdf, turtle
        from policykg.export import vocab as v

        if fmt != "xml":
            rdf.write(g, out, fmt)
            return None
        text, replaced = turtle.xml_safe(turtle.rdfxml(rdf.triple_set(g), v.PREFIXES))
        atomic_write_text(out / rdf.FORMATS[fmt], text)
        return exchange.xml_note(rdf.FORMATS[fmt], replaced)

    return write


def _write_html(g: nx.MultiDiGraph, out: Path) -> Notes:
    from policykg.export import html

    html.write(g, out)
    return None


def _exchange(name: str) -> Callable[[nx.MultiDiGraph, Path], Notes]:
    """``export.exchange``'s writer ``name``, imported when it runs (not by a build that
    streams its formats)."""
    def write(g: nx.MultiDiGraph, out: Path) -> Notes:
        return getattr(import_module("policykg.export.exchange"), name)(g, out)

    return write


# the files of the neo4j format (export.exchange and export.streamed write them)
NEO4J_NODES, NEO4J_EDGES, NEO4J_SCRIPT = "neo4j_nodes.csv", "neo4j_relationships.csv", "neo4j_load.cypher"


def _streamed(name: str) -> Callable[[Corpus, Path], Notes]:
    def write(corpus: Corpus, out: Path) -> Notes:
        return write_part(name, corpus, out)

    return write


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("json", ("graph.json",), "node-link JSON (networkx), the graph contract", _write_json,
             _streamed("write_json"), ("json",), ("write_json",)),
    Exporter("ttl", ("graph.ttl",), "RDF Turtle typed by ontology/policykg.ttl", _write_rdf("ttl"),
             _streamed("write_ttl"), ("ttl",), ("write_ttl",), "following_ttl"),
    Exporter("html", ("graph.html", "report.html"), "interactive graph page (pyvis) and a plain report, offline", _write_html,
             _streamed("write_html"), ("report", "graph"), ("write_graph_page", "write_report")),
    Exporter("graphml", ("graph.graphml",), "GraphML for Gephi, yEd, Cytoscape, igraph", _exchange("write_graphml"),
             _streamed("write_graphml"), ("graphml",), ("write_graphml",)),
    Exporter("gexf", ("graph.gexf",), "GEXF for Gephi, nodes coloured by type", _exchange("write_gexf"),
             _streamed("write_gexf"), ("gexf",), ("write_gexf",)),
    Exporter("csv", ("nodes.csv", "edges.csv"), "node and edge tables for spreadsheets (UTF-8 with BOM)", _exchange("write_csv"),
             _streamed("write_csv"), ("csv",), ("write_csv",)),
    Exporter("neo4j", (NEO4J_NODES, NEO4J_EDGES, NEO4J_SCRIPT),
             "Neo4j admin-import CSVs and a Cypher load script", _exchange("write_neo4j"),
             _streamed("write_neo4j"), ("neo4j",), ("write_neo4j",)),
    Exporter("jsonld", ("graph.jsonld",), "RDF as JSON-LD", _write_rdf("jsonld"),
             _streamed("write_jsonld"), ("jsonld",), ("write_jsonld",)),
    Exporter("nt", ("graph.nt",), "RDF as N-Triples", _write_rdf("nt"), _streamed("write_nt"), ("nt",),
             ("write_nt",)),
    Exporter("xml", ("graph.rdf",), "RDF as RDF/XML", _write_rdf("xml"), _streamed("write_xml"),
             ("xml",), ("write_xml",)),
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


def fragments_for(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The per-document fragments the corpus writers of ``formats`` read."""
    return tuple(sorted({k for name in formats for k in EXPORTERS[name].fragments}))


def follow(formats: tuple[str, ...], store: Any, out: Path, stack: ExitStack
           ) -> tuple[Callable[[Any], None] | None, tuple[str, ...]]:
    """Open, in ``stack``, the writers of ``formats`` that take the documents as they come
    (``Exporter.follow``): a function to call with each document's summary, in
    document-id order (None when there is none), and the formats they write, whose files
    are complete once ``stack`` closes (``write_corpus(followed=...)`` leaves them)."""
    names = tuple(name for name in formats if EXPORTERS[name].follow)
    if not names:
        return None, ()
    from policykg.export import following

    adds = [stack.enter_context(getattr(following, EXPORTERS[name].follow)(store, Path(out)))
            for name in names]
    if len(adds) == 1:
        return adds[0], names

    def each(summary: Any) -> None:
        for add in adds:
            add(summary)

    return each, names


def write_corpus(corpus: Corpus, out: Path, formats: tuple[str, ...] = DEFAULT_FORMATS,
                 notes: list[str] | None = None, submit: Callable[..., Any] | None = None,
                 followed: tuple[str, ...] = ()) -> list[Path]:
    """``write_all`` of a corpus built with ``fragments_for(formats)``: the formats with a
    corpus writer streamed, the others from the corpus's graph (built once, if needed).
    With ``submit`` (``Executor.submit`` of local worker processes), the streamed writers'
    parts run there, at once, while the others are written here; each part writes its own
    files, so the bytes are the same. The formats ``followed`` were written as the
    documents came (``follow``)."""
    written: list[Path] = []
    pending = []
    if submit is not None:
        packed = pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL)  # once, not per part
        rest = tuple(name for name in formats if name not in followed)
        pending = [submit(write_part, part, packed, Path(out)) for part in _slowest_first(rest)]
    for name in formats:
        exporter = EXPORTERS[name]
        if name in followed:
            said = None
        elif exporter.stream is not None:
            said = exporter.stream(corpus, Path(out)) if submit is None else None
        else:
            said = exporter.write(corpus.graph(), Path(out))
        if notes is not None and said:
            notes.extend(said)
        written.extend(Path(out) / f for f in exporter.filenames)
    for job in pending:
        said = job.result()  # a part's error is raised here, as if it had run in this process
        if notes is not None and said:
            notes.extend(said)
    return written


_PART_COST = ("write_graph_page", "write_jsonld", "write_xml", "write_graphml", "write_gexf",
              "write_ttl", "write_nt", "write_json", "write_neo4j", "write_csv", "write_report")


def _slowest_first(formats: tuple[str, ...]) -> list[str]:
    parts = [p for name in formats for p in EXPORTERS[name].parts]
    return sorted(parts, key=lambda p: _PART_COST.index(p) if p in _PART_COST else len(_PART_COST))


def write_part(part: str, corpus: Corpus | bytes, out: Path) -> Notes:
    """One part of a corpus writer (a function of ``export.streamed``), in any process;
    ``corpus`` may come pickled; its notes for the user."""
    from policykg.export import streamed

    # a writer holds one document at a time and makes no cycles: the collector's passes
    # over the corpus's summaries and the document's entries would free nothing (common.nogc)
    with nogc.paused():
        return getattr(streamed, part)(
            pickle.loads(corpus) if isinstance(corpus, bytes) else corpus, out)


def filenames(formats: tuple[str, ...]) -> list[str]:
    """The files ``write_all`` writes for ``formats``."""
    return [f for name in formats for f in EXPORTERS[name].filenames]


ALL_FILENAMES = frozenset(f for e in EXPORTERS.values() for f in e.filenames)

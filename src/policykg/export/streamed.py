"""The corpus writers: output files written from a corpus read back one document at a
time (``corpus.store.Corpus``: summaries, documents, node and edge counts, fragments(),
id_groups()), never the whole graph in memory. Each gives the same bytes as the
whole-graph writer of its format (tests/corpus).
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policykg.export import graph as graph_mod
from policykg.export.entries import Joined, Sink, encoded, merged
from policykg.export.html import layout, stream
from policykg.export.fsio import WRITE_BUFFER, append_spill, atomic_writer

Corpus = Any


def _merged(parts: list[dict[str, Any]], section: str) -> list[tuple[Any, Any]]:
    """The entries of a group's documents in key order (one document: already sorted)."""
    return merged([p[section] for p in parts])


def write_json(corpus: Corpus, out: Path) -> None:
    """graph.json, the same bytes as ``graph.dumps_json`` of the whole graph."""
    n_edges, n_nodes = sum(corpus.edge_counts.values()), sum(corpus.node_counts.values())
    pieces = iter(graph_mod.json_frame(corpus.documents, n_edges > 0, n_nodes > 0))
    with atomic_writer(out / "graph.json", binary=True) as fh, \
            tempfile.TemporaryFile("w+b", buffering=WRITE_BUFFER, dir=out) as nodes:
        fh.write(next(pieces).encode("utf-8"))
        edge_sink, node_sink = Sink(fh, b",\n"), Sink(nodes, b",\n")
        for group in corpus.id_groups():
            parts = list(corpus.fragments("json", group))
            edge_sink.write(merged([p["edges"] for p in parts]))
            node_sink.write(merged([p["nodes"] for p in parts]))
        if n_edges:
            fh.write(next(pieces).encode("utf-8"))
        if n_nodes:
            append_spill(fh, nodes)
            fh.write(next(pieces).encode("utf-8"))


def write_ttl(corpus: Corpus, out: Path) -> None:
    """graph.ttl, document after document, each document's subjects sorted."""
    from policykg.export import vocab

    with atomic_writer(out / "graph.ttl", binary=True) as fh:
        fh.write(vocab.turtle_header().encode("utf-8"))
        for blocks in corpus.fragments("ttl"):
            fh.writelines(encoded(blocks))


def write_nt(corpus: Corpus, out: Path) -> None:
    """graph.nt, document after document, each document's lines sorted (the whole-graph
    writer sorts all lines at once: the same lines, in another order)."""
    with atomic_writer(out / "graph.nt", binary=True) as fh:
        for lines in corpus.fragments("nt"):
            fh.writelines(encoded(lines))


def write_csv(corpus: Corpus, out: Path) -> None:
    """nodes.csv and edges.csv, the same bytes as ``exchange.write_csv`` of the whole graph:
    rows in id order, group by group as graph.json's entries, edges numbered on."""
    from policykg.export import exchange

    with atomic_writer(out / "nodes.csv") as nodes, atomic_writer(out / "edges.csv") as edges:
        nodes.write(exchange.BOM + exchange.csv_text([], exchange.NODE_COLUMNS))
        edges.write(exchange.BOM + exchange.csv_text([], exchange.EDGE_COLUMNS))
        n = 0
        for group in corpus.id_groups():
            parts = list(corpus.fragments("csv", group))
            nodes.writelines(row for _, row in _merged(parts, "nodes"))
            for _, row in _merged(parts, "edges"):
                edges.write(f"e{n}{row}")
                n += 1


def write_neo4j(corpus: Corpus, out: Path) -> None:
    """The Neo4j import files, the same bytes as ``exchange.write_neo4j`` of the whole graph."""
    from policykg.export import exchange

    with atomic_writer(out / exchange.NEO4J_NODES) as nodes, \
            atomic_writer(out / exchange.NEO4J_EDGES) as edges:
        nodes.write(exchange.neo4j_header(exchange.NEO4J_NODE_FIELDS))
        edges.write(exchange.neo4j_header(exchange.NEO4J_EDGE_FIELDS))
        n = 0
        for group in corpus.id_groups():
            parts = list(corpus.fragments("neo4j", group))
            nodes.writelines(row for _, row in _merged(parts, "nodes"))
            for _, (before, after) in _merged(parts, "edges"):
                edges.write(f"{before}e{n}{after}")
                n += 1
    with atomic_writer(out / exchange.NEO4J_SCRIPT) as fh:
        fh.write(exchange.neo4j_script())


def write_jsonld(corpus: Corpus, out: Path) -> None:
    """graph.jsonld, the same bytes as ``rdf.serialize(g, "jsonld")`` of the whole graph."""
    from policykg.export import jsonld

    head, tail = jsonld.frame()
    with atomic_writer(out / "graph.jsonld") as fh:
        fh.write(head.rstrip("\n"))
        sep = "\n"
        for text in by_subject(corpus, "jsonld"):
            fh.write(sep + text)
            sep = ",\n"
        fh.write(tail if sep == ",\n" else tail.lstrip())  # no object: "@graph": []


def write_xml(corpus: Corpus, out: Path) -> list[str] | None:
    """graph.rdf, the same bytes as the whole graph's RDF/XML; the note on characters XML
    cannot hold, as the whole-graph writer gives it."""
    from policykg.export import exchange, rdf, turtle
    from policykg.export import vocab as v

    with atomic_writer(out / rdf.FORMATS["xml"]) as fh:
        fh.write(turtle.rdfxml_head(v.PREFIXES))
        fh.writelines(by_subject(corpus, "xml"))
        fh.write(turtle.RDFXML_TAIL)
    replaced = sum(corpus.store.fragment(s, "xml")["replaced"] for s in corpus.summaries)
    return exchange.xml_note(rdf.FORMATS["xml"], replaced)


def write_graphml(corpus: Corpus, out: Path) -> list[str] | None:
    """graph.graphml, the same bytes as ``exchange.write_graphml`` of the whole graph: the
    nodes, then the edges (numbered on), each written to a spill file as their data keys
    are numbered, then the header that declares the keys, and the spill files."""
    from policykg.export import exchange, graphml

    keys = graphml.Keys()
    replaced = 0  # a document without nodes has nothing to replace
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as spill:
        sep, n = "", 0
        for section in ("nodes", "edges"):
            for group in corpus.id_groups():
                parts = list(corpus.fragments("graphml", group))
                if section == "nodes":
                    replaced += sum(p["replaced"] for p in parts)
                for _, (tag, data) in _merged(parts, section):
                    if section == "edges":
                        tag, n = f'{tag} id="e{n}"', n + 1
                    spill.write(sep + graphml.element(tag, section[:-1], data, keys))
                    sep = graphml.SEP
        head, tail = graphml.frame(keys, not sep)
        _assemble(out / "graph.graphml", [(head, spill)], tail)
    return exchange.xml_note("graph.graphml", replaced)


def write_gexf(corpus: Corpus, out: Path) -> list[str] | None:
    """graph.gexf, the same bytes as ``exchange.write_gexf`` of the whole graph: nodes and
    edges (numbered on) spilled as their attributes are numbered, then the declarations."""
    from policykg.export import exchange, gexf

    attrs = gexf.Attrs()
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as nodes, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as edges:
        n, sep, replaced = 0, "", 0  # a document without nodes has nothing to replace
        for group in corpus.id_groups():
            parts = list(corpus.fragments("gexf", group))
            replaced += sum(p["replaced"] for p in parts)
            for _, piece in _merged(parts, "nodes"):
                nodes.write(sep + gexf.node(piece, attrs))
                sep = gexf.SEP
        has_nodes, sep = bool(sep), ""
        for group in corpus.id_groups():
            for _, piece in _merged(list(corpus.fragments("gexf", group)), "edges"):
                edges.write(sep + gexf.edge(piece, f"e{n}", attrs))
                n, sep = n + 1, gexf.SEP
        head, middle, tail = gexf.frame(attrs, has_nodes, bool(sep))
        _assemble(out / "graph.gexf", [(head, nodes), (middle, edges)], tail)
    return exchange.xml_note("graph.gexf", replaced)


def _assemble(path: Path, parts: list[tuple[str, Any]], tail: str) -> None:
    """Write ``path``: each text followed by its spill file's contents, then ``tail``."""
    with atomic_writer(path) as fh:
        for text, spill in parts:
            fh.write(text)
            spill.seek(0)
            shutil.copyfileobj(spill, fh)
        fh.write(tail)


def by_subject(corpus: Corpus, kind: str) -> Iterator[str]:
    """The per-subject texts of fragments of ``kind`` (lists "doc", "link" and "node" of
    (subject IRI, text), each sorted) of every document, in the order of their subjects, as
    a whole-graph writer sorts them: a document's subjects lie together within each list
    (the document's own ``doc/…``, its links' ``link/…``, its nodes' ``node/…``, whose ids
    its slug starts), so three passes over the documents, each in its list's order."""
    from policykg.export import vocab as v

    def load(s: Any, part: str) -> Any:
        return corpus.store.fragment(s, kind)[part]

    docs = sorted(corpus.summaries, key=lambda s: v.doc_iri_text(s.doc_id))
    links = sorted(corpus.summaries, key=lambda s: v.encode_segment(s.doc_id) + "/")
    groups = sorted(corpus.id_groups(), key=lambda g: v.encode_segment(g[0].prefix) + "/")
    for part, lists in (("doc", ([load(s, "doc")] for s in docs)),
                        ("link", ([load(s, "link")] for s in links)),
                        ("node", ([load(s, "node") for s in g] for g in groups))):
        for found in lists:
            for _, text in merged(found):
                yield text


def write_html(corpus: Corpus, out: Path) -> None:
    """graph.html and report.html, one document's share at a time."""
    write_graph_page(corpus, out)
    write_report(corpus, out)


def write_report(corpus: Corpus, out: Path) -> None:
    """report.html, one document's section at a time."""
    from policykg.export.html import page as html
    from policykg.export.html import report as html_report

    docs = [s.doc_id for s in corpus.summaries]
    node_counts = {s.doc_id: sum(s.node_counts.values()) for s in corpus.summaries}
    reports = {s.doc_id: s.reports for s in corpus.summaries}
    sections = (piece for section in corpus.fragments("report") for piece in encoded(section))
    with atomic_writer(out / "report.html", binary=True) as fh:
        for piece in html_report.page(html.title_of(docs), docs, corpus.node_counts,
                                      sum(corpus.edge_counts.values()), node_counts, reports,
                                      sections):
            fh.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


def write_graph_page(corpus: Corpus, out: Path) -> None:
    """graph.html, the same bytes as ``page.render_graph`` of the whole graph."""
    from policykg.export.html import corpus_layout as cl

    laid = [s for s in corpus.summaries if s.tile is not None]  # by document id, as layout.py
    docs = [s.doc_id for s in laid]
    summary_of = {s.doc_id: s for s in laid}
    force = cl.force_tiles(docs, [(s.tile[0], s.tile[1]) for s in laid], corpus.top,
                           lambda doc: pickle.loads(
                               corpus.store.fragment(summary_of[doc], "graph")["layout"]["pieces"]))
    col_sizes = [(s.tile[2], s.tile[3]) for s in laid]
    col_corners, col_w, col_h = layout.shelves(col_sizes)
    centres = ((force.width / 2, force.height / 2), (col_w / 2, col_h / 2))
    stream.check_extent(force.width, force.height, col_w, col_h)
    corner = {doc: (f, c) for doc, f, c in zip(docs, force.corners, col_corners, strict=True)}
    tiles = {"force": cl.tiles_json(docs, force.sizes, force.corners, centres[0]),
             "columns": cl.tiles_json(docs, col_sizes, col_corners, centres[1])}
    n_nodes, n_edges = sum(corpus.node_counts.values()), sum(corpus.edge_counts.values())
    documents = [{"id": s.doc_id, "path": str(s.info.get("path") or ""),
                  "script": str(s.info.get("script") or ""),
                  "nodes": sum(s.node_counts.values()), "reports": s.reports}
                 for s in corpus.summaries]
    title = page_title_of(corpus)
    head, middle, tail = stream.payload_frame(
        title, documents, stream.type_counts(corpus.node_counts), n_nodes,
        n_edges, sum(s.part_of for s in corpus.summaries), tiles)
    before, after = stream.page_shell(title)
    with atomic_writer(out / "graph.html", binary=True) as fh, \
            tempfile.TemporaryFile("w+b", buffering=WRITE_BUFFER, dir=out) as part_of, \
            tempfile.TemporaryFile("w+b", buffering=WRITE_BUFFER, dir=out) as nodes:
        fh.write((before + head).encode("utf-8"))
        sinks = {"edges": Sink(fh, b","), "partOf": Sink(part_of, b",")}
        counters = {"edges": 0, "partOf": 0}
        node_sink = Sink(nodes, b",")
        for group in corpus.id_groups():
            parts = [(s.doc_id, f) for s, f in zip(group, corpus.fragments("graph", group),
                                                    strict=True)]
            for kind, sink in sinks.items():
                entries = merged([f[kind] for _, f in parts])
                for text in stream.numbered(entries, counters[kind]):
                    sink.text(text, 1)
                counters[kind] += len(entries)
            doc, f = parts[0]
            if len(parts) == 1 and isinstance(f["nodes"], Joined) and not force.inner.get(doc):
                node_sink.text(_filled(f, corner[doc], centres), len(f["nodes"]))
            elif len(parts) == 1:
                node_sink.write(_placed(f, force.inner.get(doc), corner[doc], centres))
            else:
                node_sink.write(sorted((e for doc, f in parts for e in _placed(
                    f, force.inner.get(doc), corner[doc], centres)), key=lambda e: e[0]))
        if sinks["edges"].started and sinks["partOf"].started:
            fh.write(b",")
        append_spill(fh, part_of)
        fh.write(middle.encode("utf-8"))
        append_spill(fh, nodes)
        fh.write((tail + after).encode("utf-8"))


def _placed(f: dict[str, Any], inner: dict[str, Any] | None, corners: Any, centres: Any
            ) -> Iterator[tuple[str, bytes]]:
    """A document's nodes placed on the page, ``(id, JSON)`` each. ``inner``: its nodes'
    positions in the force tile when it was spread again."""
    nodes, laid = f["nodes"], f["layout"]
    ids = nodes.keys() if isinstance(nodes, Joined) else [k for k, _ in nodes]
    force = [inner[n] for n in ids] if inner else laid["force"][0]
    return stream.node_text(nodes, force, laid["columns"][0], corners, centres)


def _filled(f: dict[str, Any], corners: Any, centres: Any) -> bytes:
    """An ordinary document's nodes placed on the page, as the page writes them: its
    ``Joined`` templates filled in at once."""
    laid = f["layout"]
    return f["nodes"].text % tuple(stream.positions(laid["force"][0], laid["columns"][0],
                                                    corners, centres))


def page_title_of(corpus: Corpus) -> str:
    from policykg.export.html import page

    return page.title_of([s.doc_id for s in corpus.summaries])

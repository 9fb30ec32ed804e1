"""The corpus writers: output files written from a corpus read back one document at a
time (``corpus.store.Corpus``: summaries, documents, node and edge counts, fragments(),
id_groups()), never the whole graph in memory. Each gives the same bytes as the
whole-graph writer of its format (tests/corpus).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from policykg.export import graph as graph_mod
from policykg.export.html import layout
from policykg.export.fsio import atomic_writer

Corpus = Any

def _merged(parts: list[dict[str, Any]], section: str) -> list[tuple[Any, str]]:
    """The entries of a group's documents in key order (one document: already sorted)."""
    if len(parts) == 1:
        return parts[0][section]
    return sorted((e for p in parts for e in p[section]), key=lambda e: e[0])


def write_json(corpus: Corpus, out: Path) -> None:
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


def write_ttl(corpus: Corpus, out: Path) -> None:
    """graph.ttl, document after document, each document's subjects sorted."""
    from policykg.export import rdf

    with atomic_writer(out / "graph.ttl") as fh:
        fh.write(rdf.turtle_header())
        for blocks in corpus.fragments("ttl"):
            fh.writelines(block for _, block in blocks)


def write_nt(corpus: Corpus, out: Path) -> None:
    """graph.nt, document after document, each document's lines sorted (the whole-graph
    writer sorts all lines at once: the same lines, in another order)."""
    with atomic_writer(out / "graph.nt") as fh:
        for lines in corpus.fragments("nt"):
            fh.writelines(lines)


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
    replaced = sum(corpus.store.load(s.key, "xml")["replaced"] for s in corpus.summaries)
    return exchange.xml_note(rdf.FORMATS["xml"], replaced)


def write_graphml(corpus: Corpus, out: Path) -> list[str] | None:
    """graph.graphml, the same bytes as ``exchange.write_graphml`` of the whole graph: the
    nodes, then the edges (numbered on), each written to a spill file as their data keys
    are numbered, then the header that declares the keys, and the spill files."""
    from policykg.export import exchange, graphml

    keys = graphml.Keys()
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as spill:
        sep, n = "", 0
        for section in ("nodes", "edges"):
            for group in corpus.id_groups():
                for _, (tag, data) in _merged(list(corpus.fragments("graphml", group)), section):
                    if section == "edges":
                        tag, n = f'{tag} id="e{n}"', n + 1
                    spill.write(sep + graphml.element(tag, section[:-1], data, keys))
                    sep = graphml.SEP
        head, tail = graphml.frame(keys, not sep)
        with atomic_writer(out / "graph.graphml") as fh:
            fh.write(head)
            spill.seek(0)
            shutil.copyfileobj(spill, fh)
            fh.write(tail)
    replaced = sum(corpus.store.load(s.key, "graphml")["replaced"] for s in corpus.summaries)
    return exchange.xml_note("graph.graphml", replaced)


def write_gexf(corpus: Corpus, out: Path) -> list[str] | None:
    """graph.gexf, the same bytes as ``exchange.write_gexf`` of the whole graph: nodes and
    edges (numbered on) spilled as their attributes are numbered, then the declarations."""
    from policykg.export import exchange, gexf

    attrs = gexf.Attrs()
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as nodes, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as edges:
        n, sep = 0, ""
        for group in corpus.id_groups():
            for _, piece in _merged(list(corpus.fragments("gexf", group)), "nodes"):
                nodes.write(sep + gexf.node(piece, attrs))
                sep = gexf.SEP
        has_nodes, sep = bool(sep), ""
        for group in corpus.id_groups():
            for _, piece in _merged(list(corpus.fragments("gexf", group)), "edges"):
                edges.write(sep + gexf.edge(piece, f"e{n}", attrs))
                n, sep = n + 1, gexf.SEP
        head, middle, tail = gexf.frame(attrs, has_nodes, bool(sep))
        with atomic_writer(out / "graph.gexf") as fh:
            for text, spill in ((head, nodes), (middle, edges)):
                fh.write(text)
                spill.seek(0)
                shutil.copyfileobj(spill, fh)
            fh.write(tail)
    replaced = sum(corpus.store.load(s.key, "gexf")["replaced"] for s in corpus.summaries)
    return exchange.xml_note("graph.gexf", replaced)


def by_subject(corpus: Corpus, kind: str) -> Iterator[str]:
    """The per-subject texts of fragments of ``kind`` (lists "doc", "link" and "node" of
    (subject IRI, text), each sorted) of every document, in the order of their subjects, as
    a whole-graph writer sorts them: a document's subjects lie together within each list
    (the document's own ``doc/…``, its links' ``link/…``, its nodes' ``node/…``, whose ids
    its slug starts), so three passes over the documents, each in its list's order."""
    from policykg.export import vocab as v

    def load(s: Any, part: str) -> Any:
        return corpus.store.load(s.key, kind)[part]

    docs = sorted(corpus.summaries, key=lambda s: v.doc_iri_text(s.doc_id))
    links = sorted(corpus.summaries, key=lambda s: v.encode_segment(s.doc_id) + "/")
    groups = sorted(corpus.id_groups(), key=lambda g: v.encode_segment(g[0].prefix) + "/")
    for part, lists in (("doc", ([load(s, "doc")] for s in docs)),
                        ("link", ([load(s, "link")] for s in links)),
                        ("node", ([load(s, "node") for s in g] for g in groups))):
        for found in lists:
            for _, text in _merged([{part: p} for p in found], part):
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
    sections = (piece for section in corpus.fragments("report") for piece in section)
    with atomic_writer(out / "report.html") as fh:
        fh.writelines(html_report.page(html.title_of(docs), docs, corpus.node_counts,
                                       sum(corpus.edge_counts.values()), node_counts, reports,
                                       sections))


def write_graph_page(corpus: Corpus, out: Path) -> None:
    """graph.html, the same bytes as ``page.render_graph`` of the whole graph."""
    from policykg.export.html import corpus_layout as cl
    from policykg.export.html import stream

    laid = [s for s in corpus.summaries if s.tile is not None]  # by document id, as layout.py
    docs = [s.doc_id for s in laid]
    key_of = {s.doc_id: s.key for s in laid}
    force = cl.force_tiles(docs, [(s.tile[0], s.tile[1]) for s in laid], corpus.top,
                           lambda doc: corpus.store.load(key_of[doc], "graph")["layout"]["pieces"])
    col_sizes = [(s.tile[2], s.tile[3]) for s in laid]
    col_corners, col_w, col_h = layout.shelves(col_sizes)
    f_centre, c_centre = (force.width / 2, force.height / 2), (col_w / 2, col_h / 2)
    corner = {doc: (f, c) for doc, f, c in zip(docs, force.corners, col_corners, strict=True)}
    tiles = {"force": cl.tile_boxes(docs, force.sizes, force.corners, f_centre),
             "columns": cl.tile_boxes(docs, col_sizes, col_corners, c_centre)}
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
            located = []
            for doc, f in parts:
                inner = force.inner.get(doc) or f["layout"]["force"][0]
                columns = f["layout"]["columns"][0]
                (fc, cc) = corner[doc]
                for n in f["nodes"]:
                    x, y = cl.placed(inner, fc, f_centre, n["id"])
                    located.append({**n, "x": x, "y": y,
                                    "col": list(cl.placed(columns, cc, c_centre, n["id"]))})
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

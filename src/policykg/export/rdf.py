"""The graph as RDF, typed by ``ontology/policykg.ttl``, and back.

Every attribute that ``graph.json`` carries is written, so :func:`from_rdf` of
:func:`to_rdf` gives the same nodes, edges and attributes. How each one is written:

* a node: ``a pkg:<Type>``, ``dct:identifier`` (its id), ``skos:prefLabel`` (tagged with
  the document's script, ``zh-Hans``/``zh-Hant``), ``pkg:text``, ``prov:wasDerivedFrom``
  (its document), ``pkg:labelSpan``/``pkg:textSpan``/``pkg:mentionSpan`` (Web Annotation
  ``oa:SpecificResource`` spans with ``oa:TextPositionSelector``), ``pkg:partOf`` (items)
  or ``pkg:firstMentionedIn`` (Mechanism/Institution) for ``parent``, ``pkg:inSection``,
  ``pkg:report``, ``pkg:rule``, ``pkg:cue``;
* an edge: the direct triple ``?s pkg:causedBy ?o`` for simple queries, and a ``pkg:Link``
  (an ``rdf:Statement``) carrying ``pkg:score``, ``pkg:rule``, ``pkg:cue``, the
  evidence spans on both ends, ``pkg:cueSpan`` (each word the cue quotes) and
  ``pkg:evidenceSentence`` (each sentence holding the evidence, quoted);
* derived, not read back: ``pkg:mentions`` from each item to the Mechanisms/Institutions
  whose mentions fall inside its text.

No blank nodes and sorted output: the same graph always gives the same bytes.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from functools import lru_cache
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from policykg.export import vocab as v
from policykg.errors import PolicyKGError
from policykg.export.fsio import atomic_write_text
from policykg.export.graph import GRAPH_FORMAT_VERSION
from policykg.export.turtle import Triple, TurtleWriter, decimal_lexical, ntriples, rdfxml, xml_safe

FORMATS: dict[str, str] = {"ttl": "graph.ttl", "jsonld": "graph.jsonld", "nt": "graph.nt",
                           "xml": "graph.rdf"}
DEFAULT_LANGUAGE = "zh"  # a node whose document is unknown: Chinese, script unstated


class RDFError(PolicyKGError):
    """The graph cannot be written as RDF, or RDF read back is not a policykg graph."""


# --- graph -> triples ------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)  # offsets recur across spans; Literal() is costly
def _nonneg(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD.nonNegativeInteger)


def _span(doc: URIRef, start: int, end: int, exact: str | None = None) -> Iterator[Triple]:
    """A Web Annotation specific resource: the document, selected by character offsets.
    Every owner of the same offsets shares it; a quote is the document's text there
    (labels and evidence sentences are slices of it), so quotes never disagree."""
    span = v.span_iri(doc, start, end)
    pos = v.position_selector_iri(span)
    yield span, RDF.type, v.SPECIFIC_RESOURCE
    yield span, v.HAS_SOURCE, doc
    yield span, v.HAS_SELECTOR, pos
    yield pos, RDF.type, v.POSITION_SELECTOR
    yield pos, v.START, _nonneg(start)
    yield pos, v.END, _nonneg(end)
    if exact is not None:
        quote = v.quote_selector_iri(span)
        yield span, v.HAS_SELECTOR, quote
        yield quote, RDF.type, v.QUOTE_SELECTOR
        yield quote, v.EXACT, Literal(exact)


def _document_triples(d: dict[str, Any]) -> Iterator[Triple]:
    s = v.doc_iri(d["id"])
    yield s, RDF.type, v.DOCUMENT
    yield s, v.IDENTIFIER, Literal(d["id"])
    yield s, v.PATH, Literal(d["path"])
    yield s, v.LANGUAGE, Literal(d["script"])
    yield s, v.ENCODING, Literal(d["encoding"])
    yield s, v.FILE_FORMAT, Literal(d["format"])
    yield s, v.CHAR_COUNT, Literal(int(d["chars"]))


def _node_triples(nid: str, a: dict[str, Any], lang: str) -> Iterator[Triple]:
    if a.get("type") not in v.NODE_CLASSES:
        raise RDFError(f"node {nid} has unknown type {a.get('type')!r}")
    s, doc = v.node_iri(nid), v.doc_iri(a["doc"])
    yield s, RDF.type, v.NODE_CLASSES[a["type"]]
    yield s, v.IDENTIFIER, Literal(nid)
    yield s, v.PREF_LABEL, Literal(a["label"], lang=lang)
    yield s, v.DERIVED_FROM, doc
    yield s, v.REPORT, Literal(int(a.get("report", 0)))
    yield from _node_spans(s, doc, a)
    if a.get("text"):
        yield s, v.TEXT, Literal(a["text"], lang=lang)
    for attr, prop in (("rule", v.RULE), ("cue", v.CUE)):
        if a.get(attr):
            yield s, prop, Literal(a[attr])
    if a.get("parent") is not None:
        up = v.PART_OF if a["type"] in v.ITEM_TYPES else v.FIRST_MENTIONED_IN
        yield s, up, v.node_iri(a["parent"])
    if a.get("section") is not None:
        yield from _section_triples(s, a["doc"], int(a.get("report", 0)), a["section"], lang)


def _node_spans(s: URIRef, doc: URIRef, a: dict[str, Any]) -> Iterator[Triple]:
    """The label's span (quoted), every mention, and the item's full text."""
    start, end = a["start"], a["end"]
    text_span = (a.get("text_start", 0), a.get("text_end", 0))
    # The quote is only stated where it cannot disagree with the text span's.
    exact = a["label"] if text_span != (start, end) or a["label"] == a.get("text") else None
    yield s, v.LABEL_SPAN, v.span_iri(doc, start, end)
    yield from _span(doc, start, end, exact)
    for ms, me in a.get("spans") or ():
        yield s, v.MENTION_SPAN, v.span_iri(doc, ms, me)
        yield from _span(doc, ms, me)
    if text_span != (0, 0):  # (0, 0): the node has no item text (a Mechanism, say)
        yield s, v.TEXT_SPAN, v.span_iri(doc, *text_span)
        yield from _span(doc, *text_span)


def _section_triples(node: URIRef, doc_id: str, report: int, title: str,
                     lang: str) -> Iterator[Triple]:
    sec = v.section_iri(doc_id, report, title)
    yield node, v.IN_SECTION, sec
    yield sec, RDF.type, v.SECTION
    yield sec, v.TITLE, Literal(title, lang=lang)
    yield sec, v.IS_PART_OF, v.doc_iri(doc_id)
    yield sec, v.REPORT, Literal(report)


def _edge_triples(u: str, w: str, a: dict[str, Any]) -> Iterator[Triple]:
    prop = v.EDGE_PROPERTIES.get(a.get("type", ""))
    if prop is None:
        raise RDFError(f"edge {u} -> {w} has unknown type {a.get('type')!r}")
    su, sw, doc = v.node_iri(u), v.node_iri(w), v.doc_iri(a["doc"])
    link = v.link_iri(a["doc"], u, a["type"], w)
    yield su, prop, sw
    yield link, RDF.type, v.LINK
    yield link, RDF.subject, su
    yield link, RDF.predicate, prop
    yield link, RDF.object, sw
    yield link, v.SCORE, Literal(decimal_lexical(a["score"]), datatype=XSD.decimal)
    yield link, v.DERIVED_FROM, doc
    for attr, prop_ in (("rule", v.RULE), ("cue", v.CUE)):
        if a.get(attr):
            yield link, prop_, Literal(a[attr])
    for key, prop_ in (("source_span", v.SOURCE_EVIDENCE), ("target_span", v.TARGET_EVIDENCE)):
        s, e = a[key]
        yield link, prop_, v.span_iri(doc, s, e)
        yield from _span(doc, s, e)
    for s, e in a.get("cue_spans") or ():
        yield link, v.CUE_SPAN, v.span_iri(doc, s, e)
        yield from _span(doc, s, e)
    for ev in a.get("evidence") or ():
        yield link, v.EVIDENCE_SENTENCE, v.span_iri(doc, ev["start"], ev["end"])
        yield from _span(doc, ev["start"], ev["end"], ev["text"])


def _mention_triples(g: nx.MultiDiGraph) -> Iterator[Triple]:
    for holder, named in mention_pairs(g):
        yield v.node_iri(holder), v.MENTIONS, v.node_iri(named)


def mention_pairs(g: nx.MultiDiGraph) -> Iterator[tuple[str, str]]:
    """(item, named node) for pkg:mentions: a named node's parent, and for each of its
    mentions the innermost item whose text holds it (shared by both Turtle writers)."""
    items: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    mentions: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for nid, a in g.nodes(data=True):
        if a.get("type") in v.ITEM_TYPES:
            if a.get("text_end", 0) > a.get("text_start", 0):
                items[a["doc"]].append((a["text_start"], a["text_end"], nid))
        elif a.get("type") in v.NODE_CLASSES:
            if a.get("parent") is not None:
                yield a["parent"], nid
            mentions[a["doc"]].extend((ms, me, nid) for ms, me in a.get("spans") or ())
    for doc, found in mentions.items():
        for (ms, me, nid), holder in zip(found, innermost(items.get(doc, []), found)):
            if holder is not None:
                yield holder, nid


def innermost(intervals: list[tuple[int, int, str]],
              queries: list[tuple[int, int, str]]) -> list[str | None]:
    """For each query (start, end, _), the id of the shortest interval (start, end, id)
    holding it (ties: the smaller id), or None. One sweep by start: the intervals open at a
    query's start are kept in a heap by end, so the cost is (n + q) log n plus, per query,
    the intervals open there (their nesting depth), not every interval of the document."""
    by_start = sorted(intervals)
    order = sorted(range(len(queries)), key=lambda i: queries[i][:2])
    out: list[str | None] = [None] * len(queries)
    open_: list[tuple[int, int, str]] = []  # heap of (end, start, id)
    at = 0
    for i in order:
        qs, qe, _ = queries[i]
        while at < len(by_start) and by_start[at][0] <= qs:
            s, e, iid = by_start[at]
            heapq.heappush(open_, (e, s, iid))
            at += 1
        while open_ and open_[0][0] < qs:  # ended before this query starts: never again
            heapq.heappop(open_)
        best = min(((e - s, iid) for e, s, iid in open_ if e >= qe), default=None)
        out[i] = best[1] if best else None
    return out


def triples(g: nx.MultiDiGraph) -> list[Triple]:
    """Every triple of the graph, unique and sorted (so the order never depends on input)."""
    return sorted(triple_set(g), key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))


def triple_set(g: nx.MultiDiGraph) -> set[Triple]:
    """Every triple of the graph, unordered (the writers sort what they write)."""
    docs = g.graph.get("documents", [])
    scripts = {d["id"]: d.get("script") or DEFAULT_LANGUAGE for d in docs}
    out: set[Triple] = set()
    for d in docs:
        out.update(_document_triples(d))
    for nid, a in g.nodes(data=True):
        out.update(_node_triples(nid, a, scripts.get(a.get("doc"), DEFAULT_LANGUAGE)))
    for u, w, a in g.edges(data=True):
        out.update(_edge_triples(u, w, a))
    out.update(_mention_triples(g))
    return out


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    rg = Graph()
    for prefix, ns in v.PREFIXES.items():
        rg.bind(prefix, ns, override=True, replace=True)
    for t in triples(g):
        rg.add(t)
    return rg


# --- serialisation ---------------------------------------------------------------------
def turtle(g: nx.MultiDiGraph) -> str:
    return TurtleWriter(v.PREFIXES, base=v.ID).serialize(triple_set(g))


def turtle_blocks(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """graph.ttl's statements about each subject of ``g``, sorted by subject: the
    Turtle of ``g`` is ``vocab.turtle_header()`` and these blocks, in this order."""
    return TurtleWriter(v.PREFIXES, base=v.ID).blocks(triple_set(g))


def _jsonld(g: nx.MultiDiGraph) -> str:
    """JSON-LD compacted with graph.ttl's prefixes, sorted (``jsonld``, without rdflib)."""
    from policykg.export import jsonld, rdfstream

    return jsonld.dumps(rdfstream.ntriples_lines(g))


def rdfxml_fragment(lines: Iterable[str]) -> dict[str, Any]:
    """One document's RDF/XML for a corpus, made from its N-Triples lines (no rdflib terms):
    its ``rdf:Description`` blocks, characters XML cannot hold replaced (``ntlines.by_kind``),
    and how many were."""
    from policykg.export import ntlines
    from policykg.export import turtle

    qname = _rdfxml_qname()
    by_subject: dict[str, set[str]] = {}
    made: dict[tuple[str, str], str] = {}  # a statement's line, by its predicate and object
    for line in lines:
        s, p, o = ntlines.split(line)
        text = made.get((p, o))
        if text is None and o.startswith("<"):
            text = made[p, o] = turtle.rdfxml_line(qname(p), o[1:-1])
        elif text is None:
            lexical, language, datatype = ntlines.literal(o)
            text = made[p, o] = turtle.rdfxml_line(
                qname(p), None, lexical, language,
                None if datatype == str(XSD.string) else datatype)
        by_subject.setdefault(s, set()).add(text)
    replaced = 0
    blocks = []
    for s, block in turtle.rdfxml_blocks(by_subject):
        safe, n = xml_safe(block)
        blocks.append((s, safe))
        replaced += n
    return {**ntlines.by_kind(blocks), "replaced": replaced}


@lru_cache(maxsize=1)
def _rdfxml_qname() -> Any:
    """graph.rdf's element name of a predicate, each found once: they are few."""
    from policykg.export import turtle

    return lru_cache(maxsize=1 << 10)(turtle._qnames(v.PREFIXES))


def _rdfxml(g: nx.MultiDiGraph) -> str:
    """RDF/XML; characters XML 1.0 cannot hold at all become U+FFFD (``xml_safe``)."""
    # our own writer: rdflib's RDF/XML order changes with Python's per-process hash seed
    return xml_safe(rdfxml(triple_set(g), v.PREFIXES))[0]


def _ntriples(g: nx.MultiDiGraph) -> str:
    """N-Triples, sorted: ``ntriples(triple_set(g))``, made without rdflib terms (rdfstream)."""
    from policykg.export import rdfstream

    return "".join(rdfstream.ntriples_lines(g))


SERIALIZERS = {
    "ttl": turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
    "xml": _rdfxml,
}


def serialize(g: nx.MultiDiGraph, fmt: str) -> str:
    if fmt not in SERIALIZERS:
        raise RDFError(f"unknown RDF format {fmt!r} (known: {', '.join(sorted(SERIALIZERS))})")
    return SERIALIZERS[fmt](g)


def write(g: nx.MultiDiGraph, out_dir: Path, fmt: str) -> Path:
    """Write ``graph.<ext>`` for ``fmt`` in ttl/jsonld/nt/xml into ``out_dir``, atomically."""
    text = serialize(g, fmt)
    path = Path(out_dir) / FORMATS[fmt]
    atomic_write_text(path, text)
    return path


# --- triples -> graph ------------------------------------------------------------------
_REQUIRED = object()


def _one(rg: Graph, s: URIRef, p: URIRef, default: Any = _REQUIRED) -> Any:
    values = list(rg.objects(s, p))
    if not values:
        if default is _REQUIRED:
            raise RDFError(f"{s} has no {rg.namespace_manager.normalizeUri(p)}")
        return default
    if len(values) > 1:
        raise RDFError(f"{s} has {len(values)} values of {rg.namespace_manager.normalizeUri(p)}")
    return values[0]


def _offsets(rg: Graph, span: URIRef) -> tuple[int, int]:
    for sel in rg.objects(span, v.HAS_SELECTOR):
        start = _one(rg, sel, v.START, None)
        if start is not None:
            return int(str(start)), int(str(_one(rg, sel, v.END)))
    raise RDFError(f"span {span} has no oa:TextPositionSelector")


def _id_of(rg: Graph, iri: URIRef) -> str:
    ident = _one(rg, iri, v.IDENTIFIER, None)
    return str(ident) if ident is not None else v.node_id_from_iri(iri)


def _read_document(rg: Graph, s: URIRef) -> dict[str, Any]:
    return {"id": str(_one(rg, s, v.IDENTIFIER)), "path": str(_one(rg, s, v.PATH)),
            "script": str(_one(rg, s, v.LANGUAGE)), "encoding": str(_one(rg, s, v.ENCODING)),
            "format": str(_one(rg, s, v.FILE_FORMAT)),
            "chars": int(str(_one(rg, s, v.CHAR_COUNT)))}


def _read_node(rg: Graph, s: URIRef, node_type: str) -> dict[str, Any]:
    start, end = _offsets(rg, _one(rg, s, v.LABEL_SPAN))
    text_span = _one(rg, s, v.TEXT_SPAN, None)
    text_start, text_end = _offsets(rg, text_span) if text_span is not None else (0, 0)
    up = _one(rg, s, v.PART_OF if node_type in v.ITEM_TYPES else v.FIRST_MENTIONED_IN, None)
    section = _one(rg, s, v.IN_SECTION, None)
    return {
        "type": node_type,
        "label": str(_one(rg, s, v.PREF_LABEL)),
        "doc": v.doc_id_from_iri(_one(rg, s, v.DERIVED_FROM)),
        "start": start, "end": end,
        "spans": sorted([list(_offsets(rg, m)) for m in rg.objects(s, v.MENTION_SPAN)]),
        "parent": _id_of(rg, up) if up is not None else None,
        "section": str(_one(rg, section, v.TITLE)) if section is not None else None,
        "text": str(_one(rg, s, v.TEXT, "")),
        "text_start": text_start, "text_end": text_end,
        "rule": str(_one(rg, s, v.RULE, "")), "cue": str(_one(rg, s, v.CUE, "")),
        "report": int(str(_one(rg, s, v.REPORT, 0))),
    }


def _read_link(rg: Graph, link: URIRef) -> tuple[str, str, dict[str, Any]]:
    prop = _one(rg, link, RDF.predicate)
    if prop not in v.EDGE_TYPES:
        raise RDFError(f"{link} states an unknown relation {prop}")
    return _id_of(rg, _one(rg, link, RDF.subject)), _id_of(rg, _one(rg, link, RDF.object)), {
        "type": v.EDGE_TYPES[prop],
        "doc": v.doc_id_from_iri(_one(rg, link, v.DERIVED_FROM)),
        "score": float(str(_one(rg, link, v.SCORE))),
        "rule": str(_one(rg, link, v.RULE, "")), "cue": str(_one(rg, link, v.CUE, "")),
        "source_span": list(_offsets(rg, _one(rg, link, v.SOURCE_EVIDENCE))),
        "target_span": list(_offsets(rg, _one(rg, link, v.TARGET_EVIDENCE))),
        "cue_spans": sorted(list(_offsets(rg, sp)) for sp in rg.objects(link, v.CUE_SPAN)),
        "evidence": sorted(({"start": s, "end": e, "text": _exact(rg, sp)}
                            for sp in rg.objects(link, v.EVIDENCE_SENTENCE)
                            for s, e in [_offsets(rg, sp)]), key=lambda d: (d["start"], d["end"])),
    }


def _exact(rg: Graph, span: URIRef) -> str:
    for sel in rg.objects(span, v.HAS_SELECTOR):
        exact = _one(rg, sel, v.EXACT, None)
        if exact is not None:
            return str(exact)
    raise RDFError(f"span {span} has no oa:TextQuoteSelector")


def from_rdf(rg: Graph) -> nx.MultiDiGraph:
    """The networkx graph an RDF graph written by :func:`to_rdf` describes."""
    g = nx.MultiDiGraph()
    g.graph["format_version"] = GRAPH_FORMAT_VERSION
    docs = [_read_document(rg, s) for s in set(rg.subjects(RDF.type, v.DOCUMENT))]
    g.graph["documents"] = sorted(docs, key=lambda d: d["id"])
    nodes = [(_id_of(rg, s), _read_node(rg, s, t))
             for cls, t in v.NODE_TYPES.items() for s in set(rg.subjects(RDF.type, cls))]
    for nid, attrs in sorted(nodes, key=lambda n: n[0]):
        g.add_node(nid, **attrs)
    edges = [_read_link(rg, link) for link in set(rg.subjects(RDF.type, v.LINK))]
    for u, w, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2]["type"])):
        g.add_edge(u, w, key=attrs["type"], **attrs)
    return g

"""graph.ttl's statements written straight as Turtle text, one document at a time.

The same triples as ``rdf.triple_set`` (see there for what each one says), made as the
text ``TurtleWriter`` would write for them without building rdflib terms first: a corpus
has millions of triples, and an rdflib ``Literal`` costs more to make than its text.
``rdf.turtle_blocks`` is the reference; the tests hold the two to the same bytes.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib.namespace import RDF, XSD

from policykg.export import rdf, vocab as v
from policykg.export.turtle import TurtleWriter, decimal_lexical, escape_string

_TYPE = str(RDF.type)


class _Subjects:
    """Statements by subject IRI, as Turtle text; ``blocks()`` writes them sorted."""

    def __init__(self) -> None:
        self.w = TurtleWriter(v.PREFIXES, base=v.ID)
        self.by_subject: dict[str, dict[str, set[str]]] = {}
        self.spans: set[tuple[str, str | None]] = set()  # (span IRI, quote) written
        self.nonneg = self.w.iri(str(XSD.nonNegativeInteger))

    def add(self, s: str, p: str, o: str) -> None:
        self.by_subject.setdefault(s, {}).setdefault(p, set()).add(o)

    def iri(self, iri: str) -> str:
        return self.w.iri(iri)

    def blocks(self) -> list[tuple[str, str]]:
        out = []
        for s in sorted(self.by_subject):
            preds = self.by_subject[s]
            keyed = sorted(((0, "a") if p == _TYPE else (1, self.w.iri(p)), p) for p in preds)
            lines = [f"    {text} {', '.join(sorted(preds[p]))}" for (_, text), p in keyed]
            out.append((s, f"\n{self.w.iri(s)}\n" + " ;\n".join(lines) + " .\n"))
        return out


def _plain(s: str) -> str:
    return f'"{escape_string(s)}"'


def _lang(s: str, lang: str) -> str:
    return f'"{escape_string(s)}"@{lang}'


_P = {name: str(getattr(v, name)) for name in (
    "SPECIFIC_RESOURCE", "HAS_SOURCE", "HAS_SELECTOR", "POSITION_SELECTOR", "START", "END",
    "QUOTE_SELECTOR", "EXACT", "DOCUMENT", "IDENTIFIER", "PATH", "LANGUAGE", "ENCODING",
    "FILE_FORMAT", "CHAR_COUNT", "PREF_LABEL", "DERIVED_FROM", "REPORT", "TEXT", "RULE", "CUE",
    "PART_OF", "FIRST_MENTIONED_IN", "IN_SECTION", "SECTION", "TITLE", "IS_PART_OF", "LINK",
    "SCORE", "SOURCE_EVIDENCE", "TARGET_EVIDENCE", "MENTIONS", "LABEL_SPAN", "MENTION_SPAN",
    "TEXT_SPAN", "CUE_SPAN", "EVIDENCE_SENTENCE")}
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)


def turtle_blocks(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """What ``rdf.turtle_blocks(g)`` gives, made without rdflib terms."""
    from policykg.export.rdf import DEFAULT_LANGUAGE, RDFError

    out = _Subjects()
    docs = g.graph.get("documents", [])
    scripts = {d["id"]: d.get("script") or DEFAULT_LANGUAGE for d in docs}
    for d in docs:
        _document(out, d)
    for nid, a in g.nodes(data=True):
        if a.get("type") not in v.NODE_CLASSES:
            raise RDFError(f"node {nid} has unknown type {a.get('type')!r}")
        _node(out, nid, a, scripts.get(a.get("doc"), DEFAULT_LANGUAGE))
    for u, w, a in g.edges(data=True):
        if a.get("type", "") not in v.EDGE_PROPERTIES:
            raise RDFError(f"edge {u} -> {w} has unknown type {a.get('type')!r}")
        _edge(out, u, w, a)
    _mentions(out, g)
    return out.blocks()


def _span(out: _Subjects, doc: str, start: int, end: int, exact: str | None = None) -> str:
    span = str(v.span_iri(doc, start, end))
    if (span, exact) in out.spans:
        return span  # written already, for another node or link
    out.spans.add((span, exact))
    pos = f"{span}-position"
    out.add(span, _TYPE, out.iri(_P["SPECIFIC_RESOURCE"]))
    out.add(span, _P["HAS_SOURCE"], out.iri(doc))
    out.add(span, _P["HAS_SELECTOR"], out.iri(pos))
    out.add(pos, _TYPE, out.iri(_P["POSITION_SELECTOR"]))
    out.add(pos, _P["START"], f'"{int(start)}"^^{out.nonneg}')
    out.add(pos, _P["END"], f'"{int(end)}"^^{out.nonneg}')
    if exact is not None:
        quote = f"{span}-quote"
        out.add(span, _P["HAS_SELECTOR"], out.iri(quote))
        out.add(quote, _TYPE, out.iri(_P["QUOTE_SELECTOR"]))
        out.add(quote, _P["EXACT"], _plain(exact))
    return span


def _document(out: _Subjects, d: dict[str, Any]) -> None:
    s = str(v.doc_iri(d["id"]))
    out.add(s, _TYPE, out.iri(_P["DOCUMENT"]))
    for key, prop in (("id", "IDENTIFIER"), ("path", "PATH"), ("script", "LANGUAGE"),
                      ("encoding", "ENCODING"), ("format", "FILE_FORMAT")):
        out.add(s, _P[prop], _plain(d[key]))
    out.add(s, _P["CHAR_COUNT"], str(int(d["chars"])))


def _node(out: _Subjects, nid: str, a: dict[str, Any], lang: str) -> None:
    s, doc = str(v.node_iri(nid)), str(v.doc_iri(a["doc"]))
    report = int(a.get("report", 0))
    out.add(s, _TYPE, out.iri(str(v.NODE_CLASSES[a["type"]])))
    out.add(s, _P["IDENTIFIER"], _plain(nid))
    out.add(s, _P["PREF_LABEL"], _lang(a["label"], lang))
    out.add(s, _P["DERIVED_FROM"], out.iri(doc))
    out.add(s, _P["REPORT"], str(report))
    _node_spans(out, s, doc, a)
    if a.get("text"):
        out.add(s, _P["TEXT"], _lang(a["text"], lang))
    for attr, prop in (("rule", "RULE"), ("cue", "CUE")):
        if a.get(attr):
            out.add(s, _P[prop], _plain(a[attr]))
    if a.get("parent") is not None:
        up = "PART_OF" if a["type"] in v.ITEM_TYPES else "FIRST_MENTIONED_IN"
        out.add(s, _P[up], out.iri(str(v.node_iri(a["parent"]))))
    if a.get("section") is not None:
        sec = str(v.section_iri(a["doc"], report, a["section"]))
        out.add(s, _P["IN_SECTION"], out.iri(sec))
        out.add(sec, _TYPE, out.iri(_P["SECTION"]))
        out.add(sec, _P["TITLE"], _lang(a["section"], lang))
        out.add(sec, _P["IS_PART_OF"], out.iri(doc))
        out.add(sec, _P["REPORT"], str(report))


def _node_spans(out: _Subjects, s: str, doc: str, a: dict[str, Any]) -> None:
    start, end = a["start"], a["end"]
    text_span = (a.get("text_start", 0), a.get("text_end", 0))
    exact = a["label"] if text_span != (start, end) or a["label"] == a.get("text") else None
    out.add(s, _P["LABEL_SPAN"], out.iri(_span(out, doc, start, end, exact)))
    for ms, me in a.get("spans") or ():
        out.add(s, _P["MENTION_SPAN"], out.iri(_span(out, doc, ms, me)))
    if text_span != (0, 0):
        out.add(s, _P["TEXT_SPAN"], out.iri(_span(out, doc, *text_span)))


def _edge(out: _Subjects, u: str, w: str, a: dict[str, Any]) -> None:
    prop = out.iri(str(v.EDGE_PROPERTIES[a["type"]]))
    su, sw, doc = str(v.node_iri(u)), str(v.node_iri(w)), str(v.doc_iri(a["doc"]))
    link = str(v.link_iri(a["doc"], u, a["type"], w))
    out.add(su, str(v.EDGE_PROPERTIES[a["type"]]), out.iri(sw))
    out.add(link, _TYPE, out.iri(_P["LINK"]))
    out.add(link, _SUBJECT, out.iri(su))
    out.add(link, _PREDICATE, prop)
    out.add(link, _OBJECT, out.iri(sw))
    out.add(link, _P["SCORE"], decimal_lexical(decimal_lexical(a["score"])))
    out.add(link, _P["DERIVED_FROM"], out.iri(doc))
    for attr, p in (("rule", "RULE"), ("cue", "CUE")):
        if a.get(attr):
            out.add(link, _P[p], _plain(a[attr]))
    for key, p in (("source_span", "SOURCE_EVIDENCE"), ("target_span", "TARGET_EVIDENCE")):
        s, e = a[key]
        out.add(link, _P[p], out.iri(_span(out, doc, s, e)))
    for s, e in a.get("cue_spans") or ():
        out.add(link, _P["CUE_SPAN"], out.iri(_span(out, doc, s, e)))
    for ev in a.get("evidence") or ():
        out.add(link, _P["EVIDENCE_SENTENCE"],
                out.iri(_span(out, doc, ev["start"], ev["end"], ev["text"])))


def _mentions(out: _Subjects, g: nx.MultiDiGraph) -> None:
    """item pkg:mentions M for the innermost item whose text holds a mention of M."""
    for holder, named in rdf.mention_pairs(g):
        out.add(str(v.node_iri(holder)), _P["MENTIONS"], out.iri(str(v.node_iri(named))))

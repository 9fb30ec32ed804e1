"""graph.ttl's statements written straight as Turtle text, one document at a time.

The same triples as ``rdf.triple_set`` (see there for what each one says), made as the
text ``TurtleWriter`` would write for them without building rdflib terms first: a corpus
has millions of triples, and an rdflib ``Literal`` costs more to make than its text.
``rdf.turtle_blocks`` is the reference; the tests hold the two to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib.namespace import RDF, XSD

from policykg.export import rdf, vocab as v
from policykg.export.turtle import TurtleWriter, decimal_lexical, escape_string, nt_iri

_TYPE = str(RDF.type)


class _Subjects:
    """Turtle blocks, one per subject, each made when its statements are all known.

    A node's and a link's statements come from one place each, so their blocks are made at
    once; a span is shared by every node and link it is evidence of and a section by its
    items, so those are gathered first and made at the end. Nothing holds the document's
    statements one by one (that took several times the size of its Turtle). ``blocks()``
    sorts by subject: the order and bytes of ``TurtleWriter.blocks``."""

    def __init__(self, ntriples: bool = False) -> None:
        self.w = TurtleWriter(v.PREFIXES, base=v.ID)
        self.ntriples = ntriples  # N-Triples lines instead of Turtle blocks
        self.iri = _nt_iri if ntriples else self.w.iri  # an IRI as the output writes it
        self.out: list[tuple[str, str]] = []
        self.spans: dict[str, tuple[str, int, int, set[str]]] = {}  # IRI -> doc, offsets, quotes
        self.sections: dict[str, dict[str, set[str]]] = {}
        self.nonneg = self.iri(str(XSD.nonNegativeInteger))
        self._integer = self.iri(str(XSD.integer))
        self._decimal = self.iri(str(XSD.decimal))
        self._keys: dict[str, tuple[int, str]] = {}  # predicate IRI -> its sort key and text
        # spans' blocks from templates (_span_blocks_fast) where their IRIs are written
        # relative to the base, as every policykg document's is
        self.spans_fast = not ntriples and not self.w._near_base and self.w.base == v.ID
        self.templates = self._span_templates() if self.spans_fast else {}

    def integer(self, n: int) -> str:
        return f'"{int(n)}"^^{self._integer}' if self.ntriples else str(int(n))

    def decimal(self, x: object) -> str:
        text = decimal_lexical(decimal_lexical(x))
        return f'"{text}"^^{self._decimal}' if self.ntriples else text

    def block(self, s: str, preds: dict[str, Any]) -> None:
        """The block of subject ``s``: predicate IRI -> its objects (Turtle texts)."""
        if self.ntriples:
            subject = self.iri(s)
            self.out.extend((f"{subject} {_nt_iri(p)} {o} .\n", "")
                            for p, objs in preds.items() for o in set(objs))
            return
        keys = self._keys
        for p in preds:
            if p not in keys:
                keys[p] = (0, "a") if p == _TYPE else (1, self.w.iri(p))
        lines = [f"    {keys[p][1]} {', '.join(sorted(set(objs)))}"
                 for p, objs in sorted(preds.items(), key=lambda kv: keys[kv[0]])]
        self.out.append((s, f"\n{self.w.iri(s)}\n" + " ;\n".join(lines) + " .\n"))

    def _span_templates(self) -> dict[str, str]:
        """The text ``block()`` makes of a span, its position and its quote selector, with
        ``{s}`` for the subject and a field for each object (escaped for ``str.format``)."""
        def template(preds: dict[str, str]) -> str:
            self.block("S", {p: ["O" + str(i)] for i, p in enumerate(preds)})
            _, text = self.out.pop()
            text = text.replace("{", "{{").replace("}", "}}")
            text = text.replace(f"\n{self.w.iri('S')}\n", "\n{s}\n", 1)
            for i, field in enumerate(preds.values()):
                text = text.replace(f" O{i}", f" {{{field}}}", 1)
            return text

        return {"span": template({_TYPE: "type", _P["HAS_SOURCE"]: "doc",
                                  _P["HAS_SELECTOR"]: "sel"}).replace(
                    "{type}", self.iri(_P["SPECIFIC_RESOURCE"])),
                "position": template({_TYPE: "type", _P["START"]: "start", _P["END"]: "end"})
                .replace("{type}", self.iri(_P["POSITION_SELECTOR"]))
                .replace("{start}", f'"{{start}}"^^{self.nonneg}')
                .replace("{end}", f'"{{end}}"^^{self.nonneg}'),
                "quote": template({_TYPE: "type", _P["EXACT"]: "exact"}).replace(
                    "{type}", self.iri(_P["QUOTE_SELECTOR"]))}

    def blocks(self) -> list[tuple[str, str]]:
        for span, (doc, start, end, quotes) in self.spans.items():
            _span_blocks(self, span, doc, start, end, quotes)
        for sec, preds in self.sections.items():
            self.block(sec, preds)
        self.out.sort(key=lambda b: b[0])
        return self.out


@lru_cache(maxsize=1 << 16)
def _nt_iri(iri: str) -> str:
    return nt_iri(iri)


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
    return _statements(g, _Subjects())


def ntriples_lines(g: nx.MultiDiGraph) -> list[str]:
    """The N-Triples lines of ``g``, sorted: ``turtle.ntriples(rdf.triple_set(g))`` is
    their concatenation. Made the same way as the Turtle, without rdflib terms."""
    lines = [line for line, _ in _statements(g, _Subjects(ntriples=True))]
    return [line for i, line in enumerate(lines) if not i or line != lines[i - 1]]


def _statements(g: nx.MultiDiGraph, out: _Subjects) -> list[tuple[str, str]]:
    from policykg.export.rdf import DEFAULT_LANGUAGE, RDFError

    docs = g.graph.get("documents", [])
    scripts = {d["id"]: d.get("script") or DEFAULT_LANGUAGE for d in docs}
    for d in docs:
        _document(out, d)
    extra: dict[str, list[tuple[str, str]]] = {}  # node -> its edges' and mentions' statements
    links: dict[str, dict[str, set[str]]] = {}
    for u, w, a in g.edges(data=True):
        if a.get("type", "") not in v.EDGE_PROPERTIES:
            raise RDFError(f"edge {u} -> {w} has unknown type {a.get('type')!r}")
        prop = str(v.EDGE_PROPERTIES[a["type"]])
        extra.setdefault(u, []).append((prop, out.iri(v.node_iri_text(w))))
        _edge(out, links, u, w, a)
    for holder, named in rdf.mention_pairs(g):
        extra.setdefault(holder, []).append((_P["MENTIONS"], out.iri(v.node_iri_text(named))))
    for nid, a in g.nodes(data=True):
        if a.get("type") not in v.NODE_CLASSES:
            raise RDFError(f"node {nid} has unknown type {a.get('type')!r}")
        _node(out, nid, a, scripts.get(a.get("doc"), DEFAULT_LANGUAGE), extra.get(nid, ()))
    for link, preds in links.items():
        out.block(link, preds)
    return out.blocks()


def _span(out: _Subjects, doc: str, start: int, end: int, exact: str | None = None) -> str:
    """The span's IRI as an object of the output; its statements are made once, by
    ``blocks()``."""
    span = v.span_iri_text(doc, start, end)
    found = out.spans.get(span)
    if found is None:
        found = out.spans[span] = (doc, int(start), int(end), set())
    if exact is not None:
        found[3].add(_plain(exact))
    if out.spans_fast:  # as _span_blocks_fast writes it
        return f"{out.iri(doc)[:-1]}#{int(start)}-{int(end)}>"
    return out.iri(span)


def _span_blocks(out: _Subjects, span: str, doc: str, start: int, end: int,
                 quotes: set[str]) -> None:
    pos, quote = f"{span}-position", f"{span}-quote"
    if out.spans_fast:
        _span_blocks_fast(out, span, doc, start, end, quotes)
        return
    selectors = [out.iri(pos), out.iri(quote)] if quotes else [out.iri(pos)]
    out.block(span, {_TYPE: [out.iri(_P["SPECIFIC_RESOURCE"])],
                     _P["HAS_SOURCE"]: [out.iri(doc)], _P["HAS_SELECTOR"]: selectors})
    out.block(pos, {_TYPE: [out.iri(_P["POSITION_SELECTOR"])],
                    _P["START"]: [f'"{start}"^^{out.nonneg}'],
                    _P["END"]: [f'"{end}"^^{out.nonneg}']})
    if quotes:
        out.block(quote, {_TYPE: [out.iri(_P["QUOTE_SELECTOR"])], _P["EXACT"]: quotes})


def _span_blocks_fast(out: _Subjects, span: str, doc: str, start: int, end: int,
                      quotes: set[str]) -> None:
    """The blocks ``block()`` makes of a span, from templates: a corpus has more spans than
    anything else, and their predicates and the form of their IRIs never change. A span's
    IRI is its document's plus ``#start-end`` and its selectors' add ``-position`` or
    ``-quote``: written relative to the base like the document's, with nothing to escape."""
    short = f"{out.iri(doc)[:-1]}#{start}-{end}"
    pos, quote = f"{short}-position>", f"{short}-quote>"
    t = out.templates
    add = out.out.append
    add((span, t["span"].format(s=f"{short}>", doc=out.iri(doc),
                                sel=f"{pos}, {quote}" if quotes else pos)))
    add((f"{span}-position", t["position"].format(s=pos, start=start, end=end)))
    if quotes:
        add((f"{span}-quote", t["quote"].format(s=quote, exact=", ".join(sorted(quotes)))))


def _document(out: _Subjects, d: dict[str, Any]) -> None:
    preds: dict[str, Any] = {_TYPE: [out.iri(_P["DOCUMENT"])],
                             _P["CHAR_COUNT"]: [out.integer(d["chars"])]}
    for key, prop in (("id", "IDENTIFIER"), ("path", "PATH"), ("script", "LANGUAGE"),
                      ("encoding", "ENCODING"), ("format", "FILE_FORMAT")):
        preds.setdefault(_P[prop], []).append(_plain(d[key]))
    out.block(v.doc_iri_text(d["id"]), preds)


def _node(out: _Subjects, nid: str, a: dict[str, Any], lang: str,
          extra: Iterable[tuple[str, str]]) -> None:
    s, doc = v.node_iri_text(nid), v.doc_iri_text(a["doc"])
    report = int(a.get("report", 0))
    preds: dict[str, Any] = {
        _TYPE: [out.iri(str(v.NODE_CLASSES[a["type"]]))], _P["IDENTIFIER"]: [_plain(nid)],
        _P["PREF_LABEL"]: [_lang(a["label"], lang)], _P["DERIVED_FROM"]: [out.iri(doc)],
        _P["REPORT"]: [out.integer(report)]}
    _node_spans(out, preds, doc, a)
    if a.get("text"):
        preds.setdefault(_P["TEXT"], []).append(_lang(a["text"], lang))
    for attr, prop in (("rule", "RULE"), ("cue", "CUE")):
        if a.get(attr):
            preds.setdefault(_P[prop], []).append(_plain(a[attr]))
    if a.get("parent") is not None:
        up = "PART_OF" if a["type"] in v.ITEM_TYPES else "FIRST_MENTIONED_IN"
        preds.setdefault(_P[up], []).append(out.iri(v.node_iri_text(a["parent"])))
    if a.get("section") is not None:
        sec = v.section_iri_text(a["doc"], report, a["section"])
        preds.setdefault(_P["IN_SECTION"], []).append(out.iri(sec))
        found = out.sections.setdefault(sec, {})
        for p, o in ((_TYPE, out.iri(_P["SECTION"])), (_P["TITLE"], _lang(a["section"], lang)),
                     (_P["IS_PART_OF"], out.iri(doc)), (_P["REPORT"], out.integer(report))):
            found.setdefault(p, set()).add(o)
    for p, o in extra:
        preds.setdefault(p, []).append(o)
    out.block(s, preds)


def _node_spans(out: _Subjects, preds: dict[str, Any], doc: str, a: dict[str, Any]) -> None:
    start, end = a["start"], a["end"]
    text_span = (a.get("text_start", 0), a.get("text_end", 0))
    exact = a["label"] if text_span != (start, end) or a["label"] == a.get("text") else None
    preds.setdefault(_P["LABEL_SPAN"], []).append(_span(out, doc, start, end, exact))
    for ms, me in a.get("spans") or ():
        preds.setdefault(_P["MENTION_SPAN"], []).append(_span(out, doc, ms, me))
    if text_span != (0, 0):
        preds.setdefault(_P["TEXT_SPAN"], []).append(_span(out, doc, *text_span))


def _edge(out: _Subjects, links: dict[str, dict[str, set[str]]], u: str, w: str,
          a: dict[str, Any]) -> None:
    """The edge's pkg:Link (gathered: two edges of one type between two nodes share it)."""
    prop = out.iri(str(v.EDGE_PROPERTIES[a["type"]]))
    su, sw, doc = v.node_iri_text(u), v.node_iri_text(w), v.doc_iri_text(a["doc"])
    preds = links.setdefault(v.link_iri_text(a["doc"], u, a["type"], w), {})

    def add(p: str, o: str) -> None:
        preds.setdefault(p, set()).add(o)

    add(_TYPE, out.iri(_P["LINK"]))
    add(_SUBJECT, out.iri(su))
    add(_PREDICATE, prop)
    add(_OBJECT, out.iri(sw))
    add(_P["SCORE"], out.decimal(a["score"]))
    add(_P["DERIVED_FROM"], out.iri(doc))
    for attr, p in (("rule", "RULE"), ("cue", "CUE")):
        if a.get(attr):
            add(_P[p], _plain(a[attr]))
    for key, p in (("source_span", "SOURCE_EVIDENCE"), ("target_span", "TARGET_EVIDENCE")):
        s, e = a[key]
        add(_P[p], _span(out, doc, s, e))
    for s, e in a.get("cue_spans") or ():
        add(_P["CUE_SPAN"], _span(out, doc, s, e))
    for ev in a.get("evidence") or ():
        add(_P["EVIDENCE_SENTENCE"], _span(out, doc, ev["start"], ev["end"], ev["text"]))

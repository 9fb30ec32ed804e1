"""graph.ttl's statements written straight as Turtle text, one document at a time.

The same triples as ``rdf.triple_set`` (see there for what each one says), made as the
text ``TurtleWriter`` would write for them without building rdflib terms first: a corpus
has millions of triples, and an rdflib ``Literal`` costs more to make than its text.
``rdf.turtle_blocks`` is the reference; the tests hold the two to the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

import networkx as nx
from rdflib.namespace import RDF, XSD

from policykg.export import rdf, vocab as v
from policykg.common.nogc import without_collection
from policykg.export.turtle import TurtleWriter, decimal_lexical, escape_string, nt_iri

_TYPE = str(RDF.type)
_P = {name: str(getattr(v, name)) for name in (
    "SPECIFIC_RESOURCE", "HAS_SOURCE", "HAS_SELECTOR", "POSITION_SELECTOR", "START", "END",
    "QUOTE_SELECTOR", "EXACT", "DOCUMENT", "IDENTIFIER", "PATH", "LANGUAGE", "ENCODING",
    "FILE_FORMAT", "CHAR_COUNT", "PREF_LABEL", "DERIVED_FROM", "REPORT", "TEXT", "RULE", "CUE",
    "PART_OF", "FIRST_MENTIONED_IN", "IN_SECTION", "SECTION", "TITLE", "IS_PART_OF", "LINK",
    "SCORE", "SOURCE_EVIDENCE", "TARGET_EVIDENCE", "MENTIONS", "LABEL_SPAN", "MENTION_SPAN",
    "TEXT_SPAN", "CUE_SPAN", "EVIDENCE_SENTENCE")}
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
# the predicates written on the hot paths, each in a name of its own
(_HAS_SOURCE, _HAS_SELECTOR, _START, _END, _EXACT, _CHAR_COUNT, _IDENTIFIER, _PREF_LABEL,
 _DERIVED_FROM, _REPORT, _TEXT, _RULE, _CUE, _PART_OF, _FIRST_MENTIONED_IN, _IN_SECTION, _TITLE,
 _IS_PART_OF, _SCORE, _SOURCE_EVIDENCE, _TARGET_EVIDENCE, _MENTIONS, _LABEL_SPAN, _MENTION_SPAN,
 _TEXT_SPAN, _CUE_SPAN, _EVIDENCE_SENTENCE) = (_P[name] for name in (
    "HAS_SOURCE", "HAS_SELECTOR", "START", "END", "EXACT", "CHAR_COUNT", "IDENTIFIER",
    "PREF_LABEL", "DERIVED_FROM", "REPORT", "TEXT", "RULE", "CUE", "PART_OF",
    "FIRST_MENTIONED_IN", "IN_SECTION", "TITLE", "IS_PART_OF", "SCORE", "SOURCE_EVIDENCE",
    "TARGET_EVIDENCE", "MENTIONS", "LABEL_SPAN", "MENTION_SPAN", "TEXT_SPAN", "CUE_SPAN",
    "EVIDENCE_SENTENCE"))
_CLASSES = {name: str(iri) for name, iri in v.NODE_CLASSES.items()}
_EDGE_PROPERTIES = {name: str(iri) for name, iri in v.EDGE_PROPERTIES.items()}

# Predicates and classes are few and the same in every document: their Turtle text, and
# a predicate's place in a block ("a" first, then by that text), are found once.
_TURTLE = TurtleWriter(v.PREFIXES, base=v.ID)


class _Written(dict):
    """predicate IRI -> its Turtle text, found on first use."""

    def __missing__(self, p: str) -> str:
        found = self[p] = "a" if p == _TYPE else _TURTLE.iri(p)
        return found


class _Order(dict):
    """predicate IRI -> its place in a block: "a" first, then by the text written."""

    def __missing__(self, p: str) -> tuple[int, str]:
        found = self[p] = (0, "a") if p == _TYPE else (1, _WRITTEN[p])
        return found


_WRITTEN, _ORDER = _Written(), _Order()


class _Subjects:
    """Turtle blocks, one per subject, each made when its statements are all known.

    A node's and a link's statements come from one place each, so their blocks are made at
    once; a span is shared by every node and link it is evidence of and a section by its
    items, so those are gathered first and made at the end. Nothing holds the document's
    statements one by one (that took several times the size of its Turtle). ``blocks()``
    sorts by subject: the order and bytes of ``TurtleWriter.blocks``."""

    def __init__(self, ntriples: bool = False) -> None:
        self.w = TurtleWriter(v.PREFIXES, base=v.ID)  # its memo: this document's IRIs
        self.ntriples = ntriples  # N-Triples lines instead of Turtle blocks
        self.iri = _nt_iri if ntriples else self.w.iri  # an IRI as the output writes it
        self.c = _constants(ntriples)  # the vocabulary's terms as the output writes them
        self.out: list[tuple[str, str]] = []
        # (document, start, end) -> its span's IRI, offsets (as written), quotes (as
        # found), IRI as written, and where _span_blocks_fast writes it that without its
        # closing ">" and its document's IRI as written
        self.spans: dict[tuple[str, int, int],
                         tuple[str, str, str, set[str], str, str, str]] = {}
        self.sections: dict[str, dict[str, set[str]]] = {}
        self.section_iris: dict[tuple[str, int, str], str] = {}  # a digest: once a section
        self.docs: dict[str, str] = {}  # document id -> its IRI
        self.span_heads: dict[str, tuple[str, str]] = {}  # document IRI -> _new_span's
        self.nodes: dict[str, str] = {}  # node id -> its IRI as written
        self.nonneg = self.c["nonneg"]
        # spans' blocks from templates (_span_blocks_fast) where their IRIs are written
        # relative to the base, as every policykg document's is
        self.spans_fast = not ntriples and _fast_spans()

    def integer(self, n: int) -> str:
        return f'"{int(n)}"^^{self.c["integer"]}' if self.ntriples else str(int(n))

    def decimal(self, x: object) -> str:
        text = _decimal_text(type(x), x)
        return f'"{text}"^^{self.c["decimal"]}' if self.ntriples else text

    def doc(self, doc_id: str) -> str:
        found = self.docs.get(doc_id)
        if found is None:
            found = self.docs[doc_id] = v.doc_iri_text(doc_id)
        return found

    def node(self, nid: str) -> str:
        """A node's IRI as the output writes it (a node is named by all its edges)."""
        found = self.nodes.get(nid)
        if found is None:  # (relative to the base, as _shorten writes it, where it can be)
            found = self.nodes[nid] = f"<node/{v.encode_path(nid)}>" if self.spans_fast \
                else self.iri(v.node_iri_text(nid))
        return found

    def section(self, doc_id: str, report: int, title: str) -> str:
        key = (doc_id, report, title)
        found = self.section_iris.get(key)
        if found is None:
            found = self.section_iris[key] = v.section_iri_text(doc_id, report, title)
        return found

    def block(self, s: str, preds: dict[str, Any], written: str | None = None) -> None:
        """The block of subject ``s`` (``written``: its IRI as written, when known):
        predicate IRI -> its object (a Turtle text) or objects (a collection of them)."""
        if self.ntriples:
            subject = written or self.iri(s)
            self.out.extend((f"{subject} {_nt_iri(p)} {o} .\n", "")
                            for p, objs in preds.items()
                            for o in ((objs,) if type(objs) is str else set(objs)))
            return
        lines = " ;\n".join([head + (o if type(o) is str else _objects(o))
                             for p, head in _order(tuple(preds)) for o in (preds[p],)])
        self.out.append((s, f"\n{written or self.w.iri(s)}\n{lines} .\n"))

    def blocks(self) -> list[tuple[str, str]]:
        if self.spans_fast:
            _span_blocks_fast(self)
        else:
            for (doc, _, _), (span, start, end, quotes, _, _, _) in self.spans.items():
                _span_blocks(self, span, doc, start, end, {_plain(q) for q in quotes})
        for sec, preds in self.sections.items():
            self.block(sec, preds)
        self.out.sort(key=itemgetter(0))
        return self.out


@lru_cache(maxsize=256)  # a block's predicates: a few sets, the same in every document
def _order(preds: tuple[str, ...]) -> list[tuple[str, str]]:
    """The predicates of a block in the order written, each with its line's start."""
    return [(p, f"    {_WRITTEN[p]} ") for p in sorted(preds, key=_ORDER.__getitem__)]


def _objects(objs: Any) -> str:
    """A predicate's objects in a block: sorted, each once (most have one)."""
    if len(objs) == 1:
        for o in objs:
            return o
    return ", ".join(sorted(set(objs)))


@cache
def _constants(ntriples: bool) -> dict[str, str]:
    iri = _nt_iri if ntriples else _TURTLE.iri
    found = {name: iri(p) for name, p in _P.items()}
    found.update({name: iri(p) for name, p in _CLASSES.items()})
    found.update({name: iri(p) for name, p in _EDGE_PROPERTIES.items()})
    found.update(nonneg=iri(str(XSD.nonNegativeInteger)), integer=iri(str(XSD.integer)),
                 decimal=iri(str(XSD.decimal)))
    return found


@lru_cache(maxsize=1 << 12)  # scores recur; the type in the key keeps 1 and True apart
def _decimal_text(kind: type, x: object) -> str:
    return decimal_lexical(decimal_lexical(x))


@cache
def _fast_spans() -> bool:
    """Whether spans can be written from ``_span_templates``: their IRIs are written
    relative to the base (no prefix's namespace holds the base or lies under it)."""
    return not _TURTLE._near_base and _TURTLE.base == v.ID


@cache
def _span_templates() -> dict[str, str]:
    """The text ``block()`` makes of a span, its position and its quote selector, as
    %-templates on the span's IRI as written without its closing ``>`` (``%s`` each time
    it or one of its selectors is written), the source document and the offsets."""
    out = _Subjects()
    stem = "%s"

    def template(preds: dict[str, str], subject: str) -> str:
        out.block("S", {p: [f"O{i}"] for i, p in enumerate(preds)})
        _, text = out.out.pop()
        text = text.replace("%", "%%").replace(f"\n{out.w.iri('S')}\n", f"\n{subject}\n", 1)
        at = [text.index(f" O{i}") for i in range(len(preds))]
        if at != sorted(at):
            raise AssertionError(f"objects out of order in {text!r}")
        for i, field in enumerate(preds.values()):
            text = text.replace(f" O{i}", f" {field}", 1)
        return text

    c = {k: t.replace("%", "%%") for k, t in out.c.items()}
    position = f'"%d"^^{c["nonneg"]}'
    span = {_TYPE: c["SPECIFIC_RESOURCE"], _P["HAS_SELECTOR"]: f"{stem}-position>",
            _P["HAS_SOURCE"]: "%s"}
    return {"span": template(span, f"{stem}>"),
            "quoted": template({**span, _P["HAS_SELECTOR"]: f"{stem}-position>, {stem}-quote>"},
                               f"{stem}>"),
            "position": template({_TYPE: c["POSITION_SELECTOR"], _P["END"]: position,
                                  _P["START"]: position}, f"{stem}-position>"),
            "quote": template({_TYPE: c["QUOTE_SELECTOR"], _P["EXACT"]: "%s"}, f"{stem}-quote>")}


@cache
def _span_pieces() -> dict[str, tuple[str, ...]]:
    """``_span_templates`` cut at their fields: the text before, between and after them
    (joined with the fields' text, a block costs a third of what formatting it does)."""
    pieces = {}
    for name, template in _span_templates().items():
        cut = [""]
        for i, part in enumerate(re.split("(%.)", template)):  # text, field, …, text
            if i % 2 == 0:
                cut[-1] += part
            elif part == "%%":
                cut[-1] += "%"
            else:
                cut.append("")
        pieces[name] = tuple(cut)
    return pieces


@lru_cache(maxsize=1 << 16)
def _nt_iri(iri: str) -> str:
    return nt_iri(iri)


def _plain(s: str) -> str:
    return f'"{escape_string(s)}"'


def _lang(s: str, lang: str) -> str:
    return f'"{escape_string(s)}"@{lang}'


@without_collection
def turtle_blocks(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """What ``rdf.turtle_blocks(g)`` gives, made without rdflib terms."""
    return _statements(g, _Subjects())


@without_collection
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
    links: dict[str, dict[str, Any]] = {}
    node = out.node
    # the graph's own adjacency, in the order g.edges(data=True) gives (without its views)
    for u, targets in g._succ.items():
        for w, keyed in targets.items():
            for a in keyed.values():
                kind = a.get("type", "")
                if kind not in _EDGE_PROPERTIES:
                    raise RDFError(f"edge {u} -> {w} has unknown type {a.get('type')!r}")
                extra.setdefault(u, []).append((_EDGE_PROPERTIES[kind], node(w)))
                _edge(out, links, u, w, a)
    for holder, named in rdf.mention_pairs(g):
        extra.setdefault(holder, []).append((_MENTIONS, node(named)))
    for nid, a in g._node.items():
        if a.get("type") not in _CLASSES:
            raise RDFError(f"node {nid} has unknown type {a.get('type')!r}")
        _node(out, nid, a, scripts.get(a.get("doc"), DEFAULT_LANGUAGE), extra.get(nid, ()))
    for link, preds in links.items():
        out.block(link, preds)
    return out.blocks()


def _span(out: _Subjects, doc: str, start: int, end: int, exact: str | None = None) -> str:
    """The span's IRI as an object of the output; its statements are made once, by
    ``blocks()``."""
    found = out.spans.get((doc, start, end))
    if found is None:
        found = _new_span(out, doc, int(start), int(end))
    if exact is not None:
        found[3].add(exact)  # escaped once, by blocks()
    return found[4]


def _new_span(out: _Subjects, doc: str, start: int, end: int) -> tuple:
    key = (doc, start, end)  # (its IRI made once, when first found)
    found = out.spans.get(key)
    if found is None:  # written as _span_blocks_fast writes it, where it can be
        at, to = str(start), str(end)  # (each block of the span writes them as text)
        span = f"{doc}#{at}-{to}"  # v.span_iri_text(doc, start, end)
        if out.spans_fast:
            head = out.span_heads.get(doc)
            if head is None:  # (its document's IRI as written, and a span's without ">")
                source = out.iri(doc)
                head = out.span_heads[doc] = (source, source[:-1] + "#")
            stem = f"{head[1]}{at}-{to}"
            found = (span, at, to, set(), stem + ">", stem, head[0])
        else:
            found = (span, at, to, set(), out.iri(span), "", "")
        out.spans[key] = found
    return found


def _span_blocks(out: _Subjects, span: str, doc: str, start: str, end: str,
                 quotes: set[str]) -> None:
    pos, quote = f"{span}-position", f"{span}-quote"
    c = out.c
    selectors = [out.iri(pos), out.iri(quote)] if quotes else out.iri(pos)
    out.block(span, {_TYPE: c["SPECIFIC_RESOURCE"],
                     _HAS_SOURCE: out.iri(doc), _HAS_SELECTOR: selectors})
    out.block(pos, {_TYPE: c["POSITION_SELECTOR"],
                    _START: f'"{start}"^^{out.nonneg}', _END: f'"{end}"^^{out.nonneg}'})
    if quotes:
        out.block(quote, {_TYPE: c["QUOTE_SELECTOR"], _EXACT: quotes})


def _span_blocks_fast(out: _Subjects) -> None:
    """The blocks ``_span_blocks`` makes of every span, from templates: a corpus has more
    spans than anything else, and their predicates and the form of their IRIs never
    change. A span's IRI is its document's plus ``#start-end`` and its selectors' add
    ``-position`` or ``-quote``: written relative to the base like the document's, with
    nothing to escape."""
    t = _span_pieces()  # (the fields of each, in order: see _span_templates)
    (s0, s1, s2, s3), (q0, q1, q2, q3, q4) = t["span"], t["quoted"]
    (p0, p1, p2, p3), (x0, x1, x2) = t["position"], t["quote"]
    add = out.out.append
    for span, start, end, quotes, _, stem, source in out.spans.values():
        position = "".join((p0, stem, p1, end, p2, start, p3))
        if quotes:
            add((span, "".join((q0, stem, q1, stem, q2, stem, q3, source, q4))))
            add((span + "-position", position))
            if len(quotes) == 1:
                for q in quotes:
                    exact = _plain(q)
            else:
                exact = ", ".join(sorted({_plain(q) for q in quotes}))
            add((span + "-quote", "".join((x0, stem, x1, exact, x2))))
        else:
            add((span, "".join((s0, stem, s1, stem, s2, source, s3))))
            add((span + "-position", position))


def _document(out: _Subjects, d: dict[str, Any]) -> None:
    preds: dict[str, Any] = {_TYPE: out.c["DOCUMENT"], _CHAR_COUNT: out.integer(d["chars"])}
    for key, prop in (("id", "IDENTIFIER"), ("path", "PATH"), ("script", "LANGUAGE"),
                      ("encoding", "ENCODING"), ("format", "FILE_FORMAT")):
        preds[_P[prop]] = _plain(d[key])
    out.block(out.doc(d["id"]), preds)


def _node(out: _Subjects, nid: str, a: dict[str, Any], lang: str,
          extra: Iterable[tuple[str, str]]) -> None:
    get = a.get
    doc = out.doc(a["doc"])
    report = int(get("report", 0))
    preds: dict[str, Any] = {  # (literals as _plain and _lang write them)
        _TYPE: out.c[a["type"]], _IDENTIFIER: f'"{escape_string(nid)}"',
        _PREF_LABEL: f'"{escape_string(a["label"])}"@{lang}',
        _DERIVED_FROM: out.iri(doc), _REPORT: out.integer(report)}
    _node_spans(out, preds, doc, a)
    found = get("text")
    if found:
        preds[_TEXT] = f'"{escape_string(found)}"@{lang}'
    _rule_and_cue(preds, get)
    found = get("parent")
    if found is not None:
        preds[_PART_OF if a["type"] in v.ITEM_TYPES else _FIRST_MENTIONED_IN] = out.node(found)
    if get("section") is not None:
        _in_section(out, preds, doc, a, report, lang)
    for p, o in extra:  # (predicates of their own: objects in a list)
        preds.setdefault(p, []).append(o)
    out.block(v.node_iri_text(nid), preds, out.node(nid))


def _rule_and_cue(preds: dict[str, Any], get: Any) -> None:
    """The rule and the cue of a node or an edge (``get``: its attributes' ``get``),
    where it has them."""
    found = get("rule")
    if found:
        preds[_RULE] = _plain(found)
    found = get("cue")
    if found:
        preds[_CUE] = _plain(found)


def _in_section(out: _Subjects, preds: dict[str, Any], doc: str, a: dict[str, Any],
                report: int, lang: str) -> None:
    key = (a["doc"], report, a["section"])
    sec = out.section_iris.get(key)
    if sec is not None:  # its statements found with its first item already
        preds[_IN_SECTION] = out.iri(sec)
        return
    sec = out.section(*key)
    preds[_IN_SECTION] = out.iri(sec)
    found = out.sections.get(sec)
    if found is None:
        found = out.sections[sec] = {_TYPE: set(), _TITLE: set(), _IS_PART_OF: set(),
                                     _REPORT: set()}
    found[_TYPE].add(out.c["SECTION"])
    found[_TITLE].add(_lang(a["section"], lang))
    found[_IS_PART_OF].add(out.iri(doc))
    found[_REPORT].add(out.integer(report))


def _node_spans(out: _Subjects, preds: dict[str, Any], doc: str, a: dict[str, Any]) -> None:
    get = a.get
    start, end, label = a["start"], a["end"], a["label"]
    text_span = (get("text_start", 0), get("text_end", 0))
    exact = label if text_span != (start, end) or label == get("text") else None
    preds[_LABEL_SPAN] = _span(out, doc, start, end, exact)
    mentions = get("spans")
    if mentions:
        preds[_MENTION_SPAN] = [_span(out, doc, ms, me) for ms, me in mentions]
    if text_span != (0, 0):
        preds[_TEXT_SPAN] = _span(out, doc, *text_span)


def _edge(out: _Subjects, links: dict[str, dict[str, Any]], u: str, w: str,
          a: dict[str, Any]) -> None:
    """The edge's pkg:Link (gathered: two edges of one type between two nodes share it)."""
    get, c, doc = a.get, out.c, out.doc(a["doc"])
    preds: dict[str, Any] = {
        _TYPE: c["LINK"], _SUBJECT: out.node(u), _PREDICATE: c[a["type"]],
        _OBJECT: out.node(w), _SCORE: out.decimal(a["score"]),
        _DERIVED_FROM: out.iri(doc)}
    _rule_and_cue(preds, get)
    s, e = a["source_span"]
    preds[_SOURCE_EVIDENCE] = _span(out, doc, s, e)
    s, e = a["target_span"]
    preds[_TARGET_EVIDENCE] = _span(out, doc, s, e)
    found = get("cue_spans")
    if found:
        preds[_CUE_SPAN] = [_span(out, doc, s, e) for s, e in found]
    found = get("evidence")
    if found:
        preds[_EVIDENCE_SENTENCE] = [_span(out, doc, ev["start"], ev["end"], ev["text"])
                                     for ev in found]
    link = v.link_iri_text(a["doc"], u, a["type"], w)
    found = links.get(link)
    if found is None:  # (block() sorts a predicate's objects and writes each once)
        links[link] = preds
        return
    for p, objs in preds.items():
        had = found.get(p)
        found[p] = _listed(objs) if had is None else _listed(had) + _listed(objs)


def _listed(objs: Any) -> list[str]:
    """A predicate's object or objects as a list."""
    return [objs] if type(objs) is str else list(objs)

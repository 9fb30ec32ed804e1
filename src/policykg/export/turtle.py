"""Deterministic N-Triples, Turtle and RDF/XML writers for ground (blank-node-free) triples.

rdflib's serializers order subjects and objects by its store's iteration order, which
follows insertion order and, for RDF/XML, Python's per-process string hashing, so equal
graphs can give different bytes from one run to the next. These writers sort everything
by the terms' text: the same set of triples always gives the same bytes, whatever order
it was made in and whatever process writes it.

Escaping follows the canonical N-Triples rules of RDF 1.2 (ECHAR for ``\\b \\t \\n \\f
\\r \\" \\\\``, UCHAR for the other control characters), which Turtle accepts as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
          "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# A conservative subset of Turtle's PN_LOCAL: no escapes ever needed.
_SIMPLE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _ECHAR.get(ch) or f"\\u{ord(ch):04X}"


# XML 1.0 cannot hold these characters at all, escaped or not (&#x1; is not well-formed).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with each character XML 1.0 forbids replaced by U+FFFD (one for one, so
    character offsets still hold), and how many there were."""
    return XML_ILLEGAL.subn("\ufffd", text)


def escape_string(text: str) -> str:
    """ECHAR or UCHAR for each character a literal cannot hold as it is (a corpus has
    millions of literals). Most hold none: every such character is a control (not
    printable), '"' or a backslash, and those tests scan faster than the pattern's
    search for its class (one C call when there is something to escape)."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return text
    return _escaped(text)


_escaped = partial(_NEEDS_ESCAPE.sub, _escape_char)


def nt_iri(iri: str) -> str:
    if _IRI_FORBIDDEN.search(iri):
        raise ValueError(f"IRI has a character N-Triples cannot carry: {iri!r}")
    return f"<{iri}>"


def decimal_lexical(value: object) -> str:
    """Canonical-looking xsd:decimal text: always a point, never an exponent."""
    text = format(Decimal(str(value)), "f")
    return text if "." in text else f"{text}.0"


_DECIMAL = XSD.decimal
_INTEGER_TYPE = XSD.integer
_STRING = XSD.string


def _literal_lexical(lit: Literal) -> str:
    if lit.datatype is not None and lit.datatype == _DECIMAL:
        return decimal_lexical(lit)
    return str(lit)


def nt_term(term: URIRef | Literal) -> str:
    if isinstance(term, BNode):
        raise ValueError("blank nodes are not written: every resource has an IRI")
    if isinstance(term, URIRef):
        return nt_iri(str(term))
    body = f'"{escape_string(_literal_lexical(term))}"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{body}^^{nt_iri(str(term.datatype))}"
    return body


def ntriples(triples: Iterable[Triple]) -> str:
    memo: dict[URIRef | Literal, str] = {}  # IRIs recur in many triples

    def term(t: URIRef | Literal) -> str:
        text = memo.get(t)
        if text is None:
            text = memo[t] = nt_term(t)
        return text

    lines = sorted({f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples})
    return "".join(lines)


class TurtleWriter:
    """Sorted Turtle with prefixes and a base; instance IRIs written relative to it."""

    def __init__(self, prefixes: dict[str, str], base: str | None = None) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        # longest namespace first, so a nested namespace wins over its parent
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.base = base
        # the namespaces an IRI under the base can also be in (none for policykg's own)
        self._near_base = [(p, ns) for p, ns in self._by_length
                           if base and (ns.startswith(base) or base.startswith(ns))]
        self._memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        short = self._memo.get(iri)
        if short is None:
            short = self._memo[iri] = self._shorten(iri)
        return short

    def _shorten(self, iri: str) -> str:
        under_base = bool(self.base) and iri.startswith(self.base)
        for prefix, ns in self._near_base if under_base else self._by_length:
            if iri.startswith(ns) and _SIMPLE_LOCAL.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        if under_base and self._safe_relative(iri[len(self.base):]):
            return nt_iri(iri[len(self.base):])
        return nt_iri(iri)

    @staticmethod
    def _safe_relative(rel: str) -> bool:
        # A relative reference must not look like a scheme, an authority or a dot segment.
        first = rel.split("/", 1)[0]
        return bool(rel) and ":" not in first and not rel.startswith(("/", "?", "#", "."))

    def term(self, term: URIRef | Literal) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, BNode):
            raise ValueError("blank nodes are not written: every resource has an IRI")
        lexical = _literal_lexical(term)
        if term.datatype == _INTEGER_TYPE and _INTEGER.match(lexical):
            return lexical
        if term.datatype == _DECIMAL:
            return lexical
        body = f'"{escape_string(lexical)}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != _STRING:
            return f"{body}^^{self.iri(str(term.datatype))}"
        return body

    def _predicate_key(self, p: URIRef) -> tuple[int, str]:
        return (0, "") if p == RDF.type else (1, self.iri(str(p)))

    def serialize(self, triples: Iterable[Triple]) -> str:
        return self.header() + "".join(block for _, block in self.blocks(triples))

    def header(self) -> str:
        out = [f"@base {nt_iri(self.base)} .\n"] if self.base else []
        out += [f"@prefix {k}: {nt_iri(v)} .\n" for k, v in self.prefixes.items()]
        return "".join(out)

    def blocks(self, triples: Iterable[Triple]) -> list[tuple[str, str]]:
        """(subject IRI, its statements) for every subject, sorted by subject."""
        by_subject: dict[str, dict[URIRef, set[str]]] = {}
        for s, p, o in triples:
            if not isinstance(s, URIRef):
                raise ValueError("blank nodes are not written: every resource has an IRI")
            by_subject.setdefault(str(s), {}).setdefault(p, set()).add(self.term(o))
        out = []
        for s in sorted(by_subject):
            preds = sorted(by_subject[s], key=self._predicate_key)
            lines = [f"    {'a' if p == RDF.type else self.iri(str(p))} "
                     f"{', '.join(sorted(by_subject[s][p]))}" for p in preds]
            out.append((s, f"\n{self.iri(s)}\n" + " ;\n".join(lines) + " .\n"))
        return out


def rdfxml(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """Flat RDF/XML: one ``rdf:Description`` per subject, sorted like the Turtle.

    Every predicate must fall in one of ``prefixes`` with a plain local name (RDF/XML
    writes predicates as XML element names). The caller makes sure literals hold no
    character XML 1.0 forbids.
    """
    qname = _qnames(prefixes)
    by_subject: dict[str, set[str]] = {}
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError("blank nodes are not written: every resource has an IRI")
        if isinstance(o, URIRef):
            line = rdfxml_line(qname(str(p)), str(o))
        else:
            datatype = str(o.datatype) if o.datatype and o.datatype != _STRING else None
            line = rdfxml_line(qname(str(p)), None, _literal_lexical(o), o.language, datatype)
        by_subject.setdefault(str(s), set()).add(line)
    blocks = "".join(text for _, text in rdfxml_blocks(by_subject))
    return rdfxml_head(prefixes) + blocks + RDFXML_TAIL


RDFXML_TAIL = "</rdf:RDF>\n"


def rdfxml_head(prefixes: dict[str, str]) -> str:
    return "".join(['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF',
                    *(f"\n   xmlns:{k}={quoteattr(v)}" for k, v in sorted(prefixes.items())),
                    ">\n"])


def rdfxml_line(element: str, resource: str | None, text: str = "",
                language: str | None = None, datatype: str | None = None) -> str:
    """One statement inside a subject's ``rdf:Description``: a resource, or a literal."""
    if resource is not None:
        return f"<{element} rdf:resource={quoteattr(resource)}/>"
    attr = (f" xml:lang={quoteattr(language)}" if language else
            f" rdf:datatype={quoteattr(datatype)}" if datatype else "")
    # a raw CR would be read back as LF (XML end-of-line handling)
    return f"<{element}{attr}>{escape(text, {chr(13): '&#13;'})}</{element}>"


def rdfxml_blocks(by_subject: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(subject, its ``rdf:Description``) for each subject, sorted."""
    return [(s, f"  <rdf:Description rdf:about={quoteattr(s)}>\n"
                + "".join(f"    {line}\n" for line in sorted(by_subject[s]))
                + "  </rdf:Description>\n") for s in sorted(by_subject)]


def _qnames(prefixes: dict[str, str]):
    ns = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def qname(iri: str) -> str:
        for prefix, base in ns:
            if iri.startswith(base) and _SIMPLE_LOCAL.match(iri[len(base):]):
                return f"{prefix}:{iri[len(base):]}"
        raise ValueError(f"RDF/XML cannot write the predicate {iri}: no prefix fits it")

    return qname

"""N-Triples lines as policykg's writers make them (``rdfstream.ntriples_lines``), read back
into their terms: the other RDF texts of a corpus (JSON-LD, RDF/XML) are made from them
without rdflib terms."""

from __future__ import annotations

import re

from policykg.export import vocab as v

_LINE = re.compile(r"<([^>]*)> <([^>]*)> (.*) \.\n?\Z", re.S)
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([btnfr"\\]))')
_ECHAR = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def split(line: str) -> tuple[str, str, str]:
    """(subject IRI, predicate IRI, object term as written) of one line."""
    found = _LINE.match(line)
    if found is None:
        raise ValueError(f"not an N-Triples line: {line!r}")
    s, p, o = found.groups()
    return s, p, o


def literal(term: str) -> tuple[str, str | None, str | None]:
    """(text, language tag, datatype IRI) of a literal term; a plain string has neither."""
    body, _, suffix = term[1:].rpartition('"')
    text = _ESCAPE.sub(_unescape, body)
    if suffix.startswith("@"):
        return text, suffix[1:], None
    return text, None, suffix[3:-1] if suffix else None  # ^^<…>


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else _ECHAR[m.group(3)]


def by_kind(entries: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """One document's (subject, text) entries split by what they are about, as the corpus
    writers read them (``streamed.by_subject``): the document's own (it, its spans and
    sections: ``doc/…``), its links' (``link/…``) and its nodes' (``node/…``)."""
    parts: dict[str, list[tuple[str, str]]] = {"doc": [], "link": [], "node": []}
    for subject, text in entries:
        parts[_kind(subject)].append((subject, text))
    return parts


def _kind(subject: str) -> str:
    for kind in ("doc", "link", "node"):
        if subject.startswith(f"{v.ID}{kind}/"):
            return kind
    raise ValueError(f"not a subject of a policykg document: {subject}")

"""graph.jsonld: the RDF of graph.ttl as JSON-LD, made straight from its N-Triples lines.

The shape is what rdflib's serialiser gives with graph.ttl's prefixes as the context, sorted:
``{"@context": {prefix: namespace}, "@graph": [one object per subject]}``; in an object,
``@id`` then the predicates (compacted to ``prefix:local``), keys sorted; a single value
plainly, several as a list sorted by their JSON text; an IRI as ``{"@id": …}``, a string as
itself, a tagged string as ``{"@language", "@value"}``, an ``xsd:integer`` as a JSON number,
another typed value as ``{"@type", "@value"}``. Made without rdflib (whose serialiser took
45 s and 1.9 GB for 1,000 documents), so a corpus's file can be written one document at a
time: each document's objects are made in its worker (``entries``), sorted by subject.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from policykg.export import vocab as v
from policykg.export.graph import _entry

_SLOT = "@@policykg-entries@@"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_LINE = re.compile(r"<([^>]*)> <([^>]*)> (.*) \.\n?\Z", re.S)
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([btnfr"\\]))')
_ECHAR = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_SIMPLE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_NAMESPACES = sorted(v.PREFIXES.items(), key=lambda kv: -len(kv[1]))


def frame() -> tuple[str, str]:
    """The file before and after its objects (joined by ``",\\n"``)."""
    skeleton = {"@context": dict(sorted(v.PREFIXES.items())), "@graph": [_SLOT]}
    text = json.dumps(skeleton, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    head, tail = text.split(f'  "{_SLOT}"')
    return head, tail


def dumps(lines: Iterable[str]) -> str:
    """The whole file of these N-Triples lines."""
    head, tail = frame()
    objects = entries(lines)
    if not objects:
        return head.rstrip("\n") + tail.lstrip()
    return head + ",\n".join(text for _, text in objects) + tail


def entries(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(subject IRI, its object as the file writes it) for every subject, sorted."""
    subjects: dict[str, dict[str, list[Any]]] = {}
    for line in lines:
        found = _LINE.match(line)
        if found is None:
            raise ValueError(f"not an N-Triples line: {line!r}")
        s, p, o = found.groups()
        preds = subjects.setdefault(s, {})
        if p == _TYPE:
            preds.setdefault("@type", []).append(compact(o[1:-1]))
        else:
            preds.setdefault(compact(p), []).append(_value(o))
    return [(s, _entry(_object(s, preds))) for s, preds in sorted(subjects.items())]


def fragment(lines: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """One document's objects split by what they are about, as the corpus writer reads
    them: the document's own (it, its spans and sections: ``doc/…``), its links'
    (``link/…``) and its nodes' (``node/…``), each list sorted."""
    parts: dict[str, list[tuple[str, str]]] = {"doc": [], "link": [], "node": []}
    for subject, text in entries(lines):
        parts[_kind(subject)].append((subject, text))
    return parts


def _kind(subject: str) -> str:
    for kind in ("doc", "link", "node"):
        if subject.startswith(f"{v.ID}{kind}/"):
            return kind
    raise ValueError(f"not a subject of a policykg document: {subject}")


def _object(s: str, preds: dict[str, list[Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {"@id": compact(s)}
    for p, values in preds.items():
        if len(values) == 1:
            obj[p] = values[0]
        else:
            texts = {json.dumps(x, ensure_ascii=False, sort_keys=True): x for x in values}
            obj[p] = [texts[t] for t in sorted(texts)]
    return obj


def compact(iri: str) -> str:
    """``prefix:local`` where a prefix of graph.ttl fits with a plain local name."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns) and _SIMPLE_LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _value(term: str) -> Any:
    if term.startswith("<"):
        return {"@id": compact(term[1:-1])}
    body, _, suffix = term[1:].rpartition('"')
    text = _ESCAPE.sub(_unescape, body)
    if not suffix:
        return text
    if suffix.startswith("@"):
        return {"@language": suffix[1:], "@value": text}
    datatype = suffix[3:-1]  # ^^<…>
    if datatype == _INTEGER and _CANONICAL_INT.match(text):
        return int(text)
    return {"@type": compact(datatype), "@value": text}


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else _ECHAR[m.group(3)]

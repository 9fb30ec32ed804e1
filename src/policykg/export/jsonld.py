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
from functools import lru_cache
from typing import Any

from policykg.export import ntlines
from policykg.export import vocab as v
from policykg.export.graph import _entry

_SLOT = "@@policykg-entries@@"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
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
    values: dict[str, Any] = {}  # an object term's value, made once (never changed after)
    for line in lines:
        s, p, o = ntlines.split(line)
        preds = subjects.setdefault(s, {})
        if p == _TYPE:
            preds.setdefault("@type", []).append(compact(o[1:-1]))
            continue
        value = values.get(o)
        if value is None:
            value = values[o] = _value(o)
        preds.setdefault(compact(p), []).append(value)
    return [(s, _entry(_object(s, preds))) for s, preds in sorted(subjects.items())]


def fragment(lines: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """One document's objects as the corpus writer reads them (``ntlines.by_kind``)."""
    return ntlines.by_kind(entries(lines))


def _object(s: str, preds: dict[str, list[Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {"@id": compact(s)}
    for p, values in preds.items():
        if len(values) == 1:
            obj[p] = values[0]
        else:
            texts = {json.dumps(x, ensure_ascii=False, sort_keys=True): x for x in values}
            obj[p] = [texts[t] for t in sorted(texts)]
    return obj


@lru_cache(maxsize=1 << 16)  # predicates and a document's IRIs recur on many lines
def compact(iri: str) -> str:
    """``prefix:local`` where a prefix of graph.ttl fits with a plain local name."""
    for prefix, ns in _NAMESPACES:
        if iri.startswith(ns) and _SIMPLE_LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _value(term: str) -> Any:
    if term.startswith("<"):
        return {"@id": compact(term[1:-1])}
    text, language, datatype = ntlines.literal(term)
    if language:
        return {"@language": language, "@value": text}
    if datatype is None:
        return text
    if datatype == _INTEGER and _CANONICAL_INT.match(text):
        return int(text)
    return {"@type": compact(datatype), "@value": text}

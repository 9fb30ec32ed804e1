"""SPARQL over a policykg graph with an embedded Oxigraph store (pyoxigraph).

rdflib stays the model (``policykg.export.rdf``); queries run in Oxigraph, which stays fast
on millions of triples where rdflib's in-memory SPARQL does not.

Parameters are never pasted into the query text: each ``name=value`` becomes an RDF
term (an IRI, or a literal of the declared datatype) and is handed to Oxigraph as a
substitution of the variable ``?name`` (SPARQL-dev SEP-0007). Oxigraph substitutes only
variables the query projects, so a parameter must appear in the SELECT clause; a
parameter left out stays unbound and the query then covers every value.

A query may declare its parameters in header comments::

    # @param cause node  the cause: its IRI or node id (optional)

Types: ``node`` (an IRI, ``<IRI>`` or a node id such as ``seed/C0123456789``), ``iri``,
``string``, ``integer``, ``decimal``, ``boolean``. Undeclared parameters are IRIs when
written ``<...>`` and strings otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from policykg.export import vocab as v
from policykg.errors import InputError, QueryError
from policykg.sparql.guard import QueryLimits, check

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
OUTPUT_FORMATS = RESULT_FORMATS + GRAPH_FORMATS
_PARAM_LINE = re.compile(r"#\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)\s*(.*)")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True)
class Query:
    text: str
    name: str | None = None  # set for a named query from queries/
    description: str = ""
    params: dict[str, Param] = field(default_factory=dict)


# --- finding and reading queries ---------------------------------------------------------
def parse_header(text: str) -> tuple[str, dict[str, Param]]:
    """The description (leading comment lines before any @param) and the parameters."""
    desc: list[str] = []
    params: dict[str, Param] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        m = _PARAM_LINE.match(stripped)
        if m:
            name, ptype, doc = m.groups()
            if ptype not in _CONVERTERS:
                raise QueryError(f"parameter ?{name} has unknown type {ptype!r} "
                                 f"(known: {', '.join(_CONVERTERS)})")
            params[name] = Param(name, ptype, doc.strip())
        elif not params:
            desc.append(stripped.lstrip("#").strip())
    return "\n".join(desc).strip(), params


def named_queries(queries_dir: Path | None = None) -> dict[str, Path]:
    from policykg.common import assets

    folder = queries_dir or assets.queries_dir()
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def resolve(spec: str, queries_dir: Path | None = None) -> Query:
    """A query from a named query, a file, or SPARQL text, in that order."""
    if _NAME.match(spec):
        found = named_queries(queries_dir)
        if spec in found:
            return _from_file(found[spec], name=spec)
        if not Path(spec).is_file():
            raise QueryError(f"no named query {spec!r} (available: {', '.join(found)})")
    path = Path(spec)
    if len(spec) < 1024 and "\n" not in spec and path.is_file():
        return _from_file(path)
    if not re.search(r"\b(select|construct|ask|describe)\b", spec, re.IGNORECASE):
        raise QueryError(f"{spec!r} is neither a named query, a file nor a SPARQL query")
    description, params = parse_header(spec)
    return Query(spec, None, description, params)


def _from_file(path: Path, name: str | None = None) -> Query:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"cannot read query: {err}", str(path)) from err
    description, params = parse_header(text)
    return Query(text, name, description, params)


# --- parameters as RDF terms ---------------------------------------------------------------
def _iri(value: str) -> Any:
    import pyoxigraph as ox

    value = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    try:
        return ox.NamedNode(value)
    except ValueError as err:
        raise QueryError(f"not an IRI: {value!r} ({err})") from err


def _node(value: str) -> Any:
    if value.startswith("<") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
        return _iri(value)
    return _iri(str(v.node_iri(value)))  # a node id as graph.json spells it


def _typed(datatype: str, check: Any) -> Any:
    def convert(value: str) -> Any:
        import pyoxigraph as ox

        try:
            lexical = check(value)
        except (ValueError, InvalidOperation) as err:
            raise QueryError(f"{value!r} is not a valid xsd:{datatype}") from err
        return ox.Literal(lexical, datatype=ox.NamedNode(_XSD + datatype))

    return convert


def _boolean(value: str) -> str:
    if value.lower() not in {"true", "false", "1", "0"}:
        raise ValueError(value)
    return "true" if value.lower() in {"true", "1"} else "false"


def _string(value: str) -> Any:
    import pyoxigraph as ox

    return ox.Literal(value)


_CONVERTERS = {
    "node": _node,
    "iri": _iri,
    "string": _string,
    "integer": _typed("integer", lambda s: str(int(s))),
    "decimal": _typed("decimal", lambda s: format(Decimal(s), "f")),
    "boolean": _typed("boolean", _boolean),
}


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter {pair!r} is not of the form name=value")
        out[name] = value
    return out


def bindings(query: Query, params: dict[str, str]) -> dict[Any, Any]:
    """Parameters as pyoxigraph substitutions, each converted by its declared type."""
    import pyoxigraph as ox

    subs = {}
    for name, value in params.items():
        if query.params and name not in query.params:
            raise QueryError(f"unknown parameter {name!r}; this query takes: "
                             f"{', '.join(query.params) or 'none'}")
        ptype = query.params[name].type if name in query.params else (
            "iri" if value.startswith("<") and value.endswith(">") else "string")
        subs[ox.Variable(name)] = _CONVERTERS[ptype](value)
    return subs


# --- the store -------------------------------------------------------------------------------
_RDF_SUFFIXES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD",
                 ".rdf": "RDF_XML", ".owl": "RDF_XML", ".xml": "RDF_XML"}


def load(path: Path) -> Any:
    """An Oxigraph store holding the graph at ``path``.

    A folder written by ``policykg build --store`` is opened read-only from disk; a graph
    file is loaded into memory: Turtle, N-Triples, JSON-LD and RDF/XML as they are, a
    ``graph.json`` converted to RDF first, exactly as ``policykg.export.rdf`` writes it.
    """
    import pyoxigraph as ox

    from policykg.export import store as disk

    path = Path(path)
    if path.is_dir():
        return disk.open_store(path)
    if not path.is_file():
        raise InputError("graph file not found", str(path))
    store = ox.Store()
    try:
        if path.suffix == ".json":
            store.load(_json_as_ntriples(path), format=ox.RdfFormat.N_TRIPLES)
        elif path.suffix in _RDF_SUFFIXES:
            fmt = getattr(ox.RdfFormat, _RDF_SUFFIXES[path.suffix])
            # load() rather than bulk_load(): into a memory store it is the faster
            store.load(path=str(path), format=fmt, base_iri=v.ID)
        else:
            raise InputError("unknown graph format: use .ttl, .nt, .jsonld, .rdf or .json",
                             str(path))
    except (SyntaxError, ValueError) as err:
        raise InputError(f"cannot parse graph: {err}", str(path)) from err
    except OSError as err:
        raise InputError(f"cannot read graph: {err}", str(path)) from err
    return store


def _json_as_ntriples(path: Path) -> bytes:
    from policykg.export import graph
    from policykg.export import rdf
    from policykg.export.turtle import ntriples

    try:
        g = graph.loads_json(path.read_text(encoding="utf-8"))
        return ntriples(rdf.triple_set(g)).encode("utf-8")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as err:
        raise InputError(f"not a policykg graph.json: {err!r}", str(path)) from err


def execute(store: Any, query: Query, params: dict[str, str] | None = None) -> Any:
    """Run a query; the result is pyoxigraph's (solutions, boolean or triples)."""
    subs = bindings(query, params or {})
    try:
        return store.query(query.text, prefixes=v.PREFIXES, base_iri=v.ID,
                           substitutions=subs or None)
    except SyntaxError as err:
        where = f"query {query.name}" if query.name else "query"
        raise QueryError(f"{where}: SPARQL syntax error: {err}") from err
    except RuntimeError as err:
        hint = ("; a parameter must be a variable that the SELECT clause names"
                if "projection" in str(err) else "")
        raise QueryError(f"cannot run query: {err}{hint}") from err


# --- output ------------------------------------------------------------------------------------
def render(result: Any, fmt: str = "table") -> str:
    """Text of a query result in ``fmt`` (see ``OUTPUT_FORMATS``)."""
    import pyoxigraph as ox

    if fmt not in OUTPUT_FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (known: {', '.join(OUTPUT_FORMATS)})")
    if isinstance(result, ox.QueryBoolean):
        return _render_boolean(bool(result), fmt)
    if isinstance(result, ox.QueryTriples):
        return _render_triples(list(result), fmt)
    return _render_solutions(result, fmt)


_RESULTS_FORMAT = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "xml": "XML"}


def _render_solutions(result: Any, fmt: str) -> str:
    import pyoxigraph as ox

    if fmt in _RESULTS_FORMAT:
        data = result.serialize(format=getattr(ox.QueryResultsFormat, _RESULTS_FORMAT[fmt]))
        text = data.decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    if fmt != "table":
        raise QueryError(f"a SELECT result cannot be written as {fmt}; use "
                         f"{', '.join(RESULT_FORMATS)}")
    names = [var.value for var in result.variables]
    rows = [[display(sol[name]) for name in names] for sol in result]
    return table(names, rows)


def _render_boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n")
    return f"{str(value).lower()}\n"


def _render_triples(triples: list[Any], fmt: str) -> str:
    import pyoxigraph as ox

    rdf_formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    if fmt in rdf_formats:
        prefixes = v.PREFIXES if fmt in {"ttl", "xml"} else None
        data = ox.serialize(triples, format=rdf_formats[fmt], prefixes=prefixes)
        return data.decode("utf-8")
    rows = sorted([display(t.subject), display(t.predicate), display(t.object)] for t in triples)
    if fmt == "table":
        return table(["subject", "predicate", "object"], rows)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(["subject", "predicate", "object"])
    writer.writerows(rows)
    return buf.getvalue()


def display(term: Any) -> str:
    """A term as a person reads it: prefixed names, ids instead of long IRIs, bare text."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, ns in v.PREFIXES.items():
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        if v.is_instance_iri(iri):
            return f"<{iri[len(v.ID):]}>"
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())  # one line per row
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def table(names: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up for CJK text too (wide characters count 2)."""
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        padded = (x + " " * (w - _width(x)) for x, w in zip(values, widths, strict=True))
        return " | ".join(padded).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def run(graph_path: Path, spec: str, params: dict[str, str] | None = None,
        fmt: str = "table", queries_dir: Path | None = None,
        limits: QueryLimits | None = None) -> str:
    """Load a graph, run a named query, a query file or SPARQL text, and render it.

    The query is checked first (``guard.check``: size, nesting, SERVICE), then runs in a
    worker process within ``limits``' time and memory; QueryError when it cannot.
    """
    from policykg.sparql import worker

    limits = limits or QueryLimits()
    query = resolve(spec, queries_dir)
    check(query.text, limits)
    if fmt not in OUTPUT_FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (known: {', '.join(OUTPUT_FORMATS)})")
    if not Path(graph_path).exists():
        raise InputError("graph file not found", str(graph_path))
    with worker.Pool(Path(graph_path), 1, limits.timeout, limits.memory_mb, respawn=False) as pool:
        return pool.run(run_in_store, query, params, fmt)


def run_in_store(store: Any, query: Query, params: dict[str, str] | None, fmt: str) -> str:
    """A query against a loaded store, rendered (what a worker process does for ``run``)."""
    return render(execute(store, query, params), fmt)

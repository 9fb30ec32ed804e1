"""Upload a graph to a SPARQL 1.1 Graph Store Protocol endpoint, in batches.

    policykg push GRAPH --endpoint http://localhost:7878/store [--graph IRI]

GRAPH is anything ``policykg query`` opens (graph.ttl, .nt, .jsonld, .rdf, graph.json or
a ``--store`` folder). Its triples go to the endpoint as N-Triples, ``batch`` triples a
request: the first request PUTs (replacing the target graph) when ``replace`` is set, the
others POST (adding to it). The target is the endpoint's default graph (``?default``)
or the named graph ``graph_iri`` (``?graph=IRI``). The graph has no blank nodes, so
batches add up to exactly the graph. Oxigraph server, Apache Jena Fuseki, GraphDB and
Virtuoso all take it.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from policykg.errors import EndpointError, InputError

DEFAULT_BATCH = 50_000  # triples a request: a few MB of N-Triples
DEFAULT_TIMEOUT = 120.0  # seconds to wait for one request
_MEDIA = "application/n-triples"


@dataclass(frozen=True)
class Pushed:
    triples: int
    requests: int
    url: str


def target_url(endpoint: str, graph_iri: str | None = None) -> str:
    """The Graph Store Protocol URL of the target graph (``?default`` or ``?graph=IRI``)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"not an http(s) endpoint URL: {endpoint!r}")
    if graph_iri is not None:
        scheme = urllib.parse.urlsplit(graph_iri).scheme
        if not scheme or any(c in graph_iri for c in ' <>"{}|\\^`'):
            raise InputError(f"not an absolute IRI: {graph_iri!r}")
    query = "default" if graph_iri is None else urllib.parse.urlencode({"graph": graph_iri})
    sep = "&" if parts.query else ""
    return urllib.parse.urlunsplit(parts._replace(query=parts.query + sep + query))


def push(graph_path: Path, endpoint: str, graph_iri: str | None = None,
         batch: int = DEFAULT_BATCH, replace: bool = False, timeout: float = DEFAULT_TIMEOUT,
         progress: Callable[[int], None] | None = None) -> Pushed:
    """Send every triple of the graph at ``graph_path`` to the endpoint."""
    from policykg.sparql import query

    if batch < 1:
        raise InputError(f"batch size must be at least 1, not {batch}")
    url = target_url(endpoint, graph_iri)
    store = query.load(Path(graph_path))
    return send(_triples(store), url, batch, replace, timeout, progress)


def send(triples: Iterable[Any], url: str, batch: int = DEFAULT_BATCH, replace: bool = False,
         timeout: float = DEFAULT_TIMEOUT, progress: Callable[[int], None] | None = None) -> Pushed:
    """POST pyoxigraph triples to the Graph Store URL ``batch`` at a time (PUT first if
    ``replace``, so that the target graph ends up holding exactly these triples)."""
    import pyoxigraph as ox

    sent = requests = 0
    for chunk in _chunks(iter(triples), batch):
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        _request(url, "PUT" if replace and requests == 0 else "POST", body, timeout)
        sent, requests = sent + len(chunk), requests + 1
        if progress:
            progress(sent)
    if replace and requests == 0:  # nothing to send: the target graph is emptied all the same
        _request(url, "PUT", b"", timeout)
        requests = 1
    return Pushed(sent, requests, url)


def _triples(store: Any) -> Iterator[Any]:
    for quad in store:
        yield quad.triple


def _chunks(it: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(it, size)):
        yield chunk


def _request(url: str, method: str, body: bytes, timeout: float) -> None:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": _MEDIA})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as err:
        detail = _first_line(err.read())
        raise EndpointError(f"{method} {url}: HTTP {err.code} {err.reason}"
                            + (f": {detail}" if detail else "")) from err
    except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
        reason = getattr(err, "reason", None) or err
        raise EndpointError(f"cannot reach {url}: {reason}") from err


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""

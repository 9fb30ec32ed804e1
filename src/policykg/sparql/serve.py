"""A read-only SPARQL 1.1 Protocol endpoint over a graph file (stdlib http.server).

``GET /sparql?query=...``, ``POST`` with ``application/x-www-form-urlencoded``
(``query=...``) or ``application/sparql-query``. Results are negotiated from the
``Accept`` header: SPARQL results JSON (default), XML, CSV or TSV for SELECT/ASK;
Turtle (default), N-Triples, RDF/XML or JSON-LD for CONSTRUCT/DESCRIBE. Updates are
refused with 403. ``GET /sparql`` without a query returns a SPARQL service description.

It binds to 127.0.0.1 by default and, when bound to a loopback address, only answers
requests whose ``Host`` is a loopback name, so a web page cannot reach the data through
DNS rebinding. Requests a browser makes for a page of another origin are refused (its
``Origin``, or ``Sec-Fetch-Site: cross-site`` when it sends no Origin) unless that origin
is allowed (``allow_origins``; ``*`` allows all, for YASGUI and the like).

One request cannot take the endpoint down: each query is checked before a store sees it
(``guard``: size, nesting depth, SERVICE), then runs in a worker process with a time and
a memory limit (``worker.Pool``); a query whose client hangs up is stopped. Connections
are served by a bounded number of threads (more wait in a listen backlog of 128), and an
idle connection is closed after ``IDLE_TIMEOUT`` seconds.
"""

from __future__ import annotations

import ipaddress
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from policykg.errors import PolicyKGError, QueryError
from policykg.export import vocab as v
from policykg.sparql import worker
from policykg.sparql.guard import QueryLimits, check

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # bytes: a query is text; anything larger is refused (413)
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
MAX_CONNECTIONS = 64  # threads serving connections; more wait in the listen backlog
BACKLOG = 128
IDLE_TIMEOUT = 15.0  # seconds a connection may sit idle (or a request trickle in)
SAME_SITE = {"same-origin", "none"}  # Sec-Fetch-Site values of requests no other page made

# media type -> pyoxigraph format name; the first of each list is the default
RESULT_TYPES = [
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
    ("application/json", "JSON"),
    ("application/xml", "XML"),
]
GRAPH_TYPES = [
    ("text/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/rdf+xml", "RDF_XML"),
    ("application/ld+json", "JSON_LD"),
    ("text/plain", "N_TRIPLES"),
]


class ServeError(PolicyKGError):
    """The endpoint cannot start (address in use, bad host)."""


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


# --- content negotiation -------------------------------------------------------------------
def _accepted(header: str | None) -> list[tuple[float, int, str]]:
    """(q, -position, media range) for each entry of an Accept header, best first."""
    out = []
    for pos, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0]:
            out.append((q, -pos, fields[0].lower()))
    return sorted(out, reverse=True)


def negotiate(accept: str | None, offers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The offer the client prefers; ties go to the server's order. None: nothing fits."""
    for q, _, media in _accepted(accept):
        if q <= 0:
            continue
        for offer in offers:
            kind = offer[0].split("/")[0]
            if media in {offer[0], "*/*", f"{kind}/*"}:
                return offer
    return None


# --- the protocol, independent of the HTTP server ----------------------------------------------
Runner = Callable[..., Any]  # run(job, *args, cancelled=...) -> job(store, *args), e.g. Pool.run


class Endpoint:
    """Answers protocol requests; queries go to ``runner`` (a worker pool, or ``in_process``)."""

    def __init__(self, runner: Runner, limits: QueryLimits | None = None) -> None:
        self.runner = runner
        self.limits = limits or QueryLimits()

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes,
               cancelled: Callable[[], bool] | None = None) -> Response:
        parts = urlsplit(url)
        if parts.path not in {ENDPOINT, ENDPOINT + "/"}:
            return _text(HTTPStatus.NOT_FOUND, f"not found: the SPARQL endpoint is {ENDPOINT}\n")
        params = parse_qs(parts.query, keep_blank_values=True)
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if method == "POST":
            if ctype == "application/x-www-form-urlencoded":
                params.update(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
            elif ctype == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            elif ctype == "application/sparql-update":
                return _read_only()
            else:
                return _text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                             "POST a query as application/sparql-query or as the 'query' "
                             "field of application/x-www-form-urlencoded\n")
        if "update" in params:
            return _read_only()
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return _text(HTTPStatus.BAD_REQUEST, "this endpoint serves one default graph: "
                         "default-graph-uri and named-graph-uri are not supported\n")
        queries = params.get("query", [])
        if not queries:
            return self.description(headers.get("accept"))
        if len(queries) > 1:
            return _text(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter\n")
        return self.query(queries[0], headers.get("accept"), cancelled)

    def query(self, text: str, accept: str | None,
              cancelled: Callable[[], bool] | None = None) -> Response:
        try:
            check(text, self.limits)
        except QueryError as err:
            return _text(HTTPStatus.BAD_REQUEST, f"{err}\n")
        try:
            return self.runner(answer, text, accept, cancelled=cancelled)
        except worker.Busy as err:
            return Response(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                            f"{err}\n".encode(), (("Retry-After", "1"),))
        except worker.QueryTimeout as err:
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, f"{err}\n")
        except QueryError as err:  # out of memory, cancelled, the store's own errors
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"{err}\n")
        except Exception as err:  # noqa: BLE001 (anything else: one line to this client, serve on)
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {type(err).__name__}\n")

    def description(self, accept: str | None) -> Response:
        """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
        if negotiate(accept, [("text/turtle", "TURTLE")]) is None and accept:
            return _text(HTTPStatus.NOT_ACCEPTABLE, "the service description is text/turtle\n")
        formats = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in
                             ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                              "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD"))
        text = ("@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
                f"<{ENDPOINT}> a sd:Service ;\n"
                f"    sd:endpoint <{ENDPOINT}> ;\n"
                "    sd:supportedLanguage sd:SPARQL11Query ;\n"
                f"    sd:resultFormat {formats} ;\n"
                "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n")
        return Response(HTTPStatus.OK, "text/turtle; charset=utf-8", text.encode("utf-8"))


def answer(store: Any, text: str, accept: str | None) -> Response:
    """Run ``text`` on ``store`` and serialise the result as the client accepts (a worker's job)."""
    import pyoxigraph as ox

    try:
        result = store.query(text, prefixes=v.PREFIXES, base_iri=v.ID)
    except SyntaxError as err:
        return _text(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {err}\n")
    except (OSError, RuntimeError) as err:
        return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {err}\n")
    graph = isinstance(result, ox.QueryTriples)
    offers = GRAPH_TYPES if graph else RESULT_TYPES
    chosen = negotiate(accept, offers)
    if chosen is None:
        return _text(HTTPStatus.NOT_ACCEPTABLE, "acceptable types: "
                     + ", ".join(m for m, _ in offers) + "\n")
    media, fmt = chosen
    if graph:
        body = ox.serialize(result, format=getattr(ox.RdfFormat, fmt),
                            prefixes=v.PREFIXES if fmt in {"TURTLE", "RDF_XML"} else None)
    else:
        body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    return Response(HTTPStatus.OK, _with_charset(media), body)


def in_process(store: Any) -> Runner:
    """A runner that calls jobs on ``store`` in this process: no limits (tests, embedding)."""

    def run(job: Callable[..., Any], *args: Any, cancelled: Any = None) -> Any:
        return job(store, *args)

    return run


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", message.encode("utf-8"))


def _read_only() -> Response:
    return _text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates are refused\n")


# --- HTTP ----------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "policykg-sparql"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # an idle keep-alive connection, or a slow client, is closed

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer("GET", b"")

    def do_HEAD(self) -> None:  # noqa: N802 (clients probing the endpoint)
        self._answer("GET", b"", head=True)

    def do_POST(self) -> None:  # noqa: N802
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._send(_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > MAX_BODY
                             else HTTPStatus.BAD_REQUEST, "bad or too large request body\n"),
                       close=True)
            return
        self._answer("POST", self.rfile.read(length))

    def do_OPTIONS(self) -> None:  # noqa: N802 (CORS preflight)
        headers = {k.lower(): val for k, val in self.headers.items()}
        refusal = self.server.origin_refusal(headers)
        if refusal:
            self._send(_text(HTTPStatus.FORBIDDEN, refusal + "\n"))
            return
        self._send(Response(HTTPStatus.NO_CONTENT, "text/plain", b"", (
            ("Allow", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Content-Type, Accept"))))

    def _refuse_method(self) -> None:
        self._send(Response(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                            b"read-only SPARQL endpoint: use GET or POST\n",
                            (("Allow", "GET, POST, OPTIONS"),)))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    def _answer(self, method: str, body: bytes, head: bool = False) -> None:
        if not self.server.host_allowed(self.headers.get("Host", "")):
            self._send(_text(HTTPStatus.FORBIDDEN, "unexpected Host header\n"))
            return
        headers = {k.lower(): val for k, val in self.headers.items()}
        refusal = self.server.origin_refusal(headers)
        if refusal:
            self._send(_text(HTTPStatus.FORBIDDEN, refusal + "\n"))
            return
        resp = self.server.endpoint.handle(method, self.path, headers, body, self._client_gone)
        if self._client_gone():
            self.close_connection = True  # its query was stopped; nobody to answer
            return
        self._send(resp, head=head)

    def _client_gone(self) -> bool:
        """Has the client closed its end (a query it abandoned can be stopped)?"""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _send(self, resp: Response, close: bool = False, head: bool = False) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("Vary", "Accept, Origin")
        allow = self.server.cors_origin(self.headers.get("Origin"))
        if allow:
            self.send_header("Access-Control-Allow-Origin", allow)
        for name, value in resp.headers:
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head:
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = BACKLOG

    def __init__(self, endpoint: Endpoint, host: str, port: int, cors: bool = False,
                 log: Callable[[str], None] | None = None, *,
                 allow_origins: tuple[str, ...] = (), max_connections: int = MAX_CONNECTIONS,
                 on_close: Callable[[], None] | None = None) -> None:
        self.endpoint, self.log, self.on_close = endpoint, log, on_close
        self.allow_origins = frozenset(allow_origins) | ({"*"} if cors else set())
        self.loopback_only = _is_loopback(host)
        self._slots = threading.BoundedSemaphore(max_connections)
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}{ENDPOINT}"

    def host_allowed(self, host_header: str) -> bool:
        if not self.loopback_only:
            return True
        name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        return name.strip("[]").lower() in LOOPBACK_NAMES

    # --- requests from browsers ---
    def own_origins(self) -> set[str]:
        host, port = self.server_address[:2]
        names = {f"[{host}]" if ":" in str(host) else str(host)}
        if self.loopback_only:
            names |= {"127.0.0.1", "localhost", "[::1]"}
        return {f"http://{name}:{port}" for name in names}

    def cors_origin(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin to send, if any."""
        if "*" in self.allow_origins:
            return "*"
        return origin if origin and origin in self.allow_origins else None

    def origin_refusal(self, headers: dict[str, str]) -> str | None:
        """Why a request a browser made for another site's page is refused; None: it is not one.

        A browser names the page's origin (``Origin``) on every POST and CORS request, and
        says whether the request is cross-site (``Sec-Fetch-Site``) on all requests (current
        browsers); tools (curl, SPARQLWrapper, Protégé) send neither.
        """
        if "*" in self.allow_origins:
            return None
        origin = headers.get("origin")
        if origin is not None:
            if origin in self.allow_origins or origin in self.own_origins():
                return None
            return (f"requests from pages of {origin} are refused; "
                    f"start serve with --allow-origin {origin} to allow them")
        site = headers.get("sec-fetch-site", "none").strip().lower()
        if site not in SAME_SITE:
            return (f"requests made by another site's page (Sec-Fetch-Site: {site}) are refused; "
                    "start serve with --allow-origin to allow them")
        return None

    # --- a bounded number of connection threads ---
    def process_request(self, request: Any, client_address: Any) -> None:
        self._slots.acquire()  # when all are busy, new connections wait in the backlog
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that went away or idled out: nothing to report
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        if self.on_close:
            self.on_close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(graph_path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                cors: bool = False, log: Callable[[str], None] | None = None, *,
                allow_origins: tuple[str, ...] = (), limits: QueryLimits | None = None,
                workers: int | None = None) -> SparqlServer:
    """Start the query workers over ``graph_path`` and bind the endpoint (port 0: any free
    port); not yet serving. ``server_close()`` stops the workers."""
    from policykg.errors import InputError

    limits = limits or QueryLimits()
    if not Path(graph_path).exists():
        raise InputError("graph file not found", str(graph_path))
    size = workers or max(1, min(2, worker.available_cpus()))
    pool = worker.Pool(Path(graph_path), size, limits.timeout, limits.memory_mb)
    try:
        return SparqlServer(Endpoint(pool.run, limits), host, port, cors=cors, log=log,
                            allow_origins=allow_origins, on_close=pool.close)
    except OSError as err:
        pool.close()
        raise ServeError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err

"""The SPARQL endpoint: ours over HTTP, the CLI as a process, and a real Oxigraph server."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from policykg.sparql import query
from policykg.export import rdf
from policykg.sparql import serve
from rdf_fixtures import demo_graph

NAMED = "countermeasures-for-cause"
SELECT = "SELECT ?l WHERE { ?s a pkg:Institution ; skos:prefLabel ?l }"


@pytest.fixture(scope="module")
def graph_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve")
    return rdf.write(demo_graph(), out, "ttl")


@pytest.fixture(scope="module")
def endpoint(graph_ttl):
    server = serve.make_server(graph_ttl, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def http(url: str, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def get(url: str, q: str, accept: str | None = None) -> tuple[int, str, bytes]:
    return http(f"{url}?{urllib.parse.urlencode({'query': q})}",
                headers={"Accept": accept} if accept else {})


def solutions(body: bytes) -> list[dict[str, str]]:
    return [{k: b["value"] for k, b in row.items()}
            for row in json.loads(body)["results"]["bindings"]]


def embedded(graph_ttl: Path, spec: str) -> list[dict[str, str]]:
    return solutions(query.run(graph_ttl, spec, fmt="json").encode())


# --- policykg serve, in-process -------------------------------------------------------------
def test_get_returns_sparql_json_by_default(endpoint):
    status, ctype, body = get(endpoint, SELECT)
    assert (status, ctype) == (200, "application/sparql-results+json")
    assert solutions(body) == [{"l": "三会一课"}]


def test_named_query_over_http_matches_the_embedded_result(endpoint, graph_ttl):
    text = query.resolve(NAMED).text
    status, _, body = http(endpoint, text.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200
    assert solutions(body) == embedded(graph_ttl, NAMED) != []


def test_form_post(endpoint):
    data = urllib.parse.urlencode({"query": SELECT}).encode()
    status, _, body = http(endpoint, data, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and solutions(body) == [{"l": "三会一课"}]


@pytest.mark.parametrize("accept, ctype, marker", [
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("text/csv", "text/csv; charset=utf-8", "l\r\n三会一课".encode()),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", b"?l"),
    ("text/html;q=0.9, text/csv;q=0.5, */*;q=0.1", "text/csv; charset=utf-8", b"l\r\n"),
    ("*/*", "application/sparql-results+json", b'"bindings"'),
])
def test_results_are_negotiated(endpoint, accept, ctype, marker):
    status, got, body = get(endpoint, SELECT, accept)
    assert (status, got) == (200, ctype)
    assert marker in body


def test_construct_is_turtle(endpoint):
    q = "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s a pkg:Institution ; skos:prefLabel ?l }"
    status, ctype, body = get(endpoint, q, "text/turtle, application/sparql-results+json;q=0.5")
    assert (status, ctype) == (200, "text/turtle; charset=utf-8")
    g = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert {str(o) for o in g.objects()} == {"三会一课"}
    status, ctype, _ = get(endpoint, q, "application/n-triples")
    assert (status, ctype) == (200, "application/n-triples")


def test_ask(endpoint):
    status, _, body = get(endpoint, "ASK { ?s a pkg:Mechanism }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_nothing_acceptable_is_406(endpoint):
    status, _, body = get(endpoint, SELECT, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_updates_are_refused(endpoint, graph_ttl):
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert http(endpoint, insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    form = urllib.parse.urlencode({"update": insert}).encode()
    assert http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert get(endpoint, insert)[0] == 400  # an update is not a query
    assert http(endpoint, b"x", method="PUT")[0] == 405
    assert solutions(get(endpoint, "SELECT * WHERE { <urn:a> ?p ?o }")[2]) == []


def test_head_answers_without_a_body(endpoint):
    status, ctype, body = http(endpoint, method="HEAD")
    assert (status, body) == (200, b"") and ctype.startswith("text/turtle")


def test_bad_query_is_400_with_the_reason(endpoint):
    status, ctype, body = get(endpoint, "SELECT ?x WHERE {")
    assert status == 400 and ctype.startswith("text/plain") and b"syntax error" in body


def test_service_description_and_unknown_paths(endpoint):
    status, ctype, body = http(endpoint)
    assert status == 200 and ctype.startswith("text/turtle")
    g = rdflib.Graph().parse(data=body.decode(), format="turtle", publicID=endpoint)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(endpoint), sd.endpoint, rdflib.URIRef(endpoint)) in g
    assert http(endpoint.replace("/sparql", "/other"))[0] == 404


def test_foreign_host_header_is_refused_on_loopback(endpoint):
    url = f"{endpoint}?{urllib.parse.urlencode({'query': SELECT})}"
    assert http(url, headers={"Host": "evil.example:80"})[0] == 403
    assert http(url, headers={"Host": "localhost"})[0] == 200


def test_negotiate_prefers_quality_then_server_order():
    offers = serve.RESULT_TYPES
    assert serve.negotiate(None, offers)[0] == "application/sparql-results+json"
    assert serve.negotiate("text/*", offers)[0] == "text/csv"
    assert serve.negotiate("application/json;q=0, */*;q=0.1", offers)[0] == \
        "application/sparql-results+json"
    assert serve.negotiate("image/*", offers) is None


def test_port_in_use_is_a_serve_error(graph_ttl):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        with pytest.raises(serve.ServeError, match="cannot listen"):
            serve.make_server(graph_ttl, port=sock.getsockname()[1])


# --- the CLI as a real process -----------------------------------------------------------------
def _read_url(proc: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if "SPARQL endpoint:" in line:
            return line.split("SPARQL endpoint:")[1].split()[0]
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"server did not start: {proc.stderr.read()}")


def test_policykg_serve_process(graph_ttl):
    cmd = [sys.executable, "-m", "policykg", "serve", str(graph_ttl), "--port", "0", "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        url = _read_url(proc, time.monotonic() + 30)
        assert url.startswith("http://127.0.0.1:")
        assert solutions(get(url, SELECT)[2]) == [{"l": "三会一课"}]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_policykg_serve_missing_graph_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "policykg", "serve", str(tmp_path / "no.ttl")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "graph file not found" in proc.stderr


# --- a real SPARQL server: Oxigraph ---------------------------------------------------------------
def _oxigraph() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.access(exe, os.X_OK):
        pytest.skip("the oxigraph server binary is missing: pip install -e '.[test]' "
                    "installs it (PyPI package 'oxigraph')")
    return exe


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"oxigraph exited: {proc.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("oxigraph did not start in time")


@pytest.fixture(scope="module")
def oxigraph_server(graph_ttl, tmp_path_factory):
    exe = _oxigraph()
    location = tmp_path_factory.mktemp("oxigraph-db")
    loaded = subprocess.run([exe, "load", "--location", str(location), "--file", str(graph_ttl)],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    with running_oxigraph(exe, "serve-read-only", location) as base:
        yield base + "/query"


@contextlib.contextmanager
def running_oxigraph(exe: str, mode: str, location: Path) -> Iterator[str]:
    """An oxigraph server (``serve`` or ``serve-read-only``) on a free loopback port: its base URL."""
    port = _free_port()
    proc = subprocess.Popen([exe, mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", proc, time.monotonic() + 30)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("name", sorted(query.named_queries()))
def test_named_queries_give_the_same_rows_on_oxigraph_server(oxigraph_server, graph_ttl, name):
    text = query.resolve(name).text
    status, _, body = http(oxigraph_server, text.encode(),
                           {"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json"})
    assert status == 200, body
    assert solutions(body) == embedded(graph_ttl, name)


def test_oxigraph_server_holds_every_triple(oxigraph_server):
    status, _, body = get(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                          "application/sparql-results+json")
    assert status == 200
    assert int(solutions(body)[0]["n"]) == len(rdf.to_rdf(demo_graph()))


def test_sparqlwrapper_client(endpoint):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper", reason="sparqlwrapper is in the test extra")
    client = sparqlwrapper.SPARQLWrapper(endpoint)
    client.setQuery(SELECT)
    client.setReturnFormat(sparqlwrapper.JSON)
    result = client.query().convert()
    assert [b["l"]["value"] for b in result["results"]["bindings"]] == ["三会一课"]
    client.setMethod(sparqlwrapper.POST)
    client.setQuery("CONSTRUCT WHERE { ?s a pkg:Institution }")
    client.setReturnFormat(sparqlwrapper.TURTLE)
    assert len(client.query().convert()) > 0


# --- one request cannot take the endpoint down --------------------------------------------------
DEEP = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
CROSS_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # 535³ rows
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


@pytest.fixture
def limited(graph_ttl):
    """An endpoint with one worker, a 3 s time limit and a 256 MB memory limit."""
    from policykg.sparql.guard import QueryLimits

    server = serve.make_server(graph_ttl, port=0, workers=1,
                               limits=QueryLimits(timeout=3, memory_mb=256))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("text, status, message", [
    (DEEP, 400, b"query nested too deeply (depth 5002; the limit is 64)"),
    (SERVICE, 400, b"SERVICE (a federated query to another endpoint) is refused; "
                   b"allow it with --allow-service"),
    (CROSS_ORDER, 500, b"the query needed more than the memory limit (256 MB) and was stopped"),
    (SLOW, 503, b"the query ran past the time limit (3 s) and was stopped"),
])
def test_a_crashing_query_gets_a_one_line_error_and_the_endpoint_goes_on(limited, text, status,
                                                                         message):
    before = get(limited.url, SELECT)
    got, ctype, body = get(limited.url, text)
    assert (got, body.strip()) == (status, message) and ctype.startswith("text/plain")
    assert get(limited.url, SELECT) == before  # the same answer, from a fresh worker if need be


def test_an_abandoned_query_is_stopped(limited):
    url = urllib.parse.urlsplit(limited.url)
    with socket.create_connection((url.hostname, url.port)) as sock:
        path = f"{url.path}?{urllib.parse.urlencode({'query': SLOW})}"
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(0.5)  # the query is running in the only worker; the client leaves
    started = time.monotonic()
    assert get(limited.url, SELECT)[0] == 200
    assert time.monotonic() - started < 2.9  # the worker was freed before the 3 s limit


def test_an_idle_connection_is_closed(limited, monkeypatch):
    monkeypatch.setattr(serve._Handler, "timeout", 0.5)
    url = urllib.parse.urlsplit(limited.url)
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.settimeout(5)
        assert sock.recv(1) == b""  # closed by the server, not by our timeout


def test_listen_backlog_and_connection_threads_are_bounded(limited):
    assert limited.request_queue_size >= 128
    assert limited._slots._value == serve.MAX_CONNECTIONS


# --- requests from browsers -----------------------------------------------------------------------
def _browser(url, origin=None, site=None, method=None, data=None, ctype=None):
    headers = {k: v for k, v in (("Origin", origin), ("Sec-Fetch-Site", site),
                                 ("Content-Type", ctype)) if v}
    return http(f"{url}?{urllib.parse.urlencode({'query': SELECT})}" if data is None else url,
                data, headers, method)


def test_other_origins_are_refused(endpoint):
    status, _, body = _browser(endpoint, origin="http://evil.example")
    assert status == 403 and b"--allow-origin http://evil.example" in body
    assert _browser(endpoint, site="cross-site")[0] == 403  # a no-cors GET: no Origin
    assert _browser(endpoint, site="same-site")[0] == 403  # another port on localhost
    form = urllib.parse.urlencode({"query": SELECT}).encode()
    assert _browser(endpoint, origin="http://evil.example", data=form,
                    ctype="application/x-www-form-urlencoded")[0] == 403  # a simple POST
    assert _browser(endpoint, origin="http://evil.example", method="OPTIONS")[0] == 403  # preflight


def test_the_endpoint_s_own_pages_and_tools_are_answered(endpoint):
    own = endpoint.rsplit("/sparql", 1)[0]
    assert _browser(endpoint, origin=own, site="same-origin")[0] == 200
    assert _browser(endpoint, site="none")[0] == 200  # typed into the address bar
    assert _browser(endpoint)[0] == 200  # curl, SPARQLWrapper: no browser headers


def test_an_allowed_origin_may_query(graph_ttl):
    server = serve.make_server(graph_ttl, port=0, allow_origins=("https://yasgui.example",))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        req = urllib.request.Request(f"{server.url}?{urllib.parse.urlencode({'query': SELECT})}",
                                     headers={"Origin": "https://yasgui.example",
                                              "Sec-Fetch-Site": "cross-site"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
        assert _browser(server.url, origin="https://other.example")[0] == 403
    finally:
        server.shutdown()
        server.server_close()


def test_a_worker_killed_while_idle_costs_one_error_and_is_replaced(limited):
    import signal as sig

    [worker] = list(limited.endpoint.runner.__self__._all)
    os.kill(worker.proc.pid, sig.SIGKILL)  # as the system's OOM killer would
    worker.proc.join(5)
    status, _, body = get(limited.url, SELECT)
    assert status == 500 and body.strip() == (b"a query worker had stopped; a fresh one is "
                                              b"starting, try again")
    assert get(limited.url, SELECT)[0] == 200

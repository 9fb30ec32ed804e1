"""policykg push: a graph uploaded in batches to a real Graph Store Protocol endpoint
(the Oxigraph server of tests/test_serve.py, read-write this time)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from policykg.export import rdf, store
from policykg.sparql import push, query
from policykg.errors import EndpointError, InputError
from rdf_fixtures import demo_graph
from test_serve import _free_port, _oxigraph, running_oxigraph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:policykg> { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = _oxigraph()
    location = tmp_path_factory.mktemp("oxigraph-rw")
    with running_oxigraph(exe, "serve", location) as base:
        yield base


@pytest.fixture(scope="module")
def graph_ttl(tmp_path_factory) -> Path:
    return rdf.write(demo_graph(), tmp_path_factory.mktemp("push"), "ttl")


def remote_count(base: str, sparql: str = COUNT) -> int:
    url = base + "/query?" + urllib.parse.urlencode({"query": sparql})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def local_count(graph: Path) -> int:
    return int(query.run(graph, COUNT, fmt="csv").splitlines()[1])


def test_push_in_batches_uploads_every_triple(server, graph_ttl):
    n = local_count(graph_ttl)
    done = push.push(graph_ttl, server + "/store", batch=7, replace=True)
    assert (done.triples, done.requests) == (n, -(-n // 7))
    assert remote_count(server) == n
    # the uploaded graph answers the named queries as the file does
    text = query.resolve("countermeasures-for-cause").text
    url = server + "/query?" + urllib.parse.urlencode({"query": text})
    req = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        remote = resp.read().decode().replace("\r\n", "\n")
    assert sorted(remote.splitlines()) == sorted(query.run(graph_ttl, text, fmt="csv").splitlines())


def test_replace_leaves_exactly_the_pushed_graph(server, graph_ttl, tmp_path):
    push.push(graph_ttl, server + "/store", replace=True)
    small = rdf.write(demo_graph().subgraph(list(demo_graph().nodes)[:2]).copy(), tmp_path, "nt")
    push.push(small, server + "/store", batch=3, replace=True)
    assert remote_count(server) == local_count(small) < local_count(graph_ttl)


def test_push_a_store_into_a_named_graph(server, graph_ttl, tmp_path):
    db = store.write(demo_graph(), tmp_path / "db")
    push.push(db, server + "/store", graph_iri="urn:x:policykg", replace=True)
    assert remote_count(server, COUNT_NAMED) == local_count(graph_ttl)


def test_unreachable_endpoint_is_one_error(graph_ttl):
    with pytest.raises(EndpointError, match=r"cannot reach http://127\.0\.0\.1:\d+/store\?default"):
        push.push(graph_ttl, f"http://127.0.0.1:{_free_port()}/store", timeout=5)


def test_http_error_is_one_error_naming_the_status(server, graph_ttl):
    with pytest.raises(EndpointError, match=r"POST .*/nowhere\?default: HTTP 404"):
        push.push(graph_ttl, server + "/nowhere")


def test_bad_urls_and_iris_are_refused_before_anything_is_sent(graph_ttl):
    with pytest.raises(InputError, match="not an http"):
        push.push(graph_ttl, "ftp://example.org/store")
    with pytest.raises(InputError, match="not an absolute IRI"):
        push.push(graph_ttl, "http://127.0.0.1:1/store", graph_iri="no scheme")


def test_target_url():
    assert push.target_url("http://h:7878/store") == "http://h:7878/store?default"
    assert push.target_url("http://h/gsp?x=1", "http://ex.org/g#1") == \
        "http://h/gsp?x=1&graph=http%3A%2F%2Fex.org%2Fg%231"


def test_cli_push_errors_in_one_line(graph_ttl):
    proc = subprocess.run([sys.executable, "-m", "policykg", "push", str(graph_ttl), "--endpoint",
                           f"http://127.0.0.1:{_free_port()}/store"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("policykg: error: cannot reach")


def test_cli_push(server, graph_ttl):
    proc = subprocess.run([sys.executable, "-m", "policykg", "push", str(graph_ttl), "--endpoint",
                           server + "/store", "--replace", "--batch", "10"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    n = local_count(graph_ttl)
    assert f"pushed {n} triples in {-(-n // 10)} request(s)" in proc.stderr
    assert remote_count(server) == n

"""The on-disk Oxigraph store: written by build --store, opened by query and serve."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from policykg import pipeline
from policykg.export import rdf, store
from policykg.sparql import query, serve
from policykg.sparql.guard import QueryLimits
from policykg.cli import main
from policykg.errors import InputError, OutputError
from rdf_fixtures import demo_graph

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> tuple[Path, Path]:
    """The samples' graph as graph.ttl and as a store."""
    out = tmp_path_factory.mktemp("store")
    g, _ = pipeline.build([ROOT / "samples"])
    return rdf.write(g, out, "ttl"), store.write(g, out / "db")


# The one-query worker is forked from this (large) test process and limits its address
# space: RocksDB's first allocations may not fit in the default 1024 MB beside what the
# test process already holds, and the limits are not what these tests are about.
ROOMY = QueryLimits(memory_mb=8192)


def rows(graph: Path, spec: str) -> list[dict[str, str]]:
    """Solutions as dicts; a GROUP_CONCAT's order is unspecified in SPARQL, so joined
    values are compared as sorted parts."""
    data = json.loads(query.run(graph, spec, fmt="json", limits=ROOMY))
    return [{k: " | ".join(sorted(b["value"].split(" | "))) for k, b in row.items()}
            for row in data["results"]["bindings"]]


@pytest.mark.parametrize("name", sorted(query.named_queries()))
def test_store_answers_named_queries_with_the_rows_of_graph_ttl(samples, name):
    ttl, db = samples
    assert rows(db, name) == rows(ttl, name)
    assert rows(db, name) or name == "problems-without-countermeasure"


def test_store_holds_exactly_the_triples_of_graph_ttl(samples):
    ttl, db = samples
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    triples = sorted(query.run(db, everything, fmt="nt", limits=ROOMY).splitlines())
    assert triples == sorted(query.run(ttl, everything, fmt="nt").splitlines())
    assert len(triples) > 1000
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert query.run(db, count, fmt="csv", limits=ROOMY) == query.run(ttl, count, fmt="csv")


def test_serve_opens_a_store(samples):
    ttl, db = samples
    server = serve.make_server(db, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        text = query.resolve("institutions-by-frequency").text
        url = server.url + "?" + urllib.parse.urlencode({"query": text})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = json.loads(resp.read())
        served = [{k: b["value"] for k, b in r.items()} for r in body["results"]["bindings"]]
        assert served == rows(ttl, "institutions-by-frequency")
    finally:
        server.shutdown()
        server.server_close()


def test_rewriting_a_store_replaces_its_content(tmp_path):
    db = store.write(demo_graph(), tmp_path / "db")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    small = query.run(db, count, fmt="csv", limits=ROOMY)
    g, _ = pipeline.build([ROOT / "samples" / "01-shequ-yanglao.txt"])
    store.write(g, db)
    assert query.run(db, count, fmt="csv", limits=ROOMY) == query.run(rdf.write(g, tmp_path, "ttl"), count, fmt="csv")
    assert query.run(db, count, fmt="csv", limits=ROOMY) != small
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "graph.ttl"]  # no staging left


def test_a_folder_that_is_not_a_store_is_neither_replaced_nor_opened(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not an Oxigraph store"):
        store.write(demo_graph(), folder)
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(InputError, match="not an Oxigraph store"):
        query.load(folder)


def test_cli_build_store_then_query(tmp_path, capsys):
    with pytest.raises(SystemExit) as ex:
        main(["build", str(ROOT / "samples"), "--out", str(tmp_path / "out"), "-f", "json",
              "--store", str(tmp_path / "db"), "--quiet"])
    assert ex.value.code == 0
    with pytest.raises(SystemExit) as ex:
        main(["query", str(tmp_path / "db"), "institutions-by-frequency", "-f", "csv"])
    assert ex.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("institution,mentions,documents,items") and out.count("\n") > 3


def test_cli_store_holds_the_triples_of_the_graph_ttl_written(tmp_path):
    with pytest.raises(SystemExit) as ex:
        main(["build", str(ROOT / "samples" / "01-shequ-yanglao.txt"), "--out", str(tmp_path / "out"),
              "-f", "ttl", "--store", str(tmp_path / "db"), "--quiet", "--jobs", "1"])
    assert ex.value.code == 0
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    triples = sorted(query.run(tmp_path / "db", everything, fmt="nt", limits=ROOMY).splitlines())
    assert triples == sorted(query.run(tmp_path / "out" / "graph.ttl", everything, fmt="nt").splitlines())
    assert len(triples) > 100


def test_cli_store_needs_a_graph_format(tmp_path, capsys):
    with pytest.raises(SystemExit) as ex:
        main(["build", str(ROOT / "samples"), "--out", str(tmp_path / "out"), "-f", "html",
              "--store", str(tmp_path / "db")])
    assert ex.value.code == 2
    assert "--store needs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "db").exists()

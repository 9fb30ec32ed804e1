"""Embedded SPARQL: the named queries on a graph built here, parameters, output formats."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
import rdflib

from policykg.export import registry
from policykg.sparql import query
from policykg.export import rdf
from policykg.export import vocab as v
from policykg.errors import InputError, QueryError
from rdf_fixtures import HANS_ID, HANT_ID, demo_graph, node_by_label


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("graph")
    registry.write_all(demo_graph(), out, ("json", "ttl", "nt", "jsonld", "xml"))
    return out


@pytest.fixture(scope="module")
def ttl(graph_dir):
    return graph_dir / "graph.ttl"


def rows(path, spec, params=None):
    """The result as a list of dicts of plain values, read back from SPARQL JSON."""
    data = json.loads(query.run(path, spec, params, fmt="json"))
    return [{k: b["value"] for k, b in r.items()} for r in data["results"]["bindings"]]


def label_rows(result, *keys):
    return [tuple(r.get(k) for k in keys) for r in result]


# --- the named queries ------------------------------------------------------------------------
def test_countermeasures_for_cause(ttl):
    got = rows(ttl, "countermeasures-for-cause")
    assert label_rows(got, "causeLabel", "countermeasureLabel", "score", "cue") == [
        ("污水處理設施不足", "擴建污水處理設施", "0.88", "污水處理設施"),
        ("考核评价体系不健全", "健全激励机制", "0.75", "考核评价体系"),
    ]


def test_countermeasures_for_one_cause_by_node_id_or_iri(ttl):
    g = demo_graph()
    cause = node_by_label(g, "考核评价体系不健全")
    by_id = rows(ttl, "countermeasures-for-cause", {"cause": cause})
    by_iri = rows(ttl, "countermeasures-for-cause", {"cause": f"<{v.node_iri(cause)}>"})
    assert by_id == by_iri
    assert label_rows(by_id, "cause", "countermeasureLabel") == [(str(v.node_iri(cause)), "健全激励机制")]


def test_problems_without_countermeasure(ttl):
    # the nested “三会一课”… is covered by the countermeasure of the problem it is part of
    assert label_rows(rows(ttl, "problems-without-countermeasure"), "doc", "label", "section") == [
        (HANS_ID, "经费保障不足", "存在的问题")]
    # the traditional report's problem is answered through its cause, so it is not listed
    assert rows(ttl, "problems-without-countermeasure", {"doc": HANT_ID}) == []


def test_a_problem_is_covered_through_an_enclosing_problem(tmp_path):
    from policykg.export import graph
    from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

    P, M = NodeType.PROBLEM, NodeType.COUNTERMEASURE
    nodes = (Node("d/P1", P, "总问题", "d", 0, 3, ((0, 3),)),
             Node("d/P2", P, "子问题", "d", 4, 7, ((4, 7),), parent="d/P1"),
             Node("d/P3", P, "孤立问题", "d", 8, 12, ((8, 12),)),
             Node("d/C1", M, "对策", "d", 13, 15, ((13, 15),)))
    edge = Edge("d/P1", "d/C1", EdgeType.ADDRESSED_BY, "d", 0.9, "r", "对策", (0, 3), (13, 15))
    doc = Document("d", "d.txt", "", "", "zh-Hans", "utf-8", "txt")
    rdf.write(graph.build([DocumentResult(doc, nodes, (edge,))]), tmp_path, "ttl")
    got = rows(tmp_path / "graph.ttl", "problems-without-countermeasure")
    assert [r["label"] for r in got] == ["孤立问题"]


def test_causes_shared_by_problems(ttl):
    [row] = rows(ttl, "causes-shared-by-problems")
    assert (row["doc"], row["label"], row["problems"]) == (HANS_ID, "考核评价体系不健全", "2")
    assert set(row["problemLabels"].split(" | ")) == {"激励机制不完善", "学习流于形式"}
    assert rows(ttl, "causes-shared-by-problems", {"doc": HANT_ID}) == []


def test_causes_shared_through_a_chain_count(tmp_path):
    from policykg.export import graph
    from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

    P, C = NodeType.PROBLEM, NodeType.CAUSE
    nodes = (Node("d/P1", P, "甲", "d", 0, 1, ((0, 1),)), Node("d/P2", P, "乙", "d", 2, 3, ((2, 3),)),
             Node("d/C1", C, "近因", "d", 4, 6, ((4, 6),)), Node("d/C2", C, "根源", "d", 7, 9, ((7, 9),)))
    e = lambda a, b: Edge(a, b, EdgeType.CAUSED_BY, "d", 0.5, "r", "", (0, 1), (4, 6))  # noqa: E731
    doc = Document("d", "d.txt", "", "", "zh-Hans", "utf-8", "txt")
    res = DocumentResult(doc, nodes, (e("d/P1", "d/C1"), e("d/P2", "d/C2"), e("d/C1", "d/C2")))
    rdf.write(graph.build([res]), tmp_path, "ttl")
    got = rows(tmp_path / "graph.ttl", "causes-shared-by-problems")
    assert label_rows(got, "label", "problems") == [("根源", "2")]


def test_institutions_by_frequency(ttl):
    assert label_rows(rows(ttl, "institutions-by-frequency"),
                      "institution", "mentions", "documents", "items") == [("三会一课", "2", "1", "3")]


def test_problem_overview(ttl):
    got = {r["label"]: (set(filter(None, r.get("causes", "").split(" | "))),
                        set(filter(None, r.get("countermeasures", "").split(" | "))))
           for r in rows(ttl, "problem-overview", {"doc": HANS_ID})}
    assert got == {
        "激励机制不完善": ({"考核评价体系不健全"}, {"健全激励机制"}),
        "学习流于形式": ({"考核评价体系不健全"}, {"健全激励机制", "落实“三会一课”制度"}),
        "“三会一课”制度落实不到位": (set(), set()),
        "经费保障不足": (set(), set()),
    }
    assert [r["label"] for r in rows(ttl, "problem-overview", {"doc": HANT_ID})] == ["河川污染嚴重"]


def test_every_named_query_is_documented_and_its_parameters_projected():
    named = query.named_queries()
    assert {"countermeasures-for-cause", "problems-without-countermeasure",
            "causes-shared-by-problems", "institutions-by-frequency"} <= set(named)
    for name in named:
        q = query.resolve(name)
        assert len(q.description) > 40, name
        select = re.search(r"SELECT(.*?)WHERE", q.text, re.S | re.I).group(1)
        for param in q.params:
            assert f"?{param}" in select, (name, param)


@pytest.mark.parametrize("suffix", ["ttl", "nt", "jsonld", "rdf", "json"])
def test_every_graph_format_loads_to_the_same_store(graph_dir, suffix):
    store = query.load(graph_dir / f"graph.{suffix}")
    assert len(store) == len(rdf.to_rdf(demo_graph()))
    assert rows(graph_dir / f"graph.{suffix}", "institutions-by-frequency")[0]["institution"] == "三会一课"


# --- parameters are bound, never pasted ----------------------------------------------------------
def test_a_string_parameter_cannot_change_the_query(ttl):
    evil = f'{HANS_ID}" || true) }} UNION {{ ?problem ?p ?label }} #'
    assert rows(ttl, "problems-without-countermeasure", {"doc": evil}) == []


def test_a_node_parameter_must_be_an_iri(ttl):
    with pytest.raises(QueryError, match="not an IRI"):
        query.run(ttl, "countermeasures-for-cause", {"cause": "<x> } ; DROP ALL ; { <y>"})


def test_typed_parameters_are_checked(ttl):
    q = "# @param n integer  a number\nSELECT ?n WHERE {}"
    assert rows(ttl, q, {"n": "12"}) == [{"n": "12"}]
    with pytest.raises(QueryError, match="not a valid xsd:integer"):
        query.run(ttl, q, {"n": "12 ."})


def test_unknown_parameter_is_named(ttl):
    with pytest.raises(QueryError, match="unknown parameter 'cuase'.*takes: cause"):
        query.run(ttl, "countermeasures-for-cause", {"cuase": "x/C1"})


def test_parameter_of_an_unprojected_variable_is_explained(ttl):
    with pytest.raises(QueryError, match="SELECT clause"):
        query.run(ttl, "SELECT ?s WHERE { ?s ?p ?o }", {"o": "x"})


def test_parse_params():
    assert query.parse_params(["a=1", "?b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(QueryError, match="name=value"):
        query.parse_params(["novalue"])


# --- resolving queries ---------------------------------------------------------------------------
def test_query_from_a_file(ttl, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a pkg:Problem }", encoding="utf-8")
    assert rows(ttl, str(f)) == [{"n": "5"}]


def test_unknown_named_query_lists_the_known_ones(ttl):
    with pytest.raises(QueryError, match="no named query 'nope'.*countermeasures-for-cause"):
        query.run(ttl, "nope")


def test_syntax_error_is_a_query_error(ttl):
    with pytest.raises(QueryError, match="syntax error"):
        query.run(ttl, "SELECT ?x WHERE { ?x ")


def test_missing_or_broken_graph_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        query.load(tmp_path / "none.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        query.load(bad)
    bad_json = tmp_path / "graph.json"
    bad_json.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="graph.json"):
        query.load(bad_json)


# --- output formats -----------------------------------------------------------------------------------
def test_table_output_aligns_cjk_columns(ttl):
    lines = query.run(ttl, "countermeasures-for-cause").splitlines()
    assert lines[0].split() == ["cause", "|", "causeLabel", "|", "countermeasure", "|",
                                "countermeasureLabel", "|", "score", "|", "cue"]
    assert lines[-1] == "(2 rows)"
    # wide (CJK) characters count two columns, so every row's bars line up with the header's
    widths = {tuple(query._width(c) for c in line.split(" | ")[:-1])
              for line in [lines[0], *lines[2:-1]]}
    assert len(widths) == 1, widths


def test_csv_and_tsv_are_sparql_results(ttl):
    text = query.run(ttl, "institutions-by-frequency", fmt="csv")
    assert list(csv.reader(io.StringIO(text))) == [
        ["institution", "mentions", "documents", "items"], ["三会一课", "2", "1", "3"]]
    assert query.run(ttl, "institutions-by-frequency", fmt="tsv").splitlines()[1].startswith('"三会一课"')


def test_xml_output_is_sparql_results_xml(ttl):
    root = ET.fromstring(query.run(ttl, "institutions-by-frequency", fmt="xml"))
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [b.get("name") for b in root.findall(".//s:result/s:binding", ns)] == [
        "institution", "mentions", "documents", "items"]


def test_construct_writes_rdf(ttl):
    q = "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s a pkg:Institution ; skos:prefLabel ?l }"
    g = rdflib.Graph().parse(data=query.run(ttl, q, fmt="ttl"), format="turtle")
    assert {str(o) for o in g.objects()} == {"三会一课"}
    assert "三会一课" in query.run(ttl, q, fmt="table")
    assert json.loads(query.run(ttl, q, fmt="jsonld"))


def test_ask(ttl):
    assert query.run(ttl, "ASK { ?s a pkg:Mechanism }") == "true\n"
    assert json.loads(query.run(ttl, "ASK { ?s a pkg:Goal }", fmt="json")) == {"head": {}, "boolean": False}


def test_unknown_output_format(ttl):
    with pytest.raises(QueryError, match="unknown output format"):
        query.run(ttl, "institutions-by-frequency", fmt="yaml")


# --- the command line ------------------------------------------------------------------------------
def test_cli_query_runs_a_named_query_with_a_parameter(ttl):
    from click.testing import CliRunner

    from policykg.cli import main

    cause = node_by_label(demo_graph(), "考核评价体系不健全")
    res = CliRunner().invoke(main, ["query", str(ttl), "countermeasures-for-cause",
                                    "-p", f"cause={cause}", "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert list(csv.reader(io.StringIO(res.output)))[1][3] == "健全激励机制"


def test_cli_query_writes_a_file(ttl, tmp_path):
    from click.testing import CliRunner

    from policykg.cli import main

    out = tmp_path / "rows.json"
    res = CliRunner().invoke(main, ["query", str(ttl), "institutions-by-frequency",
                                    "-f", "json", "-o", str(out)])
    assert res.exit_code == 0 and res.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["results"]["bindings"]


@pytest.mark.parametrize("args, message", [
    (["nope"], "no named query 'nope'"),
    (["SELECT ?x WHERE {"], "syntax error"),
    (["countermeasures-for-cause", "-p", "cause"], "name=value"),
])
def test_cli_query_errors_exit_2_with_one_line(ttl, args, message):
    from click.testing import CliRunner

    from policykg.cli import main

    res = CliRunner().invoke(main, ["query", str(ttl), *args])
    assert res.exit_code == 2
    assert message in res.output and res.output.startswith("policykg: error:")


def test_cli_query_missing_graph_and_list(tmp_path):
    from click.testing import CliRunner

    from policykg.cli import QUERY_FORMATS, main

    assert QUERY_FORMATS == query.OUTPUT_FORMATS
    res = CliRunner().invoke(main, ["query", str(tmp_path / "none.ttl"), "institutions-by-frequency"])
    assert res.exit_code == 2 and "graph file not found" in res.output
    listing = CliRunner().invoke(main, ["query", "--list"])
    assert listing.exit_code == 0
    assert "--param cause=<node>" in listing.output
    assert set(query.named_queries()) <= set(listing.output.split())
    assert CliRunner().invoke(main, ["query"]).exit_code == 2


# --- limits: a query cannot take the process down -------------------------------------------------
def _cli(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "policykg", "query", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("text, extra, message", [
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", (),
     "query nested too deeply (depth 5002; the limit is 64)"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", (),
     "SERVICE (a federated query to another endpoint) is refused; allow it with --allow-service"),
    ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i", ("--memory", "256"),
     "the query needed more than the memory limit (256 MB) and was stopped"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
     ("--timeout", "2"), "the query ran past the time limit (2 s) and was stopped"),
])
def test_the_query_command_stops_a_crashing_query_with_one_line(ttl, text, extra, message):
    proc = _cli(ttl, text, *extra)
    assert proc.returncode == 2  # not 139 (segfault) nor a MemoryError traceback
    assert proc.stderr == f"policykg: error: {message}\n"


def test_limits_do_not_change_answers(ttl):
    from policykg.sparql.guard import QueryLimits

    spec = "SELECT ?l WHERE { ?s a pkg:Institution ; skos:prefLabel ?l } ORDER BY ?l"
    assert query.run(ttl, spec, fmt="csv", limits=QueryLimits(timeout=60, memory_mb=512)) == \
        query.run_in_store(query.load(ttl), query.resolve(spec), None, "csv")

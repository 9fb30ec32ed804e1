"""graph.graphml and graph.gexf written a document at a time: the same bytes as networkx's
writers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from test_rdf import results

from policykg.export import exchange, gexf, graph, graphml


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_elements_rendered_apart_make_networkx_s_file(tmp_path_factory, res):
    """Keys numbered as met, nodes then edges, text escaped and line breaks as networkx's
    writer leaves them, characters XML cannot hold replaced and counted alike."""
    g = graph.build(res)
    out = tmp_path_factory.mktemp("graphml")
    notes = exchange.write_graphml(g, out)
    text, replaced = graphml.dumps(g)
    assert text == (out / "graph.graphml").read_bytes().decode()
    assert notes == exchange.xml_note("graph.graphml", replaced)


def test_an_empty_graph_is_networkx_s_too(tmp_path):
    g = graph.build([])
    exchange.write_graphml(g, tmp_path)
    assert graphml.dumps(g)[0] == (tmp_path / "graph.graphml").read_bytes().decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_gexf_elements_rendered_apart_make_networkx_s_file(tmp_path_factory, res):
    g = graph.build(res)
    out = tmp_path_factory.mktemp("gexf")
    notes = exchange.write_gexf(g, out)
    text, replaced = gexf.dumps(g)
    assert text == (out / "graph.gexf").read_bytes().decode()
    assert notes == exchange.xml_note("graph.gexf", replaced)


def test_an_empty_gexf_is_networkx_s_too(tmp_path):
    g = graph.build([])
    exchange.write_gexf(g, tmp_path)
    assert gexf.dumps(g)[0] == (tmp_path / "graph.gexf").read_bytes().decode()

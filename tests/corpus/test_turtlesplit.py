from pathlib import Path

import pytest

from policykg.corpus import turtlesplit, work
from policykg.export import graph, rdfstream
from policykg.read import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def many_reports():
    """The samples one after another in one file, three times (each time reads as one
    report: they number their sections alike)."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    data = "\n\n".join([text] * 3).encode("utf-8")
    result = work.process(ingest.load_bytes(data, Path("many.txt"), doc_id="many"))
    info = graph.document_attributes(result)
    return graph.build([result], documents=[info])


@pytest.mark.parametrize("piece_nodes", [1, 20, 10_000])
def test_blocks_made_in_pieces_are_the_whole_graphs(many_reports, piece_nodes):
    g = many_reports
    whole = rdfstream.turtle_blocks(g)
    assert list(turtlesplit.turtle_blocks(g, min_nodes=0, piece_nodes=piece_nodes)) == whole


def test_the_pieces_are_used_and_share_subjects(many_reports, monkeypatch):
    g = many_reports
    pieces = list(turtlesplit._pieces(g, 1))
    assert len(pieces) == 3
    assert sum(p.number_of_edges() for p in pieces) == g.number_of_edges()
    unions = []
    union = turtlesplit.union
    monkeypatch.setattr(turtlesplit, "union", lambda texts: unions.append(texts) or union(texts))
    runs = [turtlesplit.Chunks(rdfstream.turtle_blocks(p)) for p in pieces]
    assert list(turtlesplit._merged(runs)) == rdfstream.turtle_blocks(g)
    assert unions  # some subjects (named nodes' first items, shared spans) came from two pieces


def test_union_of_blocks_of_one_subject():
    a = '\n<s>\n    a pkg:Item ;\n    pkg:mentions <m1> .\n'
    b = '\n<s>\n    pkg:mentions <m0>, <m2> .\n'
    assert turtlesplit.union([a, b]) == '\n<s>\n    a pkg:Item ;\n    pkg:mentions <m0>, <m1>, <m2> .\n'


def test_literals_that_differ_are_not_split_the_whole_graph_is_written():
    a = '\n<s>\n    rdfs:label "a, b" .\n'
    b = '\n<s>\n    rdfs:label "c" .\n'
    with pytest.raises(turtlesplit._Whole):
        turtlesplit.union([a, b])
    with pytest.raises(turtlesplit._Whole):
        turtlesplit.union(['\n<s>\n    a pkg:Item\n', b])  # not a block as rdfstream lays one out


def test_small_graphs_and_one_report_are_written_whole(many_reports):
    g = many_reports
    one = g.subgraph([n for n, a in g.nodes(data=True) if a.get("report") == 0]).copy()
    assert turtlesplit._pieces(one, 1) is None
    assert list(turtlesplit.turtle_blocks(g)) == rdfstream.turtle_blocks(g)  # below MIN_NODES

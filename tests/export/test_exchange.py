"""GraphML, GEXF, CSV and Neo4j files read back by the tools they are for: networkx and
igraph (GraphML), networkx and Gephi's rule of one edge per id (GEXF), a spreadsheet's
CSV reader, and an embedded Cypher database (kuzu) loading the Neo4j import CSVs."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from policykg import pipeline
from policykg.export import exchange
from policykg.export import registry as export

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
GEXF_NS = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    files = sorted(SAMPLES.glob("*.txt"))
    if not files:
        pytest.skip("no samples/*.txt in this checkout")
    return pipeline.build(files)[0]


@pytest.fixture(scope="module")
def out(tmp_path_factory, graph) -> Path:
    d = tmp_path_factory.mktemp("exchange")
    export.write_all(graph, d, ("json", "graphml", "gexf", "csv", "neo4j"))
    return d


def type_counts(g: nx.MultiDiGraph) -> tuple[Counter, Counter]:
    return (Counter(a["type"] for _, a in g.nodes(data=True)),
            Counter(a["type"] for _, _, a in g.edges(data=True)))


def test_samples_have_edges_of_both_types(graph):
    nodes, edges = type_counts(graph)
    assert edges["causedBy"] > 10 and edges["addressedBy"] > 10


def test_graphml_keeps_every_edge_in_networkx(out, graph):
    back = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert type_counts(back) == type_counts(graph)
    ids = [k for _, _, k in back.edges(keys=True)]
    assert len(set(ids)) == len(ids)


def test_graphml_edge_ids_are_unique_in_the_file(out, graph):
    """Gephi keeps one edge per id: every id must be new."""
    root = ET.parse(out / "graph.graphml").getroot()
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == graph.number_of_edges() and len(set(ids)) == len(ids)


def test_graphml_keeps_every_edge_in_igraph(out, graph):
    igraph = pytest.importorskip("igraph")
    back = igraph.Graph.Read_GraphML(str(out / "graph.graphml"))
    assert back.vcount() == graph.number_of_nodes()
    assert back.ecount() == graph.number_of_edges()
    assert Counter(back.es["type"]) == type_counts(graph)[1]
    assert Counter(back.vs["type"]) == type_counts(graph)[0]


def test_gexf_keeps_every_edge_and_colours_types(out, graph):
    back = nx.read_gexf(out / "graph.gexf")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert Counter(a["type"] for _, a in back.nodes(data=True)) == type_counts(graph)[0]
    colours = {a["type"]: tuple(a["viz"]["color"][c] for c in "rgb") for _, a in back.nodes(data=True)}
    assert colours == {t: exchange.TYPE_RGB[t] for t in colours}
    # The offsets keep their meaning (networkx would read "start"/"end" as time).
    n = next(iter(graph.nodes))
    assert back.nodes[n]["char_start"] == graph.nodes[n]["start"]
    relations = Counter(a["relation"] for _, _, a in back.edges(data=True))
    assert relations == type_counts(graph)[1]
    root = ET.parse(out / "graph.gexf").getroot()  # an edge's own type is GEXF's: directed
    assert {e.get("type") for e in root.iterfind(".//g:edge", GEXF_NS)} <= {None, "directed"}


def test_gexf_is_the_same_bytes_on_any_day(out, graph, tmp_path, monkeypatch):
    """networkx stamps the day into GEXF's meta: policykg leaves it out."""
    import time

    first = (out / "graph.gexf").read_bytes()
    assert b"lastmodifieddate" not in first
    monkeypatch.setattr(time, "strftime", lambda *a: "1999-12-31")
    exchange.write_gexf(graph, tmp_path)
    assert (tmp_path / "graph.gexf").read_bytes() == first


def test_gexf_edge_ids_are_unique(out, graph):
    root = ET.parse(out / "graph.gexf").getroot()
    ids = [e.get("id") for e in root.iterfind(".//g:edge", GEXF_NS)]
    assert len(ids) == graph.number_of_edges() and len(set(ids)) == len(ids)


def test_gexf_read_by_igraph_through_networkx(out, graph):
    igraph = pytest.importorskip("igraph")
    back = igraph.Graph.from_networkx(nx.read_gexf(out / "graph.gexf"))
    assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())


def test_csv_opens_in_spreadsheets(out, graph):
    raw = (out / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    with open(out / "nodes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == graph.number_of_nodes()
    assert {r["id"] for r in rows} == set(graph.nodes)
    with open(out / "edges.csv", encoding="utf-8-sig", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert len(edges) == graph.number_of_edges() and len({e["id"] for e in edges}) == len(edges)


def test_neo4j_headers_are_admin_import_headers(out):
    nodes = (out / exchange.NEO4J_NODES).read_text("utf-8").splitlines()[0].split(",")
    edges = (out / exchange.NEO4J_EDGES).read_text("utf-8").splitlines()[0].split(",")
    assert nodes[:2] == ["id:ID", ":LABEL"]
    assert edges[:3] == [":START_ID", ":END_ID", ":TYPE"]
    script = (out / exchange.NEO4J_SCRIPT).read_text("utf-8")
    for header in nodes[2:] + edges[3:]:  # the script reads every column
        assert f"row.`{header}`" in script


def test_neo4j_csvs_load_into_an_embedded_cypher_database(out, tmp_path):
    kuzu = pytest.importorskip("kuzu")
    conn = kuzu.Connection(kuzu.Database(str(tmp_path / "db")))
    conn.execute("CREATE NODE TABLE Item(id STRING, labels STRING, type STRING, label STRING, "
                 "doc STRING, start INT32, PRIMARY KEY (id))")
    for rel in exchange.EDGE_TYPES:
        conn.execute(f"CREATE REL TABLE {rel}(FROM Item TO Item, id STRING, score DOUBLE)")
    nodes, edges = out / exchange.NEO4J_NODES, out / exchange.NEO4J_EDGES
    # parallel=false: texts may hold line breaks inside quotes.
    conn.execute(f"COPY Item FROM (LOAD FROM '{nodes}' (header=true, parallel=false) "
                 "RETURN `id:ID`, `:LABEL`, type, label, doc, start)")
    for rel in exchange.EDGE_TYPES:
        conn.execute(f"COPY {rel} FROM (LOAD FROM '{edges}' (header=true, parallel=false) "
                     f"WHERE `:TYPE` = '{rel}' RETURN `:START_ID`, `:END_ID`, id, score)")

    def rows(query: str) -> dict:
        res, found = conn.execute(query), {}
        while res.has_next():
            k, v = res.get_next()
            found[k] = v
        return found

    contract = json.loads((out / "graph.json").read_text("utf-8"))
    want_nodes = Counter(n["type"] for n in contract["nodes"])
    want_edges = Counter(e["type"] for e in contract["edges"])
    assert rows("MATCH (n:Item) RETURN n.type, count(*)") == dict(want_nodes)
    assert rows("MATCH ()-[e]->() RETURN label(e), count(*)") == dict(want_edges)
    # The labels column names the type after the shared label, as neo4j-admin reads it.
    assert rows("MATCH (n:Item) RETURN n.labels = 'Item;' + n.type, count(*)") == {
        True: len(contract["nodes"])}
    # A path query: each problem's causes' countermeasures, as in Neo4j.
    chain = rows("MATCH (p:Item)-[:causedBy]->(c:Item)-[:addressedBy]->(m:Item) "
                 "WHERE p.type = 'Problem' RETURN 'chains', count(*)")
    by_contract = sum(1 for a in contract["edges"] if a["type"] == "causedBy"
                      and contract_type(contract, a["source"]) == "Problem"
                      for b in contract["edges"] if b["type"] == "addressedBy"
                      and b["source"] == a["target"])
    assert chain == {"chains": by_contract} and by_contract > 0


def contract_type(contract: dict, nid: str) -> str:
    return next(n["type"] for n in contract["nodes"] if n["id"] == nid)


def test_gexf_holds_text_xml_cannot(tmp_path):
    """A control character in a report's text becomes U+FFFD, said in a note, and the
    file still reads back (as GraphML does)."""
    from policykg.export.graph import build
    from policykg.models import Document, DocumentResult, Node, NodeType

    text = "经费\x01不足"
    node = Node(id="d/P1", type=NodeType.PROBLEM, label=text, doc="d", start=0, end=5,
                spans=((0, 5),), parent=None, section="", text=text, text_start=0,
                text_end=5, rule="r", cue="c")
    doc = Document(id="d", path="d.txt", text=text, norm=text, script="zh-Hans",
                   encoding="utf-8", format="txt")
    g = build([DocumentResult(document=doc, nodes=(node,), edges=())])
    notes: list[str] = []
    export.write_all(g, tmp_path, ("gexf", "graphml"), notes)
    assert any(n.startswith("graph.gexf: 2 control") for n in notes)
    assert nx.read_gexf(tmp_path / "graph.gexf").nodes["d/P1"]["label"] == "经费\ufffd不足"


def awkward_graph() -> nx.MultiDiGraph:
    """Values a CSV writer must quote: commas, quotes, line breaks, in ids too."""
    g = nx.MultiDiGraph()
    g.add_node("d/P1,a", type="Problem", label='说"难"，难', doc="d", start=0, end=3,
               text="第一行\n第二行, 完", report=0)
    g.add_node("d/C1", type="Cause", label="原因", doc="d", start=5, end=7, report=0)
    g.add_node("d/CM1", type="Countermeasure", label="对策", doc="d", start=9, end=11, report=0)
    for u, v, rel in (("d/P1,a", "d/C1", "causedBy"), ("d/P1,a", "d/CM1", "addressedBy"),
                      ("d/C1", "d/CM1", "addressedBy")):
        g.add_edge(u, v, key=rel, type=rel, score=0.5, rule="r", cue='因为"', doc="d",
                   source_span=[0, 3], target_span=[5, 7])
    return g


def test_csv_and_neo4j_rows_rendered_apart_make_the_whole_files(tmp_path):
    """The corpus writers join per-document rows (edges numbered on): the same bytes."""
    g = awkward_graph()
    exchange.write_csv(g, tmp_path)
    exchange.write_neo4j(g, tmp_path)
    rows = exchange.csv_fragments(g)
    nodes = exchange.csv_text([], exchange.NODE_COLUMNS) + "".join(r for _, r in rows["nodes"])
    edges = exchange.csv_text([], exchange.EDGE_COLUMNS) + "".join(
        f"e{i}{r}" for i, (_, r) in enumerate(rows["edges"]))
    assert (tmp_path / "nodes.csv").read_bytes().decode("utf-8-sig") == nodes
    assert (tmp_path / "edges.csv").read_bytes().decode("utf-8-sig") == edges
    rows = exchange.neo4j_fragments(g)
    nodes = exchange.neo4j_header(exchange.NEO4J_NODE_FIELDS) + "".join(r for _, r in rows["nodes"])
    edges = exchange.neo4j_header(exchange.NEO4J_EDGE_FIELDS) + "".join(
        f"{b}e{i}{a}" for i, (_, (b, a)) in enumerate(rows["edges"]))
    assert (tmp_path / exchange.NEO4J_NODES).read_bytes().decode() == nodes
    assert (tmp_path / exchange.NEO4J_EDGES).read_bytes().decode() == edges

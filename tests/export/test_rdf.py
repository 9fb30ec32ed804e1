"""graph -> RDF -> graph: nothing lost, the same bytes every time, in every format."""

from __future__ import annotations

import json
import random

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from policykg.export import registry
from policykg.export import graph
from policykg.export import rdf
from policykg.export import vocab as v
from policykg.common.ids import node_id
from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType
from rdf_fixtures import HANT_ID, demo_graph, node_by_label

# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def parse(text: str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format=RDFLIB_FORMAT[fmt])


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return graph.dumps_json(a) == graph.dumps_json(b)


# --- generated graphs -----------------------------------------------------------------------
def _text(alphabet: st.SearchStrategy[str], **kw) -> st.SearchStrategy[str]:
    return st.text(alphabet, **kw)


ANY_CHARS = st.characters(exclude_categories=("Cs",))
XML_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff",
                          include_characters="\t\n\r")
offsets = st.integers(0, 5000)
span = st.tuples(offsets, offsets).map(sorted).map(tuple)


@st.composite
def documents(draw, chars, index):
    doc_id = draw(_text(chars, min_size=1, max_size=12)) + f"/{index}"
    return Document(id=doc_id, path=draw(_text(chars, max_size=20)), text="", norm="",
                    script=draw(st.sampled_from(["zh-Hans", "zh-Hant"])),
                    encoding=draw(st.sampled_from(["utf-8", "gb18030", "big5"])),
                    format=draw(st.sampled_from(["txt", "md", "docx", "html", "pdf"])))


@st.composite
def results(draw, chars=ANY_CHARS):
    out = []
    for index in range(draw(st.integers(1, 3))):
        doc = draw(documents(chars, index))
        nodes: list[Node] = []
        for i in range(draw(st.integers(0, 6))):
            ntype = draw(st.sampled_from(list(NodeType)))
            label = draw(_text(chars, max_size=15))
            s, e = draw(span)
            ts, te = draw(st.one_of(st.just((0, 0)), span))
            spans = sorted({(s, e), *draw(st.lists(span, max_size=3))})
            parent = draw(st.one_of(st.none(), st.sampled_from([n.id for n in nodes])))\
                if nodes else None
            nodes.append(Node(
                id=node_id(doc.id, ntype, label, i), type=ntype, label=label, doc=doc.id,
                start=s, end=e, spans=tuple(spans), parent=parent,
                section=draw(st.one_of(st.none(), _text(chars, max_size=8))),
                text=draw(_text(chars, max_size=40)), text_start=ts, text_end=te,
                rule=draw(_text(chars, max_size=8)), cue=draw(_text(chars, max_size=5)),
                report=draw(st.integers(0, 3))))
        edges = {}
        if len(nodes) >= 2:
            for _ in range(draw(st.integers(0, 5))):
                a, b = draw(st.permutations(nodes))[:2]
                etype = draw(st.sampled_from(list(EdgeType)))
                edges[(a.id, b.id, etype)] = Edge(
                    a.id, b.id, etype, doc.id, draw(st.floats(0, 1)), draw(_text(chars, max_size=10)),
                    draw(_text(chars, max_size=6)), draw(span), draw(span))
        out.append(DocumentResult(doc, tuple(nodes), tuple(edges.values())))
    return out


# --- round trip ---------------------------------------------------------------------------------
def test_demo_graph_round_trips_through_every_format():
    g = demo_graph()
    for fmt in rdf.FORMATS:
        assert same_graph(rdf.from_rdf(parse(rdf.serialize(g, fmt), fmt)), g), fmt


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_round_trip_through_turtle_and_ntriples(res):
    g = graph.build(res)
    for fmt in ("ttl", "nt"):
        back = rdf.from_rdf(parse(rdf.serialize(g, fmt), fmt))
        assert same_graph(back, g)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results(XML_CHARS))
def test_round_trip_through_jsonld_and_rdfxml(res):
    g = graph.build(res)
    for fmt in ("jsonld", "xml"):
        assert same_graph(rdf.from_rdf(parse(rdf.serialize(g, fmt), fmt)), g), fmt


def test_to_rdf_is_what_the_turtle_says():
    g = demo_graph()
    assert isomorphic(rdf.to_rdf(g), parse(rdf.turtle(g), "ttl"))


def test_pyoxigraph_reads_the_same_triples_as_rdflib(tmp_path):
    g = demo_graph()
    rdf.write(g, tmp_path, "ttl")
    store = ox.Store()
    store.load(path=str(tmp_path / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(rdf.to_rdf(g))


# --- determinism -------------------------------------------------------------------------------
def _rebuilt_in_other_order(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    rng = random.Random(7)
    h = nx.MultiDiGraph()
    h.graph.update(json.loads(json.dumps(g.graph)))
    h.graph["documents"].reverse()
    nodes = list(g.nodes(data=True))
    rng.shuffle(nodes)
    for n, a in nodes:
        h.add_node(n, **{k: a[k] for k in reversed(list(a))})
    edges = list(g.edges(keys=True, data=True))
    rng.shuffle(edges)
    for u, w, k, a in edges:
        h.add_edge(u, w, key=k, **a)
    return h


@pytest.mark.parametrize("fmt", sorted(rdf.FORMATS))
def test_same_graph_gives_the_same_bytes(fmt):
    g = demo_graph()
    first = rdf.serialize(g, fmt)
    assert rdf.serialize(demo_graph(), fmt) == first
    assert rdf.serialize(_rebuilt_in_other_order(g), fmt) == first


def test_bytes_do_not_depend_on_the_process_hash_seed(tmp_path):
    """rdflib's RDF/XML order once changed with PYTHONHASHSEED: compare two processes."""
    import hashlib
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; sys.path.insert(0, sys.argv[1]); import hashlib; "
            "from rdf_fixtures import demo_graph; from policykg.export import rdf; g = demo_graph(); "
            "print(*(hashlib.sha256(rdf.serialize(g, f).encode()).hexdigest() "
            "for f in sorted(rdf.FORMATS)))")
    here = str(Path(__file__).parents[1])  # tests/, where rdf_fixtures lives
    runs = [subprocess.run([sys.executable, "-c", code, here], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
            for seed in ("1", "2")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    expected = " ".join(hashlib.sha256(rdf.serialize(demo_graph(), f).encode()).hexdigest()
                        for f in sorted(rdf.FORMATS))
    assert runs[0].stdout.strip() == expected


def test_turtle_is_sorted_by_subject():
    subjects = [line for line in rdf.turtle(demo_graph()).splitlines()
                if line and not line.startswith((" ", "@"))]
    full = [f"{v.ID}{s[1:-1]}" for s in subjects]  # every subject is an instance IRI
    assert full == sorted(full)


def test_write_files_atomically_for_each_format(tmp_path):
    g = demo_graph()
    written = registry.write_all(g, tmp_path, ("ttl", "jsonld", "nt", "xml"))
    assert sorted(p.name for p in written) == ["graph.jsonld", "graph.nt", "graph.rdf", "graph.ttl"]
    graphs = [rdflib.Graph().parse(p) for p in written]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])
    assert not list(tmp_path.glob(".*.tmp"))


# --- what the RDF says ---------------------------------------------------------------------------
def test_labels_carry_the_script_of_their_document():
    g = demo_graph()
    rg = rdf.to_rdf(g)
    hant = node_by_label(g, "河川污染嚴重")
    hans = node_by_label(g, "激励机制不完善")
    assert next(rg.objects(v.node_iri(hant), v.PREF_LABEL)).language == "zh-Hant"
    assert next(rg.objects(v.node_iri(hans), v.PREF_LABEL)).language == "zh-Hans"
    assert "@zh-Hant" in rdf.turtle(g)


def test_edges_are_direct_triples_and_reified_links():
    g = demo_graph()
    rg = rdf.to_rdf(g)
    p, c = node_by_label(g, "激励机制不完善"), node_by_label(g, "考核评价体系不健全")
    assert (v.node_iri(p), v.CAUSED_BY, v.node_iri(c)) in rg
    [link] = [s for s in rg.subjects(rdflib.RDF.subject, v.node_iri(p))
              if (s, rdflib.RDF.object, v.node_iri(c)) in rg]
    assert (link, rdflib.RDF.type, v.LINK) in rg
    assert str(rg.value(link, v.SCORE)) == "0.82"
    assert str(rg.value(link, v.CUE)) == "激励机制"
    assert rg.value(link, v.DERIVED_FROM) == v.doc_iri(g.nodes[p]["doc"])


def test_spans_are_web_annotation_selectors_and_quote_the_label():
    g = demo_graph()
    rg = rdf.to_rdf(g)
    n = node_by_label(g, "激励机制不完善")
    a = g.nodes[n]
    span = rg.value(v.node_iri(n), v.LABEL_SPAN)
    assert (span, rdflib.RDF.type, v.OA.SpecificResource) in rg
    assert rg.value(span, v.HAS_SOURCE) == v.doc_iri(a["doc"])
    selectors = set(rg.objects(span, v.HAS_SELECTOR))
    pos = next(s for s in selectors if (s, rdflib.RDF.type, v.POSITION_SELECTOR) in rg)
    quote = next(s for s in selectors if (s, rdflib.RDF.type, v.QUOTE_SELECTOR) in rg)
    assert (int(rg.value(pos, v.START)), int(rg.value(pos, v.END))) == (a["start"], a["end"])
    assert str(rg.value(quote, v.EXACT)) == a["label"]


def test_mechanisms_keep_every_mention_and_are_mentioned_by_items():
    g = demo_graph()
    rg = rdf.to_rdf(g)
    mech = node_by_label(g, "激励机制")
    assert len(list(rg.objects(v.node_iri(mech), v.MENTION_SPAN))) == len(g.nodes[mech]["spans"]) == 3
    first = g.nodes[mech]["parent"]
    assert rg.value(v.node_iri(mech), v.FIRST_MENTIONED_IN) == v.node_iri(first)
    mentioning = {str(rg.value(s, v.PREF_LABEL)) for s in rg.subjects(v.MENTIONS, v.node_iri(mech))}
    assert mentioning == {"激励机制不完善", "考核评价体系不健全", "健全激励机制"}


def test_a_sentence_cited_by_many_links_is_one_span_of_its_document():
    from pathlib import Path

    from policykg import pipeline

    g, _ = pipeline.build([Path(__file__).resolve().parents[2] / "samples" / "01-shequ-yanglao.txt"])
    rg = rdf.to_rdf(g)
    cited: dict = {}
    for u, w, a in g.edges(data=True):
        for ev in a["evidence"]:
            cited.setdefault((a["doc"], ev["start"], ev["end"]), set()).add((u, w))
    (doc, s, e), links = max(cited.items(), key=lambda kv: len(kv[1]))
    assert len(links) >= 2  # the demo graph has a sentence two links cite
    span = v.span_iri(v.doc_iri(doc), s, e)
    assert len(set(rg.subjects(v.EVIDENCE_SENTENCE, span))) == len(links)
    assert len(list(rg.objects(span, v.HAS_SELECTOR))) == 2  # one position, one quote
    for w in (rdf.turtle(g), rdfstream_turtle(g)):  # written once, whoever cites it
        assert w.count(f"\n<{str(span)[len(v.ID):]}>\n") == 1


def rdfstream_turtle(g) -> str:
    from policykg.export import rdfstream

    return "".join(text for _, text in rdfstream.turtle_blocks(g))


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=25),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), max_size=25))
def test_innermost_holder_is_the_shortest_interval_holding_the_mention(items, mentions):
    intervals = [(s, s + n, f"i{k:02d}") for k, (s, n) in enumerate(items)]
    queries = [(s, s + n, f"m{k}") for k, (s, n) in enumerate(mentions)]
    expected = [min(((e - s, iid) for s, e, iid in intervals if s <= qs and qe <= e),
                    default=(0, None))[1] for qs, qe, _ in queries]
    assert rdf.innermost(intervals, queries) == expected


def test_nested_items_are_part_of_their_parent():
    res = DocumentResult(Document("d", "d.txt", "", "", "zh-Hans", "utf-8", "txt"), (
        Node("d/P1", NodeType.PROBLEM, "总", "d", 0, 1, ((0, 1),)),
        Node("d/P2", NodeType.PROBLEM, "分", "d", 2, 3, ((2, 3),), parent="d/P1")))
    rg = rdf.to_rdf(graph.build([res]))
    assert (v.node_iri("d/P2"), v.PART_OF, v.node_iri("d/P1")) in rg
    assert rg.value(v.node_iri("d/P1"), v.PART_OF) is None


def test_documents_are_described_with_dublin_core():
    rg = rdf.to_rdf(demo_graph())
    doc = v.doc_iri(HANT_ID)
    assert (doc, rdflib.RDF.type, v.DOCUMENT) in rg
    assert str(rg.value(doc, v.LANGUAGE)) == "zh-Hant"
    assert str(rg.value(doc, v.IDENTIFIER)) == HANT_ID


def test_no_blank_nodes_anywhere():
    rg = rdf.to_rdf(demo_graph())
    assert not any(isinstance(t, rdflib.BNode) for triple in rg for t in triple)


# --- errors --------------------------------------------------------------------------------------
def test_unknown_node_type_is_an_rdf_error():
    g = demo_graph()
    g.nodes[next(iter(g.nodes))]["type"] = "Goal"
    with pytest.raises(rdf.RDFError, match="unknown type 'Goal'"):
        rdf.to_rdf(g)


def test_rdfxml_replaces_characters_xml_cannot_hold(tmp_path):
    g = demo_graph()
    g.nodes[next(iter(g.nodes))]["text"] = "分页\x0c符\x01"
    path = rdf.write(g, tmp_path, "xml")
    back = rdflib.Graph().parse(path, format="xml")  # well-formed XML 1.0
    assert any(str(o) == "分页\ufffd符\ufffd" for o in back.objects())
    assert "\\f" in rdf.serialize(g, "ttl")  # Turtle escapes it


def test_unknown_format_is_an_rdf_error():
    with pytest.raises(rdf.RDFError, match="unknown RDF format"):
        rdf.serialize(demo_graph(), "n3")


def test_reading_back_foreign_rdf_names_what_is_missing():
    rg = rdf.to_rdf(demo_graph())
    n = next(rg.subjects(rdflib.RDF.type, v.PROBLEM))
    rg.remove((n, v.LABEL_SPAN, None))
    with pytest.raises(rdf.RDFError, match="labelSpan"):
        rdf.from_rdf(rg)


def test_odd_document_ids_round_trip_in_every_format():
    res = DocumentResult(Document("//a/./../b c%", "p", "", "", "zh-Hant", "big5", "txt"), (
        Node(node_id("//a/./../b c%", "Cause", "x"), NodeType.CAUSE, "因", "//a/./../b c%", 0, 1,
             ((0, 1),)),))
    g = graph.build([res])
    for fmt in rdf.FORMATS:
        assert same_graph(rdf.from_rdf(parse(rdf.serialize(g, fmt), fmt)), g), fmt


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_the_text_writer_gives_the_turtle_of_the_rdflib_terms(res):
    """graph.ttl of a corpus is written by rdfstream, without rdflib terms: same bytes."""
    from policykg.export import rdfstream

    g = graph.build(res)
    assert rdfstream.turtle_blocks(g) == rdf.turtle_blocks(g)
    assert rdfstream.turtle_blocks(demo_graph()) == rdf.turtle_blocks(demo_graph())


@given(results())
def test_the_text_writer_gives_the_ntriples_of_the_rdflib_terms(res):
    from policykg.export import rdfstream
    from policykg.export.turtle import ntriples

    g = graph.build(res)
    assert "".join(rdfstream.ntriples_lines(g)) == ntriples(rdf.triple_set(g))
    assert rdf.serialize(demo_graph(), "nt") == ntriples(rdf.triple_set(demo_graph()))


def rdflib_jsonld(g) -> str:
    """graph.jsonld as rdflib's serialiser writes it with graph.ttl's prefixes, sorted (the
    writer policykg used before ``export.jsonld``): the reference."""
    import json

    from policykg.export import vocab

    def ordered(data):
        if isinstance(data, dict):
            return {k: ordered(x) for k, x in data.items()}
        if isinstance(data, list):
            items = [ordered(x) for x in data]
            return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
        return data

    data = json.loads(rdf.to_rdf(g).serialize(format="json-ld", context=dict(vocab.PREFIXES)))
    return json.dumps(ordered(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_the_jsonld_writer_gives_rdflib_s_json_ld(res):
    """graph.jsonld is made from the N-Triples lines, without rdflib: the same bytes."""
    g = graph.build(res)
    text = rdf.serialize(g, "jsonld")
    assert isomorphic(parse(text, "jsonld"), rdf.to_rdf(g))
    triples = rdf.triple_set(g)
    # rdflib's serialiser drops "@graph" for one subject, and an empty string among a
    # predicate's values (a bug of its own: its output then reads back one triple short)
    if len({s for s, _, _ in triples}) > 1 and all(str(o) for _, _, o in triples):
        assert text == rdflib_jsonld(g)
    assert rdf.serialize(demo_graph(), "jsonld") == rdflib_jsonld(demo_graph())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results())
def test_rdfxml_made_from_the_ntriples_lines_is_the_whole_writer_s(res):
    """A corpus's graph.rdf is made per document from the N-Triples lines: the same blocks,
    the same characters replaced, as the whole-graph writer's."""
    from policykg.export import rdfstream, turtle

    g = graph.build(res)
    made = rdf.rdfxml_fragment(rdfstream.ntriples_lines(g))
    blocks = sorted(b for part in ("doc", "link", "node") for b in made[part])
    text = turtle.rdfxml_head(v.PREFIXES) + "".join(t for _, t in blocks) + turtle.RDFXML_TAIL
    whole, replaced = turtle.xml_safe(turtle.rdfxml(rdf.triple_set(g), v.PREFIXES))
    assert (text, made["replaced"]) == (whole, replaced)

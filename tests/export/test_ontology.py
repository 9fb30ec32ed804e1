"""The ontology declares what the code writes; the shapes accept our output and only it."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg.common import assets
from policykg.export import rdf
from policykg.export import vocab as v
from rdf_fixtures import demo_graph, node_by_label

pyshacl = pytest.importorskip("pyshacl", reason="pyshacl is in the test extra: pip install -e '.[test]'")

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(assets.ontology_path())


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(assets.shapes_path())


def validate(data: rdflib.Graph, shapes: rdflib.Graph, inference: str = "none") -> tuple[bool, str]:
    ont = rdflib.Graph().parse(assets.ontology_path()) if inference != "none" else None
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont,
                                         inference=inference, advanced=True)
    return conforms, text


INFERENCE = ["none", "rdfs"]  # the shapes hold without and with RDFS inference over the ontology


# --- the ontology ---------------------------------------------------------------------------
def test_ontology_has_a_version_iri(ontology):
    assert (v.ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(v.ONTOLOGY_IRI, OWL.versionIRI) == v.VERSION_IRI
    assert str(ontology.value(v.ONTOLOGY_IRI, OWL.versionInfo)) == v.ONTOLOGY_VERSION


def _own_terms(ontology):
    return {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef)
            and str(s).startswith(str(v.PKG))}


def test_every_own_term_has_labels_and_definitions_in_chinese_and_english(ontology):
    terms = _own_terms(ontology)
    assert len(terms) > 30
    for term in terms:
        labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
        defs = {lit.language for lit in ontology.objects(term, SKOS.definition)}
        assert {"en", "zh-Hans"} <= labels, term
        assert {"en", "zh-Hans"} <= defs, term
        assert ontology.value(term, RDFS.isDefinedBy) == v.ONTOLOGY_IRI, term


def test_every_term_in_vocab_is_declared(ontology):
    declared = set(ontology.subjects(RDF.type, None))
    in_code = {t for t in vars(v).values()
               if isinstance(t, rdflib.URIRef) and str(t).startswith(str(v.PKG))}
    assert in_code and in_code <= declared, in_code - declared


@pytest.mark.parametrize("a, b", [(v.CAUSED_BY, v.CAUSES), (v.ADDRESSED_BY, v.ADDRESSES),
                                  (v.PART_OF, v.HAS_PART), (v.MENTIONS, v.MENTIONED_IN)])
def test_relations_have_declared_inverses(ontology, a, b):
    assert (a, OWL.inverseOf, b) in ontology


def test_the_five_node_classes_are_disjoint(ontology):
    groups = [set(rdflib.collection.Collection(ontology, m))
              for s in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
              for m in ontology.objects(s, OWL.members)]
    assert set(v.NODE_CLASSES.values()) in groups


def test_alignment_to_standard_vocabularies(ontology):
    assert (v.LINK, RDFS.subClassOf, RDF.Statement) in ontology
    assert (v.NODE, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (v.DOCUMENT, RDFS.subClassOf, v.PROV.Entity) in ontology
    assert (v.PART_OF, RDFS.subPropertyOf, v.DCTERMS.isPartOf) in ontology


def _emitted(rg: rdflib.Graph) -> set[rdflib.URIRef]:
    return set(rg.predicates()) | set(rg.objects(None, RDF.type))


def test_everything_the_code_emits_is_declared(ontology):
    rg = rdf.to_rdf(demo_graph())
    # the demo graph exercises every kind of triple the code writes
    assert {v.PART_OF, v.FIRST_MENTIONED_IN, v.MENTIONS, v.IN_SECTION, v.TEXT_SPAN, v.EXACT,
            v.SOURCE_EVIDENCE, v.CAUSED_BY, v.ADDRESSED_BY} <= set(rg.predicates())
    declared = set(ontology.subjects(RDF.type, None))
    builtin = {t for t in _emitted(rg) if str(t).startswith(str(RDF))}
    missing = _emitted(rg) - builtin - declared
    assert not missing, missing


# --- the shapes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("inference", INFERENCE)
def test_demo_output_conforms(shapes, inference):
    conforms, text = validate(rdf.to_rdf(demo_graph()), shapes, inference)
    assert conforms, text


@pytest.mark.parametrize("inference", INFERENCE)
def test_a_node_of_two_of_the_five_types_is_refused_with_and_without_inference(shapes, inference):
    rg = _broken(lambda g, rg: rg.add((_node(g, "经费保障不足"), RDF.type, v.MECHANISM)))
    conforms, text = validate(rg, shapes, inference)
    assert not conforms
    assert "exactly one type" in text


def _broken(change) -> rdflib.Graph:
    g = demo_graph()
    rg = rdf.to_rdf(g)
    change(g, rg)
    return rg


def _node(g, label):
    return v.node_iri(node_by_label(g, label))


@pytest.mark.parametrize("name, change, message", [
    ("causedBy to a mechanism",
     lambda g, rg: rg.add((_node(g, "经费保障不足"), v.CAUSED_BY, _node(g, "激励机制"))),
     "causedBy points from a problem or cause to a Cause"),
    ("addressedBy from a countermeasure",
     lambda g, rg: rg.add((_node(g, "健全激励机制"), v.ADDRESSED_BY, _node(g, "健全激励机制"))),
     "ProblemOrCause"),
    ("node without label",
     lambda g, rg: rg.remove((_node(g, "经费保障不足"), v.PREF_LABEL, None)),
     "skos:prefLabel"),
    ("label without language",
     lambda g, rg: rg.set((_node(g, "经费保障不足"), v.PREF_LABEL, rdflib.Literal("经费"))),
     "skos:prefLabel"),
    ("node without provenance",
     lambda g, rg: rg.remove((_node(g, "经费保障不足"), v.DERIVED_FROM, None)),
     "derived from exactly one pkg:Document"),
    ("node without type",
     lambda g, rg: rg.remove((_node(g, "经费保障不足"), RDF.type, None)),
     "exactly one type"),
    ("link whose statement is not asserted",
     lambda g, rg: rg.remove((_node(g, "学习流于形式"), v.ADDRESSED_BY, None)),
     "also asserted directly"),
    ("span with a reversed range",
     lambda g, rg: [rg.set((s, v.END, rdflib.Literal(0))) for s in
                    list(rg.subjects(RDF.type, v.POSITION_SELECTOR))[:1]],
     "a span starts at or before its end"),
])
@pytest.mark.parametrize("inference", INFERENCE)
def test_shapes_reject_broken_graphs(shapes, name, change, message, inference):
    conforms, text = validate(_broken(change), shapes, inference)
    assert not conforms, name
    # with inference a wrong link may show first as its inferred second type (a range axiom)
    assert message in text or (inference == "rdfs" and "exactly one type" in text), text


# --- real output: the samples and the dev documents ---------------------------------------------
def _pipeline_graph(path: Path):
    pipeline = pytest.importorskip("policykg.pipeline", reason="the build pipeline is not installed")
    g, report = pipeline.build([path])
    assert not report.failures
    return g


def _conforms_and_round_trips(g, shapes):
    text = rdf.turtle(g)
    rg = rdflib.Graph().parse(data=text, format="turtle")
    for inference in INFERENCE:
        conforms, report = validate(rg, shapes, inference)
        assert conforms, (inference, report)
    back = rdf.from_rdf(rg)
    from policykg.export import graph

    assert graph.dumps_json(back) == graph.dumps_json(g)


def test_samples_conform_and_round_trip(shapes):
    if not SAMPLES.is_dir():
        pytest.skip("samples/ is missing")
    g = _pipeline_graph(SAMPLES)
    assert g.number_of_nodes() > 0
    _conforms_and_round_trips(g, shapes)


def test_dev_documents_conform_and_round_trip(shapes):
    if not SHARED_DEV.is_dir():
        pytest.skip(f"{SHARED_DEV} is absent (the shared evaluation set lives beside the repo)")
    g = _pipeline_graph(SHARED_DEV)
    assert g.number_of_nodes() > 0
    _conforms_and_round_trips(g, shapes)


# --- reasoning: OWL 2 RL (owlrl, installed with pyshacl) -------------------------------------------
ERROR = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")  # owlrl's marker


def _closure(rg: rdflib.Graph, ontology: rdflib.Graph) -> rdflib.Graph:
    owlrl = pytest.importorskip("owlrl", reason="owlrl comes with pyshacl (test extra)")
    merged = rdflib.Graph()
    for t in rg:
        merged.add(t)
    for t in ontology:
        merged.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(merged)
    return merged


def test_output_is_consistent_and_a_reasoner_gets_the_inverses(ontology):
    g = demo_graph()
    closed = _closure(rdf.to_rdf(g), ontology)
    assert not list(closed.subjects(RDF.type, ERROR))
    p, c = _node(g, "激励机制不完善"), _node(g, "考核评价体系不健全")
    assert (c, v.CAUSES, p) in closed
    assert (p, RDF.type, v.ITEM) in closed and (p, RDF.type, SKOS.Concept) in closed


def test_a_node_of_two_classes_is_inconsistent(ontology):
    g = demo_graph()
    rg = rdf.to_rdf(g)
    rg.add((_node(g, "激励机制不完善"), RDF.type, v.CAUSE))
    assert list(_closure(rg, ontology).subjects(RDF.type, ERROR))

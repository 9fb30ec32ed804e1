"""IRIs: built in one place, valid for every RDF tool we use, stable and invertible."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from policykg.export import vocab as v
from policykg.common.ids import node_id

SRC = Path(v.__file__).parent
ids = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)


def test_node_iri_keeps_cjk_and_the_id_shape():
    nid = node_id("样本/基层", "Problem", "激励机制不完善")
    assert nid.startswith("样本-基层/P")
    assert str(v.node_iri(nid)) == f"https://w3id.org/policykg/id/node/{nid}"


@pytest.mark.parametrize("raw, encoded", [
    ("a b", "a%20b"), ("50%", "50%25"), ("x#y", "x%23y"), ("q?", "q%3F"), ("<>", "%3C%3E"),
    ("..", "%2E%2E"), (".", "%2E"), ("a.b", "a.b"), ("報告", "報告"), ("\ue000", "%EE%80%80"),
    ("\u3000", "%E3%80%80"), ("\xa0", "%C2%A0"),
])
def test_segments_are_percent_encoded_outside_unreserved_and_ucschar(raw, encoded):
    assert v.encode_segment(raw) == encoded


def test_slashes_of_doc_ids_stay_path_separators_but_not_in_link_groups():
    assert str(v.doc_iri("报告/二〇二四")).endswith("/doc/报告/二〇二四")
    assert "%2F" in str(v.link_iri("报告/二〇二四", "a", "causedBy", "b"))


@given(ids)
def test_node_iris_are_valid_everywhere_and_invert(nid):
    iri = v.node_iri(nid)
    ox.NamedNode(str(iri))  # raises on an invalid IRI (RFC 3987)
    assert URIRef(str(iri)) == iri
    assert v.node_id_from_iri(iri) == nid


@given(ids, ids)
def test_distinct_ids_give_distinct_iris(a, b):
    if a != b:
        assert v.node_iri(a) != v.node_iri(b)
        assert v.doc_iri(a) != v.doc_iri(b)


@given(ids, st.integers(0, 10**6), st.text(max_size=10))
def test_section_and_span_iris_are_valid(doc, start, title):
    for iri in (v.section_iri(doc, 0, title), v.span_iri(v.node_iri(doc), start, start + 3)):
        ox.NamedNode(str(iri))


def test_kinds_of_instance_never_share_an_iri():
    # a document whose id looks like a node id still gets its own IRI
    nid = node_id("seed", "Problem", "x")
    assert v.doc_iri(nid) != v.node_iri(nid)


def test_iris_are_built_only_in_vocab():
    offenders = [p.name for p in SRC.glob("*.py") if p.name != "vocab.py"
                 and ("w3id.org" in (t := p.read_text(encoding="utf-8")) or "Namespace(" in t)]
    assert offenders == []


def test_node_and_edge_types_match_the_models():
    from policykg.models import EdgeType, NodeType

    assert set(v.NODE_CLASSES) == {str(t) for t in NodeType}
    assert set(v.EDGE_PROPERTIES) == {str(t) for t in EdgeType}
    assert v.ITEM_TYPES < set(v.NODE_CLASSES)


def test_prefixes_are_the_standard_namespaces():
    assert v.PREFIXES["oa"] == "http://www.w3.org/ns/oa#"
    assert v.PREFIXES["prov"] == "http://www.w3.org/ns/prov#"
    assert v.PREFIXES["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert v.PREFIXES["dct"] == "http://purl.org/dc/terms/"
    assert v.PREFIXES["pkg"] == "https://w3id.org/policykg/ontology#"

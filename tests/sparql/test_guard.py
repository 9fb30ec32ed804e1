"""Queries are checked before any store sees them: size, nesting depth, SERVICE."""

from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.sparql.guard import QueryLimits, check, nesting_depth

DEEP = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


def test_the_deep_filter_that_crashes_oxigraph_is_refused():
    with pytest.raises(QueryError, match=r"^query nested too deeply \(depth 5002; the limit is 64\)$"):
        check(DEEP)


def test_ordinary_queries_pass():
    check("SELECT ?l WHERE { ?s a pkg:Problem ; skos:prefLabel ?l FILTER(CONTAINS(?l, '(((')) }")
    check("# a SERVICE in a comment\nSELECT * WHERE { ?s ?p 'SERVICE' . ?s <http://x/service> ?o }")


@pytest.mark.parametrize("text, depth", [
    ("{ { } }", 2),
    ("SELECT * WHERE { ?s ?p ?o FILTER((1)) }", 3),
    ("SELECT * WHERE { ?s ?p \"((((\" }", 1),  # brackets inside strings do not count
    ("SELECT * WHERE { ?s ?p ?o } # ((((((", 1),
])
def test_nesting_counts_code_only(text, depth):
    from policykg.sparql.guard import _SKIP

    assert nesting_depth(_SKIP.sub(" ", text)) == depth


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE ?endpoint { ?s ?p ?o } }",
])
def test_service_is_refused_unless_allowed(text):
    with pytest.raises(QueryError, match="SERVICE .* is refused; allow it with --allow-service"):
        check(text)
    check(text, QueryLimits(allow_service=True))


def test_size_is_capped():
    text = "SELECT * WHERE { ?s ?p ?o }" + " " * 200_000
    with pytest.raises(QueryError, match=r"query too long \(200027 characters; the limit is 100000\)"):
        check(text)

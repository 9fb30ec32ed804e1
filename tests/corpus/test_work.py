"""The per-document stage's warm-up: a report of our own through every stage."""

from __future__ import annotations

from policykg.corpus import work
from policykg.export import registry
from policykg.extract import named


def test_warming_runs_its_report_through_every_stage_and_fragment():
    part = work.run(work.Task("warm.txt", ".", "warm", work._WARM_TEXT.encode("utf-8"), None,
                              work.FRAGMENT_KINDS))
    assert part.failure is None and part.result is not None
    types = {str(n.type) for n in part.result.nodes}
    assert {"Problem", "Cause", "Countermeasure", "Mechanism", "Institution"} <= types
    assert part.result.edges and set(part.fragments) == set(work.FRAGMENT_KINDS)


def test_warming_loads_what_a_first_document_would():
    named._pos_tags.cache_clear()
    work.warm()
    assert named._pos_tags.cache_info().currsize == 1  # jieba's tags, read for named mentions


def test_warming_renders_the_default_outputs_fragments():
    assert set(work.WARM_KINDS) == set(registry.fragments_for(registry.DEFAULT_FORMATS))

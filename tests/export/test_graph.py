"""graph.json entries: the direct indented writer gives json.dumps' bytes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from policykg.export import graph

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


def dumped(obj) -> str:
    return "  " + json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")


@given(st.dictionaries(st.text(max_size=8), VALUES, max_size=8))
def test_an_entry_is_what_json_dumps_writes(obj):
    assert graph._entry(obj) == dumped(obj)


def test_tuples_are_written_as_lists_and_odd_floats_as_json_does():
    obj = {"span": (3, 7), "nan": float("nan"), "inf": float("-inf"), "big": 1e300, "t": "\u2028\"\\"}
    assert graph._entry(obj) == dumped(obj)


@given(st.lists(st.dictionaries(st.text(max_size=5), SCALARS, max_size=6), max_size=3),
       st.booleans(), st.booleans())
def test_the_frame_is_what_json_dumps_writes(documents, has_edges, has_nodes):
    skeleton = {"directed": True, "multigraph": True, "edges": [graph._SLOT] if has_edges else [],
                "nodes": [graph._SLOT] if has_nodes else [],
                "graph": {"documents": documents, "format_version": graph.GRAPH_FORMAT_VERSION}}
    text = json.dumps(skeleton, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert graph.json_frame(documents, has_edges, has_nodes) == text.split(f'  "{graph._SLOT}"')

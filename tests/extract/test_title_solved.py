"""items._solved answers what the pattern compiled per name answered: is the title's
quoted name, after the title, the object of a solving verb (治理“X”)?"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.extract import items

_TEXT = st.text(alphabet="治理破解决刹住遏制根整化缓除,，。“「\"\nAB河长制x ", max_size=30)


@settings(max_examples=3000, deadline=None)
@given(_TEXT, st.sampled_from(["河长制", "AB", "A", "长制河", "BA"]), st.integers(0, 30))
def test_solved_as_the_pattern_per_name(norm: str, name: str, e: int) -> None:
    e = min(e, len(norm))
    want = re.search(items._SOLVES + r"[^,，。]{0,6}[“「\"]?" + re.escape(name), norm[e:]) is not None
    assert items._solved(norm, e, name) == want


def test_a_commentary_sets_out_to_solve_its_title_name() -> None:
    assert items._solved("“河长制”为何难落实\n要治理“河长制”空转", 10, "河长制")
    assert not items._solved("“河长制”为何难落实\n河长制空转", 10, "河长制")

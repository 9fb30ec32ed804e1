"""The sentence and clause splits of extraction and linking find their end characters
with a pattern: the same pieces as walking the text character by character (the walks
are kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.extract import stated
from policykg.link import central, signals
from policykg.outline.clauses import CLAUSE_END


def _full_walk(norm, s, e):
    out, i = [], s
    for j in range(s, e):
        if norm[j] in "。!?！？\n":
            if j > i:
                out.append((i, j))
            i = j + 1
    if e > i:
        out.append((i, e))
    return out


def _clause_walk(norm, s, e):
    i = s
    for j in range(s, e):
        if norm[j] in CLAUSE_END or norm[j] == "\n":
            if j > i:
                yield i, j
            i = j + 1
    if e > i:
        yield i, e


def _central_walk(norm, lo, hi):
    out, at = [], lo
    for i in range(lo, min(hi, len(norm))):
        if norm[i] in "。！？；!?;\n":
            out.append((at, i))
            at = i + 1
    if at < min(hi, len(norm)):
        out.append((at, min(hi, len(norm))))
    return out


_TEXT = st.text(alphabet="问题原因对策凡此种种导致使得。!?！？;；，,\n \u3000", max_size=40)


@settings(max_examples=2000, deadline=None)
@given(_TEXT, st.integers(0, 45), st.integers(0, 45))
def test_splits_as_the_character_walks(norm: str, a: int, b: int) -> None:
    s, e = min(a, len(norm)), min(b, len(norm))
    assert list(stated.full_sentences(norm, s, e)) == _full_walk(norm, s, e)
    assert list(stated._sentences(norm, s, e)) == list(_clause_walk(norm, s, e))
    assert central._sentences(norm, s, b) == _central_walk(norm, s, b)


@settings(max_examples=1000, deadline=None)
@given(_TEXT, st.integers(0, 40))
def test_first_cue_as_the_least_find(text: str, at: int) -> None:
    for cues in [signals.reference_cues().get(k, ()) for k in ("closure", "effect", "cause")] + [("", "种种")]:
        least = min((i for i in (text.find(c, at) for c in cues) if i >= 0), default=-1)
        assert central._find_first(text, cues, at) == least

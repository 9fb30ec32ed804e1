"""prose_spans.subject_search skips a sentence without the words every match holds: the
same match as the pattern's own search (the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.extract import prose_spans

_PIECES = st.one_of(
    st.sampled_from(["原因", "是多方面的", "有很多", "有以下几", "源自", "源于", "来自", "多重", "多种", "多方面",
                     "以下", "因素", "的", "，", "。", " ", "农村养老服务不足", "这一问题"]),
    st.text(alphabet="原因源自来于多重的问题", max_size=3))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_subject_search_as_the_pattern(text: str) -> None:
    found, plain = prose_spans.subject_search(text), prose_spans.patterns()["subject"].search(text)
    assert (found.span(), found.groupdict()) == (plain.span(), plain.groupdict()) if plain else found is None


def test_the_subject_of_a_sentence_of_the_genre() -> None:
    m = prose_spans.subject_search("农村养老服务不足的原因是多方面的")
    assert m is not None and m.group("subj") == "农村养老服务不足"


_FRAME_PIECES = st.one_of(
    st.sampled_from(["、", "等", "因素", "原因", "使得", "导致", "成为", "是", "构成", "三大难题", "问题",
                     "等问题", "屡见不鲜", "，", "。", "农村养老", "基层医疗", "人才流失", "资金不足"]),
    st.text(alphabet="、等是成为构问题导致", max_size=3))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_FRAME_PIECES, max_size=10).map("".join))
def test_frame_searches_as_the_patterns(text: str) -> None:
    for name in ("subject", "noun-subject", "effect", "list-is-noun", "cause-lead", "means"):
        found, plain = prose_spans.search(name, text), prose_spans.patterns()[name].search(text)
        assert (found.span(), found.groupdict()) == (plain.span(), plain.groupdict()) if plain else found is None


def _cue_words(*kinds: str) -> list[str]:
    words = prose_spans.cues().words
    return sorted({w for k in kinds for w in words.get(k, ())[:12]})


_CUE_PIECES = st.one_of(
    st.sampled_from(_cue_words("list-verb", "find-verb", "noun", "cause-lead", "measure-lead", "means", "effect",
                               "writer", "modal")
                    + ["、", "等", "方式", "途径", "措施", "问题", "凸显", "严重", "日益", "，", "。", "了", "着", "为什么", "为何会",
                       "农村养老", "基层医疗", "人才流失", "资金不足", "进一步", "从而"]),
    st.text(alphabet="、等是问题导致通过存在加强", max_size=3))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_CUE_PIECES, max_size=10).map("".join))
def test_cue_word_searches_as_the_patterns(text: str) -> None:
    """The patterns whose matches hold a cue word of a kind (prose_patterns._CUE_NEEDS) and
    problem-rises find what their own search finds."""
    for name in ("noun-after", "noun-found", "cause-lead", "measure-lead", "means", "effect", "causal",
                 "problem-rises", "question"):
        found, plain = prose_spans.search(name, text), prose_spans.patterns()[name].search(text)
        assert (found.span(), found.groupdict()) == (plain.span(), plain.groupdict()) if plain else found is None

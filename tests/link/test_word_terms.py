"""A run's content words are found word by word from a memo of each word's search-mode
words (signals._word_terms): the same words at the same offsets as filtering jieba's
search-mode tokens of the run (the reference, kept here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.common import cut, segment
from policykg.link import signals

TEXTS = ["建立健全农村集体经济组织多元投入机制，推动城乡义务教育均衡发展。",
         "由于基层医疗卫生服务能力不足，乡镇卫生院人才流失严重2023年达到95.5%",
         "针对养老服务供给不足的问题加快构建居家社区机构相协调的养老服务体系"]


def _reference(norm: str, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for m in cut.HAN.finditer(norm, start, end):
        for w, s, e in segment.segmenter().tokenize(m.group(), search=True):
            if signals.is_content(w):
                out.append((w, (m.start() + s, m.start() + e)))
    return out


def _check(norm: str, start: int, end: int) -> None:
    signals.release()
    assert signals.content_terms(norm, start, end) == _reference(norm, start, end)
    signals.release()


def test_every_span_of_texts_of_the_genre() -> None:
    for norm in TEXTS:
        for a in range(0, len(norm), 3):
            for b in range(a + 1, len(norm) + 1, 2):
                _check(norm, a, b)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([w for t in TEXTS for w in segment.cut(t)]), max_size=15).map("".join),
       st.integers(0, 60), st.integers(0, 60))
def test_spans_of_word_strings(norm: str, a: int, b: int) -> None:
    _check(norm, min(a, b, len(norm)), min(max(a, b), len(norm)))


def test_words_of_a_span_are_those_of_its_terms() -> None:
    for norm in TEXTS:
        for a in range(0, len(norm), 4):
            for b in range(a, len(norm) + 1, 3):
                signals.release()
                words = signals.content_words(norm, a, b)  # from the runs
                assert words == {w for w, _ in signals.content_terms(norm, a, b)}
                assert signals.content_words(norm, a, b) == words  # from the span's terms
    signals.release()

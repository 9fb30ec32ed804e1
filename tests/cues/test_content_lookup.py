"""The lexicon look-ups of policykg.cues.content, indexed by first character, find what a
scan of the whole lexicon in order finds (the scan is kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.cues import content


def _opening_verb_scan(text: str) -> str:
    s = text.lstrip(" ,，:：")
    for _ in range(3):
        p = next((p for p in content._prefixes() if s.startswith(p)), None)
        if not p:
            break
        s = s[len(p):]
    return next((v for v in content._verbs() if s.startswith(v)), "")


def _problem_word_scan(text: str) -> str:
    return next((w for w in content._predicates() if w in text), "")


_WORDS = sorted(set(content._verbs()[:60] + content._prefixes() + content._predicates()[:80]))
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from(list("，: 的问题不足加强要切实完善机制缺乏")),
                    st.text(alphabet="".join(sorted(set("".join(_WORDS)))), max_size=3))
_TEXTS = st.lists(_PIECES, max_size=8).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_indexed_look_ups_find_what_the_scans_find(text: str) -> None:
    assert content.opening_verb(text) == _opening_verb_scan(text)
    assert content.problem_word(text) == _problem_word_scan(text)


def test_every_lexicon_word_alone_and_in_context() -> None:
    for w in content._verbs() + content._prefixes() + content._predicates():
        for text in (w, "要" + w + "机制", "，" + w, "工作" + w + "，落实不到位"):
            assert content.opening_verb(text) == _opening_verb_scan(text)
            assert content.problem_word(text) == _problem_word_scan(text)

"""abbreviations._spell looks only at the words that start where the last one ended (or one
joiner after it): the same spans as scanning every later word (the reference, kept
here), on texts of the genre and on arbitrary word lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.link import abbreviations


def _spell_scan(norm, terms, i, short):
    at, start = i, terms[i][0][0]
    end = start
    for n, ch in enumerate(short):
        cand = [j for j in range(at, len(terms)) if terms[j][0][0] >= end
                and norm[end:terms[j][0][0]] in (abbreviations._JOINERS if n else ("",))
                and (terms[j][1][0] == ch or (n and terms[j][1][-1] == ch))
                and sum(c in terms[j][1] for c in short) == 1 and len(terms[j][1]) <= 4]
        if not cand:
            return None
        j = min(cand, key=lambda k: (terms[k][0][0], terms[k][0][1]))
        end, at = terms[j][0][1], j + 1
    return (start, end) if end - start > len(short) else None


TEXTS = ["完善医疗保险制度，维护职工合法权益", "推动产业、学校和科研协同创新，医保基金监管",
         "加强公营房屋与社区服务建设及农村养老服务", "医疗卫生服务和保险改革，维护权益"]
SHORTS = ["医保", "维权", "产学研", "公屋", "农养", "医卫", "社服", "保改", "卫服"]


def _check(norm: str, shorts) -> None:
    for terms in abbreviations.expansion_terms(norm, [(0, len(norm))]):
        for i in range(len(terms)):
            for short in shorts:
                assert abbreviations._spell(norm, terms, i, short) == _spell_scan(norm, terms, i, short)


def test_texts_of_the_genre() -> None:
    for text in TEXTS:
        _check(text, SHORTS)
    assert abbreviations.expansion("完善医疗保险制度", [(0, 8)], "医保") == ("医疗保险", (2, 6))


_WORD = st.text(alphabet="医疗保险维护权益产业学校科研", min_size=1, max_size=4)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(_WORD, st.sampled_from(["", "", "、", "和", "，", "的"])), min_size=1, max_size=8),
       st.lists(st.text(alphabet="医保维权产学研险护", min_size=2, max_size=3), min_size=1, max_size=4))
def test_arbitrary_word_lists(pieces, shorts) -> None:
    norm, terms = "", []
    for w, gap in pieces:  # overlapping words too: every prefix of two of each word
        at = len(norm)
        terms.append(((at, at + len(w)), w))
        if len(w) > 2:
            terms.append(((at, at + 2), w[:2]))
        norm += w + gap
    terms = sorted(dict(terms).items())
    for i in range(len(terms)):
        for short in shorts:
            assert abbreviations._spell(norm, terms, i, short) == _spell_scan(norm, terms, i, short)

"""named_subject tries a pattern only on a clause holding the words it needs: the same
span as trying every pattern (the reference, kept here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.cues import heading


def _subject_every_pattern(clause: str):
    for pat in heading._SUBJECT_PATTERNS:
        m = pat.search(clause)
        if not m:
            continue
        x, start = m.group("x"), m.start("x")
        for lead in ("关于", "针对", "当前", "对于", "对"):
            if x.startswith(lead):
                x, start = x[len(lead):], start + len(lead)
        if x[:1] in "“\"「" and x[-1:] in "”\"」":
            x, start = x[1:-1], start + 1
        if len(x) >= 2 and not heading._NOT_SUBJECT.search(x) and x not in ("问题", "工作"):
            return start, start + len(x)
    return None


_PIECES = st.one_of(
    st.sampled_from(["关于", "针对", "解决", "治理", "问题", "难题", "的", "问题的", "主要", "表现", "根源",
                     "原因", "成因", "对策", "产生", "形成", "出现", "存在", "“", "”", "，", "。",
                     "农村养老", "基层医疗", "人才流失", "这些", "上述", "当前"]),
    st.text(alphabet="农村养老服务不足的问题原因", max_size=3))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=9).map("".join))
def test_subject_as_trying_every_pattern(clause: str) -> None:
    assert heading.named_subject(clause) == _subject_every_pattern(clause)


def test_each_pattern_still_found() -> None:
    for clause, x in [("关于农村养老问题的原因", "农村养老"), ("针对人才流失问题", "人才流失"),
                      ("基层医疗服务不足的主要表现", "基层医疗服务不足"), ("农村养老问题的产生", "农村养老"),
                      ("人才流失问题的对策", "人才流失")]:
        span = heading.named_subject(clause)
        assert span is not None and clause[span[0]:span[1]] == x

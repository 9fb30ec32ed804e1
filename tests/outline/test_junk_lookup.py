"""junk_reason counts a line's Latin letters with a pattern: the same answer as counting
them character by character (kept here as the reference), on lines of page furniture,
front matter, report text and anything."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.common.charclass import HAN_RE
from policykg.outline import lines


def _reason_by_characters(line: str) -> str:
    if "\ufffd" in line or lines._mojibake(line):
        return "unreadable characters"
    letters = sum(ch.isascii() and ch.isalpha() for ch in line)
    if letters >= 20 and letters > 3 * len(HAN_RE.findall(line)):
        return "non-Chinese text"
    if any(p.search(line) for p in lines._junk_res()):
        return "page furniture"
    if any(p.search(line) for p in lines._front_res()):
        return "front matter"
    return ""


_PIECES = st.one_of(
    st.sampled_from(["2023-05-06 12:30", "2023年5月6日", "来源：", "作者:", "首页 > ", "> 新闻 >",
                     "上一篇", "版权所有", "Copyright", "ICP备", "目录：", "……", "---", "第 3 页",
                     "共 9 页", "- 12 -", "【专题】", "关键词：", "Key words:", "Abstract", "DOI",
                     "基金项目", "一、存在的问题", "加强基层医疗卫生服务能力建设。", "abc ", "XYZ"]),
    st.text(alphabet="0123456789-/.:：年月日页第共 >»【】[]()（）abcdefgKEYWORDS的问题", max_size=6),
    st.text(max_size=4))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_reason_as_counting_character_by_character(line: str) -> None:
    assert lines.junk_reason(line) == _reason_by_characters(line)

"""prefilter.needs never turns away a text its pattern matches in."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.common import lexicon, prefilter

_PATTERNS = [*lexicon.words("policykg.outline", "junk_patterns.txt"),
             *lexicon.words("policykg.outline", "front_matter.txt"),
             r"(?:ab|c)d", r"x+y?z", r"^\s*[ab]c", r"^[\s.]{2,}$", r"^(?:[a-c]|d)e", r"(?i:q)r", r"[^a]b", r"(a|)b", r"a*b*"]


def test_folded_letters_are_every_code_point_ignorecase_matches():
    letters = re.compile("[a-zA-Z]", re.IGNORECASE)
    extra: dict[str, str] = {}
    for code in range(0x80, 0x110000):
        c = chr(code)
        if letters.fullmatch(c):
            for low in string.ascii_lowercase:
                if re.fullmatch(low, c, re.IGNORECASE):
                    extra[low] = extra.get(low, "") + c
    assert extra == prefilter._FOLDED_EXTRA


def test_needs_of_the_data_files():
    junk = [prefilter.needs(re.compile(p, re.IGNORECASE)) for p in _PATTERNS[:2]]
    assert junk[0] is not None and junk[0].strings == {":"} and not junk[0].at_start
    assert junk[1] is not None and junk[1].at_start and "时" in junk[1].strings
    assert prefilter.needs(re.compile("a*b*")) is None


_ALPHABET = " \t\u3000\u2028abcdexyzqrABCDQR:-./>»版权所有备案号icpICPİıſK 时间来源第页【】0123456789关键词DOIdoi年月日"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_a_text_a_pattern_matches_in_passes_its_test(text):
    for source in _PATTERNS:
        for flags in (0, re.IGNORECASE):
            pat = re.compile(source, flags)
            need = prefilter.needs(pat)
            if need is None or not pat.search(text):
                continue
            assert (text[:1] in need.strings) if need.at_start else need.held_in(text), (source, text)


def test_matching_texts_built_from_the_patterns_pass():
    samples = ["版权所有 2024", "Copyright 2024", "ALL RIGHTS RESERVED", "ıCP备123号", "ICP备",
               "发布时间:2024-01-02 10:30", "首页 > 新闻", "- 87 -", "第 3 页", "关键词:乡村",
               "DOİ:10.1", "key words: x", "【打印】【关闭】", "2024-01-02", "a > b > c"]
    for source in _PATTERNS[:-9]:
        pat = re.compile(source, re.IGNORECASE)
        need = prefilter.needs(pat)
        for text in samples:
            if need is not None and pat.search(text):
                assert (text[:1] in need.strings) if need.at_start else need.held_in(text), (source, text)


def test_whitespace_is_what_backslash_s_matches():
    space = re.compile(r"\s")
    assert prefilter._WHITESPACE == {chr(c) for c in range(0x110000) if space.fullmatch(chr(c))}

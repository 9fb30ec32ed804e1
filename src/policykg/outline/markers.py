"""Enumeration markers of the genre: 一、 (一) 1. 1、 (1) ① 第一 首先 一是 一要 …

Matched on the normalised text (half-width punctuation, simplified characters).
Each marker style has a canonical rank (一、 above (一) above 1. above (1) above ①
above 一是); a document may skip ranks, and the outline is built by rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.common.charclass import HAN
from policykg.common.memo import short_texts

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "[一二三四五六七八九十]{1,3}"
CAPITAL_NUM = "[壹贰貳叁参參肆伍陆陸柒捌玖拾]{1,2}"
CAPITAL_DIGITS = {"壹": 1, "贰": 2, "貳": 2, "叁": 3, "参": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6,
                  "陸": 6, "柒": 7, "捌": 8, "玖": 9, "拾": 10}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "第三": 3, "最后": 9}


def cn_to_int(s: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (enough for enumerations)."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        n = 0
        for ch in s:
            n = n * 10 + CN_DIGITS.get(ch, 0)
        return n
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


@dataclass(frozen=True)
class Style:
    name: str
    rank: float
    pattern: re.Pattern[str]  # group "n": the ordinal; match ends where the item text starts


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


# Line-start styles, tried in order (the first that matches wins).
STYLES: tuple[Style, ...] = (
    Style("md-heading", 0, _p(r"#{1,6}\s*(?P<n>)")),
    Style("capital", 0, _p(rf"(?P<n>{CAPITAL_NUM})\s*[、.．]\s*")),
    Style("chapter", 0, _p(rf"第(?P<n>{CN_NUM})[章部篇](分)?[、.\s:]*")),
    Style("jie", 0.5, _p(rf"第(?P<n>{CN_NUM})节[、.\s:]*")),
    Style("cn", 1, _p(rf"(?P<n>{CN_NUM})\s*[、.．]\s*")),
    # 问题一: / 原因二、 / 建议3. — the marker names the item's role as well
    Style("labelled", 1, _p(rf"(?:问题|原因|对策|建议|措施|挑战|风险|隐患|不足)"
                            rf"(?P<n>{CN_NUM}|\d{{1,2}})\s*[:：、.．]\s*")),
    # paper style: 1 问题的提出 / 2.1 青年教师流失 / 2.1.1 …
    Style("decimal-3", 4, _p(rf"(?P<n>\d{{1,2}}\.\d{{1,2}}\.\d{{1,2}})\.?\s*(?=[{HAN}“(（])")),
    Style("decimal-2", 3, _p(rf"(?P<n>\d{{1,2}}\.\d{{1,2}})\.?\s*(?=[{HAN}“(（])(?![万亿千百元倍个])")),
    Style("arabic-space", 1, _p(rf"(?P<n>\d{{1,2}})[ \t\u3000]+(?=[{HAN}])(?![年月日万亿元倍个])")),
    # (二) — also 二) where the opening parenthesis was lost
    Style("cn-paren", 2, _p(rf"[(（]\s*(?P<n>{CN_NUM})\s*[)）]\s*[、.]?\s*|(?P<n2>{CN_NUM})[)）]\s*")),
    Style("ordinal", 2, _p(rf"第(?P<n>{CN_NUM})[、,，.:：]\s*")),
    # 1。X: a scraped page's full stop standing for the dot (only before a character)
    Style("arabic", 3, _p(rf"(?P<n>\d{{1,2}})\s*(?:[、．]|\.(?!\d)|。(?=[{HAN}]))\s*")),
    Style("arabic-paren", 4, _p(r"[(（]\s*(?P<n>\d{1,2})\s*[)）]\s*[、.]?\s*|(?P<n2>\d{1,2})\s*[)）]\s*")),
    Style("circled", 5, _p(rf"(?P<n>[{CIRCLED}])\s*[、.]?\s*")),
    Style("sequence", 6, _p(r"(?P<n>首先|其次|再次|最后)\s*[,，、:：]?\s*")),
    Style("qi", 6, _p(rf"其(?P<n>{CN_NUM})[,，、:：]\s*")),
    Style("shi", 6, _p(rf"(?P<n>{CN_NUM})(?:是|要|则|来|方面)\s*[,，:：]?\s*")),
    Style("bullet", 7, _p(r"[-*•·●■◆]\s+(?P<n>)")),
    # open bullets (○ under ●): a style of their own, nested by first use like 1. under 1.1
    Style("bullet-open", 7, _p(r"[○◦◇□▪▫◎]\s*(?P<n>)(?=\S)")),
)

# The characters a match of each line-start style can begin with: a line is tried only
# with the styles its first character can open (most lines open with none of them).
_CN_LEAD = "[一二三四五六七八九十]"
_LEADS = {
    "md-heading": "#", "capital": CAPITAL_NUM[:-len("{1,2}")], "chapter": "第", "jie": "第",
    "cn": _CN_LEAD, "labelled": "[问原对建措挑风隐不]", "decimal-3": r"\d", "decimal-2": r"\d",
    "arabic-space": r"\d", "cn-paren": "[(（一二三四五六七八九十]", "ordinal": "第", "arabic": r"\d",
    "arabic-paren": r"[(（\d]", "circled": f"[{CIRCLED}]", "sequence": "[首其再最]", "qi": "其",
    "shi": _CN_LEAD, "bullet": "[-*•·●■◆]", "bullet-open": "[○◦◇□▪▫◎]",
}


@cache
def styles_opening(ch: str) -> tuple[Style, ...]:
    """The line-start styles, in order, whose matches can begin with ``ch``."""
    if not _ANY_LEAD.fullmatch(ch):  # most characters (a line's first Han character) open none
        return ()
    return tuple(st for st, lead in _LEAD_RES if lead.fullmatch(ch))


_LEAD_RES = tuple((st, re.compile(_LEADS[st.name])) for st in STYLES)
_ANY_LEAD = re.compile("|".join(_LEADS[st.name] for st in STYLES))


# Inline variants, stricter than the line-start forms (a separator where a line start needs
# none; no 一方面), since inside a paragraph the same characters often mean something else.
INLINE_STYLES: tuple[Style, ...] = (
    Style("arabic-paren", 4, _p(r"[(（](?P<n>\d{1,2})[)）]\s*")),
    Style("circled", 5, _p(rf"(?P<n>[{CIRCLED}])\s*")),
    Style("shi", 6, _p(rf"(?P<n>{CN_NUM})(?:是|要|则|来)\s*[,，:：]?\s*")),
    Style("arabic", 3, _p(r"(?P<n>\d{1,2})(?:[、．]|\.(?!\d))\s*")),
    Style("ordinal", 6, _p(rf"第(?P<n>{CN_NUM})[,，、:：]\s*")),
    Style("qi", 6, _p(rf"其(?P<n>{CN_NUM})[,，、:：]\s*")),
    # 首先是A,其次是B,再者,C: a 是 after the word stands for the separator
    Style("sequence", 6, _p(r"(?P<n>首先|其次|再次|再者|最后)(?:\s*[,，、:：]|是(?!否)(?=[^,，。]{2}))\s*")),
)


@dataclass(frozen=True)
class Marker:
    style: str
    rank: float
    ordinal: int
    start: int  # offset of the marker in the line/paragraph
    end: int  # offset where the item text starts
    text: str  # the marker as written


def ordinal_of(style: str, raw: str) -> int:
    if style == "circled":
        return CIRCLED.index(raw) + 1
    if style == "sequence":
        return SEQUENCE_WORDS.get(raw, 0)
    if style == "capital":
        return sum(CAPITAL_DIGITS.get(ch, 0) for ch in raw)
    if not raw:
        return 0
    if "." in raw:
        return int(raw.rsplit(".", 1)[1])
    return cn_to_int(raw)


def match_line(line: str) -> Marker | None:
    """The enumeration marker at the start of a (left-stripped) line, if any."""
    # most lines open with a character no marker begins with: answered without the
    # memo, whose look-up hashes the whole line
    return _match_line(line) if styles_opening(line[:1]) else None


# each line is matched by several passes of the outline (split_lines, then the outline: room
# for the lines of a long report too)
@short_texts(1 << 14, longest=1000)
def _match_line(line: str) -> Marker | None:
    for style in styles_opening(line[:1]):
        m = style.pattern.match(line)
        if not m:
            continue
        raw = m.group("n") if m.group("n") is not None else (m.groupdict().get("n2") or "")
        if m.end() >= len(line.rstrip()):
            continue  # a marker with nothing after it is not an item
        if style.name == "cn" and not _cn_marker_ok(line, m):
            continue
        return Marker(style.name, style.rank, ordinal_of(style.name, raw), m.start(), m.end(),
                      m.group(0))
    return None


def _cn_marker_ok(line: str, m: re.Match[str]) -> bool:
    # 一.5 or 十.  in a number, or 一、二、三 as a plain list of words: reject
    nxt = line[m.end():m.end() + 1]
    return not (nxt.isdigit() and m.group(0).rstrip().endswith((".", "．")))


_SENTENCE_BOUNDARY = set("。;；!?！？:： \t")
_BOUNDARY = set("。;；:：,，!?！？ \t\n\"“”'）)")


def find_inline(par: str, start: int = 0) -> list[Marker]:
    """Inline enumerations in a paragraph: the longest run 1, 2, 3 … of one style whose
    markers stand at clause boundaries. A single marker is not an enumeration."""
    best: list[Marker] = []
    held: dict[int, bool] = {}  # by need: two styles need a digit, searched for once
    for style in INLINE_STYLES:
        need = _INLINE_NEEDS[style.name]
        found = held.get(id(need))
        if found is None:
            found = held[id(need)] = need.search(par, start) is not None
        if not found:
            continue
        found = _run(par, start, style)
        if len(found) >= 2 and (len(found) > len(best) or (
                len(found) == len(best) and found[0].start < best[0].start)):
            best = found
    return best


# What every inline marker of a style holds (a digit, a circled number, 一是, 第一, 其一,
# 首先 …): most paragraphs hold none, and are then spared trying the style. Each pattern
# opens with a character class or a literal, which the regex engine scans for in C.
_DIGIT = re.compile(r"\d")
_INLINE_NEEDS = {
    "arabic-paren": _DIGIT,
    "circled": re.compile(f"[{CIRCLED}]"),
    "shi": re.compile(r"[一二三四五六七八九十][是要则来]"),
    "arabic": _DIGIT,
    "ordinal": re.compile(r"第[一二三四五六七八九十]"),
    "qi": re.compile(r"其[一二三四五六七八九十]"),
    "sequence": re.compile(r"首先|其次|再次|再者|最后"),
}


def _run(par: str, start: int, style: Style) -> list[Marker]:
    cands: list[tuple[int, re.Match[str]]] = []  # (ordinal, match): a Marker only for the run's
    bounds = _SENTENCE_BOUNDARY if style.name == "arabic" else _BOUNDARY
    for m in style.pattern.finditer(par, start):
        if m.start() > start and par[m.start() - 1] not in bounds:
            continue
        cands.append((ordinal_of(style.name, m.group("n")), m))
    run: list[tuple[int, re.Match[str]]] = []
    for mk in cands:
        ordinal = mk[0]
        want = run[-1][0] + 1 if run else 1
        if style.name == "sequence":
            if (not run and ordinal == 1) or (run and ordinal > run[-1][0]):
                run.append(mk)
        elif ordinal == want:
            run.append(mk)
        elif ordinal == 1 and len(run) < 2:
            run = [mk]
        elif ordinal == 1:
            break  # a second list restarts at 1 (problems (1)(2)(3), then measures (1)…(4))
    if len(run) < 2:
        return []
    return [Marker(style.name, style.rank, n, m.start(), m.end(), m.group(0)) for n, m in run]

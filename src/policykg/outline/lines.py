"""Lines of a document and the ones that are not report text: site navigation, article
listings with timestamps, English abstracts, mojibake (data/junk_patterns.txt)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from policykg.common import lexicon, prefilter
from policykg.outline import markers
from policykg.common.charclass import HAN_RE
from policykg.models import Document


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    junk: str = ""  # why the line is not report text ("" when it is)


def split_lines(doc: Document) -> list[Line]:
    """Non-blank lines, stripped, with junk marked."""
    out = []
    pos = 0
    for raw in doc.text.split("\n"):
        s = pos + len(raw) - len(raw.lstrip())
        e = pos + len(raw.rstrip())
        pos += len(raw) + 1
        if e > s:
            out.extend(_split_glued(doc, Line(s, e)))
    return _mark_junk(doc, _split_first_items(doc, out))


_FIRST_ITEM_STYLES = tuple(st for st in markers.STYLES
                           if st.name in ("cn-paren", "arabic", "arabic-paren"))


def _split_first_items(doc: Document, lines: list[Line]) -> list[Line]:
    """一、存在的问题(一)A。… then (二)B on the next line: a scraper glued the first item
    to its heading. Split before the first item when the next line goes on with item 2."""
    out = []
    for line, after in zip(lines, lines[1:] + [None]):
        nxt = markers.match_line(doc.norm[after.start:after.end]) if after else None
        cut = _first_item_at(doc.norm[line.start:line.end], nxt) if nxt and nxt.ordinal == 2 else None
        out += [Line(line.start, line.start + cut), Line(line.start + cut, line.end)] if cut else [line]
    return out


def _first_item_at(text: str, nxt: markers.Marker) -> int | None:
    own = markers.match_line(text)
    if own is None or own.style == nxt.style:
        return None
    for style in _FIRST_ITEM_STYLES:
        if style.name != nxt.style:
            continue
        for m in style.pattern.finditer(text, own.end):
            raw = m.group("n") if m.group("n") is not None else (m.groupdict().get("n2") or "")
            heading = text[own.end:m.start()]
            if markers.ordinal_of(style.name, raw) == 1 and 2 <= len(heading) <= 30 and \
                    not re.search(r"[。;；!?！？,，]", heading):
                return m.start()
            break
    return None


GLUED_MIN = 120  # a line this long may hold several headings a scraper glued together
_GLUED_MARKERS = tuple((style, pat, prefilter.needs(pat)) for style, pat in (
    ("cn", re.compile(rf"(?P<n>{markers.CN_NUM})、")),
    ("cn-paren", re.compile(rf"[(（](?P<n>{markers.CN_NUM})[)）]")),
    ("capital", re.compile(rf"(?P<n>{markers.CAPITAL_NUM})、")),
))


def _split_glued(doc: Document, line: Line) -> list[Line]:
    """一、存在的问题(一)A。…(二)B。…二、原因分析…: a page whose line breaks were lost.
    Split before every member of a run 一、二、三 or (一)(二)(三) inside one long line."""
    if line.end - line.start < GLUED_MIN:
        return [line]
    text = doc.norm[line.start:line.end]
    cuts = set()
    for style, pat, need in _GLUED_MARKERS:
        if need is not None and not need.held_in(text):
            continue  # (a long line without 、 is spared the scan for the class the pattern opens with)
        found = [(m.start(), markers.ordinal_of(style, m.group("n"))) for m in pat.finditer(text)]
        run: list[int] = []
        for pos, n in found:
            if run and n == len(run) + 1:
                run.append(pos)
            elif n == 1:
                if len(run) >= 2:
                    cuts.update(run)
                run = [pos]
        if len(run) >= 2:
            cuts.update(run)
    points = sorted(c for c in cuts if c > 0)
    if not points or any(b - a < 4 for a, b in zip([0] + points, points + [len(text)])):
        return [line]
    bounds = [0] + points + [len(text)]
    return [Line(line.start + a, line.start + b) for a, b in zip(bounds, bounds[1:])]


@cache
def _junk_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicon.words(__package__, "junk_patterns.txt"))


def junk_reason(line: str) -> str:
    """Why ``line`` is not report text, "" when it is."""
    return _JunkTests(line).reason(line)


class _JunkTests:
    """The junk tests that can pass in some line of a text. Most of a text's lines pass
    none, and most patterns need a character that the whole text lacks (a C-level
    look-up each, made once a text): a line is searched only with the others."""

    def __init__(self, text: str) -> None:
        self.unreadable = "\ufffd" in text or _MOJIBAKE_LEAD.search(text) is not None
        self.latin = len(_ASCII_LETTER.findall(text)) >= 20  # a line of 20 letters or more
        self.furniture = _possible(_junk_tests(), text)
        self.front = _possible(_front_tests(), text)

    def reason(self, line: str) -> str:
        if self.unreadable and ("\ufffd" in line or _mojibake(line)):
            return "unreadable characters"
        if self.latin:
            letters = len(_ASCII_LETTER.findall(line))
            if letters >= 20 and letters > 3 * len(HAN_RE.findall(line)):
                return "non-Chinese text"
        if _search(self.furniture, line):
            return "page furniture"
        if _search(self.front, line):
            return "front matter"
        return ""


_Test = tuple[re.Pattern[str], frozenset[str] | None, Callable[[str], bool] | None]


def _possible(tests: tuple[tuple[re.Pattern[str], prefilter.Needs | None], ...], text: str
              ) -> tuple[_Test, ...]:
    """The patterns that can match in a line of ``text``, each with the characters such a
    line begins with if it is anchored there, else a test of what such a line holds."""
    out = []
    for pat, need in tests:
        if need is None:
            out.append((pat, None, None))
        elif need.at_start:
            out.append((pat, need.strings, None))
        elif need.held_in(text):
            out.append((pat, None, need.held_in))
    return tuple(out)


def _search(tests: tuple[_Test, ...], line: str) -> bool:
    for pat, starts, held_in in tests:
        if starts is not None:
            if line[:1] not in starts:
                continue
        elif held_in is not None and not held_in(line):
            continue
        if pat.search(line):
            return True
    return False


# Each pattern with what a line must hold for it to match
@cache
def _junk_tests() -> tuple[tuple[re.Pattern[str], prefilter.Needs | None], ...]:
    return tuple((pat, prefilter.needs(pat)) for pat in _junk_res())


@cache
def _front_tests() -> tuple[tuple[re.Pattern[str], prefilter.Needs | None], ...]:
    return tuple((pat, prefilter.needs(pat)) for pat in _front_res())


_ASCII_LETTER = re.compile(r"[A-Za-z]")  # ch.isascii() and ch.isalpha()


@cache
def _front_res() -> tuple[re.Pattern[str], ...]:
    """Keyword, classification, author, fund and article-number lines of a paper."""
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicon.words(__package__, "front_matter.txt"))


_MOJIBAKE = re.compile(r"[\u00c0-\u00ff][\u0080-\u00bf]|[\ue000-\uf8ff]|锟斤拷|烫烫|屯屯")
# the characters a match of _MOJIBAKE begins with: one class is searched faster than the
# alternation, which is tried at every offset
_MOJIBAKE_LEAD = re.compile(r"[\u00c0-\u00ff\ue000-\uf8ff锟烫屯]")


def _mojibake(line: str) -> bool:
    if not _MOJIBAKE_LEAD.search(line) or not _MOJIBAKE.search(line):  # (most lines: no hit to count)
        return False
    hits = len(_MOJIBAKE.findall(line))
    return hits >= 3 or (hits >= 1 and hits * 8 >= len(line))


def _mark_junk(doc: Document, lines: list[Line]) -> list[Line]:
    tests = _JunkTests(doc.norm)
    reasons = [tests.reason(doc.norm[ln.start:ln.end]) for ln in lines]
    # A short line just before a listing line (title of a listed article) is listing too.
    for i in range(len(lines) - 2, -1, -1):
        if not reasons[i] and reasons[i + 1] == "page furniture" and _is_listing(doc, lines[i + 1]):
            if lines[i].end - lines[i].start <= 40 and not markers.match_line(
                    doc.norm[lines[i].start:lines[i].end]):
                reasons[i] = "page furniture"
    _mark_footer_lists(doc, lines, reasons)
    return [replace(ln, junk=r) if r else ln for ln, r in zip(lines, reasons)]


_FOOTER = re.compile(r"^[(（【]?(上一篇|下一篇|相关文章|相关推荐|相关阅读|相关链接|相关新闻|相关报道|推荐阅读|延伸阅读|猜你喜欢|热门文章|"
                     r"热门推荐|最新文章|精彩推荐|大家都在看)")


def _mark_footer_lists(doc: Document, lines: list[Line], reasons: list[str]) -> None:
    """After 相关推荐 or 上一篇, the short lines that follow (titles of other pages) are
    furniture too, up to the first line of sentences."""
    footer = False
    for i, ln in enumerate(lines):
        text = doc.norm[ln.start:ln.end]
        if _FOOTER.match(text):
            footer = True
        elif footer and not reasons[i]:
            if len(text) <= 40 and not re.search(r"[。;；!?！？]", text):
                reasons[i] = "page furniture"
            else:
                footer = False


def _is_listing(doc: Document, line: Line) -> bool:
    return bool(_junk_res()[0].search(doc.norm[line.start:line.end]))

"""List numbers in front of an item (1、 (一) 一是 ②), for the linker's parallel-numbering
signals, and whether an item opens its line after such a marker."""

from __future__ import annotations

import re

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_MARKER = re.compile(
    r"(?:第?([一二三四五六七八九十]{1,3})(?:是|要|、|，|,|\.|．)"
    r"|[(（]([一二三四五六七八九十\d]{1,3})[)）]"
    r"|(\d{1,3})(?:[、.．)）]|\s)"
    r"|([①②③④⑤⑥⑦⑧⑨⑩]))\s*$")
_LINE_MARKER = re.compile(_MARKER.pattern[:-len(r"\s*$")].replace("(?:第?", r"\s*(?:第?", 1))


def _chinese_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _DIGITS.get(s[1], 0)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return _DIGITS.get(tens, 0) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return _DIGITS.get(s, 0)


def ordinal(norm: str, start: int) -> int | None:
    """The list number of an item: the marker just before its label (一是X；二是Y), or the
    one opening its line when a short heading sits between (二、最突出的问题:X)."""
    line_start = norm.rfind("\n", 0, start) + 1
    head = norm[max(line_start, start - 8):start]
    m = _MARKER.search(head)
    if m is None and start - line_start <= 16:
        m = _LINE_MARKER.match(norm, line_start, start)
    if not m:
        return None
    if m.group(4):
        return _CIRCLED.index(m.group(4)) + 1
    value = _chinese_number(m.group(1) or m.group(2) or m.group(3))
    return value or None


def starts_line(norm: str, at: int) -> bool:
    """True when only a list marker (or nothing) precedes ``at`` on its line: a list item,
    not a clause stated inside a paragraph."""
    line_start = norm.rfind("\n", 0, at) + 1
    head = norm[line_start:at].strip()
    return not head or (len(head) <= 8 and bool(_LINE_MARKER.match(head)))

"""The labels of Word's automatic numbering (一、 (一) 1. ①), which are not in a paragraph's text.

Reports written in Word often number their headings and items with list numbering; the
label is drawn by Word, not stored in the runs, so python-docx's ``paragraph.text`` lacks
it. The structure stage needs those markers, so the docx reader puts them back in front
of the paragraph, as a reader sees them. Supported: the numbering formats this genre uses
(decimal, Chinese counting, circled numbers, letters, roman numerals, 甲乙丙); counters
per list, deeper levels restarting when a shallower one advances, start overrides.
Bullets give their symbol; a format we do not know gives decimal numbers.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


class Numbering:
    """Counts the numbered paragraphs of one document, in order, and renders their labels."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → fmt, text, start
        self._counters: dict[str, list[int]] = {}
        self._styles = _style_numbering(document)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # no numbering part
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.iterchildren(f"{W}abstractNum")}
        for num in numbering.iterchildren(f"{W}num"):
            self._add_num(num, abstract)

    def _add_num(self, num: Any, abstract: dict[str, Any]) -> None:
        num_id = num.get(f"{W}numId")
        ref = num.find(f"{W}abstractNumId")
        definition = abstract.get(ref.get(f"{W}val")) if ref is not None else None
        if definition is None:
            return
        overrides = {
            int(o.get(f"{W}ilvl", "0")): int(s.get(f"{W}val"))
            for o in num.iterchildren(f"{W}lvlOverride")
            if (s := o.find(f"{W}startOverride")) is not None
        }
        for lvl in definition.iterchildren(f"{W}lvl"):
            ilvl = int(lvl.get(f"{W}ilvl", "0"))
            fmt = _val(lvl, "numFmt", "decimal")
            text = _val(lvl, "lvlText", "")
            start = overrides.get(ilvl, int(_val(lvl, "start", "1")))
            self._levels[(num_id, ilvl)] = (fmt, text, start)

    def label(self, paragraph: Any) -> str:
        """The label Word draws before ``paragraph`` (advancing the counters), or ''."""
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or num_id == "0" or (num_id, ilvl) not in self._levels:
            return ""
        counters = self._counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        counters[ilvl] += 1
        del counters[ilvl + 1 :]  # deeper levels start again under the new item
        fmt, text, _ = self._levels[(num_id, ilvl)]
        if fmt == "bullet":
            return ""  # a symbol from a symbol font: nothing a reader would call a number
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text and (num_id, level) in self._levels:
                level_fmt, _, start = self._levels[(num_id, level)]
                value = start + counters[level] - 1 if counters[level] else start
                text = text.replace(f"%{level + 1}", format_number(value, level_fmt))
        return text

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        ppr = paragraph.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "numId", None)
            ilvl = int(_val(num_pr, "ilvl", "0"))
            return num_id, ilvl
        style = _val(ppr, "pStyle", None) if ppr is not None else None
        return self._styles.get(style, (None, 0)) if style else (None, 0)


def _style_numbering(document: Any) -> dict[str, tuple[str | None, int]]:
    """styleId → (numId, ilvl) for paragraph styles that number their paragraphs (List Number)."""
    found: dict[str, tuple[str | None, int]] = {}
    try:
        styles = document.styles.element
    except (KeyError, AttributeError):
        return found
    for style in styles.iterchildren(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is not None:
            found[style.get(f"{W}styleId")] = (_val(num_pr, "numId", None), int(_val(num_pr, "ilvl", "0")))
    return found


def _val(parent: Any, tag: str, default: str | None) -> Any:
    child = parent.find(f"{W}{tag}")
    return child.get(f"{W}val", default) if child is not None else default


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word numbering format ``fmt`` (decimal for formats we do not know)."""
    if fmt in {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "ideographDigital"}:
        return chinese_number(n)
    if fmt in {"ideographTraditional"} and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in {"lowerLetter", "upperLetter"} and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in {"lowerRoman", "upperRoman"} and n >= 1:
        roman = _roman(n)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "none":
        return ""
    return str(n)


def chinese_number(n: int) -> str:
    """一 … 十, 十一 … 九十九, then 一百 …; beyond 999 the digits one by one."""
    if n <= 0 or n >= 1000:
        return "".join(_DIGITS[int(d)] for d in str(max(n, 0)))
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out += symbol * count
    return out

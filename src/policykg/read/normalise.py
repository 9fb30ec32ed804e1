"""The analysis copy of a text, and which script a text is written in.

``normalise`` maps full-width ASCII to half-width and traditional characters to
simplified ones (OpenCC ``t2s``), so that jieba and the lexicons see the script they
were written for. Every offset the later stages compute in the normalised copy must
also be an offset in the original text, so the copy keeps the length of the text and
``norm[i]`` is always the normal form of ``text[i]``.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # opencc is a compiled extension: import it only when a text needs it
    import opencc

Script = Literal["zh-Hans", "zh-Hant"]

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E; U+3000 is the ideographic space.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Every character OpenCC's t2s or s2t changes is in one of these blocks (checked over all
# of Unicode's first three planes for opencc 1.1/1.4): CJK radicals, Extension A, the
# unified block, compatibility ideographs and the supplementary ideographic planes.
_HAN_CLASS = "\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HAN_RE = re.compile(f"[{_HAN_CLASS}]")


def warm() -> None:
    """Build the t2s converter and read which characters s2t changes now (a worker
    process reads their dictionaries before its first document)."""
    _converter("t2s")
    _s2t_changes()


@cache
def _converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config, built on first use (loading it reads its dictionaries)."""
    import opencc

    return opencc.OpenCC(config)


def normalise(text: str) -> str:
    """The analysis copy of ``text``: same length, ``norm[i]`` derived from ``text[i]``."""
    return half_and_normal(text)[1]


def half_and_normal(text: str) -> tuple[str, str]:
    """``text`` with its full-width ASCII made half-width, and ``normalise(text)``, which
    is that with OpenCC's t2s applied: where the two differ, t2s changed a character."""
    half = _half_width(text)
    if not HAN_RE.search(half):
        return half, half
    lines = half.split("\n")
    return half, "\n".join(_t2s_lines(lines) or [_t2s_line(line) for line in lines])


def _t2s_lines(lines: list[str]) -> list[str] | None:
    """``[_t2s_line(line) for line in lines]`` in one OpenCC call for the lines that hold
    Han characters, joined by line breaks; None where that call cannot stand for them.

    A line is the largest unit an OpenCC phrase can span: a dictionary is a text file of
    one entry a line, so no phrase holds a line break, and OpenCC's longest-match
    segmentation starts afresh after each one. The joined lines therefore convert as
    each line would alone. Each is checked to keep its length (and its place), as
    ``_t2s_line`` does; a text OpenCC's UTF-8 API cannot take, or one it cut (a NUL),
    is converted line by line instead."""
    han = [i for i, line in enumerate(lines) if HAN_RE.search(line)]
    try:
        converted = _converter("t2s").convert("\n".join([lines[i] for i in han])).split("\n")
    except UnicodeEncodeError:  # lone surrogates cannot cross into OpenCC's UTF-8 API
        return None
    if len(converted) != len(han):
        return None
    out = list(lines)
    for i, line in zip(han, converted):
        out[i] = line if len(line) == len(lines[i]) else _t2s_by_character(lines[i])
    return out


def _half_width(text: str) -> str:
    """``text.translate(_HALF_WIDTH)``: the few full-width characters a text holds are
    replaced one after the other (each replacement is ASCII, so none feeds another),
    faster than a table look-up for every character of the text."""
    m = _FULL_WIDTH_RE.search(text)
    while m is not None:  # the next kind of full-width character, after those replaced
        char = m.group()
        text = text.replace(char, chr(_HALF_WIDTH[ord(char)]))
        m = _FULL_WIDTH_RE.search(text, m.start())  # (a list of every one was longer)
    return text


_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def _t2s_line(line: str) -> str:
    if not HAN_RE.search(line):
        return line
    try:
        converted = _converter("t2s").convert(line)
    except UnicodeEncodeError:  # lone surrogates cannot cross into OpenCC's UTF-8 API
        return _t2s_by_character(line)
    if len(converted) == len(line):
        return converted
    # OpenCC converts phrases (憑藉 → 凭借). Every t2s phrase in its current dictionaries
    # keeps its length, but if one ever does not, the characters after it would no longer
    # line up with the original: convert that line character by character instead.
    return _t2s_by_character(line)


def _t2s_by_character(line: str) -> str:
    return "".join(t2s_char(c) for c in line)


def t2s_char(c: str) -> str:
    """The simplified form of one character (itself when OpenCC leaves it alone)."""
    if not HAN_RE.match(c):
        return c
    converted = _converter("t2s").convert(c)
    return converted if len(converted) == 1 else c


def detect_script(text: str) -> Script:
    """``zh-Hant`` when more characters are traditional-only than simplified-only.

    A character is traditional-only when OpenCC's t2s changes it and s2t does not, and the
    other way round; characters both change (or neither) say nothing. Counting by majority
    keeps a traditional text with a few simplified characters left in as ``zh-Hant``.
    """
    chars = set(text)  # the distinct characters (a set, not a Counter: most texts need
    # no count of any). Characters are sorted into the two scripts once per process, so a
    # document costs set operations in C.
    if not _SEEN.issuperset(chars):  # (chars - _SEEN would walk all of _SEEN)
        _sort_new(chars - _SEEN)
    traditional_chars = chars & _TRADITIONAL
    if not traditional_chars:  # most texts: 0 traditional characters outnumber none
        return "zh-Hans"
    traditional = sum(map(text.count, traditional_chars))
    simplified = 0
    for char in chars & _SIMPLIFIED:  # counted only until they match the traditional ones
        simplified += text.count(char)
        if simplified >= traditional:
            return "zh-Hans"
    return "zh-Hant"


# Characters whose script is known: traditional-only, simplified-only, all looked at.
_TRADITIONAL: set[str] = set()
_SIMPLIFIED: set[str] = set()
_SEEN: set[str] = set()


def _sort_new(chars: set[str]) -> None:
    han = sorted(char for char in chars if HAN_RE.match(char))
    for char, kind in zip(han, _scripts(han)):
        if kind == "zh-Hant":
            _TRADITIONAL.add(char)
        elif kind == "zh-Hans":
            _SIMPLIFIED.add(char)
    _SEEN.update(chars)


def _scripts(chars: list[str]) -> list[Script | None]:
    """``_char_script`` of each character, with one call of OpenCC's t2s for them all, a
    character a line: lines convert as each would alone (see ``_t2s_lines``); what s2t
    changes is a kept table (``_s2t_changes``). Should that call not stand for them (lone
    surrogates, a line lost), each is asked alone."""
    if len(chars) < 2:
        return [_char_script(char) for char in chars]
    try:
        to_s = _converter("t2s").convert("\n".join(chars)).split("\n")
    except UnicodeEncodeError:
        return [_char_script(char) for char in chars]
    if len(to_s) != len(chars):
        return [_char_script(char) for char in chars]
    changes = _s2t_changes()
    return [_kind(s != char, char in changes) for char, s in zip(chars, to_s)]


@cache
def _char_script(char: str) -> Script | None:
    return _kind(_converter("t2s").convert(char) != char, char in _s2t_changes())


def _kind(to_simplified: bool, to_traditional: bool) -> Script | None:
    if to_simplified == to_traditional:
        return None
    return "zh-Hant" if to_simplified else "zh-Hans"


@cache
def _s2t_changes() -> frozenset[str]:
    """The Han characters OpenCC's s2t changes (each converted alone), kept in the
    temporary folder (common.tablecache), keyed by OpenCC's version and its dictionary
    files: building the s2t converter reads a 1 MB phrase dictionary, used here only a
    character at a time, and was most of a worker's OpenCC start (300 million
    instructions; the table: a few thousand)."""
    import opencc

    from policykg.common import tablecache

    # where OpenCC found its configs (the attribute of opencc's own OpenCC class, some versions)
    folder = os.path.dirname(getattr(_converter("t2s"), "config", ""))
    try:
        files = [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        key = str(getattr(opencc, "__version__", "")).encode() + b"\n" + tablecache.file_key(*files)
    except OSError:  # not known or not found: made, not kept
        return _s2t_changed()
    return tablecache.kept(tablecache.path("s2t", key, _s2t_changed), frozenset, _s2t_changed)


def _s2t_changed() -> frozenset[str]:
    """The characters of HAN_RE (U+2E80 on) s2t changes, converted as the lines of one
    text (a phrase never spans a line break: _t2s_lines), or one by one should the lines
    not come back one a character."""
    chars = [c for c in map(chr, range(0x2E80, 0x40000)) if HAN_RE.match(c)]
    s2t = _converter("s2t")
    converted = s2t.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [s2t.convert(c) for c in chars]
    return frozenset(c for c, t in zip(chars, converted, strict=True) if t != c)

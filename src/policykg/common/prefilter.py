"""A cheap test a text must pass for a pattern of a data file to match in it.

Patterns that users write into data files (junk lines, front matter) are searched in
every line of every document, and most lines match none. The regex engine tries a
pattern without a literal start at every offset (under IGNORECASE, a cased letter at the
start is enough to lose that), hundreds of instructions a character. ``needs`` reads the
parsed pattern for strings one of which every match must hold (版权所有 or c or C or a
or A or 备案号 or 备 for ``版权所有|copyright|all rights reserved|备案号|ICP备``), and for a
pattern anchored at the start, the characters a match can begin with: a C-level look-up
says at once that a document, or a line, lacks them. Anything the reading does not know
(a category other than ``\\s``, a negated class, inline flags) gives no test for that
element, never a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from re import _constants as C
from re import _parser

# The characters besides a letter's two ASCII cases that match it under IGNORECASE
# (sre's case folding; tests/common/test_prefilter.py checks every code point).
_FOLDED_EXTRA = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
_MAX_RANGE = 64  # a class range wider than this gives no test (too many characters)
# What \s matches in a str pattern (the test checks every code point); under re.ASCII, fewer
_WHITESPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
                        "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


@dataclass(frozen=True)
class Needs:
    """What a text must hold for a pattern to match in it: one of ``strings``; at its
    first offset when ``at_start`` (each string is then one character)."""
    strings: frozenset[str]
    at_start: bool
    # whether a text holds one of the strings (anywhere): a C-level search for each of a
    # few, else one scan for them all
    held_in: Callable[[str], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "held_in", _finder(self.strings))


def _finder(strings: frozenset[str]) -> Callable[[str], bool]:
    if len(strings) == 1:
        (only,) = strings
        return lambda text: only in text
    if len(strings) <= _FEW:
        few = tuple(sorted(strings))
        return lambda text: any(s in text for s in few)
    search = re.compile("|".join(map(re.escape, sorted(strings, key=lambda s: (-len(s), s))))).search
    return lambda text: search(text) is not None


_FEW = 3


def needs(pattern: re.Pattern[str]) -> Needs | None:
    """What ``pattern.search(text)`` needs to find a match, or None when the pattern
    offers no test."""
    if not isinstance(pattern.pattern, str):
        return None
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    if items and items[0] == (C.AT, C.AT_BEGINNING) and not pattern.flags & re.MULTILINE:
        first = _first(items[1:], ignorecase)
        if first is not None and first[0] and not first[1]:
            return Needs(frozenset(first[0]), True)
    strings = _required(items, ignorecase)
    return Needs(frozenset(strings), False) if strings else None


def _letters(char: str, ignorecase: bool) -> set[str] | None:
    """The characters a literal matches, None when they are not known."""
    if not ignorecase or char.lower() == char == char.upper():  # uncased: only itself
        return {char}
    if char.isascii():
        low = char.lower()
        return {low, char.upper(), *_FOLDED_EXTRA.get(low, "")}
    return None


def _class(items: list, ignorecase: bool) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars = _letters(chr(av), ignorecase)
        elif op is C.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars = set()
            for code in range(av[0], av[1] + 1):
                more = _letters(chr(code), ignorecase)
                if more is None:
                    return None
                chars |= more
        elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
            chars = set(_WHITESPACE)
        else:  # NEGATE, another category, a wide range
            return None
        if chars is None:
            return None
        out |= chars
    return out


def _first(items: list, ignorecase: bool) -> tuple[set[str], bool] | None:
    """The characters a match of the sequence can begin with, and whether it can be
    empty; None when not known."""
    out: set[str] = set()
    for op, av in items:
        got = _first_of(op, av, ignorecase)
        if got is None:
            return None
        out |= got[0]
        if not got[1]:
            return out, False
    return out, True


def _first_of(op, av, ignorecase: bool) -> tuple[set[str], bool] | None:
    if op is C.LITERAL:
        chars = _letters(chr(av), ignorecase)
        return None if chars is None else (chars, False)
    if op is C.IN:
        chars = _class(av, ignorecase)
        return None if chars is None else (chars, False)
    if op is C.SUBPATTERN:
        return None if av[1] or av[2] else _first(list(av[3]), ignorecase)
    if op is C.BRANCH:
        out, empty = set(), False
        for branch in av[1]:
            got = _first(list(branch), ignorecase)
            if got is None:
                return None
            out |= got[0]
            empty = empty or got[1]
        return out, empty
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        got = _first(list(av[2]), ignorecase)
        return None if got is None else (got[0], got[1] or av[0] == 0)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width: a match goes on past it
        return set(), True
    return None


def _required(items: list, ignorecase: bool) -> set[str] | None:
    """Strings one of which every match of the sequence holds (of the elements, and the
    runs of literals, that ask for some, the one a line holds least often), None when no
    element is known to ask for any."""
    best: set[str] | None = None
    run: set[str] = set()  # the spellings of the run of literals up to here

    def consider(got: set[str] | None) -> None:
        nonlocal best
        if got and (best is None or _commonness(got) < _commonness(best)):
            best = got

    for op, av in items:
        chars = _letters(chr(av), ignorecase) if op is C.LITERAL else None
        if chars is not None:
            if run and len(run) * len(chars) <= _MAX_SPELLINGS:
                run = {r + c for r in run for c in chars}
                continue
            consider(run)
            run = chars
            continue
        consider(run)
        run = set()
        consider(_required_of(op, av, ignorecase))
    consider(run)
    return best


_MAX_SPELLINGS = 16  # a run of cased letters is cut where it would have more spellings


def _commonness(strings: set[str]) -> float:
    # ASCII digits, spaces and punctuation (normalised text's commas and brackets) are in
    # most lines, a letter or a Han character in fewer, two characters together in fewer
    return sum((8 if s[0].isascii() and not s[0].isalpha() else 1) / 4 ** (len(s) - 1)
               for s in strings)


def _required_of(op, av, ignorecase: bool) -> set[str] | None:
    if op in (C.LITERAL, C.IN):
        got = _first_of(op, av, ignorecase)
        return None if got is None else got[0]
    if op is C.SUBPATTERN:
        return None if av[1] or av[2] else _required(list(av[3]), ignorecase)
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _required(list(branch), ignorecase)
            if not got:
                return None
            out |= got
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
        return _required(list(av[2]), ignorecase)
    return None

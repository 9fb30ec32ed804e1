"""Separators outside quotation marks: a list member or clause of the prose reader never
ends inside “…”, 「…」 or 『…』 (the straight " opens and closes nothing)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policykg.common.charclass import one_of

_OPEN_QUOTE, _CLOSE_QUOTE = "“「『\"", "”」』\""


def quoted(text: str) -> bool:
    return any(q in text for q in _OPEN_QUOTE)


def top_level(text: str, a: int, b: int, seps: str) -> list[int]:
    """Positions of separators outside quotes."""
    return list(outside_quotes(text, a, b, seps))


def first_outside(text: str, a: int, b: int, seps: str, default: int) -> int:
    """``next(outside_quotes(text, a, b, seps), default)``, with no generator when the
    text holds no quotation."""
    if not _QUOTE.search(text, a, b):
        m = one_of(seps).search(text, a, b)
        return m.start() if m else default
    return next(outside_quotes(text, a, b, seps), default)


def outside_quotes(text: str, a: int, b: int, seps: str) -> Iterator[int]:
    if not _QUOTE.search(text, a, b):  # no quotation: every separator is outside one
        yield from (m.start() for m in one_of(seps).finditer(text, a, b))
        return
    depth = 0
    # only quotation marks and separators change anything: the others are not looked at
    for m in one_of(_OPEN_QUOTE + _CLOSE_QUOTE + seps).finditer(text, a, b):
        j = m.start()
        ch = text[j]
        if ch in _OPEN_QUOTE and ch != '"':
            depth += 1
        elif ch in _CLOSE_QUOTE and ch != '"':
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            yield j


_QUOTE = re.compile(f"[{re.escape((_OPEN_QUOTE + _CLOSE_QUOTE).replace(chr(34), ''))}]")  # " opens and closes nothing

"""Lexicons are data: plain UTF-8 files a user can extend, in the ``data/`` folder of the
stage that reads them (``policykg/outline/data``, ``policykg/cues/data`` …).

Format: one entry per line, ``#`` starts a comment, blank lines ignored; tab-separated
columns where a file has several. Entries are written in simplified characters and
matched against the normalised (simplified, half-width) text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(package: str, name: str) -> list[str]:
    raw = resources.files(package).joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


@cache
def words(package: str, name: str) -> tuple[str, ...]:
    """A one-column lexicon of ``package``'s data folder, in file order."""
    return tuple(line.strip() for line in _lines(package, name))


@cache
def table(package: str, name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated lexicon of ``package``'s data folder: one tuple of columns per line."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _lines(package, name))

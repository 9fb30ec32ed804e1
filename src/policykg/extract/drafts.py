"""Nodes in the making: what the extraction rules produce before ids are given and
repeats merged (policykg.extract.items finishes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.models import NodeType

STRIP = " \t\n,，、:：;；。.!?！？*_#`"


@dataclass
class Draft:
    """A node before ids are given and duplicates merged."""

    type: NodeType
    start: int
    end: int
    text_start: int
    text_end: int
    rule: str
    cue: str
    report: int
    entry: int | None = None  # outline entry id
    parent_entry: int | None = None
    parent_key: str | None = None  # for parents that are not entries (central problem)
    section: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""  # identity within the document


def clean(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in STRIP:
        s += 1
    while e > s and norm[e - 1] in STRIP:
        e -= 1
    return s, e


def find_all(text: str, word: str) -> list[int]:
    """Where ``word`` (not empty) stands in ``text``, left to right, without overlaps: the
    starts of ``re.finditer(re.escape(word), text)``, with no pattern compiled per word."""
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + len(word))
    return out

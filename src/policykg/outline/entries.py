"""What the outline stage gives the extract stage: the ``Outline`` of a document (its
``Entry``s: section headings and items, in document order, and its lines) and the look-ups
on it (children, free lines, sections, where each report's text lies)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

from policykg.models import Role
from policykg.outline.lines import Line


@dataclass(frozen=True)
class Entry:
    """A section heading or an item of the outline."""

    id: int
    kind: str  # "section" or "item"
    how: str  # marked | inline | bare | colon | para | intro
    style: str
    marker: str
    rank: float
    start: int  # where the entry starts (its marker) in the text
    head_start: int  # the naming clause
    head_end: int
    end: int  # end of the entry's full text, children included
    parent: int | None
    role: Role | None  # sections: their role; items: a role the item names itself (X:…)
    report: int = 0
    subject: tuple[int, int] | None = None  # a section heading naming one problem (X的表现)


@dataclass(frozen=True)
class Outline:
    entries: tuple[Entry, ...]
    lines: tuple[Line, ...]
    reports: int

    @property
    def junk(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.junk)

    def children(self, entry_id: int | None) -> list[Entry]:
        return list(self._children.get(entry_id, ()))

    @cached_property
    def _children(self) -> dict[int | None, list[Entry]]:
        """Entries by parent, in outline order (indexed once, not scanned per call)."""
        out: dict[int | None, list[Entry]] = {}
        for e in self.entries:
            out.setdefault(e.parent, []).append(e)
        return out

    @cached_property
    def free_lines(self) -> list[tuple[int, int]]:
        """Lines outside every item: preambles, intros, background."""
        covered = sorted((e.start, e.end) for e in self.entries if e.kind == "item")
        out, k, reach = [], 0, -1  # reach: the furthest end of items starting at or before
        for ln in self.lines:
            while k < len(covered) and covered[k][0] <= ln.start:
                reach = max(reach, covered[k][1])
                k += 1
            if not ln.junk and reach < ln.end:
                out.append((ln.start, ln.end))
        return out

    @cached_property
    def starts(self) -> list[int]:
        return [e.start for e in self.entries]

    @cached_property
    def _report_starts(self) -> tuple[list[int], list[int]] | None:
        """The reports in order and where each one's first entry starts; None when the
        entries do not run through the reports in order."""
        reports, starts = [], []
        for e in self.entries:
            if not reports or e.report != reports[-1]:
                if reports and e.report < reports[-1]:
                    return None
                reports.append(e.report)
                starts.append(e.start)
        return reports, starts

    def report_span(self, report: int) -> tuple[int, int | None]:
        """The text of ``report``: the positions whose last entry at or before them is of
        this report (``None``: to the end of the text); the whole text when the entries
        do not say."""
        found = self._report_starts
        if found is None or report not in found[0]:
            return 0, None
        reports, starts = found
        k = bisect.bisect_left(reports, report)
        return (0 if k == 0 else starts[k]), (starts[k + 1] if k + 1 < len(starts) else None)

    @cached_property
    def by_id(self) -> dict[int, Entry]:
        return {e.id: e for e in self.entries}

    def section_of(self, entry: Entry) -> Entry | None:
        by_id = self.by_id
        p = entry.parent
        while p is not None:
            if by_id[p].kind == "section":
                return by_id[p]
            p = by_id[p].parent
        return None

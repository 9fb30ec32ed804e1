"""Role-free facts about a document's marked lines, read before any role is decided: the
rank each marker style takes in this document, and which marked lines have items under
them (a heading with sub-items groups them; one without is an item itself)."""

from __future__ import annotations

from policykg.outline.markers import Marker

TIE_STEP = 0.01  # styles sharing a canonical rank: later ones rank just below earlier ones


def document_ranks(marks: dict[int, Marker | None], order: list[int]) -> dict[int, Marker | None]:
    """Markers re-ranked for this document. Two styles of the same canonical rank (1.1 and
    1., (一) and 第一,) nest in the order the document first uses them: 1. after 1.1
    numbers the sub-items of 1.1, not its siblings."""
    first: dict[str, int] = {}
    canon: dict[str, float] = {}
    for s in order:
        mk = marks.get(s)
        if mk is not None and mk.style not in first:
            first[mk.style] = len(first)
            canon[mk.style] = mk.rank
    offset: dict[str, float] = {}
    for style in sorted(first, key=first.get):
        same = [t for t in offset if canon[t] == canon[style]]
        offset[style] = TIE_STEP * len(same)
    return {s: (_reranked(mk, offset[mk.style]) if mk is not None else None)
            for s, mk in marks.items()}


def _reranked(mk: Marker, offset: float) -> Marker:
    """``replace(mk, rank=mk.rank + offset)``, built directly (replace walks the fields)."""
    return Marker(mk.style, mk.rank + offset, mk.ordinal, mk.start, mk.end, mk.text)


def with_children(marks: dict[int, Marker | None], order: list[int]) -> frozenset[int]:
    """Line starts of marked lines followed by a marked line of lower rank before the next
    one of the same or a higher rank."""
    marked = [s for s in order if marks.get(s) is not None]
    out = set()
    for a, b in zip(marked, marked[1:]):
        if marks[b].rank > marks[a].rank:
            out.add(a)
    return frozenset(out)


def sibling_runs(marks: dict[int, Marker | None], order: list[int]) -> dict[int, int]:
    """Line start → its sibling run: marked lines of one style under the same heading,
    (一)(二)(三) with only deeper lines between them. Runs are numbered by first line."""
    out: dict[int, int] = {}
    open_runs: list[tuple[float, str, int]] = []  # (rank, style, run id), outermost first
    for s in order:
        mk = marks.get(s)
        if mk is None:
            continue
        while open_runs and open_runs[-1][0] > mk.rank:
            open_runs.pop()
        if open_runs and open_runs[-1][0] == mk.rank and open_runs[-1][1] == mk.style:
            out[s] = open_runs[-1][2]
            continue
        if open_runs and open_runs[-1][0] == mk.rank:
            open_runs.pop()
        open_runs.append((mk.rank, mk.style, s))
        out[s] = s
    return out

"""The central problem: the one problem a whole text is about ("X问题的原因与对策").

It is tied to every top-level item of a cause or countermeasure list only when the text
says so: the list's intro or outro names X beside a cue ("针对X问题", "X问题的根源",
"凡此种种都导致X"), or the sentence that first names X, before any item, names X's 原因
and 对策/建议 together. Texts with several problems get no blanket edges.
"""

from __future__ import annotations

import re
from functools import cache
from math import log

from policykg.link import numbers, signals
from policykg.link.evidence import Context, Evidence
from policykg.cues import heading
from policykg.models import EdgeType, Node, NodeType, Role, Span

CLOSING_REACH = 2000  # characters after a report's last item where its closing sentence may stand


def central_edges(ctx: Context, central: Node, score: float) -> dict:
    """Blanket edges from the central problem to each top-level item of a cause or
    countermeasure list whose intro or outro (or the text's opening sentence) says so."""
    out: dict = {}
    opening = _opening_sentence(ctx, central)
    for etype, ttype, kind in ((EdgeType.CAUSED_BY, NodeType.CAUSE, "intro-cause"),
                               (EdgeType.ADDRESSED_BY, NodeType.COUNTERMEASURE, "intro-remedy")):
        for run in _top_level_runs(ctx, ttype, central):
            said = _says(ctx, _intro(ctx, run), central, kind) or \
                _says(ctx, _outro(ctx, run), central, "intro-cause" if kind == "intro-cause" else "-")
            if said is None and opening is not None and all(
                    _says(ctx, opening, central, k) for k in ("intro-cause", "intro-remedy")):
                said = _says(ctx, opening, central, kind)
            if said is None:
                continue
            cue, mention = said
            for t in run:
                ev = Evidence()
                ev.add("central", -log(1.0 - score), f"{cue}…{ctx.doc.norm[central.start:central.end]}", mention, (t.start, t.end))
                out[(central.id, t.id, etype)] = ev
    return out


_SEVERAL = re.compile(r"[两二三四五六七八九十几多数诸][个大点类项种条重方]|以下|如下")
SOLE_LIST = 2  # a list: one cause or measure beside one problem is not yet a layout


def sole_problem(ctx: Context) -> Node | None:
    """The report's only top-level problem, when it has no problem list of its own (its
    sub-problems aside): the problem the whole report is about. Not a sentence announcing
    several (面临三方面堵点: the list it announces is the problems), nor a heading about
    causes or measures (困境之成因)."""
    top = [n for n in ctx.items if n.type == NodeType.PROBLEM and n.parent is None]
    if len(top) != 1:
        return None
    label = ctx.doc.norm[top[0].start:top[0].end]
    if _SEVERAL.search(label) or heading.classify(label).role in (Role.CAUSE, Role.COUNTERMEASURE):
        return None
    return top[0]


def sole_edges(ctx: Context, problem: Node, score: float) -> dict:
    """A report about one problem: each top-level cause is a cause of it, each top-level
    countermeasure answers it (a reader needs no cue to see it)."""
    out: dict = {}
    listed = [t for t in ctx.items if t.parent in (None, problem.id) and t.start > problem.start]
    for t in listed:
        etype = {NodeType.CAUSE: EdgeType.CAUSED_BY,
                 NodeType.COUNTERMEASURE: EdgeType.ADDRESSED_BY}.get(t.type)
        if etype is None or sum(o.type == t.type for o in listed) < SOLE_LIST:
            continue
        ev = Evidence()
        ev.add("sole", -log(1.0 - score), ctx.doc.norm[problem.start:problem.end], (problem.start, problem.end), (t.start, t.end))
        out[(problem.id, t.id, etype)] = ev
    return out


def section_blocks(ctx: Context) -> list[tuple[Node, list[Node]]]:
    """Problems written as section headings, each followed by its own lists of causes or
    countermeasures before the next problem (一、进度延误 / 1. 原因 / 2. 对策 / 二、成本超支 …):
    each block belongs to the heading above it (a problem first named in a title is placed
    at its heading mention). Only when the next problem heading closes the block, or two or
    more problems have one: a problem list followed by one cause list is no such layout."""
    norm = ctx.doc.norm
    placed = sorted(((_heading_at(norm, n) if n.type == NodeType.PROBLEM else n.start, n.start, n.id), n)
                    for n in ctx.items if n.parent is None)
    top = [n for _, n in placed]
    heads = {n.id: key[0] for key, n in placed}
    blocks: list[tuple[Node, list[Node], bool]] = []
    for i, n in enumerate(top):
        if n.type != NodeType.PROBLEM or not _heading_line(norm, heads[n.id]):
            continue
        block, closed = [], False
        for t in top[i + 1:]:
            if t.type == NodeType.PROBLEM:
                closed = _heading_line(norm, heads[t.id])
                break
            block.append(t)
        listed = [t for t in block if not t.rule.startswith(_IN_BODY)]  # 因A,加以B in its body lists nothing
        if any(sum(t.type == k for t in listed) >= SOLE_LIST for k in (NodeType.CAUSE, NodeType.COUNTERMEASURE)):
            blocks.append((n, block, closed))
    # a block closed by the next problem's heading is a section; the last one only beside others
    return [(n, b) for n, b, closed in blocks if closed or len(blocks) >= 2]


_IN_BODY = ("stated-cause", "explicit-cause")  # causes a problem's own body states


def _heading_at(norm: str, n: Node) -> int:
    """The first mention of the item that is a heading line, else where it is named."""
    return next((s for s, _ in sorted(n.spans) if _heading_line(norm, s)), n.start)


def _heading_line(norm: str, at: int) -> bool:
    """A mention opening its line, the line a heading (no sentence ends in it)."""
    if not numbers.starts_line(norm, at):
        return False
    end = norm.find("\n", at)
    line = norm[at:len(norm) if end < 0 else end].rstrip("。 ")
    return not any(c in line for c in "。;；!?！？")


def block_edges(ctx: Context, score: float) -> dict:
    """Edges from each section-heading problem to the causes and measures of its section."""
    out: dict = {}
    for problem, block in section_blocks(ctx):
        for t in block:
            etype = {NodeType.CAUSE: EdgeType.CAUSED_BY,
                     NodeType.COUNTERMEASURE: EdgeType.ADDRESSED_BY}.get(t.type)
            if etype is None:
                continue
            ev = Evidence()
            ev.add("section", -log(1.0 - score), ctx.doc.norm[problem.start:problem.end], (problem.start, problem.end), (t.start, t.end))
            out[(problem.id, t.id, etype)] = ev
    return out


def parallel_lists(ctx: Context) -> list[tuple[Node, Node]]:
    """(problem, cause) pairs of the same number in two lists of equal length, the cause
    list introduced as the causes of "these problems" (这些问题的存在有以下原因: (一)…(二)…):
    the text answers its problems one by one, in order."""
    norm = ctx.doc.norm
    runs = _runs(ctx)
    out = []
    for before, run in zip(runs, runs[1:]):
        if before[0].type != NodeType.PROBLEM or run[0].type != NodeType.CAUSE or len(before) != len(run) < 2:
            continue
        # the lines between the last problem's own line and the first cause (whose text
        # may have run over them)
        floor = norm.find("\n", before[-1].end)
        line_start = norm.rfind("\n", 0, run[0].start) + 1
        if not (0 <= floor < run[0].start and signals.collective(norm, (floor, max(line_start, run[0].start)))
                or _explains_all(norm, before[-1].end, run[0].start)):
            continue
        ordinals = [[numbers.ordinal(norm, n.start) for n in r] for r in (before, run)]
        if ordinals[0] == ordinals[1] == list(range(1, len(run) + 1)):
            out.extend(zip(before, run))
    return out


def _explains_all(norm: str, end: int, first: int) -> bool:
    """In one paragraph, the sentence after the last problem opens with 究其原因 (or the like)
    right before the first cause: the causes of those problems, in order."""
    stop = max(norm.rfind(c, end, first) for c in "。!?！？")
    if stop < 0 or "\n" in norm[end:first]:
        return False
    lead = norm[stop + 1:first].strip(" ,，:：")
    return any(lead.startswith(c) and len(lead) - len(c) <= 4
               for c in signals.reference_cues().get("explain-all", ()))


def _runs(ctx: Context) -> list[list[Node]]:
    """Consecutive top-level items of one type."""
    runs: list[list[Node]] = []
    for n in ctx.items:
        if n.parent is not None:
            continue
        if runs and runs[-1][0].type == n.type:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def closures(ctx: Context) -> list[tuple[Node, Node, Span, Span]]:
    """(problem, cause, cue span, problem mention) for each cause a closing sentence gathers
    (凡此种种，都导致X / A、B、C等因素，使得X): the causes listed inside the sentence before
    its cue, else the run of causes just above it; X is the problem (or cause) the words
    after the effect cue name."""
    norm = ctx.doc.norm
    cues = signals.reference_cues()
    out = []
    lo = min((n.start for n in ctx.items), default=0)
    hi = max((max(n.end, n.text_end) for n in ctx.items), default=0)
    # with the line after the last item (the closing sentence), never more than CLOSING_REACH
    # characters: a text without line breaks must not be read to its end once per report
    nl = norm.find("\n", hi + 1, hi + 1 + CLOSING_REACH)
    hi = min(len(norm), hi + 1 + CLOSING_REACH) if nl < 0 else nl
    for start, end in _sentences(norm, lo, hi):
        text = norm[start:end]
        at = _find_first(text, cues.get("closure", ()))
        if at < 0:
            continue
        eff = _find_first(text, cues.get("effect", ()), at)
        if eff < 0:
            continue
        named = _named_after(ctx, start + eff, end)
        if named is None:
            continue
        listed = [n for n in ctx.items if n.type == NodeType.CAUSE and start <= n.start < start + at]
        if not listed:
            listed = _run_above(ctx, start)
        if len(listed) < SOLE_LIST:
            continue
        out.extend((named[0], c, (start + at, start + eff), named[1]) for c in listed if c.id != named[0].id)
    return out


def _sentences(norm: str, lo: int, hi: int) -> list[Span]:
    """The sentences of norm[lo:hi], each up to its end character (left out)."""
    hi = min(hi, len(norm))
    out, at = [], lo
    for m in _SENTENCE_STOP.finditer(norm, lo, hi):
        out.append((at, m.start()))
        at = m.start() + 1
    if at < hi:
        out.append((at, hi))
    return out


_SENTENCE_STOP = re.compile("[。！？；!?;\n]")


@cache
def _first_of(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """A search for the earliest of the cues (the least of their ``find``s): the leftmost
    match of their alternation."""
    return re.compile("|".join(map(re.escape, cues))) if cues else None


def _find_first(text: str, cues: tuple[str, ...], at: int = 0) -> int:
    """min(text.find(c, at) for the cues that are there), -1 when none is."""
    pat = _first_of(cues)
    m = pat.search(text, at) if pat is not None and at <= len(text) else None
    return m.start() if m else -1


def _named_after(ctx: Context, at: int, end: int) -> tuple[Node, Span] | None:
    """The problem (or cause) whose label the words from ``at`` to ``end`` write out."""
    norm = ctx.doc.norm
    for n in ctx.items:
        if n.type == NodeType.COUNTERMEASURE or n.end - n.start < 2:
            continue
        i = norm.find(norm[n.start:n.end], at, end)
        if i >= 0:
            return n, (i, i + n.end - n.start)
    return None


def _run_above(ctx: Context, at: int) -> list[Node]:
    """The causes of one list whose labels come last before ``at``."""
    before = [n for n in ctx.items if n.start < at]
    run: list[Node] = []
    for n in reversed(before):
        if n.type != NodeType.CAUSE or (run and n.parent != run[-1].parent):
            break
        run.append(n)
    return run[::-1]


def _top_level_runs(ctx: Context, ttype: NodeType, central: Node) -> list[list[Node]]:
    """Consecutive top-level items of one type, split where another top-level item sits."""
    runs: list[list[Node]] = []
    last_type = None
    for n in ctx.items:
        if n.parent not in (None, central.id) or n.id == central.id:
            continue
        if n.type == ttype:
            if last_type != ttype:
                runs.append([])
            runs[-1].append(n)
        last_type = n.type
    return runs


def _lines_before(norm: str, at: int, floor: int, count: int = 2) -> Span:
    """The last ``count`` non-empty lines before ``at`` (not before ``floor``)."""
    start, seen = at, 0
    while start > floor and seen < count:
        prev = norm.rfind("\n", floor, start - 1)
        prev = floor if prev < 0 else prev + 1
        if norm[prev:start].strip():
            seen += 1
        start = prev
    return (max(start, floor), at)


def _intro(ctx: Context, run: list[Node]) -> Span:
    first = run[0]
    floor = max([n.text_end for n in ctx.items if n.text_end <= first.start] + [0])
    line_start = ctx.doc.norm.rfind("\n", 0, first.start) + 1
    # with the words before the first item on its own line (……主要有以下三方面原因。首先，X)
    return (_lines_before(ctx.doc.norm, line_start, floor)[0], max(line_start, first.start))


def _outro(ctx: Context, run: list[Node]) -> Span:
    end = max(max(n.text_end, n.end) for n in run)
    later = [n.start for n in ctx.items if n.start >= end]
    stop = min(later + [len(ctx.doc.norm)])
    nl = ctx.doc.norm.find("\n", end + 1, stop)
    return (end, stop if nl < 0 else nl)


def _opening_sentence(ctx: Context, central: Node) -> Span | None:
    """The sentence naming the central problem, when it comes before every item."""
    norm = ctx.doc.norm
    first_item = min((n.start for n in ctx.items if n.id != central.id), default=len(norm))
    if central.start >= first_item:
        return None
    start = max(norm.rfind(c, 0, central.start) for c in "。!?！？\n") + 1
    ends = [i for i in (norm.find(c, central.end) for c in "。!?！？\n") if i >= 0]
    end = min(ends + [len(norm)])
    return (start, end) if end <= first_item else None


def _says(ctx: Context, span: Span, central: Node, kind: str) -> tuple[str, Span] | None:
    """(cue, where the central problem is named) when the span names it beside a cue."""
    norm = ctx.doc.norm
    text = norm[span[0]:span[1]]
    cue = next((c for c in signals.reference_cues().get(kind, ()) if c in text), None)
    if cue is None:
        return None
    label = norm[central.start:central.end]
    at = text.find(label)
    if at >= 0:
        return cue, (span[0] + at, span[0] + at + len(label))
    words = list(ctx.profiles[central.id].label)
    if words and all(w in text for w in words):
        at = text.find(words[0])
        return cue, (span[0] + at, span[0] + at + len(words[0]))
    # "针对上述问题": in a text about one problem, the problems above are that problem
    m = signals.collective_match(norm, span)
    return (cue, m) if m is not None else None


# (一)关于X问题。一是…;二是…: a rectification report groups its measures by the problem they answer
_TOPIC_HEAD = re.compile(r"[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]?\s*(?:关于|对于|针对)"
                         r"(?P<x>[^,，。;；:：\n]{2,16}?)(?:的)?(?:问题|方面)[。:：,，]?")


def topic_edges(ctx: Context, score: float) -> dict:
    """Each countermeasure on the line of a topic sub-heading (关于X问题) answers the one
    top-level problem, stated elsewhere, whose label writes X out."""
    norm = ctx.doc.norm
    problems = [n for n in ctx.items if n.type == NodeType.PROBLEM and n.parent is None]
    out: dict = {}
    for t in ctx.items:
        if t.type != NodeType.COUNTERMEASURE:
            continue
        line = norm.rfind("\n", 0, t.start) + 1
        m = _TOPIC_HEAD.match(norm, line, t.end)
        if m is None:
            continue
        x = m.group("x")
        # not where the heading is the problem itself (a report laid out problem by problem:
        # its measures answer the parts the heading's own line names)
        named = [p for p in problems if x in norm[p.start:p.end] and norm.rfind("\n", 0, p.start) + 1 != line]
        if len(named) != 1:
            continue
        p = named[0]
        ev = Evidence()
        ev.add("topic", -log(1.0 - score), m.group(0).strip(), (m.start("x"), m.end("x")), (t.start, t.end))
        out[(p.id, t.id, EdgeType.ADDRESSED_BY)] = ev
    return out


"""What the prose reader (policykg.extract.prose) reads, and its findings set against what
other rules found: free lines with hard-wrapped sentences joined, the bodies of items it
reads (untyped items, a commentary's topic lines) and those that elaborate a typed item;
spans items already give, lists that only summarise the enumerated body, a problem the
intro states that is the central one a heading names; and where else the text mentions a
problem a lead or a closing sentence names."""

from __future__ import annotations

import bisect
import re

from policykg.extract.drafts import Draft, find_all
from policykg.models import NodeType
from policykg.outline.structure import Outline


def item_bodies(outline: Outline, typed: set[int]) -> list[tuple[int, int]]:
    """The text after the naming clause, up to the first sub-item, of each item no rule
    could type (a prose paragraph the outline took for an item); typed items' bodies are
    their own elaboration (read by policykg.stated)."""
    first_child: dict[int, int] = {}
    for e in outline.entries:
        if e.parent is not None:
            first_child[e.parent] = min(first_child.get(e.parent, e.start), e.start)
    out = []
    for e in outline.entries:
        if e.kind != "item" or e.id in typed:
            continue
        end = first_child.get(e.id, e.end)
        if end - e.head_end > 4:
            out.append((e.head_end, end))
    return out


def first_items(known: list[Draft]) -> dict[tuple[int, NodeType], int]:
    """Where each report's first item of each type starts."""
    first: dict[tuple[int, NodeType], int] = {}
    for k in known:
        if k.entry is not None:
            first[(k.report, k.type)] = min(first.get((k.report, k.type), k.start), k.start)
    return first


def summary(d: Draft, first: dict[tuple[int, NodeType], int]) -> bool:
    """A list in an abstract or lead before the enumerated body only summarises it
    (…面临诸多挑战:A、B / 摘要: 存在A、B等问题…) when items of its type follow, as does
    a problem a sentence merely states or names as its topic (X问题日益凸显 / X的原因主要有)
    before the body's problem items."""
    if d.rule.endswith("-list") or d.rule in ("prose-problem", "prose-subject"):
        return d.start < first.get((d.report, d.type), -1)
    return False


def restates_central(norm: str, d: Draft, known: list[Draft]) -> bool:
    """A problem a sentence states (X问题日益凸显) that writes out the central problem a
    heading names (一、X的原因分析), its words in order: one problem, so the sentence
    becomes a mention of the central one (whose edges the text's causes then carry)."""
    if d.type is not NodeType.PROBLEM or d.rule not in ("prose-problem", "prose-subject"):
        return False
    said = norm[d.start:d.end]
    for k in known:
        name = norm[k.start:k.end]
        if k.rule == "central-problem" and k.report == d.report and len(name) >= 4 and \
                _in_order(name, said):
            k.spans = sorted(set(k.spans) | {(k.start, k.end), (d.start, d.end)})
            return True
    return False


def _in_order(name: str, text: str) -> bool:
    """Every character of name appears in text, in order."""
    it = iter(text)
    return all(ch in it for ch in name)


def mentions(norm: str, name: str, at: int | None = None) -> list[tuple[int, int]]:
    """Every place the text names a problem a lead takes as its subject (a title, a hashtag);
    and where the text before the lead first names its head, written without 的 and without
    leading qualifiers (香港学生的学习压力 … 因学生学习压力巨大而备受关注); else where the
    headline names it in short, its first or last four characters or more."""
    if len(name) < 2:
        return []
    out = [(i, i + len(name)) for i in find_all(norm, name)]
    for q in re.finditer(r"“([^“”]{2,12})”|「([^「」]{2,12})」", name):  # 凡此种种,都导致“X”乱象…
        i = norm.find(q.group(0), 0, at)
        if i >= 0:
            return sorted(set(out) | {(i + 1, i + len(q.group(0)) - 1)})
    bare = name.replace("的", "")
    for k in range(len(bare) - 4):  # longest suffix first, at least five characters
        i = norm.find(bare[k:], 0, at)
        if i >= 0:
            return sorted(set(out) | {(i, i + len(bare) - k)})
    title = norm.find("\n")
    title = title if 0 < title <= 60 and (at is None or title <= at) else 0
    for n in range(len(bare) - 1, 3, -1):  # a headline names the topic in short (…,增项乱象该治了)
        for part in (bare[:n], bare[-n:]):
            i = norm.find(part, 0, title)
            if i >= 0:
                return sorted(set(out) | {(i, i + n)})
    return out


class Taken:
    """Spans other rules already gave, per type, for overlap look-ups in log time."""

    def __init__(self, known: list[Draft]) -> None:
        self.spans: dict[NodeType, list[tuple[int, int]]] = {}
        for k in known:
            self.spans.setdefault(k.type, []).append((k.start, k.end))
        self.reach: dict[NodeType, list[int]] = {}  # furthest end among spans starting up to i
        for t, spans in self.spans.items():
            spans.sort()
            far, acc = -1, []
            for _, b in spans:
                far = max(far, b)
                acc.append(far)
            self.reach[t] = acc

    def covers(self, d: Draft) -> bool:
        spans = self.spans.get(d.type, [])
        i = bisect.bisect_left(spans, (d.end, -1)) - 1  # last span starting before d ends
        return i >= 0 and self.reach[d.type][i] > d.start


def unwrapped(norm: str, lines) -> list[tuple[int, int]]:
    """Free lines, a sentence hard-wrapped over two lines (a PDF's text layer) joined: a
    line of running text (a comma in it, twenty characters or more) that stops without
    closing its sentence goes on in the next line."""
    out: list[tuple[int, int]] = []
    for ls, le in lines:
        if out:
            ps, pe = out[-1]
            last = norm[ps:pe].rstrip()
            if norm[pe:ls].strip() == "" and len(last) >= 20 and re.search("[,，]", last) and \
                    last[-1] not in "。！？；!?;:：”」":
                out[-1] = (ps, le)
                continue
        out.append((ls, le))
    return out


def elaborates(d: Draft, bodies: list[tuple[int, int]]) -> bool:
    """A plain A导致B read in the body of a typed item (一是X。A,导致B。) elaborates that
    item, whose own cause and effect it states (policykg.extract.stated reads those)."""
    return d.rule in ("prose-cause", "prose-effect") and any(a <= d.text_start < b for a, b in bodies)


def not_topic_lines(outline: Outline) -> set[int]:
    """Every entry but the unnumbered top-level heading lines of a text with no sections
    (a commentary's sub-headings, 公营屋分配机制存显著断层): the paragraphs under those are
    running prose like the rest of the text, read whether the heading was typed or not.
    Under a section, or numbered, a typed item's body is its own elaboration."""
    if any(e.kind == "section" for e in outline.entries):
        return {e.id for e in outline.entries}
    return {e.id for e in outline.entries if e.how != "bare" or e.parent is not None}


_THESE = re.compile(r"(?:(?:为什么|为何|怎么)[^。!?！？\n]{0,8})?(?:这些|上述|以上|前述)(?:问题|现象|情况|短板|不足)")


def item_tails(outline: Outline) -> list[tuple[int, int]]:
    """The text of each item after its last sub-item (一、… 一是A;二是B。 then a paragraph
    of its own): where a closing paragraph about those sub-items may stand."""
    last_child: dict[int, int] = {}
    for e in outline.entries:
        if e.parent is not None:
            last_child[e.parent] = max(last_child.get(e.parent, e.end), e.end)
    return [(last_child[e.id], e.end) for e in outline.entries
            if e.kind == "item" and e.id in last_child and e.end - last_child[e.id] > 4]


def closing_paragraphs(norm: str, bodies: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph at the end of the last item's body that speaks of the items together
    (这些问题的存在,归根到底是…): it closes the run, it does not elaborate that one item."""
    out = []
    for s, e in bodies:
        for m in re.finditer(r"\n", norm[s:e]):
            if _THESE.match(norm, s + m.end()):
                out.append((s + m.end(), e))
                break
    return out

"""Is a marked heading a section or an item? Facts read once per document before the
outline is built: the marker styles that number sections, the sibling runs whose headings
name items (a run of (一)X不足的问题 without sub-items), and the small tests on one
heading (a framed 关于X的问题, a two-character tag, a stated deficiency)."""

from __future__ import annotations

from policykg.cues import content, heading
from policykg.models import Document
from policykg.outline import markers
from policykg.outline.clauses import CLAUSE_END, SECTION_MAX, head_span, split_colon
from policykg.outline.lines import Line


def section_styles(doc: Document, body: list[Line],
                    marks: dict[int, markers.Marker | None]) -> frozenset[str]:
    """Marker styles that number sections in this document: those with a heading that is
    plainly a section (存在的主要问题, 对策建议). Their headings that merely name a role
    (现况问题, 背景说明) are sections too."""
    out = set()
    for line in body:
        mk = marks[line.start]
        if not mk:
            continue
        hs, he = head_span(doc.norm, line.start + mk.end, line.end, CLAUSE_END)
        head = doc.norm[hs:he]
        if split_colon(head)[1] or len(head) > SECTION_MAX:
            continue
        hr = heading.classify(head)
        if hr.role is not None and hr.strong:
            out.add(mk.style)
    return frozenset(out)


def item_runs(doc: Document, body: list[Line], b) -> frozenset[int]:
    """Sibling runs of headings without sub-items where one heading states a deficiency
    (研究人员不足的问题), or where every heading is an action on something (加强人才培育,
    创新审批制度): its siblings name items too, not sections."""
    members: dict[int, list[str]] = {}
    for line in body:
        mk = b.marks[line.start]
        if mk is None:
            continue
        hs, he = head_span(doc.norm, line.start + mk.end, line.end, CLAUSE_END)
        members.setdefault(b.runs[line.start], []).append(
            "kids" if line.start in b.parents else doc.norm[hs:he])
    return frozenset(run for run, heads in members.items() if "kids" not in heads
                     and (any(states_deficiency(h) for h in heads) or _all_actions(heads)))


def _all_actions(heads: list[str]) -> bool:
    """第一节 科学编制专项规划 / 第二节 创新审批制度: a run of measures, not of divisions."""
    return len(heads) >= 2 and all(acts_on_something(h) for h in heads)


def is_tag(label: str) -> bool:
    """A label of one or two characters that names no role and says nothing (实例, 说明)."""
    label = label.strip()
    return (len(label) <= 2 and heading.classify(label).role is None
            and content.lexical_type(label) is None)


def framed(head: str) -> bool:
    return head.startswith("关于") and head.rstrip("。.:：").endswith("问题")


def states_deficiency(head: str) -> bool:
    """研究人员不足的问题 states a deficiency; 存在的突出问题 only names a section (its
    words are cues and heading filler)."""
    word = content.problem_word(heading.strip_filler(head.replace("问题", "　")))
    return bool(word)


def acts_on_something(head: str) -> bool:
    """补齐基础设施短板 (a verb and its object: an item), not 改进建议 (a verb naming the
    section: its residue is the verb alone)."""
    verb = content.opening_verb(head)
    return bool(verb) and bool(heading.residue(head[head.find(verb) + len(verb):]))

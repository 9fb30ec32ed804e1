"""Role pass: the type of each sibling group of items, weighed from the evidence around
and inside the group rather than read from one cue.

Evidence and its hand-set weights (nothing here is fitted on annotated text):
- heading: the role of the nearest section heading, intro or label line above (3);
- parent: the type of the item the group is nested in (2; 3 through a label line that
  only details the item, 具体表现:);
- content: what the items say themselves, 4 × the share of the group that says it
  (1.5 × for a lone item): deficiency words → Problem (half-weight for Cause too, since
  causes are deficiencies as often), prescriptive verbs and modals (要/必须/需要
  before any verb) → Countermeasure,
  由于/之所以/受…影响/因素/导致 → Cause;
- own: a role an item names itself (原因:…, 问题一、) decides that item alone.
The heaviest type wins, so content can confirm or overrule a heading; each node's cue
says which evidence decided. An item that only groups sub-items (一、在X方面 with no
statement of its own) is no node; its sub-items are typed as if it were not there.
So are items nested in an item no evidence typed (二、突出重点 with nothing above);
under an excluded section (成效, 背景) they stay untyped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.common.memo import short_texts
from policykg.cues import content, heading
from policykg.models import ITEM_TYPE_BY_ROLE, NodeType, Role
from policykg.outline.clauses import lead_in_role
from policykg.outline.markers import find_inline

EXCLUDED_ROLES = (Role.BACKGROUND, Role.ACHIEVEMENT, Role.IMPACT, Role.CONCLUSION)
HEADING, PARENT, DETAILED_PARENT = 3.0, 2.0, 3.0
CONTENT, LONE_CONTENT, CAUSE_SHARE_OF_PROBLEM = 4.0, 1.5, 0.9
_ORDER = (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE)
_CAUSE = re.compile(r"^(?:由于|因为|之所以)|受[^,，。]{1,12}(?:影响|制约)|因素|导致|致使")
_DETAIL = re.compile(r"具体|表现|体现")
# a statement opening with a modal of obligation, whatever verb follows (not 要素…, 应用…)
_MODAL = re.compile(r"(?:应当|应该|必须|需要|务必|要(?![素点件害求闻]))(?=[\u4e00-\u9fff])")
PAIRS = ("pair", "pair-measure")  # 对X问题,Y。 inside a problem item


@dataclass(frozen=True)
class Decision:
    type: NodeType | None
    parent: int | None  # entry id of the item this one is a part of
    why: str  # the evidence that decided


@short_texts()  # a head is weighed again where its group or parent is
def content_type(head: str, marker: str = "") -> tuple[NodeType | None, str]:
    """What an item's own words say it is, and the word that says it."""
    if _exhorts(head):
        return None, ""
    m = _CAUSE.search(head)
    if m:
        return NodeType.CAUSE, m.group(0)
    t = content.lexical_type(head, marker)
    if t is NodeType.COUNTERMEASURE:
        return t, content.opening_verb(head) or marker
    word = content.problem_word(head)
    m = _MODAL.match(head)
    if t is None and m and not word:
        return NodeType.COUNTERMEASURE, m.group(0)  # 要管住新增房屋: a modal prescribes
    if word == "问题" and not head.rstrip(" 。.:：").endswith(word):
        word = content.problem_word(head.replace("问题", "　"))
    if t is NodeType.PROBLEM and word:
        return t, word  # 问题 says so only as the head noun (X的问题), not in 问题的整改情况
    return None, ""


def _exhorts(head: str) -> bool:
    """正视差距,增强紧迫感 / 突出重点,扎实推进X: a speech's heading, a short call to face or
    stress something and then an action; the problem word in it names no problem."""
    first, _, rest = head.partition("，" if "，" in head[:8] else ",")
    if not (rest and 2 <= len(first) <= 6 and content.problem_word(first)):
        return False
    verb = content.opening_verb(first)
    return (not verb or verb in content.AMBIGUOUS_VERBS) and \
        content.lexical_type(rest) is NodeType.COUNTERMEASURE


class RolePass:
    def __init__(self, norm: str, outline) -> None:
        self.norm = norm
        self.outline = outline
        self.by_id = outline.by_id
        self.out: dict[int, Decision] = {}
        self.grouping: set[int] = set()

    def head(self, e) -> str:
        return self.norm[e.head_start:e.head_end]

    def run(self, items: list) -> dict[int, Decision]:
        for group in _groups(items):
            self.decide(group)
        return self.out

    def decide(self, group: list) -> None:
        contents = [content_type(self.head(e), e.marker) for e in group]
        self.mark_grouping(group, contents)
        weights: dict[NodeType, float] = {}
        why: dict[NodeType, tuple[float, str]] = {}

        def add(t: NodeType, w: float, reason: str) -> None:
            weights[t] = weights.get(t, 0.0) + w
            if w > why.get(t, (0.0, ""))[0]:
                why[t] = (w, reason)

        context = self.context(group[0])
        if context == "excluded":
            self.record(group, None, None, "excluded")
            return
        holder_t, holder, ctx_w, ctx_why = context
        if holder is None and holder_t is NodeType.COUNTERMEASURE:
            contents = self.topics_under_measures(group, contents)
        if group[0].how in PAIRS and holder_t is not NodeType.PROBLEM:
            for e in group:  # 针对X的问题,Y in a measure refers back; it adds no nodes
                self.out[e.id] = Decision(None, None, "pair-outside-problem")
            return
        if holder_t is not None:
            add(holder_t, ctx_w, ctx_why)
        elif holder is not None:  # nested in an item that is not typed: neither are these
            self.record(group, None, None, "")
            return
        n = len(group)
        unit = (CONTENT if n >= 2 else LONE_CONTENT) / n
        said = [t for t, _ in contents]
        for (t, word), e in zip(contents, group):
            if t is None or e.id in self.grouping or (holder_t is None and said.count(t) * 2 <= n):
                continue  # with nothing above, content decides only where most items agree
            add(t, unit, f"content:{word}")
            if t is NodeType.PROBLEM:
                add(NodeType.CAUSE, unit * CAUSE_SHARE_OF_PROBLEM, f"content:{word}")
        answered = [e for e in group if self.answered(e)]
        if answered:  # 一、进度延误 over 1. 常见原因 / 2. 解决对策: the problem they answer
            add(NodeType.PROBLEM, CONTENT * len(answered) / n, "answered-below")
            self.grouping.difference_update(e.id for e in answered)
        if holder_t is None:
            lead = self.lead_role(group[0])
            if lead is not None:
                add(lead[0], HEADING, lead[1])
        if not weights and all(e.how == "bare" for e in group):
            self.weigh_bodies(group, add)  # sub-headings between paragraphs: what they head
        if not weights:
            self.record(group, None, None, "")
            return
        best = max(sorted(weights, key=lambda t: (t is not holder_t, _ORDER.index(t))),
                   key=lambda t: weights[t])
        if holder is not None and best is not holder_t and group[0].how != "marked":
            best = holder_t  # content does not detach inline parts (一是…) from their item
        parent = holder.id if holder is not None and best is holder_t else None
        self.record(group, best, parent, why[best][1])

    def topics_under_measures(self, group: list, contents: list) -> list:
        """整改措施 / (一)关于X问题。一是…二是…: under a measures heading, a sub-heading that
        only names the problem a group of measures answers states no problem; with items
        of its own it is a grouping, its items typed by the heading above."""
        out = []
        for (t, word), e in zip(contents, group):
            if t is NodeType.PROBLEM and _TOPIC.match(self.head(e).strip(" 。.:：")):
                t, word = None, ""
                if e.role is None and self.outline.children(e.id):
                    self.grouping.add(e.id)
            out.append((t, word))
        return out

    def context(self, first):
        """(type, holder item, weight, reason) from above the group, or "excluded"."""
        parent = self.by_id.get(first.parent) if first.parent is not None else None
        label = None
        if parent is not None and parent.kind == "section" and parent.how == "label":
            label, parent = parent, self.by_id.get(parent.parent)
        while parent is not None and parent.id in self.grouping:
            parent = self.by_id.get(parent.parent) if parent.parent is not None else None
        if parent is not None and parent.kind == "item":
            decided = self.out.get(parent.id)
            if label is None and decided is not None and decided.type is None and not decided.why:
                return None, None, 0.0, ""  # 二、突出重点 (untyped, nothing above): its items speak
            holder_t = decided.type if decided else None
            label_t = ITEM_TYPE_BY_ROLE.get(label.role) if label is not None and label.role else None
            if label_t is not None and holder_t is not None and label_t is not holder_t \
                    and not _DETAIL.search(self.head(label)):
                return label_t, None, HEADING, f"label:{self.head(label).strip(' :：')}"
            if label is not None:
                return holder_t, parent, DETAILED_PARENT, "parent"
            return holder_t, parent, PARENT, "parent"
        section = self.section_above(label or first)
        if section is None:
            return None, None, 0.0, ""
        if section.role in EXCLUDED_ROLES:
            return "excluded"
        return ITEM_TYPE_BY_ROLE.get(section.role), None, HEADING, \
            f"heading:{self.head(section).strip(' :：')[:16]}"

    def weigh_bodies(self, group: list, add) -> None:
        """Bare sub-headings with nothing above them: the paragraphs each one heads say
        what they are (a problem word in most of them → Problem), at half weight."""
        said = []
        for e in group:
            body = self.norm[e.head_end:e.end]
            word = content.problem_word(body.replace("问题", "　"))
            if word:
                said.append(word)
        if said and len(said) * 2 >= len(group):
            add(NodeType.PROBLEM, CONTENT / 2, f"body:{said[0]}")

    def answered(self, e) -> bool:
        """An item whose sub-sections are causes or countermeasures (its own)."""
        return any(k.kind == "section" and k.role in (Role.CAUSE, Role.COUNTERMEASURE)
                   for k in self.outline.children(e.id))

    def lead_role(self, first) -> tuple[NodeType, str] | None:
        """主要有三大原因:A、B、C。 on the line just before a list: the role it announces."""
        line_start = self.norm.rfind("\n", 0, first.start) + 1
        prev_end = line_start - 1
        while prev_end > 0 and self.norm[prev_end - 1] in " \t\n":
            prev_end -= 1
        prev = self.norm[self.norm.rfind("\n", 0, prev_end) + 1:prev_end]
        colon = max(prev.rfind(":"), prev.rfind("："))
        if colon < 0 or re.search(r"[。!?！？]", prev[colon:-1]) or find_inline(prev[colon + 1:]):
            return None  # …主要有三个方面:一是A;二是B: the line lists its own, not those below
        role = lead_in_role(prev[:colon])
        t = ITEM_TYPE_BY_ROLE.get(role) if role else None
        return (t, f"lead:{prev[max(0, colon - 8):colon]}") if t else None

    def section_above(self, e):
        if e.kind == "section" and e.role not in (None, Role.OTHER):
            return e
        p = e.parent
        while p is not None:
            s = self.by_id[p]
            if s.kind == "section" and s.role not in (None, Role.OTHER):
                return s
            p = s.parent
        return None

    def mark_grouping(self, group: list, contents: list) -> None:
        """Items with marked sub-items and nothing to say themselves, where the whole group
        is like that or the item stands alone (一、在法制局方面 / (一)主观因素)."""
        heads = {e.id for e in group if e.role is None and any(
            k.kind == "item" and k.how == "marked" for k in self.outline.children(e.id))}
        if not heads:  # (most groups: no item with sub-items, nothing to weigh)
            return
        silent = [t is None or _category(self.head(e)) or _addressed(self.head(e))
                  or (len(group) == 1 and len(self.head(e)) <= 4)
                  for (t, _), e in zip(contents, group)]  # a lone 主观因素 over sub-items: a category
        for e, quiet in zip(group, silent):
            if quiet and e.id in heads and (len(group) == 1 or all(silent)):
                self.grouping.add(e.id)

    def record(self, group: list, t: NodeType | None, parent: int | None, why: str) -> None:
        for e in group:
            if e.id in self.grouping:
                self.out[e.id] = Decision(None, None, "grouping")
            elif e.role is not None:
                own = ITEM_TYPE_BY_ROLE.get(e.role)
                self.out[e.id] = Decision(own, parent if own is t else None, "own") if own \
                    else Decision(None, None, "own")
            else:
                self.out[e.id] = Decision(t, parent, why)


def _category(head: str) -> bool:
    """主观因素 / 外部原因: a role noun with at most a two-character qualifier names a
    category of sub-items, it states nothing itself."""
    return heading.classify(head).role is not None and len(heading.residue(head)) <= 2


_SCOPE = re.compile(r"^(?:对于|对|针对|关于|给|在)")
_TOPIC = re.compile(r"^(?:关于|对于|针对)[^,，。;；]{2,20}(?:的)?(?:问题|方面)$")


def _addressed(head: str) -> bool:
    """对主管机关之建议 / 关于人才流失的原因: a heading whose head noun is the role itself,
    scoped to whom or what it concerns, names a group of causes or measures; it states none."""
    hr = heading.classify(head)
    if hr.role not in heading.CORE_ROLES or not hr.cue or not head.endswith(hr.cue):
        return False
    before = head[:-len(hr.cue)]
    if hr.role is Role.PROBLEM:  # 地方防救运作之困境 over its problems (not 关于X的问题 alone)
        return before.endswith(("之", "的")) and not content.problem_word(before)
    return bool(_SCOPE.match(head)) or before.endswith(("之", "的"))


def _groups(items: list) -> list[list]:
    """Sibling groups (same parent, same marker style), parents' groups first."""
    groups: dict[tuple, list] = {}
    for e in items:
        groups.setdefault((e.parent, e.style, e.report), []).append(e)
    return sorted(groups.values(), key=lambda g: g[0].id)

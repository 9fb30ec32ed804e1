"""Structure stage: the outline of a report.

Reads the genre's own layout from the normalised text: section headings and their role
(problems / causes / countermeasures / background …), enumerated items in all their
forms (一、 (一) 1. 1、 (1) ① 第一 首先 一是 一要 …, nested, inline within a paragraph,
restarting, with gaps), bare sub-headings, ``X:`` headings, several reports in one file,
and junk lines that are not report text. Pure function of a ``Document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.cues import heading
from policykg.outline import headings, markers, shape
from policykg.outline.clauses import (BARE_MAX, CLAUSE_END, COUNTED_RE, INTRO_RE, SECTION_MAX,
                               explains_named_problems, split_colon, head_span,
                               intro_role, lead_in_role, modal_lead_items, problem_pairs,
                               last_sentence, prescribed, question_role, semicolon_items, sentence_lead_role,
                               trailing_intro)
from policykg.outline.entries import Entry, Outline
from policykg.outline.lines import Line, split_lines
from policykg.outline.passes import drop_lone_bare, promote_paragraphs, split_cause_paragraphs
from policykg.models import Document, Role


# ---------------------------------------------------------------- outline building

@dataclass
class _Unit:
    id: int
    kind: str
    how: str
    style: str
    marker: str
    rank: float
    start: int
    head_start: int
    head_end: int
    end: int
    parent: int | None
    role: Role | None
    report: int
    subject: tuple[int, int] | None = None
    ordinal: int = 0
    body_lines: int = 0
    children: list[int] = field(default_factory=list)

    def freeze(self, id: int, parent: int | None) -> Entry:
        return Entry(id, self.kind, self.how, self.style, self.marker, self.rank,
                     self.start, self.head_start, self.head_end, self.end, parent,
                     self.role, self.report, self.subject)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.norm = doc.norm
        self.units: list[_Unit] = []
        self.stack: list[_Unit] = []
        self.report = 0
        self.loose_items = False  # items seen in this report outside any section
        self.numbering: dict[tuple, int] = {}  # (parent, style) -> highest ordinal seen
        self.labels: dict[tuple, dict[str, _Unit]] = {}  # (parent, style) -> label -> entry
        self.section_styles: frozenset[str] = frozenset()
        self.pending_label: tuple | None = None
        self.marks: dict[int, markers.Marker | None] = {}  # line start -> its marker
        self.parents: frozenset[int] = frozenset()  # line starts of marked lines with sub-items
        self.runs: dict[int, int] = {}  # line start -> its sibling run
        self.label_of: _Unit | None = None  # the item the label line being read belongs to
        self.item_runs: frozenset[int] = frozenset()  # runs whose headings name items
        self._by_id: dict[int, _Unit] = {}  # units by id (_has_body), of the first
        self._by_id_count = 0  # _by_id_count units: the list only grows

    # -- stack
    def top(self) -> _Unit | None:
        return self.stack[-1] if self.stack else None

    def open(self, unit: _Unit) -> None:
        while self.stack and self.stack[-1].rank >= unit.rank:
            self.stack.pop()
        parent = self.top()
        unit.parent = parent.id if parent else None
        if parent:
            parent.children.append(unit.id)
        self.units.append(unit)
        self.stack.append(unit)
        self._extend(unit.end)

    def _extend(self, end: int) -> None:
        for u in self.stack:
            u.end = max(u.end, end)

    def new(self, **kw) -> _Unit:
        kw.setdefault("report", self.report)
        kw.setdefault("parent", None)
        return _Unit(id=len(self.units), **kw)

    def close_items(self) -> None:
        while self.stack and self.stack[-1].kind == "item":
            self.stack.pop()

    # -- reports
    def parent_for(self, rank: float) -> _Unit | None:
        """The open entry a new entry of ``rank`` would sit under."""
        return next((u for u in reversed(self.stack) if u.rank < rank), None)

    def maybe_new_report(self, is_section: bool, label: str, rank: float, ordinal: int,
                         style: str = "") -> None:
        """A new report starts where top-level numbering restarts with new headings, or
        where sections begin after items that stood under none."""
        parent = self.parent_for(rank)
        key = (parent.id if parent else None, style)
        restart = bool(style) and parent is None and ordinal == 1 and self.numbering.get(key, 0) > 1
        earlier = self.labels.get(key, {}).get(label)
        if restart and earlier is not None and not self._has_body(earlier):
            return  # a table of contents (headings without text) repeated before the body
        if (is_section and self.loose_items and rank <= 1) or restart:
            self.report += 1
            self.stack.clear()
            self.loose_items = False
            self.numbering.clear()
            self.labels.clear()

    def note_number(self, rank: float, style: str, ordinal: int, label: str) -> None:
        parent = self.parent_for(rank)
        key = (parent.id if parent else None, style)
        self.numbering[key] = max(self.numbering.get(key, 0), ordinal)
        self.pending_label = (key, label)

    def remember(self, unit: _Unit) -> None:
        """Record the entry just opened under its numbering key (for TOC detection)."""
        if self.pending_label is not None:
            key, label = self.pending_label
            self.labels.setdefault(key, {}).setdefault(label, unit)
            self.pending_label = None

    def _has_body(self, unit: _Unit) -> bool:
        """Did an entry (or anything under it) have text of its own? TOC entries don't."""
        by_id = self._by_id  # kept up to date here: rebuilding it per call was quadratic
        for u in self.units[self._by_id_count:]:
            by_id[u.id] = u
        self._by_id_count = len(self.units)
        todo = [unit]
        while todo:
            u = todo.pop()
            if u.body_lines:
                return True
            todo.extend(by_id[c] for c in u.children if c in by_id)
        return False

    # -- line kinds
    def add_line(self, line: Line, next_line: Line | None) -> None:
        s, e = line.start, line.end
        text = self.norm[s:e]
        if text.startswith("#"):
            self.add_md_heading(line, text)
            return
        mk = self.marks.get(s)
        if mk:
            cut = trailing_intro(text, mk.end)
            after = self.marks.get(next_line.start) if next_line is not None else None
            if cut and after is not None and after.style != mk.style:
                # (三)X。据此提出建议如下: the intro heads the next list (a (二) after it would
                # still be this item's sibling), not this item
                self.add_marked(Line(s, _rstrip(self.norm, s, s + cut)), mk)
                self.add_intro(Line(s + cut, e), text[cut:])
                return
            self.add_marked(line, mk)
        elif self.is_label(text):
            self.add_label(line, text)
        elif self.is_section_heading(text):
            self.add_section(s, s, e, "bare", heading.classify(text))
        elif self.is_intro(text):
            self.add_intro(line, text)
        elif len(text) <= BARE_MAX and text[-1] in ":：" and not INTRO_RE.search(text):
            hs, he = head_span(self.norm, s, e)
            self.add_leaf("colon", s, hs, he, e)
        elif self.is_bare(text, next_line):
            self.add_leaf("bare", s, s, e, e)
        else:
            self.add_para(line)

    def open_item(self, text: str) -> _Unit | None:
        """The open item a label line belongs to (None: it is no label)."""
        items = [u for u in reversed(self.stack) if u.kind == "item" and u.how == "marked"]
        short = len(text) <= BARE_MAX or self.is_section_heading(text)
        if self.divided_item() is not None:
            return self.divided_item()
        for item in items:
            fresh = (short and item is self.top() and item.body_lines == 0 and not item.children
                     and not self.norm[item.head_end:item.end].strip(" 。.:："))
            if fresh or any(self.units[c].how == "label" for c in item.children):
                return item
        colon = text[-1] in ":：" and len(text) <= 80
        if items and colon and _DETAIL.search(text) and not _BACK_REFERENCE.search(text):
            return items[0]
        return None

    def is_label(self, text: str) -> bool:
        """A heading line inside an item (问题表现 / 整改方向 / 具体表现: / 典型案例:) that
        heads the item's own sub-items. It is one where the item's heading was the line just
        before, where the item is already divided by such lines, or an intro that details the
        item (具体表现为:); it never clears the outline."""
        colon = text[-1] in ":：" and len(text) <= 80
        bare = len(text) <= BARE_MAX and not any(ch in text for ch in CLAUSE_END + ",，、")
        if colon or self.is_section_heading(text):
            self.label_of = self.open_item(text)
        else:  # 整改方向 beside 问题表现
            self.label_of = self.divided_item() if bare else None
        return self.label_of is not None

    def divided_item(self) -> _Unit | None:
        """The innermost open item already divided by label lines."""
        return next((u for u in reversed(self.stack) if u.kind == "item" and u.how == "marked"
                     and any(self.units[c].how == "label" for c in u.children)), None)

    def add_label(self, line: Line, text: str) -> None:
        item = self.label_of
        while self.stack and self.stack[-1] is not item:
            self.stack.pop()
        hr = heading.classify(text.rstrip(" :："))
        role = question_role(text) or (intro_role(text) if text[-1] in ":：" else hr.role)
        unit = self.new(kind="section", how="label", style="label", marker="",
                        rank=item.rank + LABEL_STEP, start=line.start, head_start=line.start,
                        head_end=line.end, end=line.end, role=role)
        self.open(unit)

    def add_md_heading(self, line: Line, text: str) -> None:
        level = len(text) - len(text.lstrip("#"))
        inner = line.start + level + (len(text[level:]) - len(text[level:].lstrip()))
        rest = self.norm[inner:line.end]
        if not rest.strip():
            return  # a bare "#" line
        mk = markers.match_line(rest)
        if mk:
            self.add_marked(Line(inner, line.end), mk)
            return
        hr = heading.classify(rest)
        if hr.role and hr.strong:
            self.add_section(inner, inner, line.end, "bare", hr, rank=level - 1)
        else:
            self.add_leaf("bare", inner, inner, line.end, line.end)

    def is_section_heading(self, text: str) -> bool:
        clause = text.rstrip(" 。.:：")
        if len(clause) > SECTION_MAX or any(ch in clause for ch in CLAUSE_END + ",，"):
            return False
        hr = heading.classify(clause)
        return hr.role is not None and hr.strong

    def is_intro(self, text: str) -> bool:
        return (text[-1] in ":：" and intro_role(text) is not None) or question_role(text) is not None

    @staticmethod
    def is_bare(text: str, next_line: Line | None) -> bool:
        return (len(text) <= BARE_MAX and next_line is not None
                and not any(ch in text for ch in CLAUSE_END + ",，:：、"))

    def add_marked(self, line: Line, mk: markers.Marker) -> None:
        s, e = line.start + mk.start, line.end
        hs, he = head_span(self.norm, line.start + mk.end, e, CLAUSE_END)
        gap = self.norm.find(" ", hs + 4, hs + SECTION_MAX)
        if he - hs > SECTION_MAX and gap > 0 and not re.search(r"[,，:：]", self.norm[hs:gap]):
            he = gap  # 2。X形式单一 在…过程中,…: a heading run into its body, a space between
        head = self.norm[hs:he]
        pre, colon, post = split_colon(head)
        if not colon:
            hr = heading.classify(head)
            # a heading that merely names a role is a section where its marker style numbers
            # sections, unless it opens with an action (补齐基础设施短板 is a countermeasure)
            strong = hr.strong or (mk.style in self.section_styles
                                   and not headings.acts_on_something(head))
            if mk.style in ("chapter", "jie") and hr.role is None:
                hr, strong = heading.HeadingRole(Role.OTHER, True), True  # 第五章 X: a division
            elif mk.style in ("chapter", "jie") and (hr.role in heading.CORE_ROLES or hr.role is Role.CONCLUSION):
                strong = True  # 第二节 推动困境之成因 / 第一节 研究结论: a thesis division, whatever its wording
            if (hr.role is not None and strong and len(head) <= SECTION_MAX
                    and not self.names_item(head, line.start)):
                self.maybe_new_report(True, head, mk.rank, mk.ordinal, mk.style)
                self.note_number(mk.rank, mk.style, mk.ordinal, head)
                self.add_section(s, hs, he, "marked", hr, rank=mk.rank, marker=mk)
                self.remember(self.units[-1])
                return
        role = None
        if colon:
            hr = heading.classify(pre)
            if hr.role in heading.CORE_ROLES and hr.strong:  # 最突出的问题:X → label X
                role, hs = hr.role, hs + len(pre) + 1
                hs += len(self.norm[hs:he]) - len(self.norm[hs:he].lstrip())
            elif headings.is_tag(pre):  # 实例:X / 例如:X: the tag names no item, X does
                hs = hs + len(pre) + 1
                hs += len(self.norm[hs:he]) - len(self.norm[hs:he].lstrip())
            else:
                he = hs + len(pre)
        if mk.style == "labelled":
            role = heading.classify(mk.text).role
        label = self.norm[hs:he]
        self.maybe_new_report(False, label, mk.rank, mk.ordinal, mk.style)
        self.note_number(mk.rank, mk.style, mk.ordinal, label)
        unit = self.new(kind="item", how="marked", style=mk.style, marker=mk.text,
                        rank=mk.rank, start=s, head_start=hs, head_end=he, end=e, role=role,
                        ordinal=mk.ordinal)
        self.open(unit)
        self.remember(unit)
        if not any(u.kind == "section" for u in self.stack):
            self.loose_items = True
        self.add_inline(unit, line.start + mk.start, e, own=mk)

    def names_item(self, head: str, line_start: int) -> bool:
        """(一)关于X的问题 / (二)X不足的问题 with no sub-items: the heading names one
        problem (an item), it does not open a section of problems; so do its siblings
        ((三)宪政定位问题), which are all of one kind."""
        if not heading.residue(head):
            return False
        return headings.framed(head) or self.runs.get(line_start) in self.item_runs

    def add_section(self, s: int, hs: int, e: int, how: str, hr: heading.HeadingRole,
                    rank: float = -1, marker: markers.Marker | None = None) -> None:
        if how == "bare":
            self.maybe_new_report(True, self.norm[hs:e], rank, 0)
        he = head_span(self.norm, hs, e, CLAUSE_END)[1]
        subject = heading.named_subject(self.norm[hs:he])
        unit = self.new(kind="section", how=how, style=marker.style if marker else "",
                        marker=marker.text if marker else "", rank=rank, start=s,
                        head_start=hs, head_end=he, end=e, role=hr.role,
                        subject=(hs + subject[0], hs + subject[1]) if subject else None)
        self.open(unit)

    def add_intro(self, line: Line, text: str) -> None:
        role = question_role(text) or intro_role(text)
        current = next((u for u in reversed(self.stack) if u.kind == "section"), None)
        if current is not None and current.role == role:
            self.add_para(line)
            return
        # an intro line (…提出如下建议:) continues the report it stands in; in a paragraph
        # (an abstract: findings, causes, then 据此提出以下建议:) only its last sentence
        # introduces, the sentences before it are statements of their own
        hs = line.start + last_sentence(self.norm[line.start:line.end])
        if hs > line.start:  # 研究发现:第一,A;第二,B。…据此提出以下建议:
            section = next((u for u in reversed(self.stack) if u.kind == "section"), None)
            self.add_inline(section, line.start, hs, own=None)
        unit = self.new(kind="section", how="intro", style="", marker="", rank=-1,
                        start=hs, head_start=hs, head_end=line.end,
                        end=line.end, role=role)
        self.stack.clear()
        self.open(unit)

    def add_leaf(self, how: str, s: int, hs: int, he: int, e: int) -> None:
        while self.stack and self.stack[-1].kind == "item" and self.stack[-1].how in ("bare", "colon"):
            self.stack.pop()
        unit = self.new(kind="item", how=how, style=how, marker="", rank=8, start=s,
                        head_start=hs, head_end=he, end=e, role=None)
        self.open(unit)

    def add_para(self, line: Line) -> None:
        top = self.top()
        if top is not None and top.how == "colon" and top.body_lines >= 1:
            self.stack.pop()
            top = self.top()
        if top is not None:
            top.body_lines += 1
            self._extend(line.end)
        self.units.append(self.new(kind="para", how="para", style="", marker="", rank=9,
                                   start=line.start, head_start=line.start,
                                   head_end=line.end, end=line.end, role=None,
                                   parent=top.id if top else None))
        if top is not None:
            top.children.append(self.units[-1].id)
        self.add_inline(top, line.start, line.end, own=None, para=self.units[-1])

    # -- inline enumerations
    def add_semicolon_list(self, owner: _Unit | None, s: int, e: int, para: _Unit) -> None:
        found = semicolon_items(self.norm[s:e]) or modal_lead_items(self.norm[s:e])
        if found is None:
            return
        lead_end, parts = found
        role = lead_in_role(self.norm[s:s + lead_end])
        in_section = owner is not None and owner.kind == "section" and owner.role in heading.CORE_ROLES
        if (role is None and not in_section) or (role is not None and role not in heading.CORE_ROLES):
            return  # 摘要:A;B;C is a paragraph of prose, not a list of background items
        para.kind = "para-split"
        for a, b in parts:
            hs, he = head_span(self.norm, s + a, s + b)
            self.units.append(self.new(kind="item", how="list", style="list", marker="", rank=6,
                                       start=s + a, head_start=hs, head_end=he, end=s + b,
                                       role=role, parent=owner.id if owner else None))
            if owner:
                owner.children.append(self.units[-1].id)

    def add_lead(self, owner: _Unit | None, s: int, lead: str) -> _Unit | None:
        """落实民主集中制不够严格。一是…;二是…: the sentence before an inline list is
        the heading of the items it introduces."""
        text = lead.strip()
        if not (4 <= len(text.rstrip("。")) <= 40) or text[-1:] != "。":
            return None
        if any(ch in text[:-1] for ch in "。;；!?！？") or INTRO_RE.search(text) \
                or COUNTED_RE.search(text.rstrip("。")):
            return None  # 仍面临三方面堵点。一是…: it announces the items, it names none
        off = s + (len(lead) - len(lead.lstrip()))
        hs, he = head_span(self.norm, off, off + len(text))
        unit = self.new(kind="item", how="lead", style="lead", marker="", rank=5.5, start=off,
                        head_start=hs, head_end=he, end=s + len(lead.rstrip()), role=None,
                        parent=owner.id if owner else None)
        self.units.append(unit)
        if owner:
            owner.children.append(unit.id)
        return unit

    def add_inline(self, owner: _Unit | None, s: int, e: int, own: markers.Marker | None,
                   para: _Unit | None = None) -> None:
        seg = self.norm[s:e]
        run = markers.find_inline(seg)
        if not run and owner is not None and owner.kind == "item" and self.add_pairs(owner, s, seg):
            return
        if not run:
            if para is not None:
                self.add_semicolon_list(owner, s, e, para)
            return
        if own is not None and run[0].start == 0:
            if own.style != run[0].style or owner is None:
                return
            owner, run = self._line_siblings(owner, s, run)
        role = sentence_lead_role(seg, run[0].start) if own is not None else None
        if para is not None:
            para.kind = "para-split"
            owner, role = self._lead_of(owner, s, seg[:run[0].start], run)
        last = _last_item_end(seg, run)
        for k, mk in enumerate(run):
            me = s + run[k + 1].start if k + 1 < len(run) else s + last
            self._add_inline_item(owner, s, mk, me, role)

    def add_pairs(self, owner: _Unit, s: int, seg: str) -> bool:
        """对X问题,Y。 in an item: X is a part of the item's problem, Y the measure taken."""
        pairs = problem_pairs(seg)
        for xs, xe, ys, ye in pairs:
            for how, hs, he, role in (("pair", xs, xe, None), ("pair-measure", ys, ye, Role.COUNTERMEASURE)):
                unit = self.new(kind="item", how=how, style=how, marker="", rank=6,
                                start=s + hs, head_start=s + hs, head_end=s + he, end=s + ye,
                                role=role, parent=owner.id)
                self.units.append(unit)
                owner.children.append(unit.id)
        return bool(pairs)

    def _line_siblings(self, owner: _Unit, s: int, run: list[markers.Marker]):
        """1.…;2.…;3.… in one paragraph: the rest of the run are the line item's siblings."""
        owner.head_end = min(owner.head_end, s + run[1].start)
        owner.end = _rstrip(self.norm, owner.start, s + run[1].start)
        parent = self.units[owner.parent] if owner.parent is not None else None
        return parent, run[1:]

    def _lead_of(self, owner: _Unit | None, s: int, lead: str, run: list[markers.Marker]):
        """The role the words before an inline list announce, or the item they name."""
        role = lead_in_role(lead)
        if all("要" in m.text for m in run) or prescribed(self._run_heads(s, run)):
            role = Role.COUNTERMEASURE  # 一要…二要…: prescriptions, whatever the lead names
            # (治理X,既要…,也要补齐短板。一要…: the lead's 短板 is what they remedy)
        elif role is Role.PROBLEM and explains_named_problems(lead, self._run_heads(s, run)):
            role = Role.CAUSE
        if role is None and (owner is None or owner.kind == "section"):
            owner = self.add_lead(owner, s, lead) or owner
        return owner, role

    def _run_heads(self, s: int, run: list[markers.Marker]) -> list[str]:
        """The first clause of each item of an inline run that starts at ``s``."""
        ends = [s + m.start for m in run[1:]] + [len(self.norm)]
        heads = []
        for m, e in zip(run, ends):  # searched in place: the last runs to the document's end
            cut = _CLAUSE_BREAK.search(self.norm, s + m.end, e)
            heads.append(self.norm[s + m.end:cut.start() if cut else e])
        return heads

    def _add_inline_item(self, owner: _Unit | None, s: int, mk: markers.Marker, me: int,
                         role: Role | None) -> None:
        ms = s + mk.start
        hs, he = head_span(self.norm, s + mk.end, me)
        if mk.style == "sequence":
            # 首先是A,B / 其次,A,B: the item is the first clause, the rest tells about it
            cut = min((i for i in (self.norm.find(c, hs, he) for c in ",，") if i >= 0), default=he)
            he = cut if cut - hs >= 2 else he
        unit = self.new(kind="item", how="inline", style=mk.style, marker=mk.text, rank=mk.rank,
                        start=ms, head_start=hs, head_end=he, end=_rstrip(self.norm, ms, me),
                        role=role, parent=owner.id if owner else None, ordinal=mk.ordinal)
        self.units.append(unit)
        if owner:
            owner.children.append(unit.id)
            if owner.how == "lead":
                owner.end = max(owner.end, unit.end)
        if not any(u.kind == "section" for u in self.stack):
            self.loose_items = True


LABEL_STEP = 0.005  # a label line inside an item ranks just below the item
_CLAUSE_BREAK = re.compile(r"[,，;；。\n]")
_DETAIL = re.compile(r"具体|表现|体现")  # an intro that details what the item says
_BACK_REFERENCE = re.compile(r"以上|上述|这些|前述|针对")


def _last_item_end(seg: str, run: list[markers.Marker]) -> int:
    """Where a run's last item ends: the paragraph's end, or the end of its sentence when
    another list follows in the paragraph (一是…四是A。究其原因,一是…)."""
    after = markers.find_inline(seg, run[-1].end)
    if not after:
        return len(seg)
    stop = re.compile(r"[。!?！？]").search(seg, run[-1].end, after[0].start)
    return stop.end() if stop else after[0].start


def _rstrip(norm: str, s: int, e: int) -> int:
    while e > s and norm[e - 1] in " \t\n":
        e -= 1
    return e


def outline(doc: Document) -> Outline:
    lines = split_lines(doc)
    body = [ln for ln in lines if not ln.junk]
    b = _Builder(doc)
    order = [ln.start for ln in body]
    b.marks = shape.document_ranks(
        {ln.start: markers.match_line(doc.norm[ln.start:ln.end]) for ln in body}, order)
    b.parents = shape.with_children(b.marks, order)
    b.runs = shape.sibling_runs(b.marks, order)
    b.item_runs = headings.item_runs(doc, body, b)
    b.section_styles = headings.section_styles(doc, body, b.marks)
    following = {id(ln): nxt for ln, nxt in zip(body, body[1:])}
    for line in lines:
        if line.junk:
            b.close_items()  # page furniture ends whatever item was open (a TOC's last line)
        else:
            b.add_line(line, following.get(id(line)))
    units = split_cause_paragraphs(promote_paragraphs(drop_lone_bare(b.units), doc), doc)
    units.sort(key=lambda u: (u.start, u.rank))
    return Outline(_entries(units), tuple(lines), b.report + 1)


def _entries(units: list[_Unit]) -> tuple[Entry, ...]:
    """The sections and items, frozen with dense ids in document order and parents
    remapped past dropped paragraphs (each built once: dataclasses.replace is slow)."""
    kept = [u for u in units if u.kind in ("section", "item")]
    new_id = {u.id: i for i, u in enumerate(kept)}
    return tuple(u.freeze(new_id[u.id], new_id.get(u.parent)) for u in kept)

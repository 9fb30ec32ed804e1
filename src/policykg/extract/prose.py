"""Prose reader: problems, causes and countermeasures written as sentences, or as lists
inside sentences, in text outside every enumerated item (abstracts, commentary, op-eds).

Each sentence is weighed, in order, for:

- a *list frame*: a lead that says what a list is a list of, and the list it scopes
  (面临A、B和C等现实阻碍 / 究其原因,主要由于A、B等造成 / 提出要A、B,以期… /
  通过A、B等方式 / 主要有三大原因:A、B、C / A、B等因素,使得X / 需要构建X:A;B;C);
- a *lead* that opens a scope for the sentences after it: X的原因是多方面的 (causes of
  X follow), 为什么会有X? , 对此/针对这一问题/为了X (countermeasures follow);
- a *sequence marker* (首先/其次/再加上, 一方面/另一方面, 第一/第二) whose member is
  typed by its own predicate (X是…问题, X是…元凶) or else by the scope it stands in;
- in a countermeasure scope, a clause opening with a prescriptive modal (应/需要/还须…).

Members are cut to the smallest clause that names them: leading adverbials, an actor
and its modal, purpose and example clauses are dropped. Sentences that give examples or
survey figures (例如…, 数据显示…) are never read for members. Every node's ``rule``
names the reading and its ``cue`` the word that decided it. Causes and countermeasures
a lead ties to one problem just stated carry rules starting ``stated-``, so the linker
ties them to that problem (the problem's text is extended over them).

All cue words are data (``extract/data/prose_cues.tsv``). One pass over the sentences: linear.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from dataclasses import dataclass, field

from policykg.common.charclass import ALNUM_RE
from policykg.cues import content as classify
from policykg.extract.drafts import STRIP, Draft, clean
from policykg.extract.prose_spans import (
    ANAPHOR, PURPOSE_ALONE, after_modal, cause_scope, chain_members, clauses, colon_at, cues,
    cut_tail, explains, find_modal, first_clause, ought, own_type, run_describes, run_prescribes, patterns, search,
    subject_search, trim)
from policykg.extract.prose_frames import Frames, Scope as _Scope
from policykg.extract.prose_known import (
    Taken, closing_paragraphs, elaborates, first_items, item_bodies, item_tails, mentions, not_topic_lines, restates_central, summary, unwrapped)
from policykg.extract.stated import full_sentences, report_at
from policykg.models import Document, NodeType
from policykg.outline.structure import Outline

_NOUN_FRAMES = ("noun-after", "noun-subject", "noun-before", "list-is-noun", "noun-found")
_LEADS_TO = re.compile(r"(?P<x>[^,，;；:：]{4,30})[,，](?:从而|进而|直接)?(?P<cue>导致|致使|造成)")


_CLAUSE = re.compile(r"[^,，。;；!?！？\n]+")
_SUBJECT_MAX = 3  # 黄牛之所以…: a bare noun, not a statement of the problem
_LOOK_BACK = 400  # characters before it where the problem it stands for is looked for


def _named_before(norm: str, s: int, subject: str) -> tuple[int, int] | None:
    """黄牛之所以屡禁不绝,是因为A after 演出票“黄牛倒票”已成顽疾: a bare subject of 之所以
    (a noun of a few characters) stands for the problem stated before it, in the last clause
    that names the subject and a problem word (or X的问题, then X)."""
    if len(subject) > _SUBJECT_MAX or classify.problem_word(subject):
        return None
    for c in reversed(list(_CLAUSE.finditer(norm, max(0, s - _LOOK_BACK), s))):
        clause = c.group()
        if subject not in clause:
            continue
        framed = clause.find("的问题")
        if framed > len(subject):
            return clean(norm, c.start(), c.start() + framed)
        if classify.problem_word(clause):
            return clean(norm, c.start(), c.end())
    return None


@dataclass
class _Reader(Frames):
    doc: Document
    outline: Outline
    out: list[Draft] = field(default_factory=list)
    scope: _Scope | None = None
    last_problems: list[Draft] = field(default_factory=list)  # problems of the last sentence that had any
    para: tuple[int, int] = (0, 0)  # the paragraph being read
    prev: tuple[int, int, bool] = (0, 0, False)  # the last sentence read, and whether it gave nodes
    listed: tuple[int, ...] = ()  # where the problems other rules gave (enumerated items) start

    def emit(self, ntype: NodeType, a: int, b: int, sent: tuple[int, int], rule: str, cue: str,
             parent: Draft | None = None) -> Draft | None:
        a, b = trim(self.doc.norm, a, b, ntype)
        if b - a < 2 or not ALNUM_RE.search(self.doc.norm, a, b):
            return None
        announce = patterns()["announce"]
        if announce.match(self.doc.norm, a, b) or \
                (ntype is NodeType.COUNTERMEASURE and announce.search(self.doc.norm, a, b)):
            return None  # 其他一系列…问题 / 从以下几个方面入手: only announces
        holder = self.scope.holder if self.scope else None
        if holder is not None and ntype is not NodeType.PROBLEM and rule.startswith("stated-"):
            for h in (holder, *self.scope.others):
                h.text_end = max(h.text_end, sent[1])
        elif ntype is not NodeType.PROBLEM:
            rule = rule.replace("stated-", "prose-")
        d = Draft(ntype, a, b, sent[0], sent[1], rule, cue, report_at(self.outline, a),
                  key=f"prose:{a}:{b}", parent_key=parent.key if parent else None)
        self.out.append(d)
        return d

    # ------------------------------------------------------------ one sentence

    def read(self, s: int, e: int, wrapped: bool = False) -> None:
        """One line or paragraph; a scope does not outlive a paragraph that adds nothing.
        In a paragraph joined from hard-wrapped lines a line break ends no sentence."""
        before = len(self.out)
        self.para = (s, e)
        if wrapped:
            seg = self.doc.norm[s:e].replace("\n", " ")
            sentences = [(s + a, s + b) for a, b in full_sentences(seg, 0, len(seg))]
        else:
            sentences = full_sentences(self.doc.norm, s, e)
        for ss, se in sentences:
            self.sentence(ss, se)
        if len(self.out) == before:
            self.scope = None

    def sentence(self, s: int, e: int) -> None:
        s, e = clean(self.doc.norm, s, e)
        if e - s < 4:
            return
        text = self.doc.norm[s:e]
        pats = patterns()
        if pats["no-members"].match(text):
            return
        problems: list[Draft] = []
        before = len(self.out)
        if self._closure(s, e, text, problems) or self._lead(s, e, text, problems) or \
                self._frames(s, e, text, problems) or self._member(s, e, text, problems):
            pass
        if problems:
            self.last_problems = problems
        self.prev = (s, e, len(self.out) > before)

    def _closure(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """凡此种种,都导致X: X is a problem (the linker ties the causes gathered to it)."""
        m = patterns()["closure"].match(text)
        if m is None:
            return False
        xb = first_clause(text, m.start("x"), m.end("x"))
        d = self.emit(NodeType.PROBLEM, s + m.start("x"), s + xb, (s, e), "prose-closure", m.group("cue"))
        if d is not None:
            problems.append(d)
            d.spans = mentions(self.doc.norm, self.doc.norm[d.start:d.end], d.start)
        self.scope = None
        return True

    def _lead(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """A sentence that opens a scope; the rest of it may still hold a member."""
        pats = patterns()
        asked = self.doc.norm[e:e + 1] in ("?", "？")
        m = subject_search(text) or (pats["question-whole"].match(text) if asked else None) \
            or search("question", text)
        if m and ANAPHOR.search(m.group("subj")):
            m = None
        if m is None:
            return self._why(s, e, text, problems)
        return self._subject(s, e, m, "subj", m.group("cue"), problems)

    def _subject(self, s: int, e: int, m: re.Match[str], g: str, cue: str, problems: list[Draft],
                 named: tuple[int, int] | None = None) -> bool:
        """The problem a lead names (group ``g`` of ``m``, or ``named`` before it) opens a scope
        of its causes."""
        a, b = named or (s + m.start(g), s + m.end(g))
        subj = self.emit(NodeType.PROBLEM, a, b, (s, e), "prose-subject", cue)
        if subj is not None:
            problems.append(subj)
            subj.spans = mentions(self.doc.norm, self.doc.norm[subj.start:subj.end], subj.start)
        self.scope = _Scope(NodeType.CAUSE, cue, subj)
        rest = clean(self.doc.norm, s + m.end(), e)[0]
        if rest < e:
            self._member(rest, e, self.doc.norm[rest:e], problems)
        return True

    def _why(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """X之所以Y,一则A;二则B / X屡禁不止,首先是因为A: X is a problem, the members its causes."""
        m = patterns()["why-subject"].match(text)
        g = next((k for k in ("subj", "subj2", "subj3", "subj4") if m and m.group(k)), None)
        if g is None or ANAPHOR.search(m.group(g)) or patterns()["adverbial"].match(m.group(g)):
            return self._answer_lead(s, e, text, problems)
        named = _named_before(self.doc.norm, s, m.group(g)) if g == "subj" else None
        return self._subject(s, e, m, g, m.group("cue") or m.group("cue2") or m.group("cue4") or "因为", problems,
                             named)

    def _answer_lead(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        pats = patterns()
        m = pats["measure-scope"].match(text)
        p = pats["purpose"].match(text)
        if m or (p and (p.group("cue") in PURPOSE_ALONE or find_modal(text, p.end()))):
            self.scope = _Scope(NodeType.COUNTERMEASURE, (m or p).group("cue"), self._one_problem())
            rest = s + (m or p).end()
            if not self._frames(rest, e, self.doc.norm[rest:e], problems):
                self._prescription(rest, e, (s, e), "stated-answer", self.scope.cue, strong_only=False)
            return True
        c = cause_scope(text)  # 这些问题的产生,有其深层次原因: what follows are their causes
        self.scope = _Scope(NodeType.CAUSE, c, self._one_problem()) if c else self.scope
        return c is not None

    def _frames(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """List frames: a lead naming what the list is a list of, and its members."""
        colon = colon_at(text)
        if colon is not None and self._colon_frame(s, e, text, colon, problems):
            return True
        for name in ("explain", "cause-lead", "effect", "means", "noun-after", "noun-found", "noun-subject", "noun-before",
                     "list-is-noun", "measure-lead", "causal"):
            m = search(name, text)
            if m is None:
                continue
            found = self._noun_list(s, e, text, m, problems, name) if name in _NOUN_FRAMES else \
                getattr(self, f"_frame_{name.replace('-', '_')}")(s, e, text, m, problems)
            if found:
                return True
        return False

    def _member(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        pats = patterns()
        m = pats["seq"].match(text)
        if m is None:
            return self._unmarked(s, e, text, problems)
        nxt = patterns()["next-member"].search(text)
        if nxt is not None:  # 一方面在于A;另一方面在于B: each marked member ends at its semicolon
            got = self._member(s, s + nxt.start(), text[:nxt.start()], problems)
            rest = s + nxt.end()
            return self._member(rest, e, self.doc.norm[rest:e], problems) or got
        a = s + m.end()
        body = self.doc.norm[a:e]
        own = own_type(body)
        if own is not None:
            ntype, x0, x1, cue = own
            if ntype is NodeType.PROBLEM:
                d = self.emit(ntype, a + x0, a + x1, (s, e), "prose-sequence", m.group("cue"))
                if d is not None:
                    problems.append(d)
                    d.text_end = e
                self.scope = _Scope(NodeType.PROBLEM, m.group("cue"), d, marked=True)
                return True
            self._seq_emit(ntype, a + x0, a + x1, (s, e), m.group("cue"))
            return True
        if (self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE) and \
                m.group("cue") in cues().words["seq-start"] and run_prescribes(self.doc.norm, s, self.para[1]):
            # the members' own wording overrules the scope: 第一,推行X;第二,加强Y after a run
            # of causes are measures (the lead that turned to measures said so without a cue word)
            self.scope = _Scope(NodeType.COUNTERMEASURE, m.group("cue"), self._one_problem())
        if self.scope is None:
            return False
        if self.scope.type is NodeType.CAUSE and m.group("cue") in cues().words["seq-start"] and \
                run_describes(self.doc.norm, s, self.para[1]):
            # 本质是A。一方面,X(挤占了…);另一方面,Y让基层陷入困境: the run lays out the
            # problem the lead spoke of (a sibling says so itself), not further causes
            b = first_clause(self.doc.norm, a, cut_tail(self.doc.norm, a, e))
            d = self.emit(NodeType.PROBLEM, a, b, (s, e), "prose-sequence", m.group("cue"), self.scope.holder)
            if d is not None:
                problems.append(d)
            self.scope = _Scope(NodeType.PROBLEM, m.group("cue"), self.scope.holder, marked=True)
            return True
        self.scope.marked = True
        if self.scope.type is NodeType.COUNTERMEASURE:
            return self._prescription(a, e, (s, e), "stated-sequence", m.group("cue"), strong_only=False,
                                      need_modal=False)
        if self.scope.type is NodeType.CAUSE:
            b = cut_tail(self.doc.norm, a, e)
            b = first_clause(self.doc.norm, a, b)
            self._seq_emit(NodeType.CAUSE, a, b, (s, e), m.group("cue"))
            self._chain(b, e, (s, e))
            return True
        return False

    def _chain(self, a: int, e: int, sent: tuple[int, int]) -> None:
        """Inside a run of causes, X导致Y,进而Z: Y is an in-between cause (and X, written
        right before the connective in the same clause, the cause of Y)."""
        norm, pats = self.doc.norm, patterns()
        parts = clauses(norm, a, e)
        for (cs, ce), (ns, _) in zip(parts, parts[1:]):
            m = pats["causal"].search(norm, cs, ce)
            if m is None or not pats["next-step"].match(norm[ns:ns + 2]):
                continue
            x = norm[cs:m.start()].strip(",， ")
            has_x = 2 <= len(x) <= 12 and not ANAPHOR.search(x) and not pats["hypothetical"].search(x)
            effect = self.emit(NodeType.CAUSE, m.end(), ce, sent, "prose-chain", m.group("cue"))
            if effect is not None and has_x:
                self.emit(NodeType.CAUSE, cs, m.start(), sent, "prose-chain-cause", m.group("cue"))

    def _seq_emit(self, ntype, a, b, sent, cue) -> None:
        if self.scope is None or self.scope.type is not ntype:
            self.scope = _Scope(ntype, cue, None)
        self.scope.marked = True
        self.emit(ntype, a, b, sent, "stated-sequence", cue)

    def _unmarked(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        pats = patterns()
        own = own_type(text)
        if own is not None and own[0] is NodeType.CAUSE and (self.scope and self.scope.type is NodeType.CAUSE or
                                                             not ANAPHOR.search(text[own[1]:own[2]])):
            if self.scope is None or self.scope.type is not NodeType.CAUSE:  # X是最直接的原因: a run of causes
                self.scope = _Scope(NodeType.CAUSE, own[3], self._one_problem(), marked=True)
            self.emit(NodeType.CAUSE, s + own[1], s + own[2], (s, e), "stated-sequence", own[3])
            return True
        for name in ("problem-lead", "has-problem", "problem-rises"):
            m = search(name, text)
            if m and not pats["announce"].search(m.group("x")):
                cue = "存在" if name == "has-problem" else m.group("cue")
                d = self.emit(NodeType.PROBLEM, s + m.start("x"), s + m.end("x"), (s, e), "prose-problem", cue)
                if d is not None:
                    problems.append(d)
                    self.scope = _Scope(NodeType.PROBLEM, "存在", d)
                return True
        if (self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE) and ought(self.doc.norm, s, e):
            # 政府应加快A,扩大B: an actor and an ought-modal before an action prescribe
            self.scope = _Scope(NodeType.COUNTERMEASURE, "应", self._one_problem())
            says = pats["writer-says"].match(self.doc.norm, s, e)
            return self._prescription(says.end() if says else s, e, (s, e), "prose-answer", self.scope.cue,
                                      strong_only=True)
        if self.scope is not None and self.scope.type is NodeType.CAUSE and self.scope.marked:
            cont = pats["continue"].match(text)
            if cont and not pats["no-members"].match(text[cont.end():]):  # 此外,X蔓延: one more cause
                b = first_clause(self.doc.norm, s + cont.end(), cut_tail(self.doc.norm, s + cont.end(), e))
                self._seq_emit(NodeType.CAUSE, s + cont.end(), b, (s, e), cont.group(0).strip(",，"))
            self._chain(s, e, (s, e))
            return False
        if self.scope is not None and self.scope.type is NodeType.CAUSE:
            # 同时,X,也放大了Y after 原因在于…: one more cause, saying what it brings about
            cont = pats["continue"].match(text)
            if cont and not pats["no-members"].match(text[cont.end():]):
                b = first_clause(self.doc.norm, s + cont.end(), cut_tail(self.doc.norm, s + cont.end(), e))
                if b < e and explains(text, cont.end(), b - s):
                    self.emit(NodeType.CAUSE, s + cont.end(), b, (s, e), "prose-sequence", cont.group(0).strip(",，"))
                    return True
            lead = _LEADS_TO.match(text)  # X,导致Y after 原因是…: X is one more link of the chain
            if lead and not ANAPHOR.match(lead.group("x")) and not pats["no-members"].match(text):
                return self.emit(NodeType.CAUSE, s, s + lead.end("x"), (s, e), "prose-chain-cause",
                                 lead.group("cue")) is not None
            return False
        if self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE:
            return False
        cont = pats["continue"].match(text)
        strong_only = self.scope.marked and cont is None
        a = s + (cont.end() if cont else 0)
        acts = cont is not None and bool(classify.opening_verb(self.doc.norm[a:e]))  # 此外,精简A、合并B
        return self._prescription(a, e, (s, e), "stated-answer", cont.group(0).strip(",，") if cont else
                                  self.scope.cue, strong_only=strong_only, need_modal=not acts)

    def _prescription(self, a: int, e: int, sent: tuple[int, int], rule: str, cue: str,
                      strong_only: bool, need_modal: bool = True) -> bool:
        """The clause of a sentence that prescribes: (actor) modal verb …, up to a purpose or
        example clause; a clause opening with 并/同时 is a second member."""
        norm = self.doc.norm
        for cs, ce in clauses(norm, a, e):
            start = after_modal(norm, cs, ce, strong_only)
            if start is None:
                if need_modal or not classify.opening_verb(norm[cs:ce]):
                    if strong_only or need_modal:
                        continue
                start = cs
            end = cut_tail(norm, start, e)
            found = False
            for ma, mb in chain_members(norm, start, end):
                if patterns()["announce"].search(norm, ma, mb):
                    continue
                found = self.emit(NodeType.COUNTERMEASURE, ma, mb, sent, rule, cue) is not None or found
            return found
        return False


# ---------------------------------------------------------------- entry point

def prose_drafts(doc: Document, outline: Outline, known: list[Draft]) -> list[Draft]:
    """Nodes stated in the prose outside every item, except those an item already gives."""
    headings = {(e.start, e.head_end) for e in outline.entries
                if e.kind == "section" and e.style != "sequence"}
    heads = sorted(headings)
    reach = list(accumulate((he for _, he in heads), max))  # furthest heading end so far
    reader = _Reader(doc, outline)
    reader.listed = tuple(sorted(k.start for k in known if k.type is NodeType.PROBLEM))
    for ls, le in unwrapped(doc.norm, outline.free_lines):
        wrapped = "\n" in doc.norm[ls:le]
        k = bisect.bisect_right(heads, (ls, len(doc.norm))) - 1
        if k >= 0 and reach[k] > ls:  # a section heading's line: its words are no statement
            reader.scope = None
            reader.last_problems = []
            continue
        reader.read(ls, le, wrapped)
    typed = {k.entry for k in known if k.entry is not None}
    for s, e in item_bodies(outline, typed):
        reader.scope, reader.last_problems = None, []
        reader.read(s, e)
    every = {e.id for e in outline.entries}
    untyped, plain = every - typed, not_topic_lines(outline)  # untyped bodies were read above
    for s, e in item_bodies(outline, untyped | plain):
        reader.scope, reader.last_problems = None, []
        reader.read(s, e)
    own = item_bodies(outline, untyped | (every - plain))  # typed items' own elaboration
    for s, e in closing_paragraphs(doc.norm, own + item_tails(outline)):
        reader.scope, reader.last_problems = None, []
        reader.read(s, e)
    first, taken = first_items(known), Taken(known)
    out = [d for d in reader.out if not taken.covers(d) and not summary(d, first)
           and not restates_central(doc.norm, d, known) and not elaborates(d, own)]
    # an effect whose cause another rule already read (由于A,导致B in an item) is that item's
    # own elaboration, not a problem of its own
    said = {(d.text_start, d.text_end) for d in out if d.rule == "prose-cause"}
    return [d for d in out if d.rule != "prose-effect" or (d.text_start, d.text_end) in said]


def paragraph_lists(doc: Document, outline: Outline, drafts: list[Draft]) -> list[Draft]:
    """A paragraph the outline took for an item, whose naming sentence is an in-sentence
    list of the item's type (目前存在的问题包括A、B等), gives one node per member instead of
    one for the whole sentence."""
    by_id = outline.by_id
    out: list[Draft] = []
    for d in drafts:
        e = by_id.get(d.entry) if d.entry is not None else None
        members: list[Draft] = []
        if e is not None and e.how == "para":
            reader = _Reader(doc, outline)
            reader.read(e.head_start, e.head_end)
            members = [m for m in reader.out if m.type is d.type and m.rule.endswith("-list")]
        if len(members) < 2:
            out.append(d)
            continue
        for m in members:
            m.report, m.parent_entry, m.section = d.report, d.parent_entry, d.section
        out += members
    return out


__all__ = ["prose_drafts", "cues", "STRIP"]

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

import re
from dataclasses import dataclass, field
from functools import cache

from policykg.common import lexicon
from policykg.cues import content as classify
from policykg.extract.drafts import STRIP, Draft, clean
from policykg.extract.stated import full_sentences, report_at
from policykg.models import Document, NodeType
from policykg.outline.structure import Outline

_ANAPHOR = re.compile(r"上述|以上|这|此|该|其|造成|导致|出现")  # a subject that points back is no name
_TYPES = {t.value: t for t in NodeType}
_OPEN_QUOTE, _CLOSE_QUOTE = "“「『\"", "”」』\""


@dataclass(frozen=True)
class _Cues:
    nouns: dict[str, NodeType]
    words: dict[str, tuple[str, ...]]  # kind -> words, longest first

    def alt(self, kind: str) -> str:
        return "|".join(map(re.escape, self.words.get(kind, ())))


@cache
def cues() -> _Cues:
    nouns: dict[str, NodeType] = {}
    words: dict[str, list[str]] = {}
    for row in lexicon.table("policykg.extract", "prose_cues.tsv"):
        kind, word = row[0], row[1]
        words.setdefault(kind, []).append(word)
        if kind == "noun":
            nouns[word] = _TYPES[row[2]]
    return _Cues(nouns, {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in words.items()})


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    c = cues()
    noun, verb = c.alt("noun"), c.alt("list-verb")
    body = r"[^。;；:：,，?？!！]"
    return {
        # 存在A、B等问题 / 面临着A、B和C等现实阻碍
        "noun-after": re.compile(
            rf"(?:{verb})(?:着|了)?(?P<list>{body}{{4,160}}?)等?"
            rf"(?:[一二三四五六七八九十两几多]+[大个项类种方面点]|现实|突出|主要|诸多|一系列|方面|的)?"
            rf"(?P<noun>{noun})"),
        # 存在的问题包括A、B等
        "noun-before": re.compile(
            rf"(?P<noun>{noun})(?:主要)?(?:包括|有|是|表现为|表现在)[:：]?(?P<list>{body}{{4,160}})"),
        # A、B和C成为…三大难题
        "list-is-noun": re.compile(
            rf"(?P<list>{body}{{4,160}}?)等?(?:成为|是|构成)(?:了)?{body}{{0,12}}?(?P<noun>{noun})"),
        # 究其原因,主要由于A、B等造成
        "cause-lead": re.compile(
            rf"(?P<cue>{c.alt('cause-lead')})[,，:：]?(?:主要)?(?:是|在于|有)?(?:由于)?[,，]?"
            rf"(?P<list>[^。;；:：?？!！]{{2,200}})"),
        # 文章提出要A、B,以期…
        "measure-lead": re.compile(rf"(?:^|[,，])(?:(?:{c.alt('writer')})(?:还|也|进一步|最后)?)?(?P<cue>{c.alt('measure-lead')})[,，:：]?(?P<list>[^。;；:：?？!！]{{4,200}})"),
        # 通过A、B等方式(予以破解)
        "means": re.compile(
            rf"(?:^|[,，])(?:[^,，。]{{0,12}}?(?:{c.alt('modal')}))?(?P<cue>{c.alt('means')})"
            rf"(?P<list>{body}{{4,160}}?)等?(?P<noun>方式|途径|手段|措施|方法|办法)"),
        # A、B等因素,使得X
        "effect": re.compile(
            rf"(?P<list>{body}{{2,160}}、{body}{{2,160}}?)等(?:因素|原因)?[,，]?"
            rf"(?P<cue>{c.alt('effect')})(?P<x>[^。;；?？!！]{{4,80}})"),
        "cause-end": re.compile(rf"等?(?:因素|原因)?(?:所|而)?(?:{c.alt('cause-end')})(?:的)?$"),
        "tail": re.compile(rf"[,，](?:{c.alt('tail')})"),
        "modal": re.compile(rf"(?:{c.alt('modal')})"),
        "announce": re.compile(c.alt("announce")),
        "seq": re.compile(rf"(?P<cue>{c.alt('seq-start')}|{c.alt('seq-next')})(?:是|点)?[,，:：]?"),
        "measure-scope": re.compile(rf"(?P<cue>{c.alt('scope-measure')})[,，]?"),
        "purpose": re.compile(rf"(?P<cue>{c.alt('purpose')})(?P<aim>(?:(?!{c.alt('modal')}|不|没|能)[^,，。]){{2,24}})[,，]"),
        # X的原因是多方面的 / X源自多重因素 / 为什么会有X?
        "subject": re.compile(
            r"(?P<subj>[^,，。:：;；\s]{2,24}?)的?(?P<cue>原因是多方面的|原因有很多|原因有以下几|"
            r"(?:源自|源于|来自)(?:多重|多种|多方面|以下)(?:因素|原因))"),
        "question": re.compile(r"(?P<cue>为什么会|为何会|为什么)(?:有|出现|产生|发生)?(?P<subj>[^?？,，。]{2,24})$"),
        # X是(其中的)(主要|一个|亟待解决的)问题(之一) / X是另一大元凶 / X加剧问题
        "is-problem": re.compile(rf"^(?P<x>.{{4,60}}?)也?是(?:其中的)?[^,，。]{{0,12}}?(?P<cue>问题|难题|挑战)(?:之一)?$"),
        "is-cause": re.compile(
            rf"^(?P<x>.{{2,60}}?)(?:也)?(?:是|为|成为)(?:另)?[^,，。]{{0,8}}?(?P<cue>{c.alt('cause-noun')})(?:之一)?$"),
        "worsens": re.compile(r"^(?P<x>.{2,40}?)(?P<cue>加剧|加重|恶化)(?:了)?(?:这一|这个|该|上述)?问题$"),
        "problem-rises": re.compile(
            r"(?P<x>[^,，。]{2,40}问题)(?:日益|愈发|越来越|愈加|更加|十分|尤为)?(?P<cue>凸显|突出|严重|显现|严峻)"),
        "has-problem": re.compile(r"^(?P<x>[^,，。]{2,40}存在(?P<what>[^,，。]{2,24})问题)$"),
        "no-members": re.compile(r"^(?:例如|比如|譬如|如(?!要)|据(?!此)|根据|数据显示|调查|研究显示|研究表明|以|某)"),
        "continue": re.compile(r"^(?:同时|此外|另外|并且|还|而且)[,，]?"),
    }


@dataclass
class _Scope:
    type: NodeType
    cue: str
    holder: Draft | None = None  # the one problem the scope answers
    marked: bool = False  # a sequence marker was seen: only marked sentences are members


@dataclass
class _Reader:
    doc: Document
    outline: Outline
    out: list[Draft] = field(default_factory=list)
    scope: _Scope | None = None
    last_problems: list[Draft] = field(default_factory=list)  # problems of the last sentence that had any

    # ------------------------------------------------------------ output

    def emit(self, ntype: NodeType, a: int, b: int, sent: tuple[int, int], rule: str, cue: str,
             parent: Draft | None = None) -> Draft | None:
        a, b = _trim(self.doc.norm, a, b, ntype)
        if b - a < 2 or not any(ch.isalnum() for ch in self.doc.norm[a:b]):
            return None
        if _patterns()["announce"].search(self.doc.norm, a, b):
            return None
        holder = self.scope.holder if self.scope else None
        if holder is not None and ntype is not NodeType.PROBLEM and rule.startswith("stated-"):
            holder.text_end = max(holder.text_end, sent[1])
        elif ntype is not NodeType.PROBLEM:
            rule = rule.replace("stated-", "prose-")
        d = Draft(ntype, a, b, sent[0], sent[1], rule, cue, report_at(self.outline, a),
                  key=f"prose:{a}:{b}", parent_key=parent.key if parent else None)
        self.out.append(d)
        return d

    # ------------------------------------------------------------ one sentence

    def read(self, s: int, e: int) -> None:
        """One line or paragraph; a scope does not outlive a paragraph that adds nothing."""
        before = len(self.out)
        for ss, se in full_sentences(self.doc.norm, s, e):
            self.sentence(ss, se)
        if len(self.out) == before:
            self.scope = None

    def sentence(self, s: int, e: int) -> None:
        s, e = clean(self.doc.norm, s, e)
        if e - s < 4:
            return
        text = self.doc.norm[s:e]
        pats = _patterns()
        if pats["no-members"].match(text):
            return
        problems: list[Draft] = []
        if self._lead(s, e, text, problems) or self._frames(s, e, text, problems) or \
                self._member(s, e, text, problems):
            pass
        if problems:
            self.last_problems = problems

    def _lead(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """A sentence that opens a scope; the rest of it may still hold a member."""
        pats = _patterns()
        m = pats["subject"].search(text) or pats["question"].search(text)
        if m and _ANAPHOR.search(m.group("subj")):
            m = None
        if m:
            subj = self.emit(NodeType.PROBLEM, s + m.start("subj"), s + m.end("subj"), (s, e),
                             "prose-subject", m.group("cue"))
            if subj is not None:
                problems.append(subj)
            self.scope = _Scope(NodeType.CAUSE, m.group("cue"), subj)
            rest = s + m.end()
            if rest < e:
                self._member(rest, e, self.doc.norm[rest:e], problems)
            return True
        m = pats["measure-scope"].match(text)
        p = pats["purpose"].match(text)
        if m or (p and pats["modal"].search(text, p.end())):
            holder = self.last_problems[0] if len(self.last_problems) == 1 else None
            self.scope = _Scope(NodeType.COUNTERMEASURE, (m or p).group("cue"), holder)
            rest = s + (m or p).end()
            if not self._frames(rest, e, self.doc.norm[rest:e], problems):
                self._prescription(rest, e, (s, e), "stated-answer", self.scope.cue, strong_only=False)
            return True
        return False

    def _frames(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        """List frames: a lead naming what the list is a list of, and its members."""
        colon = _colon(text)
        if colon is not None and self._colon_frame(s, e, text, colon, problems):
            return True
        pats = _patterns()
        for name in ("cause-lead", "effect", "means", "noun-after", "noun-before", "list-is-noun",
                     "measure-lead"):
            m = pats[name].search(text)
            if m is None:
                continue
            found = getattr(self, f"_frame_{name.replace('-', '_')}")(s, e, text, m, problems)
            if found:
                return True
        return False

    def _colon_frame(self, s: int, e: int, text: str, colon: int, problems: list[Draft]) -> bool:
        pats, c = _patterns(), cues()
        cut = max(text.rfind(",", 0, colon), text.rfind("，", 0, colon)) + 1
        head = text[cut:colon]
        lead = pats["cause-lead"].search(head)
        nouns = [(head.rfind(n), n) for n in c.nouns if n in head[-10:]]
        parent_span = None
        if lead:
            ntype, cue = NodeType.CAUSE, lead.group("cue")
            parent_span = (cut + lead.end("cue"), colon)
        elif nouns:
            at, noun = max(nouns, key=lambda x: (x[0], len(x[1])))
            if _quoted(head[:at]):  # 存在“X”的问题: what follows describes X
                return False
            ntype, cue = c.nouns[noun], noun
        else:
            mm = pats["modal"].search(head)
            if mm is None or not classify.opening_verb(head[mm.end():]):
                return False
            ntype, cue = NodeType.COUNTERMEASURE, mm.group(0)
            parent_span = (cut + mm.end(), colon)
        parent = None
        if parent_span is not None:
            a, b = _strip_fillers(text, *parent_span)
            if b - a >= 4 and (_quoted(text[a:b]) or ntype is NodeType.COUNTERMEASURE):
                parent = self.emit(ntype, s + a, s + b, (s, e), "prose-list-lead", cue)
        end = _cut_tail(text, colon + 1, len(text))
        members = _split(text, colon + 1, end, ntype)
        if len(members) < 2:
            return False
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            d = self.emit(ntype, s + a, s + b, (s, e), rule, cue, parent)
            if d is not None and ntype is NodeType.PROBLEM:
                problems.append(d)
        return True

    def _answers(self) -> bool:
        return self.scope is not None and self.scope.holder is not None

    def _frame_cause_lead(self, s, e, text, m, problems) -> bool:
        start, end = m.start("list"), len(text)
        stop = _patterns()["cause-end"].search(text, start)
        if stop:
            end = stop.start()
        end = _cut_tail(text, start, end)
        before = text[:m.start("cue")].rstrip(",，")
        holder = None
        if 4 <= len(before) <= 30 and "," not in before and "，" not in before and \
                not _ANAPHOR.search(before):
            holder = self.emit(NodeType.PROBLEM, s, s + len(before), (s, e), "prose-subject",
                               m.group("cue"))
            if holder is not None:
                problems.append(holder)
        elif len(self.last_problems) == 1 and re.search(r"这|此|其", before + m.group("cue")):
            holder = self.last_problems[0]
        self.scope = _Scope(NodeType.CAUSE, m.group("cue"), holder)
        members = _split(text, start, end, NodeType.CAUSE)
        for a, b in members:
            self.emit(NodeType.CAUSE, s + a, s + b, (s, e), "stated-list", m.group("cue"))
        return bool(members)

    def _frame_effect(self, s, e, text, m, problems) -> bool:
        a0 = max(text.rfind(",", 0, m.start("list") + 1), text.rfind("，", 0, m.start("list") + 1)) + 1
        members = _split(text, max(a0, m.start("list")), m.end("list"), NodeType.CAUSE)
        if len(members) < 2:
            return False
        xa, xb = m.start("x"), _first_clause(text, m.start("x"), m.end("x"))
        effect = self.emit(NodeType.PROBLEM, s + xa, s + xb, (s, e), "prose-effect", m.group("cue"))
        if effect is not None:
            problems.append(effect)
            effect.text_end = e
        self.scope = _Scope(NodeType.CAUSE, m.group("cue"), effect)
        for a, b in members:
            self.emit(NodeType.CAUSE, s + a, s + b, (s, e), "stated-list", m.group("cue"))
        return True

    def _frame_means(self, s, e, text, m, problems) -> bool:
        earlier = text[:m.start()]
        if any(_opens_prescription(cl) for cl in re.split(r"[,，]", earlier) if cl):
            return False
        members = _split(text, m.start("list"), m.end("list"), NodeType.COUNTERMEASURE)
        if not members:
            return False
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            self.emit(NodeType.COUNTERMEASURE, s + a, s + b, (s, e), rule, m.group("cue"))
        return True

    def _noun_list(self, s, e, text, m, problems, rule_name: str) -> bool:
        ntype = cues().nouns[m.group("noun")]
        members = _split(text, m.start("list"), m.end("list"), ntype)
        if len(members) < 2:
            return False
        parent = None
        if ntype is NodeType.PROBLEM and len(self.last_problems) == 1 and rule_name == "noun-before":
            parent = self.last_problems[0]
        rule = "stated-list" if ntype is not NodeType.PROBLEM and self._answers() else "prose-list"
        for a, b in members:
            d = self.emit(ntype, s + a, s + b, (s, e), rule, m.group("noun"), parent)
            if d is not None and ntype is NodeType.PROBLEM:
                problems.append(d)
        if parent is not None:
            problems[:] = [parent]
        return True

    def _frame_noun_after(self, s, e, text, m, problems) -> bool:
        return self._noun_list(s, e, text, m, problems, "noun-after")

    def _frame_noun_before(self, s, e, text, m, problems) -> bool:
        return self._noun_list(s, e, text, m, problems, "noun-before")

    def _frame_list_is_noun(self, s, e, text, m, problems) -> bool:
        return self._noun_list(s, e, text, m, problems, "list-is-noun")

    def _frame_measure_lead(self, s, e, text, m, problems) -> bool:
        end = _cut_tail(text, m.start("list"), len(text))
        noun = re.search(rf"等[^、,，]{{0,6}}?(?:{cues().alt('noun')})$", text[:end])
        end = noun.start() if noun and noun.start() > m.start("list") else end
        if _patterns()["announce"].search(text, m.start("list"), end):
            return False  # 建议从以下几个方面着手 / 从A、B两个方面加强: only announces
        members = _split(text, m.start("list"), end, NodeType.COUNTERMEASURE)
        if not members:
            return False
        if self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE:
            self.scope = _Scope(NodeType.COUNTERMEASURE, m.group("cue"),
                                self.last_problems[0] if len(self.last_problems) == 1 else None)
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            self.emit(NodeType.COUNTERMEASURE, s + a, s + b, (s, e), rule, m.group("cue"))
        return True

    # ------------------------------------------------------------ sequence and scope members

    def _member(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        pats = _patterns()
        m = pats["seq"].match(text)
        if m is None:
            return self._unmarked(s, e, text, problems)
        a = s + m.end()
        body = self.doc.norm[a:e]
        own = _own_type(body)
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
        if self.scope is None:
            return False
        self.scope.marked = True
        if self.scope.type is NodeType.COUNTERMEASURE:
            return self._prescription(a, e, (s, e), "stated-sequence", m.group("cue"), strong_only=False,
                                      need_modal=False)
        if self.scope.type is NodeType.CAUSE:
            b = _cut_tail(self.doc.norm, a, e)
            b = _first_clause(self.doc.norm, a, b)
            self._seq_emit(NodeType.CAUSE, a, b, (s, e), m.group("cue"))
            return True
        return False

    def _seq_emit(self, ntype, a, b, sent, cue) -> None:
        if self.scope is None or self.scope.type is not ntype:
            self.scope = _Scope(ntype, cue, None)
        self.scope.marked = True
        self.emit(ntype, a, b, sent, "stated-sequence", cue)

    def _unmarked(self, s: int, e: int, text: str, problems: list[Draft]) -> bool:
        pats = _patterns()
        own = _own_type(text)
        if own is not None and own[0] is NodeType.CAUSE and self.scope and self.scope.type is NodeType.CAUSE:
            self.emit(NodeType.CAUSE, s + own[1], s + own[2], (s, e), "stated-sequence", own[3])
            return True
        for name in ("has-problem", "problem-rises"):
            m = pats[name].search(text)
            if m and not pats["announce"].search(m.group("x")):
                d = self.emit(NodeType.PROBLEM, s + m.start("x"), s + m.end("x"), (s, e),
                              "prose-problem", m.group(0)[-2:] if name != "has-problem" else "存在")
                if d is not None:
                    problems.append(d)
                    self.scope = _Scope(NodeType.PROBLEM, "存在", d)
                return True
        if self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE:
            return False
        cont = pats["continue"].match(text)
        strong_only = self.scope.marked and cont is None
        a = s + (cont.end() if cont else 0)
        return self._prescription(a, e, (s, e), "stated-answer", cont.group(0).strip(",，") if cont else
                                  self.scope.cue, strong_only=strong_only)

    def _prescription(self, a: int, e: int, sent: tuple[int, int], rule: str, cue: str,
                      strong_only: bool, need_modal: bool = True) -> bool:
        """The clause of a sentence that prescribes: (actor) modal verb …, up to a purpose or
        example clause; a clause opening with 并/同时 is a second member."""
        norm = self.doc.norm
        for cs, ce in _clauses(norm, a, e):
            start = _after_modal(norm, cs, ce, strong_only)
            if start is None:
                if need_modal or not classify.opening_verb(norm[cs:ce]):
                    if strong_only or need_modal:
                        continue
                start = cs
            end = _cut_tail(norm, start, e)
            found = False
            for ma, mb in _chain_members(norm, start, end):
                if _patterns()["announce"].search(norm, ma, mb):
                    continue
                found = self.emit(NodeType.COUNTERMEASURE, ma, mb, sent, rule, cue) is not None or found
            return found
        return False


# ---------------------------------------------------------------- clause helpers

def _own_type(body: str) -> tuple[NodeType, int, int, str] | None:
    """A member's own predicate: X是…问题 (Problem), X是…元凶 / X加剧问题 (Cause)."""
    pats = _patterns()
    first = _first_clause(body, 0, len(body))
    clause = body[:first]
    for name, ntype in (("is-problem", NodeType.PROBLEM), ("is-cause", NodeType.CAUSE),
                        ("worsens", NodeType.CAUSE)):
        m = pats[name].match(clause)
        if m:
            return ntype, m.start("x"), m.end("x"), m.group("cue")
    return None


def _opens_prescription(clause: str) -> bool:
    return _after_modal(clause, 0, len(clause), strong_only=False) is not None


def _after_modal(norm: str, s: int, e: int, strong_only: bool) -> int | None:
    """Where the verb starts after an (actor +) modal at the head of a clause, if any."""
    pats = _patterns()
    m = pats["modal"].search(norm, s, min(e, s + 14))
    if m is None:
        return None
    strong = m.group(0) in _STRONG_MODALS
    if strong_only and not strong:
        return None
    actor = norm[s:m.start()]
    if re.search(r"[,，、]|不|没|难|的话", actor):
        return None
    if not strong and not (classify.opening_verb(norm[m.end():e]) or
                           re.match(r"(?:也|还|再)?(?:从|对|把|将|在|向|通过)", norm[m.end():e])):
        return None  # 既要“面子”: a weak modal before no action is no prescription
    return m.end() if m.end() < e else None


_STRONG_MODALS = frozenset({"应", "应该", "应当", "需", "需要", "须", "必须", "还须", "还需", "亟需", "亟须"})


def _clauses(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    out, i = [], s
    for j in range(s, e):
        if norm[j] in ",，":
            out.append((i, j))
            i = j + 1
    out.append((i, e))
    return [(a, b) for a, b in out if b > a]


def _chain_members(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """A prescription's clauses: split where a clause opens with 并/同时/还要; a 、 list of
    verb phrases (精简A、合并B) is one member each."""
    out, start = [], s
    for m in re.finditer(r"[,，](?=并且|并|同时|还要|也要|再)", norm[s:e]):
        out.append((start, s + m.start()))
        start = s + m.end()
    out.append((start, e))
    members = []
    for a, b in out:
        first = _first_clause(norm, a, b)
        parts = _split(norm, a, b, NodeType.COUNTERMEASURE)
        if len(parts) >= 2 and all(classify.opening_verb(_fill(norm, x, y)) for x, y in parts):
            members += parts
        else:
            members.append((a, b if first - a < 4 else first) if not _verbish(norm, first, b) else (a, b))
    return members


def _verbish(norm: str, first: int, b: int) -> bool:
    """The clause after the first opens with an action verb too (借鉴A,引入B): one chain."""
    if first >= b:
        return False
    nxt = norm[first + 1:b]
    return bool(classify.opening_verb(nxt)) and not _patterns()["tail"].match("," + nxt)


def _fill(norm: str, a: int, b: int) -> str:
    a, b = _strip_fillers(norm, a, b)
    return norm[a:b]


def _first_clause(text: str, a: int, b: int) -> int:
    depth = 0
    for j in range(a, b):
        ch = text[j]
        if ch in _OPEN_QUOTE and ch != '"':
            depth += 1
        elif ch in _CLOSE_QUOTE and ch != '"':
            depth = max(0, depth - 1)
        elif ch in ",，" and depth == 0:
            return j
    return b


def _cut_tail(text: str, a: int, b: int) -> int:
    """End a member before a purpose, result or example clause."""
    m = _patterns()["tail"].search(text, a, b)
    return m.start() if m else b


def _colon(text: str) -> int | None:
    for j, ch in enumerate(text):
        if ch in ":：":
            return j if 2 <= j and len(text) - j > 4 else None
    return None


def _quoted(text: str) -> bool:
    return any(q in text for q in _OPEN_QUOTE)


def _top_level(text: str, a: int, b: int, seps: str) -> list[int]:
    """Positions of separators outside quotes."""
    out, depth = [], 0
    for j in range(a, b):
        ch = text[j]
        if ch in _OPEN_QUOTE and ch != '"':
            depth += 1
        elif ch in _CLOSE_QUOTE and ch != '"':
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append(j)
    return out


_CAUSAL = re.compile(r"导致|造成|致使|使得|引发")
_AND = re.compile(r"以及|及|和")


def _split(text: str, a: int, b: int, ntype: NodeType) -> list[tuple[int, int]]:
    """One span per member of an in-sentence list: on ; when there is one (each part's
    first clause), else on , between clauses that each state a chain (A导致B,C导致D), else
    on 、 and , ; a last member joined by 和/及 is split off when both halves are of the type."""
    text_b = b
    semis = _top_level(text, a, text_b, ";；")
    if semis:
        parts = _cut(a, text_b, semis)
        parts = [(_past_marker(text, x, y), y) for x, y in parts]
        return [p for p in ((x, _first_clause(text, x, y)) for x, y in parts) if _ok(text, *p)]
    commas = _top_level(text, a, text_b, ",，")
    by_comma = _cut(a, text_b, commas)
    if commas and any(_CAUSAL.search(text, x, y) for x, y in by_comma):
        return [p for p in by_comma if _ok(text, *p)]
    parts = _cut(a, text_b, _top_level(text, a, text_b, "、,，"))
    out = []
    for x, y in parts:
        out += _split_and(text, x, y, ntype)
    return [p for p in out if _ok(text, *p)]


def _past_marker(text: str, a: int, b: int) -> int:
    a = clean(text, a, b)[0]
    m = _patterns()["seq"].match(text, a, b)
    return m.end() if m else a


def _cut(a: int, b: int, at: list[int]) -> list[tuple[int, int]]:
    out, i = [], a
    for j in at:
        out.append((i, j))
        i = j + 1
    out.append((i, b))
    return out


def _split_and(text: str, a: int, b: int, ntype: NodeType) -> list[tuple[int, int]]:
    for m in _AND.finditer(text, a, b):
        left, right = (a, m.start()), (m.end(), b)
        if right[1] - right[0] < 4 or left[1] - left[0] < 4:
            continue
        lt, rt = _fill(text, *left), _fill(text, *right)
        if ntype is NodeType.COUNTERMEASURE:
            both = classify.opening_verb(lt) and classify.opening_verb(rt)
        else:
            both = classify.problem_word(lt) and classify.problem_word(rt) and \
                not classify.problem_word(text[m.start():m.start() + 4])
        if both:
            return [left, right]
    return [(a, b)]


def _ok(text: str, a: int, b: int) -> bool:
    a, b = _strip_fillers(text, a, b)
    return b - a >= 2 and not _patterns()["announce"].match(text, a)


def _strip_fillers(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = clean(text, a, b)
    seq = _patterns()["seq"].match(text, a, b)
    if seq and b - seq.end() >= 2:
        a, b = clean(text, seq.end(), b)
    fillers = cues().words.get("filler", ())
    changed = True
    while changed and a < b:
        changed = False
        for w in fillers:
            if text.startswith(w, a) and b - a - len(w) >= 2:
                a += len(w)
                a, b = clean(text, a, b)
                changed = True
                break
    while b > a and text[b - 1] == "等":
        b -= 1
    if text.endswith("等等", 0, b):
        b -= 2
    return clean(text, a, b)


def _trim(norm: str, a: int, b: int, ntype: NodeType) -> tuple[int, int]:
    a, b = _strip_fillers(norm, a, b)
    if ntype is NodeType.COUNTERMEASURE:
        m = _after_modal(norm, a, b, strong_only=False)
        if m is not None and m - a <= 10:
            a, b = _strip_fillers(norm, m, b)
    m = re.match(r"关于(.+)的问题$", norm[a:b])
    if m:
        a, b = a + 2, a + 2 + len(m.group(1))
    return clean(norm, a, b)


# ---------------------------------------------------------------- entry point

def prose_drafts(doc: Document, outline: Outline, known: list[Draft]) -> list[Draft]:
    """Nodes stated in the prose outside every item, except those an item already gives."""
    headings = {(e.start, e.head_end) for e in outline.entries
                if e.kind == "section" and e.style != "sequence"}
    heading_lines = {s for s, _ in headings}
    reader = _Reader(doc, outline)
    for ls, le in outline.free_lines:
        if ls in heading_lines or any(hs <= ls < he for hs, he in headings):
            reader.scope = None
            reader.last_problems = []
            continue
        reader.read(ls, le)
    typed = {k.entry for k in known if k.entry is not None}
    for s, e in _item_bodies(outline, typed):
        reader.scope, reader.last_problems = None, []
        reader.read(s, e)
    first = _first_items(known)
    return [d for d in reader.out if not _covered(d, known) and not _summary(d, first)]


def _item_bodies(outline: Outline, typed: set[int]) -> list[tuple[int, int]]:
    """The text after the naming clause, up to the first sub-item, of each item no rule
    could type (a prose paragraph the outline took for an item); typed items' bodies are
    their own elaboration (read by policykg.stated)."""
    out = []
    for e in outline.entries:
        if e.kind != "item" or e.id in typed:
            continue
        kids = [k.start for k in outline.children(e.id)]
        end = min(kids, default=e.end)
        if end - e.head_end > 4:
            out.append((e.head_end, end))
    return out


def _first_items(known: list[Draft]) -> dict[tuple[int, NodeType], int]:
    """Where each report's first item of each type starts."""
    first: dict[tuple[int, NodeType], int] = {}
    for k in known:
        if k.entry is not None:
            first[(k.report, k.type)] = min(first.get((k.report, k.type), k.start), k.start)
    return first


def _summary(d: Draft, first: dict[tuple[int, NodeType], int]) -> bool:
    """A list in an abstract or lead before the enumerated body only summarises it
    (…面临诸多挑战:A、B / 摘要: 存在A、B等问题…) when items of its type follow, as does
    a problem stated before the body's own problem items."""
    if d.rule.endswith("-list") or d.type is NodeType.PROBLEM:
        return d.start < first.get((d.report, d.type), -1)
    return False


def _covered(d: Draft, known: list[Draft]) -> bool:
    return any(k.type is d.type and k.start < d.end and d.start < k.end for k in known)


__all__ = ["prose_drafts", "cues", "STRIP"]

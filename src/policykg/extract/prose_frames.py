"""List frames of the prose reader (policykg.extract.prose): a lead that says what the list
after it is a list of (面临A、B等阻碍 / 究其原因,主要由于A、B / 主要有三大原因:A、B / 提出要A、B /
通过A、B等方式 / A、B等因素,使得X / 进一步分析表明,A;B), and the problems a lead points back
to. A mixin of the reader: each frame reads one sentence and emits through the reader."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from policykg.cues import content as classify
from policykg.extract.drafts import Draft
from policykg.extract.prose_spans import (
    ANAPHOR, QUALIFIER, STRONG_MODALS, clause_groups, clauses, cues, cut_tail, explains, find_modal, first_clause,
    measure_members, opens_prescription, patterns, quoted, shortfall, split_members, strip_fillers)
from policykg.models import NodeType


@dataclass
class Scope:
    type: NodeType
    cue: str
    holder: Draft | None = None  # the one problem the scope answers
    others: tuple[Draft, ...] = ()  # problems stated jointly with the holder (究其原因 after A,B)
    marked: bool = False  # a sequence marker was seen: only marked sentences are members


class Frames:
    """The list frames, read into the reader's ``out`` and ``scope``."""

    def _colon_frame(self, s: int, e: int, text: str, colon: int, problems: list[Draft]) -> bool:
        pats, c = patterns(), cues()
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
            if quoted(head[:at]):  # 存在“X”的问题: what follows describes X
                return False
            ntype, cue = c.nouns[noun], noun
        else:
            mm = find_modal(head)
            if mm is None or not (classify.opening_verb(head[mm.end():]) or mm.group("m") in STRONG_MODALS):
                return False
            ntype, cue = NodeType.COUNTERMEASURE, mm.group("m")
            parent_span = (cut + mm.end(), colon)
        parent = None
        if parent_span is not None:
            a, b = strip_fillers(text, *parent_span)
            if b - a >= 4 and (quoted(text[a:b]) or ntype is NodeType.COUNTERMEASURE):
                parent = self.emit(ntype, s + a, s + b, (s, e), "prose-list-lead", cue)
        end = cut_tail(text, colon + 1, len(text))
        members = split_members(text, colon + 1, end, ntype, listed=True)
        if len(members) < 2:
            return False
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            d = self.emit(ntype, s + a, s + b, (s, e), rule, cue, parent)
            if d is not None and ntype is NodeType.PROBLEM:
                problems.append(d)
        return True

    def _stated_before(self, cue: str) -> list[Draft]:
        """The problems of the sentence before a lead that points back to it (…乡村人口数量减少,
        结构恶化。究其原因…): one per clause group, leading adverbials dropped, an elaboration
        (尤其是…) or a bare predicate kept with the clause before it. Only a sentence of the same
        paragraph that gave no node and says something goes wrong."""
        ps, pe, gave = self.prev
        norm = self.doc.norm
        if gave or pe <= ps or ps < self.para[0] or not classify.problem_word(norm[ps:pe]) or \
                patterns()["no-members"].match(norm[ps:pe]):
            return []
        groups = clause_groups(norm, ps, pe)
        if not 1 <= len(groups) <= 4:
            return []
        out = [self.emit(NodeType.PROBLEM, a, b, (ps, pe), "prose-stated-before", cue) for a, b in groups]
        return [d for d in out if d is not None]

    def _one_problem(self) -> Draft | None:
        return self.last_problems[0] if len(self.last_problems) == 1 else None

    def _answers(self) -> bool:
        return self.scope is not None and self.scope.holder is not None

    def _frame_cause_lead(self, s, e, text, m, problems) -> bool:
        start, end = m.start("list"), len(text)
        if text[m.end("list"):m.end("list") + 1] in (":", "："):
            end = m.end("list")  # 究其根本,在于X:… what follows the colon elaborates X
        stop = patterns()["cause-end"].search(text, start)
        if stop:
            end = stop.start()
        end = cut_tail(text, start, end)
        if patterns()["not-cause-tail"].search(text, start, end):
            return False  # X本质上是Y的缩影: an exemplification
        before = text[:m.start("cue")].rstrip(",，")
        holder = None
        if 4 <= len(before) <= 30 and "," not in before and "，" not in before and \
                not ANAPHOR.search(before) and not QUALIFIER.match(before):
            holder = self.emit(NodeType.PROBLEM, s, s + len(before), (s, e), "prose-subject",
                               m.group("cue"))
            if holder is not None:
                problems.append(holder)
        elif len(self.last_problems) == 1 and re.search(r"这|此|其", before + m.group("cue")):
            holder = self.last_problems[0]
        others: list[Draft] = []
        if holder is None and not self.last_problems and re.search(r"这|此|其", before + m.group("cue")):
            others = self._stated_before(m.group("cue"))  # A减少,B恶化。究其原因…: A and B
            problems += others
            holder, others = (others[0], others[1:]) if others else (None, [])
        was = self.scope if self.scope is not None and self.scope.type is NodeType.CAUSE else None
        self.scope = Scope(NodeType.CAUSE, m.group("cue"), holder or (was.holder if was else None),
                            others=tuple(others), marked=bool(was and was.marked))  # 究其根本,在于X after a run
        at = s + m.start("list")
        says = patterns()["writer-says"].match(self.doc.norm[at + (self.doc.norm[at] in "本该"):e])
        at += (self.doc.norm[at] in "本该") + says.end() if says else 0
        if patterns()["seq"].match(self.doc.norm[at:e]):  # 究其成因,(本研究认为,)一方面,A;另一方面,B
            self._member(at, e, self.doc.norm[at:e], problems)
            return True
        more = patterns()["also-with"].search(text, start)  # 既源于A,也与B、C有关
        members = split_members(text, start, min(end, more.start()) if more else end, NodeType.CAUSE, pair=True)
        members += split_members(text, more.start("list"), more.end("list"), NodeType.CAUSE) if more else []
        if len(members) == 1 and not shortfall(text[slice(*members[0])]) and not QUALIFIER.match(before):
            return True  # 问题的根源在于行业结构: names the field the causes that follow lie in
        for a, b in members:
            self.emit(NodeType.CAUSE, s + a, s + b, (s, e), "stated-list", m.group("cue"))
        return bool(members)

    def _frame_explain(self, s, e, text, m, problems) -> bool:
        """进一步分析表明,A;B;C after a sentence that stated problems: when most members of
        the ;-list state a shortfall, they are the problems' causes."""
        listed = bisect.bisect_left(self.listed, s) > bisect.bisect_left(self.listed, self.para[0])
        if not (self.last_problems or listed) or not (";" in text or "；" in text):
            return False  # (1)A;(2)B。进一步分析表明,…: problems an inline list stated count
        members = split_members(text, m.end(), cut_tail(text, m.end(), len(text)), NodeType.CAUSE)
        if len(members) < 2 or 2 * sum(explains(text, a, b) for a, b in members) < len(members):
            return False
        self.scope = Scope(NodeType.CAUSE, m.group("cue"))
        for a, b in members:  # each member's own part of the list says what it brings about
            stop = min((i for i in (text.find(";", b), text.find("；", b)) if i >= 0), default=len(text))
            self.emit(NodeType.CAUSE, s + a, s + b, (s + a, s + stop), "prose-list", m.group("cue"))
        return True

    def _frame_effect(self, s, e, text, m, problems) -> bool:
        a0 = max(text.rfind(",", 0, m.start("list") + 1), text.rfind("，", 0, m.start("list") + 1)) + 1
        members = split_members(text, max(a0, m.start("list")), m.end("list"), NodeType.CAUSE)
        if len(members) < 2:
            return False
        xa, xb = m.start("x"), first_clause(text, m.start("x"), m.end("x"))
        effect = self.emit(NodeType.PROBLEM, s + xa, s + xb, (s, e), "prose-effect", m.group("cue"))
        if effect is not None:
            problems.append(effect)
            effect.text_end = e
        self.scope = Scope(NodeType.CAUSE, m.group("cue"), effect)
        for a, b in members:
            self.emit(NodeType.CAUSE, s + a, s + b, (s, e), "prose-cause", m.group("cue"))
        return True

    def _frame_causal(self, s, e, text, m, problems) -> bool:
        """A导致B stated outright (not inside a marked run of causes, not as a hypothesis):
        A is a Cause and B, with what else the sentence says it brings (也给X带来Y), Problems."""
        pats = patterns()
        if self.scope is not None and self.scope.marked:
            return False
        semi = max(text.rfind(";", 0, m.start()), text.rfind("；", 0, m.start())) + 1
        lead = pats["causal-lead"].match(text, semi)
        a = lead.end() if lead else semi
        cause = text[a:m.start()]
        if not 4 <= len(cause) <= 50 or ANAPHOR.match(cause) or pats["hypothetical"].search(cause) \
                or pats["causal"].search(cause):
            return False
        effects, pos = [], m.end()
        for cs, ce in clauses(text, m.end(), len(text)):
            if cs == pos or pats["brings"].match(text, cs):
                effects.append((cs, ce))
            else:
                break
        if not any(classify.problem_word(text[x:y]) or re.search(r"难题|隐患|问题|困境|矛盾", text[x:y])
                   for x, y in effects):
            return False  # nothing said to go wrong: a plain consequence
        for x, y in effects:
            d = self.emit(NodeType.PROBLEM, s + x, s + y, (s, e), "prose-effect", m.group("cue"))
            if d is not None:
                problems.append(d)
        self.emit(NodeType.CAUSE, s + a, s + m.start(), (s, e), "prose-cause", m.group("cue"))
        if semi and lead and lead.group(0).rstrip(",，") in cues().words.get("additive", ()):
            # A;加上B,最终导致X: the clause before the semicolon is a cause of X too
            ps, pe = clauses(text, 0, semi - 1)[-1]
            pl = pats["causal-lead"].match(text, ps)
            ps = pl.end() if pl else ps
            self.emit(NodeType.CAUSE, s + ps, s + pe, (s, e), "prose-cause", m.group("cue"))
        return True

    def _frame_means(self, s, e, text, m, problems) -> bool:
        earlier = text[:m.start()]
        if any(opens_prescription(cl) for cl in re.split(r"[,，]", earlier) if cl):
            return False
        members = split_members(text, m.start("list"), m.end("list"), NodeType.COUNTERMEASURE)
        if not members:
            return False
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            self.emit(NodeType.COUNTERMEASURE, s + a, s + b, (s, e), rule, m.group("cue"))
        return True

    def _noun_list(self, s, e, text, m, problems, rule_name: str) -> bool:
        ntype = cues().nouns[m.group("noun")]
        members = split_members(text, m.start("list"), m.end("list"), ntype)
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

    def _frame_measure_lead(self, s, e, text, m, problems) -> bool:
        end = cut_tail(text, m.start("list"), len(text))
        noun = re.search(rf"等[^、,，]{{0,6}}?(?:{cues().alt('noun')})$", text[:end])
        end = noun.start() if noun and noun.start() > m.start("list") else end
        if patterns()["announce"].search(text, m.start("list"), end):
            return False  # 建议从以下几个方面着手 / 从A、B两个方面加强: only announces
        members = measure_members(text, m.start("list"), end)
        if not members:
            return False
        if self.scope is None or self.scope.type is not NodeType.COUNTERMEASURE:
            self.scope = Scope(NodeType.COUNTERMEASURE, m.group("cue"),
                                self._one_problem())
        rule = "stated-list" if self._answers() else "prose-list"
        for a, b in members:
            self.emit(NodeType.COUNTERMEASURE, s + a, s + b, (s, e), rule, m.group("cue"))
        return True

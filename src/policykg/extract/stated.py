"""Statements found outside the enumeration: problems listed in a preamble sentence
(惟A、B,以及C等,均影响…), causes stated with an explicit connective (…,以致… /
由于…导致…), and causes or countermeasures a problem item or a free paragraph states
with a cue (究其原因…, 之所以…是因为…, 建议…)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from policykg.cues import content
from policykg.outline.clauses import CLAUSE_END
from policykg.extract.drafts import Draft, clean
from policykg.models import Document, NodeType
from policykg.outline.structure import Outline


_CONTRAST = re.compile(r"(?:惟|但是|但|然而|不过|可是)")
_LIST_END = re.compile(r"等(?:情形|情况|现象|问题|情事)?[,，]?(?:均|都|皆|也|仍|亦)?(?:已)?"
                       r"(?:影响|制约|阻碍|导致|造成|限制|妨碍|削弱|降低)")
_LIST_SEP = re.compile(r"、|[,，]?以及|[,，]及")
_CAUSAL = re.compile(r"[,，](?:以致|以至于|以至|致使|从而导致|进而导致|导致|造成)")
_EFFECT_ON = re.compile(r"[,，](?:而|进而|从而)?(?:严重)?影响(?:了|到)?[^,，。;；]{0,14}"
                        r"(?:成效|效果|效能|质量|功效|成果|进度|效率)")
_CAUSE_LEAD = re.compile(r"(?:惟|但是|但|然而|不过|由于|因为|因|加之|加上|而且|并且|以及|及|且|其中|另外|此外|而)+")
_CAUSE_TAIL = re.compile(r"(?:等|等等)(?:情事|情形|情况|现象|问题|原因|因素)?$")


def problem_list_drafts(doc: Document, outline: Outline) -> list[Draft]:
    """惟A、B,以及C等,均影响…: each listed statement with a problem word is a Problem."""
    out = []
    for ls, le in outline.free_lines:
        report = report_at(outline, ls)
        for sent_s, sent_e in _sentences(doc.norm, ls, le):
            sent = doc.norm[sent_s:sent_e]
            end = _LIST_END.search(sent)
            lead = _last_before(_CONTRAST, sent, end.start()) if end else None
            if not end or lead is None:
                continue
            parts = _split_list(sent, lead, end.start())
            if len(parts) < 2 or not all(content.problem_word(sent[a:b]) for a, b in parts):
                continue
            for a, b in parts:
                out.append(Draft(NodeType.PROBLEM, sent_s + a, sent_s + b, sent_s, sent_e,
                                  "problem-list", end.group(0), report))
    return out


def _last_before(pat: re.Pattern[str], text: str, limit: int) -> int | None:
    found = [m.end() for m in pat.finditer(text, 0, limit)]
    return found[-1] if found else None


def _split_list(sent: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, pos = [], start
    for m in _LIST_SEP.finditer(sent, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return [p for p in (_clean_span(sent, a, b) for a, b in parts) if p[1] - p[0] >= 4]


def _clean_span(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = clean(text, a, b)
    lead = _CAUSE_LEAD.match(text, a, b)
    if lead:
        a = lead.end()
    tail = _CAUSE_TAIL.search(text[a:b])
    if tail:
        b = a + tail.start()
    return clean(text, a, b)


def explicit_cause_drafts(doc: Document, outline: Outline, drafts: list[Draft]) -> list[Draft]:
    """Causes stated where no causes heading stands: in countermeasure bodies
    (X,以致Y / X,导致Y / X等情事,影响…成效) and in problem bodies, where only the
    plainest forms count (由于X,导致Y / X,以致Y): a problem's own elaboration often says
    导致 of its consequences."""
    out = []
    for d in drafts:
        if d.parent_entry is not None or d.type not in (NodeType.COUNTERMEASURE, NodeType.PROBLEM):
            continue
        strict = d.type is NodeType.PROBLEM
        for sent_s, sent_e in _sentences(doc.norm, d.end, d.text_end):
            out += _causes_in(doc, sent_s, sent_e, d.report, strict)
    return out


_BECAUSE = re.compile(r"(?:由于|因为)(?P<x>[^,，。;；]{2,30})[,，](?P<mid>[^。;；]{0,30}?)(?:导致|造成|致使|以致|使得|使)")
# 由于X,Y已不能满足要求: the clause after the cause states a shortcoming (part of the problem)
_BECAUSE_DEFICIT = re.compile(r"(?:^|[,，])(?:但|而|也)?(?:由于|因为)(?P<x>[^,，。;；]{2,30})[,，](?P<y>[^,，。;；]{4,30})")
_SO_THAT = re.compile(r"[,，](?:以致|以至于|致使)")


def _causes_in(doc: Document, s: int, e: int, report: int, strict: bool = False) -> list[Draft]:
    sent = doc.norm[s:e]
    out = []
    for m in _BECAUSE.finditer(sent):
        a, b = _clean_span(sent, m.start("x"), m.end("x"))
        if b - a >= 2:
            out.append(Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
                              sent[m.start():m.start() + 2], report))
        mid = m.group("mid")  # 由于A,B,以致C: B is a second cause, a clause of its own
        if mid.endswith((",", "，")) and not re.search(r"[,，]", mid[:-1]):
            a, b = _clean_span(sent, m.start("mid"), m.end("mid") - 1)
            if b - a >= 4:
                out.append(Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
                                  sent[m.start():m.start() + 2], report))
    if strict and not out:
        for m in _BECAUSE_DEFICIT.finditer(sent):
            a, b = _clean_span(sent, m.start("x"), m.end("x"))
            if b - a >= 4 and content.problem_word(m.group("y")):
                out.append(Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
                                  "由于" if "由于" in m.group(0) else "因为", report))
    if out:
        return out
    for pat in ((_SO_THAT,) if strict else (_CAUSAL, _EFFECT_ON)):
        for m in pat.finditer(sent):
            start = max(sent.rfind(",", 0, m.start()), sent.rfind("，", 0, m.start())) + 1
            if pat is not _EFFECT_ON:
                start = _clause_run_start(sent, m.start())
            a, b = _clean_span(sent, start, m.start())
            if b - a < 4 or _CAUSAL.match("," + sent[a:b]):
                continue
            out.append(Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
                              m.group(0).lstrip(",，"), report))
    return out


def _clause_run_start(sent: str, limit: int) -> int:
    """A cause before 以致 may span clauses; go back to the contrast word (惟…) or the
    previous clause if there is none."""
    lead = _last_before(_CONTRAST, sent, limit)
    if lead is not None:
        return lead
    return max(sent.rfind(",", 0, limit), sent.rfind("，", 0, limit)) + 1


# A sentence that states causes or countermeasures inside another item, or in free text:
# 究其原因,主要是A / 之所以…,是因为A;也是因为B / 建议A;同时B / 破解X,要A;要B;还要C.
_STATED = (
    (NodeType.CAUSE, re.compile(
        r"(?:究其原因|其原因|原因在于|原因是|这主要是由于|主要是由于|这是由于|这是因为|根源在于|"
        r"造成这一(?:问题|现象|状况)的(?:主要)?原因(?:在于|是)|"
        r"[^,，。]{0,24}之所以[^,，。]*[,，]?(?:主要)?(?:是因为|是由于|在于|(?=一方面)))"
        r"[,，:：]?(?:主要)?(?:是|在于|有)?(?:由于)?[,，:：]?")),
    (NodeType.COUNTERMEASURE, re.compile(
        r"(?:对此|为此|因此|我们)?建议[,，:：]?|(?:破解|解决|治理|根治|扭转|遏制)[^,，。]{1,24}[,，]"
        r"(?:必须|就要|需要|要)")),
)
_PARTS = re.compile(r"[;；](?:同时|另一方面|此外|也是因为|还要|更要|也要|要)?[,，]?")
_PART_LEAD = re.compile(r"(?:另一方面|一方面|同时|也是因为|是因为|还要|更要|也要|要)[,，]?是?")
_ANNOUNCES = re.compile(r"(?:以下|如下|下列|这样|几个方面|多方面)")  # 是因为以下三点: no cause yet
_FREE_ONLY = ("之所以", "破解", "解决", "治理", "根治", "扭转", "遏制")


def stated_drafts(doc: Document, outline: Outline, drafts: list[Draft]) -> list[Draft]:
    """Causes and countermeasures a problem item's body states with a cue (a report laid
    out problem by problem), and those a free paragraph states (之所以…是因为)."""
    spans = [(d.end, d.text_end, d.report, False) for d in drafts
             if d.type is NodeType.PROBLEM and d.parent_entry is None and d.entry is not None]
    spans += [(s, e, report_at(outline, s), True) for s, e in outline.free_lines]
    out = []
    for s, e, report, free in spans:
        for ss, se in full_sentences(doc.norm, s, e):
            out += _stated_in(doc, ss, se, report, free)
    # a cause named within a problem's own sentence: 一是员工意识淡薄,…,主要原因是培训形式单一;
    for d in drafts:
        if d.type is NodeType.PROBLEM and d.entry is not None:
            out += _clause_causes(doc, d.start, d.text_end, d.report) + _pointing_causes(doc, d)
        if d.type in (NodeType.PROBLEM, NodeType.CAUSE) and d.entry is not None:
            out += _restated_causes(doc, d)
    return out


# …不重视,经费紧张导致问题长期未解决: a clause that causes "the problem" (the item's own)
_POINTING = re.compile(r"[,，;；](?P<x>[^,，。;；]{2,16}?)(?P<cue>导致|致使|造成|使得)了?"
                       r"(?:该|这一|此|这些|上述|以上)?问题")


def _pointing_causes(doc: Document, d: Draft) -> list[Draft]:
    out: list[Draft] = []
    if doc.norm.find("问题", d.start, d.text_end) < 0:
        return out  # (each match ends in 问题: a text without it is not searched)
    for m in _POINTING.finditer(doc.norm, d.start, d.text_end):
        a, b = clean(doc.norm, m.start("x"), m.end("x"))
        if b - a >= 2 and not _in_evidence(doc.norm, a):
            out.append(Draft(NodeType.CAUSE, a, b, d.start, d.text_end, "stated-cause",
                             m.group("cue"), d.report))
    return out


# …,而X不足原因为Y: the body restates its item (X) and names the item's own cause Y
_RESTATED = re.compile(r"(?:^|(?<=[,，;；。]))(?:而|其中|且)?(?P<x>[^,，。;；]{2,20}?)的?(?:主要|根本)?"
                       r"原因(?:为|是|在于)[,，:：]?")


def _restated_causes(doc: Document, d: Draft) -> list[Draft]:
    out: list[Draft] = []
    if doc.norm.find("原因", d.end, d.text_end) < 0:
        return out  # (each match holds 原因: a body without it is not searched)
    head = doc.norm[d.start:d.end]
    for m in _RESTATED.finditer(doc.norm, d.end, d.text_end):
        x = m.group("x")
        if not (_restates(x, head) and content.problem_word(x)) or _in_evidence(doc.norm, m.start()):
            continue
        a, b = clean(doc.norm, m.end(), d.text_end)
        b = _first_clause(doc.norm, a, min(b, _sentence_end(doc.norm, a, b)))
        if b - a >= 4:
            out.append(Draft(NodeType.CAUSE, a, b, d.start, d.text_end, "stated-cause",
                             "原因" + m.group(0)[m.group(0).find("原因") + 2:].strip(",，:："), d.report))
    return out


_EVIDENCE = re.compile(r"^(?:据|根据|调查|数据|统计|研究|例如|比如|譬如|如)")


def _in_evidence(norm: str, pos: int) -> bool:
    """A survey or an example (据…调查显示, 例如…) reports, it states no cause of the item."""
    start = max(norm.rfind(c, 0, pos) for c in CLAUSE_END + "\n") + 1
    return bool(_EVIDENCE.match(norm[start:pos].lstrip()))


def _restates(clause: str, head: str) -> bool:
    """Two characters pairs or more of the item's heading said again."""
    pairs = {head[i:i + 2] for i in range(len(head) - 1)}
    return sum(clause[i:i + 2] in pairs for i in range(len(clause) - 1)) >= 2


def _sentence_end(norm: str, a: int, b: int) -> int:
    ends = [i for i in (norm.find(c, a, b) for c in CLAUSE_END) if i >= 0]
    return min(ends, default=b)


_CLAUSE_CAUSE = re.compile(r"[,，;；](?:其|这)?(?:主要原因是|主要原因在于|原因在于|原因是|根源在于|"
                           r"主因(?:系|是|为|在于)|究其原因[,，]?(?:主要)?(?:是|在于)?|加之|"
                           r"由于(?=[^,，。;；]{2,30}[,，])|因(?![此而素为地人时势材循])(?=[^,，。;；]{2,30}[,，]))[,，:：]?"
                           # 因A,加以B,Y: a sentence of the body opening with its cause
                           r"|(?<=[。\n])(?:因为|因(?![此而素为地人时势材循]))(?=[^,，。;；]{2,30}[,，])")
# a word every match of _CLAUSE_CAUSE holds: a span without one is not searched (the
# pattern's lookbehind branch is tried at every offset)
_CLAUSE_CAUSE_NEEDS = re.compile(r"因|由于|加之|根源")
_FURTHER = re.compile(r"[,，](?:加以|加之|加上|再加上)(?=[^,，。;；]{2,30}[,，])")  # 因A,加以B: a second cause


# …,这既有A、B的原因,也与C有关: the causes the problem's sentence weighs, each named
_BOTH = re.compile(r"[,，;；](?:这|其)?(?:既|不仅)有(?P<x>[^,，。;；]{4,60}?)等?(?:方面)?的(?:原因|因素)"
                   r"(?:[,，](?:也|还|又)与(?P<y>[^,，。;；]{4,40}?)(?:有关|相关|分不开))?")


def _weighed_causes(doc: Document, s: int, e: int, report: int) -> list[Draft]:
    out = []
    for m in _BOTH.finditer(doc.norm, s, e):
        parts = _split_list(doc.norm, m.start("x"), m.end("x"))
        parts += [m.span("y")] if m.group("y") else []
        for a, b in parts:
            a, b = clean(doc.norm, a, b)
            if b - a >= 4:
                out.append(Draft(NodeType.CAUSE, a, b, s, e, "stated-cause", "既有…的原因", report))
    return out


def _clause_causes(doc: Document, s: int, e: int, report: int) -> list[Draft]:
    out = _weighed_causes(doc, s, e, report)
    if not _CLAUSE_CAUSE_NEEDS.search(doc.norm, s, e):
        return out
    for m in _CLAUSE_CAUSE.finditer(doc.norm, s, e):
        a, b = clean(doc.norm, m.end(), e)
        b = _first_clause(doc.norm, a, b)
        if b - a >= 4:
            out.append(Draft(NodeType.CAUSE, a, b, s, e, "stated-cause",
                             m.group(0).strip(",，:："), report))
            more = _FURTHER.match(doc.norm, b) if m.group(0).startswith("因") else None
            if more is not None:
                c, d = clean(doc.norm, more.end(), e)
                out.append(Draft(NodeType.CAUSE, c, _first_clause(doc.norm, c, d), b, e, "stated-cause",
                                 more.group(0).strip(",，"), report))  # its text from its own clause
    return out


# A free line is split by stated_drafts, the central-problem search and the prose reader
# in turn: kept for the document (its text is the key; its hash is kept by the string)
@lru_cache(maxsize=1 << 10)
def full_sentences(norm: str, s: int, e: int) -> tuple[tuple[int, int], ...]:
    """The sentences of norm[s:e] (split at 。!? and line breaks), as spans."""
    return tuple(_full_sentences(norm, s, e))


def _full_sentences(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    out, i = [], s
    for m in _FULL_STOP.finditer(norm, s, e):
        j = m.start()
        if j > i:
            out.append((i, j))
        i = j + 1
    if e > i:
        out.append((i, e))
    return out


_FULL_STOP = re.compile("[。!?！？\n]")


def _stated_in(doc: Document, s: int, e: int, report: int, free: bool) -> list[Draft]:
    sent = doc.norm[s:e]
    for ntype, pat in _STATED:
        m = pat.match(sent)
        if not m or (free and not any(w in m.group(0) for w in _FREE_ONLY)):
            continue
        out, pos = [], m.end()
        for part in [*_PARTS.finditer(sent, pos), None]:
            end = part.start() if part else len(sent)
            lead = _PART_LEAD.match(sent, pos, end)
            a, b = clean(sent, lead.end() if lead else pos, end)
            b = _first_clause(sent, a, b)
            if b - a >= 4 and not _ANNOUNCES.match(sent, a):
                out.append(Draft(ntype, s + a, s + b, s, e, f"stated-{ntype.value.lower()}",
                                  m.group(0).strip(",，:："), report))
            pos = part.end() if part else end
        return out
    return []


def _first_clause(text: str, a: int, b: int) -> int:
    for j in range(a, b):
        if text[j] in ",，":
            return j if j - a >= 4 else b
    return b


def _sentences(norm: str, s: int, e: int) -> Iterable[tuple[int, int]]:
    i = s
    for m in _CLAUSE_STOP.finditer(norm, s, e):
        j = m.start()
        if j > i:
            yield i, j
        i = j + 1
    if e > i:
        yield i, e


_CLAUSE_STOP = re.compile("[" + re.escape(CLAUSE_END) + "\n]")


def report_at(outline: Outline, pos: int) -> int:
    """The report of the last entry starting at or before ``pos`` (entries are in order)."""
    k = bisect.bisect_right(outline.starts, pos)
    return outline.entries[k - 1].report if k else 0

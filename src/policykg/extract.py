"""Extract stage: typed nodes with evidence from a document's outline.

- one node per enumerated item (nested items too, with ``parent``), typed Problem,
  Cause or Countermeasure by its section (or, under no section, by its wording);
- the central problem a text is about, where a heading or intro names it (X的表现,
  关于X原因, 针对X问题);
- problems listed in a preamble sentence (惟A、B,以及C等,均影响…) and causes stated
  outside a causes section with an explicit connective (…,以致… / …等情事,影响…成效);
- Mechanism and Institution nodes from named mentions (policykg.named).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from policykg import classify, named, roles
from policykg.ids import node_id
from policykg.models import ITEM_TYPE_BY_ROLE, Document, Node, NodeType, Role
from policykg.structure import CLAUSE_END, Entry, Outline

STRIP = " \t,，、:：;；。.!?！？*_#`"
EXCLUDED_ROLES = (Role.BACKGROUND, Role.ACHIEVEMENT, Role.IMPACT, Role.CONCLUSION)


@dataclass
class _Draft:
    """A node before ids are given and duplicates merged."""

    type: NodeType
    start: int
    end: int
    text_start: int
    text_end: int
    rule: str
    cue: str
    report: int
    entry: int | None = None  # outline entry id
    parent_entry: int | None = None
    parent_key: str | None = None  # for parents that are not entries (central problem)
    section: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""  # identity within the document


def extract(doc: Document, outline: Outline) -> tuple[Node, ...]:
    drafts = _item_drafts(doc, outline)
    drafts += _central_drafts(doc, outline, drafts)
    drafts += _problem_list_drafts(doc, outline)
    drafts += _explicit_cause_drafts(doc, outline, drafts)
    drafts += _stated_drafts(doc, outline, drafts)
    nodes = _finish(doc, drafts)
    return tuple(nodes) + tuple(_named_nodes(doc, outline, nodes))


# ---------------------------------------------------------------- items

def effective_role(outline: Outline, entry: Entry, by_id: dict[int, Entry]) -> Role | None:
    """The role of the nearest section above that says something definite."""
    p = entry.parent
    while p is not None:
        e = by_id[p]
        if e.kind == "section" and e.role not in (None, Role.OTHER):
            return e.role
        p = e.parent
    return None


def _item_drafts(doc: Document, outline: Outline) -> list[_Draft]:
    by_id = {e.id: e for e in outline.entries}
    items = [e for e in outline.entries if e.kind == "item"]
    types: dict[int, NodeType | None] = {}
    parents: dict[int, int | None] = {}
    for group in _groups(items):
        _type_group(doc, outline, group, by_id, types, parents)
    drafts = []
    for e in items:
        t = types.get(e.id)
        if t is None:
            continue
        hs, he = _clean(doc.norm, e.head_start, e.head_end)
        if he <= hs:
            continue
        section = outline.section_of(e)
        drafts.append(_Draft(
            type=t, start=hs, end=he, text_start=e.start, text_end=e.end,
            rule=f"item-{e.how}", cue=e.marker or e.how, report=e.report, entry=e.id,
            parent_entry=parents.get(e.id),
            section=doc.text[section.head_start:section.head_end].strip(STRIP) if section else None))
    return drafts


def _groups(items: list[Entry]) -> list[list[Entry]]:
    """Sibling groups (same parent, same marker style), parents' groups first."""
    groups: dict[tuple, list[Entry]] = {}
    for e in items:
        groups.setdefault((e.parent, e.style, e.report), []).append(e)
    return sorted(groups.values(), key=lambda g: g[0].id)


def _type_group(doc: Document, outline: Outline, group: list[Entry], by_id: dict[int, Entry],
                types: dict[int, NodeType | None], parents: dict[int, int | None]) -> None:
    first = group[0]
    parent = by_id.get(first.parent) if first.parent is not None else None
    lexical = classify.vote([classify.lexical_type(doc.norm[e.head_start:e.head_end], e.marker)
                             for e in group])
    if parent is not None and parent.kind == "item":
        inherited = types.get(parent.id)
        if inherited is None:
            return
        detach = (inherited in (NodeType.PROBLEM, NodeType.CAUSE) and first.how == "marked"
                  and lexical is NodeType.COUNTERMEASURE)
        for e in group:
            types[e.id] = _own(e) or (lexical if detach else inherited)
            parents[e.id] = None if detach else parent.id
        return
    role = effective_role(outline, first, by_id)
    if role in EXCLUDED_ROLES:
        return
    base = ITEM_TYPE_BY_ROLE.get(role) if role else lexical
    for e in group:
        types[e.id] = None if e.role in EXCLUDED_ROLES else (_own(e) or base)
        parents[e.id] = None


def _own(e: Entry) -> NodeType | None:
    return ITEM_TYPE_BY_ROLE.get(e.role) if e.role else None


def _clean(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s] in STRIP:
        s += 1
    while e > s and norm[e - 1] in STRIP:
        e -= 1
    return s, e


# ---------------------------------------------------------------- central problem

def _central_drafts(doc: Document, outline: Outline, items: list[_Draft]) -> list[_Draft]:
    """The one problem a text is about, when a heading or an intro names it."""
    has_answers = {d.report for d in items if d.type in (NodeType.CAUSE, NodeType.COUNTERMEASURE)}
    out: dict[tuple[int, str], _Draft] = {}
    for e in outline.entries:
        if e.kind != "section" or e.report not in has_answers:
            continue
        span = e.subject
        if span is None and e.how == "intro":
            sub = roles.named_subject(doc.norm[e.head_start:e.head_end])
            span = (e.head_start + sub[0], e.head_start + sub[1]) if sub else None
        if span is None:
            continue
        name = doc.norm[span[0]:span[1]]
        key = (e.report, name)
        if key not in out:
            out[key] = _Draft(NodeType.PROBLEM, span[0], span[1], e.head_start, e.head_end,
                              "central-problem", "section-subject", e.report,
                              key=f"central:{e.report}:{name}",
                              spans=_occurrences(doc.norm, name))
    _attach_to_central(doc, outline, items, out)
    return list(out.values())


def _attach_to_central(doc: Document, outline: Outline, items: list[_Draft], central: dict) -> None:
    """Problem items under a heading that names the central problem are its parts."""
    by_id = {e.id: e for e in outline.entries}
    for d in items:
        if d.type is not NodeType.PROBLEM or d.parent_entry is not None or d.entry is None:
            continue
        section = outline.section_of(by_id[d.entry])
        if section is None or section.subject is None:
            continue
        subject = doc.norm[section.subject[0]:section.subject[1]]
        found = central.get((d.report, subject))
        if found is not None:
            d.parent_key = found.key


def _occurrences(norm: str, name: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(name), norm)]


# ---------------------------------------------------------------- stated outside sections

_CONTRAST = re.compile(r"(?:惟|但是|但|然而|不过|可是)")
_LIST_END = re.compile(r"等(?:情形|情况|现象|问题|情事)?[,，]?(?:均|都|皆|也|仍|亦)?(?:已)?"
                       r"(?:影响|制约|阻碍|导致|造成|限制|妨碍|削弱|降低)")
_LIST_SEP = re.compile(r"、|[,，]?以及|[,，]及")
_CAUSAL = re.compile(r"[,，](?:以致|以至于|以至|致使|从而导致|进而导致|导致|造成)")
_EFFECT_ON = re.compile(r"[,，](?:而|进而|从而)?(?:严重)?影响(?:了|到)?[^,，。;；]{0,14}"
                        r"(?:成效|效果|效能|质量|功效|成果|进度|效率)")
_CAUSE_LEAD = re.compile(r"(?:惟|但是|但|然而|不过|由于|因为|因|加之|加上|而且|并且|以及|及|且|其中|另外|此外|而)+")
_CAUSE_TAIL = re.compile(r"(?:等|等等)(?:情事|情形|情况|现象|问题|原因|因素)?$")


def _free_lines(doc: Document, outline: Outline) -> list[tuple[int, int]]:
    """Lines outside every item: preambles, intros, background."""
    covered = sorted((e.start, e.end) for e in outline.entries if e.kind == "item")
    out, k, reach = [], 0, -1  # reach: the furthest end of items starting at or before a line
    for ln in outline.lines:
        while k < len(covered) and covered[k][0] <= ln.start:
            reach = max(reach, covered[k][1])
            k += 1
        if not ln.junk and reach < ln.end:
            out.append((ln.start, ln.end))
    return out


def _problem_list_drafts(doc: Document, outline: Outline) -> list[_Draft]:
    """惟A、B,以及C等,均影响…: each listed statement with a problem word is a Problem."""
    out = []
    for ls, le in _free_lines(doc, outline):
        report = _report_at(outline, ls)
        for sent_s, sent_e in _sentences(doc.norm, ls, le):
            sent = doc.norm[sent_s:sent_e]
            end = _LIST_END.search(sent)
            lead = _last_before(_CONTRAST, sent, end.start()) if end else None
            if not end or lead is None:
                continue
            parts = _split_list(sent, lead, end.start())
            if len(parts) < 2 or not all(classify.problem_word(sent[a:b]) for a, b in parts):
                continue
            for a, b in parts:
                out.append(_Draft(NodeType.PROBLEM, sent_s + a, sent_s + b, sent_s, sent_e,
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
    a, b = _clean(text, a, b)
    lead = _CAUSE_LEAD.match(text, a, b)
    if lead:
        a = lead.end()
    tail = _CAUSE_TAIL.search(text[a:b])
    if tail:
        b = a + tail.start()
    return _clean(text, a, b)


def _explicit_cause_drafts(doc: Document, outline: Outline, drafts: list[_Draft]) -> list[_Draft]:
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


_BECAUSE = re.compile(r"(?:由于|因为)(?P<x>[^,，。;；]{2,30})[,，][^。;；]{0,30}?(?:导致|造成|致使|以致|使得|使)")
_SO_THAT = re.compile(r"[,，](?:以致|以至于|致使)")


def _causes_in(doc: Document, s: int, e: int, report: int, strict: bool = False) -> list[_Draft]:
    sent = doc.norm[s:e]
    out = []
    for m in _BECAUSE.finditer(sent):
        a, b = _clean_span(sent, m.start("x"), m.end("x"))
        if b - a >= 2:
            out.append(_Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
                              sent[m.start():m.start() + 2], report))
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
            out.append(_Draft(NodeType.CAUSE, s + a, s + b, s, e, "explicit-cause",
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
        r"造成这一(?:问题|现象|状况)的(?:主要)?原因(?:在于|是)|[^,，。]{0,24}之所以[^,，。]*[,，]?是因为)"
        r"[,，:：]?(?:主要)?(?:是|在于|有)?(?:由于)?[,，:：]?")),
    (NodeType.COUNTERMEASURE, re.compile(
        r"(?:对此|为此|因此|我们)?建议[,，:：]?|(?:破解|解决|治理|根治|扭转|遏制)[^,，。]{1,24}[,，]"
        r"(?:必须|就要|需要|要)")),
)
_PARTS = re.compile(r"[;；](?:同时|另一方面|此外|也是因为|还要|更要|也要|要)?[,，]?")
_PART_LEAD = re.compile(r"(?:一方面|另一方面|同时|也是因为|是因为|还要|更要|也要|要)[,，]?")
_FREE_ONLY = ("之所以", "破解", "解决", "治理", "根治", "扭转", "遏制")


def _stated_drafts(doc: Document, outline: Outline, drafts: list[_Draft]) -> list[_Draft]:
    """Causes and countermeasures a problem item's body states with a cue (a report laid
    out problem by problem), and those a free paragraph states (之所以…是因为)."""
    spans = [(d.end, d.text_end, d.report, False) for d in drafts
             if d.type is NodeType.PROBLEM and d.parent_entry is None and d.entry is not None]
    spans += [(s, e, _report_at(outline, s), True) for s, e in _free_lines(doc, outline)]
    out = []
    for s, e, report, free in spans:
        for ss, se in _full_sentences(doc.norm, s, e):
            out += _stated_in(doc, ss, se, report, free)
    return out


def _full_sentences(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    out, i = [], s
    for j in range(s, e):
        if norm[j] in "。!?！？\n":
            if j > i:
                out.append((i, j))
            i = j + 1
    if e > i:
        out.append((i, e))
    return out


def _stated_in(doc: Document, s: int, e: int, report: int, free: bool) -> list[_Draft]:
    sent = doc.norm[s:e]
    for ntype, pat in _STATED:
        m = pat.match(sent)
        if not m or (free and not any(w in m.group(0) for w in _FREE_ONLY)):
            continue
        out, pos = [], m.end()
        for part in [*_PARTS.finditer(sent, pos), None]:
            end = part.start() if part else len(sent)
            lead = _PART_LEAD.match(sent, pos, end)
            a, b = _clean(sent, lead.end() if lead else pos, end)
            b = _first_clause(sent, a, b)
            if b - a >= 4:
                out.append(_Draft(ntype, s + a, s + b, s, e, f"stated-{ntype.value.lower()}",
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
    for j in range(s, e):
        if norm[j] in CLAUSE_END or norm[j] == "\n":
            if j > i:
                yield i, j
            i = j + 1
    if e > i:
        yield i, e


def _report_at(outline: Outline, pos: int) -> int:
    report = 0
    for e in outline.entries:
        if e.start > pos:
            break
        report = e.report
    return report


# ---------------------------------------------------------------- ids, merging, names

def _finish(doc: Document, drafts: list[_Draft]) -> list[Node]:
    """Merge repeats (a table of contents before the body), give stable ids."""
    merged: dict[tuple, _Draft] = {}
    alias: dict[int, tuple] = {}
    for d in sorted(drafts, key=lambda d: (d.start, d.end)):
        label = doc.norm[d.start:d.end]
        k = (d.report, d.type, label)
        if k in merged:
            keep = merged[k]
            keep.spans.append((d.start, d.end))
            if d.text_end - d.text_start > keep.text_end - keep.text_start:
                keep.text_start, keep.text_end = d.text_start, d.text_end
        else:
            d.spans = sorted(set(d.spans) | {(d.start, d.end)})
            merged[k] = d
        if d.entry is not None:
            alias[d.entry] = k
        if not d.key:
            d.key = f"entry:{d.entry}" if d.entry is not None else f"span:{d.start}:{d.end}"
    ids: dict[tuple, str] = {}
    seen: dict[tuple, int] = {}
    for k, d in merged.items():
        n = seen.get(k[1:], 0)
        seen[k[1:]] = n + 1
        ids[k] = node_id(doc.id, d.type.value, k[2], n)
    by_key = {d.key: ids[k] for k, d in merged.items()}
    nodes = []
    for k, d in merged.items():
        parent = ids.get(alias.get(d.parent_entry)) if d.parent_entry is not None else None
        if parent is None and d.parent_key:
            parent = by_key.get(d.parent_key)
        nodes.append(Node(
            id=ids[k], type=d.type, label=doc.text[d.start:d.end], doc=doc.id, start=d.start,
            end=d.end, spans=tuple(sorted(set(d.spans))), parent=parent, section=d.section,
            text=doc.text[d.text_start:d.text_end], text_start=d.text_start,
            text_end=d.text_end, rule=d.rule, cue=d.cue, report=d.report))
    return sorted(nodes, key=lambda n: (n.start, n.id))


def _named_nodes(doc: Document, outline: Outline, items: list[Node]) -> list[Node]:
    groups: dict[tuple[NodeType, str], list[named.Mention]] = {}
    for m in named.find_mentions(doc.norm):
        groups.setdefault((m.type, m.name), []).append(m)
    groups = _merge_suffixes(groups)
    nodes = []
    for (ntype, name), mentions in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        first = next(m for m in mentions if m.name == name)  # the full name's first mention
        holder = _holder(items, first.start)
        nodes.append(Node(
            id=node_id(doc.id, ntype.value, name), type=ntype, label=doc.text[first.start:first.end],
            doc=doc.id, start=first.start, end=first.end,
            spans=tuple(sorted({(m.start, m.end) for m in mentions})),
            parent=holder.id if holder else None, section=holder.section if holder else None,
            text=holder.text if holder else doc.text[first.start:first.end],
            text_start=holder.text_start if holder else first.start,
            text_end=holder.text_end if holder else first.end,
            rule=f"named-{first.cue}" if first.cue in ("quoted-name", "known-name") else "named-head",
            cue=first.cue, report=holder.report if holder else _report_at(outline, first.start)))
    return nodes


def _merge_suffixes(groups: dict) -> dict:
    """生活补助制度 beside 乡村教师生活补助制度 in one document: a short form of the same
    name, merged when exactly one longer name of the same type ends with it."""
    out: dict = {}
    for key in sorted(groups, key=lambda k: -len(k[1])):
        ntype, name = key
        longer = [k for k in out if k[0] == ntype and k[1].endswith(name)]
        if len(longer) == 1:
            out[longer[0]] = sorted(out[longer[0]] + groups[key], key=lambda m: m.start)
        else:
            out[key] = groups[key]
    return out


def _holder(items: list[Node], pos: int) -> Node | None:
    """The innermost item node whose text contains ``pos``."""
    best = None
    for n in items:
        if n.type in (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE) and \
                n.text_start <= pos < n.text_end:
            if best is None or n.text_end - n.text_start <= best.text_end - best.text_start:
                best = n
    return best

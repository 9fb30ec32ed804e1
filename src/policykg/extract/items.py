"""Extract stage: typed nodes with evidence from a document's outline.

- one node per enumerated item (nested items too, with ``parent``), typed Problem,
  Cause or Countermeasure by its section (or, under no section, by its wording);
- the central problem a text is about, where a heading or intro names it (X的表现,
  关于X原因, 针对X问题);
- problems listed in a preamble sentence (惟A、B,以及C等,均影响…) and causes stated
  outside a causes section with an explicit connective (…,以致… / …等情事,影响…成效);
- Mechanism and Institution nodes from named mentions (policykg.extract.named).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from policykg.cues import content, heading
from policykg.extract import named, prose, stated, weigh
from policykg.common.charclass import ALNUM_RE
from policykg.common.ids import node_id
from policykg.models import ITEM_TYPE_BY_ROLE, Document, Node, NodeType, Role
from policykg.extract.drafts import STRIP, Draft, clean
from policykg.outline.structure import Entry, Outline

EXCLUDED_ROLES = (Role.BACKGROUND, Role.ACHIEVEMENT, Role.IMPACT, Role.CONCLUSION)


def extract(doc: Document, outline: Outline) -> tuple[Node, ...]:
    drafts = prose.paragraph_lists(doc, outline, _item_drafts(doc, outline))
    drafts += _central_drafts(doc, outline, drafts)
    drafts += stated.problem_list_drafts(doc, outline)
    drafts += _new_only(stated.explicit_cause_drafts(doc, outline, drafts), drafts)
    drafts += _new_only(stated.stated_drafts(doc, outline, drafts), drafts)
    found = _untyped_only(prose.prose_drafts(doc, outline, drafts), drafts)
    if not any(d.rule == "central-problem" for d in drafts):
        drafts += _title_object(doc, outline, found)
    drafts += _not_restating(doc.norm, found, [d for d in drafts if d.rule == "central-problem"])
    nodes = _finish(doc, drafts)
    return tuple(nodes) + tuple(_named_nodes(doc, outline, nodes))


def _new_only(found: list[Draft], known: list[Draft]) -> list[Draft]:
    """Statements an enumerated item already covers (原因在于:一是A;二是B) are not new."""
    by_type: dict[NodeType, tuple[list[int], list[int]]] = {}  # starts, furthest end so far
    for t in {k.type for k in known}:
        spans = sorted((k.start, k.end) for k in known if k.type is t)
        by_type[t] = ([a for a, _ in spans], list(accumulate((b for _, b in spans), max)))

    def overlaps(f: Draft) -> bool:  # a known draft of f's type starting before f ends, ending after f starts
        starts, reach = by_type.get(f.type, ((), ()))
        i = bisect.bisect_left(starts, f.end)
        return i > 0 and reach[i - 1] > f.start

    return [f for f in found if not overlaps(f)]


def _untyped_only(found: list[Draft], known: list[Draft]) -> list[Draft]:
    """A clause an enumerated countermeasure already holds (首先,要A,由B,并C) is not read
    again by the prose reader: a prescription states no deficiency, and its body elaborates
    the one measure."""
    heads = sorted((k.start, max(k.end, k.text_end)) for k in known
                   if k.entry is not None and k.type is NodeType.COUNTERMEASURE)
    starts = [a for a, _ in heads]
    reach = list(accumulate((b for _, b in heads), max))  # furthest end of heads so far

    def held(f: Draft) -> bool:
        i = bisect.bisect_right(starts, f.start) - 1
        return i >= 0 and reach[i] >= f.end

    return [f for f in found if not held(f)]


def _not_restating(norm: str, found: list[Draft], central: list[Draft]) -> list[Draft]:
    """A problem the prose reader finds in a closing or question sentence that carries the
    central problem's name (凡此种种,都导致“X”乱象屡禁不止) is the central problem again."""
    names = [(c.report, norm[c.start:c.end]) for c in central]
    return [f for f in found if not (
        f.type is NodeType.PROBLEM and f.rule in ("prose-closure", "prose-subject")
        and any(r == f.report and n in norm[f.start:f.end] for r, n in names))]


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


def _item_drafts(doc: Document, outline: Outline) -> list[Draft]:
    items = [e for e in outline.entries if e.kind == "item"]
    decided = weigh.RolePass(doc.norm, outline).run(items)
    drafts = []
    for e in items:
        d = decided.get(e.id)
        if d is None or d.type is None:
            continue
        hs, he = clean(doc.norm, e.head_start, e.head_end)
        if he <= hs:
            continue
        if _describes_owner(e, d, decided):
            continue
        section = outline.section_of(e)
        if d.type is NodeType.PROBLEM and e.how == "inline":
            owner = outline.by_id.get(e.parent) if e.parent is not None else None
            owner_head = doc.norm[owner.head_start:owner.head_end] if owner else ""
            hs, he = _effect_and_cause(doc.norm, hs, he, e, owner_head, drafts)
        drafts.append(Draft(
            type=d.type, start=hs, end=he, text_start=e.start, text_end=e.end,
            rule=f"item-{e.how}", cue=f"{e.marker or e.how}|{d.why}", report=e.report,
            entry=e.id, parent_entry=d.parent,
            spans=_mentions(doc.norm, hs, he, d.why, outline.report_span(e.report)),
            section=doc.text[section.head_start:section.head_end].strip(STRIP) if section else None))
    return drafts


def _describes_owner(e: Entry, d, decided: dict) -> bool:
    """一、关于X的问题 / 问题表现:…: a part labelled as a problem under an item that names one
    problem describes that problem; it is no problem of its own."""
    owner = decided.get(e.parent) if e.parent is not None else None
    return (d.type is NodeType.PROBLEM and e.role is Role.PROBLEM and owner is not None
            and owner.type is NodeType.PROBLEM)


# 一是A,致使B / 二是B,原因是A: an enumerated part that states its own cause
_FORWARD = re.compile(r"[,，](?:从而|进而)?(?:致使|导致|以致|以至于)")
_BACKWARD = re.compile(r"[,，](?:其|这)?(?:主要)?(?:原因是|原因在于|是由于|是因为)[,，:：]?"
                       r"|[,，](?P<yin>因为|因(?![此而素为地人时势材循]))(?=[^,，。;；]{2,30}[,，])")


def _effect_and_cause(norm: str, hs: int, he: int, e: Entry, owner_head: str,
                      drafts: list[Draft]) -> tuple[int, int]:
    """The span of the problem an inline part names, when the part also states its cause
    (the cause becomes a Cause node, linked as a stated cause). After 致使/导致 the effect
    must restate the problem of the item the part belongs to (shared words)."""
    head = norm[hs:he]
    fwd = list(_FORWARD.finditer(head))
    back = _BACKWARD.search(head)
    if fwd and not back:
        m = fwd[-1]
        cause, effect, cue = (hs, hs + m.start()), (hs + m.end(), he), m.group(0)
        if not _restates(norm[effect[0]:effect[1]], owner_head):
            return hs, he  # …,导致学与不学一个样: a consequence, not the item's problem
    elif back and not fwd:
        cause, effect, cue = (hs + back.end(), he), (hs, hs + back.start()), back.group(0)
        if back.group("yin"):  # 二是X,因A,B: the clause after 因 is the cause, what follows tells of X
            cause = (cause[0], cause[0] + re.search(r"[,，]|$", norm[cause[0]:he]).start())
    else:
        return hs, he
    cause, effect = clean(norm, *cause), clean(norm, *effect)
    if min(cause[1] - cause[0], effect[1] - effect[0]) < 4:
        return hs, he
    drafts.append(Draft(NodeType.CAUSE, cause[0], cause[1], e.start, e.end, "stated-cause-in-item",
                        cue.strip(",，:："), e.report))
    return effect


def _restates(effect: str, owner_head: str) -> bool:
    pairs = {owner_head[i:i + 2] for i in range(len(owner_head) - 1)}
    return sum(effect[i:i + 2] in pairs for i in range(len(effect) - 1)) >= 2


def _mentions(norm: str, s: int, e: int, why: str, bounds: tuple[int, int | None]
              ) -> list[tuple[int, int]]:
    """A problem its sub-sections answer (一、进度延误 over 常见原因 / 解决对策), or an item
    its lead sentence lists (主要有三大原因:A、B、C。 then - A:…), is named more than
    once: every mention of its name is a mention of the node."""
    if why != "answered-below" and not why.startswith("lead:"):
        return []
    return _occurrences(norm, norm[s:e], bounds)


# ---------------------------------------------------------------- central problem

def _central_drafts(doc: Document, outline: Outline, items: list[Draft]) -> list[Draft]:
    """The one problem a text is about, when a heading or an intro names it."""
    has_answers = {d.report for d in items if d.type in (NodeType.CAUSE, NodeType.COUNTERMEASURE)}
    out: dict[tuple[int, str], Draft] = {}
    for e in outline.entries:
        if e.kind != "section" or e.report not in has_answers:
            continue
        span = e.subject
        if span is None and e.how == "intro":
            sub = heading.named_subject(doc.norm[e.head_start:e.head_end])
            span = (e.head_start + sub[0], e.head_start + sub[1]) if sub else None
        if span is None:
            continue
        name = doc.norm[span[0]:span[1]]
        key = (e.report, name)
        if key not in out:
            out[key] = Draft(NodeType.PROBLEM, span[0], span[1], e.head_start, e.head_end,
                              "central-problem", "section-subject", e.report,
                              key=f"central:{e.report}:{name}",
                              spans=_occurrences(doc.norm, name, outline.report_span(e.report)))
    if not out:
        _free_subjects(doc, outline, has_answers, out)
    if not out:
        _title_subject(doc, outline, has_answers, out)
    if not out:
        _lead_subject(doc, outline, has_answers, out)
    _attach_to_central(doc, outline, items, out)
    return list(out.values())


def _free_subjects(doc: Document, outline: Outline, has_answers: set[int], out: dict) -> None:
    """A text with no headings naming its problem in a sentence (解决“重建轻管”问题): a
    central problem when the name is said twice or more."""
    for s, e in outline.free_lines:
        report = stated.report_at(outline, s)
        if report not in has_answers:
            continue  # (its sentences are not read for a name)
        for ss, se in stated.full_sentences(doc.norm, s, e):
            sub = heading.named_subject(doc.norm[ss:se])
            if sub is None:
                continue
            name = doc.norm[ss + sub[0]:ss + sub[1]]
            spans = _occurrences(doc.norm, name, outline.report_span(report))
            if len(spans) >= 2 and (report, name) not in out:
                first = spans[0]
                ts, te = _sentence_around(doc.norm, first[0])  # the naming statement
                out[(report, name)] = Draft(NodeType.PROBLEM, first[0], first[1], ts, te,
                                            "central-problem", "named-problem", report,
                                            key=f"central:{report}:{name}", spans=spans)


# a problem the title quotes (刹住“X”歪风 / “X”,难在哪里?): the title asks about it, or
# the text sets out to solve it (治理“X” / 破解“X”)
_QUOTED = re.compile(r"[“「\"](?P<x>[^”」\"\n,，。]{2,8})[”」\"]")
_ASKS = re.compile(r"难在哪|为何|为什么|何以|怎么办|何去何从|如何破|何解|屡禁不止|之困|之痛|之难|歪风|顽疾"
                   r"|成因|根源|对策|路径")  # …“X”的成因与弥合路径: a study of X
TITLE_MAX = 40
_ACTIVITY = re.compile(r"建设|工作|改革|体系|服务|管理|发展|试点|行动|工程|项目|模式|机制|制度")
_SOLVES = r"(?:治理|破解|解决|刹住|遏制|根治|整治|化解|缓解|破除)"


def _title_subject(doc: Document, outline: Outline, has_answers: set[int], out: dict) -> None:
    """A commentary with no heading naming its problem, whose title quotes it: the quoted
    name is the central problem when the title asks about it or the body sets out to solve
    it, and the body says it again."""
    norm = doc.norm
    s = len(norm) - len(norm.lstrip())
    e = norm.find("\n", s)
    e = len(norm) if e < 0 else e
    if not 0 < e - s <= TITLE_MAX:
        return
    report = stated.report_at(outline, s)
    if report not in has_answers:
        return
    for m in _QUOTED.finditer(norm, s, e):
        name = m.group("x")
        if _ACTIVITY.match(norm, m.end()):
            continue  # “最先一公里”建设的困境: the quoted name qualifies the work in difficulty
        spans = _occurrences(norm, name)
        later = [p for p in spans if p[0] >= e]
        if not later or not (_ASKS.search(norm, s, e) or _solved(norm, e, name)):
            continue
        a, b = m.start("x"), m.end("x")
        out[(report, name)] = Draft(NodeType.PROBLEM, a, b, s, e, "central-problem", "title-subject",
                                    report, key=f"central:{report}:{name}", spans=spans)
        return
    # else a quoted name the text first states and then sets out to solve (治理“X”乱象)
    m = re.search(_SOLVES + r"[^,，。]{0,6}?[“「\"](?P<x>[^”」\"\n,，。]{2,8})[”」\"]", norm)
    if m is not None:
        name = m.group("x")
        spans = _occurrences(norm, name)
        if spans[0][0] < m.start("x"):
            ts, te = _sentence_around(norm, spans[0][0])
            out[(report, name)] = Draft(NodeType.PROBLEM, spans[0][0], spans[0][1], ts, te, "central-problem",
                                        "solved-subject", report, key=f"central:{report}:{name}", spans=spans)


_SOLVES_BEFORE = re.compile(_SOLVES + r"[^,，。]{0,6}[“「\"]?\Z")  # ends where a name starts


def _solved(norm: str, e: int, name: str) -> bool:
    """``re.search(_SOLVES + r"[^,，。]{0,6}[“「\"]?" + re.escape(name), norm[e:])``, without
    a pattern compiled per name: an occurrence of the name after ``e`` (overlapping ones
    too) with a solving verb at most nine characters before it (the verbs are two)."""
    p = norm.find(name, e)
    while p >= 0:
        if _SOLVES_BEFORE.search(norm, max(e, p - 9), p):
            return True
        p = norm.find(name, p + 1)
    return False


# 破解光伏行业“内卷式”竞争,须治本清源: the title sets out to solve what its verb governs
_TITLE_SOLVES = re.compile(_SOLVES + r"(?P<x>[^,，。:：;；!?！？\s]{3,20})[,，\s]+(?:须|需|要|必须|亟须|亟需|还须|当|应|重在|关键在)")


def _title_object(doc: Document, outline: Outline, found: list[Draft]) -> list[Draft]:
    """A commentary in prose whose title sets out to solve a problem, and whose body gives its
    causes or measures and names the problem again: the object of the title's verb."""
    norm = doc.norm
    s = len(norm) - len(norm.lstrip())
    e = norm.find("\n", s)
    m = _TITLE_SOLVES.match(norm, s, e) if 0 < e - s <= TITLE_MAX else None
    report = stated.report_at(outline, s)
    if m is None or not any(d.report == report and d.type in (NodeType.CAUSE, NodeType.COUNTERMEASURE)
                            for d in found):
        return []
    name = m.group("x")
    core = _QUOTED.search(name)
    again = core.group("x") if core else name[-4:]
    if norm.find(again, e) < 0:
        return []
    a, b = m.start("x"), m.end("x")
    return [Draft(NodeType.PROBLEM, a, b, s, e, "central-problem", "title-solved", report,
                  key=f"central:{report}:{name}", spans=[(a, b)])]


# X,原因并非单一。 / X,表面看是…,深层次看是…: the subject of a sentence that opens its
# causes is the problem they explain
_CAUSE_OPENER = re.compile(r"(?:^|(?<=[。!?！？\n]))(?P<x>[^,，。!?！？\n]{2,10})[,，](?:其)?(?:原因|成因|根源)"
                           r"(?:并非单一|是多方面的|较为复杂|有多|主要有|有以下)|(?:^|(?<=[。!?！？\n]))"
                           r"(?P<y>[^,，。!?！？\n]{2,10})[,，]表面(?:上)?看是")
_POINTERS = re.compile(r"这|该|此|上述|以上|其|前述")
# what every match of _CAUSE_OPENER holds (its lookbehind start is tried at every offset;
# these open with a class the regex engine scans for in C): a line without it is not searched
_CAUSE_OPENER_NEEDS = re.compile(r"[,，]其?(?:原因|成因|根源)|[,，]表面")


def _lead_subject(doc: Document, outline: Outline, has_answers: set[int], out: dict) -> None:
    """A text with no named problem whose cause list opens with its subject (街市式微,原因
    并非单一。首先是…): that subject is the central problem."""
    norm = doc.norm
    for s, e in outline.free_lines:
        m = _CAUSE_OPENER.search(norm, s, e) if _CAUSE_OPENER_NEEDS.search(norm, s, e) else None
        if m is None:
            continue
        g = "x" if m.group("x") else "y"
        name = m.group(g)
        report = stated.report_at(outline, s)
        if report not in has_answers:
            continue
        if _SITUATION.match(name):  # 造成今日局面,原因是多方面的: the problem is said before
            found = _titled_problem(norm, s)
            if found is None:
                return
            (a, b), name = found, norm[found[0]:found[1]]
            ts, te = _sentence_around(norm, a)
            out[(report, name)] = Draft(NodeType.PROBLEM, a, b, ts, te, "central-problem", "title-restated",
                                        report, key=f"central:{report}:{name}", spans=[(a, b)])
            return
        if _POINTERS.search(name):
            continue
        a, b = m.start(g), m.end(g)
        ts, te = _sentence_around(norm, a)
        out[(report, name)] = Draft(NodeType.PROBLEM, a, b, ts, te, "central-problem", "lead-subject",
                                    report, key=f"central:{report}:{name}", spans=_occurrences(norm, name))
        return


# 造成今日局面 / 出现这种现象: a situation pointed back to, not named
_SITUATION = re.compile(r"^(?:造成|导致|形成|出现|走到)?(?:今日|今天|当前|目前|如今|眼下|这种|这一|这样的?|此种|此等|此)"
                        r"(?:的)?(?:局面|现象|状况|情况|困境|困局|境地|地步)$")
# an adverb a body may add to the title's wording (港口竞争力下滑 → 港口竞争力持续下滑)
_DEGREE = r"(?:持续|不断|日益|日趋|逐步|逐渐|明显|一再|进一步|大幅|再度|连年)?"


def _titled_problem(norm: str, before: int) -> tuple[int, int] | None:
    """The problem a commentary's title names (社评:X下滑 须及早对症下药), where the body
    states it again before ``before``: its first clause ending in a problem word."""
    s = len(norm) - len(norm.lstrip())
    e = norm.find("\n", s)
    if e < 0 or e - s > TITLE_MAX:
        return None
    title = re.sub(r"^[^:：]{1,6}[:：]", "", norm[s:e])  # 社评: / 评论:
    for clause in re.split(r"[\s,，;；!?！？。、]+", title):
        word = content.problem_word(clause)
        if len(clause) < 4 or not word or not clause.endswith(word):
            continue
        topic = clause[:-len(word)]
        m = re.compile(re.escape(topic) + _DEGREE + re.escape(word)).search(norm, e, before)
        if m is not None and len(topic) >= 2:
            return m.start(), m.end()
    return None


def _sentence_around(norm: str, pos: int) -> tuple[int, int]:
    start = max(norm.rfind(c, 0, pos) for c in "。!?！？\n") + 1
    ends = [i for i in (norm.find(c, pos) for c in "。!?！？\n") if i >= 0]
    return start, min(ends + [len(norm)])


def _attach_to_central(doc: Document, outline: Outline, items: list[Draft], central: dict) -> None:
    """Problem items under a heading that names the central problem are its parts."""
    by_id = outline.by_id
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


def _occurrences(norm: str, name: str, bounds: tuple[int, int | None] = (0, None)
                 ) -> list[tuple[int, int]]:
    """Where ``name`` is said: in the text between ``bounds`` (its report's, so that a file of
    many reports costs each name its own report only), or anywhere."""
    lo, hi = bounds
    hi = len(norm) if hi is None else hi
    if not name:  # (as an empty pattern: at every offset)
        return [(i, i) for i in range(lo, hi + 1)]
    out, at, n = [], norm.find(name, lo, hi), len(name)
    while at >= 0:  # (str.find, not a pattern compiled for each name)
        out.append((at, at + n))
        at = norm.find(name, at + n, hi)
    return out



# ---------------------------------------------------------------- ids, merging, names

def _finish(doc: Document, drafts: list[Draft]) -> list[Node]:
    """Merge repeats (a table of contents before the body), give stable ids."""
    merged: dict[tuple, Draft] = {}
    alias: dict[int, tuple] = {}
    # a label must say something: not only punctuation, spaces or control characters
    drafts = [d for d in drafts if ALNUM_RE.search(doc.text, d.start, d.end)]
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
    firsts = {key: next(m for m in mentions if m.name == key[1])  # the full name's first mention
              for key, mentions in groups.items()}
    holders = _holders(items, [m.start for m in firsts.values()])
    nodes = []
    for (ntype, name), mentions in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        first = firsts[(ntype, name)]
        holder = holders[first.start]
        nodes.append(Node(
            id=node_id(doc.id, ntype.value, name), type=ntype, label=doc.text[first.start:first.end],
            doc=doc.id, start=first.start, end=first.end,
            spans=tuple(sorted({(m.start, m.end) for m in mentions})),
            parent=holder.id if holder else None, section=holder.section if holder else None,
            text=holder.text if holder else doc.text[first.start:first.end],
            text_start=holder.text_start if holder else first.start,
            text_end=holder.text_end if holder else first.end,
            rule=f"named-{first.cue}" if first.cue in ("quoted-name", "known-name", "titled-name") else "named-head",
            cue=first.cue, report=holder.report if holder else stated.report_at(outline, first.start)))
    return nodes


def _merge_suffixes(groups: dict) -> dict:
    """生活补助制度 beside 乡村教师生活补助制度 in one document: a short form of the same
    name, merged when exactly one longer name of the same type ends with it."""
    out: dict = {}
    ending: dict[tuple[NodeType, str], list] = {}  # (type, suffix) -> the names of out ending so
    for key in sorted(groups, key=lambda k: -len(k[1])):
        ntype, name = key
        longer = ending.get(key, [])
        if len(longer) == 1:
            out[longer[0]] = sorted(out[longer[0]] + groups[key], key=lambda m: m.start)
        else:
            out[key] = groups[key]
            for i in range(len(name)):
                ending.setdefault((ntype, name[i:]), []).append(key)
    return out


def _holders(items: list[Node], positions: list[int]) -> dict[int, Node | None]:
    """Each position -> the innermost item node whose text contains it (of equally long
    ones, the last in ``items``), by one sweep over the texts in order of their start."""
    kinds = (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE)
    texts = sorted((n.text_start, k) for k, n in enumerate(items)
                   if n.type in kinds and n.text_start < n.text_end)
    out: dict[int, Node | None] = {}
    active: list[int] = []
    at = 0
    for pos in sorted(set(positions)):
        while at < len(texts) and texts[at][0] <= pos:
            active.append(texts[at][1])
            at += 1
        active = [k for k in active if items[k].text_end > pos]
        best = None
        for n in (items[k] for k in sorted(active)):
            if best is None or n.text_end - n.text_start <= best.text_end - best.text_start:
                best = n
        out[pos] = best
    return out

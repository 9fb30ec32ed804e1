"""Clause-level reading of headings and paragraphs: where a naming clause ends, what role
an intro or a lead-in announces, ``X:Y`` headings, semicolon lists, signatures."""

from __future__ import annotations

import re
from itertools import islice

from policykg.common.charclass import one_of
from policykg.cues import heading
from policykg.models import Role

CLAUSE_END = "。;；!?！？"
HEAD_END = CLAUSE_END + ":："
BARE_MAX = 20  # a bare sub-heading is a short line with no punctuation
SECTION_MAX = 30  # a section heading is short
INTRO_RE = re.compile(r"以下|如下|下列|几点|几个方面|几方面|几类|几条|主要有|主要包括|主要表现|具体")
# 仍面临三方面堵点 / 存在两大问题 / 原因有三点: a sentence that counts what follows announces it
COUNTED_RE = re.compile(r"[二两三四五六七八九十\d](?:个|大|项|类|点|条|种)?方面|"
                        r"[二两三四五六七八九十\d](?:个|大|项|类|点|条|种)(?:[^,，。]{0,6})$")


def head_span(norm: str, start: int, end: int, stops: str = HEAD_END) -> tuple[int, int]:
    """The naming clause from ``start``: up to the first clause end (or ``end``)."""
    stop = one_of(stops).search(norm, start, end)  # not a loop over a paragraph's characters
    i = stop.start() if stop else max(start, end)
    j = i
    while j > start and norm[j - 1] in " \t,，、":
        j -= 1
    return start, j


def intro_role(text: str) -> Role | None:
    """The role an intro line announces in its last clause (这些问题的主要原因有以下几点:
    → cause; 以下几类原因及应对建议: → cause, the first of two)."""
    last = re.split(r"[,，。;；]", text.rstrip(" :："))[-1]
    hr = heading.classify(last)
    role = hr.role if hr.role in heading.CORE_ROLES else heading.first_core_role(last)
    if role is None and INTRO_RE.search(last):  # …的主要原因,有下列研究发现: → cause
        named = [r for _, _, r in heading.find_cues(text) if r in heading.CORE_ROLES]
        role = named[-1] if named else None
    return role


_LIST_LEAD = re.compile(r"[:：]")
_SENTENCE_SPLIT = re.compile(r"[。!?！？]")
_AFTER_SENTENCE = re.compile(r"(?<=[。!?！？])")
_COMMA = re.compile("[,，]")
_MODAL_WORD = re.compile(r"将|要|拟|需要|需|应当|应|必须|须")
_SEPARATORS = {sep: re.compile(sep) for sep in ("[;；]", "[,，]", "、")}  # _split_parts


def semicolon_items(seg: str) -> tuple[int, list[tuple[int, int]]] | None:
    """``主要问题有:A;B;C。``: a lead ending in a colon, then statements separated by
    semicolons (≥ 2, or one after a bare role label such as 原因:), or by commas (≥ 3,
    after a lead that names a role: 突出表现为:A,B,C。). Returns the lead's end (the
    colon) and the statements' spans."""
    for m in _LIST_LEAD.finditer(seg):
        lead = _SENTENCE_SPLIT.split(seg[:m.start()])[-1].strip()
        if len(lead) > 40 or _NAMED_PROBLEM.search(lead):
            continue  # 存在“重突击、轻长效”的问题:… describes the problem it has named
        body_end = seg.find("。", m.end())
        body_end = len(seg) if body_end < 0 else body_end
        parts = _split_parts(seg, m.end(), body_end, "[;；]")
        if len(parts) >= (1 if is_role_label(lead) else 2) and all(b - a <= 80 for a, b in parts):
            return m.start(), parts
        if lead_in_role(lead) is not None and len(parts) == 1:
            parts = _split_parts(seg, m.end(), body_end, "[,，]")
            if 3 <= len(parts) <= 6 and all(4 <= b - a <= 30 for a, b in parts):
                return m.start(), parts
            parts = _enumeration(seg, m.end(), body_end)
            if parts:
                return m.start(), parts
    return None


# 下一步将A,B,C,确保X。: a lead naming countermeasures, ending in a modal, then a comma
# chain of short measures; a closing purpose clause (确保/力争/以…) is no measure.
_MODAL_END = re.compile(r"(?:将|要|拟|需|应|须|必须|需要|应当)[,，]?$")
_PURPOSE = re.compile(r"^(?:确保|力争|努力|争取|以便|以期|以|从而|进而|推动|促进)")


def modal_lead_items(seg: str) -> tuple[int, list[tuple[int, int]]] | None:
    """A sentence whose lead names countermeasures and ends in a modal, followed by three
    short measures or more separated by commas: the lead's end and the measures' spans."""
    start = 0
    for sent in _AFTER_SENTENCE.split(seg):
        end = start + len(sent.rstrip("。!?！？ \n"))
        for c in islice(_COMMA.finditer(seg, start, end), 2):  # the first two clauses
            lead_end = _modal_lead_end(seg, start, c.start())
            if lead_end is None:
                continue
            parts = _split_parts(seg, lead_end, end, "[,，]")
            while parts and _PURPOSE.match(seg[parts[-1][0]:parts[-1][1]]):
                parts.pop()
            if 3 <= len(parts) <= 8 and all(2 <= b - a <= 14 for a, b in parts):
                return lead_end, parts
        start += len(sent)
    return None


def _modal_lead_end(seg: str, start: int, comma: int) -> int | None:
    """Where the lead of the clause ending at ``comma`` ends: after its modal, if the
    lead names countermeasures (调研组下一步将|常态化督促…)."""
    clause = seg[start:comma]
    for m in _MODAL_WORD.finditer(clause):
        lead = clause[:m.end()]
        if len(lead) > 24:
            break  # (the later modals end later still)
        if 2 <= len(lead) and comma - (start + m.end()) >= 2 and _MODAL_END.search(lead) and \
                lead_in_role(lead) is Role.COUNTERMEASURE:
            return start + m.end()
    return None


_ANSWER_FRAME = re.compile(r"(?:如何|怎样|怎么)?(?:有效|切实|进一步)?(?:应对|解决|破解|治理|化解|防范|克服)")


def _enumeration(seg: str, start: int, end: int) -> list[tuple[int, int]]:
    """``…原因在于“三低”困境:A、B和C。``: short members separated by 、 (the last by 和/及)."""
    body = seg[start:end]
    if re.search(r"[,，;；:：]", body):
        return []
    parts = _split_parts(seg, start, end, "、")
    a, b = parts[-1] if parts else (0, 0)
    last = re.search(r"(?:以及|和|及|与)(?=[^和及与]{2,12}$)", seg[a:b])
    if last and last.start() >= 2:
        parts[-1:] = [(a, a + last.start()), (a + last.end(), b)]
    parts = [(a, b - 1) if seg[b - 1:b] == "等" else (a, b) for a, b in parts]
    frame = _ANSWER_FRAME.match(seg, parts[0][0], parts[0][1]) if parts else None
    if frame:  # 如何有效应对A、B与C: the frame is no part of A
        parts[0] = (frame.end(), parts[0][1])
    return parts if 3 <= len(parts) <= 8 and all(2 <= b - a <= 12 for a, b in parts) else []


_NAMED_PROBLEM = re.compile(r"[”\"」』]的?问题$")


def _split_parts(seg: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    parts, pos = [], start
    for m in _SEPARATORS[sep].finditer(seg, start, end):  # one character: none spans ``start``
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return [(a, b) for a, b in parts if b - a >= 2]


def is_role_label(text: str) -> bool:
    """原因 / 整改措施 / 存在问题: a short label that names a role and nothing else."""
    hr = heading.classify(text)
    return len(text) <= 6 and hr.strong and hr.role in heading.CORE_ROLES


def lead_in_role(lead: str) -> Role | None:
    """The role a paragraph announces before its inline list (主要问题有:一是…;
    问题的成因是多方面的。首先…; 为此,建议:第一,…)."""
    if question_role(lead.rstrip(" ,，:：")) is not None:
        return Role.CAUSE  # X为何屡屡发生?首先,…: the answers to a why are causes
    sentences = [x for x in _SENTENCE_SPLIT.split(lead) if x.strip(" ,，:：")]
    if not sentences:
        return None
    last = _ABSTRACT_LABEL.sub("", sentences[-1])  # 摘要:调查发现:(1)… : the label heads the paragraph
    if _SOLVING.search(last):
        return Role.COUNTERMEASURE
    if _BECAUSE_LEAD.search(last):
        return Role.CAUSE
    hr = heading.classify(re.split(r"[,，;；]", last.rstrip(" ,，:："))[-1] or last)
    if hr.role is not None and hr.role is not Role.OTHER:
        return hr.role
    return heading.first_core_role(last)


_ABSTRACT_LABEL = re.compile(r"^\s*[【\[]?(?:内容)?(?:摘要|提要)[】\]]?[:：]?(?=.)")
# 破解这一难题,需要… / 解决上述问题,必须…: what follows answers the problem.
# 治理X,仅靠…远远不够: one remedy is not enough, the list brings the rest.
_SOLVING = re.compile(r"(?:破解|解决|治理|根治|扭转|遏制|应对)[^,，。]{0,20}[,，](?:关键在于|就|还)?"
                      r"(?:需要|必须|要|应当|应|(?:仅|光|单|只)(?:靠|凭)[^,，。]{0,20}不够"
                      r"|(?:不能|不可|不应|难以)(?:仅|只|光|单)?(?:靠|凭))")
# 之所以…,主要是因为以下三点 / 原因有以下几点: what follows are causes.
# X,表面看是A,深层次看是B多重失灵 / 根子在…: the deeper look is the causes.
_BECAUSE_LEAD = re.compile(r"之所以|是因为|是由于|原因(?:在于|是|有|主要有)|成因|(?<!来)源于|缘于|归因于"
                           r"|(?:深层次|深层|根子上)看|(?:根源|症结|病根|根子)(?:在于|在|是)")
# 为何…? / 为什么…? / 原因何在?: what follows explains it.
_WHY = re.compile(r"(?:为何|为什么|何以|原因何在|原因是什么)[^。!?！？]*[?？]\s*$")


def question_role(text: str) -> Role | None:
    """A paragraph that ends by asking why announces causes."""
    return Role.CAUSE if _WHY.search(text) else None


def split_colon(head: str) -> tuple[str, str, str]:
    """``X:Y`` with a short X: the heading clause and its explanation."""
    for i, ch in enumerate(head):
        if ch in ":：" and 0 < i <= BARE_MAX:
            return head[:i], ch, head[i + 1:]
    return head, "", ""


def is_intro_para(text: str) -> bool:
    """A paragraph that announces what follows rather than stating an item."""
    one_sentence = len([x for x in re.split(r"[。!?！？]", text) if x.strip()]) <= 1
    return (text.rstrip()[-1:] in ":：" or (one_sentence and bool(INTRO_RE.search(text)))
            or bool(re.match(r"(针对|为了|为此|对此|综上|总之|鉴于|根据)", text)))


_SIGNATURE = re.compile(r"(局|委|会|组|办|室|部|厅|院|中心|政府|单位|课题组|调研组|编辑部)$|"
                        r"^\d{4}年\d{1,2}月(\d{1,2}日)?$")


def is_signature(text: str) -> bool:
    """The author or date line that closes a report (××区卫生健康局调研组)."""
    return not re.search(r"[。，,；;：:！？!?、]", text) and bool(_SIGNATURE.search(text.strip()))


# 对X问题,Y。 — an audit or rectification report names a problem and the measure taken.
_PAIR = re.compile(r"(?:^|(?<=[。;；]))\s*(?:对(?!于)|针对)(?P<x>[^。;；,，]{2,80}?)(?:的)?问题[,，]")
_ANAPHORA = re.compile(r"^(?:这些|上述|以上|此类|该|前述|这一|此)")
_TIME_LEAD = re.compile(r"(?:截至|截止|目前|至|到)[^,，。]{0,16}[,，]\s*")


def problem_pairs(seg: str) -> list[tuple[int, int, int, int]]:
    """``对X问题,Y。`` sentences: (X start, X end, Y start, Y end) in ``seg``; Y is the
    measure taken, without a leading time phrase (截至…底,)."""
    out: list[tuple[int, int, int, int]] = []
    if "问题" not in seg or "对" not in seg:
        return out  # (every match holds both; the pattern's lookbehind start is tried at every offset)
    for m in _PAIR.finditer(seg):
        if _ANAPHORA.match(m.group("x")):
            continue
        ys = m.end()
        lead = _TIME_LEAD.match(seg, ys)
        if lead:
            ys = lead.end()
        ye = ys
        while ye < len(seg) and seg[ye] not in "。;；\n":
            ye += 1
        if ye - ys >= 4:
            out.append((m.start("x"), m.end("x"), ys, ye))
    return out


# 主要存在A、B和C等问题。: a lead that names its problems in a list has already stated them
_NAMED_PROBLEMS = re.compile(r"(?:存在|面临|出现|暴露出|暴露)(?P<x>[^。!?！？:：]{4,80}?)等"
                             r"(?:突出|主要)?(?:问题|难题|困境|短板|不足|弊端)[。!?！？]?\s*$")
_PRESCRIBES = re.compile(r"^(?:应当|应该|应|必须|需要|要|亟需|亟须|建议)")


def explains_named_problems(lead: str, heads: list[str]) -> bool:
    """存在A、B和C等问题。首先,X,导致Y;其次,Z…: after a lead that has named its problems in
    a list, an enumerated run that restates none of them (no two shared character pairs
    with any name) and prescribes nothing explains them: its items are causes."""
    m = _NAMED_PROBLEMS.search(lead)
    if m is None or "、" not in m.group("x"):
        return False
    names = [n for n in re.split(r"、|以及|和|及|与", m.group("x")) if len(n) >= 2]

    def restates(head: str, name: str) -> bool:
        pairs = {name[i:i + 2] for i in range(len(name) - 1)}
        return sum(head[i:i + 2] in pairs for i in range(len(head) - 1)) >= 2

    return len(names) >= 2 and all(
        not _PRESCRIBES.match(h.lstrip(" ,，")) and not any(restates(h, n) for n in names) for h in heads)


# 第一,应A。第二,应B。第四,当局可C: members that open with a modal of obligation (an actor
# of a few characters may stand before it) prescribe, whatever the lead said
_MODAL = (r"(?:应当|应该|必须|务必|亟须|亟需|需要|应(?![用对急有付变])|要(?![素点件害求闻])|须|宜"
          r"|可(?![能行靠见观控持以]))(?=[\u4e00-\u9fff])")
_MODAL_DIRECT = re.compile("^" + _MODAL)
_MODAL_AFTER_ACTOR = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?<![不无未没])" + _MODAL)


def prescribed(heads: list[str]) -> bool:
    """Every member of a run opens with a modal, at least half of them with nothing before it."""
    heads = [h.strip(" ,，") for h in heads]
    direct = sum(1 for h in heads if _MODAL_DIRECT.match(h))
    return len(heads) >= 2 and direct * 2 >= len(heads) and all(
        _MODAL_DIRECT.match(h) or _MODAL_AFTER_ACTOR.match(h) for h in heads)


def last_sentence(text: str) -> int:
    """Where the last sentence of a line starts (0 for a line of one sentence)."""
    body = text.rstrip(" \t:：")
    return max((body.rfind(c, 0, len(body) - 1) for c in "。!?！？"), default=-1) + 1


def trailing_intro(text: str, marker_end: int) -> int:
    """Where a marked line's last sentence starts when it is an intro (…建议如下:) after the
    item's own sentences; 0 otherwise."""
    if text[-1:] not in ":：":  # (most lines: no intro, and no sentence to look for)
        return 0
    cut = last_sentence(text)
    if cut <= marker_end:
        return 0
    rest = text[cut:]
    return cut if intro_role(rest) is not None or question_role(rest) is not None else 0


def sentence_lead_role(seg: str, run_start: int) -> Role | None:
    """(三)X。分析其成因,一则…: a run that starts a new sentence of an item's line, after a
    lead naming causes or countermeasures, lists those, not parts of the item."""
    lead_start = last_sentence(seg[:run_start])
    if lead_start == 0:
        return None
    role = lead_in_role(seg[lead_start:run_start])
    return role if role in (Role.CAUSE, Role.COUNTERMEASURE) else None

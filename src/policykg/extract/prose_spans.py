"""Clauses and spans for the prose reader (policykg.extract.prose): list splitting (; then ,
between chains then 、, a last member joined by 和/及), member trimming (fillers, actor + modal, 关于…的问题), prescriptions; the
cue lexicon and the patterns built from it are policykg.extract.prose_patterns."""

from __future__ import annotations

import re
from functools import cache

from policykg.common.charclass import one_of
from policykg.cues import content as classify
from policykg.extract.drafts import clean
from policykg.extract.prose_patterns import cues, patterns, search, subject_search  # noqa: F401 (used here and by prose)
from policykg.extract.quotes import first_outside, outside_quotes, quoted, top_level
from policykg.extract.stated import full_sentences
from policykg.models import NodeType

ANAPHOR = re.compile(r"上述|以上|这|此|该|其|造成|导致|出现")  # a subject that points back is no name


# ---------------------------------------------------------------- clause helpers

def own_type(body: str) -> tuple[NodeType, int, int, str] | None:
    """A member's own predicate: X是…问题 (Problem), X是…元凶 / X加剧问题 (Cause)."""
    pats = patterns()
    first = first_clause(body, 0, len(body))
    clause = body[:first]
    for name, ntype in (("is-problem", NodeType.PROBLEM), ("predicament", NodeType.PROBLEM),
                        ("is-cause", NodeType.CAUSE),
                        ("worsens", NodeType.CAUSE)):
        m = pats[name].match(clause)
        if m:
            return ntype, m.start("x"), m.end("x"), m.group("cue")
    return None


_NEGATED = re.compile(r"尚未|未能|未[\u4e00-\u9fff]|没有|不够|不[\u4e00-\u9fff]|缺")


def shortfall(member: str) -> bool:
    """A member that says something is wanting: a problem word, or a negated predicate
    (制度尚未落实, 未能分流, 不到位)."""
    return bool(classify.problem_word(member) or _NEGATED.search(member))


# …,是X的主要原因 / …,导致X / …,则直接削弱了X: a member that says what it brings about
_BRINGS = re.compile(r"(?:导致|致使|造成|使得|引发|诱发|加剧|加重|放大|助长|推高|削弱|制约|影响)了?|是[^,，;；。]{1,20}的(?:主要|重要|直接|根本)?"
                     r"(?:原因|根源|症结|诱因)")


def explains(text: str, a: int, b: int) -> bool:
    """A member of a ;-list after 分析表明 that states a shortfall, opens with a causal
    connective (一是由于X), or whose part of the list (up to the next ;) says what it brings
    about."""
    stop = _semicolon(text, b, len(text))
    return (shortfall(text[a:b]) or _BECAUSE.match(text, a, b) is not None
            or _BRINGS.search(text, b, stop) is not None)


def _semicolon(text: str, a: int, b: int) -> int:
    """Where the first ; of text[a:b] stands, else b."""
    m = one_of(";；").search(text, a, b)
    return m.start() if m else b


_BECAUSE = re.compile(r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|首先|其次|再次|再者|最后|"
                      r"第[一二三四五六七八九十])?[,，]?(?:主要)?(?:是)?(?:由于|因为)")


def prescribes(body: str) -> bool:
    """A member whose first clause opens with an action verb and names no shortcoming
    (推行X制度 / 加强Y监管, not 缺乏Z / 规范制度缺失)."""
    first = body[:first_clause(body, 0, len(body))]
    return classify.lexical_type(first) is NodeType.COUNTERMEASURE and not classify.problem_word(first)


def opens_prescription(clause: str) -> bool:
    return after_modal(clause, 0, len(clause), strong_only=False) is not None


def find_modal(text: str, s: int = 0, e: int | None = None) -> re.Match[str] | None:
    """The first prescriptive modal in text[s:e] (its group ``m``), skipping words that
    merely contain one (主要, 相应, 可持续)."""
    e = len(text) if e is None else e
    words = _modal_words()
    if words is None:
        return next((m for m in patterns()["modal"].finditer(text, s, e) if m.group("m")), None)
    for m in words[0].finditer(text, s, e):
        if m.group(0) not in words[1]:
            return patterns()["modal"].match(text, m.start(), e)  # the same words, with groups
    return None


@cache
def _modal_words() -> tuple[re.Pattern[str], frozenset[str]] | None:
    """The words of the "modal" pattern as one alternation, in its order (the words that
    only contain a modal first): at each offset it takes the word the pattern takes, and
    a pattern opening with a literal is scanned for in C, where the two groups were tried
    at every offset. A word taken is a modal unless it is one of the others. None when
    either kind has no words (an empty group would match everywhere)."""
    c = cues()
    not_modal, modal = c.words.get("not-modal", ()), c.words.get("modal", ())
    if not (all(not_modal) and all(modal) and not_modal and modal):
        return None
    return re.compile(f"{c.alt('not-modal')}|{c.alt('modal')}"), frozenset(not_modal)


def after_modal(norm: str, s: int, e: int, strong_only: bool) -> int | None:
    """Where the verb starts after an (actor +) modal at the head of a clause, if any."""
    m = find_modal(norm, s, min(e, s + 14))
    if m is None:
        return None
    strong = m.group("m") in STRONG_MODALS
    if strong_only and not strong:
        return None
    actor = norm[s:m.start()]
    if re.search(r"[,，、]|不|没|难|的话", actor):
        return None
    if not strong and not (classify.opening_verb(norm[m.end():e]) or
                           re.match(r"(?:也|还|再)?(?:从|对|把|将|在|向|通过)", norm[m.end():e])):
        return None  # 既要“面子”: a weak modal before no action is no prescription
    return m.end() if m.end() < e else None


OUGHT = frozenset({"应", "应当", "应该", "必须", "亟需", "亟须"})  # modals that prescribe on their own
PURPOSE_ALONE = frozenset({"为了", "如要", "若要", "要想"})  # purpose words that are nothing else
STRONG_MODALS = frozenset({"应", "应该", "应当", "需", "需要", "须", "必须", "还须", "还需", "亟需", "亟须"})


def clauses(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    out, i = [], s
    for j in range(s, e):
        if norm[j] in ",，":
            out.append((i, j))
            i = j + 1
    out.append((i, e))
    return [(a, b) for a, b in out if b > a]


def run_bodies(norm: str, s: int, e: int) -> list[str]:
    """What each member of a marked run (首先…其次…) from ``s`` to ``e`` says after its marker."""
    seq = patterns()["seq"]
    return [norm[ss:se][m.end():] for ss, se in full_sentences(norm, s, e) if (m := seq.match(norm[ss:se]))]


def clause_groups(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence's clauses grouped into statements: a leading adverbial (近年来, 自…以来)
    dropped, an elaboration (A,尤其是B) or a bare short predicate (数量减少,结构恶化) kept
    with the clause before it."""
    groups: list[list[int]] = []  # start, end, clauses
    for a, b in clauses(norm, s, e):
        a, b = clean(norm, a, b)
        if b <= a or (not groups and patterns()["adverbial"].match(norm[a:b])):
            continue
        if groups and (patterns()["elaboration"].match(norm, a, b) or (b - a <= 4 and groups[-1][2] == 1)):
            groups[-1][1:] = [b, groups[-1][2] + 1]
        else:
            groups.append([a, b, 1])
    return [(a, b) for a, b, _ in groups]


def chain_members(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """A prescription's clauses: split at a semicolon and where a clause opens with
    并/同时/还要; a 、 list of verb phrases (精简A、合并B) is one member each."""
    out, start = [], s
    for m in re.finditer(r"[;；]|[,，](?=并且|并|同时|还要|也要|再)", norm[s:e]):
        out.append((start, s + m.start()))
        start = s + m.end()
    out.append((start, e))
    members = []
    for a, b in out:
        a = _past_marker(norm, a, b)  # ;同时,要…
        first = first_clause(norm, a, b)
        parts = split_members(norm, a, b, NodeType.COUNTERMEASURE) if top_level(norm, a, b, "、") else []
        runs = _cut(a, b, top_level(norm, a, b, ",，"))
        if len(parts) >= 2 and all(classify.opening_verb(fill(norm, x, y)) for x, y in parts):
            members += parts
        elif len(runs) >= 3 and all(_acts(fill(norm, x, y)) for x, y in runs):
            members += runs  # 深化A,健全B,加大C: three actions or more are a list (借鉴A,引入B one chain)
        else:
            members.append((a, b if first - a < 4 else first) if not _verbish(norm, first, b) else (a, b))
    return members


_CAUSE_SCOPE = re.compile(r"(?:[,，]|^)(?:这|此|上述|以上|这些)?[^,，。]{0,12}?(?:有其|有着|自有其)"
                          r"(?:深层次|深层|深刻|复杂|多方面|主客观|内在)?的?(?P<cue>原因|根源|成因)$")


def cause_scope(text: str) -> str | None:
    """这些问题的产生,有其深层次原因 / 出现这种局面有着复杂的原因: a sentence that only says
    the problems just stated have causes; the cue word, or None."""
    # (every match holds 有 and ends the text, or its last line, with the cue: most
    # sentences fail that at once, the pattern's start was tried at every offset)
    end = text[:-1] if text.endswith("\n") else text
    if "有" not in text or not end.endswith(("原因", "根源", "成因")):
        return None
    m = _CAUSE_SCOPE.search(text)
    return m.group("cue") if m else None


def measure_members(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """The members of a measures list after its lead: a 、 list, or else a comma chain of
    actions (提出,应建立A,探索B,健全C,并通过D), one member each."""
    members = split_members(norm, s, e, NodeType.COUNTERMEASURE)
    chained = chain_members(norm, s, e) if len(members) == 1 else []
    return chained if len(chained) >= 2 else _with_second_measures(norm, members, e)


# 一是设立A,并提高B / 将X纳入Y,或通过Z: 并/或 opening an action adds a second, distinct measure
_SECOND = re.compile(r"[,，](?:并且|并|或者|或|同时)[,，]?(?:还|也)?(?:应|要|将|需)?")


def _with_second_measures(norm: str, members: list[tuple[int, int]], e: int) -> list[tuple[int, int]]:
    out = []
    starts = [a for a, _ in members[1:]] + [e]
    for (a, b), nxt in zip(members, starts):
        out.append((a, b))
        stop = min(_semicolon(norm, b, e), nxt)  # a clause the list made a member already is not added again
        m = _SECOND.search(norm, b, stop)
        if m and m.end() < stop and (_acts(norm[m.end():stop]) or norm.startswith("通过", m.end())):
            out.append((m.end(), first_clause(norm, m.end(), stop)))
    return out


def _acts(clause: str) -> bool:
    """A clause that does something: it opens with an action verb, or puts its object first
    with 将/把/对 (将X纳入Y, 对X给予Y)."""
    return bool(classify.opening_verb(clause) or re.match(r"(?:将|把|对(?!此|于))[^,，]{2,}", clause))


def _verbish(norm: str, first: int, b: int) -> bool:
    """The clause after the first opens with an action verb too (借鉴A,引入B): one chain."""
    if first >= b:
        return False
    nxt = norm[first + 1:b]
    return bool(classify.opening_verb(nxt)) and not patterns()["tail"].match("," + nxt)


def fill(norm: str, a: int, b: int) -> str:
    a, b = strip_fillers(norm, a, b)
    return norm[a:b]


def first_clause(text: str, a: int, b: int) -> int:
    """Where the first clause of text[a:b] ends (its first comma outside quotes), else b."""
    return first_outside(text, a, b, ",，", b)


def cut_tail(text: str, a: int, b: int) -> int:
    """End a member before a purpose, result or example clause."""
    m = patterns()["tail"].search(text, a, b)
    return m.start() if m else b


def colon_at(text: str) -> int | None:
    colon = _COLON.search(text)
    if colon is None:
        return None
    j = colon.start()
    return j if 2 <= j and len(text) - j > 4 else None


_COLON = re.compile("[:：]")


_CAUSAL = re.compile(r"导致|造成|致使|使得|引发")
_AND = re.compile(r"以及|及|和")
_AND_TWO = re.compile(r"以及|及|和|与")


def split_members(text: str, a: int, b: int, ntype: NodeType, pair: bool = False,
                  listed: bool = False) -> list[tuple[int, int]]:
    """One span per member of an in-sentence list: on ; when there is one (each part's
    first clause), else on , between clauses that each state a chain (A导致B,C导致D), else
    on 、 and , ; a last member joined by 和/及 is split off when both halves are of the type."""
    text_b = b
    semis = top_level(text, a, text_b, ";；")
    if semis:
        parts = _cut(a, text_b, semis)
        parts = [(_past_marker(text, x, y), y) for x, y in parts]
        return [p for p in ((x, first_clause(text, x, y)) for x, y in parts) if _ok(text, *p)]
    commas = top_level(text, a, text_b, ",，")
    by_comma = _cut(a, text_b, commas)
    if commas and any(_CAUSAL.search(text, x, y) for x, y in by_comma):
        return [p for p in by_comma if _ok(text, *p)]
    if not top_level(text, a, text_b, "、"):
        # after a lead that announces causes, A与B is a list of two when both state one
        # (本质是权责失衡与机制僵化); elsewhere (存在A与B问题, A、B与C) 与 joins one member's words
        if len(by_comma) > 1 and (ntype is NodeType.COUNTERMEASURE or listed) and \
                all(_states(fill(text, *p), ntype, loose=True) for p in by_comma):
            # 提出应建立A,引入B,并开展C / 原因主要有:A滞后,B不一致 (after a colon the commas
            # enumerate; elsewhere a comma clause about a cause may restate it)
            return [p for p in by_comma if _ok(text, *p)]
        one = (a, first_clause(text, a, text_b))
        return [p for p in _split_and(text, *one, ntype, _AND_TWO if pair else _AND) if _ok(text, *p)]
    out = []
    for x, y in by_comma:
        subs = _cut(x, y, top_level(text, x, y, "、"))
        if commas and len(subs) > 1 and not all(_states(fill(text, *p), ntype) for p in subs):
            subs = [(x, y)]  # A、B部门职责交叉,C不足: the commas separate members, 、 sits inside one
        for u, v in subs:
            out += _split_and(text, u, v, ntype)
    return [p for p in out if _ok(text, *p)]


def _states(member: str, ntype: NodeType, loose: bool = False) -> bool:
    """A member that says something of its own type: a shortcoming (loose: or a negated
    predicate), or an action."""
    if ntype is NodeType.COUNTERMEASURE:
        return bool(classify.opening_verb(member))
    return shortfall(member) if loose else bool(classify.problem_word(member))


def _past_marker(text: str, a: int, b: int) -> int:
    """Past a member's list marker (第二,) or connective (同时,)."""
    a = clean(text, a, b)[0]
    m = patterns()["seq"].match(text, a, b)
    if m:
        return m.end()
    m = patterns()["continue"].match(text[a:b])  # anchored with ^: match the slice
    return a + m.end() if m else a


def _cut(a: int, b: int, at: list[int]) -> list[tuple[int, int]]:
    out, i = [], a
    for j in at:
        out.append((i, j))
        i = j + 1
    out.append((i, b))
    return out


def _split_and(text: str, a: int, b: int, ntype: NodeType,
               conj: re.Pattern[str] = _AND) -> list[tuple[int, int]]:
    for m in conj.finditer(text, a, b):
        left, right = (a, m.start()), (m.end(), b)
        if right[1] - right[0] < 4 or left[1] - left[0] < 4:
            continue
        lt, rt = fill(text, *left), fill(text, *right)
        if ntype is NodeType.COUNTERMEASURE:
            both = classify.opening_verb(lt) and classify.opening_verb(rt)
        else:
            both = classify.problem_word(lt) and classify.problem_word(rt) and \
                not classify.problem_word(text[m.start():m.start() + 4])
        if both:
            return [left, right]
    return [(a, b)]


def _ok(text: str, a: int, b: int) -> bool:
    a, b = strip_fillers(text, a, b)
    return b - a >= 2 and not patterns()["announce"].match(text, a) and not _VIEW.match(text, a)


# 企业算的是眼前账,觉得投入大、回报慢,宁愿…: a clause giving the subject's view of the
# member before it says why, it is no member of its own
_VIEW = re.compile(r"(?:总|都|还|也)?(?:觉得|认为|以为|宁愿|宁可)")


def strip_fillers(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = clean(text, a, b)
    seq = patterns()["seq"].match(text, a, b)
    if seq and b - seq.end() >= 2:
        a, b = clean(text, seq.end(), b)
    fillers = cues().words.get("filler", ())
    changed = True
    while changed and a < b:
        changed = False
        if not text.startswith(fillers, a):
            break  # (no filler opens the span: none to try one by one)
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


# 一是 / (1) / ① / 第一, opening a member of an in-sentence list: its number, not its name
_LEAD_MARKER = re.compile(r"(?:[一二三四五六七八九十]{1,2}(?:是|要|则)[,，:：]?|[(（]\d{1,2}[)）]|[①-⑳]"
                          r"|第[一二三四五六七八九十]{1,2}[,，、:：])\s*")


_ABOUT = re.compile(r"关于(.+)的问题$")


def trim(norm: str, a: int, b: int, ntype: NodeType) -> tuple[int, int]:
    a, b = strip_fillers(norm, a, b)
    m = _LEAD_MARKER.match(norm, a, b)
    if m is not None and b - m.end() >= 2:
        a, b = strip_fillers(norm, m.end(), b)
    if ntype is NodeType.COUNTERMEASURE:
        m = after_modal(norm, a, b, strong_only=False)
        if m is not None and m - a <= 10:
            a, b = strip_fillers(norm, m, b)
    m = _ABOUT.match(norm[a:b]) if norm.startswith("关于", a, b) else None
    if m:
        a, b = a + 2, a + 2 + len(m.group(1))
    return clean(norm, a, b)


# ---------------------------------------------------------------- what a run or a sentence does

# 更深层的原因在于 / 最根本的原因是: a degree of the cause, not the problem it causes
# 一个重要原因是 / 还有一个原因是: one cause among several, not the problem it causes
QUALIFIER = re.compile(r"^(?:更|最|其)?(?:深层次?|深层面|根本|主要|直接|重要|核心|关键|首要|另一个?|又一个?)的?$"
                       r"|^(?:还有|另有|再有|此外)?(?:一个|一大|另一个?|又一个?)(?:很|最|更)?(?:重要|主要|直接|根本|深层次?|关键)?的?$")


def run_prescribes(norm: str, s: int, e: int) -> bool:
    """Most members of the marked run that starts at ``s`` (up to ``e``, the end of its
    paragraph) open with an action verb and name no shortcoming."""
    votes = [prescribes(body) for body in run_bodies(norm, s, e)]
    return len(votes) >= 2 and 2 * sum(votes) > len(votes)


def run_describes(norm: str, s: int, e: int) -> bool:
    """Some later member of the marked run starting at ``s`` states a problem of its own
    (X让…陷入困境, X是…问题) and none a cause (X是元凶)."""
    own = [own_type(body) for body in run_bodies(norm, s, e)[1:]]
    return {o[0] for o in own if o is not None} == {NodeType.PROBLEM}


def ought(norm: str, s: int, e: int) -> bool:
    """The sentence opens with (an actor and) 应/应当/必须 before an action verb; 需要
    is left out (企业需要承担… says what is needed, not what should be done). The writer's
    own voice may come first (文章认为,应…)."""
    says = patterns()["writer-says"].match(norm, s, e)
    s = says.end() if says else s
    m = find_modal(norm, s, min(e, s + 14))
    at = after_modal(norm, s, e, strong_only=True)
    return m is not None and m.group("m") in OUGHT and at is not None and \
        bool(classify.opening_verb(norm[at:e]))

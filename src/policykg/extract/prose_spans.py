"""Clauses and spans for the prose reader (policykg.extract.prose): the cue lexicon and
patterns built from it, list splitting (; then , between chains then 、, a last member
joined by 和/及), member trimming (fillers, actor + modal, 关于…的问题), prescriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.common import lexicon
from policykg.common.charclass import one_of
from policykg.cues import content as classify
from policykg.extract.drafts import clean
from policykg.extract.quotes import first_outside, outside_quotes, quoted, top_level
from policykg.extract.stated import full_sentences
from policykg.models import NodeType

ANAPHOR = re.compile(r"上述|以上|这|此|该|其|造成|导致|出现")  # a subject that points back is no name
_TYPES = {t.value: t for t in NodeType}


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
def patterns() -> dict[str, re.Pattern[str]]:
    c = cues()
    noun, verb = c.alt("noun"), c.alt("list-verb")
    body = r"[^。;；:：,，?？!！]"
    return {
        # 存在A、B等问题 / 面临着A、B和C等现实阻碍
        "noun-after": re.compile(
            rf"(?:{verb})(?:着|了)?(?P<list>{body}{{4,160}}?)等?"
            rf"(?:[一二三四五六七八九十两几多]+[大个项类种方面点]|现实|突出|主要|诸多|一系列|方面|的)?"
            rf"(?P<noun>{noun})"),
        # 发现A、B和C的问题较为集中: a finding that names problems
        "noun-found": re.compile(
            rf"(?:{c.alt('find-verb')})(?P<list>{body}{{4,160}}?)等?(?:突出|主要|诸多|一系列|方面|的)?"
            rf"(?P<noun>{noun})"),
        # A、B、C等问题屡见不鲜: the list is the subject, the predicate says it occurs
        "noun-subject": re.compile(
            rf"(?:^|[,，])(?P<list>{body}{{2,160}}?、{body}{{2,160}}?)等(?:突出|主要|诸多|一系列|方面|的)?"
            rf"(?P<noun>{noun})(?:也|仍|依然|仍然|更是|日益|愈发|越来越|较为|十分|尤为|时常)?"
            rf"(?:{c.alt('occurs')})"),
        # 进一步分析表明,A;B;C: after problems, an analysis whose members state shortfalls
        # (研究认为,)上述困境的形成,一是…: a subject pointing back at the problems is no member
        "explain": re.compile(rf"^[^,，;；]{{0,6}}?(?P<cue>{c.alt('explain-lead')})[,，:：]?"
                              r"(?:(?:上述|以上|这些|此类)[^,，;；。]{1,12}[,，])?"),
        # 存在的问题包括A、B等
        "noun-before": re.compile(
            rf"(?P<noun>{noun})(?:主要)?(?:包括|有|是|表现为|表现在)[:：]?(?P<list>{body}{{4,160}})"),
        # A、B和C成为…三大难题
        "list-is-noun": re.compile(
            rf"(?P<list>{body}{{4,160}}?)等?(?:成为|是|构成)(?:了)?{body}{{0,12}}?(?P<noun>{noun})"),
        # 究其原因,主要由于A、B等造成
        "cause-lead": re.compile(  # 来源于 names a source, not a cause
            rf"(?<!来)(?P<cue>{c.alt('cause-lead')})[,，:：]?(?:主要)?(?:是|在于|有)?(?:由于)?[,，]?"
            rf"(?P<list>[^。;；:：?？!！]{{2,200}})"),
        # (既源于X,)也与A、B有关: further causes
        "also-with": re.compile(r"[,，](?:也|还|又|亦)与(?P<list>[^。;；,，]{4,120}?)等?(?:因素)?(?:密切|直接)?(?:相关|有关)"),
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
        # 凡此种种,都导致X: X is what the causes just listed bring about
        "closure": re.compile(
            rf"^(?P<cue>{c.alt('closure')})[,，]?(?:[^,，。]{{0,8}}?)(?:都|均|共同|最终|最后)?"
            rf"(?:{c.alt('effect')})(?:了)?(?P<x>[^。;；?？!！]{{4,80}})"),
        # A(又进一步|最终)导致B: a cause and its effect stated in one sentence
        "causal": re.compile(rf"(?:又|也|还)?(?:进一步|最终|从而|进而)?(?P<cue>{c.alt('effect')})(?:了)?"),
        # ;另一方面(在于)…: a semicolon before the next marked member ends the one before
        "next-member": re.compile(rf"[;；](?=(?:{c.alt('seq-next')})(?:是|就是)?[,，]?(?:在于|因为|由于|源于)?)"),
        "next-step": re.compile(r"进而|从而|继而|最终"),
        "causal-lead": re.compile(r"(?:同时|此外|另外|加上|再加上|加之|而且|而|但是|但|然而|不过)[,，]?"),
        "hypothetical": re.compile(r"会|可能|如果|若|一旦|不仅|假如|例如|比如"),
        # 也给X带来Y / 为X带来Y: a further consequence
        "brings": re.compile(r"(?:也|还|并|又)?(?:给|为|对)[^,，。]{2,16}(?:带来|造成)"),
        "not-cause-tail": re.compile(rf"的(?:{c.alt('not-cause-tail')})$"),
        "cause-end": re.compile(rf"等?(?:因素|原因)?(?:所|而)?(?:{c.alt('cause-end')})(?:的)?$"),
        # 以 opens a purpose (以提高…), 以及 a further member
        "tail": re.compile(rf"[,，](?!以及|以来|以上|以下|以后|以前|以往)(?:{c.alt('tail')})"),
        # a word that only contains a modal (主要, 相应, 可持续, 需求) is matched first and skipped
        "modal": re.compile(rf"(?P<not>{c.alt('not-modal')})|(?P<m>{c.alt('modal')})"),
        "announce": re.compile(c.alt("announce")),
        # 第三方/第一书记/第二课堂 are words, not markers
        # 从平台看,A。从家庭看,B: one side of the matter each (从调研情况看 only cites evidence)
        "seq": re.compile(rf"(?P<cue>{c.alt('seq-start')}|{c.alt('seq-next')}|从(?![^,，。]{{0,8}}?"
                          r"(?:情况|调研|调查|审计|数据|实际|统计|实践|根子|深层|长远|全局|总体|整体))"
                          r"[^,，。从]{1,8}?(?:来)?看(?=[,，]))"
                          r"(?!方|者|书记|时间|课堂|产业|梯队|批|次|届|名|位|季度|阶段|期|轮|类|个|项|条|款|章|节|部分)"
                          r"(?:是|点)?[,，:：]?"),
        # 文章认为,(…应…): the writer's voice before a prescription
        "writer-says": re.compile(rf"(?:{c.alt('writer')})(?:还|也|进一步)?(?:认为|指出|主张|强调)[,，:：]"),
        # 对此, / 治理这一顽疾, / 解决上述问题,: what follows answers the problem just stated
        # 治理X,不能(只)靠Y / 破解X,光靠Y远远不够: one remedy rejected, the rest follow
        "measure-scope": re.compile(rf"(?P<cue>{c.alt('scope-measure')}|(?:治理|破解|解决|根治|遏制|扭转)"
                                    r"(?:这一|这个|该|此类|上述|这些|以上)[^,，。]{0,6}|(?:治理|破解|解决|根治|遏制|扭转|化解)"
                                    r"[^,，。]{2,20}(?=[,，](?:不能|不可|不应|难以)(?:仅|只|光|单)?(?:靠|凭)|[,，]"
                                    r"(?:仅|只|光|单)(?:靠|凭)[^,，。]{0,20}不够))[,，]?"),
        "purpose": re.compile(rf"(?P<cue>{c.alt('purpose')})(?P<aim>(?:(?!{c.alt('modal')}|不|没|能)[^,，。]){{2,24}})[,，]"),
        # X的原因是多方面的 / X源自多重因素 / 为什么会有X?
        "subject": re.compile(
            r"(?P<subj>[^,，。:：;；\s]{2,24}?)的?(?P<cue>原因是多方面的|原因有很多|原因有以下几|"
            r"(?:源自|源于|来自)(?:多重|多种|多方面|以下)(?:因素|原因))"),
        # X之所以Y,… / X屡禁不止,首先是因为… / 造成X的原因,一方面在于…: X is the problem
        # whose causes follow (the sequence marker is left for the member reading)
        "why-subject": re.compile(
            r"^(?:(?P<subj>[^,，。:：;；]{2,24}?)(?P<cue>之所以)[^,，。]{1,10}[,，]|"
            r"(?:造成|导致|形成|产生)(?P<subj2>[^,，。:：;；]{2,24}?)的(?P<cue2>原因)[,，](?=一方面|首先|其一|一是|一则|第一)|"
            r"(?P<subj3>[^,，。:：;；]{2,24}?)[,，](?=(?:首先|一方面|其一|一则)(?:是|就是)?(?:因为|由于|在于|源于))|"
            # X,症结不全在Y: the causes are more than Y, and follow
            r"(?P<subj4>[^,，。:：;；]{2,24}?)[,，](?P<cue4>(?:症结|病根|根源|根子|原因)(?:并?不全|并?不只|不仅|并非只|不单)(?:在于|在|是)))"),
        "question": re.compile(r"(?:^|[,，])(?P<cue>为什么会|为何会|为什么|为何)(?:有|出现|产生|发生)?(?P<subj>[^?？,，。]{2,24})$"),
        # X为什么Y? : the whole question names the problem
        "question-whole": re.compile(r"^(?P<subj>[^,，。]{2,24}?(?P<cue>为什么|为何)[^,，。]{2,24})$"),
        # X是(其中的)(主要|一个|亟待解决的)问题(之一) / X是另一大元凶 / X加剧问题
        "is-problem": re.compile(r"^(?P<x>.{4,60}?)也?是(?:其中的)?[^,，。]{0,12}?(?P<cue>问题|难题|挑战)(?:之一)?$"),
        "is-cause": re.compile(
            rf"^(?P<x>.{{2,60}}?)(?:也)?(?:是|为|成为)(?:另)?[^,，。]{{0,8}}?(?P<cue>{c.alt('cause-noun')})(?:之一)?$"),
        # X让/使…陷入…困境: the member states a predicament of its own
        "predicament": re.compile(r"^(?P<x>.{2,60}?(?:陷入|面临|深陷)[^,，。]{0,20}?(?P<cue>困境|困局|难题|泥潭|窘境))$"),
        "worsens": re.compile(r"^(?P<x>.{2,40}?)(?P<cue>加剧|加重|恶化)(?:了)?(?:这一|这个|该|上述)?问题$"),
        "problem-rises": re.compile(
            r"(?P<x>[^,，。]{2,40}问题)(?:日益|愈发|越来越|愈加|更加|十分|尤为)?(?P<cue>凸显|突出|严重|显现|严峻)"),
        # 更需警惕的是,X: the sentence states a further problem
        "problem-lead": re.compile(
            rf"^[^,，。]{{0,6}}?(?P<cue>{c.alt('problem-lead')})[,，]?(?P<x>[^,，。;；]{{4,60}})"),
        "has-problem": re.compile(r"^(?P<x>[^,，。]{2,40}存在(?P<what>[^,，。]{2,24})问题)$"),
        "no-members": re.compile(r"^(?:例如|比如|譬如|如(?!要)|据(?!此)|根据|数据显示|调查|研究显示|研究表明|以|某)"),
        # a sentence's opening clause that only places it in time or turns from the last one
        "adverbial": re.compile(r"^(?:[^,，]{0,12}以来|近年来?|近些年|近年以来|目前|当前|现阶段|当下|长期以来|"
                                r"然而|但是?|同时|此外|另外|与此同时)$"),
        # a clause that elaborates the one before it (A,尤其是B)
        "elaboration": re.compile(r"尤其|特别是|包括|甚至|乃至"),
        "continue": re.compile(r"^(?:同时|此外|另外|并且|还|而且)[,，]?"),
    }


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


# Words every match of a pattern holds (each tuple: one of its words), for the patterns
# that open with a free run of characters and would otherwise be tried at every offset.
_NEEDS = {
    "subject": (("原因", "源自", "源于", "来自"),),
    "noun-subject": (("、",), ("等",)),
    "effect": (("、",), ("等",)),
    "list-is-noun": (("成为", "是", "构成"),),
}


def search(name: str, text: str) -> re.Match[str] | None:
    """``patterns()[name].search(text)``, skipping text without the words its matches hold."""
    got = _SEARCH.get(name)
    if got is None:
        got = _SEARCH[name] = (patterns()[name].search, _NEEDS.get(name, ()))
    find, needs = got
    for words in needs:
        for w in words:
            if w in text:
                break
        else:
            return None
    return find(text)


_SEARCH: dict[str, tuple] = {}  # name -> (its pattern's search, its _NEEDS), made on first use


def subject_search(text: str) -> re.Match[str] | None:
    return search("subject", text)


def find_modal(text: str, s: int = 0, e: int | None = None) -> re.Match[str] | None:
    """The first prescriptive modal in text[s:e] (its group ``m``), skipping words that
    merely contain one (主要, 相应, 可持续)."""
    for m in patterns()["modal"].finditer(text, s, len(text) if e is None else e):
        if m.group("m"):
            return m
    return None


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


def trim(norm: str, a: int, b: int, ntype: NodeType) -> tuple[int, int]:
    a, b = strip_fillers(norm, a, b)
    m = _LEAD_MARKER.match(norm, a, b)
    if m is not None and b - m.end() >= 2:
        a, b = strip_fillers(norm, m.end(), b)
    if ntype is NodeType.COUNTERMEASURE:
        m = after_modal(norm, a, b, strong_only=False)
        if m is not None and m - a <= 10:
            a, b = strip_fillers(norm, m, b)
    m = re.match(r"关于(.+)的问题$", norm[a:b])
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

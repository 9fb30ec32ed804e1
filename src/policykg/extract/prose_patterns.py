"""The prose reader's cue lexicon (data/prose_cues.tsv), the patterns built from it, and
their search: a sentence without the words every match of a pattern holds is not searched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.common import lexicon
from policykg.models import NodeType

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


# Words every match of a pattern holds (each tuple: one of its words), for the patterns
# that open with a free run of characters and would otherwise be tried at every offset.
_NEEDS = {
    "subject": (("原因", "源自", "源于", "来自"),),
    "noun-subject": (("、",), ("等",)),
    "effect": (("、",), ("等",)),
    "list-is-noun": (("成为", "是", "构成"),),
    "means": (("方式", "途径", "手段", "措施", "方法", "办法"),),
    "problem-rises": (("问题",), ("凸显", "突出", "严重", "显现", "严峻")),
    "question": (("为什么", "为何"),),
}


# Kinds of cue (prose_cues.tsv) whose words every match of a pattern holds one of: the
# patterns that open with optional words are tried at every offset otherwise.
_CUE_NEEDS = {
    "noun-after": ("list-verb", "noun"),
    "noun-found": ("find-verb", "noun"),
    "noun-subject": ("noun", "occurs"),
    "list-is-noun": ("noun",),
    "cause-lead": ("cause-lead",),
    "measure-lead": ("measure-lead",),
    "means": ("means",),
    "effect": ("effect",),
    "causal": ("effect",),
}


def search(name: str, text: str) -> re.Match[str] | None:
    """``patterns()[name].search(text)``, skipping text without the words its matches hold."""
    got = _SEARCH.get(name)
    if got is None:
        got = _SEARCH[name] = (patterns()[name].search, _needs(name))
    find, needs = got
    for need in needs:
        if need(text) is None:
            return None
    return find(text)


def _needs(name: str) -> tuple:
    """The searches for the word groups of ``name`` (_NEEDS, then its cue kinds), one
    pattern each: its words are literals, which the regex engine looks for in C (a kind
    without words asks for nothing: its pattern is empty)."""
    groups = list(_NEEDS.get(name, ()))
    groups += [cues().words.get(kind, ()) for kind in _CUE_NEEDS.get(name, ())]
    return tuple(re.compile("|".join(map(re.escape, ws))).search for ws in groups if ws)


_SEARCH: dict[str, tuple] = {}  # name -> (its pattern's search, its needs), made on first use


def subject_search(text: str) -> re.Match[str] | None:
    return search("subject", text)

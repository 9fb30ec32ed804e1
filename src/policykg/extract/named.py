"""Named Mechanisms (…机制) and Institutions (…制度, …责任制, …实施细则, named rule systems
such as “三会一课”, rule documents by title: 《…管理办法》, or by head: 党委议事规则,
…补助办法): one node per distinct name per document, every mention kept.

A name is read leftwards from its head (机制, 制度 …) over its modifier, stopping at
the verbs and function words before it (data/named_stop.txt): 建立健全|监督机制.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from policykg.common import lexicon
from policykg.common.charclass import HAN_RE
from policykg.extract.drafts import find_all
from policykg.models import NodeType

MAX_NAME = 20
_CJK = HAN_RE
_LEADING_MARKER = re.compile(r"[一二三四五六七八九十]+[是要则]")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』\n]{2,12})[”\"」』]")
_NUMBERED_NAME = re.compile(r"^[一二三四五六七八九十两百千]+[^\d个]{0,4}[一二三四五六七八九十两]*[^\d个]*$")


@dataclass(frozen=True)
class Mention:
    type: NodeType
    name: str  # normalised (simplified) name: the node's identity in the document
    start: int
    end: int
    cue: str  # the head or the rule that found it


@cache
def _heads() -> tuple[tuple[str, NodeType], ...]:
    pairs = [(h, NodeType(t)) for h, t in lexicon.table(__package__, "named_heads.tsv")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _head_texts() -> tuple[str, ...]:
    return tuple(h for h, _ in _heads())


@cache
def _head_patterns() -> tuple[tuple[str, NodeType, re.Pattern[str]], ...]:
    return tuple((h, t, re.compile(re.escape(h))) for h, t in _heads())


# Action verbs that also name what a mechanism does (监督机制, 保障制度): not stops.
NAME_VERBS = frozenset({"监督", "监管", "保障", "培训", "教育", "宣传", "发展", "联系", "分类",
                        "规范", "治理", "整治", "督导", "支持", "激励", "服务", "引导", "调动",
                        "培育", "防范", "化解", "评价", "考核", "管理", "协调", "监测", "预警",
                        "补偿", "交流", "共享", "调整", "调度", "回收", "选拔", "培养", "记录"})


# Verbs that also stand as nouns at the end of a compound (廉政建设, 制度执行): inside a name
# unless they open the phrase.
NOMINAL_VERBS = frozenset({"建设", "改革", "创新", "执行", "落实", "运行", "实施", "推进", "发展"})


@cache
def _pos_tags() -> dict[str, str]:
    """Part-of-speech tags (jieba's dictionary) of the words that are not nouns, read once:
    a word the dictionary knows and this table leaves out is a noun (see _is_noun)."""
    from policykg.common import segment

    return segment.derived_table("pos", _non_nouns)


def _non_nouns(dictionary: str) -> dict[str, str]:
    """word -> tag of the lines of jieba's dictionary (word, frequency, tag) whose tag is
    not a noun's."""
    return dict(re.findall(r"^(\S+) \d+ ([^n\s]\S*)\r?$", dictionary, re.M))


def _is_noun(word: str) -> bool:
    from policykg.common import segment

    return word not in _pos_tags() and segment.tokenizer().FREQ.get(word, 0) > 0


def _is_verb(word: str) -> bool:
    """Does ``word`` name an action (jieba tag v or vn: 孵化, 培训, 移送), not a thing or a
    quality (内生, 人才, 灵活)?"""
    return word in NAME_VERBS or _pos_tags().get(word, "") in ("v", "vn")


@cache
def _verb_stops() -> frozenset[str]:
    return frozenset(v for v in lexicon.words("policykg.cues", "action_verbs.txt")
                     if len(v) >= 2 and v not in NAME_VERBS) - set(lexicon.words(__package__, "named_stop.txt"))


@cache
def _stops() -> tuple[str, ...]:
    return tuple(sorted(set(lexicon.words(__package__, "named_stop.txt")) | _verb_stops(), key=lambda w: (-len(w), w)))


@cache
def _generic() -> frozenset[str]:
    return frozenset(lexicon.words(__package__, "named_generic.txt"))


@cache
def _known() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words(__package__, "named_institutions.txt"), key=len, reverse=True))


def find_mentions(norm: str) -> list[Mention]:
    """Every name mention in the normalised text, in order, without overlaps."""
    found = _titled(norm) + _headed(norm) + _quoted(norm) + _known_names(norm)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _headed(norm: str) -> list[Mention]:
    out = []
    for head, ntype, pattern in _head_patterns():
        if head not in norm:  # most heads are absent: a C-level find says so at once
            continue
        for m in pattern.finditer(norm):
            if not _ends_a_name(norm, head, m.end()):
                continue
            mention = _quoted_name(norm, m, head, ntype) if _after_quote(norm, m.start()) \
                else _modified_name(norm, m, head, ntype)
            if mention is not None:
                out.append(mention)
    return out


def _ends_a_name(norm: str, head: str, end: int) -> bool:
    """制度设计 / 责任制度 / 规则意识: here the head goes on, it does not close a name."""
    if head == "制度" or head in _DOCUMENT_HEADS:
        return not _continues_noun(norm, end)
    return not (head.endswith("制") and norm[end:end + 1] == "度")


def _after_quote(norm: str, pos: int) -> bool:
    return pos > 0 and norm[pos - 1] in "”\"」』"


def _quoted_name(norm: str, m: re.Match[str], head: str, ntype: NodeType) -> Mention | None:
    """“三到场”制度: the quoted name is the modifier."""
    quoted = _quoted_before(norm, m.start())
    return None if quoted is None else Mention(ntype, norm[quoted:m.end()], quoted, m.end(), head)


def _modified_name(norm: str, m: re.Match[str], head: str, ntype: NodeType) -> Mention | None:
    start = _modifier_start(norm, m.start())
    lead = _LEADING_MARKER.match(norm, start, m.start())
    if lead:
        start = lead.end()
    modifier = norm[start:m.start()]
    if _after_quote(norm, start):
        # “一品一码”质量追溯制度: the quoted name and what follows it name one system
        quoted = _quoted_before(norm, start)
        if quoted is None or not all(_CJK.match(c) for c in modifier):
            return None
        inner = norm[quoted + 1:start - 1]
        # a quoted name that is a name of its own (“三重一大”) stays that name's mention
        name = inner if inner in _known() or _numbered(inner) else norm[quoted:m.end()]
        return Mention(ntype, name, quoted, m.end(), head)
    if head == "长制" and len(modifier) == 2 and modifier[0] in _single_stops():
        start, modifier = start + 1, modifier[1:]  # 将|楼长制
    shortest = 1 if head == "长制" else 3 if head in ("办法", "规则") else 2
    if len(_CJK.findall(modifier)) < shortest or modifier in _generic():
        return None
    if head in ("办法", "规则") and not _names_a_matter(norm[start:m.start()]):
        return None  # 老办法, 这个办法: a way of doing, not a rule document
    if modifier in _verb_stops() and _opens_phrase(norm, start, 0):
        return None  # 加快机制(与政策创新): a verb acting on the head, not a name
    if norm[start - 1:start] == "的" and len(modifier) <= 2 and (
            head in _DOCUMENT_HEADS or (head == "制度" and modifier not in NAME_VERBS)
            or (head == "机制" and not _is_verb(modifier))):
        return None  # 乡村发展的内生机制, 灵活的人才制度: a kind of system, not a name
        # (…挂钩的激励机制 says what it does; …的管护责任制 has a head of its own)
    if norm[start:m.end()].endswith(_GENERIC_NAMES) or (head == "长制" and len(modifier) > 2):
        return None
    return Mention(ntype, _identity(norm[start:m.end()].replace(" ", ""), head), start, m.end(), head)


def _identity(name: str, head: str) -> str:
    """乡村发展新机制 is the 乡村发展机制 a text names elsewhere: 新 before the head
    says the mechanism is to be new, it does not name another one."""
    if name.endswith("新" + head) and len(name) - len(head) > 3:
        return name[:-len(head) - 1] + head
    return name


_DOCUMENT_HEADS = ("办法", "规则", "细则", "实施细则", "规程")
_GENERIC_NAMES = ("规章制度", "体制机制", "制度体系", "制度机制")
_NOUN_AFTER = ("设计", "建设", "体系", "意识", "规定", "文件", "安排", "创新", "改革", "革新",
               "变革", "优势", "保障", "机制", "化")


def _quoted_before(norm: str, close: int) -> int | None:
    """Start of the quotation closing just before ``close`` (a short name), if any."""
    open_at = max(norm.rfind(q, max(0, close - 12), close - 1) for q in "“\"「『")
    if open_at >= 0 and 2 <= close - 1 - open_at - 1 <= 10:
        return open_at
    # “企业运维、村级巡查、农户报修”联动机制: a quoted list of short parts names one system
    open_at = max(norm.rfind(q, max(0, close - 28), close - 1) for q in "“\"「『")
    parts = norm[open_at + 1:close - 1].split("、") if open_at >= 0 else []
    if len(parts) >= 2 and all(2 <= len(p) <= 6 and all(_CJK.match(c) for c in p) for p in parts):
        return open_at
    return None


def _continues_noun(norm: str, end: int) -> bool:
    """制度设计, 制度执行: 制度 modifies what follows, it does not end a name."""
    return norm.startswith(_NOUN_AFTER, end)


# 第二节 审批制度与…: a space after a division marker is no space inside a name
_DIVISION = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}[章节篇部条]$")


def _modifier_start(norm: str, head_start: int) -> int:
    """Walk left from a head over the modifier, stopping at a stop word that stands on
    a word boundary (中 ends a name, 中心 does not), at punctuation, and at 、 unless
    it is inside a list of short words sharing the head (考试、考核、奖惩制度)."""
    i = head_start
    floor = max(0, head_start - MAX_NAME)
    cut: list[frozenset[int]] = []  # the window is cut (jieba) when a stop word first asks

    def bounds() -> frozenset[int]:
        if not cut:
            cut.append(_boundaries(norm, floor, head_start))
        return cut[0]

    stop_ends = _stop_ends()
    while i > floor:
        ch = norm[i - 1]
        if ch == "、":
            if not _shared_head_list(norm, i - 1, head_start, floor):
                break
            i -= 1
            continue
        if ch == " " and i - 1 > floor and _CJK.match(norm[i - 2]) and _CJK.match(norm[i]) \
                and not _DIVISION.search(norm, max(0, i - 12), i - 1):
            i -= 1  # 跨机关 联系会报机制: a PDF text layer spaces words apart
            continue
        if not _CJK.match(ch):
            break
        if ch in stop_ends and _stop_before(norm, i, floor, bounds, head_start):
            break  # (no stop word ends with a character that ends none)
        i -= 1
    while norm[i:i + 1] == " ":
        i += 1
    return i


@cache
def _stops_by_length() -> tuple[tuple[int, frozenset[str]], ...]:
    lengths = sorted({len(w) for w in _stops()}, reverse=True)
    return tuple((n, frozenset(w for w in _stops() if len(w) == n)) for n in lengths)


def _stops_ending_at(norm: str, i: int, floor: int) -> list[str]:
    """The stop words that end at ``i``, longest first."""
    if i <= floor or norm[i - 1] not in _stop_ends():  # no stop word ends with this character
        return []
    return [norm[i - n:i] for n, words in _stops_by_length()
            if i - n >= floor and norm[i - n:i] in words]


@cache
def _stop_ends() -> frozenset[str]:
    return frozenset(w[-1] for w in _stops() if w)


def _stop_before(norm: str, i: int, floor: int, window_bounds: Callable[[], frozenset[int]],
                 head_start: int) -> bool:
    words = _stops_ending_at(norm, i, floor)
    bounds = window_bounds() if words else frozenset()
    for w in words:
        s = i - len(w)
        if len(w) == 1 and not (i in bounds and s in bounds):
            continue
        if len(w) > 1 and s in bounds and i not in bounds and _opens_a_noun(norm, s, bounds):
            continue  # 工资保证|金制度: the stop word opens a longer noun
        if i == head_start and len(w) > 1 and _noun_before(norm, s, floor):
            continue  # 水价形成机制, 信息公开制度: a thing's own process names the system
        if w in _verb_stops() and (i == head_start or (
                w in NOMINAL_VERBS and not _opens_phrase(norm, s, floor))):
            continue  # 执行机制: says what it does; 廉政建设责任制: a noun compound
        if w in ("和", "与", "及") and norm[:s].endswith(tuple(h for h, _ in _heads())):
            return True  # 反馈机制和考勤制度: two names
        if w in ("和", "与", "及") and 1 <= head_start - i <= 2 and _is_verb(norm[max(floor, s - 2):s]):
            continue  # 激励和约束机制: 和 between two short actions
        if w in ("和", "与", "及") and _joins_actions(norm, s, i, floor, head_start):
            continue  # 分级培养和流量扶持机制: one system of two actions
        return True
    return False


def _names_a_matter(modifier: str) -> bool:
    """Does a rule document's modifier end in what it rules (议事, 评标, 补助), not in a
    quality, pronoun or number (老, 这个, 两项)?"""
    from policykg.common import segment

    words = segment.cut(modifier)
    return bool(words) and _pos_tags().get(words[-1], "n")[:1] not in ("a", "d", "r", "m")


def _noun_before(norm: str, s: int, floor: int) -> bool:
    """Is the word just before ``s`` a dictionary noun (水价|形成)?"""
    from policykg.common import segment

    words = segment.cut(norm[max(floor, s - 6):s])
    return bool(words) and len(words[-1]) > 1 and _is_noun(words[-1])


def _opens_a_noun(norm: str, s: int, bounds: frozenset[int]) -> bool:
    """Is the word that starts at ``s`` a dictionary noun (保证金, not 健全制度)?"""
    end = min((b for b in bounds if b > s), default=s)
    return _is_noun(norm[s:end])


def _joins_actions(norm: str, s: int, i: int, floor: int, head_start: int) -> bool:
    """Does the 和 at ``s`` join two actions of one system (快速移送和联合处置机制,
    培训和持证上岗制度, 登记和许可信息定期比对制度)? The word before it names an action,
    and the conjunct after it holds one and is not a name of its own."""
    from policykg.common import segment

    before = segment.cut(norm[max(floor, s - 6):s])
    after = segment.cut(norm[i:head_start])
    return bool(before) and _is_verb(before[-1]) and len(after) >= 2 and any(
        _is_verb(w) for w in after) and not any(norm[:s].endswith(h) for h, _ in _heads())


@cache
def _named_stops() -> frozenset[str]:
    return frozenset(lexicon.words(__package__, "named_stop.txt"))


@cache
def _single_stops() -> frozenset[str]:
    return frozenset(w for w in _named_stops() if len(w) == 1)


def _opens_phrase(norm: str, s: int, floor: int) -> bool:
    """Does a verb at ``s`` open the phrase (after punctuation, a modal or another verb),
    rather than close a noun compound (廉政|建设)?"""
    if s <= 0 or not _CJK.match(norm[s - 1]):
        return True
    before = norm[max(0, s - 4):s]
    return before.endswith(_stops()) or before.endswith(_openers())


@cache
def _openers() -> tuple[str, ...]:
    return tuple(lexicon.words("policykg.cues", "action_prefixes.txt")) + tuple(lexicon.words("policykg.cues", "action_verbs.txt"))


def _boundaries(norm: str, start: int, end: int) -> frozenset[int]:
    """Word boundaries (jieba) of a short window, as text offsets."""
    return frozenset(start + cut for cut in _window_cuts(norm[start:end]))


@lru_cache(maxsize=1 << 12)  # a name said again is cut again: the same window before its head
def _window_cuts(window: str) -> tuple[int, ...]:
    from policykg.common import segment

    out, pos = [0, len(window)], 0
    for tok in segment.cut(window):
        pos += len(tok)
        out.append(pos)
    return tuple(out)


def _shared_head_list(norm: str, sep: int, head_start: int, floor: int) -> bool:
    """Is the 、 at ``sep`` inside a list of short modifiers that share one head, with two
    separators or more (市、镇、村三级…机制, 考试、考核、奖惩制度; not 健康保障、休假制度,
    nor A制度、B制度)?"""
    k = head_start
    while k > floor and (_CJK.match(norm[k - 1]) or norm[k - 1] == "、"):
        k -= 1
    parts = norm[k:head_start].split("、")
    if len(parts) < 3:
        return False
    if any(not p or len(p) > 3 for p in parts[1:-1]):
        return False
    return not any(p.endswith(h) for p in parts[:-1] for h, _ in _heads())


_FUNCTION_WORD = re.compile(r"[的等向和与或是在了着过]")  # in a phrase, not in a name
_NUMERAL = re.compile(r"[一二三四五六七八九十两双百千]")
_LISTED = re.compile(r"[”\"」』]?(?:、[^。;；]{0,40})?等(?:制度|机制)")
_NOT_A_RULE = ("活动", "工作", "行动", "工程", "课堂", "广播", "形式主义", "现象", "问题", "精神")


def _quoted(norm: str) -> list[Mention]:
    """Quoted names of rule systems: “三会一课”, “四议两公开”, “五项制度”, and a quoted
    name a text adopts (推行“县管校聘”, 落实“一岗双责”)."""
    out = []
    for m in _QUOTED.finditer(norm):
        name = m.group(1)
        if (name.endswith(_NOT_A_RULE) or len(_CJK.findall(name)) != len(name)
                or _FUNCTION_WORD.search(name)):
            continue
        numbered = _numbered(name)
        listed = _LISTED.match(norm, m.end())
        headed = name[1:].endswith(_head_texts())  # a head with something before it
        if numbered or listed or headed:
            ntype = NodeType.MECHANISM if name.endswith("机制") else NodeType.INSTITUTION
            out.append(Mention(ntype, name, m.start(1), m.end(1), "quoted-name"))
    # a name adopted once is the same name wherever else it is quoted
    names = {m.name for m in out}
    if not names:
        return out
    seen = {m.start for m in out}
    for m in _QUOTED.finditer(norm):
        if m.group(1) in names and m.start(1) not in seen:
            out.append(Mention(NodeType.INSTITUTION, m.group(1), m.start(1), m.end(1), "quoted-name"))
    return out


# 《…管理办法》 / <…评分体系>: the title of a rule document names the rules it sets (not a
# 通知 or 意见 that issues them, nor a journal).
_TITLE = re.compile(r"[《<〈]([^《》<>〈〉\n]{4,40})[》>〉]")
_RULE_DOCUMENT = ("办法", "规则", "细则", "规程", "规定", "条例", "制度", "体系", "准则", "守则", "章程")


def _numbered(name: str) -> bool:
    """A short numbered name of a rule system: 三会一课, 四议两公开, 一户一档."""
    return bool(_NUMBERED_NAME.match(name) and 4 <= len(name) <= 8
                and len(_NUMERAL.findall(name)) >= 2
                and not name.endswith(("法", "论", "观", "感", "化", "无")))


def _titled(norm: str) -> list[Mention]:
    return [Mention(NodeType.INSTITUTION, m.group(1), m.start(1), m.end(1), "titled-name")
            for m in _TITLE.finditer(norm)
            if m.group(1).endswith(_RULE_DOCUMENT) and len(_CJK.findall(m.group(1))) >= 4]


def _known_names(norm: str) -> list[Mention]:
    out = []
    for name in _known():
        if name not in norm:
            continue
        for start in find_all(norm, name):
            if norm.startswith(_NOT_A_RULE + ("事项",), start + len(name)):
                continue  # 主题党日活动, 纳入网格化管理事项: the name modifies what follows
            out.append(Mention(NodeType.INSTITUTION, name, start, start + len(name), "known-name"))
    return out

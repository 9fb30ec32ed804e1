"""Named Mechanisms (…机制) and Institutions (…制度, …责任制, …实施细则, named rule systems
such as “三会一课”, rule documents by title: 《…管理办法》): one node per distinct name per
document, every mention kept.

A name is read leftwards from its head (机制, 制度 …) over its modifier, stopping at
the verbs and function words before it (data/named_stop.txt): 建立健全|监督机制.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.common import lexicon
from policykg.common.charclass import HAN_RE
from policykg.models import NodeType

MAX_NAME = 16
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


# Action verbs that also name what a mechanism does (监督机制, 保障制度): not stops.
NAME_VERBS = frozenset({"监督", "监管", "保障", "培训", "教育", "宣传", "发展", "联系", "分类",
                        "规范", "治理", "整治", "督导", "支持", "激励", "服务", "引导", "调动",
                        "培育", "防范", "化解", "评价", "考核", "管理", "协调", "监测", "预警",
                        "补偿", "交流", "共享", "调整", "调度", "回收", "选拔", "培养"})


# Verbs that also stand as nouns at the end of a compound (廉政建设, 制度执行): inside a name
# unless they open the phrase.
NOMINAL_VERBS = frozenset({"建设", "改革", "创新", "执行", "落实", "运行", "实施", "推进", "发展"})


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
    for head, ntype in _heads():
        for m in re.finditer(re.escape(head), norm):
            if not _ends_a_name(norm, head, m.end()):
                continue
            mention = _quoted_name(norm, m, head, ntype) if _after_quote(norm, m.start()) \
                else _modified_name(norm, m, head, ntype)
            if mention is not None:
                out.append(mention)
    return out


def _ends_a_name(norm: str, head: str, end: int) -> bool:
    """制度设计 / 责任制度: here the head goes on, it does not close a name."""
    if head == "制度":
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
    if len(_CJK.findall(modifier)) < 2 or modifier in _generic():
        return None
    if modifier in _verb_stops() and _opens_phrase(norm, start, 0):
        return None  # 加快机制(与政策创新): a verb acting on the head, not a name
    if norm[start - 1:start] == "的" and len(modifier) <= 2 and head in ("机制", "制度") \
            and modifier not in NAME_VERBS:
        return None  # 乡村发展的内生机制, 灵活的人才制度: a kind of system, not a name
        # (…挂钩的激励机制 says what it does; …的管护责任制 has a head of its own)
    if _after_quote(norm, start):
        return None  # “三重一大”决策制度: the quoted name is the institution
    if norm[start:m.end()].endswith(_GENERIC_NAMES) or (head == "长制" and len(modifier) > 2):
        return None
    return Mention(ntype, _identity(norm[start:m.end()].replace(" ", ""), head), start, m.end(), head)


def _identity(name: str, head: str) -> str:
    """乡村发展新机制 is the 乡村发展机制 a text names elsewhere: 新 before the head
    says the mechanism is to be new, it does not name another one."""
    if name.endswith("新" + head) and len(name) - len(head) > 3:
        return name[:-len(head) - 1] + head
    return name


_GENERIC_NAMES = ("规章制度", "体制机制", "制度体系", "制度机制")
_NOUN_AFTER = ("设计", "建设", "体系", "意识", "规定", "文件", "安排", "创新", "改革", "革新",
               "变革", "优势", "保障", "机制", "化")


def _quoted_before(norm: str, close: int) -> int | None:
    """Start of the quotation closing just before ``close`` (a short name), if any."""
    open_at = max(norm.rfind(q, max(0, close - 12), close - 1) for q in "“\"「『")
    if open_at < 0 or not 2 <= close - 1 - open_at - 1 <= 10:
        return None
    return open_at


def _continues_noun(norm: str, end: int) -> bool:
    """制度设计, 制度执行: 制度 modifies what follows, it does not end a name."""
    return norm.startswith(_NOUN_AFTER, end)


def _modifier_start(norm: str, head_start: int) -> int:
    """Walk left from a head over the modifier, stopping at a stop word that stands on
    a word boundary (中 ends a name, 中心 does not), at punctuation, and at 、 unless
    it is inside a list of short words sharing the head (考试、考核、奖惩制度)."""
    i = head_start
    floor = max(0, head_start - MAX_NAME)
    bounds = _boundaries(norm, floor, head_start)
    while i > floor:
        ch = norm[i - 1]
        if ch == "、":
            if not _shared_head_list(norm, i - 1, head_start, floor):
                break
            i -= 1
            continue
        if ch == " " and i - 1 > floor and _CJK.match(norm[i - 2]) and _CJK.match(norm[i]):
            i -= 1  # 跨机关 联系会报机制: a PDF text layer spaces words apart
            continue
        if not _CJK.match(ch):
            break
        if _stop_before(norm, i, floor, bounds, head_start):
            break
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
    return [norm[i - n:i] for n, words in _stops_by_length()
            if i - n >= floor and norm[i - n:i] in words]


def _stop_before(norm: str, i: int, floor: int, bounds: frozenset[int], head_start: int) -> bool:
    for w in _stops_ending_at(norm, i, floor):
        s = i - len(w)
        if len(w) == 1 and not (i in bounds and s in bounds):
            continue
        if w in _verb_stops() and (i == head_start or (
                w in NOMINAL_VERBS and not _opens_phrase(norm, s, floor))):
            continue  # 执行机制: says what it does; 廉政建设责任制: a noun compound
        if w in ("和", "与", "及") and norm[:s].endswith(tuple(h for h, _ in _heads())):
            return True  # 反馈机制和考勤制度: two names
        if w in ("和", "与", "及") and 1 <= head_start - i <= 2:
            continue  # 激励和约束机制: 和 between two short modifiers
        return True
    return False


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
    from policykg.common import segment

    out, pos = {start, end}, start
    for tok in segment.cut(norm[start:end]):
        pos += len(tok)
        out.add(pos)
    return frozenset(out)


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


_LISTED = re.compile(r"[”\"」』]?(?:、[^。;；]{0,40})?等(?:制度|机制)")
_NOT_A_RULE = ("活动", "工作", "行动", "工程", "课堂", "广播", "形式主义", "现象", "问题", "精神")


def _quoted(norm: str) -> list[Mention]:
    """Quoted names of rule systems: “三会一课”, “四议两公开”, “五项制度”, and a quoted
    name a text adopts (推行“县管校聘”, 落实“一岗双责”)."""
    out = []
    for m in _QUOTED.finditer(norm):
        name = m.group(1)
        if (name.endswith(_NOT_A_RULE) or len(_CJK.findall(name)) != len(name)
                or re.search(r"[的等向和与或是在了着过]", name)):
            continue
        numbered = (_NUMBERED_NAME.match(name) and len(name) >= 4
                    and len(re.findall(r"[一二三四五六七八九十两双百千]", name)) >= 2
                    and not name.endswith(("法", "论", "观", "感", "化", "无")))
        listed = _LISTED.match(norm, m.end())
        headed = any(name.endswith(h) and len(name) > len(h) for h, _ in _heads())
        if numbered or listed or headed:
            ntype = NodeType.MECHANISM if name.endswith("机制") else NodeType.INSTITUTION
            out.append(Mention(ntype, name, m.start(1), m.end(1), "quoted-name"))
    # a name adopted once is the same name wherever else it is quoted
    names = {m.name for m in out}
    seen = {m.start for m in out}
    for m in _QUOTED.finditer(norm):
        if m.group(1) in names and m.start(1) not in seen:
            out.append(Mention(NodeType.INSTITUTION, m.group(1), m.start(1), m.end(1), "quoted-name"))
    return out


# 《…管理办法》 / <…评分体系>: the title of a rule document names the rules it sets (not a
# 通知 or 意见 that issues them, nor a journal).
_TITLE = re.compile(r"[《<〈]([^《》<>〈〉\n]{4,40})[》>〉]")
_RULE_DOCUMENT = ("办法", "规则", "细则", "规程", "规定", "条例", "制度", "体系", "准则", "守则", "章程")


def _titled(norm: str) -> list[Mention]:
    return [Mention(NodeType.INSTITUTION, m.group(1), m.start(1), m.end(1), "titled-name")
            for m in _TITLE.finditer(norm)
            if m.group(1).endswith(_RULE_DOCUMENT) and len(_CJK.findall(m.group(1))) >= 4]


def _known_names(norm: str) -> list[Mention]:
    out = []
    for name in _known():
        for m in re.finditer(re.escape(name), norm):
            out.append(Mention(NodeType.INSTITUTION, name, m.start(), m.end(), "known-name"))
    return out

"""Section roles read from heading cues (data/section_cues.tsv, data/heading_filler.txt).

Chinese noun phrases are head-final: 问题的原因 is about causes, 原因的对策 about
countermeasures, so the last cue decides; 问题及对策 joins two roles and is a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.common import lexicon
from policykg.common.memo import short_texts
from policykg.models import Role

CORE_ROLES = (Role.PROBLEM, Role.CAUSE, Role.COUNTERMEASURE)
_CONJ = re.compile(r"[及和与、]|以及|并|暨")
_TRAILING = " \t。.:;；,!?"
_BRACKETS = "【】[]〔〕〖〗《》<>「」"


@dataclass(frozen=True)
class HeadingRole:
    role: Role | None  # None: no cue; Role.OTHER: several core roles joined (a title)
    strong: bool  # a section heading, not an item that happens to name a cue
    cue: str = ""
    roles: tuple[Role, ...] = ()  # every role named, in order


@cache
def _cues() -> tuple[tuple[str, Role], ...]:
    pairs = [(cue, Role(role)) for cue, role in lexicon.table(__package__, "section_cues.tsv")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def _filler_re() -> re.Pattern[str]:
    words = sorted(lexicon.words(__package__, "heading_filler.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@cache
def _cue_re() -> tuple[re.Pattern[str], dict[str, Role]]:
    cues = _cues()  # longest first: the alternation then takes the longest cue at a position
    return re.compile("|".join(re.escape(c) for c, _ in cues)), dict(cues)


def find_cues(text: str) -> list[tuple[int, str, Role]]:
    """Non-overlapping cue matches, longest first at each position."""
    pat, role_of = _cue_re()
    return [(m.start(), m.group(0), role_of[m.group(0)]) for m in pat.finditer(text)]


@short_texts()  # a line is tried as several kinds; headings recur across reports
def classify(heading: str) -> HeadingRole:
    text = heading.strip(_TRAILING + _BRACKETS).strip(_TRAILING)
    cues = find_cues(text)
    if not cues:
        return HeadingRole(None, False)
    roles = tuple(dict.fromkeys(r for _, _, r in cues))
    core = [(i, c, r) for i, c, r in cues if r in CORE_ROLES]
    if len({r for _, _, r in core}) >= 2 and _joined(text, core):
        return HeadingRole(Role.OTHER, residue(text) == "", core[0][1], roles)
    last_pos, last_cue, last_role = cues[-1]
    if last_role not in CORE_ROLES and core and _joined(text, [core[-1], cues[-1]]) \
            and not _WORK.search(core[-1][1]):  # (主要工作及成效: the work done, its results)
        last_pos, last_cue, last_role = core[-1]  # 整改措施及成效 / 问题及影响: the core items head it
    strong = residue(text) == "" or _ends_with_de_cue(text, last_pos, last_cue)
    return HeadingRole(last_role, strong, last_cue, roles)


_WORK = re.compile(r"工作|做法")  # cues naming work done, not measures answering problems


def _joined(text: str, core: list[tuple[int, str, Role]]) -> bool:
    """Two different core roles with a conjunction between them (问题及对策)."""
    for (i, c, r), (j, _, s) in zip(core, core[1:]):
        if r != s and _CONJ.search(text, i + len(c), j):
            return True
    return False


def strip_filler(text: str) -> str:
    """The text without heading filler words (存在, 突出, 主要 …)."""
    return _filler_re().sub("　", text)


@short_texts()
def residue(text: str) -> str:
    """What is left of a heading once cues, filler and punctuation are removed."""
    rest = text
    # removing cues only removes characters: a cue whose first character the text lacks
    # can never be found in it, so only the others are removed, in the order of _cues()
    by_first = _cue_ranks_by_first()
    for _, cue in sorted(r for ch in set(text) for r in by_first.get(ch, ())):
        rest = rest.replace(cue, "")
    rest = _filler_re().sub("", rest)
    return _RESIDUE_PUNCT.sub("", rest)


@cache
def _cue_ranks_by_first() -> dict[str, tuple[tuple[int, str], ...]]:
    """First character -> (rank in _cues(), cue) of the cues that begin with it."""
    out: dict[str, list[tuple[int, str]]] = {}
    for rank, (cue, _) in enumerate(_cues()):
        out.setdefault(cue[0], []).append((rank, cue))
    return {ch: tuple(rs) for ch, rs in out.items()}


_RESIDUE_PUNCT = re.compile(r"[\s\W\d一二三四五六七八九十、]+")


def _ends_with_de_cue(text: str, pos: int, cue: str) -> bool:
    """X的表现, X的主要表现, 存在的问题: the cue closes the heading after 的."""
    fillers = _fillers_but_de()
    end = len(text)
    while end > pos + len(cue):  # X的深层原因分析: filler may close the heading
        w = next((w for w in fillers if text.endswith(w, pos + len(cue), end)), None)
        if w is None:
            return False
        end -= len(w)
    before = text[:pos]
    stripped = True
    while stripped:
        stripped = False
        for w in fillers:
            if before.endswith(w) and len(before) > len(w):
                before, stripped = before[:-len(w)], True
    return before.endswith("的")


@cache
def _fillers_but_de() -> tuple[str, ...]:
    return tuple(w for w in lexicon.words(__package__, "heading_filler.txt") if w != "的")


def first_core_role(text: str) -> Role | None:
    """The first of problem/cause/countermeasure a clause names (for intro lines)."""
    for _, _, role in find_cues(text):
        if role in CORE_ROLES:
            return role
    return None


_SUBJECT_PATTERNS = (
    re.compile(r"关于(?P<x>[^,，:：。;；]{2,16}?)(?:问题)?(?:的)?(?:原因|成因|根源|对策)"),
    re.compile(r"(?:针对|解决|破解|整治|治理)(?P<x>[^,，:：。;；]{2,16}?)(?:问题|难题|困境|怪象)"),
    re.compile(r"(?P<x>[^,，:：。;；的]{2,16}?)(?:问题)?的(?:主要|突出|具体|集中|深层次|深层|根本)?"
               r"(?:表现|根源|原因|成因)"),
    re.compile(r"(?P<x>[^,，:：。;；的]{2,16}?)问题的(?:产生|形成|出现|存在)"),
    re.compile(r"(?P<x>[^,，:：。;；的]{2,16}?)问题的(?:对策|解决)"),
)
# What a clause must hold for each pattern to match there (each tuple: one of its words):
# the patterns that open with a free run of characters are tried at every offset otherwise.
_SUBJECT_NEEDS = (
    (),
    (),
    (("的",), ("表现", "根源", "原因", "成因")),
    (("问题的",), ("产生", "形成", "出现", "存在")),
    (("问题的",), ("对策", "解决")),
)
# (针对审计发现的问题: the problems a finding listed, no one named problem)
_NOT_SUBJECT = re.compile(r"存在|以上|上述|这些|此类|这个|该|前述|出现|各种|主要|其|这|那|些|产生"
                          r"|(?:发现|反映|反馈|指出|查出|暴露)的?$")


@short_texts()
def named_subject(clause: str) -> tuple[int, int] | None:
    """Where a clause names the one problem a text is about: 关于X原因, 针对X问题,
    X的表现, X问题的根源. Returns the span of X in ``clause``."""
    for pat, needs in zip(_SUBJECT_PATTERNS, _SUBJECT_NEEDS):
        if needs and not all(any(w in clause for w in words) for words in needs):
            continue
        m = pat.search(clause)
        if not m:
            continue
        x = m.group("x")
        start = m.start("x")
        for lead in ("关于", "针对", "当前", "对于", "对"):
            if x.startswith(lead):
                x, start = x[len(lead):], start + len(lead)
        if x[:1] in "“\"「" and x[-1:] in "”\"」":
            x, start = x[1:-1], start + 1
        if len(x) >= 2 and not _NOT_SUBJECT.search(x) and x not in ("问题", "工作"):
            return start, start + len(x)
    return None

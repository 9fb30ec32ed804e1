"""Lexical typing of items that stand under no section heading: is a statement a
problem (缺乏…, …不足, …滞后) or a countermeasure (加强…, 要…, 切实…)?"""

from __future__ import annotations

import re
from functools import cache

from policykg.common import lexicon
from policykg.models import NodeType

# Verbs that are adjectives or nouns as often as verbs: they open a countermeasure only
# when no problem word follows (规范制度缺失 is a problem).
AMBIGUOUS_VERBS = frozenset({"规范", "严格", "突出", "典型", "积极", "教育", "培训", "宣传",
                             "发展", "监管", "监督", "联系", "分类", "对", "为", "以", "用",
                             "把", "让", "使", "给"})


# Verbs that name a field as often as an action (保障水平偏低, 建设进度滞后, 治理能力不足):
# a first clause ending in a problem word says a shortfall, not what to do.
FIELD_VERBS = frozenset({"保障", "建设", "治理", "支持", "服务", "管理"})


def _states_shortfall(text: str) -> bool:
    first = re.split(r"[,，;；。:：]", text.strip(" ,，:："), maxsplit=1)[0]
    word = problem_word(first)
    return bool(word) and first.endswith(word)


@cache
def _verbs() -> tuple[str, ...]:
    return tuple(sorted(set(lexicon.words(__package__, "action_verbs.txt")), key=lambda w: (-len(w), w)))


@cache
def _prefixes() -> tuple[str, ...]:
    return tuple(sorted(set(lexicon.words(__package__, "action_prefixes.txt")), key=lambda w: (-len(w), w)))


@cache
def _predicates() -> tuple[str, ...]:
    return tuple(sorted(set(lexicon.words(__package__, "problem_predicates.txt")), key=lambda w: (-len(w), w)))


def opening_verb(text: str) -> str:
    """The action verb a statement opens with, after modal prefixes (要切实加强 → 加强)."""
    s = text.lstrip(" ,，:：")
    prefixes = _prefixes_by_first()
    for _ in range(3):
        p = next((p for p in prefixes.get(s[:1], ()) if s.startswith(p)), None)
        if not p:
            break
        s = s[len(p):]
    return next((v for v in _verbs_by_first().get(s[:1], ()) if s.startswith(v)), "")


# Held once: looking _first_chars up by its argument would hash the whole word tuple per call.
@cache
def _prefixes_by_first() -> dict[str, tuple[str, ...]]:
    return _first_chars(_prefixes())


@cache
def _verbs_by_first() -> dict[str, tuple[str, ...]]:
    return _first_chars(_verbs())


def problem_word(text: str) -> str:
    """The first of the problem predicates (longest first) that ``text`` holds: only those
    whose first character it holds are looked for."""
    by_first = _ranked_first_chars()
    best = None
    for ch in set(_predicate_starts().findall(text)):
        for rank, w in by_first[ch]:
            if best is not None and rank > best[0]:
                break
            if w in text:
                best = (rank, w)
                break
    return best[1] if best else ""


@cache
def _first_chars(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """First character -> the words that begin with it, in the order of ``words``."""
    out: dict[str, list[str]] = {}
    for w in words:
        if w:
            out.setdefault(w[0], []).append(w)
    return {ch: tuple(ws) for ch, ws in out.items()}


@cache
def _predicate_starts() -> re.Pattern[str]:
    """The characters a problem predicate begins with: a text's are found by one scan in C
    (a set of all its characters cost a string object and a hash a character)."""
    starts = "".join(sorted(_ranked_first_chars()))
    return re.compile(f"[{re.escape(starts)}]" if starts else "(?!)")


@cache
def _ranked_first_chars() -> dict[str, tuple[tuple[int, str], ...]]:
    """First character -> (rank, predicate) of the predicates that begin with it, by rank."""
    ranked = {w: rank for rank, w in enumerate(_predicates())}
    return {ch: tuple((ranked[w], w) for w in ws) for ch, ws in _first_chars(_predicates()).items()}


def lexical_type(text: str, marker: str = "") -> NodeType | None:
    if marker.endswith("要"):
        return NodeType.COUNTERMEASURE
    verb = opening_verb(text)
    if verb and verb not in AMBIGUOUS_VERBS and not (verb in FIELD_VERBS and _states_shortfall(text)):
        return NodeType.COUNTERMEASURE
    if problem_word(text):
        return NodeType.PROBLEM
    if verb:
        return NodeType.COUNTERMEASURE
    return None


def vote(types: list[NodeType | None]) -> NodeType | None:
    """The type most items of a group agree on; None if no type has a majority."""
    counts: dict[NodeType, int] = {}
    for t in types:
        if t is not None:
            counts[t] = counts.get(t, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda t: counts[t])
    return best if counts[best] * 2 > len(types) else None

"""The linker's fast look-ups give what their plain definitions give: the first shortcoming
word of mirrors() in a clause, every pointer cue occurrence, a pejorative phrase holding a
word (random texts built from the lexicons' own words and a few words of the genre)."""

from __future__ import annotations

import random
import re

from policykg.link import signals

FILLER = ["机制", "投入", "服务", "基层", "队伍", "建设", "，", "。", "；", "的", "问题", "\n", "加强"]


def _shortcoming_plain(text: str) -> tuple[str, int] | None:
    for neg, _ in signals.mirrors():
        if len(neg) == 1:
            if text.rstrip("。.;；").endswith(neg):
                return neg, len(text.rstrip("。.;；")) - 1
            continue
        i = text.find(neg)
        if i >= 0:
            return neg, i
    return None


def _references_plain(norm: str, spans, kind: str):
    out = []
    for s, e in spans:
        text = norm[s:e]
        taken = []
        for cue in signals.reference_cues().get(kind, ()):
            for m in re.finditer(re.escape(cue), text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                stop = re.compile(r"[;；。!?！？\n]").search(norm, s + m.end())
                end = min(stop.start() if stop else len(norm), s + m.end() + 40)
                if end > s + m.end():
                    out.append((cue, (s + m.end(), end)))
    return out


def _pejorative_plain(norm: str, span) -> bool:
    for p in signals._polarity().get("pejorative", ()):
        lo = max(0, span[1] - len(p))
        at = norm.find(p, lo, span[0] + len(p))
        if 0 <= at < span[1] and span[0] < at + len(p):
            return True
    return False


def _texts(rng: random.Random, words: list[str], n: int, size: int) -> list[str]:
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, size))) for _ in range(n)]


def test_shortcoming_is_the_first_word_of_mirrors_in_the_clause() -> None:
    rng = random.Random(5)
    negs = [neg for neg, _ in signals.mirrors()]
    for text in _texts(rng, negs + FILLER, 3000, 8):
        assert signals.shortcoming(text) == _shortcoming_plain(text)
    # must fire: the word first in mirrors() wins over one written earlier in the clause
    first = next(n for n in negs if len(n) > 1)
    later = next(n for n in negs[::-1] if len(n) > 1 and n != first and first not in n)
    assert signals.shortcoming(f"{later}，{first}")[0] == first
    # must not fire: a single-character word only at the clause's end
    single = next(n for n in negs if len(n) == 1)
    assert signals.shortcoming(f"{single}机制") is None


def test_references_find_every_cue_occurrence() -> None:
    rng = random.Random(6)
    cues = [c for v in signals.reference_cues().values() for c in v]
    for norm in _texts(rng, cues + FILLER, 400, 30):
        spans = [(0, len(norm)), (len(norm) // 3, len(norm))]
        for kind in ("remedy", "effect", "cause"):
            assert signals.references(norm, spans, kind) == _references_plain(norm, spans, kind)


def test_pejorative_holds_the_word() -> None:
    rng = random.Random(7)
    phrases = list(signals._polarity().get("pejorative", ()))
    for norm in _texts(rng, phrases + FILLER, 300, 10):
        for _ in range(10):
            s = rng.randrange(len(norm))
            span = (s, rng.randint(s + 1, min(len(norm), s + 5)))
            assert signals.pejorative(norm, span) == _pejorative_plain(norm, span)

"""Short forms spelt out: an item's abbreviation (医保, 维权, 产学研) written in full in
another item (医疗保险, 维护权益, 产业、学校、科研), one character a word, is evidence that
the two share a topic. ``expansion`` finds the spelling out in spans of a document;
``evidence`` adds it to a pair's evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from policykg.link.signals import Profile, content_terms
from policykg.models import Span

if TYPE_CHECKING:
    from policykg.link.evidence import Context, Evidence

_JOINERS = ("", "、", "和", "与", "及")


def expansion(norm: str, spans: Sequence[Span], short: str) -> tuple[str, Span] | None:
    """The first run of content words in the spans that spells out ``short`` one character
    a word, in order (医保 → 医疗|保险, 产学研 → 产业、学校、科研): each word holds its
    character and is not the short form itself; words follow each other directly or across
    one joiner (、 和 与 及)."""
    return spell_out(norm, expansion_terms(norm, spans), short)


def expansion_terms(norm: str, spans: Sequence[Span]) -> list[list[tuple[Span, str]]]:
    """Per span, its content words of two characters or more, one a span, in text order
    (what :func:`spell_out` reads; computed once per item, not once per short form)."""
    out = []
    for s, e in spans:
        out.append(sorted({sp: w for w, sp in content_terms(norm, s, e)}.items()))
    return out


def spell_out(norm: str, per_span: Sequence[list[tuple[Span, str]]],
              short: str) -> tuple[str, Span] | None:
    """:func:`expansion` over terms already found."""
    if not short:
        return None
    for terms in per_span:
        for i, (_, w) in enumerate(terms):
            # a run begins with a word whose first character is the short form's (those
            # starting where this one does begin with the same character)
            if w[0] == short[0]:
                run = _spell(norm, terms, i, short)
                if run is not None:
                    return norm[run[0]:run[1]], run
    return None


def _spell(norm: str, terms: list[tuple[Span, str]], i: int, short: str) -> Span | None:
    at, start = i, terms[i][0][0]
    end = start
    n_terms = len(terms)
    for n, ch in enumerate(short):
        # the next word that starts where the last one ended (or after a joiner), holding
        # this character (the first word begins with it, the others begin or end with it)
        # and no other of the short form; terms are in order of their spans, so the first
        # such word is the one of the least span, and only words starting at ``end`` (or
        # one joiner after it) are looked at
        last = end + 1 if n and norm[end:end + 1] in _JOINERS[1:] else end
        j = at
        while j < n_terms and terms[j][0][0] < end:
            j += 1
        while j < n_terms and terms[j][0][0] <= last:
            w = terms[j][1]
            if (w[0] == ch or (n and w[-1] == ch)) and sum(c in w for c in short) == 1 and len(w) <= 4:
                break
            j += 1
        else:
            return None
        end, at = terms[j][0][1], j + 1
    return (start, end) if end - start > len(short) else None


def evidence(ctx: Context, ps: Profile, pt: Profile, ev: Evidence, weight: float) -> None:
    """A short form on one side spelled out on the other (医保 ↔ 医疗保险, 维权 ↔ 维护权益,
    产学研 ↔ 产业、学校、科研): counted as the short form shared, ``weight`` times its
    weight (the linker's ABBREVIATION_WEIGHT)."""
    best = None
    for short_side, long_side, flip in ((ps, pt, False), (pt, ps, True)):
        for word, span in short_side.shorts:
            if word in long_side.words or not long_side.may_spell(word):
                continue  # (the cheap test first: most pairs' short forms fail it)
            found = ctx.expansion(long_side, word)
            if found is not None:
                best = _better(ctx, best, weight, word, span, found, flip)
    if best:
        ev.add("abbreviation", *best)


def _better(ctx: Context, best: tuple | None, weight: float, word: str, span: Span,
            found: tuple[str, Span], flip: bool) -> tuple:
    """The stronger of ``best`` and the short form ``word`` spelt out as ``found``."""
    amount = weight * ctx.weight.get(word, 0.0)
    if best is None or amount > best[0]:
        text, lspan = found
        pair = (lspan, span) if flip else (span, lspan)
        return (amount, f"{word}↔{text}", *pair)
    return best

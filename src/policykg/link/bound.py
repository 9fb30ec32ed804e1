"""Which candidate pairs of one report can end as an edge: the linker's candidates
(``Context.candidates``) less the pairs whose evidence cannot reach the threshold.

A long report has many pairs that share one fairly common word: each gets a little
evidence, far below the threshold, and evaluating all of them made the linker's time grow
with the square of the report. ``Bound`` is an upper bound of the evidence
``linker._pair_evidence`` finds for a pair from shared words, mirrors, a restated phrase,
a short form spelled out and the list number, summed from inverted indexes built once per
report (content words by zone, clause words, label 5-grams, the short forms each item's
words could spell). Only the pairs that may reach the threshold are evaluated, found by
walking the postings of the words that can lift a pair over it (as max-score retrieval
does). Pairs with a pointer or a contained cause, and every pair another rule of the
linker reads or adds to (a heading-only group's, a stated or stated-effect item's, the
parallel lists', closures', 因X，Y's), are always evaluated. The edges are exactly those of
evaluating every candidate: keep the bound in step with ``_pair_evidence``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from math import log
from typing import Any

from policykg.link.evidence import Context
from policykg.models import Node, NodeType

EPS = 1e-9
TARGETS = {NodeType.PROBLEM: (NodeType.CAUSE, NodeType.COUNTERMEASURE),
           NodeType.CAUSE: (NodeType.COUNTERMEASURE,)}  # pairs a word can lift (see Bound)
_TARGET_TYPES = tuple(dict.fromkeys(t for types in TARGETS.values() for t in types))
_JOINERS = ("、", "和", "与", "及")  # abbreviations._JOINERS without the empty one


@dataclass(frozen=True)
class Amounts:
    """The linker's evidence amounts the bound needs (see policykg.link.linker)."""

    zone: dict[tuple[str, str], float]
    body_body_cap: float
    label_body_cap: float
    mirror: float
    phrase: float
    phrase_chars: int
    abbreviation: float
    parallel: float


def needed_amount(min_score: float) -> float:
    """The evidence amount a pair needs to score ``min_score`` (score = 1 - exp(-a))."""
    return float("inf") if min_score >= 1.0 else -log(1.0 - min_score)


class Bound:
    """An upper bound of each pair's evidence amount in one report, and the pairs above a
    threshold."""

    def __init__(self, ctx: Context, amounts: Amounts, body_factor: dict[str, float]) -> None:
        self.ctx, self.a, self.bf = ctx, amounts, body_factor
        profiles = ctx.profiles.values()
        self.label = {p.node.id: frozenset(p.label) for p in profiles}
        self.body = {p.node.id: frozenset(p.body) for p in profiles}
        # postings hold only items that can be the target of an edge from a source of the
        # type keyed (linker._edge_type): a problem's causes and measures, a cause's
        # measures (a cause → cause chain needs a pointer, and those pairs are evaluated)
        self.label_post = self._typed(lambda p: p.label)
        self.body_post = self._typed(lambda p: p.body)
        weighed = ctx.weight.keys()  # a word without a weight is in no profile: it adds nothing
        self.clause_words: dict[str, frozenset[str]] = {}
        self.neg_words: dict[str, frozenset[str]] = {}
        for p in profiles:
            # the words of all its clauses are its words: a clause ends at punctuation no run
            # of segmented characters holds, so its runs are those of the label or body span
            self.clause_words[p.node.id] = p.words
            if p.node.type in TARGETS:  # only a source's shortcomings are mirrored
                self.neg_words[p.node.id] = frozenset().union(*(w for _, _, w in ctx.shortcomings(p))) & weighed
            else:
                self.neg_words[p.node.id] = frozenset()
        self.clause_post = self._typed(lambda p: self.clause_words[p.node.id])
        norm, size = ctx.doc.norm, amounts.phrase_chars
        self.grams = ctx.label_grams(size)
        self.gram_post = self._typed(lambda p: self.grams[p.node.id])
        # short forms: an item's label words of two or three characters, and every short
        # form of the report the item's words could spell one character a word (a superset
        # of what abbreviations.expansion finds in it)
        self.shorts = {i: frozenset(w for w in lab if 2 <= len(w) <= 3) for i, lab in self.label.items()}
        self.short_post = self._typed(lambda p: self.shorts[p.node.id])
        every = frozenset().union(*self.shorts.values())
        heads = frozenset(x[:2] for x in every if len(x) == 3)
        firsts = frozenset(x[0] for x in every)  # made once a report, not once an item
        self.spells = {p.node.id: _spellable(norm, ctx.expansion_terms(p), every, heads, firsts) for p in profiles}
        self.spell_post = self._typed(lambda p: self.spells[p.node.id])

    def _typed(self, keys: Callable[[Any], Iterable[str]]) -> dict[NodeType, dict[str, set[str]]]:
        """Source type -> key -> ids of the items of a target type of that source (each
        target type's postings made once: a problem's are its causes' and measures')."""
        by_type = {t: _postings((p.node.id, keys(p)) for p in self.ctx.profiles.values() if p.node.type == t)
                   for t in _TARGET_TYPES}
        return {src: _merged([by_type[t] for t in types]) for src, types in TARGETS.items()}

    # ------------------------------------------------------------ one pair
    def amount(self, s: str, t: str) -> float:
        """At least the evidence ``_pair_evidence`` finds for (s, t) from shared words,
        mirrors, a restated phrase, a short form and the list number (not pointers or
        containment)."""
        return next(self._amounts(s, (t,)))[1]

    def _amounts(self, s: str, targets: Iterable[str]) -> Iterator[tuple[str, float]]:
        """(t, ``amount(s, t)``) for each of the targets, what depends on s read once."""
        a, w = self.a, self.ctx.weight.__getitem__  # every profile word has a weight
        ls, bs, bfs = self.label[s], self.body[s], self.bf[s]
        negs, grams, shorts, spells = self.neg_words[s], self.grams[s], self.shorts[s], self.spells[s]
        label, body, bf, clause_words = self.label, self.body, self.bf, self.clause_words
        all_grams, all_shorts, all_spells = self.grams, self.shorts, self.spells
        zll, zlb = a.zone[("label", "label")], a.zone[("label", "body")]
        zbl, zbb = a.zone[("body", "label")], a.zone[("body", "body")]
        for t in targets:
            lt, bt, bft = label[t], body[t], bf[t]
            total = sum(map(w, ls & lt)) * zll
            mixed = sum(map(w, ls & bt)) * zlb * bft + sum(map(w, bs & lt)) * zbl * bfs
            total += min(a.label_body_cap, mixed)
            total += min(a.body_body_cap, sum(map(w, bs & bt)) * zbb * bfs * bft)
            mirror = negs & clause_words[t]
            if mirror:
                total += a.mirror * max(map(w, mirror))
            if grams and not grams.isdisjoint(all_grams[t]):
                total += a.phrase
            short = (shorts & all_spells[t]) | (all_shorts[t] & spells)
            if short:
                total += a.abbreviation * max(map(w, short))
            yield t, total + a.parallel

    # ------------------------------------------------------------ all pairs of a source
    def reachable(self, s: str, need: float) -> set[str] | None:
        """Every t whose bound for (s, t) is at least ``need`` (None: every item). The terms
        reaching the most items are set aside for as long as all those set aside together
        cannot lift a pair to ``need``: a target only they reach is below it; the others
        are checked one by one."""
        if need <= self.a.parallel + EPS:
            return None
        terms = self._terms(s)
        terms.sort(key=lambda t: -len(t[2]))
        rest = _Rest(self.a)
        out: set[str] = set()
        add_below = rest.add_below
        for c, group, posting in terms:
            if not add_below(c, group, need):  # this term must be walked
                out |= posting
        out.discard(s)
        return {t for t, amount in self._amounts(s, out) if amount >= need - EPS}

    def _terms(self, s: str) -> list[tuple[float, str, set[str]]]:
        """(most a term adds to a pair, its cap group, the items it reaches) of each term
        that reaches one."""
        a, w, bfs, zone = self.a, self.ctx.weight, self.bf[s], self.a.zone
        src = self.ctx.by_id[s].type
        if src not in TARGETS:
            return []
        label_post, body_post, clause_post = self.label_post[src], self.body_post[src], self.clause_post[src]
        gram_post, short_post, spell_post = self.gram_post[src], self.short_post[src], self.spell_post[src]
        zll, zlb = zone[("label", "label")], zone[("label", "body")]
        zbl, zbb = zone[("body", "label")], zone[("body", "body")]
        out: list[tuple[float, str, set[str]]] = []
        add = out.append  # only terms that reach an item (no posting is empty)
        for x in self.label[s]:
            wx = w.get(x, 0.0)
            if p := label_post.get(x):
                add((wx * zll, "label", p))
            if p := body_post.get(x):
                add((wx * zlb, "mixed", p))
        for x in self.body[s]:
            wx = w.get(x, 0.0)
            if p := label_post.get(x):
                add((wx * zbl * bfs, "mixed", p))
            if p := body_post.get(x):
                add((wx * zbb * bfs, "body", p))
        for x in self.neg_words[s]:
            if p := clause_post.get(x):
                add((a.mirror * w.get(x, 0.0), "mirror", p))
        for g in self.grams[s]:
            if p := gram_post.get(g):
                add((a.phrase, "phrase", p))
        for x in self.shorts[s]:
            if p := spell_post.get(x):
                add((a.abbreviation * w.get(x, 0.0), "abbreviation", p))
        for x in self.spells[s]:
            if p := short_post.get(x):
                add((a.abbreviation * w.get(x, 0.0), "abbreviation", p))
        return out


class _Rest:
    """The most the terms added so far can add to one pair together, caps applied."""

    MAXED = ("mirror", "phrase", "abbreviation")  # the best one counts, once

    def __init__(self, a: Amounts) -> None:
        self.a = a
        self.sums = {"label": 0.0, "mixed": 0.0, "body": 0.0, "mirror": 0.0, "phrase": 0.0,
                     "abbreviation": 0.0}

    def add_below(self, c: float, group: str, need: float) -> bool:
        """Set the term aside if all those set aside, with the list number, still cannot
        lift a pair to ``need``; False (and nothing added) when they could."""
        s, a = self.sums, self.a
        old = s[group]
        s[group] = max(old, c) if group in self.MAXED else old + c
        total = (s["label"] + min(a.label_body_cap, s["mixed"]) + min(a.body_body_cap, s["body"])
                 + s["mirror"] + s["phrase"] + s["abbreviation"])
        if total + a.parallel >= need - EPS:
            s[group] = old
            return False
        return True


def pairs_that_may_link(ctx: Context, bound: Bound, need: float, special: set[str],
                        forced: dict[str, set[str]]) -> Callable[[Node], list[Node]]:
    """src -> its candidates to evaluate: ``ctx.candidates(src)`` less the pairs whose
    bound is below ``need``, except pairs with a pointer, a contained cause, a ``special``
    end or a ``forced`` target."""
    special_targets = sorted(special)

    def candidates(src: Node) -> list[Node]:
        if src.type not in (NodeType.PROBLEM, NodeType.CAUSE):
            return []  # only problems and causes are the source of an edge (linker._edge_type)
        if src.id in special:
            return ctx.candidates(src)
        reach = bound.reachable(src.id, need)
        if reach is None:
            return ctx.candidates(src)
        ids = reach | ctx.named_in(src.id) | forced.get(src.id, set())
        ids.update(special_targets)
        if src.type == NodeType.CAUSE:
            ids |= ctx.holding(src)
        return ctx.candidates(src, ids)

    return candidates


def _postings(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    get = out.get
    for nid, keys in pairs:
        for k in keys:
            found = get(k)
            if found is None:  # (setdefault would make an empty set for every key)
                out[k] = {nid}
            else:
                found.add(nid)
    return out


def _merged(postings: list[dict[str, set[str]]]) -> dict[str, set[str]]:
    """The union of postings, sharing the sets of keys only one of them has (postings are
    read, never changed, once made)."""
    out = dict(postings[0])
    for more in postings[1:]:
        for k, ids in more.items():
            out[k] = out[k] | ids if k in out else ids
    return out


def _spellable(norm: str, per_span: list[list[tuple[tuple[int, int], str]]],
               shorts: frozenset[str], heads: frozenset[str], firsts: frozenset[str]) -> frozenset[str]:
    """Every one of the ``shorts`` (strings of two or three characters) that a chain of the
    item's words (each starting where the last ended, or after one joiner) spells one
    character a word: the first word's first character, then each word's first or last.
    A superset of the short forms ``abbreviations.spell_out`` finds in the item (``per_span``:
    its ``expansion_terms``) among the shorts; a third word is looked for only after one of
    the ``heads`` (the first two characters of the shorts of three); a chain starts only at
    a word whose first character is one of the ``firsts`` (the shorts' first characters)."""
    out: set[str] = set()
    for terms in per_span:
        starting: dict[int, list[tuple[str, int]]] = {}  # start -> (word, end), in text order
        for (s, e), w in terms:
            starting.setdefault(s, []).append((w, e))

        def after(end: int) -> list[tuple[str, int]]:
            if norm[end:end + 1] in _JOINERS:
                return starting.get(end, []) + starting.get(end + 1, [])
            return starting.get(end, [])

        for (_, e), w in terms:
            if w[0] not in firsts:
                continue
            for w2, e2 in after(e):
                for c2 in {w2[0], w2[-1]}:
                    two = w[0] + c2
                    if two in shorts:
                        out.add(two)
                    if two in heads:
                        for w3, _ in after(e2):
                            out.update(three for c3 in {w3[0], w3[-1]} if (three := two + c3) in shorts)
    return frozenset(out)

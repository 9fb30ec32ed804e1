"""What the linking stage knows about one report while it links: the evidence gathered
for a pair of items (``Evidence``) and the report's items, word profiles and caches
(``Context``), with the look-ups every signal shares (candidate pairs, clauses, pointers)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from math import exp
from operator import attrgetter

from policykg.link import abbreviations, numbers, signals
from policykg.models import Document, Node, NodeType, Span

CENTRAL_RULE = "central-problem"  # the extraction rule of the one problem a text is about
CANDIDATE_DF = 40  # pairs are looked for through words fewer items than this (or 10%) share
POINTER_COVER = 0.3  # share of an item's label (by word weight) a pointer must name
COMMON_POSTING = 32  # a word in more labels than this is looked up lightest label first
POINTER_SHARE = 0.7  # a pointer names the items matching at least this share of its best match
_NAMED = (NodeType.PROBLEM, NodeType.CAUSE)  # what a pointer can name (see Context.pointers)


@dataclass
class Evidence:
    """Evidence for one edge: how much, from which signals, with which cues and spans."""

    amount: float = 0.0
    signals: set[str] = field(default_factory=set)
    cues: dict[str, float] = field(default_factory=dict)
    best: float = 0.0
    source_span: Span = (0, 0)
    target_span: Span = (0, 0)
    by_signal: dict[str, str] = field(default_factory=dict)  # the strongest cue of each signal

    def add(self, signal: str, amount: float, cue: str, source_span: Span, target_span: Span) -> None:
        if amount <= 0:
            return
        self.amount += amount
        self.signals.add(signal)
        cues, by_signal = self.cues, self.by_signal
        total = cues[cue] = cues.get(cue, 0.0) + amount
        held = by_signal.get(signal)  # (a cue: never None)
        if held is None or total > cues.get(held, 0.0):
            by_signal[signal] = cue
        # the list number is no evidence of what the items say: its span only as a last resort
        weight = amount if signal != "parallel" else 1e-9
        if weight > self.best:
            self.best, self.source_span, self.target_span = weight, source_span, target_span

    @property
    def score(self) -> float:
        return 1.0 - exp(-self.amount)

    def cue(self) -> str:
        """The strongest cue of every signal that fired, then the next strongest words."""
        # the strongest first, then by cue: sorted by cue, then (stably) by amount, keys
        # read in C (a pair sharing many words has many cues)
        ranked = sorted(self.cues)
        ranked.sort(key=self.cues.__getitem__, reverse=True)
        strongest = set(self.by_signal.values())
        heads = [c for c in ranked if c in strongest]
        rest = [c for c in ranked if c not in strongest]
        return "、".join(_maximal(heads + rest[:max(0, 4 - len(heads))]))


@dataclass
class Context:
    """One report's items, their word profiles and specificity, and shared caches."""

    doc: Document
    items: list[Node]
    profiles: dict[str, signals.Profile]
    weight: dict[str, float]
    children: dict[str, list[Node]]
    kin: dict[str, set[str]]
    cache: dict = field(default_factory=dict)
    by_id: dict[str, Node] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {n.id: n for n in self.items}

    @property
    def label_postings(self) -> dict[str, set[str]]:
        """Word -> ids of the items a pointer can name (problems and causes, not the
        central problem) whose label uses it."""
        if "label_postings" not in self.cache:
            out: dict[str, set[str]] = {}
            for p in self.profiles.values():
                if p.node.type in _NAMED and p.node.rule != CENTRAL_RULE:
                    for w in p.label:
                        out.setdefault(w, set()).add(p.node.id)
            self.cache["label_postings"] = out
        return self.cache["label_postings"]

    @property
    def label_weight(self) -> dict[str, float]:
        """Item id -> summed specificity of its label's words."""
        if "label_weight" not in self.cache:
            self.cache["label_weight"] = {i: sum(self.weight.get(w, 0.0) for w in p.label)
                                          for i, p in self.profiles.items()}
        return self.cache["label_weight"]

    def _index(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Word -> ids of the items using it; id -> ids of the items a pointer of it names
        or whose pointers name it."""
        if "postings" not in self.cache:
            postings: dict[str, set[str]] = {}
            get = postings.get
            for p in self.profiles.values():
                nid = p.node.id
                for w in p.words:
                    found = get(w)
                    if found is None:  # (setdefault would make an empty set for every word)
                        postings[w] = {nid}
                    else:
                        found.add(nid)
            named_in: dict[str, set[str]] = {}
            for n in self.items:
                for kind in ("remedy", "effect", "cause"):
                    for _, _, named_by in self.pointers(self.profiles[n.id], kind):
                        for other in named_by:
                            named_in.setdefault(other, set()).add(n.id)
                            named_in.setdefault(n.id, set()).add(other)
            self.cache["postings"], self.cache["named_in"] = postings, named_in
        return self.cache["postings"], self.cache["named_in"]

    def named_in(self, node_id: str) -> set[str]:
        """Ids of the items a pointer of the node names, or whose pointers name it."""
        return set(self._index()[1].get(node_id, ()))

    def pointer_between(self, a: str, b: str) -> bool:
        """Whether a pointer of either item names the other (``named_in``, without a copy)."""
        return b in self._index()[1].get(a, ())

    def holding(self, src: Node) -> set[str]:
        """Ids of the items whose text holds src's start (a cause stated inside a measure)."""
        if "holding" not in self.cache:
            self.cache["holding"] = _holders(self.items)
        return self.cache["holding"].get(src.start, set())

    def candidates(self, src: Node, among: set[str] | None = None) -> list[Node]:
        """Items that could have evidence with src: a shared word, a pointer either way, or
        src stated inside their text (an inverted index keeps long reports fast); only
        those of ``among`` when given."""
        postings, named_in = self._index()
        # a word most items use finds no partner worth a link on its own: in long reports
        # such words would make every pair a candidate
        common = max(CANDIDATE_DF, len(self.items) // 10)
        words = self.profiles[src.id].words
        if among is None:
            ids: set[str] = set(named_in.get(src.id, ()))
            for w in words:
                if len(postings[w]) <= common:
                    ids |= postings[w]
            if src.type == NodeType.CAUSE:  # a cause stated inside a measure's text
                ids |= self.holding(src)
        else:
            pointed = named_in.get(src.id, set())
            held = self.holding(src) if src.type == NodeType.CAUSE else set()
            ids = {i for i in among if i in pointed or i in held or any(
                len(postings[w]) <= common for w in words & self.profiles[i].words)}
        targets, by_id = (NodeType.CAUSE, NodeType.COUNTERMEASURE), self.by_id
        return sorted((n for n in map(by_id.__getitem__, ids) if n.type in targets), key=_in_text_order)

    def by_weight(self, words: set[str] | frozenset[str]) -> list[str]:
        """Profile words, the most specific first, then in the order of the words: sorted by
        word, then (stably) by weight, heaviest first (keys made in C, no tuple per word)."""
        out = sorted(words)
        out.sort(key=self.weight.__getitem__, reverse=True)  # every profile word has a weight
        return out

    def other_polarity(self, span: Span) -> bool:
        """A defect's name (各取所需, 一刀切) a measure writes at ``span`` without opposing it
        is used with the other polarity there: not the same topic (once a span)."""
        known = self.cache.setdefault("other-polarity", {})
        found = known.get(span)
        if found is None:
            norm = self.doc.norm
            found = known[span] = signals.pejorative(norm, span) and not signals.opposed(norm, span)
        return found

    def remedy(self, neg: str, clause: Span) -> tuple[str, int] | None:
        """The remedy of the shortcoming ``neg`` the clause writes, and where (once a clause)."""
        known = self.cache.setdefault("remedy", {})
        key = (neg, clause)
        found = known.get(key, known)
        if found is known:
            found = known[key] = signals.remedy_for(neg, self.doc.norm[clause[0]:clause[1]])
        return found

    def label_grams(self, size: int) -> dict[str, frozenset[str]]:
        """Item id -> its label's runs of ``size`` CJK characters: two labels can share a
        phrase of that length only if they share one of these."""
        key = ("label-grams", size)
        if key not in self.cache:
            norm = self.doc.norm
            self.cache[key] = {n.id: grams(norm[n.start:n.end], size) for n in self.items}
        return self.cache[key]

    def ordinal(self, n: Node) -> int | None:
        key = ("ordinal", n.id)
        if key not in self.cache:
            self.cache[key] = numbers.ordinal(self.doc.norm, n.start)
        return self.cache[key]

    def clause_words(self, p: signals.Profile) -> list[tuple[Span, set[str]]]:
        """(span, content words) of each clause of the item."""
        key = ("clause-words", p.node.id)
        found = self.cache.get(key)
        if found is None:  # read off the terms of its label and body spans (memo hits)
            norm, found = self.doc.norm, []
            for span in [(p.node.start, p.node.end)] + p.body_spans:
                found += _words_by_clause(signals.clauses(norm, span), signals.content_terms(norm, *span))
            self.cache[key] = found
        return found

    def shortcomings(self, p: signals.Profile) -> list[tuple[Span, tuple[str, int], set[str]]]:
        """(span, shortcoming word and its offset, content words) of each clause of the item
        that names a shortcoming (apart from ``clause_words``, whose sets it shares: a
        measure, never the source of a mirror, is not searched for them)."""
        key = ("shortcomings", p.node.id)
        if key not in self.cache:
            norm = self.doc.norm
            found = ((c, signals.shortcoming(norm[c[0]:c[1]]), words) for c, words in self.clause_words(p))
            self.cache[key] = [(c, neg, words) for c, neg, words in found if neg is not None]
        return self.cache[key]

    def expansion(self, p: signals.Profile, short: str) -> tuple[str, Span] | None:
        """Where the item's own text spells out a short form (医保 → 医疗保险): its words,
        one a character of the short form in order, joined by at most a 、 or 和/与
        (``abbreviations.evidence`` asks only where ``p.may_spell(short)``)."""
        key = ("expansion", p.node.id, short)
        if key not in self.cache:
            self.cache[key] = abbreviations.spell_out(self.doc.norm, self.expansion_terms(p), short)
        return self.cache[key]

    def expansion_terms(self, p: signals.Profile) -> list[list[tuple[Span, str]]]:
        """The item's words as ``abbreviations.spell_out`` reads them, found once per item."""
        key = ("expansion-terms", p.node.id)
        if key not in self.cache:
            spans = [(p.node.start, p.node.end)] + p.body_spans
            self.cache[key] = abbreviations.expansion_terms(self.doc.norm, spans)
        return self.cache[key]

    def words_in(self, span: Span) -> set[str]:
        key = ("words", span)
        if key not in self.cache:
            self.cache[key] = signals.content_words(self.doc.norm, *span)
        return self.cache[key]

    def _may_be_named(self, words: set[str]) -> set[str]:
        """Items whose label the words may name (a superset of those ``pointers`` keeps):
        every item a rare word reaches, and of the items only common words reach, those
        whose label weighs little enough for the common words it holds to cover
        POINTER_COVER of it."""
        rare: set[str] = set()
        postings = self.label_postings
        common = [w for w in words if len(postings.get(w, ())) > COMMON_POSTING]
        for w in words:
            if len(postings.get(w, ())) <= COMMON_POSTING:
                rare |= postings.get(w, set())
        if common:
            # an item only common words reach weighs at most what they name of it over
            # POINTER_COVER: what one names alone (those of one word), what all of them name
            # together for an item two or more of them reach
            reach = (sum(self.weight.get(w, 0.0) for w in common) + 1e-6) / POINTER_COVER
            once: set[str] = set()
            for w in common:
                weights, ids = self._light_first(w)
                alone = bisect_right(weights, (self.weight.get(w, 0.0) + 1e-6) / POINTER_COVER)
                rare.update(ids[:alone])
                wide = ids[alone:bisect_right(weights, reach)]
                rare.update(once.intersection(wide))  # the second word to reach them
                once.update(wide)
        return rare

    def _light_first(self, word: str) -> tuple[list[float], list[str]]:
        """The items whose label uses ``word``, lightest label (summed weight) first."""
        key = ("light-first", word)
        if key not in self.cache:
            order = sorted((self.label_weight[i], i) for i in self.label_postings[word])
            self.cache[key] = ([lw for lw, _ in order], [i for _, i in order])
        return self.cache[key]

    def _named_labels(self, kind: str) -> dict[str, object]:
        """Item id -> its label's words (the dict's keys) for the items a pointer of
        ``kind`` can name: causes (a cause's pointer), else problems and causes; never the
        central problem."""
        key = ("named-labels", kind == "cause")
        if key not in self.cache:
            types = (NodeType.CAUSE,) if kind == "cause" else _NAMED
            self.cache[key] = {i: p.label.keys() for i, p in self.profiles.items()
                               if p.node.type in types and p.node.rule != CENTRAL_RULE}
        return self.cache[key]

    @property
    def _least_named(self) -> dict[str, float]:
        """Item id -> the weight a pointer must name of its label (POINTER_COVER of it)."""
        if "least-named" not in self.cache:
            self.cache["least-named"] = {i: POINTER_COVER * w for i, w in self.label_weight.items()}
        return self.cache["least-named"]

    def pointers(self, holder: signals.Profile, kind: str) -> list[tuple[str, Span, dict[str, float]]]:
        """(cue, span pointed at, {item id: weight of its label words named}) for every
        pointer of ``kind`` in the holder's own text."""
        key = ("pointers", holder.node.id, kind)
        if key not in self.cache:
            own = [(holder.node.start, holder.node.end)] + holder.body_spans
            labels, least = self._named_labels(kind), self._least_named
            weight = self.weight.__getitem__  # every word of a profile has a weight
            out = []
            for cue, span in signals.references(self.doc.norm, own, kind):
                words = self.words_in(span)
                named_by = {}
                for i in sorted(self._may_be_named(words)):
                    label = labels.get(i)  # None: not of a type the pointer names
                    if label is not None and i != holder.node.id:
                        amount = sum(map(weight, label & words))
                        # the pointer must name a good part of the item, not one common word of it
                        if amount > 0 and amount >= least[i]:
                            named_by[i] = amount
                if named_by:  # a pointer names the items that match it best, not all that touch it
                    top = max(named_by.values())
                    out.append((cue, span, {k: v for k, v in named_by.items() if v >= POINTER_SHARE * top}))
            self.cache[key] = out
        return self.cache[key]


_in_text_order = attrgetter("start", "id")  # a node's (start, id), made in C


def _words_by_clause(clauses: list[Span], terms: list[tuple[str, Span]]) -> list[tuple[Span, set[str]]]:
    """(clause, its words) of each clause of a span, from the span's terms: a clause ends
    at punctuation no run of segmented characters holds, so its words are those of the
    terms starting in it (terms come run by run, a word's sub-words beside it, all in
    the word's clause; what ``signals.content_words`` of the clause finds)."""
    out: list[tuple[Span, set[str]]] = [(c, set()) for c in clauses]
    if not terms:
        return out
    k, end, add = 0, clauses[0][1], out[0][1].add
    for word, (start, _) in terms:
        if start >= end:  # the term is past this clause: to the clause holding it
            k += 1
            while clauses[k][1] <= start:
                k += 1
            end, add = clauses[k][1], out[k][1].add
        add(word)
    return out


def inside(node: Node, items: list[Node], kin: dict[str, set[str]],
           starts: list[int] | None = None) -> list[Node]:
    """Items (not kin) whose label starts inside the node's text (``starts``: the items'
    starts, when items are in order of start: then found by bisection)."""
    lo, hi = node.text_start, node.text_end
    if starts is not None:
        window = items[bisect_left(starts, lo):bisect_left(starts, hi)]
        return [o for o in window if o.id not in kin[node.id]]
    return [o for o in items if lo <= o.start < hi and o.id not in kin[node.id]]


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def grams(text: str, size: int) -> frozenset[str]:
    """The text's runs of ``size`` CJK characters."""
    return frozenset([run[i:i + size] for run in _CJK_RUN.findall(text) for i in range(len(run) - size + 1)])


def kin(items: list[Node]) -> dict[str, set[str]]:
    """Each item's ancestors and descendants (and itself)."""
    parent = {n.id: n.parent for n in items}
    ancestors: dict[str, set[str]] = {}
    descendants: dict[str, set[str]] = {n.id: set() for n in items}
    for n in items:
        seen, p = {n.id}, n.parent
        while p and p not in seen:
            seen.add(p)
            p = parent.get(p)
        ancestors[n.id] = seen
        for a in seen:  # n is a descendant of each of its ancestors (and of itself)
            if a in descendants:
                descendants[a].add(n.id)
    return {n.id: descendants[n.id] | ancestors[n.id] for n in items}


def _holders(items: list[Node]) -> dict[int, set[str]]:
    """Start of each item -> ids of the items whose text holds it (text_start <= start <
    text_end), by one sweep over the texts in order of their start."""
    texts = sorted((n.text_start, n.text_end, n.id) for n in items if n.text_end > n.text_start)
    out: dict[int, set[str]] = {}
    active: list[tuple[int, str]] = []
    k = 0
    for at in sorted({n.start for n in items}):
        while k < len(texts) and texts[k][0] <= at:
            active.append((texts[k][1], texts[k][2]))
            k += 1
        active = [(e, i) for e, i in active if e > at]
        if active:
            out[at] = {i for _, i in active}
    return out


_PIECES = re.compile(r"[↔…]")  # between the words of a mirror's or a pointer's cue


def _maximal(cues: list[str]) -> list[str]:
    """Cues in order, without repeats and without words inside another cue (废弃 beside
    废弃物; search-mode segmentation yields both)."""
    plain = [c for c in cues if "↔" not in c and "…" not in c and "#" not in c]
    parts = {p for c in cues if c not in plain for p in _PIECES.split(c)}
    out: list[str] = []
    for c in cues:
        inside = c in plain and (c in parts or any(c != o and c in o for o in plain))
        if c not in out and not inside:
            out.append(c)
    return out


# ---------------------------------------------------------------- quoting the evidence

NOTATION = re.compile(r"([、…↔])")  # separators of a cue's pieces
_SEPARATORS = frozenset("、…↔")  # a piece NOTATION matches whole (a set look-up, no pattern)
UNQUOTED = ("#", "nested", "stated")  # notation pieces, not words of the text
_SENTENCE_END = "。！？；!?;\n"


def quote(doc: Document, cue: str, ends: tuple[Node, Node], spans: tuple[Span, Span]) -> tuple[str, tuple[Span, ...]]:
    """The cue as written in the document (its own script) and where each quoted word is:
    each word (found on the simplified copy) is looked for in the evidence spans, then in
    the two items' own text, then anywhere in the document; a word not found is dropped."""
    pieces = NOTATION.split(cue)
    out, where = [], []
    regions = _regions(doc.norm, ends, spans)
    for p in pieces:
        if not p or p in _SEPARATORS or p.startswith(UNQUOTED):
            out.append(p)
            continue
        at = _locate(doc.norm, p, regions)
        if at is None:
            out.append(None)
            continue
        out.append(doc.text[at:at + len(p)])
        where.append((at, at + len(p)))
    return _join(out), tuple(sorted(set(where)))


def _regions(norm: str, ends: tuple[Node, Node], spans: tuple[Span, Span]) -> list[Span]:
    """Where a cue's words are looked for, in order: around the evidence spans, in the
    two items' own text, anywhere."""
    regions = [(max(0, s - 40), e + 40) for s, e in spans]
    regions += [(min(n.start, n.text_start), max(n.end, n.text_end)) for n in ends]
    regions.append((0, len(norm)))
    return regions


def _locate(norm: str, word: str, regions: list[Span]) -> int | None:
    for lo, hi in regions:
        at = norm.find(word, lo, hi)
        if at >= 0:
            return at
    return None


def _join(pieces: list[str | None]) -> str:
    """Pieces back into a cue, dropping a word not found together with its separator."""
    kept: list[str] = []
    for p in pieces:
        if p is None:
            if kept and kept[-1] in _SEPARATORS:
                kept.pop()
            continue
        if p in _SEPARATORS and (not kept or kept[-1] in _SEPARATORS):
            continue
        kept.append(p)
    while kept and kept[-1] in _SEPARATORS:
        kept.pop()
    return "".join(kept)


@lru_cache(maxsize=1)  # one document at a time
def _sentence_stops(text: str) -> list[int]:
    """Offsets of the text's sentence ends (_SENTENCE_END), found once per document: a
    search from each span would read the text up to it for every end character absent."""
    return [m.start() for m in _STOP.finditer(text)]


_STOP = re.compile("[" + re.escape(_SENTENCE_END) + "]")


def sentences(doc: Document, spans: list[Span]) -> tuple[tuple[int, int, str], ...]:
    """The evidence sentences: each sentence (up to 。！？；, or the line) holding one of the
    spans, in text order."""
    text = doc.text
    stops, size = _sentence_stops(text), len(text)
    found = set()
    for s, e in spans:
        if e > s:  # the last stop before the span, the first from its last character on
            at = bisect_left(stops, s)
            start = (stops[at - 1] if at else -1) + 1
            at = bisect_left(stops, e - 1, at)
            end = stops[at] if at < len(stops) else size
            end = end + 1 if end < size and text[end] != "\n" else end
            found.add((start, max(end, e)))
    out = sorted(found)
    merged: list[Span] = []
    for s, e in out:  # a sentence inside another (a heading line holding a clause) once
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    out = []
    for s, e in merged:  # without the whitespace around it: text[start:end] is the quote
        piece = text[s:e]
        s, e = s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))
        if e > s:
            out.append((s, e, text[s:e]))
    return tuple(out)


"""Evidence for the linking stage: what two items of a report share, and how.

Everything here reads ``Document.norm`` (simplified, half-width, same offsets as the
original text), so every span found is an offset into ``Document.text`` as well.

- ``Profile``: an item's content words (jieba search-mode tokens, stop-words and the
  genre's filler removed), split into the naming clause (label) and the rest of its text
  (body), each with the span of its first occurrence.
- ``weights``: how specific each word is inside one report (a smoothed IDF over the
  report's items, 0..1): a word every item uses says nothing about which two belong
  together.
- ``mirror``: a shortcoming and the measure that remedies it ("机制不健全" ↔ "健全…机制"),
  counted only around a word both clauses share.
- ``references``: explicit pointers ("针对…问题", "以致…", "由于…") and the words they
  point at.
- ``ordinal`` (``policykg.link.numbers``): the list number in front of an item (1、 (一)
  一是 ②), for the weak parallel-numbering tie-breaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from math import log
from operator import itemgetter

from policykg.common import cut, lexicon, segment
from policykg.link.numbers import starts_line
from policykg.models import Node, Span

_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMERIC = re.compile(r"^(?:[\d.%]+|[一二三四五六七八九十两几多\d]+[个种项条点类些次名位大是要])$")
_CLAUSE_END = re.compile(r"[,，;；:：。!?！？、\n]")
_SENTENCE_END = re.compile(r"[;；。!?！？\n]")


# How content words are cut (measured on the dev set, see benchmarks/link_dev.py):
# "words" jieba's precise mode; "search" adds a compound's dictionary sub-words;
# "search+bigrams" adds every character bigram of longer words; "bigrams" uses character
# bigrams of the content words only.
TERMS = "search"


def tokenizer():
    """The project's private jieba tokenizer (policykg.common.segment), shared with extraction so
    the dictionary is loaded once per process."""
    return segment.tokenizer()


@cache
def stopwords() -> frozenset[str]:
    return frozenset(lexicon.words(__package__, "link_stopwords.txt"))


@cache
def weak_words() -> frozenset[str]:
    return frozenset(lexicon.words(__package__, "link_weak_words.txt"))


@cache
def mirrors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(shortcoming, remedies) pairs, longest shortcoming first so 不健全 wins over 健全."""
    rows = [(row[0], tuple(w.strip() for w in row[1].split(",") if w.strip()))
            for row in lexicon.table(__package__, "link_mirrors.tsv") if len(row) >= 2]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


@cache
def reference_cues() -> dict[str, tuple[str, ...]]:
    """kind -> cues, longest first (为了解决 before 解决)."""
    return {k: tuple(sorted(v, key=lambda c: (-len(c), c)))
            for k, v in _by_kind("link_reference_cues.tsv").items()}


@cache
def _polarity() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _by_kind("link_polarity.tsv").items()}


def _by_kind(name: str) -> dict[str, list[str]]:
    """A two-column lexicon (kind, word) as kind -> words in file order."""
    out: dict[str, list[str]] = {}
    for row in lexicon.table(__package__, name):
        if len(row) >= 2:
            out.setdefault(row[0], []).append(row[1])
    return out


def pejorative(norm: str, span: Span) -> bool:
    """The word at span is (part of) a phrase that names a defect wherever it is written
    (形式主义, 走过场; 刀切 inside 一刀切)."""
    for p in _pejoratives_holding(norm[span[0]:span[1]]):
        lo = max(0, span[1] - len(p))
        at = norm.find(p, lo, span[0] + len(p))
        if at >= 0 and at < span[1] and span[0] < at + len(p):
            return True
    return False


@cache
def pejorative_parts() -> frozenset[str]:
    """Every piece of a pejorative phrase: a word that is none is no part of a defect's
    name (:func:`pejorative` is False wherever it is written)."""
    return frozenset(p[i:j] for p in _polarity().get("pejorative", ())
                     for i in range(len(p)) for j in range(i + 1, len(p) + 1))


@lru_cache(maxsize=1 << 16)
def _pejoratives_holding(word: str) -> tuple[str, ...]:
    """The pejorative phrases a word can be part of (only those can hold it in the text)."""
    return tuple(p for p in _polarity().get("pejorative", ()) if word in p)


def opposed(norm: str, span: Span) -> bool:
    """A verb earlier in the word's clause opposes it (杜绝…形式主义, 防止…一刀切)."""
    m = None
    for m in _CLAUSE_END.finditer(norm, max(0, span[0] - 30), span[0]):
        pass
    head = norm[m.end() if m else max(0, span[0] - 30):span[0]]
    return any(v in head for v in _polarity().get("against", ()))


@lru_cache(maxsize=1 << 17)
def is_content(word: str) -> bool:
    return (len(word) >= 2 and word not in stopwords() and not word.startswith(("不", "未", "没"))
            and bool(_CJK.search(word)) and not _NUMERIC.match(word))


def content_terms(norm: str, start: int, end: int) -> list[tuple[str, Span]]:
    """Content words of norm[start:end] with their offsets in the document (the memo's own
    list: read it, do not change it).

    Search mode adds the dictionary sub-words of a compound (农村党员 → 农村, 党员,
    农村党员), which evens out jieba's inconsistent splits of short labels
    (农村党员|队伍 vs 农村|党员队伍)."""
    if end <= start:
        return []
    found, key = _memo(norm)["found"], (start, end)
    terms = found.get(key)
    if terms is None:  # a span is cut once however many signals read it
        terms = found[key] = _content_terms(norm, start, end)
    return terms


def content_words(norm: str, start: int, end: int) -> set[str]:
    """The words of :func:`content_terms` without their offsets (made from the runs' words
    directly when the span's terms were not asked for)."""
    if end <= start:
        return set()
    memo = _memo(norm)
    terms = memo["found"].get((start, end))
    if terms is not None:
        return set(map(_word, terms))
    out: set[str] = set()
    runs = memo["runs"]
    for m in cut.HAN.finditer(norm, start, end):
        span = m.span()
        found = runs.get(span)
        if found is None:
            found = runs[span] = _cut_run(norm, *span)
        out.update(map(_word, found))
    return out


_word = itemgetter(0)  # the word of a (word, span) term (read in C)


def _memo(norm: str) -> dict:
    """The memo of the document being linked (a new one for another document)."""
    if _MEMO.get("norm") is not norm or _MEMO.get("terms") != TERMS:
        _MEMO.clear()
        _MEMO.update(norm=norm, terms=TERMS, found={}, runs={})
    return _MEMO


_MEMO: dict = {}  # the content terms of the spans of the document being linked


def forget_spans() -> None:
    """Drop the content terms of the spans read so far (a linked report's items are not
    read again), keeping the document's runs: a long document's memo then holds one report."""
    if "found" in _MEMO:
        _MEMO["found"], _MEMO["runs"] = {}, {}


def release() -> None:
    """Drop everything kept about the document being linked."""
    _MEMO.clear()
    segmenter().forget()


def _content_terms(norm: str, start: int, end: int) -> list[tuple[str, Span]]:
    """jieba cuts a text run by run of the characters it segments (policykg.common.cut), and
    the other characters give no content word: the words of a span are those of its runs,
    each run cut once per report (the clauses of a label, the label inside its text
    repeat)."""
    out, runs = [], _MEMO["runs"]
    for m in cut.HAN.finditer(norm, start, end):
        span = m.span()
        found = runs.get(span)
        if found is None:
            found = runs[span] = _cut_run(norm, *span)
        out += found
    return out


def _cut_run(norm: str, start: int, end: int) -> list[tuple[str, Span]]:
    """Content words of the run norm[start:end] with their offsets in the document. A run
    that ends where the document's run does is a suffix of it, walked on the route of the
    whole run (its words are the same wherever it is: from there on the whole run's route
    is the suffix's own); the route of each run is found once per document."""
    whole = _MEMO.get("whole")
    if whole is None:  # the document's runs, found once
        whole = _MEMO["whole"] = [(m.start(), m.end()) for m in cut.HAN.finditer(norm)]
        _MEMO["whole-starts"] = [s for s, _ in whole]
        segmenter().forget()
    rs, re_ = whole[bisect_right(_MEMO["whole-starts"], start) - 1]
    if TERMS == "search":  # each word's content words are the same wherever it is written
        if re_ == end:
            return _search_terms(norm[rs:re_], start - rs, start)
        return _search_terms(norm[start:end], 0, start)
    if re_ == end:
        tokens = segmenter().tokenize(norm[rs:re_], start - rs, search=TERMS.startswith("search"))
    else:
        tokens = segmenter().tokenize(norm[start:end], search=TERMS.startswith("search"))
    return [(w, (start + s, start + e)) for w, s, e in _token_terms(norm, start, end, tokens)]


def _search_terms(run: str, x: int, at: int) -> list[tuple[str, Span]]:
    """The content words of jieba's search mode for run[x:] (at offset ``at`` of the
    document), each word's found once per process (``_word_terms``): the run's route
    walked as ``cut.Segmenter.cut`` walks it, without making the words of one character
    (no content word) or a list of the words."""
    seg = segmenter()
    nxt, n, base = seg.route(run), len(run), at - x  # base: the document offset of run[0]
    out: list[tuple[str, Span]] = []
    append, known = out.append, _WORD_TERMS
    single = -1  # where the characters the route leaves single began (-1: none pending)
    while x < n:
        y = nxt[x]
        if y - x == 1:
            if single < 0:
                single = x
        else:
            if single >= 0:
                if x - single > 1:
                    _regrouped(seg, run[single:x], base + single, out)
                single = -1
            w = run[x:y]
            terms = known.get(w)
            if terms is None:
                terms = _word_terms(w)
            for t, s, e in terms:  # mostly none or one: a loop, not a comprehension
                append((t, (base + x + s, base + x + e)))
        x = y
    if single >= 0 and n - single > 1:
        _regrouped(seg, run[single:], base + single, out)
    return out


def _regrouped(seg: cut.Segmenter, chars: str, at: int, out: list[tuple[str, Span]]) -> None:
    """The content words of characters the route left single (``cut.Segmenter._flush``): a
    dictionary word stays spelt out (characters alone), else the HMM regroups them."""
    if seg.freq.get(chars):
        return
    known = _WORD_TERMS
    for w in seg.hmm(chars):
        if len(w) > 1:
            terms = known.get(w)
            if terms is None:
                terms = _word_terms(w)
            for t, s, e in terms:
                out.append((t, (at + s, at + e)))
        at += len(w)


def _token_terms(norm: str, start: int, end: int,
                 tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The content words of the other ways of cutting (TERMS), offsets in the run."""
    out = []
    if TERMS == "bigrams":  # characters only: every bigram of a stretch between stop-words
        text = norm[start:end]
        for word, s, e in tokens:
            if is_content(word):
                out.extend((text[i:i + 2], i, i + 2) for i in range(s, e - 1))
        return out
    for word, s, e in tokens:
        if is_content(word):
            out.append((word, s, e))
            if TERMS == "search+bigrams" and e - s >= 3:
                out.extend((norm[start + i:start + i + 2], i, i + 2) for i in range(s, e - 1))
    return out


_WORD_TERMS: dict[str, tuple[tuple[str, int, int], ...]] = {}
_WORD_TERMS_KEPT = 1 << 17  # words remembered at most (then the memo starts again)


def _word_terms(word: str) -> tuple[tuple[str, int, int], ...]:
    """The content words (offsets in it) jieba's search mode gives for one word of its
    accurate mode: its dictionary words of two, then of three characters, then itself
    (``cut.Segmenter.tokenize``), those that are content words; remembered in
    ``_WORD_TERMS`` (a plain dict: looked up for every word of every run)."""
    freq, width = segmenter().freq, len(word)
    found = []
    if width > 2:
        found += [(word[i:i + 2], i, i + 2) for i in range(width - 1) if freq.get(word[i:i + 2])]
        if width > 3:
            found += [(word[i:i + 3], i, i + 3) for i in range(width - 2) if freq.get(word[i:i + 3])]
    found.append((word, 0, width))
    if len(_WORD_TERMS) >= _WORD_TERMS_KEPT:
        _WORD_TERMS.clear()
    terms = _WORD_TERMS[word] = tuple([t for t in found if is_content(t[0])])
    return terms


segmenter = segment.segmenter  # shared with extraction: one dictionary, one cache of log frequencies


def _first_spans(terms: Iterable[tuple[str, Span]]) -> dict[str, Span]:
    out: dict[str, Span] = {}
    for word, span in terms:
        out.setdefault(word, span)
    return out


def _minus(span: Span, holes: Sequence[Span]) -> list[Span]:
    """The parts of span outside the holes (sorted, possibly overlapping)."""
    out, at = [], span[0]
    for s, e in sorted(holes):
        if s > at:
            out.append((at, min(s, span[1])))
        at = max(at, e)
    if at < span[1]:
        out.append((at, span[1]))
    return [(s, e) for s, e in out if e > s]


@dataclass
class Profile:
    """What an item says: content words of its label and of the rest of its own text."""

    node: Node
    label: dict[str, Span]
    body: dict[str, Span]
    body_spans: list[Span] = field(default_factory=list)  # own text outside label and children
    words: frozenset[str] = frozenset()
    body_length: int = 0
    # the label's words of two or three characters (a short form may be one) and spans
    shorts: tuple[tuple[str, Span], ...] = field(default=(), init=False)
    # its words of two characters or more joined, for ``may_spell`` (a string, not a set
    # of characters: most items are asked about a few short forms only)
    spelt: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.words = frozenset(self.label) | frozenset(self.body)
        self.body_length = sum(e - s for s, e in self.body_spans)
        self.shorts = tuple([(w, span) for w, span in self.label.items() if 2 <= len(w) <= 3])
        self.spelt = "".join(self.words)  # (every content word has two characters or more)

    def may_spell(self, short: str) -> bool:
        """Whether each character of the short form is in one of its words (else its text
        does not spell it out)."""
        spelt = self.spelt
        for c in short:
            if c not in spelt:
                return False
        return True


def profile(norm: str, node: Node, children: Sequence[Node] = (), others: Sequence[Node] = ()) -> Profile:
    """The node's words. Its body is its own text outside its label and:
    - without its children's text (theirs is their own evidence; a group inherits their
      links through the structure rule);
    - without the labels of other items its text holds (a cause stated in a measure's body);
    - when peers of its own list share its text (several problems in one sentence), only
      the stretch from its label to the next peer's label: the rest is shared context."""
    label = _first_spans(content_terms(norm, node.start, node.end))
    lo, hi = node.text_start, node.text_end
    inside = [o for o in others if lo <= o.start < hi and o.id != node.id]
    peers = sorted(o.start for o in inside if o.type == node.type)
    if peers:
        lo = node.end
        hi = min([p for p in peers if p >= node.end] + [hi])
    # an item of another list opening a line inside the text: the text ran past its item
    later_items = [o.start for o in inside if o.start >= node.end and starts_line(norm, o.start)]
    hi = min(later_items + [hi])
    holes = [(node.start, node.end)] + [(c.text_start, max(c.text_end, c.end)) for c in children]
    holes += [(o.start, o.end) for o in inside]
    body_spans = _minus((lo, hi), holes) if hi > lo else []
    body: dict[str, Span] = {}
    for s, e in body_spans:
        for word, span in content_terms(norm, s, e):
            if word not in label:
                body.setdefault(word, span)
    return Profile(node, label, body, body_spans)


IDF_POWER = 1.5
CHAIN_WORDS = True  # see weights(); measured on dev and the held-out sets
MIN_ITEMS = 12
WEAK_FACTOR = 0.5  # genre head nouns (机制, 制度, 队伍 …) count this much of their specificity


def weights(profiles: Sequence[Profile]) -> dict[str, float]:
    """Specificity of each word inside one report: (log((N+1)/df) / log(N+1)) ** p, in (0, 1].
    The power p > 1 pushes words shared by many items down harder (as BM25's IDF does)."""
    weak = weak_words()
    df: Counter[str] = Counter()  # counted in C, keys in the order first met as before
    for p in profiles:
        df.update(p.words)
    # a report of a handful of items cannot show how specific a word is: count it as
    # having at least MIN_ITEMS (two items sharing a word are then as telling as in a longer one)
    n = max(len(profiles), MIN_ITEMS)
    top = log(n + 1)
    of_df = {d: (log((n + 1) / d) / top) ** IDF_POWER for d in {1, *df.values()}}  # each found once
    if not CHAIN_WORDS:
        return {w: of_df[d] * WEAK_FACTOR if w in weak else of_df[d] for w, d in df.items()}
    # a word no two items of one list share (one problem, one cause, one measure) is the
    # thread of one chain, however many lists it runs through: as telling as a word of a
    # single item (most words: made in C, in the order of df); a weak word (a kind, not a
    # topic) keeps its count
    per_list: dict[object, Counter[str]] = {}  # type -> its items' words counted
    for p in profiles:
        counts = per_list.get(p.node.type)
        if counts is None:
            counts = per_list[p.node.type] = Counter()
        counts.update(p.words)
    repeated = {w for counts in per_list.values() for w, d in counts.items() if d > 1}
    out = dict.fromkeys(df, of_df[1])
    for w in repeated.difference(weak):
        out[w] = of_df[df[w]]
    for w in weak.intersection(df):
        out[w] = of_df[df[w]] * WEAK_FACTOR
    return out


# ---------------------------------------------------------------- clauses and mirrors

def clauses(norm: str, span: Span) -> list[Span]:
    """Clauses of norm[span] split at commas, semicolons and full stops."""
    out, at = [], span[0]
    for m in _CLAUSE_END.finditer(norm, span[0], span[1]):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if at < span[1]:
        out.append((at, span[1]))
    return out


def _remedy_at(text: str, word: str) -> int:
    """Offset of a remedy word not itself negated (健全 inside 不健全 does not count)."""
    i = text.find(word)
    while i >= 0:
        if i == 0 or text[i - 1] not in "不未缺欠没":
            return i
        i = text.find(word, i + 1)
    return -1


def shortcoming(text: str) -> tuple[str, int] | None:
    """The first shortcoming word of a clause and its offset; single characters
    (弱, 低, 少) only at the clause's end, where they are the predicate."""
    starts, multi, single = _shortcoming_patterns()
    # the lookahead reports, at each offset, the first word of mirrors() written there: the
    # first of all the words written is the first of those reported (most clauses hold no
    # character such a word begins with: one scan in C tells)
    found = [m.group(1) for m in multi.finditer(text)] if starts.search(text) else None
    if found:
        rank = _shortcoming_rank()
        neg = min(found, key=rank.__getitem__)
        return neg, text.find(neg)
    head = text.rstrip("。.;；")
    if head and head[-1] in single:
        return head[-1], len(head) - 1
    return None


@cache
def _shortcoming_patterns() -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    """The characters the shortcoming words of two characters or more begin with, a
    lookahead for those words (in mirrors() order; tried only where one of them begins)
    and the set of the words of one character."""
    multi = [neg for neg, _ in mirrors() if len(neg) > 1]
    if not multi:
        never = re.compile(r"(?!x)x")
        return never, never, frozenset(neg for neg, _ in mirrors())
    firsts = "[" + "".join(sorted({re.escape(neg[0]) for neg in multi})) + "]"
    pattern = f"(?={firsts})(?=(" + "|".join(map(re.escape, multi)) + "))"
    return re.compile(firsts), re.compile(pattern), frozenset(neg for neg, _ in mirrors() if len(neg) == 1)


@cache
def _shortcoming_rank() -> dict[str, int]:
    return {neg: i for i, (neg, _) in enumerate(mirrors())}


def remedy_for(neg: str, text: str) -> tuple[str, int] | None:
    """The first remedy of the shortcoming (in mirrors() order) the text writes, and where."""
    for r in _remedies().get(neg, ()):
        i = _remedy_at(text, r)
        if i >= 0:
            return r, i
    return None


@cache
def _remedies() -> dict[str, tuple[str, ...]]:
    """Shortcoming -> its remedies, of every row naming it, in mirrors() order."""
    out: dict[str, tuple[str, ...]] = {}
    for neg, remedies in mirrors():
        out[neg] = out.get(neg, ()) + remedies
    return out


# ---------------------------------------------------------------- explicit references

def references(norm: str, spans: Sequence[Span], kind: str) -> list[tuple[str, Span]]:
    """(cue, span of the words it points at) for every cue of ``kind`` in the spans: the
    words after the cue up to the end of the sentence (at most 40 characters)."""
    out = []
    cues = _cues_in(norm, kind)
    for s, e in spans:
        taken: list[Span] = []
        for cue in cues:
            at = norm.find(cue, s, e)
            while at >= 0:  # each occurrence, left to right, not overlapping the last
                after = at + len(cue)
                if not any(a <= at < b for a, b in taken):
                    taken.append((at, after))
                    # up to the sentence's end, past the span's end (an item named right
                    # after the cue is cut out of its holder's body)
                    stop = _SENTENCE_END.search(norm, after, after + 40)
                    end = stop.start() if stop else min(len(norm), after + 40)
                    if end > after:
                        out.append((cue, (after, end)))
                at = norm.find(cue, after, e)
    return out


def _cues_in(norm: str, kind: str) -> tuple[str, ...]:
    """The cues of ``kind`` the document writes anywhere (in reference_cues() order), found
    once per document: a report's items look for them span by span."""
    present = _memo(norm).setdefault("cues", {})
    if kind not in present:
        present[kind] = tuple(c for c in reference_cues().get(kind, ()) if c in norm)
    return present[kind]


@cache
def _collective_pattern() -> re.Pattern:
    cues = reference_cues()
    heads = "|".join(map(re.escape, cues.get("collective", ())))
    nouns = "|".join(map(re.escape, cues.get("collective-noun", ())))
    return re.compile(f"(?:{heads}).{{0,4}}?(?:{nouns})" if heads and nouns else r"(?!x)x")


def collective_match(norm: str, span: Span) -> Span | None:
    """Where the span speaks of the items above as a whole (上述问题, 以上这些现象)."""
    m = _collective_pattern().search(norm, span[0], span[1])
    return m.span() if m else None


def collective(norm: str, span: Span) -> bool:
    return collective_match(norm, span) is not None

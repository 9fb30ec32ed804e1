"""jieba's segmentation of a run of characters, word for word, found faster.

jieba (``Tokenizer.cut`` with the HMM, ``tokenize`` in default and search mode) cuts a text
run by run of the characters it segments (``HAN``, its ``re_han_default``); the other
characters give single-character tokens and whitespace, never a content word. Within a
run it builds the DAG of the dictionary words at each offset and picks, from the run's end
backwards, the most probable path (``route``); characters the path leaves single are
regrouped by the HMM (``finalseg``, whose Viterbi path ``hmm_words`` finds with the same
sums, keeping back-pointers instead of copying a path per state and character). The route at an offset depends only on the text from
that offset on, so a run's suffix (the words after a cue, a body after its label) is cut
by walking the route of the whole run from the suffix's start: the route is computed once
per run, and only a piece that stops inside a run is routed on its own.

The arithmetic is jieba's own (the same floating-point operations in the same order, ties
to the longer word), so the words are exactly jieba's; ``tests/common/test_cut.py`` compares
them with ``Tokenizer.tokenize`` on every suffix and prefix of texts of the genre, and
``Segmenter.words`` with ``Tokenizer.cut`` on any text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from math import log

_NO_WORD = float("-inf")  # the value of a prefix of longer words only, and of no word found
HAN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")  # jieba.re_han_default


class Segmenter:
    """Cuts runs with the dictionary of a jieba ``Tokenizer`` (initialised), remembering
    the route of each run it saw until ``forget``."""

    def __init__(self, tokenizer) -> None:
        self.freq: dict[str, int] = tokenizer.FREQ
        self.logtotal = log(tokenizer.total)
        self.hmm = _hmm_words
        # the dictionary as a trie, grown as texts ask for it: character -> (log(freq) -
        # log(total) as jieba's calc computes it, or -inf for a prefix of longer words only
        # (frequency 0); the node of the words going on), or None where no word goes on;
        # every node maps "" (the end of a run) to None
        self.trie: dict[str, tuple[float, dict] | None] = {"": None}
        self.routes: dict[str, list[int]] = {}

    def forget(self) -> None:
        self.routes = {}

    def route(self, run: str) -> list[int]:
        """End (exclusive) of the word jieba's path takes at each offset of the run."""
        found = self.routes.get(run)
        if found is None:
            found = self.routes[run] = self._route(run)
        return found

    def _route(self, run: str) -> list[int]:
        trie, freq, logtotal = self.trie, self.freq, self.logtotal
        n = len(run)
        chars = list(run)  # one object a character: hashed once, however many words hold it
        chars.append("")  # the end, where every node says no word goes on (no i < n test)
        value = [0.0] * (n + 1)
        nxt = [0] * n
        alone, no_word = -logtotal, _NO_WORD
        for k in range(n - 1, -1, -1):
            # (one assignment a name, the hottest loop of linking: no tuple packed)
            best_v = no_word
            node = trie
            i = k
            while True:  # the dictionary words starting at k (jieba's DAG), down the trie
                step = node.get(chars[i], 0)
                if not step:  # None: no word goes on with these characters; 0: not seen yet
                    if step is None:
                        break
                    f = freq.get(run[k:i + 1])  # (inline: a text's first pass meets many)
                    step = node[chars[i]] = None if f is None else \
                        ((log(f) - logtotal if f else no_word), {"": None})
                    if step is None:
                        break
                c, node = step
                i += 1
                v = c + value[i]  # -inf for a prefix only: never taken
                if v >= best_v:  # max((v, x)): a tie goes to the later x
                    best_v = v
                    best_x = i
            if best_v == no_word:  # no word: the character alone, at frequency 1
                value[k] = alone + value[k + 1]
                nxt[k] = k + 1
            else:
                value[k] = best_v
                nxt[k] = best_x
        return nxt

    def cut(self, run: str, start: int = 0, stop: int | None = None) -> list[str]:
        """jieba's words (accurate mode, HMM on) of run[start:stop]: walked on the run's
        route when the piece ends where the run does, else routed on its own."""
        if stop is not None and stop < len(run):
            run, start = run[start:stop], 0
        return self._walk(run, self.route(run), start)

    def words(self, text: str) -> list[str]:
        """jieba's ``Tokenizer.cut(text, HMM=True)`` of any text: its runs cut (routes not
        kept), each other character alone but a CR LF pair, which stays one token."""
        out: list[str] = []
        at = 0
        for m in HAN.finditer(text):
            if m.start() > at:
                _others(text[at:m.start()], out)
            run = m.group()
            out.extend(self._walk(run, self._route(run), 0))
            at = m.end()
        if at < len(text):
            _others(text[at:], out)
        return out

    def _walk(self, run: str, nxt: list[int], start: int) -> list[str]:
        n, x, buf, out = len(run), start, "", []
        while x < n:
            y = nxt[x]
            if y - x == 1:
                buf += run[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append(run[x:y])
            x = y
        if buf:
            self._flush(buf, out)
        return out

    def _flush(self, buf: str, out: list[str]) -> None:
        """Characters the path left single: one alone, a dictionary word spelt out, else
        regrouped by the HMM (jieba's __cut_DAG)."""
        if len(buf) == 1:
            out.append(buf)
        elif not self.freq.get(buf):
            out.extend(self.hmm(buf))
        else:
            out.extend(buf)

    def tokenize(self, run: str, start: int = 0, stop: int | None = None,
                 search: bool = True) -> list[tuple[str, int, int]]:
        """jieba's ``tokenize`` of run[start:stop] (offsets in that piece); search mode adds
        each longer word's dictionary words of two and three characters before it."""
        out, at, freq = [], 0, self.freq
        for w in self.cut(run, start, stop):
            width = len(w)
            if search and width > 2:
                out.extend((w[i:i + 2], at + i, at + i + 2) for i in range(width - 1) if freq.get(w[i:i + 2]))
                if width > 3:
                    out.extend((w[i:i + 3], at + i, at + i + 3) for i in range(width - 2) if freq.get(w[i:i + 3]))
            out.append((w, at, at + width))
            at += width
        return out


def _others(text: str, out: list[str]) -> None:
    """jieba's tokens of a stretch without a run: each character, CR LF together."""
    if "\r\n" not in text:
        out.extend(text)
        return
    for i, piece in enumerate(text.split("\r\n")):
        if i:
            out.append("\r\n")
        out.extend(piece)


@lru_cache(maxsize=1 << 16)
def _hmm_words(text: str) -> tuple[str, ...]:
    """:func:`hmm_words`, remembered: the same few characters are left single again and
    again (a name, a number with its unit), in one document and across documents."""
    return tuple(hmm_words(text))


def hmm_words(text: str) -> list[str]:
    """``list(jieba.finalseg.cut(text))``: jieba's HMM regrouping of characters its
    dictionary path left single, with its model and its arithmetic (the Viterbi path kept
    as back-pointers rather than a copied list per state and character)."""
    from jieba import finalseg as fs

    if _model(fs) is None:
        return list(fs.cut(text))
    out: list[str] = []
    for blk in fs.re_han.split(text):
        if fs.re_han.match(blk):
            for word in _viterbi_words(blk, fs):
                if word in fs.Force_Split_Words:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(x for x in fs.re_skip.split(blk) if x)
    return out


@cache
def _model(fs) -> tuple | None:
    """finalseg's model as the Viterbi step reads it: the floor, the emissions of B, M, E
    and S, the start probabilities, the transitions into each state from its two
    predecessors (PrevStatus, in its order) and whether the first wins a tie (the later
    letter)."""
    low, prev, trans = fs.MIN_FLOAT, fs.PrevStatus, fs.trans_P
    if set(prev) != set("BMES") or any(len(prev[y]) != 2 or not set(prev[y]) <= set("BMES") for y in "BMES"):
        return None  # not the model this step is written for: finalseg's own viterbi
    into = tuple((prev[y][0], trans[prev[y][0]].get(y, low), prev[y][1], trans[prev[y][1]].get(y, low),
                  prev[y][0] > prev[y][1]) for y in "BMES")
    return low, tuple(fs.emit_P[y] for y in "BMES"), tuple(fs.start_P[y] for y in "BMES"), into


def _viterbi_words(sentence: str, fs) -> list[str]:
    """finalseg's __cut of a run of Han characters: viterbi(sentence, 'BMES', ...), the
    same sums in the same order and max((p, state)) on each pair of predecessors (on a
    tie the later letter), and the words its states mark."""
    low, (eb, em, ee, es), (sb, sm, se, ss), into = _model(fs)
    idx = {"B": 0, "M": 1, "E": 2, "S": 3}
    (b1, tb1, b2, tb2, fb), (m1, tm1, m2, tm2, fm), (e1, te1, e2, te2, fe), (s1, ts1, s2, ts2, fs_) = into
    b1, b2, m1, m2, e1, e2, s1, s2 = (idx[x] for x in (b1, b2, m1, m2, e1, e2, s1, s2))
    c = sentence[0]
    v = [sb + eb.get(c, low), sm + em.get(c, low), se + ee.get(c, low), ss + es.get(c, low)]
    back = []
    for c in sentence[1:]:
        x = eb.get(c, low)
        pa, pb = v[b1] + tb1 + x, v[b2] + tb2 + x
        nb, kb = (pa, b1) if pa > pb or (pa == pb and fb) else (pb, b2)
        x = em.get(c, low)
        pa, pb = v[m1] + tm1 + x, v[m2] + tm2 + x
        nm, km = (pa, m1) if pa > pb or (pa == pb and fm) else (pb, m2)
        x = ee.get(c, low)
        pa, pb = v[e1] + te1 + x, v[e2] + te2 + x
        ne, ke = (pa, e1) if pa > pb or (pa == pb and fe) else (pb, e2)
        x = es.get(c, low)
        pa, pb = v[s1] + ts1 + x, v[s2] + ts2 + x
        ns, ks = (pa, s1) if pa > pb or (pa == pb and fs_) else (pb, s2)
        v = [nb, nm, ne, ns]
        back.append((kb, km, ke, ks))
    state = 2 if v[2] > v[3] else 3  # max over E, S; a tie goes to S
    pos = [state]
    for step in reversed(back):
        state = step[state]
        pos.append(state)
    pos.reverse()
    out, begin, nexti = [], 0, 0
    for i, p in enumerate(pos):
        if p == 0:  # B
            begin = i
        elif p == 2:  # E
            out.append(sentence[begin:i + 1])
            nexti = i + 1
        elif p == 3:  # S
            out.append(sentence[i])
            nexti = i + 1
    if nexti < len(sentence):
        out.append(sentence[nexti:])
    return out

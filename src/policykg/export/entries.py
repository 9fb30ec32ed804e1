"""A document's entries of one output list, kept as the output writes them.

The corpus writers (``streamed``) put each document's share of a file after the others'.
Rendered in the worker that analysed the document and kept in the cache, that share is
the file's own UTF-8 bytes: a rebuild reads it back and writes it, with no text to
encode and no entry to serialise. A list whose entries are sorted across documents
(graph.json's nodes and edges, graph.html's) is a ``Joined``: the entries' bytes joined
by the file's separator, with each entry's key and length kept apart (pickled, read
only when two documents share an id prefix and their entries must be merged).

A long document's lists are ``corpus.packed.Chunks`` of ``(key, bytes)`` entries
instead; ``entries`` gives the entries of either.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

Entry = tuple[Any, bytes]


class Joined:
    """Entries ``(key, bytes)`` held as ``text``: their bytes joined by ``sep``."""

    __slots__ = ("text", "count", "index")

    def __init__(self, entries: Iterable[Entry], sep: bytes) -> None:
        keys, texts = [], []
        for key, text in entries:
            keys.append(key)
            texts.append(text)
        self.text = sep.join(texts)
        self.count = len(texts)
        self.index = pickle.dumps((keys, [len(t) for t in texts], len(sep)),
                                  protocol=pickle.HIGHEST_PROTOCOL)

    def keys(self) -> list[Any]:
        return pickle.loads(self.index)[0]

    def __iter__(self) -> Iterator[Entry]:
        keys, lengths, sep = pickle.loads(self.index)
        at = 0
        for key, n in zip(keys, lengths, strict=True):
            yield key, self.text[at:at + n]
            at += n + sep

    def __len__(self) -> int:
        return self.count

    def __getstate__(self) -> tuple[bytes, int, bytes]:
        return self.text, self.count, self.index

    def __setstate__(self, state: tuple[bytes, int, bytes]) -> None:
        self.text, self.count, self.index = state


def merged(lists: list[Any]) -> Any:
    """The entries of one id group's documents in key order: a single document's as they
    are (sorted already), several documents' sorted by key (stable, as the whole-graph
    writers sort them)."""
    if len(lists) == 1:
        return lists[0]
    return sorted((e for xs in lists for e in xs), key=lambda e: e[0])


class Sink:
    """Entries written to ``fh`` one after the other, ``sep`` between them."""

    def __init__(self, fh: BinaryIO, sep: bytes) -> None:
        self.fh, self.sep, self.started = fh, sep, False

    def write(self, entries: Any) -> None:
        """Write ``entries`` (a ``Joined`` or an iterable of ``(key, bytes)``)."""
        if isinstance(entries, Joined):
            self.text(entries.text, entries.count)
            return
        for _, text in entries:
            self.text(text, 1)

    def text(self, text: bytes, count: int) -> None:
        """Write ``count`` entries already joined as ``text``."""
        if not count:
            return
        if self.started:
            self.fh.write(self.sep)
        self.fh.write(text)
        self.started = True


def encoded(fragment: Any) -> Iterator[bytes]:
    """A document's text fragment (its Turtle, N-Triples or report section) as bytes:
    ``bytes`` as it is, a long document's chunks (strings or ``(key, text)`` pairs)
    encoded one at a time."""
    if isinstance(fragment, bytes):
        yield fragment
        return
    for piece in fragment:
        text = piece[1] if isinstance(piece, tuple) else piece
        yield text.encode("utf-8") if isinstance(text, str) else text


def filled(pieces: list[str | None], values: list[str]) -> str:
    """``pieces`` (text, None, text, …, None, text) joined with ``values`` in their
    slots: an entry's text, a third of the work of %-formatting a template of them."""
    parts = pieces.copy()
    parts[1::2] = values
    return "".join(parts)

"""Long lists of a document's output fragments held compressed, in chunks.

One long document's fragments (its Turtle blocks, graph.json entries, page nodes and
report section) were as large in memory as the output files, several times over as Python
objects, and all of them at once while its part was pickled. ``Chunks`` keeps a list (or
a string) pickled and compressed in chunks of ``CHUNK`` entries: it travels and is spooled
as those bytes, and iterating it unpacks one chunk at a time, so a writer holds one
chunk of a document, never the whole of it.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from policykg.export.entries import Joined

CHUNK = 2000  # entries per chunk
TEXT_CHUNK = 1 << 20  # characters per chunk of a string
LEVEL = 1  # zlib: fast; the fragments are text and shrink 5-10x even so


class Chunks:
    """A sequence kept as compressed pickled chunks: iterate it (as often as needed) and
    take its ``len``; nothing else."""

    __slots__ = ("blobs", "count")

    def __init__(self, items: Iterable[Any], chunk: int = CHUNK) -> None:
        self.blobs: list[bytes] = []
        self.count = 0
        batch: list[Any] = []
        for item in items:
            batch.append(item)
            if len(batch) >= chunk:
                self._add(batch)
                batch = []
        if batch:
            self._add(batch)

    def _add(self, batch: list[Any]) -> None:
        self.blobs.append(zlib.compress(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL), LEVEL))
        self.count += len(batch)

    def __iter__(self) -> Iterator[Any]:
        for blob in self.blobs:
            yield from pickle.loads(zlib.decompress(blob))

    def __len__(self) -> int:
        return self.count

    def __getstate__(self) -> tuple[list[bytes], int]:
        return self.blobs, self.count

    def __setstate__(self, state: tuple[list[bytes], int]) -> None:
        self.blobs, self.count = state

    @classmethod
    def of_text(cls, text: str) -> Chunks:
        """A string as pieces of ``TEXT_CHUNK`` characters (iterating gives the pieces)."""
        return cls((text[i:i + TEXT_CHUNK] for i in range(0, len(text), TEXT_CHUNK)), chunk=1)


def pack(kind: str, fragment: Any) -> Any:
    """A fragment of ``kind`` (``corpus.work.FRAGMENT_KINDS``) as the writers read it back:
    an ordinary document's as the output's own bytes (``export.entries``: a text as
    ``bytes``, a list of ``(key, bytes)`` entries as a ``Joined``), a long document's
    lists (``CHUNK`` entries or more) as ``Chunks``, so a writer holds one chunk of it,
    never the whole; the layout as it is."""
    if kind == "ttl":  # [(subject, block)]
        return _blocks(fragment)
    if kind == "nt":  # [line]
        return _text(fragment)
    if kind == "report":  # one string: the document's section
        return Chunks.of_text(fragment) if len(fragment) > TEXT_CHUNK else fragment.encode("utf-8")
    if kind == "json":  # {"nodes": [(key, text)], "edges": [(key, text)]}
        return {k: _entries(v, b",\n") for k, v in fragment.items()}
    if kind == "graph":  # nodes, edges and partOf entries; the layout as it is
        return {k: v if k == "layout" else _entries(v, b",") for k, v in fragment.items()}
    if kind in ("csv", "neo4j", "jsonld", "xml", "graphml", "gexf"):  # {section: [(key, …)]}
        return {k: _long(v) if isinstance(v, list) else v for k, v in fragment.items()}
    return fragment


def _text(items: Any) -> Any:
    """The items (texts) as one ``bytes``, or ``Chunks`` of them when they are many."""
    if isinstance(items, Chunks) or len(items) >= CHUNK:
        return items if isinstance(items, Chunks) else Chunks(items)
    return "".join(items).encode("utf-8")


def _blocks(items: Any) -> Any:
    """Turtle blocks ``(subject, text)`` as ``_text`` packs them, each block encoded on
    its own: most are ASCII (spans and their selectors), whose UTF-8 is a copy, where
    the document's whole text (Chinese in some blocks) would be encoded character by
    character."""
    if isinstance(items, Chunks) or len(items) >= CHUNK:
        return _text(items)
    return b"".join([text.encode("utf-8") for _, text in items])


def _entries(items: Any, sep: bytes) -> Any:
    """``(key, text or bytes)`` entries as a ``Joined``, or ``Chunks`` of ``(key, bytes)``."""
    if isinstance(items, Chunks):
        return items
    encoded = ((k, t.encode("utf-8") if isinstance(t, str) else t) for k, t in items)
    return Joined(encoded, sep) if len(items) < CHUNK else Chunks(encoded)


def _long(items: Any) -> Any:
    return items if isinstance(items, Chunks) or len(items) < CHUNK else Chunks(items)

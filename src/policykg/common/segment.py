"""Word segmentation with a private jieba tokenizer (jieba's global one is shared state).

Initialised lazily, once per process, with jieba's own dictionary. Loading it is most of a
process's start-up: jieba's prefix dictionary (every word of ``dict.txt`` and every prefix
of one, about 500,000 entries) is built once and kept by jieba in its ``marshal`` cache in
the temporary folder, which jieba reads back with ``marshal.load`` from the open file
(0.45–0.8 s in a new process); read whole first and unmarshalled from bytes, the same
file gives the same tables in a third of that, and a flat copy of it (``_flat``, kept beside
it) in a quarter less again.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache

from policykg.common import tablecache


def _jieba():
    """jieba, imported without setuptools' ``pkg_resources`` (40 ms and a deprecation
    warning): without it jieba opens its data files by path (the same files)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # the import fails: jieba's fallback
    try:
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


@cache
def tokenizer():
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    if not _from_cache(tk):
        tk.initialize()  # builds the tables from dict.txt and writes jieba's cache
    return tk


@cache
def segmenter():
    """jieba's segmentation with the tokenizer's dictionary, computed faster
    (policykg.common.cut), one per process: extraction and linking share it."""
    from policykg.common import cut as cutting

    return cutting.Segmenter(tokenizer())


def cut(text: str) -> list[str]:
    """Tokens of ``text``: jieba's ``Tokenizer.cut`` (accurate mode, HMM on: deterministic
    for a given dictionary), word for word."""
    return segmenter().words(text)


def _from_cache(tk) -> bool:
    """``Tokenizer.initialize`` of a tokenizer of jieba's own dictionary, as jieba does it
    when its cache is there (the same file, the same tables), read from our flat copy of
    that cache (``_flat``) when there is one, else with the file read whole before it is
    unmarshalled. False when there is no cache or it cannot be read."""
    if tk.initialized or tk.dictionary is not None or tk.cache_file is not None:
        return False
    path = os.path.join(tk.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    try:
        where = tablecache.path("freq", tablecache.file_key(path), _flat, tk.tmp_dir)
    except OSError:  # no cache: jieba makes it
        return False
    tables = _unflat(tablecache.read(where, tuple))
    if tables is None:
        try:
            with open(path, "rb") as f:
                tables = marshal.loads(f.read())
        except Exception:  # as jieba's initialize: any failure to read the cache rebuilds it
            return False
        tablecache.write(where, _flat(*tables))
    tk.FREQ, tk.total = tables
    tk.initialized = True
    return True


def _flat(freq: dict[str, int], total: int) -> tuple[str, list[int], int]:
    """jieba's tables as its words joined by line breaks (no word holds one: the dictionary
    is a file of one word a line), their counts and the total: unmarshalled, a string and
    a list of numbers, instead of half a million strings, a quarter fewer instructions
    (``_unflat`` makes the same dictionary, in the same order)."""
    return "\n".join(freq), list(freq.values()), total


def _unflat(flat: tuple | None) -> tuple[dict[str, int], int] | None:
    """The tables ``_flat`` gives ``flat`` of, None if it is not what it gives."""
    try:
        words, counts, total = flat  # type: ignore[misc]
        return dict(zip(words.split("\n"), counts, strict=True)), total
    except (TypeError, ValueError, AttributeError):
        return None


def derived_table(name: str, make: Callable[[str], dict[str, str]]) -> dict[str, str]:
    """``make(text)`` of the tokenizer's dictionary file, kept beside jieba's own cache
    (common.tablecache, keyed by the file's size and time, not by its 5 MB of contents,
    which cost a new process 70 million instructions to hash) so that a new process reads
    it back instead of parsing the file again (0.1-0.17 s: a worker's start, a rebuild's
    critical path). Made afresh when the cache is missing or unreadable; not kept where
    it cannot be written."""
    tk = tokenizer()
    with tk.get_dict_file() as f:
        source = getattr(f, "name", None)
        data = None if isinstance(source, str) and os.path.isfile(source) else f.read()
    key = tablecache.file_key(source) if data is None else data  # (zipped: its contents)

    def made() -> dict[str, str]:
        if data is None:
            with open(source, "rb") as f:
                return make(f.read().decode("utf-8"))
        return make(data.decode("utf-8"))

    return tablecache.kept(tablecache.path(name, key, make, tk.tmp_dir), dict, made)

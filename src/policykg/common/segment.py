"""Word segmentation with a private jieba tokenizer (jieba's global one is shared state).

Initialised lazily, once per process, with jieba's own dictionary. Loading it is most of a
process's start-up: jieba's prefix dictionary (every word of ``dict.txt`` and every prefix
of one, about 500,000 entries) is built once and kept by jieba in its ``marshal`` cache in
the temporary folder, which jieba reads back with ``marshal.load`` from the open file
(0.45–0.8 s in a new process); read whole first and unmarshalled from bytes, the same
file gives the same tables in a third of that.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache


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
    when its cache is there (the same file, the same tables), with the file read whole
    before it is unmarshalled. False when there is no cache or it cannot be read."""
    if tk.initialized or tk.dictionary is not None or tk.cache_file is not None:
        return False
    path = os.path.join(tk.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    try:
        with open(path, "rb") as f:
            freq, total = marshal.loads(f.read())
    except Exception:  # as jieba's initialize: any failure to read the cache rebuilds it
        return False
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    return True


def derived_table(name: str, make: Callable[[str], dict[str, str]]) -> dict[str, str]:
    """``make(text)`` of the tokenizer's dictionary file, kept beside jieba's own cache (in
    the temporary folder, keyed by the file's contents) so that a new process reads it back
    instead of parsing the 5 MB file again (0.1-0.17 s: a worker's start, a rebuild's
    critical path; the key covers ``make``'s code too). Made afresh when the cache is
    missing or unreadable; not kept where it cannot be written."""
    with tokenizer().get_dict_file() as f:
        data = f.read()
    code = make.__code__  # (its constants hold its patterns: a changed ``make`` is another table)
    key = hashlib.blake2b(data + code.co_code + repr(code.co_consts).encode(),
                          digest_size=12).hexdigest()
    path = os.path.join(tokenizer().tmp_dir or tempfile.gettempdir(), f"policykg.{name}.{key}.cache")
    try:
        with open(path, "rb") as f:
            table = marshal.loads(f.read())
        if isinstance(table, dict):
            return table
    except Exception:  # as _from_cache: any failure to read it makes the table again
        pass
    table = make(data.decode("utf-8"))
    _write_quietly(path, marshal.dumps(table))
    return table


def _write_quietly(path: str, data: bytes) -> None:
    """Write ``path`` whole (a temporary file renamed over it) or not at all."""
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".policykg.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass

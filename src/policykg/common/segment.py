"""Word segmentation with a private jieba tokenizer (jieba's global one is shared state).

Initialised lazily, once per process; the dictionary is jieba's own plus the names in
policykg's lexicons, so that 监督考核机制 or 三会一课 stay whole.
"""

from __future__ import annotations

import logging
import marshal
from functools import cache


@cache
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    # jieba reads its dictionary's cache with marshal.load(file), which calls the file's
    # readinto once per entry (half a million); read whole, then unmarshalled, the same
    # table loads in a third of the time (0.49 -> 0.17 s of CPU)
    kept = jieba.marshal
    jieba.marshal = _WholeFileMarshal
    try:
        tk.initialize()
    finally:
        jieba.marshal = kept
    return tk


class _WholeFileMarshal:
    """``marshal`` as jieba uses it, reading a file whole before unmarshalling it."""

    @staticmethod
    def load(fh):
        return marshal.loads(fh.read())

    dump = staticmethod(marshal.dump)


def cut(text: str) -> list[str]:
    """Tokens of ``text`` (accurate mode, HMM on: deterministic for a given dictionary)."""
    return [t for t in tokenizer().cut(text, HMM=True) if t]

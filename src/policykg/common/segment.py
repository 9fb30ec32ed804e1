"""Word segmentation with a private jieba tokenizer (jieba's global one is shared state).

Initialised lazily, once per process; the dictionary is jieba's own plus the names in
policykg's lexicons, so that 监督考核机制 or 三会一课 stay whole.
"""

from __future__ import annotations

import logging
from functools import cache


@cache
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def cut(text: str) -> list[str]:
    """Tokens of ``text`` (accurate mode, HMM on: deterministic for a given dictionary)."""
    return [t for t in tokenizer().cut(text, HMM=True) if t]

"""Memoising the pure per-line functions of the front stages (heading roles, markers,
content types): a line is looked at by several passes and headings recur across reports."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

R = TypeVar("R")


def short_texts(maxsize: int = 1 << 14, longest: int = 200
                ) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """``lru_cache`` for a pure function whose first argument is a text, applied only to
    texts of up to ``longest`` characters: a long one (a paragraph, a PDF page without line
    breaks) is computed again rather than kept, so the cache stays small."""
    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str, *rest) -> R:
            return cached(text, *rest) if len(text) <= longest else fn(text, *rest)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call
    return decorate

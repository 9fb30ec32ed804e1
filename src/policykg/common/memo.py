"""Memoising pure functions whose arguments recur: the per-line functions of the front
stages (heading roles, markers, content types: a line is looked at by several passes and
headings recur across reports), and the rounding of the numbers the outputs write."""

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


def rounded(value: float, digits: int) -> float:
    """``round(value, digits)``, found once a value: round() costs a decimal conversion, and
    the scores and widths an output writes recur (0.0 and -0.0, equal keys, are rounded
    each time: their roundings differ)."""
    return _rounded(value, digits) if value else round(value, digits)


@lru_cache(maxsize=1 << 12, typed=True)  # (typed: an int's rounding stays an int)
def _rounded(value: float, digits: int) -> float:
    return round(value, digits)

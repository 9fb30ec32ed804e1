"""Work without the cyclic garbage collector's passes.

Linking a document, rendering its outputs and pickling its part make many small
containers (tuples, lists, dicts of statements and entries) and no reference cycles; while
they accumulate, every pass of the collector walks the growing heap (the graph, the
entries made so far, and in a build the results of the documents before), so a long
report's linking and rendering took time growing faster than the report (4x the report:
2x the time of the rendering itself in collection). The collector is paused while they
run, and runs again as before afterwards: whatever they left behind is collected then.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside, and on again after if it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def without_collection(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the collector ``paused`` (for functions that return their result
    whole; a generator would leave it paused between its items)."""
    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        # paused() spelled out: its generator and context manager cost more than the
        # wrapped call does on a small document
        collecting = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()
    return run


_settled = False


def settle(collect: bool = True) -> None:
    """Once per process: move every object alive now (jieba's and OpenCC's tables, the
    lexicons, compiled patterns, modules) out of the collector's sight (``gc.freeze``), so
    that its passes over the oldest generation no longer walk them: a worker's collections
    then cost a third (of about 6 % of its time). For worker processes, which keep what
    they loaded until they end; ``collect`` first frees what is garbage already."""
    global _settled
    if _settled:
        return
    _settled = True
    if collect:
        gc.collect()
    gc.freeze()

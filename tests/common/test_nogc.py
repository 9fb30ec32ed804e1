"""common.nogc: the collector paused around work that makes no cycles, and a worker's
loaded tables settled out of its sight."""

from __future__ import annotations

import gc
import subprocess
import sys

from policykg.common import nogc


def test_paused_turns_the_collector_off_inside_and_back_on_after():
    assert gc.isenabled()
    with nogc.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_worker_settles_what_it_loaded_once_after_its_first_batch():
    """In a process of its own (freezing is for good): the first batch freezes what is
    alive, a later one leaves objects made since in the collector's sight."""
    code = """
import gc
from policykg.corpus.executors import _each
before = gc.get_freeze_count()
_each(len, ["ab"])
first = gc.get_freeze_count()
kept = [[i] for i in range(1000)]
_each(len, ["cd"])
print(before, first > 1000, gc.get_freeze_count() == first)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True", "True"]

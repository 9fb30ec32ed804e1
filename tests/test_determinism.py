"""The same input gives the same bytes whatever the process's hash seed: the corpora (and the
dev set where ../shared is present) built in processes with different PYTHONHASHSEED.

A word list iterated as a set (ties of a length-sorted set) once picked a different cue word
per process; string hashing is randomised per process, so only separate processes show it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [ROOT / "samples", *sorted((ROOT / "tests" / "corpora").glob("corpus-*"))]
DEV = ROOT.parent / "shared" / "eval" / "dev"


def _digest(out: Path, seed: str) -> str:
    paths = [str(p) for p in INPUTS] + ([str(DEV)] if DEV.is_dir() else [])
    run = subprocess.run(
        [sys.executable, "-c", "from policykg.cli import main; main()", "build", *paths,
         "--out", str(out), "--quiet", "-f", "json", "-f", "ttl"],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=600)
    assert run.returncode == 0, run.stderr
    return hashlib.sha256((out / "graph.json").read_bytes() + (out / "graph.ttl").read_bytes()).hexdigest()


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    digests = {seed: _digest(tmp_path / seed, seed) for seed in ("0", "1", "2", "3")}
    assert len(set(digests.values())) == 1, digests

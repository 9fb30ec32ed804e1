"""Throughput of the analysis stages (structure → extract → link) on one core.

Run by hand: ``.venv/bin/python benchmarks/bench_pipeline.py [N]``. Builds a corpus of N
documents by joining the bundled samples (and the dev set when ../shared is beside the
repo), then prints documents, sentences and characters per second for each stage and for
the whole, plus the peak memory of the process.
"""

from __future__ import annotations

import re
import resource
import sys
import time
from pathlib import Path

from policykg.extract import items
from policykg.read import ingest
from policykg.link import linker
from policykg.outline import structure

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "samples", ROOT.parent / "shared" / "eval" / "dev"]


def corpus(n: int) -> list:
    files = [p for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.txt"))]
    docs = [ingest.load(p, p.parent) for p in files]
    return [docs[i % len(docs)] for i in range(n)]


def timed(fn, inputs):
    t = time.perf_counter()
    out = [fn(x) for x in inputs]
    return out, time.perf_counter() - t


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    docs = corpus(n)
    linker.link(docs[0], items.extract(docs[0], structure.outline(docs[0])))  # warm up jieba
    chars = sum(len(d.text) for d in docs)
    sentences = sum(len(re.findall(r"[。;；!?！？\n]", d.text)) for d in docs)
    outlines, t_struct = timed(structure.outline, docs)
    nodes, t_extract = timed(lambda p: items.extract(*p), list(zip(docs, outlines)))
    _, t_link = timed(lambda p: linker.link(*p), list(zip(docs, nodes)))
    total = t_struct + t_extract + t_link
    print(f"{n} documents, {chars:,} characters, {sentences:,} sentences, "
          f"{sum(map(len, nodes)):,} nodes")
    for name, t in (("structure", t_struct), ("extract", t_extract), ("link", t_link),
                    ("all three", total)):
        print(f"  {name:<10} {t:7.2f} s  {n / t:8.1f} docs/s  {sentences / t:9.0f} sentences/s"
              f"  {chars / t / 1e3:8.1f} k chars/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()

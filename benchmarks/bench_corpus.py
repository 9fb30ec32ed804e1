"""Corpus scale: ``policykg build`` on 1,000 / 5,000 / 10,000 documents against the floor.

    .venv/bin/python benchmarks/bench_corpus.py                    # 1000 5000 10000, once each
    .venv/bin/python benchmarks/bench_corpus.py 5000 --runs 2 --rebuild
    .venv/bin/python benchmarks/bench_corpus.py 1000 --build-args '--jobs 1 --no-cache'
    .venv/bin/python benchmarks/bench_corpus.py 1000 --policykg 'python -m policykg'

A corpus of N documents is N copies, round robin, of the reports in ``samples/``, the test
corpora (``tests/corpora/*/`` or ``tests/corpus*/``) and the dev set (``../shared/eval/dev``,
skipped with a message when absent), one folder per round (``copy-0001/…``), so every copy
is a document of its own. Corpora are made once under ``--work`` and reused.

For each size it prints the wall time, the CPU time (user + system, every process of the
build) and the peak memory of the whole process tree (the sum of the resident sizes of the
build and its workers, sampled every 50 ms) of ``policykg build CORPUS --out OUT``; the
floor (read + decode + OpenCC + jieba of the same text, one process, one core), measured
before the first build and after each, and the ratio of the build's throughput to the
floor's: to the mean of the floors on either side of the build, since this machine's speed
drifts by a third within minutes (the median ratio closes the table). ``--rebuild`` then
changes one file and
builds again into the same output (the per-document cache at work), and restores it.

The builds run as after an install: a first, untimed build of ``samples/`` writes Python's
bytecode cache (an environment that sets ``PYTHONDONTWRITEBYTECODE`` has it removed for the
builds, or every process would compile policykg's source again). The figures are the load
average at start too: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
SUFFIXES = {".txt", ".md", ".html", ".docx", ".pdf"}
SAMPLE_EVERY = 0.05  # seconds between memory samples


def source_dirs() -> list[Path]:
    dirs = [ROOT / "samples"]
    corpora = ROOT / "tests" / "corpora"
    if corpora.is_dir():
        dirs += sorted(p for p in corpora.iterdir() if p.is_dir())
    else:
        dirs += sorted(p for p in (ROOT / "tests").glob("corpus*") if p.is_dir())
    if DEV.is_dir():
        dirs.append(DEV)
    else:
        print(f"note: {DEV} not found; the corpus is made of samples and test corpora only",
              file=sys.stderr)
    return dirs


def source_files() -> list[tuple[str, Path]]:
    """(name of the copy, source file) for every report of the sources, sorted."""
    files = []
    for d in source_dirs():
        for p in sorted(d.iterdir()):
            if p.suffix.lower() in SUFFIXES and p.name.lower() != "readme.md":
                files.append((f"{d.name}-{p.name}", p))
    if not files:
        sys.exit("no source documents found")
    return files


def make_corpus(n: int, work: Path) -> Path:
    """``work/corpus-N``: N documents, made once (a ``.complete`` marker says it is whole)."""
    folder = work / f"corpus-{n}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    files = source_files()
    for i in range(n):
        name, src = files[i % len(files)]
        dst = folder / f"copy-{i // len(files) + 1:04d}" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    (folder / ".complete").write_text(f"{n}\n")
    return folder


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int


def tree_sample(pid: int, psutil, cpu: dict[int, float]) -> int:
    """The resident size of the process tree; each process's CPU time so far into ``cpu``
    (worker processes started by a fork server are not waited for by the build, so
    ``os.times`` would miss them)."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def measure(cmd: list[str]) -> Run:
    """Wall, CPU (every process of the tree, sampled; the build itself exactly) and peak
    RSS of the process tree."""
    import psutil

    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=build_env())
    peak = 0
    cpu_of: dict[int, float] = {}
    while proc.poll() is None:
        peak = max(peak, tree_sample(proc.pid, psutil, cpu_of))
        time.sleep(SAMPLE_EVERY)
    wall = time.perf_counter() - t0
    after = os.times()
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(err, file=sys.stderr)
    own = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    cpu_of.pop(proc.pid, None)
    return Run(wall, own + sum(cpu_of.values()), peak / 2**20, proc.returncode)


def build_env() -> dict[str, str]:
    """The environment of the builds: this one, but bytecode is cached as after any install
    (``PYTHONDONTWRITEBYTECODE``, if set, would make every process of every build compile
    policykg's source again, about 0.1 s each)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def first_run(policykg: str, work: Path) -> None:
    """An untimed build of ``samples/`` in worker processes, every format: it writes the
    bytecode cache that a user's first run (or pip's install) writes, and brings the
    interpreter's and the tables' files into the OS cache."""
    out = work / "out-first-run"
    formats = [a for f in ("json", "ttl", "html", "nt", "jsonld", "xml", "graphml", "gexf",
                           "csv", "neo4j") for a in ("--format", f)]
    subprocess.run([*shlex.split(policykg), "build", str(ROOT / "samples"), "--out", str(out),
                    "--quiet", "--no-cache", "--jobs", "2", *formats],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=build_env())
    shutil.rmtree(out, ignore_errors=True)


def floor(files: list[Path]) -> tuple[float, int]:
    """Seconds to read, decode, normalise (OpenCC) and segment (jieba) every file, and
    the characters read: what any jieba-based pipeline must at least do. The segmenting is
    jieba's own ``Tokenizer.cut`` (accurate mode, HMM on), not policykg's faster segmenter
    of the same words (``common.cut``), so the floor stays jieba's."""
    segment = module("common.segment", "segment")
    normalise = module("read.normalise", "normalise").normalise
    jieba = segment.tokenizer()
    normalise("臺灣")  # load OpenCC's dictionaries before the clock starts
    chars = 0
    t0 = time.perf_counter()
    for p in files:
        text = ingest_text(p)
        list(jieba.cut(normalise(text), HMM=True))
        chars += len(text)
    return time.perf_counter() - t0, chars


def change_one(folder: Path) -> tuple[Path, bytes]:
    """Append a sentence to the middle file of the corpus; returns it and its old bytes."""
    files = corpus_files(folder)
    victim = next(p for p in files[len(files) // 2:] if p.suffix == ".txt")
    old = victim.read_bytes()
    victim.write_bytes(old + "\n加强统筹协调，完善考核机制。\n".encode())
    return victim, old


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 10000])
    ap.add_argument("--runs", type=int, default=1, help="builds per size (each from scratch)")
    ap.add_argument("--rebuild", action="store_true",
                    help="also time a rebuild after one changed file")
    ap.add_argument("--policykg", default=f"{shlex.quote(sys.executable)} -m policykg",
                    help="the command that runs policykg (default: this Python's)")
    ap.add_argument("--build-args", default="", help="extra options for policykg build")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policykg-bench",
                    help="where the corpora and outputs go")
    ap.add_argument("--no-floor", action="store_true", help="skip the floor measurement")
    args = ap.parse_args()

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} cores; build: {args.policykg} build … {args.build_args}")
    rows = []
    first_run(args.policykg, args.work)
    for n in args.sizes:
        folder = make_corpus(n, args.work)
        files = corpus_files(folder)
        out = args.work / f"out-{n}"
        cmd = [*shlex.split(args.policykg), "build", str(folder), "--out", str(out), "--quiet",
               *shlex.split(args.build_args)]
        if not args.no_floor:  # before the first build too: each build's is the mean of
            report_floor(n, 0, files, rows)  # the floors on either side (the speed drifts)
        for run_no in range(1, args.runs + 1):
            shutil.rmtree(out, ignore_errors=True)
            run = measure(cmd)
            rows.append((n, f"build {run_no}", run))
            print(f"  {n} documents, build {run_no}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                  f"{run.peak_mb:.0f} MB, exit {run.code}", flush=True)
            if not args.no_floor:  # right after each build: the machine's speed drifts
                chars = report_floor(n, run_no, files, rows)
        if args.rebuild:
            victim, old = change_one(folder)
            try:
                run = measure(cmd)
            finally:
                victim.write_bytes(old)
            rows.append((n, "rebuild, 1 file changed", run))
            print(f"  {n} documents, rebuild: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                  f"{run.peak_mb:.0f} MB, exit {run.code}", flush=True)
            measure(cmd)  # put the output and cache back in step with the corpus
        if args.no_floor:
            chars = sum(len(ingest_text(p)) for p in files)
        rows.append((n, "chars", Run(chars, 0, 0, 0)))
    print_table(rows)


def report_floor(n: int, run_no: int, files: list[Path], rows: list) -> int:
    """Measure the floor, add its row and print it; the characters read."""
    secs, chars = floor(files)
    rows.append((n, f"floor {run_no}", Run(secs, secs, 0.0, 0)))
    print(f"  {n} documents: {chars / 1e6:.2f} M characters; floor {secs:.1f} s "
          f"({chars / secs / 1e3:.0f} k chars/s)", flush=True)
    return chars


def module(new: str, old: str):
    """A policykg module by its path in the stage layout, or the flat one before it."""
    import importlib

    try:
        return importlib.import_module(f"policykg.{new}")
    except ImportError:
        return importlib.import_module(f"policykg.{old}")


def ingest_text(p: Path) -> str:
    return module("read.ingest", "ingest").decode(p.read_bytes(), str(p))[0]


def print_table(rows: list[tuple[int, str, Run]]) -> None:
    """The runs of each size; a build's ratio is to the mean of the floors measured right
    before and right after it (a rebuild's to the last floor), and the median ratio."""
    chars = {n: r.wall for n, what, r in rows if what == "chars"}
    measured = {(n, what): r.wall for n, what, r in rows if what.startswith("floor")}
    floors: dict[tuple[int, str], float] = {}
    for (n, what), secs in measured.items():
        k = int(what.split()[1])
        before = measured.get((n, f"floor {k - 1}"))
        either = [secs] if before is None else [before, secs]
        floors[(n, f"build {k}")] = floors[(n, "last")] = sum(either) / len(either)
    print("\n| documents | characters | run | wall s | CPU s | peak MB | k chars/s | vs floor |")
    print("|---|---|---|---|---|---|---|---|")
    for n, what, r in rows:
        if what == "chars":
            continue
        rate = chars[n] / r.wall / 1e3
        base = floors.get((n, what), floors.get((n, "last")))
        ratio = f"{base / r.wall:.2f}×" if base and not what.startswith("floor") else ""
        mem = f"{r.peak_mb:.0f}" if not what.startswith("floor") else ""
        print(f"| {n:,} | {chars[n] / 1e6:.2f} M | {what} | {r.wall:.1f} | {r.cpu:.1f} | {mem} | "
              f"{rate:.0f} | {ratio} |")
    for n in chars:
        ratios = sorted(floors[(n, what)] / r.wall for m, what, r in rows
                        if m == n and what.startswith("build") and (n, what) in floors)
        if ratios:
            print(f"{n:,} documents: builds at {ratios[0]:.2f}–{ratios[-1]:.2f}× the floor's "
                  f"throughput, median {statistics.median(ratios):.2f}×")


if __name__ == "__main__":
    main()

"""The pipeline as a library: files in, a graph and a report of what happened out.

read → outline → extract → link → export (each a subpackage of policykg). Only read and
export touch files; one bad file is reported and the others are built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from policykg.corpus import work
from policykg.corpus.executors import Executor, Serial
from policykg.corpus.store import Corpus, Store, Summary, task_key
from policykg.corpus.work import Part, Task, process
from policykg.errors import PolicyKGError
from policykg.read import ingest

__all__ = ["BuildReport", "Failure", "build", "build_corpus", "build_to", "process"]


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


@dataclass
class BuildReport:
    results: list[Summary] = field(default_factory=list)  # the documents built, in file order
    failures: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other kinds in folders
    written: list[Path] = field(default_factory=list)
    cached: int = 0  # documents whose result came from the cache

    @property
    def node_counts(self) -> Counter:
        return sum((r.node_counts for r in self.results), Counter())

    @property
    def edge_counts(self) -> Counter:
        return sum((r.edge_counts for r in self.results), Counter())

    @property
    def empty(self) -> list[str]:
        """Documents read fine that yielded no node."""
        return [r.path for r in self.results if not r.node_counts]


def build(paths: Sequence[str | Path], min_score: float | None = None,
          progress: Callable[[int, int, Path], None] | None = None,
          executor: Executor | None = None) -> tuple[nx.MultiDiGraph, BuildReport]:
    """Read every document under ``paths`` and build one graph, in memory.

    Raises InputError only when nothing at all can be read (a missing path, a folder
    without documents); a file that fails is recorded in ``report.failures``.
    ``progress(done, total, path)`` is called as each file is done.
    """
    store = Store(None)
    try:
        corpus, report = build_corpus(paths, store, min_score=min_score, progress=progress,
                                      executor=executor)
        return corpus.graph(), report
    finally:
        store.close()


def build_corpus(paths: Sequence[str | Path], store: Store, *, min_score: float | None = None,
                 fragments: tuple[str, ...] = (), executor: Executor | None = None,
                 progress: Callable[[int, int, Path], None] | None = None,
                 ) -> tuple[Corpus, BuildReport]:
    """Run the per-document stage over every file under ``paths`` into ``store``.

    Documents found in the store (same bytes, id, path, options and policykg) are not
    built again; the others run on ``executor`` (default: in this process). Each part
    is written to the store as it arrives and only its ``Summary`` is kept, so memory
    does not grow with the corpus. ``fragments`` names the output pieces to render per
    document (``corpus.work.FRAGMENT_KINDS``).
    """
    found = ingest.discover(paths)
    report = BuildReport(skipped=[str(p) for p in found.skipped])
    total = len(found.files)
    outcome: dict[int, Summary | Failure] = {}
    todo: list[tuple[int, str, Task]] = []
    for i, (path, root) in enumerate(found.files):
        try:
            task = Task(str(path), str(root), found.ids[path], ingest.read_bytes(path),
                        min_score, tuple(fragments))
        except PolicyKGError as err:
            outcome[i] = Failure(str(path), err.message)
            continue
        key = task_key(task)
        kept = store.get(key, tuple(fragments))
        if kept is None:
            todo.append((i, key, replace(task, data=b"")))  # bytes read again when run
            continue
        if isinstance(kept, Part) and kept.result is not None:  # lacks some fragments
            work.render(kept, tuple(fragments))
            kept = store.put(key, kept)
        outcome[i] = _outcome(kept)
        report.cached += 1
    done = len(outcome)
    runner = executor or Serial()
    for (i, key, _), part in zip(todo, runner.map(work.run, _with_bytes(todo)), strict=True):
        outcome[i] = _outcome(store.put(key, part))
        done += 1
        if progress:
            progress(done, total, Path(part.path))
    for i in sorted(outcome):
        item = outcome[i]
        (report.failures if isinstance(item, Failure) else report.results).append(item)
    return Corpus(store, list(report.results)), report


def build_to(paths: Sequence[str | Path], out: Path, formats: Sequence[str] | None = None, *,
             min_score: float | None = None, jobs: int | None = None, dask: str | None = None,
             cache: bool = True,
             progress: Callable[[int, int, Path], None] | None = None) -> BuildReport:
    """Build the graph of ``paths`` and write ``formats`` into ``out``: what ``policykg
    build`` does.

    The per-document stage runs in ``jobs`` processes (``None``: one per core) or on the
    Dask cluster at ``dask``; results are cached in ``out/.policykg-cache`` (``cache``
    False: neither read nor kept) so that a rebuild redoes the changed files only. Nothing
    is written when no document could be read (``report.results`` is empty).
    """
    from policykg.export import registry as export
    from policykg.corpus import executors
    from policykg.corpus.store import CACHE_DIR

    formats = tuple(formats or export.DEFAULT_FORMATS)
    runner = executors.make(jobs, dask)
    store = Store(Path(out) / CACHE_DIR if cache else None)
    try:
        corpus, report = build_corpus(paths, store, min_score=min_score, executor=runner,
                                      fragments=export.fragments_for(formats), progress=progress)
        if report.results:
            report.written = export.write_corpus(corpus, Path(out), formats)
        return report
    finally:
        runner.close()
        store.close()


def _with_bytes(todo: list[tuple[int, str, Task]]) -> Iterator[Task]:
    """The tasks with their files' bytes, read one at a time as the executor asks."""
    for _, _, task in todo:
        try:
            yield replace(task, data=ingest.read_bytes(Path(task.path)))
        except PolicyKGError:
            yield task  # gone since it was hashed: the worker reports the empty file


def _outcome(found: Summary | Part) -> Summary | Failure:
    if isinstance(found, Summary):
        return found
    return Failure(found.path, found.failure or "cannot be read")

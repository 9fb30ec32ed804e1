"""The pipeline as a library: files in, a graph and a report of what happened out.

read → outline → extract → link → export (each a subpackage of policykg). Only read and
export touch files; one bad file is reported and the others are built.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.corpus import work
from policykg.corpus.executors import Executor, Serial
from policykg.corpus.store import Corpus, Job, Store, Summary, run_and_put, task_key, total_counts
from policykg.corpus.work import Part, Task, process
from policykg.errors import PolicyKGError
from policykg.read import ingest

if TYPE_CHECKING:
    import networkx as nx

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
    notes: list[str] = field(default_factory=list)  # "path: why" of paths left out on purpose
    written: list[Path] = field(default_factory=list)
    export_notes: list[str] = field(default_factory=list)  # what writers changed to write valid files
    cached: int = 0  # documents whose result came from the cache

    @property
    def node_counts(self) -> Counter:
        return total_counts(r.node_counts for r in self.results)

    @property
    def edge_counts(self) -> Counter:
        return total_counts(r.edge_counts for r in self.results)

    @property
    def empty(self) -> list[str]:
        """Documents read fine that yielded no node."""
        return [r.path for r in self.results if not r.node_counts]


def build(paths: Sequence[str | Path], min_score: float | None = None,
          progress: Callable[[int, int, Path], None] | None = None, *,
          exclude: Sequence[str | Path] = (), limits: ingest.Limits | None = None,
          executor: Executor | None = None) -> tuple[nx.MultiDiGraph, BuildReport]:
    """Read every document under ``paths`` and build one graph, in memory.

    Raises InputError only when nothing at all can be read (a missing path, a folder
    without documents); a file that fails is recorded in ``report.failures``.
    ``progress(done, total, path)`` is called as each file is done. Nothing under
    ``exclude`` (the output folder) is read; ``limits`` caps what one file may cost.
    """
    store = Store(None)
    try:
        corpus, report = build_corpus(paths, store, min_score=min_score, progress=progress,
                                      executor=executor, exclude=exclude, limits=limits)
        return corpus.graph(), report
    finally:
        store.close()


def build_corpus(paths: Sequence[str | Path], store: Store, *, min_score: float | None = None,
                 fragments: tuple[str, ...] = (), executor: Executor | None = None,
                 progress: Callable[[int, int, Path], None] | None = None,
                 exclude: Sequence[str | Path] = (), limits: ingest.Limits | None = None,
                 follow: Callable[[Summary], None] | None = None,
                 ) -> tuple[Corpus, BuildReport]:
    """Run the per-document stage over every file under ``paths`` into ``store``.

    Documents found in the store (same bytes, id, path, options and policykg) are not
    built again; the others run on ``executor`` (default: in this process). Each part
    is written to the store as it arrives and only its ``Summary`` is kept, so memory
    does not grow with the corpus. ``fragments`` names the output pieces to render per
    document (``corpus.work.FRAGMENT_KINDS``). ``follow`` is called with each document's
    summary in the corpus's order (document id), as soon as those before it are done.
    """
    limits = limits or ingest.Limits()
    # Workers only for an input worth them: Auto starts them as soon as the files found
    # are (``found``, while discovery goes on), else decides on all of them (``expect``,
    # which also sizes the batches).
    found = ingest.discover(paths, exclude, limits, on_file=getattr(executor, "found", None))
    if hasattr(executor, "expect"):
        executor.expect([path for path, _ in found.files])
    report = BuildReport(skipped=[str(p) for p in found.skipped],
                         notes=[f"{p}: {why}" for p, why in found.notes])
    problems = [Failure(str(p), why) for p, why in found.problems]
    total = len(found.files)
    outcome: dict[int, Summary | Failure] = {}
    top: list = []  # graph.html's most connected nodes so far
    in_order = _InOrder([found.ids[path] for path, _ in found.files], follow)

    def settle(i: int, item: Summary | Failure) -> None:
        outcome[i] = item
        in_order.done(i, item)

    def to_build() -> Iterator[tuple[int, str, Task]]:
        """The documents the store lacks, each read once, as the executor asks for them;
        those it has are taken in on the way."""
        for i, (path, root) in enumerate(found.files):
            try:
                task = Task(str(path), str(root), found.ids[path],
                            ingest.read_bytes(path, limits.max_file), min_score,
                            tuple(fragments), limits.max_unpacked)
            except PolicyKGError as err:
                settle(i, Failure(str(path), err.message))
                continue
            key = task_key(task)
            kept = store.get(key, tuple(fragments))
            if kept is None:
                yield i, key, task
                continue
            if isinstance(kept, Part) and kept.result is not None:  # lacks some fragments
                work.render(kept, tuple(fragments))
                kept = store.put(key, kept)
            settle(i, _outcome(kept, top))
            report.cached += 1

    for i, found_part in _run(executor or Serial(), store, to_build()):
        settle(i, _outcome(found_part, top))
        if progress:
            progress(len(outcome), total, Path(found_part.path))
    report.failures = problems
    for i in sorted(outcome):
        item = outcome[i]
        (report.failures if isinstance(item, Failure) else report.results).append(item)
    return Corpus(store, list(report.results), top), report


class _InOrder:
    """Hands ``follow`` each document's summary in document-id order, as soon as every
    document before it is done (they are done in file order, which may differ)."""

    def __init__(self, ids: list[str], follow: Callable[[Summary], None] | None) -> None:
        self.order = sorted(range(len(ids)), key=ids.__getitem__) if follow else []
        self.follow = follow
        self.waiting: dict[int, Summary | Failure] = {}
        self.next = 0

    def done(self, i: int, item: Summary | Failure) -> None:
        if self.follow is None:
            return
        self.waiting[i] = item
        order, waiting = self.order, self.waiting
        while self.next < len(order) and order[self.next] in waiting:
            ready = waiting.pop(order[self.next])
            self.next += 1
            if isinstance(ready, Summary):
                self.follow(ready)


def build_to(paths: Sequence[str | Path], out: Path, formats: Sequence[str] | None = None, *,
             min_score: float | None = None, jobs: int | None = None, dask: str | None = None,
             cache: bool = True, limits: ingest.Limits | None = None,
             progress: Callable[[int, int, Path], None] | None = None) -> BuildReport:
    """Build the graph of ``paths`` and write ``formats`` into ``out``: what ``policykg
    build`` does.

    ``out`` is locked and checked writable before any work (``fsio.OutputSet``); the files
    are written into a staging folder and replace those in ``out`` together, or not at
    all. The per-document stage runs in ``jobs`` processes (``None``: one per core) or on
    the Dask cluster at ``dask``; results are cached in ``out/.policykg-cache`` (``cache``
    False: neither read nor kept) so that a rebuild redoes the changed files only. Nothing
    is written when no document could be read (``report.results`` is empty).
    """
    from policykg.corpus import executors
    from policykg.corpus.store import CACHE_DIR
    from policykg.export import fsio
    from policykg.export import registry as export

    formats = tuple(formats or export.DEFAULT_FORMATS)
    with fsio.OutputSet(out).open() as staged:
        assert staged.path is not None
        store = Store(staged.out / CACHE_DIR if cache else None)
        try:  # (a fresh build, whose store holds nothing, warms all its workers at once)
            runner = executors.make(jobs, dask, fresh=not store.entries)
        except BaseException:
            store.close(keep=False)
            raise
        report = BuildReport()
        try:
            with ExitStack() as following:  # (graph.ttl, written as the documents come)
                follow, followed = export.follow(formats, store, staged.path, following)
                corpus, report = build_corpus(paths, store, min_score=min_score,
                                              executor=runner, follow=follow,
                                              fragments=export.fragments_for(formats),
                                              progress=progress, exclude=[out, staged.path],
                                              limits=limits)
            if report.results:
                export.write_corpus(corpus, staged.path, formats, report.export_notes,
                                    submit=getattr(runner, "submit", None), followed=followed)
                report.written = staged.commit(export.filenames(formats))
        finally:
            runner.close()
            store.close(keep=bool(report.results))
    return report


def _run(runner: Executor, store: Store, todo: Iterable[tuple[int, str, Task]]
         ) -> Iterator[tuple[int, Summary | Part]]:
    """(index, stored summary) of ``todo``'s documents (index, key, task with the file's
    bytes), in order. Workers that share the store's disk (``Executor.shares_disk``) write
    their parts themselves and say where; a cluster's are sent back and written here."""
    handed: deque[tuple[int, str]] = deque()  # (index, key) of the tasks handed out, in order
    shares = getattr(runner, "shares_disk", False)

    def tasks() -> Iterator[Task | Job]:
        for i, key, task in todo:
            handed.append((i, key))
            yield Job(task, key, str(store.folder)) if shares else task

    for found in runner.map(run_and_put if shares else work.run, tasks()):
        i, key = handed.popleft()
        if shares:
            found, where = found
            store.keep(key, where)
        else:
            found = store.put(key, found)
        yield i, found


def _outcome(found: Summary | Part, top: list) -> Summary | Failure:
    """What the build keeps of a document (its summary, repeated strings shared); the
    nodes it may label first join ``top``."""
    if isinstance(found, Summary):
        found.share()
        if found.top:
            from policykg.export.html import corpus_layout

            ranked = [(*c, found.doc_id) for c in found.top]
            if corpus_layout.may_join(top, ranked[0]):
                top[:] = corpus_layout.best(top, ranked)
            found.top = ()
        return found
    return Failure(found.path, found.failure or "cannot be read")

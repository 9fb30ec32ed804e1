"""Where the per-document work runs: in this process, in worker processes, on a Dask cluster.

Every executor has one method, ``map(fn, tasks)``: the results of ``fn`` over ``tasks``,
yielded in the tasks' order whatever order they finish in, with at most ``window`` tasks
in flight, so neither the tasks nor the results pile up in memory. ``fn`` must be a
module-level function (it is pickled by name), and so must everything in a task.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, wait
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from policykg.common import nogc
from policykg.errors import PolicyKGError


class ExecutorError(PolicyKGError):
    """The workers could not be started or reached (a bad --jobs, an unreachable cluster)."""


class Executor(Protocol):
    # Whether the workers see this machine's files: then a worker writes its document's
    # part into the store itself (store.run_and_put); a cluster's parts come back here.
    shares_disk: bool

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Serial:
    """One document after the other, in this process."""

    shares_disk = True  # sees the files this process sees (the build's store)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        return map(fn, tasks)

    def close(self) -> None:
        pass


def _ordered(submit: Callable[[Any], Any], result: Callable[[Any], Any], tasks: Iterable[Any],
             window: int) -> Iterator[Any]:
    """Submit ahead up to ``window`` tasks and yield their results in order."""
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def batch_size(expected: int | None, jobs: int) -> int:
    """Tasks sent to a worker at once: one each for a few, up to ``MAX_BATCH`` when there
    are many. Each task handed out costs this process a wake-up of the pool's threads and
    a round of pickling and of pipe reads and writes (about 1 ms of CPU with the workers
    busy: a tenth of the build's CPU at 5,000 documents); a batch costs that once. At
    least ``BATCHES_PER_WORKER`` batches a worker keep the last ones from leaving a worker
    idle for long."""
    if not expected:
        return 1
    return max(1, min(MAX_BATCH, expected // (jobs * BATCHES_PER_WORKER)))


MAX_BATCH = 8
BATCHES_PER_WORKER = 32


def _batches(tasks: Iterable[Any], size: int, jobs: int) -> Iterator[list[Any]]:
    """``tasks`` in lists of up to ``size``, the first ``jobs`` of one task, the next
    ``jobs`` of two, and so on: a task is never held back long waiting for others (a
    rebuild's few changed files, found among thousands kept, go out as they are found)."""
    batch: list[Any] = []
    made = 0
    for task in tasks:
        batch.append(task)
        if len(batch) >= min(size, 1 + made // jobs):
            yield batch
            batch, made = [], made + 1
    if batch:
        yield batch


def _each(fn: Callable[[Any], Any], batch: list[Any]) -> list[Any]:
    """``fn`` over a batch, in a worker; after its first, what the worker loaded is settled
    (``nogc.settle``: a worker not warmed ahead loads its tables on its first task)."""
    results = [fn(task) for task in batch]
    nogc.settle()
    return results


class Processes:
    """``jobs`` worker processes (each loads jieba and OpenCC once, on its first document),
    sent the tasks in batches (``batch_size``) once ``expect`` says how many may come."""

    shares_disk = True
    expected: int | None = None
    rest_started = False

    def __init__(self, jobs: int, fresh: bool = False) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if jobs < 1:
            raise ExecutorError(f"--jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        # Not fork: the caller may have threads (a server, a Dask client), and a forked
        # child gets their locks in whatever state they were. The fork server starts
        # clean, with the per-document code already imported.
        from policykg.corpus import work

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["policykg.corpus.work", *work.STAGES])
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)

        # Start workers now, as many as leave a core to this process (it looks for the
        # files meanwhile): they load their tables. The others start, and load theirs, when
        # there is more than these can take: a rebuild of one changed file warms one worker,
        # and the writers run in it and in a worker that never loads the tables. A
        # ``fresh`` build (no cache to take a document from: every one is analysed) warms
        # them all at once: looking for the files takes this process a fraction of the
        # second a worker takes to warm, and a worker started once the first is warm left
        # a core idle for most of a second.
        self.ahead = jobs if fresh else min(jobs, max(1, default_jobs() - 1))
        self.warming: list[Future] = []
        # Starting a worker waits for the fork server to import the stages (about 0.3 s):
        # a thread waits for it, while this one goes on looking for the files.
        self._failed: BaseException | None = None
        self._starting = threading.Thread(target=self._start, name="policykg-workers", daemon=True)
        self._starting.start()

    def _start(self) -> None:
        from policykg.corpus import work

        try:
            self.warming = [self.pool.submit(work.warm) for _ in range(self.ahead)]
        except BaseException as err:  # raised in the caller's thread (_started)
            self._failed = err

    def _started(self) -> None:
        """Wait until the workers started ahead are on their way; raise what stopped them."""
        self._starting.join()
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed

    def expect(self, files: Sequence[Path]) -> None:
        """How many documents the build has (at most that many tasks will come)."""
        self.expected = len(files)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        size = batch_size(self.expected, self.jobs)
        # about 8 tasks a worker in flight (their files' bytes), at least two batches each
        window = max(2 * self.jobs, 8 * self.jobs // size)
        done = _ordered(self._submit_warm(partial(_each, fn)), lambda f: f.result(),
                        _batches(self._then_start(tasks), size, self.jobs), window)
        return (result for batch in done for result in batch)

    def _then_start(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """``tasks``, then the workers not started yet start, if the first task did not
        start them (``_start_rest``)."""
        yield from tasks
        self._started()
        self._start_rest()

    def _start_rest(self) -> None:
        """Start the workers not started ahead (the pool starts one for a task no worker is
        free for), each importing the writers first: once the warm workers have their
        first tasks, a rebuild's worker that gets no document is ready for the writers
        when the documents are done."""
        from policykg.corpus import work

        if not self.rest_started:
            self.rest_started = True
            for _ in range(self.jobs - self.ahead):
                self.pool.submit(work.ready)

    def _submit_warm(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``submit`` of ``fn`` once the workers started warm are ready: the first tasks go
        to them (the pool starts another worker only when none is idle)."""
        def submit(task: Any) -> Any:
            self._started()
            if not self.warming:
                return self.pool.submit(fn, task)
            wait(self.warming)
            self.warming = []
            first = self.pool.submit(fn, task)
            self._start_rest()
            return first

        return submit

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a worker (the corpus writers, once the documents are done)."""
        self._started()
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self._starting.join()
        self.pool.shutdown(cancel_futures=True)


class Dask:
    """The workers of a dask.distributed cluster, reached at its scheduler's address
    (``tcp://host:8786``). The workers need policykg installed; tasks carry the files'
    bytes, so they need not see the files."""

    shares_disk = False

    def __init__(self, address: str, window: int | None = None, timeout: str = "20s") -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise ExecutorError("--dask needs dask.distributed: pip install 'policykg[dask]'") from err
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {err}") from err
        threads = sum(self.client.nthreads().values()) or 1
        self.window = window or 8 * threads

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        # pure=False: two equal tasks (copies of one file) are still two documents
        return _ordered(lambda t: self.client.submit(fn, t, pure=False),
                        lambda f: f.result(), tasks, window=self.window)

    def close(self) -> None:
        self.client.close()


class Auto:
    """The default: one process per core, started as soon as the build knows its input is
    worth it (two documents or more, of ``PARALLEL_BYTES`` in all: told file by file while
    discovery walks the folders, ``found``, or all at once, ``expect``); a smaller input is
    built in this process, where starting workers (each loads jieba's and OpenCC's tables,
    about a second) would cost more than it saves."""

    shares_disk = True
    PARALLEL_BYTES = 256 * 1024  # about 100 ordinary reports, a few seconds' work

    def __init__(self, jobs: int, fresh: bool = False) -> None:
        self.jobs, self.fresh = jobs, fresh
        self.inner: Serial | Processes | None = None
        self.seen = self.seen_bytes = 0

    def found(self, size: int) -> None:
        """One more input file of ``size`` bytes: the workers start once the files found so
        far are worth them, and load their tables while discovery goes on."""
        self.seen += 1
        self.seen_bytes += size
        if self.inner is None and self.seen > 1 and self.seen_bytes >= self.PARALLEL_BYTES:
            self.inner = Processes(self.jobs, self.fresh)

    def expect(self, files: Sequence[Path]) -> None:
        if self.inner is None:
            worth = len(files) > 1 and _total_size(files, self.PARALLEL_BYTES) >= self.PARALLEL_BYTES
            self.inner = Processes(self.jobs, self.fresh) if worth else Serial()
        if isinstance(self.inner, Processes):
            self.inner.expect(files)

    def map(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        if self.inner is None:
            self.inner = Processes(self.jobs, self.fresh)
        assert self.inner is not None
        return self.inner.map(fn, tasks)

    @property
    def submit(self) -> Callable[..., Any] | None:
        """``Processes.submit`` when workers were started (the corpus writers use them)."""
        return self.inner.submit if isinstance(self.inner, Processes) else None

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def _total_size(files: Sequence[Path], enough: int) -> int:
    """The files' bytes added up until ``enough`` (an unreadable file counts nothing)."""
    total = 0
    for f in files:
        try:
            total += os.stat(f).st_size
        except OSError:
            continue
        if total >= enough:
            break
    return total


def make(jobs: int | None = None, dask: str | None = None, fresh: bool = False) -> Executor:
    """The executor the options ask for: a Dask cluster, else ``jobs`` processes
    (``None``: one per core once the input is large enough, ``Auto``), in this process when
    that is one. ``fresh``: every document will be analysed (no cache holds any), so the
    local workers all warm at once (``Processes``)."""
    if dask:
        return Dask(dask)
    if jobs is None:
        jobs = default_jobs()
        return Serial() if jobs == 1 else Auto(jobs, fresh)
    if jobs < 1:
        raise ExecutorError(f"--jobs must be at least 1, not {jobs}")
    return Serial() if jobs == 1 else Processes(jobs, fresh)

"""Queries run in worker processes, each with a memory limit, stopped at a time limit.

A ``Pool`` starts ``size`` processes; each sets its address-space limit
(``resource.setrlimit(RLIMIT_AS)``), loads the graph once and then answers jobs: a
module-level function ``job(store, *args)`` and its arguments, sent over a pipe. The
caller waits for the answer at most ``timeout`` seconds; a worker that runs over (or
whose caller gave up, ``cancelled()``) is killed and replaced, and a worker that dies
(out of memory: Rust aborts when an allocation fails; a crash) is replaced too. The
caller gets a one-line ``QueryError`` in each case and the process that serves stays up.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from policykg.errors import InputError, PolicyKGError, QueryError

POLL = 0.05  # seconds between checks on a running job
START_TIMEOUT = 120.0  # seconds a worker may take to load the graph


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


class QueryMemory(QueryError):
    """A query ran out of its memory limit (or crashed its worker) and was stopped."""


class Busy(QueryError):
    """Every worker stayed busy for as long as a caller may wait."""


class Cancelled(QueryError):
    """The caller went away; its query was stopped."""


def _serve_jobs(conn: Connection, graph: str, memory_mb: int) -> None:
    """A worker's life: limit memory, load the graph, answer jobs until the pipe closes."""
    import resource

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    on_disk = Path(graph).is_dir()  # an on-disk store: RocksDB reserves address space for its threads
    if not on_disk:
        limit = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from policykg.sparql import query

    try:
        store = query.load(Path(graph))
        if on_disk:  # what the store reserved when it opened, plus what a query may use
            limit = _address_space() + (memory_mb << 20)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except PolicyKGError as err:
        conn.send(("error", type(err).__name__, err.message, err.path))
        return
    except MemoryError:
        conn.send(("error", "InputError", f"the graph does not fit in {memory_mb} MB "
                   "(raise --memory)", graph))
        return
    _quiet_stderr()  # Rust prints a backtrace when an allocation fails; the caller says it in one line
    conn.send(("ready",))
    while True:
        try:
            job, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", job(store, *args)))
        except PolicyKGError as err:
            conn.send(("error", type(err).__name__, err.message, err.path))
        except MemoryError:
            conn.send(("error", "QueryMemory", _memory_message(memory_mb), None))
        except Exception as err:  # noqa: BLE001 (the store's own errors: one line to the caller)
            conn.send(("error", "QueryError", f"query failed: {' '.join(str(err).split())[:300]}", None))


def _quiet_stderr() -> None:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 2)
    os.close(fd)


def _address_space() -> int:
    """This process's virtual memory size in bytes (VmSize)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) << 10
    return 0


def _memory_message(memory_mb: int) -> str:
    return f"the query needed more than the memory limit ({memory_mb} MB) and was stopped"


class _Worker:
    def __init__(self, ctx: Any, graph: str, memory_mb: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve_jobs, args=(child, graph, memory_mb), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise InputError("the query worker did not start in time")
        try:
            answer = self.conn.recv()
        except EOFError:
            self.kill()
            raise InputError(f"the query worker stopped while loading the graph (exit "
                             f"{self.proc.exitcode}); if the graph is large, raise --memory") from None
        if answer[0] == "error":
            self.kill()
            raise InputError(answer[2], answer[3])

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """``size`` query workers over one graph file; ``run`` sends a job to a free one."""

    def __init__(self, graph: Path, size: int = 1, timeout: float = 30.0, memory_mb: int = 1024,
                 wait: float | None = None, respawn: bool = True) -> None:
        self.graph, self.timeout, self.memory_mb = str(graph), timeout, memory_mb
        self.respawn = respawn  # replace a worker that was stopped (False: a one-query pool)
        self.wait = timeout if wait is None else wait  # how long a job may wait for a worker
        # A server forks from threads, which is unsafe: its workers start afresh (spawn). A
        # one-query pool in a single-threaded command forks, which saves the imports.
        forkable = (not respawn and threading.active_count() == 1
                    and "fork" in multiprocessing.get_all_start_methods())
        self._ctx = multiprocessing.get_context("fork" if forkable else "spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        try:
            started = [self._start() for _ in range(max(1, size))]  # they load in parallel
            for worker in started:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self.graph, self.memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; a fresh one loads the graph in the background meanwhile."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed or not self.respawn:
                return
        threading.Thread(target=self._respawn, daemon=True).start()

    def _respawn(self) -> None:
        try:
            worker = self._start()
            worker.wait_ready()
        except PolicyKGError:
            return  # the graph loaded once; a failing reload leaves the pool one worker short
        with self._lock:
            closed = self._closed
        if closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def run(self, job: Callable[..., Any], *args: Any,
            cancelled: Callable[[], bool] | None = None) -> Any:
        """``job(store, *args)`` in a worker; its result, or a QueryError."""
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise Busy(f"every query worker is busy (waited {self.wait:g} s); try again") from None
        try:
            try:
                worker.conn.send((job, args))
            except (OSError, ValueError):  # it died while idle (the system's OOM killer)
                raise QueryError("a query worker had stopped; a fresh one is starting, "
                                 "try again") from None
            answer = self._await(worker, cancelled)
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        if answer[0] == "ok":
            return answer[1]
        _, kind, message, path = answer
        raise {"QueryMemory": QueryMemory, "InputError": InputError}.get(kind, QueryError)(message, path)

    def _await(self, worker: _Worker, cancelled: Callable[[], bool] | None) -> Any:
        deadline = time.monotonic() + self.timeout
        while not worker.conn.poll(POLL):
            if not worker.proc.is_alive():
                break
            if time.monotonic() > deadline:
                raise QueryTimeout(f"the query ran past the time limit ({self.timeout:g} s) "
                                   "and was stopped")
            if cancelled is not None and cancelled():
                raise Cancelled("the client went away; the query was stopped")
        try:
            return worker.conn.recv()
        except (EOFError, OSError):
            worker.proc.join(5)
            code = worker.proc.exitcode
            if code in (-signal.SIGABRT, -signal.SIGKILL, 1):
                raise QueryMemory(_memory_message(self.memory_mb)) from None
            raise QueryMemory(f"the query stopped its worker (exit {code}); "
                              "the endpoint goes on") from None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1

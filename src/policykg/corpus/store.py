"""Per-document results on disk: the cache that makes rebuilds incremental, and the spool
the exporters read back one document at a time.

A part is pickled under a key made of the file's bytes, its document id and path, the
options and a fingerprint of policykg itself (its version and the bytes of its code and
lexicons), so any change to one of them misses. The cache lives in ``.policykg-cache/``
inside the output folder; without it (``--no-cache``) the parts go to a temporary spool
that is removed at the end. Entries the last build did not use are pruned, so the cache
holds one build's worth.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import struct
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from policykg.corpus.work import FRAGMENT_KINDS, Part, Task
from policykg.errors import OutputError
from policykg.common import nogc

CACHE_DIR = ".policykg-cache"
FORMAT = 7  # of the part files; bump when Part or the file changes shape


@cache
def fingerprint() -> str:
    """policykg's version and a digest of its own code and data files (rules, lexicons,
    page assets): computed once per process, so a changed rule misses the cache even
    where the version string stays the same."""
    import policykg

    return tree_digest(Path(policykg.__file__).parent, f"{policykg.__version__}\x1f{FORMAT}")


def tree_digest(folder: Path, salt: str = "") -> str:
    """A digest of every file under ``folder`` (names and bytes; compiled caches left out)."""
    h = hashlib.sha256(salt.encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(folder).as_posix().encode() + b"\x1f")
            h.update(path.read_bytes())
            h.update(b"\x1e")
    return h.hexdigest()


def task_key(task: Task) -> str:
    h = hashlib.sha256()
    for piece in (fingerprint(), task.doc_id, task.path, repr(task.min_score),
                  repr(task.max_unpacked)):
        h.update(piece.encode("utf-8", "surrogatepass") + b"\x1f")
    h.update(task.data)
    return h.hexdigest()


class Store:
    """Parts on disk under ``folder``, one file each, named by key.

    A file holds a part in pieces: ``part`` (the slim result), ``summary`` and one piece
    per fragment kind, behind an index of where each starts, so a writer reads only the
    piece it needs (one file per document: a corpus of thousands costs few file
    operations). A piece is pickled, or kept as it is when it is ``bytes`` (a document's
    Turtle or report section: ``packed.pack``), so a writer reads those bytes and writes
    them, with no copy made by unpickling them."""

    def __init__(self, folder: Path | None, *, read: bool = True) -> None:
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="policykg-spool-")) if folder is None else Path(folder)
        self.existed = self.temporary or self.folder.exists()
        # a cache made by this build holds nothing to read back (no file looked for)
        self.read = read and not self.temporary and self.existed
        self.used: set[str] = set()

    def get(self, key: str, kinds: tuple[str, ...] = ()) -> Summary | Part | None:
        """What the store has of ``key``: its ``Summary`` (or the failed ``Part``) when it
        has every fragment of ``kinds``; the ``Part`` without fragments when it lacks
        some (render them and ``put`` it back); None when nothing is there."""
        if not self.read:
            return None
        try:
            fd = os.open(_file(self.folder, key), os.O_RDONLY)
            try:
                index, base = _index(fd)
                at, size, _ = index["summary" if all(k in index for k in kinds) else "part"]
                found = pickle.loads(os.pread(fd, size, base + at))
            finally:
                os.close(fd)
        except (OSError, KeyError, struct.error, pickle.UnpicklingError, EOFError,
                AttributeError, ImportError, TypeError, ValueError):
            return None  # absent, or written by another version: build it again
        self.used.add(key)
        if isinstance(found, Summary):
            found.offsets = _offsets(index, base)
        return found if isinstance(found, Summary | Part) else None

    def put(self, key: str, part: Part) -> Summary | Part:
        """Keep ``part`` (with the fragments kept before of kinds it lacks); its ``Summary``
        (the part itself when the file failed)."""
        found = put(self.folder, self.read, key, part)
        self.used.add(key)
        return found

    def load(self, key: str, what: str = "part") -> Any:
        blob, raw = _read_pieces(_file(self.folder, key), (what,))[what]
        return blob if raw else pickle.loads(blob)

    def fragment(self, s: Summary, kind: str) -> Any:
        """``load(s.key, kind)`` in one read, where ``s.offsets`` says the file holds it
        (a writer reads one fragment of each of thousands of files: not their indexes)."""
        if kind not in s.offsets:
            return self.load(s.key, kind)
        at, size, raw = s.offsets[kind]
        fd = os.open(_file(self.folder, s.key), os.O_RDONLY)
        try:
            blob = os.pread(fd, size, at)
        finally:
            os.close(fd)
        return blob if raw else pickle.loads(blob)

    def close(self, keep: bool = True) -> None:
        """Remove a temporary spool; prune a cache of what this build did not use (remove
        it whole when this build made it and ``keep`` is false: nothing was built)."""
        if self.temporary or (not keep and not self.existed):
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                if f.name.endswith(".tmp") or f.name.split(".")[0] not in self.used:
                    f.unlink(missing_ok=True)


_HEAD = struct.Struct("<I")  # the length of a file's index


def put(folder: Path, merge: bool, key: str, part: Part) -> Summary | Part:
    """``Store.put`` for a process that shares the store's disk (a worker): writes the
    part's file, merged with the fragments kept before when ``merge``."""
    summary = Summary.of(key, part) if part.result is not None else part
    pieces = {"part": Part(part.doc_id, part.path, part.failure, part.result, part.info),
              "summary": summary, **part.fragments}
    # pickle keeps what it has written alive to the end (its memo): the collector's
    # passes over it doubled the time of a long document's part (common.nogc)
    with nogc.paused():
        blobs = {what: _blob(value) for what, value in pieces.items()}
    path = _path(folder, key)
    if merge and part.result is not None:
        try:
            blobs = {**_read_pieces(path, FRAGMENT_KINDS), **blobs}
        except (OSError, KeyError, struct.error, pickle.UnpicklingError, EOFError, ValueError):
            pass
    index, at = {}, 0
    for what, (blob, raw) in blobs.items():
        index[what] = (at, len(blob), raw)
        at += len(blob)
    head = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    _write(path, [_HEAD.pack(len(head)), head, *(blob for blob, _ in blobs.values())])
    if isinstance(summary, Summary):
        summary.offsets = _offsets(index, _HEAD.size + len(head))
    return summary


def _blob(value: Any) -> tuple[bytes, bool]:
    """A piece as the file keeps it, and whether it is raw (``bytes`` as they are)."""
    if type(value) is bytes:
        return value, True
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), False


@dataclass(frozen=True)
class Job:
    """A document for a worker that shares the store's disk: it writes its part itself and
    sends back only the ``Summary``, so the part is pickled once, not sent and pickled again."""

    task: Task
    key: str
    folder: str
    merge: bool  # keep the fragments a cache held before (Store.read)


def run_and_put(job: Job) -> Summary | Part:
    from policykg.corpus import work

    return put(Path(job.folder), job.merge, job.key, work.run(job.task))


def _path(folder: Path | str, key: str) -> Path:
    return Path(_file(folder, key))


def _file(folder: Path | str, key: str) -> str:
    return f"{folder}{os.sep}{key[:2]}{os.sep}{key}.pickle"


_PROBE = 4096  # bytes read first: the index's length and the index, in one read


def _index(fd: int) -> tuple[dict[str, tuple[int, int, bool]], int]:
    """The index of the part file open as ``fd``, and where its pieces start. Read with
    ``os.pread`` on the bare descriptor: a writer reads one piece of each of thousands
    of files, and a Python file object (its buffer, its checks) cost more than the reads."""
    head = os.pread(fd, _PROBE, 0)
    base = _HEAD.size + _HEAD.unpack_from(head)[0]
    if base > len(head):
        head = os.pread(fd, base, 0)
    return pickle.loads(head[_HEAD.size:base]), base


def _offsets(index: dict[str, tuple[int, int, bool]], base: int
             ) -> dict[str, tuple[int, int, bool]]:
    """Where a file holds its fragments (``Summary.offsets``), from its index."""
    return {what: (base + at, size, raw) for what, (at, size, raw) in index.items()
            if what in FRAGMENT_KINDS}


def _read_pieces(path: Path | str, whats: Iterable[str]) -> dict[str, tuple[bytes, bool]]:
    """The pieces ``whats`` that the part file at ``path`` has, each with whether it is
    raw (not pickled)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        index, base = _index(fd)
        found = {}
        for what in whats:
            if what in index:
                at, size, raw = index[what]
                found[what] = os.pread(fd, size, base + at), raw
        return found
    finally:
        os.close(fd)


def _write(path: Path, chunks: list[bytes]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            fh = open(tmp, "wb")
        except FileNotFoundError:  # its folder is made the first time (of 256) it is needed
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(tmp, "wb")
        with fh:
            fh.writelines(chunks)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write the cache: {err.strerror or err}", str(path)) from err


@dataclass
class Summary:
    """What a build keeps in memory of one document: counts, notes, where its part is."""

    doc_id: str
    path: str
    key: str
    warnings: tuple[str, ...] = ()
    # by type, as plain dicts: each writer's process unpickles a corpus's thousands of
    # summaries, and a Counter is made again by a call of Counter(dict), in Python
    node_counts: dict[str, int] = field(default_factory=dict)
    edge_counts: dict[str, int] = field(default_factory=dict)
    prefix: str | None = None  # what its node ids start with, before the "/"
    info: dict[str, Any] = field(default_factory=dict)
    reports: int = 1  # how many reports the file held
    # graph.html: the sizes of its tiles in the force and the columns layouts (None
    # without nodes), its count of partOf edges, and the nodes it may have labelled
    # first (corpus_layout.Candidate), dropped once the corpus has taken them in
    tile: tuple[float, float, float, float] | None = None
    part_of: int = 0
    top: tuple = ()
    # where its file holds each fragment: kind → (offset, size, raw), set as the file is
    # written or read (the summary kept in the file cannot hold them)
    offsets: dict[str, tuple[int, int, bool]] = field(default_factory=dict, compare=False,
                                                       repr=False)

    @classmethod
    def of(cls, key: str, part: Part) -> Summary:
        r = part.result
        assert r is not None
        prefixes = {n.id.split("/", 1)[0] for n in r.nodes}
        page = part.fragments.get("graph")
        laid = page["layout"] if page else None
        tile = (laid["force"][1], laid["force"][2], laid["columns"][1], laid["columns"][2]) \
            if laid else None
        return cls(part.doc_id, part.path, key, r.warnings,
                   dict(Counter(str(n.type) for n in r.nodes)),
                   dict(Counter(str(e.type) for e in r.edges)),
                   min(prefixes) if prefixes else None, part.info,
                   1 + max((n.report for n in r.nodes), default=0), tile,
                   len(page["partOf"]) if page else 0, tuple(laid["top"]) if laid else ())


class Corpus:
    """The documents of a build, in document-id order, read back one at a time."""

    def __init__(self, store: Store, summaries: list[Summary], top: list | None = None) -> None:
        self.store = store
        self.summaries = sorted(summaries, key=lambda s: s.doc_id)
        self.top = top or []  # graph.html: the corpus's most connected nodes (corpus_layout)
        self._graph = None

    @property
    def documents(self) -> list[dict[str, Any]]:
        return [s.info for s in self.summaries]

    @cached_property
    def node_counts(self) -> Counter:
        return total_counts(s.node_counts for s in self.summaries)

    @cached_property
    def edge_counts(self) -> Counter:
        return total_counts(s.edge_counts for s in self.summaries)

    def fragments(self, kind: str, summaries: list[Summary] | None = None) -> Iterator[Any]:
        """Each document's fragment of ``kind``, in document-id order (or ``summaries``')."""
        for s in self.summaries if summaries is None else summaries:
            yield self.store.fragment(s, kind)

    def id_groups(self) -> list[list[Summary]]:
        """Documents grouped so that every node id of a group sorts after those of the
        groups before it: by the id's prefix (the document's slug). Slugs hold no "/",
        so "slug/" orders the ids as they would be sorted all together; documents that
        share a slug (a/b and a-b) share a group."""
        groups: dict[str, list[Summary]] = {}
        for s in self.summaries:
            if s.prefix is not None:
                groups.setdefault(s.prefix, []).append(s)
        return [groups[p] for p in sorted(groups, key=lambda p: p + "/")]

    def graph(self):
        """The whole graph in memory, for the formats that cannot be written in pieces."""
        if self._graph is None:
            from policykg.export import graph

            results = [self.store.load(s.key).result for s in self.summaries]
            self._graph = graph.build(results, documents=self.documents)
        return self._graph


def total_counts(counts: Iterable[dict[str, int]]) -> Counter:
    """Summaries' counts added up, as ``sum(map(Counter, counts), Counter())`` gives them
    (the same keys in the same order: every count is positive), in a plain dict: not a
    new Counter for each addition, nor ``Counter.update``'s checks for each of thousands
    of documents."""
    total: dict[str, int] = {}
    for c in counts:
        for k, n in c.items():
            total[k] = total.get(k, 0) + n
    return Counter(total)

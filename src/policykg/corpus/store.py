"""Per-document results on disk: the cache that makes rebuilds incremental, and the spool
the exporters read back one document at a time.

A part is pickled under a key made of the file's bytes, its document id and path, the
options and a fingerprint of policykg itself (its version and the bytes of its code and
lexicons), so any change to one of them misses. The cache lives in ``.policykg-cache/``
inside the output folder; without it (``--no-cache``) the parts go to a temporary spool
that is removed at the end.

Parts are appended to pack files, one per process that writes them (``packs/``), and an
index (``index.pickle``, written once at the end of a build) says where each key's pieces
lie: one file created per worker, not per document (creating a file costs this machine's
file system up to a millisecond of CPU, a tenth of a document's work), and a writer reads
a piece with one ``pread``. Entries the last build did not use leave the index; a pack none
of its entries uses is removed, and packs mostly dead, or too many, are compacted, so the
cache holds about one build's worth. A build killed before the index is written leaves the
old index, whose packs it never touched.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import struct
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from policykg.corpus.work import FRAGMENT_KINDS, Part, Task
from policykg.errors import OutputError
from policykg.common import nogc

CACHE_DIR = ".policykg-cache"
FORMAT = 9  # of the packs and the index; bump when Part or their layout changes shape
PACKS, INDEX = "packs", "index.pickle"

class Pieces(Mapping[str, tuple[int, int, bool]]):
    """Where a part's pieces lie in its pack: piece → (offset, size, raw), read only.

    Held as the pieces' names (one tuple a process for each set of names) and their
    numbers packed in one ``bytes``: a build keeps one per document, in its own process
    and in each writer's, and a dict of tuples of Python ints took a kilobyte of each."""

    __slots__ = ("names", "packed")

    def __init__(self, found: dict[str, tuple[int, int, bool]] | None = None, *,
                 names: tuple[str, ...] = (), packed: bytes = b"") -> None:
        if found is not None:
            names = tuple(found)
            packed = _layout(len(names)).pack(*(x for where in found.values() for x in where))
        shared = _NAMES.get(names)
        if shared is None:
            shared = _NAMES[names] = tuple(map(sys.intern, names))
        self.names, self.packed = shared, packed

    def __getitem__(self, name: str) -> tuple[int, int, bool]:
        try:
            i = self.names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return _PIECE.unpack_from(self.packed, i * _PIECE.size)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        return f"Pieces({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _pieces, (self.names, self.packed)


def _pieces(names: tuple[str, ...], packed: bytes) -> Pieces:
    return Pieces(names=names, packed=packed)


_PIECE = struct.Struct("<QQ?")  # offset, size, raw
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}  # each set of names once a process


@cache
def _layout(n: int) -> struct.Struct:
    return struct.Struct("<" + "QQ?" * n)


# Where a key's pieces lie: its pack's file name, and its pieces there.
Entry = tuple[str, Pieces]


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
    """Parts on disk under ``folder``: their pieces in pack files, found by key through
    the index.

    A part is kept in pieces: ``part`` (the slim result), ``summary`` and one piece per
    fragment kind, so a writer reads only the piece it needs. A piece is pickled, or kept
    as it is when it is ``bytes`` (a document's Turtle or report section:
    ``packed.pack``), so a writer reads those bytes and writes them, with no copy made by
    unpickling them."""

    def __init__(self, folder: Path | None, *, read: bool = True) -> None:
        self.temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="policykg-spool-")) if folder is None else Path(folder)
        self.existed = self.temporary or self.folder.exists()
        # a cache made by this build holds nothing to read back (no file looked for)
        self.read = read and not self.temporary and self.existed
        self.entries: dict[str, Entry] = _read_index(self.folder) if self.read else {}
        self.used: set[str] = set()
        self._fds: dict[str, int] = {}  # the packs open for reading, by name

    def __getstate__(self) -> dict[str, Any]:
        """What a writer in another process needs: where the packs are (each summary says
        where its pieces lie), not the index, the keys used or open descriptors."""
        return {**self.__dict__, "entries": {}, "used": set(), "_fds": {}}

    def get(self, key: str, kinds: tuple[str, ...] = ()) -> Summary | Part | None:
        """What the store has of ``key``: its ``Summary`` (or the failed ``Part``) when it
        has every fragment of ``kinds``; the ``Part`` without fragments when it lacks
        some (render them and ``put`` it back); None when nothing is there."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        pack, pieces = entry
        try:
            at, size, _ = pieces["summary" if all(k in pieces for k in kinds) else "part"]
            found = pickle.loads(self._pread(pack, size, at))
        except (OSError, KeyError, pickle.UnpicklingError, EOFError, AttributeError,
                ImportError, TypeError, ValueError):
            return None  # lost, or written by another version: build it again
        if not isinstance(found, Summary | Part):
            return None
        self.used.add(key)
        if isinstance(found, Summary):
            found.pack, found.offsets = pack, pieces
        return found

    def put(self, key: str, part: Part) -> Summary | Part:
        """Keep ``part`` (with the fragments kept before of kinds it lacks); its ``Summary``
        (the part itself when the file failed)."""
        kept = {}
        if key in self.entries and part.result is not None:
            pack, pieces = self.entries[key]
            try:
                kept = {what: (self._pread(pack, size, at), raw)
                        for what, (at, size, raw) in pieces.items() if what in FRAGMENT_KINDS}
            except OSError:
                kept = {}
        found, entry = put(self.folder, key, part, kept)
        self.keep(key, entry)
        return found

    def keep(self, key: str, entry: Entry) -> None:
        """Take in where a worker put ``key``'s part (``run_and_put``)."""
        self.entries[key] = entry
        self.used.add(key)

    def load(self, key: str, what: str = "part") -> Any:
        pack, pieces = self.entries[key]
        return self._piece(pack, pieces[what])

    def fragment(self, s: Summary, kind: str) -> Any:
        """The piece ``kind`` of ``s``'s part (a fragment, or ``part``), in one read:
        ``s.offsets`` says where its pack holds it."""
        return self._piece(s.pack, s.offsets[kind])

    def _piece(self, pack: str, where: tuple[int, int, bool]) -> Any:
        at, size, raw = where
        blob = self._pread(pack, size, at)
        return blob if raw else pickle.loads(blob)

    def _pread(self, pack: str, size: int, at: int) -> bytes:
        fd = self._fds.get(pack)
        if fd is None:
            fd = self._fds[pack] = os.open(os.path.join(self.folder, PACKS, pack), os.O_RDONLY)
        blob = os.pread(fd, size, at)
        if len(blob) != size:
            raise OSError(f"{pack} is shorter than its index says")
        return blob

    def close(self, keep: bool = True) -> None:
        """Remove a temporary spool; keep the index of what this build used and prune
        the packs (remove the cache whole when this build made it and ``keep`` is false:
        nothing was built)."""
        _close_writer(self.folder)
        try:
            self._keep_used(keep)
        finally:
            for fd in self._fds.values():
                os.close(fd)
            self._fds = {}

    def _keep_used(self, keep: bool) -> None:
        if self.temporary or (not keep and not self.existed):
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        if not self.folder.is_dir():
            return
        live = {key: self.entries[key] for key in sorted(self.used) if key in self.entries}
        try:
            live = _compacted(self.folder, live, self._pread)
            _write_index(self.folder, live)
            _prune(self.folder, {pack for pack, _ in live.values()})
        except OSError as err:
            raise OutputError(f"cannot write the cache: {err.strerror or err}",
                              str(self.folder)) from err


def put(folder: Path, key: str, part: Part, kept: dict[str, tuple[bytes, bool]] | None = None
        ) -> tuple[Summary | Part, Entry]:
    """Append ``part`` (with the fragments ``kept`` before, of kinds it lacks) to this
    process's pack in ``folder``: its ``Summary`` (the part itself when the file failed)
    and where its pieces lie."""
    summary = Summary.of(key, part) if part.result is not None else part
    pieces = {"part": Part(part.doc_id, part.path, part.failure, part.result, part.info),
              "summary": summary, **part.fragments}
    # pickle keeps what it has written alive to the end (its memo): the collector's
    # passes over it doubled the time of a long document's part (common.nogc)
    with nogc.paused():
        blobs = {**(kept or {}), **{what: _blob(value) for what, value in pieces.items()}}
    writer = _writer(folder)
    entry = writer.name, writer.append(blobs)
    if isinstance(summary, Summary):
        summary.pack, summary.offsets = entry
    return summary, entry


def _blob(value: Any) -> tuple[bytes, bool]:
    """A piece as the pack keeps it, and whether it is raw (``bytes`` as they are)."""
    if type(value) is bytes:
        return value, True
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), False


@dataclass(frozen=True)
class Job:
    """A document for a worker that shares the store's disk: it appends its part to its own
    pack and sends back only the ``Summary`` and where the part lies, so the part is pickled
    once, not sent and pickled again."""

    task: Task
    key: str
    folder: str


def run_and_put(job: Job) -> tuple[Summary | Part, Entry]:
    from policykg.corpus import work

    return put(Path(job.folder), job.key, work.run(job.task))


class _Writer:
    """This process's pack in one store: created on its first part, appended to with one
    ``writev`` a part (unbuffered: a writer in another process reads it at once)."""

    def __init__(self, folder: Path) -> None:
        packs = Path(folder, PACKS)
        packs.mkdir(parents=True, exist_ok=True)
        self.pid = os.getpid()
        self.name = f"{self.pid}-{os.urandom(6).hex()}.pack"
        self.path = packs / self.name
        try:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o666)
        except OSError as err:
            raise OutputError(f"cannot write the cache: {err.strerror or err}", str(self.path)) from err
        self.size = 0

    def append(self, blobs: dict[str, tuple[bytes, bool]]) -> Pieces:
        pieces, at = {}, self.size
        for what, (blob, raw) in blobs.items():
            pieces[what] = (at, len(blob), raw)
            at += len(blob)
        chunks = [blob for blob, _ in blobs.values()]
        try:
            written = os.writev(self.fd, chunks)
            if written < at - self.size:  # (a short write: a full disk, or a signal)
                os.write(self.fd, b"".join(chunks)[written:])
        except OSError as err:
            raise OutputError(f"cannot write the cache: {err.strerror or err}", str(self.path)) from err
        self.size = at
        return Pieces(pieces)

    def close(self) -> None:
        os.close(self.fd)


_WRITERS: dict[str, _Writer] = {}  # this process's packs, by store folder


def _writer(folder: Path | str) -> _Writer:
    writer = _WRITERS.get(str(folder))
    if writer is None or writer.pid != os.getpid():  # (a forked child makes its own)
        writer = _WRITERS[str(folder)] = _Writer(Path(folder))
    return writer


def _close_writer(folder: Path | str) -> None:
    writer = _WRITERS.pop(str(folder), None)
    if writer is not None and writer.pid == os.getpid():
        writer.close()


def _read_index(folder: Path) -> dict[str, Entry]:
    """The index of the cache in ``folder``; empty when it has none this version reads."""
    try:
        with open(folder / INDEX, "rb") as fh:
            found = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return {}
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return {}
    return found["entries"]


def _write_index(folder: Path, entries: dict[str, Entry]) -> None:
    tmp = folder / f".{INDEX}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        pickle.dump({"format": FORMAT, "entries": entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / INDEX)


def _prune(folder: Path, packs: set[str]) -> None:
    """Remove the packs no entry of the index uses, and what an older cache left (its
    folders of one file per part, temporary files)."""
    for sub in folder.iterdir():
        if sub.name == PACKS:
            for f in sub.iterdir():
                if f.name not in packs:
                    f.unlink(missing_ok=True)
        elif sub.is_dir():
            shutil.rmtree(sub, ignore_errors=True)  # FORMAT 7 kept a file per part
        elif sub.name != INDEX:
            sub.unlink(missing_ok=True)


MAX_PACKS = 32  # more, and the small ones are copied into one


def _compacted(folder: Path, live: dict[str, Entry], read: Callable[[str, int, int], bytes]
               ) -> dict[str, Entry]:
    """``live`` after copying the pieces of mostly dead or small packs into a new pack,
    when the dead bytes outweigh the live ones or the packs are too many (rebuilds of
    a few files add one small pack each); the old packs go with ``_prune``. ``read(pack,
    size, offset)`` reads a piece (``Store._pread``)."""
    used: Counter = Counter()
    for pack, pieces in live.values():
        used[pack] += sum(size for _, size, _ in pieces.values())
    sizes = {pack: _size(folder / PACKS / pack) for pack in used}
    total, dead = sum(sizes.values()), sum(sizes.values()) - sum(used.values())
    if dead <= sum(used.values()) and len(sizes) <= MAX_PACKS:
        return live
    mostly_dead = {p for p in sizes if used[p] < sizes[p] / 2}
    worth = mostly_dead | {p for p in sizes if sizes[p] < total / (2 * MAX_PACKS)}
    if len(worth) < 2 and not mostly_dead:
        return live
    writer = _Writer(folder)
    moved = dict(live)
    try:
        for key, (pack, pieces) in live.items():
            if pack in worth:
                blobs = {what: (read(pack, size, at), raw)
                         for what, (at, size, raw) in pieces.items()}
                moved[key] = writer.name, writer.append(blobs)
    finally:
        writer.close()
    return moved


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass(slots=True)  # (no __dict__: a build keeps one per document, in several processes)
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
    # the pack that holds its part, and where it holds each piece (part, summary, each
    # fragment): piece → (offset, size, raw), set as the part is written or read (the
    # summary kept in the pack cannot hold them)
    pack: str = field(default="", compare=False, repr=False)
    offsets: Pieces = field(default_factory=Pieces, compare=False, repr=False)

    def __reduce__(self) -> tuple[type[Summary], tuple[Any, ...]]:
        """Pickled as its fields' values, made again by one call: a writer's process
        unpickles a corpus's thousands of summaries (registry.write_part), and setting
        each attribute from a dict of them, name by name, cost a third more."""
        return Summary, _FIELD_VALUES(self)

    def share(self) -> None:
        """Hold the strings every summary repeats (the keys of its counts and of ``info``;
        its script, encoding and format) once a process, and ``info``'s id and path as
        the summary's own: each summary comes from a pickle of its own, with copies of
        them all (a fifth of what a build keeps of a document, in this process and in each
        writer's, which unpickles the summaries as one pickle, shared objects shared)."""
        for counts in (self.node_counts, self.edge_counts):
            _intern_keys(counts)
        info = self.info
        _intern_keys(info)
        for name in ("script", "encoding", "format"):
            value = info.get(name)
            if type(value) is str:
                info[name] = sys.intern(value)
        if info.get("id") == self.doc_id:
            info["id"] = self.doc_id
        if info.get("path") == self.path:
            info["path"] = self.path

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


_FIELD_VALUES = attrgetter(*(f.name for f in fields(Summary)))


def _intern_keys(d: dict[str, Any]) -> None:
    """``d`` with its keys interned (``sys.intern``), in place and in the same order."""
    if d and not all(sys.intern(k) is k for k in d):
        items = [(sys.intern(k), v) for k, v in d.items()]
        d.clear()
        d.update(items)


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

            results = [self.store.fragment(s, "part").result for s in self.summaries]
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

"""Ingest: paths the user gave → files → ``Document`` values (text, normalised copy, script).

Only this stage (and export) touches the file system. ``discover`` turns the paths into
the list of files to read; ``load`` reads one file into a ``Document``. Offsets in every
later stage are indices into ``Document.text``: the decoded file with newlines as
Python's universal-newline reading gives them and a leading BOM dropped, so a UTF-8
file's offsets are those of ``Path.read_text(encoding="utf-8")`` on a file without BOM.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policykg.read.decoding import Decoded, decode, decode_text, newlines
from policykg.errors import InputError
from policykg.read.htmltext import read_html
from policykg.models import Document
from policykg.read.normalise import detect_script, normalise
from policykg.read.readers import check_unpacked_size, read_docx, read_pdf

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DEFAULT_MAX_SIZE_MB",
    "DEFAULT_MAX_UNPACKED_MB",
    "Discovery",
    "Limits",
    "decode",
    "detect_script",
    "discover",
    "document_id",
    "load",
    "load_bytes",
    "read_bytes",
    "newlines",
    "normalise",
    "unique_ids",
]

# suffix → Document.format
_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
SUPPORTED_SUFFIXES = frozenset(_FORMATS)

_READERS: dict[str, Callable[[bytes, str], Decoded]] = {"docx": read_docx, "pdf": read_pdf, "html": read_html}


MB = 1 << 20
DEFAULT_MAX_SIZE_MB = 100  # the largest file read
# The most a .docx's XML may unpack to: a long report's is a few MB, while python-docx took
# 108 s and 740 MB to read a 350 KB .docx whose XML unpacks to 100 MB.
DEFAULT_MAX_UNPACKED_MB = 32


@dataclass(frozen=True)
class Limits:
    """What one input may cost: bytes read from one file, bytes a .docx's XML unpacks to."""

    max_file: int = DEFAULT_MAX_SIZE_MB * MB
    max_unpacked: int = DEFAULT_MAX_UNPACKED_MB * MB

    @classmethod
    def megabytes(cls, size: float | None = None, unpacked: float | None = None) -> Limits:
        """Limits in MB; None keeps a default."""
        return cls(int((size or DEFAULT_MAX_SIZE_MB) * MB),
                   int((unpacked or DEFAULT_MAX_UNPACKED_MB) * MB))


@dataclass(frozen=True)
class Discovery:
    """The files to read, each with the root its document id is relative to."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in a folder with another suffix
    # A distinct document id per file: load(file, root, doc_id=ids[file]). It is the
    # usual id, except where two files would share one (报告.txt and 报告.docx side by side).
    ids: dict[Path, str] = field(default_factory=dict)
    # Paths that could not be read (an unreadable folder, a FIFO, a broken link, a file
    # over the size limit), each with its reason: reported as failures (exit 1).
    problems: list[tuple[Path, str]] = field(default_factory=list)
    # Paths left out on purpose, with the reason (a link loop, the output folder,
    # policykg's own output pages): reported, not failures.
    notes: list[tuple[Path, str]] = field(default_factory=list)


def discover(paths: Sequence[str | Path], exclude: Sequence[str | Path] = (),
             limits: Limits | None = None, *,
             on_file: Callable[[int], None] | None = None) -> Discovery:
    """Expand files and folders (recursively) into ``(file, root)`` pairs, sorted, unique.

    A file given directly is read whatever its suffix (unknown suffixes as text: users
    keep reports as ``notes.report``); its root is its folder. Inside a folder only the
    supported suffixes are read; hidden files and folders, and Word's ``~$`` lock files,
    are left out, other files are listed in ``skipped``. Links are followed; a link back
    to a folder being walked is a loop, noted and not followed. Only regular files are
    read (a FIFO or a device is never opened); files larger than ``limits.max_file``, and
    folders or files that cannot be read, are ``problems``. Paths under ``exclude`` (the
    output folder) and pages policykg wrote are ``notes``. Raises InputError for a missing
    path and for a folder with nothing in it to read or report. ``on_file(size)`` is called
    with each file's size as the walk finds it (before the sorting, in no set order): the
    caller may start work the input's size calls for while the walk goes on.
    """
    walk = _Walk(tuple(os.path.realpath(p) for p in exclude), limits or Limits(), on_file)
    for given in paths:
        walk.given(Path(given))
    entries = sorted(walk.found.values(), key=lambda e: (_posix(str(e[0])), _posix(str(e[1]))))
    files = [(Path(path) if isinstance(path, str) else path, root) for path, root, _ in entries]
    by_path = lambda pairs: sorted(pairs, key=lambda pair: pair[0].as_posix())  # noqa: E731
    return Discovery(files=files, skipped=sorted(map(Path, walk.skipped), key=Path.as_posix),
                     ids=_unique(files, [relative for _, _, relative in entries]),
                     problems=by_path(walk.problems), notes=by_path(walk.notes))


class _Walk:
    """One discovery: what was found, skipped, refused and left out, so far.

    Folders are walked with string paths (a ``Path`` made for each of thousands of files
    cost a build most of its discovery): ``found`` maps a file's real path to its path
    (a string, or the ``Path`` given), its root and its path relative to the root."""

    def __init__(self, exclude: tuple[str, ...], limits: Limits,
                 on_found: Callable[[int], None] | None = None) -> None:
        self.exclude, self.limits, self.on_found = exclude, limits, on_found
        self.found: dict[str, tuple[str | Path, Path, str]] = {}
        self.skipped: set[str] = set()
        self.problems: list[tuple[Path, str]] = []
        self.notes: list[tuple[Path, str]] = []
        self.seen_dirs: set[tuple[int, int]] = set()
        self.considered = 0  # documents, problems and notes met (a folder given twice counts twice)

    def given(self, path: Path) -> None:
        try:
            st = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                self.problems.append((path, "broken link (its target does not exist)"))
                return
            raise InputError("no such file or folder", str(path)) from None
        except OSError as err:
            self.problems.append((path, _os_reason(err, path)))
            return
        if self._excluded(path):
            return
        if stat.S_ISDIR(st.st_mode):
            before = self.considered
            self._folder(str(path), (path, len(_prefix(str(path)))), frozenset())
            if self.considered == before:
                raise InputError("no readable documents in this folder", str(path))
        else:
            self._file(path, (path.parent, -1), st)

    def _excluded(self, path: str | Path, real: str | None = None) -> bool:
        """Whether ``path`` (whose real path is ``real``, found when None) is under an
        excluded folder; noted if so."""
        real = os.path.realpath(path) if real is None else real
        for out in self.exclude:
            if real == out or real.startswith(out.rstrip(os.sep) + os.sep):
                self.notes.append((Path(path), "inside the output folder; not read"))
                return True
        return False

    def _folder(self, folder: str, root: tuple[Path, int],
                ancestors: frozenset[tuple[int, int]]) -> None:
        """Walk ``folder`` under ``root`` (the folder given, and the length of the prefix
        its files' paths share: what document ids are relative to)."""
        try:
            st = os.stat(folder)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            self.problems.append((Path(folder), f"cannot read folder: {err.strerror or err}"))
            self.considered += 1
            return
        key = (st.st_dev, st.st_ino)
        self.seen_dirs.add(key)
        ancestors = ancestors | {key}
        prefix, here = _prefix(folder), os.path.realpath(folder)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")):
                continue
            path = prefix + name  # what Path(folder, name) would print
            # the real path of an entry that is no link is the folder's, with its name
            real = None if entry.is_symlink() else os.path.join(here, name)
            try:
                est = entry.stat()  # follows links
            except OSError as err:
                self.problems.append((Path(path), _os_reason(err, Path(path))))
                self.considered += 1
                continue
            if stat.S_ISDIR(est.st_mode):
                sub = (est.st_dev, est.st_ino)
                if sub in ancestors:
                    self.notes.append((Path(path), "link loop (a link back to a folder above it); "
                                                   "not followed"))
                    self.considered += 1
                elif sub not in self.seen_dirs and not self._excluded(path, real):
                    self._folder(path, root, ancestors)
            elif _suffix(name).lower() not in SUPPORTED_SUFFIXES:
                self.skipped.add(path)
            else:
                real = os.path.realpath(path) if real is None else real
                if not self._excluded(path, real):
                    self._file(path, root, est, real)

    def _file(self, path: str | Path, root: tuple[Path, int], st: os.stat_result,
              real: str | None = None) -> None:
        """A file found under ``root`` (its folder and prefix length; -1 for a file given
        directly, whose id is its name)."""
        self.considered += 1
        if not stat.S_ISREG(st.st_mode):
            self.problems.append((Path(path), f"not a regular file ({_kind(st.st_mode)}); not opened"))
        elif st.st_size > self.limits.max_file:
            self.problems.append((Path(path), _too_large(st.st_size, self.limits.max_file)))
        elif _own_page(path):
            self.notes.append((Path(path), "a page policykg wrote (graph.html, report.html); not read"))
        else:
            real = os.path.realpath(path) if real is None else real
            if real not in self.found:
                folder, cut = root
                relative = os.path.basename(path) if cut < 0 else str(path)[cut:]
                self.found[real] = (path, folder, _posix(relative))
                if self.on_found is not None:
                    self.on_found(st.st_size)


def _prefix(folder: str) -> str:
    """What ``str(Path(folder, name))`` puts before ``name``: nothing for ``.``."""
    if folder == os.curdir:
        return ""
    return folder if folder.endswith(os.sep) else folder + os.sep


def _posix(path: str) -> str:
    """``PurePath.as_posix`` of a path printed by ``str(Path)``."""
    return path if os.sep == "/" else path.replace(os.sep, "/")


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``: from the last dot, unless the name starts or ends there."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _os_reason(err: OSError, path: Path) -> str:
    if err.errno == errno.ELOOP:
        return "link loop (the link points back to itself); not followed"
    if isinstance(err, FileNotFoundError) and path.is_symlink():
        return "broken link (its target does not exist)"
    return f"cannot read: {err.strerror or err}"


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def _too_large(size: int, limit: int) -> str:
    return (f"too large ({size / MB:.1f} MB; the limit is {limit / MB:g} MB, "
            "change it with --max-size)")


_OWN_PAGE = re.compile(rb'<meta name="generator" content="policykg"')


def _own_page(path: str | Path) -> bool:
    """A graph.html or report.html policykg wrote (read back, it would feed the graph its
    own labels)."""
    if _suffix(os.path.basename(path)).lower() not in {".html", ".htm"}:
        return False
    try:
        with open(path, "rb") as fh:
            return bool(_OWN_PAGE.search(fh.read(4096)))
    except OSError:
        return False  # load() reports it


def unique_ids(files: Sequence[tuple[Path, Path]]) -> dict[Path, str]:
    """Distinct document ids for ``(file, root)`` pairs, in their (sorted) order.

    Files that would share an id keep their suffix when that tells them apart (报告.txt,
    报告.docx); otherwise (the same name in two folders given directly) the first keeps
    the id and the others get -2, -3 ...
    """
    return _unique(files, [document_id(file, root, keep_suffix=True) for file, root in files])


def _unique(files: Sequence[tuple[Path, Path]], relatives: Sequence[str]) -> dict[Path, str]:
    """``unique_ids`` of files whose paths relative to their roots (POSIX style, with their
    suffixes) are known."""
    groups: dict[str, list[tuple[Path, str]]] = {}
    for (file, _), relative in zip(files, relatives, strict=True):
        groups.setdefault(_without_suffix(relative), []).append((file, relative))
    ids: dict[Path, str] = {}
    for plain, group in groups.items():
        if len(group) == 1:
            ids[group[0][0]] = plain
        elif len({relative for _, relative in group}) == len(group):
            ids.update(group)
        else:
            ids.update((file, plain if n == 1 else f"{plain}-{n}") for n, (file, _) in enumerate(group, 1))
    taken: set[str] = set()
    for file, _ in files:  # a numbered id may equal another file's own id (报告-2.txt)
        base, n = ids[file], 1
        while ids[file] in taken:
            n += 1
            ids[file] = f"{base}~{n}"
        taken.add(ids[file])
    return ids


def load(path: Path, root: Path | None = None, *, doc_id: str | None = None,
         limits: Limits | None = None) -> Document:
    """Read one file into a Document; raises InputError and its subclasses.

    The id is ``doc_id`` when given (``Discovery.ids``), else ``document_id(path, root)``.
    Only a regular file is read, and only up to ``limits`` (the defaults when None).
    """
    path = Path(path)
    limits = limits or Limits()
    return load_bytes(read_bytes(path, limits.max_file), path, root, doc_id=doc_id, limits=limits)


def load_bytes(data: bytes, path: Path, root: Path | None = None, *,
               doc_id: str | None = None, limits: Limits | None = None) -> Document:
    """``load`` of bytes already read from ``path`` (a worker that cannot see the file)."""
    limits = limits or Limits()
    if not data.strip():
        raise InputError("empty file", str(path))
    fmt = _format(path, data)
    decoded = _extract(fmt, data, str(path), limits)
    if not decoded.text.strip():
        raise InputError("empty file (only whitespace)", str(path))
    text = decoded.text
    return Document(
        id=doc_id if doc_id is not None else document_id(path, root),
        path=str(path),
        text=text,
        norm=normalise(text),
        script=detect_script(text),
        encoding=decoded.encoding,
        format=fmt,
        warnings=decoded.warnings,
    )


def document_id(path: Path, root: Path | None = None, *, keep_suffix: bool = False) -> str:
    """The path relative to ``root`` without its suffix, POSIX style; the stem without a root."""
    # A file not under root (given beside a folder) falls back to its name.
    relative = Path(path.name)
    if root is not None:
        try:
            relative = path.relative_to(root)
        except ValueError:
            pass
    return relative.as_posix() if keep_suffix else _without_suffix(relative.as_posix())


def _without_suffix(relative: str) -> str:
    """A POSIX path without the suffix of its last part (``PurePath.with_suffix("")``)."""
    name = relative.rpartition("/")[2]
    suffix = _suffix(name)
    return relative[:-len(suffix)] if suffix else relative


def read_bytes(path: Path, limit: int = DEFAULT_MAX_SIZE_MB * MB) -> bytes:
    """The file's bytes; refuses what is not a regular file (checked on the open file, and
    opened without blocking, so a FIFO never hangs) and what is larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"not a regular file ({_kind(st.st_mode)}); not read", str(path))
            if st.st_size > limit:
                raise InputError(_too_large(st.st_size, limit), str(path))
            # as much as it says it holds (asking for limit + 1 bytes has Python allocate
            # them, 100 MB a file), then the rest if it grew or reports no size (/proc)
            data = fh.read(min(st.st_size, limit) + 1)
            if len(data) > st.st_size:
                data += fh.read(limit + 1 - len(data))
        if len(data) > limit:
            raise InputError(_too_large(max(st.st_size, len(data)), limit), str(path))
        return data
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", str(path)) from None


def _format(path: Path, data: bytes) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    # A file given directly with another suffix: a renamed PDF or Word file is still read
    # as one; everything else as plain text.
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return "docx"
    return "txt"


def _extract(fmt: str, data: bytes, path: str, limits: Limits) -> Decoded:
    reader = _READERS.get(fmt)
    if reader is None:
        return decode_text(data, path)
    if fmt == "docx":
        check_unpacked_size(data, path, limits.max_unpacked)
    extracted = reader(data, path)
    text, warnings = extracted.text, extracted.warnings
    if "\ufffd" in text and not any("U+FFFD" in w for w in warnings):
        warnings = (*warnings, f"{text.count(chr(0xFFFD))} replacement character(s) U+FFFD in the text")
    return Decoded(text, extracted.encoding, warnings)

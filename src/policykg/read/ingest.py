"""Ingest: paths the user gave → files → ``Document`` values (text, normalised copy, script).

Only this stage (and export) touches the file system. ``discover`` turns the paths into
the list of files to read; ``load`` reads one file into a ``Document``. Offsets in every
later stage are indices into ``Document.text``: the decoded file with newlines as
Python's universal-newline reading gives them and a leading BOM dropped, so a UTF-8
file's offsets are those of ``Path.read_text(encoding="utf-8")`` on a file without BOM.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policykg.read.decoding import Decoded, decode, decode_text, newlines
from policykg.errors import InputError
from policykg.read.htmltext import read_html
from policykg.models import Document
from policykg.read.normalise import detect_script, normalise
from policykg.read.readers import read_docx, read_pdf

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Discovery",
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


@dataclass(frozen=True)
class Discovery:
    """The files to read, each with the root its document id is relative to."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in a folder with another suffix
    # A distinct document id per file: load(file, root, doc_id=ids[file]). It is the
    # usual id, except where two files would share one (报告.txt and 报告.docx side by side).
    ids: dict[Path, str] = field(default_factory=dict)


def discover(paths: Sequence[str | Path]) -> Discovery:
    """Expand files and folders (recursively) into ``(file, root)`` pairs, sorted, unique.

    A file given directly is read whatever its suffix (unknown suffixes as text: users
    keep reports as ``notes.report``); its root is its folder. Inside a folder only the
    supported suffixes are read; hidden files and folders, and Word's ``~$`` lock files,
    are left out, other files are listed in ``skipped``. Raises InputError for a missing
    path and for a folder with no document to read.
    """
    found: dict[Path, tuple[Path, Path]] = {}
    skipped: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            documents, others = _walk(path)
            if not documents:
                raise InputError("no readable documents in this folder", str(path))
            for file in documents:
                found.setdefault(file.resolve(), (file, path))
            skipped.update(others)
        elif path.is_file():
            found.setdefault(path.resolve(), (path, path.parent))
        elif path.exists():
            raise InputError("not a file or a folder", str(path))
        else:
            raise InputError("no such file or folder", str(path))
    files = sorted(found.values(), key=lambda pair: (pair[0].as_posix(), pair[1].as_posix()))
    return Discovery(files=files, skipped=sorted(skipped, key=Path.as_posix), ids=unique_ids(files))


def unique_ids(files: Sequence[tuple[Path, Path]]) -> dict[Path, str]:
    """Distinct document ids for ``(file, root)`` pairs, in their (sorted) order.

    Files that would share an id keep their suffix when that tells them apart (报告.txt,
    报告.docx); otherwise (the same name in two folders given directly) the first keeps
    the id and the others get -2, -3 ...
    """
    groups: dict[str, list[tuple[Path, Path]]] = {}
    for file, root in files:
        groups.setdefault(document_id(file, root), []).append((file, root))
    ids: dict[Path, str] = {}
    for plain, group in groups.items():
        suffixed = [document_id(file, root, keep_suffix=True) for file, root in group]
        if len(group) > 1 and len(set(suffixed)) == len(group):
            ids.update((file, doc_id) for (file, _), doc_id in zip(group, suffixed, strict=True))
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


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    documents: list[Path] = []
    others: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            file = Path(dirpath, name)
            (documents if file.suffix.lower() in SUPPORTED_SUFFIXES else others).append(file)
    return documents, others


def load(path: Path, root: Path | None = None, *, doc_id: str | None = None) -> Document:
    """Read one file into a Document; raises InputError and its subclasses.

    The id is ``doc_id`` when given (``Discovery.ids``), else ``document_id(path, root)``.
    """
    path = Path(path)
    return load_bytes(read_bytes(path), path, root, doc_id=doc_id)


def load_bytes(data: bytes, path: Path, root: Path | None = None, *,
               doc_id: str | None = None) -> Document:
    """``load`` of bytes already read from ``path`` (a worker that cannot see the file)."""
    if not data.strip():
        raise InputError("empty file", str(path))
    fmt = _format(path, data)
    decoded = _extract(fmt, data, str(path))
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
    relative = path.relative_to(root) if root is not None and path.is_relative_to(root) else Path(path.name)
    return (relative if keep_suffix else relative.with_suffix("")).as_posix()


def read_bytes(path: Path) -> bytes:
    """The file's bytes; InputError when it cannot be read."""
    try:
        return path.read_bytes()
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


def _extract(fmt: str, data: bytes, path: str) -> Decoded:
    reader = _READERS.get(fmt)
    if reader is None:
        return decode_text(data, path)
    extracted = reader(data, path)
    text, warnings = extracted.text, extracted.warnings
    if "\ufffd" in text and not any("U+FFFD" in w for w in warnings):
        warnings = (*warnings, f"{text.count(chr(0xFFFD))} replacement character(s) U+FFFD in the text")
    return Decoded(text, extracted.encoding, warnings)

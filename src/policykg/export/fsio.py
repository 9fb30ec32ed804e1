"""File output helpers: every output file is written atomically (temp file + rename), and
the files of one build change as a set (``OutputSet``)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policykg.errors import OutputError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(f"cannot write: {err.strerror or err}", str(path)) from err


WRITE_BUFFER = 1 << 20  # a binary output's buffer: large files in few writes


def append_spill(fh: Any, spill: Any) -> None:
    """Append the whole of ``spill`` (a binary temporary file) to ``fh`` (a binary file
    being written in order): copied by the kernel (``os.copy_file_range``), not read
    into Python's bytes and written back, which for a corpus's page copied its tens of
    megabytes of nodes twice more; ``shutil.copyfileobj`` where the kernel cannot."""
    fh.flush()
    spill.flush()
    size, at = os.fstat(spill.fileno()).st_size, 0
    try:
        while at < size:
            n = os.copy_file_range(spill.fileno(), fh.fileno(), size - at, at)
            if n <= 0:
                break
            at += n
    except (OSError, AttributeError):  # (another file system, or no such call)
        pass
    fh.seek(0, os.SEEK_END)  # where the kernel's copy left the file, for the writes after it
    if at < size:
        spill.seek(at)
        shutil.copyfileobj(spill, fh)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def atomic_writer(path: Path, binary: bool = False) -> Iterator[Any]:
    """A text file (UTF-8; ``binary``: a file of bytes) written in pieces that appears
    at ``path`` only once complete."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"cannot write: {err.strerror or err}", str(path)) from err
    try:
        with (os.fdopen(fd, "wb", buffering=WRITE_BUFFER) if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {err.strerror or err}", str(path)) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- a set of output files that changes as a whole ------------------------------------------------
STAGING = ".policykg-staging-"  # staging folders: ".<out>.policykg-staging-*" beside --out, or inside it
_COMMITTED = ".committed"  # in a staging folder: every file is written, moving them in has begun
_REPLACED = ".replaced"  # in a staging folder: the old versions of the files moved in


class BusyError(OutputError):
    """Another build is writing into the same output folder."""


class OutputSet:
    """Build outputs into a staging folder and move them into ``out`` only when all are written.

    ``open()`` (or ``with``) creates ``out``, takes an exclusive lock on it (a second build
    into the same folder is refused at once, with a clear message), finishes or removes
    what a crashed build left (staging folders, temporary files), and creates the staging
    folder, which also proves ``out`` writable before any work is done. Writers write into
    ``path``; ``commit(names)`` then marks the set complete and moves each file into ``out``
    (a few renames, no copying). A build killed during those renames is completed by the
    next build into ``out``; a build that fails or is killed earlier leaves ``out`` as it was.
    Files keep the mode of the file they replace; new files get 0666 less the umask.
    Closing without ``commit`` discards the staging folder. The lock goes with the process.
    """

    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))
        self.path: Path | None = None
        self._lock_fd: int | None = None
        self._created = self._committed = False
        self._removing: threading.Thread | None = None

    def __enter__(self) -> OutputSet:
        if self.path is None:
            self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> OutputSet:
        out = self.out
        self._created = not out.exists()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"cannot create the output folder: {err.strerror or err}", str(out)) from err
        self._lock()
        try:
            if not os.access(out, os.W_OK | os.X_OK):
                raise OutputError("cannot write into the output folder: permission denied", str(out))
            for stale in self._staging_folders():
                _finish_or_discard(stale, out)
            _remove_stale_temporaries(out)
            self.path = self._make_staging()
        except BaseException:
            self.close()
            raise
        return self

    def _lock(self) -> None:
        import fcntl

        try:
            fd = os.open(self.out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as err:
            raise OutputError(f"cannot open the output folder: {err.strerror or err}",
                              str(self.out)) from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BusyError("another policykg build is writing into this folder; "
                            "wait for it to finish or choose another --out", str(self.out)) from None
        except OSError:
            pass  # a file system without locks (some network mounts): build unlocked
        self._lock_fd = fd

    def _staging_folders(self) -> list[Path]:
        beside = sorted(self.out.parent.glob(f".{_glob_escape(self.out.name)}{STAGING}*"))
        inside = sorted(self.out.glob(f"{STAGING}*"))
        return [p for p in beside + inside if p.is_dir() and not p.is_symlink()]

    def _make_staging(self) -> Path:
        """Beside ``out`` when its parent is writable and on the same file system (renames
        into ``out`` are then atomic), else inside ``out`` (hidden, never read as input)."""
        parent = self.out.parent
        try:
            same_fs = parent.stat().st_dev == self.out.stat().st_dev
        except OSError:
            same_fs = False
        where, prefix = ((parent, f".{self.out.name}{STAGING}")
                         if same_fs and os.access(parent, os.W_OK | os.X_OK) else (self.out, STAGING))
        try:
            return Path(tempfile.mkdtemp(prefix=prefix, dir=where))
        except OSError as err:
            raise OutputError(f"cannot write beside or into the output folder: "
                              f"{err.strerror or err}", str(self.out)) from err

    def commit(self, names: list[str]) -> list[Path]:
        """Move the staged files ``names`` into ``out``; the paths written."""
        if self.path is None:
            raise OutputError("the output set is not open", str(self.out))
        staging, out = self.path, self.out
        try:
            for name in names:
                _keep_mode(staging / name, out / name)
            with open(staging / _COMMITTED, "w", encoding="utf-8") as fh:
                fh.write("\n".join(names) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            _move_in(staging, out, remove=False)
            self._committed = True
        except OSError as err:
            raise OutputError(f"cannot move the new files in: {err.strerror or err}", str(out)) from err
        # The old versions go with the staging folder: freeing their pages takes a while
        # (about 30 ms per 100 MB), done meanwhile the build closes its workers and cache.
        self._removing = threading.Thread(target=shutil.rmtree, args=(staging, True),
                                          name="policykg-old-outputs")
        self._removing.start()
        return [out / name for name in names]

    def close(self) -> None:
        if self._removing is not None:
            self._removing.join()
            self._removing = None
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
        if self._lock_fd is not None:
            if self._created and not self._committed:
                with contextlib.suppress(OSError):
                    self.out.rmdir()  # a failed first build leaves no empty folder behind
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None


def _keep_mode(new: Path, old: Path) -> None:
    try:
        mode = stat.S_IMODE(old.stat().st_mode)
    except FileNotFoundError:
        return  # a new file keeps 0666 less the umask (atomic_write_bytes)
    os.chmod(new, mode)


def _move_in(staging: Path, out: Path, *, remove: bool = True) -> None:
    """Move the committed files into ``out``, each file's old version first moved aside
    into ``staging`` (removed with it): a rename over an existing file has ext4 write the
    new file out before the rename returns (auto_da_alloc), about 50 ms per 100 MB, while
    a rename to a free name returns at once. Each step leaves what the next build's
    ``_finish_or_discard`` completes: a file still staged is moved in, whether or not its
    old version was moved aside (``out`` lacks that file only between the two renames).
    ``remove``: the staging folder too (else the caller removes it)."""
    names = (staging / _COMMITTED).read_text("utf-8").split()
    replaced = staging / _REPLACED
    replaced.mkdir(exist_ok=True)
    for name in names:
        if (staging / name).exists():
            _move_aside(out / name, replaced / name)
            try:
                os.replace(staging / name, out / name)
            except OSError:
                if (replaced / name).exists():  # the old one back, as os.replace would leave it
                    os.replace(replaced / name, out / name)
                raise
    if remove:
        shutil.rmtree(staging, ignore_errors=True)


def _move_aside(old: Path, aside: Path) -> None:
    """``old`` moved to ``aside``, if there; a folder in the way stays (and stops the commit:
    it would be removed with the staging folder)."""
    try:
        if stat.S_ISDIR(os.lstat(old).st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(old))
    except FileNotFoundError:
        return
    os.rename(old, aside)


def _finish_or_discard(staging: Path, out: Path) -> None:
    """A staging folder left by a killed build: finish moving a complete set in, else drop it."""
    try:
        if (staging / _COMMITTED).is_file():
            _move_in(staging, out)
            return
    except OSError:
        pass
    shutil.rmtree(staging, ignore_errors=True)


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z")  # atomic_write_bytes' mkstemp names


def _remove_stale_temporaries(out: Path) -> None:
    for path in out.glob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)

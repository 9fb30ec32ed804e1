"""Tables made once from large data files and kept in the temporary folder, so that a new
process (a worker's start: a rebuild's critical path) reads them back with ``marshal``
instead of making them again.

A table is named by what it was made from (a ``key`` the caller gives: the files' sizes
and modification times, as Python keys its own ``.pyc`` files) and by the code of the
function that made it (its constants hold its patterns: a changed function is another
table). A table that cannot be read is made again; one that cannot be written is not kept.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from types import CodeType
from typing import Any


def path(name: str, key: bytes, make: Callable[..., Any], folder: str | None = None) -> str:
    """Where the table ``name`` made by ``make`` from what ``key`` names is kept."""
    digest = hashlib.blake2b(key + _code_key(make.__code__), digest_size=12).hexdigest()
    return os.path.join(folder or tempfile.gettempdir(), f"policykg.{name}.{digest}.cache")


def _code_key(code: CodeType) -> bytes:
    """A function's instructions and constants, those of the functions and comprehensions
    inside it too (the repr of a code object holds its address, another in each process)."""
    parts = [code.co_code]
    for const in code.co_consts:
        parts.append(_code_key(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\0".join(parts)


def file_key(*paths: str) -> bytes:
    """A key of files' names, sizes and modification times."""
    parts = []
    for p in paths:
        st = os.stat(p)
        parts.append(f"{p}\0{st.st_size}\0{st.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8")


def read(where: str, kind: type) -> Any:
    """The table kept at ``where`` if it is a ``kind``, else None."""
    try:
        with open(where, "rb") as f:
            table = marshal.loads(f.read())
    except Exception:  # any failure to read it: the table is made again
        return None
    return table if isinstance(table, kind) else None


def kept(where: str, kind: type, make: Callable[[], Any]) -> Any:
    """The table kept at ``where`` (a ``kind``), else ``make()``'s, kept there for the
    next process."""
    table = read(where, kind)
    if table is None:
        table = make()
        write(where, table)
    return table


def write(where: str, table: Any) -> None:
    """Keep ``table`` at ``where`` whole (a temporary file renamed over it) or not at all."""
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(where), prefix=".policykg.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(table))
        os.replace(tmp, where)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass

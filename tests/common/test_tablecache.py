"""policykg.common.tablecache names a table by its key and by the code that makes it, the
same name in every process."""

from __future__ import annotations

import subprocess
import sys

from policykg.common import tablecache


def _squares(n: int) -> dict[int, int]:
    return {i: i * i for i in range(n)}  # (a comprehension: a code object among the constants)


def _cubes(n: int) -> dict[int, int]:
    return {i: i * i * i for i in range(n)}


def test_a_table_is_named_by_its_key_and_its_code(tmp_path) -> None:
    a = tablecache.path("t", b"key", _squares, str(tmp_path))
    assert a == tablecache.path("t", b"key", _squares, str(tmp_path))
    assert a != tablecache.path("t", b"other", _squares, str(tmp_path))
    assert a != tablecache.path("t", b"key", _cubes, str(tmp_path))


def test_the_name_is_the_same_in_another_process(tmp_path) -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import test_tablecache as t; "
            "print(t.tablecache.path('t', b'key', t._squares, sys.argv[2]))")
    here = str(__import__("pathlib").Path(__file__).parent)
    out = subprocess.run([sys.executable, "-c", code, here, str(tmp_path)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == tablecache.path("t", b"key", _squares, str(tmp_path))


def test_kept_tables_are_read_back_and_bad_ones_refused(tmp_path) -> None:
    where = tablecache.path("t", b"key", _squares, str(tmp_path))
    assert tablecache.read(where, dict) is None  # not kept yet
    tablecache.write(where, _squares(4))
    assert tablecache.read(where, dict) == _squares(4)
    assert tablecache.read(where, frozenset) is None  # not what it should be
    (tmp_path / where).write_bytes(b"not marshal")
    assert tablecache.read(where, dict) is None


def test_file_key_changes_with_the_file(tmp_path) -> None:
    f = tmp_path / "data.txt"
    f.write_text("a")
    before = tablecache.file_key(str(f))
    f.write_text("ab")
    assert tablecache.file_key(str(f)) != before

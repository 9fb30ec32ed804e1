"""Output files change as a set: staging, lock, crash recovery, modes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policykg.errors import OutputError
from policykg.export import fsio
from policykg.export.fsio import STAGING, BusyError, OutputSet, atomic_write_text


def _leftovers(out: Path) -> list[str]:
    beside = [p.name for p in out.parent.iterdir() if STAGING in p.name]
    inside = [p.name for p in out.iterdir() if p.name.startswith(".")]
    return sorted(beside + inside)


def test_files_appear_only_at_commit(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out) as staged:
        atomic_write_text(staged.path / "a.txt", "new a")
        atomic_write_text(staged.path / "b.txt", "new b")
        assert not (out / "a.txt").exists()  # nothing moves in before every file is written
        written = staged.commit(["a.txt", "b.txt"])
    assert written == [out / "a.txt", out / "b.txt"]
    assert (out / "b.txt").read_text() == "new b"
    assert _leftovers(out) == []


def test_without_commit_the_old_set_stays(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old")
    with pytest.raises(RuntimeError), OutputSet(out) as staged:
        atomic_write_text(staged.path / "a.txt", "new")
        raise RuntimeError("an export failed")
    assert (out / "a.txt").read_text() == "old"
    assert _leftovers(out) == []


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    out = tmp_path / "out"
    with OutputSet(out):
        with pytest.raises(BusyError, match="another policykg build is writing into this folder"):
            OutputSet(out).open()
    with OutputSet(out):  # free again once the first is done
        pass


def test_an_unwritable_output_is_found_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        OutputSet(blocker / "out").open()


def test_modes_of_replaced_files_are_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old")
    (out / "a.txt").chmod(0o600)
    old = os.umask(0o022)
    try:
        with OutputSet(out) as staged:
            atomic_write_text(staged.path / "a.txt", "new")
            atomic_write_text(staged.path / "b.txt", "new")
            staged.commit(["a.txt", "b.txt"])
    finally:
        os.umask(old)
    assert (out / "a.txt").stat().st_mode & 0o777 == 0o600
    assert (out / "b.txt").stat().st_mode & 0o777 == 0o644


_CRASH = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from policykg.export import fsio
    out, stage = Path(sys.argv[1]), sys.argv[2]
    staged = fsio.OutputSet(out).open()
    fsio.atomic_write_text(staged.path / "a.txt", "new a")
    fsio.atomic_write_text(staged.path / "b.txt", "new b")
    if stage != "writing":  # the set is complete: moving it in has begun
        (staged.path / fsio._COMMITTED).write_text("a.txt\\nb.txt\\n")
        (staged.path / fsio._REPLACED).mkdir()
        os.replace(out / "a.txt", staged.path / fsio._REPLACED / "a.txt")  # old a moved aside
    if stage == "moving":  # killed after a.txt moved in
        os.replace(staged.path / "a.txt", out / "a.txt")
    (out / ".b.txt.abcd1234.tmp").write_text("half a file")
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.parametrize("stage, a, b", [("writing", "old a", "old b"), ("aside", "new a", "new b"),
                                         ("moving", "new a", "new b")])
def test_the_next_build_cleans_or_completes_what_a_killed_build_left(tmp_path, stage, a, b):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    (out / "b.txt").write_text("old b")
    proc = subprocess.run([sys.executable, "-c", _CRASH, str(out), stage])
    assert proc.returncode == -signal.SIGKILL
    assert _leftovers(out)  # the killed build left its staging folder and a temporary file
    with OutputSet(out):  # the next build: the lock died with the process
        pass
    assert ((out / "a.txt").read_text(), (out / "b.txt").read_text()) == (a, b)
    assert _leftovers(out) == []


def test_a_failed_first_build_leaves_no_empty_folder(tmp_path):
    with OutputSet(tmp_path / "new"):
        pass
    assert not (tmp_path / "new").exists()


def test_no_file_is_renamed_over_another(tmp_path, monkeypatch):
    """A rename over an existing file has ext4 write the new one out first (auto_da_alloc):
    the old version is moved aside, then the new one in."""
    from policykg.export import fsio

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    over: list[str] = []
    rename = os.replace

    def replace(src, dst):
        if os.path.lexists(dst):
            over.append(os.path.basename(dst))
        rename(src, dst)

    with OutputSet(out) as staged:
        atomic_write_text(staged.path / "a.txt", "new a")
        atomic_write_text(staged.path / "b.txt", "new b")
        monkeypatch.setattr(fsio.os, "replace", replace)
        monkeypatch.setattr(fsio.os, "rename", replace)
        staged.commit(["a.txt", "b.txt"])
    assert over == []
    assert ((out / "a.txt").read_text(), (out / "b.txt").read_text()) == ("new a", "new b")
    assert _leftovers(out) == []


def test_a_folder_in_the_way_stops_the_commit_and_stays(tmp_path):
    out = tmp_path / "out"
    (out / "a.txt").mkdir(parents=True)
    (out / "a.txt" / "keep").write_text("mine")
    with OutputSet(out) as staged:
        atomic_write_text(staged.path / "a.txt", "new a")
        with pytest.raises(OutputError, match="cannot move the new files in"):
            staged.commit(["a.txt"])
    assert (out / "a.txt" / "keep").read_text() == "mine"


@pytest.mark.parametrize("kernel", [True, False])
def test_a_spill_file_is_appended_whole_by_the_kernel_or_else_by_copying(tmp_path, monkeypatch, kernel):
    import tempfile

    from policykg.export.fsio import WRITE_BUFFER, append_spill, atomic_writer

    if not kernel:
        def refused(*args):
            raise OSError(18, "Invalid cross-device link")
        monkeypatch.setattr(fsio.os, "copy_file_range", refused)
    body = bytes(range(256)) * 5000
    with atomic_writer(tmp_path / "out.bin", binary=True) as fh, \
            tempfile.TemporaryFile("w+b", buffering=WRITE_BUFFER, dir=tmp_path) as spill:
        fh.write(b"head ")
        spill.write(body)
        append_spill(fh, spill)
        fh.write(b" tail")
    assert (tmp_path / "out.bin").read_bytes() == b"head " + body + b" tail"

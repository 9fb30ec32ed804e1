"""The CLI in-process (click's CliRunner): outputs, summary, exit codes, bad input."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "samples"
REPORT = "一、存在的问题\n1、经费不足。\n二、原因\n1、投入机制不健全。\n三、对策\n1、建立经费保障机制。\n"


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


def test_build_writes_the_default_outputs(run, tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    out = tmp_path / "out"
    res = run("build", tmp_path / "r.txt", "--out", out, "-f", "json", "-f", "csv", "-f", "graphml")
    assert res.exit_code == 0, res.output
    data = json.loads((out / "graph.json").read_text("utf-8"))
    assert {n["type"] for n in data["nodes"]} >= {"Problem", "Cause", "Countermeasure", "Mechanism"}
    assert (out / "nodes.csv").read_text("utf-8-sig").startswith("id,type,label")
    assert "<graphml" in (out / "graph.graphml").read_text("utf-8")
    assert "1 document," in res.output and "Problem" in res.output


def test_build_the_samples(run, tmp_path):
    res = run("build", SAMPLES, "--out", tmp_path, "-f", "json")
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "graph.json").read_text("utf-8"))
    docs = {n["doc"] for n in data["nodes"]}
    assert len(docs) == len(list(SAMPLES.glob("*.txt")))


def test_build_jobs_and_cache_options(run, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("build", SAMPLES, "--out", one, "--jobs", "1", "--no-cache").exit_code == 0
    assert not (one / ".policykg-cache").exists()
    assert run("build", SAMPLES, "--out", two, "-j", "2").exit_code == 0
    assert list((two / ".policykg-cache").rglob("*.pickle"))
    for name in ("graph.json", "graph.ttl", "graph.html", "report.html"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    res = run("build", SAMPLES, "--out", two, "--jobs", "0")
    assert res.exit_code == 2 and "--jobs" in res.output


def test_missing_path_is_one_line_and_exit_2(run, tmp_path):
    res = run("build", tmp_path / "nope.txt", "--out", tmp_path)
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [f"policykg: error: {tmp_path / 'nope.txt'}: no such file or folder"] \
        or "nope.txt" in res.output.strip().splitlines()[-1]
    assert "Traceback" not in res.output


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt"])
def test_unreadable_file_alone_is_an_error(run, tmp_path, name):
    res = run("build", DATA / name, "--out", tmp_path)
    assert res.exit_code == 2
    assert name in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "graph.json").exists()


def test_bad_file_in_a_batch_is_reported_and_the_rest_built(run, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(REPORT, "utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    res = run("build", src, "--out", tmp_path / "out", "-f", "json")
    assert res.exit_code == 1
    assert "broken.pdf" in res.output
    assert (tmp_path / "out" / "graph.json").exists()


def test_encodings_are_read(run, tmp_path):
    res = run("build", DATA / "report-gb18030.txt", DATA / "report-big5.txt",
              DATA / "report-utf16.txt", "--out", tmp_path, "-f", "json")
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "graph.json").read_text("utf-8"))
    assert len({n["doc"] for n in data["nodes"]}) == 3


def test_help_documents_exit_codes(run):
    res = run("build", "--help")
    assert "Exit codes" in res.output


def test_every_command_is_documented(run):
    res = run("--help")
    for name in main.commands:
        assert name in res.output


@pytest.mark.parametrize("value", ["nan", "NaN", "-0.1", "1.01", "inf"])
def test_min_score_outside_0_to_1_or_nan_is_a_usage_error(run, tmp_path, value):
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    res = run("build", tmp_path / "r.txt", "--out", tmp_path / "out", "--min-score", value)
    assert res.exit_code == 2
    assert "--min-score" in res.output
    assert not (tmp_path / "out" / "graph.json").exists()


# --- careless input: nothing sinks a build; outputs change as a set -------------------------------
def _tree(tmp_path, n=3):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"r{i}.txt").write_text(REPORT.replace("经费", f"经费{i}"), "utf-8")
    return src


def _docs(out):
    return sorted({n["doc"] for n in json.loads((out / "graph.json").read_text("utf-8"))["nodes"]})


def test_html_and_text_build_together(run, tmp_path):
    src = _tree(tmp_path)
    (src / "page.html").write_text("<html><body><h2>一、存在的问题</h2><p>（一）服务供给不足。</p>"
                                   "<h2>二、对策</h2><p>（一）加强服务供给。</p></body></html>", "utf-8")
    res = run("build", src, "--out", tmp_path / "out", "-f", "json")
    assert res.exit_code == 0, res.output
    assert "page" in _docs(tmp_path / "out")


def test_a_fifo_among_good_files_is_reported_and_the_rest_built(run, tmp_path):
    src = _tree(tmp_path)
    os.mkfifo(src / "x.txt")
    res = run("build", src, "--out", tmp_path / "out", "-f", "json")
    assert res.exit_code == 1
    assert f"policykg: error: {src / 'x.txt'}: not a regular file (a FIFO); not opened" in res.output
    assert _docs(tmp_path / "out") == ["r0", "r1", "r2"]


def test_a_file_over_max_size_is_reported_and_the_rest_built(run, tmp_path):
    src = _tree(tmp_path)
    (src / "huge.txt").write_text(REPORT * 2000, "utf-8")
    res = run("build", src, "--out", tmp_path / "out", "-f", "json", "--max-size", "0.1")
    assert res.exit_code == 1
    assert "huge.txt: too large" in res.output and "--max-size" in res.output
    assert _docs(tmp_path / "out") == ["r0", "r1", "r2"]


def test_out_inside_the_input_folder_is_never_read_back(run, tmp_path):
    src = _tree(tmp_path)
    out = src / "out"
    counts = []
    for _ in range(3):
        res = run("build", src, "--out", out)  # graph.html, report.html land inside src
        assert res.exit_code == 0, res.output
        counts.append(len(json.loads((out / "graph.json").read_text("utf-8"))["nodes"]))
    assert counts[0] == counts[1] == counts[2]
    assert "inside the output folder; not read" in res.output
    (src / "copy.html").write_bytes((out / "report.html").read_bytes())  # a copied output page
    res = run("build", src, "--out", out)
    assert "a page policykg wrote" in res.output and _docs(out) == ["r0", "r1", "r2"]


def test_a_failing_export_leaves_the_previous_outputs_untouched(run, tmp_path, monkeypatch):
    from policykg.errors import OutputError
    from policykg.export import registry as export

    src, out = _tree(tmp_path), tmp_path / "out"
    assert run("build", src, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "r9.txt").write_text(REPORT.replace("经费", "人才"), "utf-8")

    def broken(g, where):
        raise OutputError("disk full", str(where / "graph.html"))

    monkeypatch.setitem(export.EXPORTERS, "html", export.Exporter("html", ("graph.html",), "", broken))
    res = run("build", src, "--out", out)
    assert res.exit_code == 2 and "disk full" in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # graph.json not replaced
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_concurrent_build_into_the_same_folder_is_refused_before_work(run, tmp_path, monkeypatch):
    from policykg import pipeline
    from policykg.export import fsio

    src, out = _tree(tmp_path), tmp_path / "out"
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("built while locked out"))
    with fsio.OutputSet(out):
        res = run("build", src, "--out", out)
    assert res.exit_code == 2
    assert res.output.strip() == (f"policykg: error: {out}: another policykg build is writing into "
                                  "this folder; wait for it to finish or choose another --out")


def test_an_unwritable_out_is_an_error_before_work(run, tmp_path, monkeypatch):
    from policykg import pipeline

    src = _tree(tmp_path)
    (tmp_path / "file").write_text("x")
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: pytest.fail("built into nowhere"))
    res = run("build", src, "--out", tmp_path / "file" / "out")
    assert res.exit_code == 2
    assert "cannot create the output folder" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_a_build_killed_mid_way_leaves_the_old_set_and_the_next_build_cleans_up(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    src, out = _tree(tmp_path, n=2), tmp_path / "out"
    build = [sys.executable, "-m", "policykg", "build", str(src), "--out", str(out), "-q"]
    subprocess.run(build, check=True)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    for i in range(40):  # a bigger batch, so the kill lands while it is being built
        (src / f"more{i}.txt").write_text(REPORT.replace("经费", f"资金{i}") * 20, "utf-8")
    proc = subprocess.Popen(build)
    staging = []
    for _ in range(200):  # wait until the build has its staging folder, then kill it
        staging = [p for p in tmp_path.iterdir() if ".policykg-staging-" in p.name]
        if staging or proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if proc.returncode == -signal.SIGKILL and staging:
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # the old set, whole
    subprocess.run(build, check=True)  # the next build takes over the folder
    assert not [p for p in tmp_path.iterdir() if ".policykg-staging-" in p.name]
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".policykg-cache"]
    assert len(_docs(out)) == 42


def test_every_hostile_entry_is_named_and_every_good_file_built(run, tmp_path, monkeypatch):
    src = _tree(tmp_path)
    (src / "sub").mkdir()
    (src / "sub" / "loop").symlink_to(src)  # a link loop
    os.mkfifo(src / "x.txt")  # a FIFO that would hang a reader
    (src / "zero.txt").symlink_to("/dev/zero")  # a device that would fill memory
    (src / "locked").mkdir()
    (src / "locked" / "secret.txt").write_text(REPORT, "utf-8")
    (src / "locked").chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the folder fail as it would for a user
        real = os.scandir
        monkeypatch.setattr(os, "scandir", lambda p=".": real(p) if isinstance(p, int) or Path(p).name != "locked"
                            else (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    try:
        res = run("build", src, "--out", tmp_path / "out", "-f", "json")
    finally:
        (src / "locked").chmod(0o755)
    assert res.exit_code == 1
    errors = sorted(line for line in res.output.splitlines() if line.startswith("policykg: error:"))
    assert errors == [
        f"policykg: error: {src / 'locked'}: cannot read folder: Permission denied",
        f"policykg: error: {src / 'x.txt'}: not a regular file (a FIFO); not opened",
        f"policykg: error: {src / 'zero.txt'}: not a regular file (a character device); not opened",
    ]
    assert f"skipped: {src / 'sub' / 'loop'}: link loop" in res.output
    assert _docs(tmp_path / "out") == ["r0", "r1", "r2"]
    assert "Traceback" not in res.output


def test_a_docx_bomb_is_refused_by_its_declared_size_and_the_rest_built(run, tmp_path):
    import zipfile

    src = _tree(tmp_path)
    para = "<w:p><w:r><w:t>一、存在的问题。</w:t></w:r></w:p>".encode()
    with zipfile.ZipFile(src / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document><w:body>" + para * 40000 + b"</w:body></w:document>")
    assert (src / "bomb.docx").stat().st_size < 50_000  # 2.2 MB of XML
    res = run("build", src, "--out", tmp_path / "out", "-f", "json", "--max-unpacked", "1")
    assert res.exit_code == 1
    assert (f"policykg: error: {src / 'bomb.docx'}: too large unpacked (2.2 MB of XML; the limit "
            "is 1 MB, change it with --max-unpacked)") in res.output
    assert _docs(tmp_path / "out") == ["r0", "r1", "r2"]


def test_a_broken_html_install_fails_the_html_file_only(run, tmp_path, monkeypatch):
    import sys

    src = _tree(tmp_path)
    (src / "page.html").write_text("<html><body><p>一、存在的问题</p></body></html>", "utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails, as without lxml_html_clean
    # --jobs 1: the documents are read in this process, where the import is broken
    res = run("build", src, "--out", tmp_path / "out", "-f", "json", "--jobs", "1")
    assert res.exit_code == 1
    assert f"policykg: error: {src / 'page.html'}: cannot read .html: " in res.output
    assert "reinstall policykg" in res.output and "Traceback" not in res.output
    assert _docs(tmp_path / "out") == ["r0", "r1", "r2"]

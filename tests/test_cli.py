"""The CLI in-process (click's CliRunner): outputs, summary, exit codes, bad input."""

import json
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
    assert (out / "nodes.csv").read_text("utf-8").startswith("id,type,label")
    assert "<graphml" in (out / "graph.graphml").read_text("utf-8")
    assert "1 document(s)" in res.output and "Problem" in res.output


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

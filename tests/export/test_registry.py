"""Exporters: every registered format writes its files, atomically and byte-stably."""

from pathlib import Path

import pytest

from policykg.export import registry
from policykg import pipeline

REPORT = "一、存在的问题\n1、经费不足。\n二、原因\n1、投入机制不健全。\n三、对策\n1、建立经费保障机制。\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    (src / "r.txt").write_text(REPORT, "utf-8")
    return pipeline.build([src])[0]


@pytest.mark.parametrize("name", sorted(registry.EXPORTERS))
def test_each_format_writes_its_files_the_same_way_twice(built, tmp_path: Path, name):
    a, b = tmp_path / "a", tmp_path / "b"
    registry.write_all(built, a, (name,))
    registry.write_all(built, b, (name,))
    for filename in registry.EXPORTERS[name].filenames:
        assert (a / filename).stat().st_size > 0
        assert (a / filename).read_bytes() == (b / filename).read_bytes()
    assert not list(a.glob(".*.tmp"))  # no temporary files left behind


def test_csv_keeps_every_node(built, tmp_path: Path):
    registry.write_all(built, tmp_path, ("csv",))
    rows = (tmp_path / "nodes.csv").read_text("utf-8").strip().splitlines()
    assert len(rows) == built.number_of_nodes() + 1


def test_unwritable_output_is_an_output_error(built, tmp_path: Path):
    from policykg.errors import OutputError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        registry.write_all(built, blocker / "out", ("json",))
    assert "out" in str(err.value)


def test_outputs_are_readable_by_others(built, tmp_path: Path):
    import os

    old = os.umask(0o022)
    try:
        registry.write_all(built, tmp_path, ("json",))
    finally:
        os.umask(old)
    assert (tmp_path / "graph.json").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name, filename", [("graphml", "graph.graphml"), ("xml", "graph.rdf")])
def test_xml_formats_stay_well_formed_with_control_characters_and_say_so(built, tmp_path, name,
                                                                          filename):
    from lxml import etree

    g = built.copy()
    node = sorted(g.nodes)[0]
    g.nodes[node]["label"] = "经费\x01不足\x0b"  # XML 1.0 cannot hold these, escaped or not
    notes: list[str] = []
    registry.write_all(g, tmp_path, (name,), notes)
    tree = etree.parse(str(tmp_path / filename))  # raises on a file no XML reader can load
    assert any("经费\ufffd不足\ufffd" == (el.text or "") for el in tree.iter())
    assert len(notes) == 1  # the label may appear more than once (RDF: prefLabel and its quote)
    assert notes[0].startswith(f"{filename}: ")
    assert notes[0].endswith(" control character(s) that XML 1.0 cannot hold replaced by U+FFFD")


def test_other_formats_keep_control_characters_escaped(built, tmp_path):
    import json

    g = built.copy()
    g.nodes[sorted(g.nodes)[0]]["label"] = "经费\x01不足"
    notes: list[str] = []
    registry.write_all(g, tmp_path, ("json", "ttl"), notes)
    assert notes == []
    labels = {n["label"] for n in json.loads((tmp_path / "graph.json").read_text("utf-8"))["nodes"]}
    assert "经费\x01不足" in labels
    assert "\\u0001" in (tmp_path / "graph.ttl").read_text("utf-8")

"""ontology/ and queries/ are found in a checkout and shipped inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policykg.common import assets

ROOT = Path(__file__).resolve().parents[2]


def test_folders_are_found_in_the_checkout():
    assert assets.ontology_path() == ROOT / "ontology" / "policykg.ttl"
    assert assets.shapes_path().is_file()
    assert sorted(p.name for p in assets.queries_dir().glob("*.rq")) == \
        sorted(p.name for p in (ROOT / "queries").glob("*.rq"))


def test_missing_folder_names_where_it_looked():
    with pytest.raises(assets.AssetError, match="nothing-here/ folder"):
        assets.folder("nothing-here")


def test_wheel_ships_ontology_and_queries_as_data_files(tmp_path):
    # an isolated build, as a user's `pip install` does (its backend comes from PyPI)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [whl] = tmp_path.glob("policykg-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    data = next(n.split("/data/")[0] for n in names if ".data/data/" in n) + "/data/share/policykg"
    expected = {f"{data}/ontology/{p.name}" for p in (ROOT / "ontology").glob("*.ttl")}
    expected |= {f"{data}/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    assert expected <= names

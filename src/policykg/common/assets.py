"""Where the shipped data folders ``ontology/`` and ``queries/`` are.

They live at the top of the repository, outside the package, because users read and
edit them as data. Two layouts have to work:

* a source checkout or an editable install: the folders beside ``src/``;
* an installed wheel: ``pyproject.toml`` ships them as data files into
  ``<prefix>/share/policykg/`` (``[tool.setuptools.data-files]``), where ``<prefix>``
  is the environment's data path (or the user scheme's, for ``pip install --user``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import sysconfig
from functools import cache
from pathlib import Path

from policykg.errors import PolicyKGError

SHARE = ("share", "policykg")


class AssetError(PolicyKGError):
    """A shipped data folder (ontology/, queries/) cannot be found."""


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    roots = [here.parents[3]]  # src/policykg/common/assets.py -> the repository root
    data_paths = {sysconfig.get_path("data"), sys.prefix}
    with contextlib.suppress(KeyError):  # no user scheme on this platform
        data_paths.add(sysconfig.get_path("data", f"{os.name}_user"))
    roots += [Path(p).joinpath(*SHARE) for p in sorted(data_paths) if p]
    return roots


@cache
def folder(name: str) -> Path:
    """The first existing ``ontology`` or ``queries`` folder among the known places."""
    for root in _candidates():
        path = root / name
        if path.is_dir() and any(path.iterdir()):
            return path
    raise AssetError(f"the {name}/ folder of policykg is not installed "
                     f"(looked in {', '.join(str(r) for r in _candidates())})")


def ontology_path() -> Path:
    return folder("ontology") / "policykg.ttl"


def shapes_path() -> Path:
    return folder("ontology") / "shapes.ttl"


def queries_dir() -> Path:
    return folder("queries")

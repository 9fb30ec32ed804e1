"""The tree reads as the pipeline: each stage imports only from the stages before it (and
from the shared ``common``, ``cues``, ``models`` and ``errors``), and no module grows past
the size at which it should be split."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policykg"

# Shared foundations first, then the stages in pipeline order, then what drives them.
ORDER = ("errors", "models", "common", "cues", "read", "outline", "extract", "link",
         "export", "sparql", "corpus", "pipeline", "cli", "__init__", "__main__")
STAGES = ("read", "outline", "extract", "link", "export", "sparql")
MAX_LINES = 600


def part(module: str) -> str:
    """The top-level piece of policykg a dotted module name belongs to."""
    return module.split(".")[1] if module.count(".") else "__init__"


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        out.append((".".join(p for p in rel.parts if p != "__init__"), path))
    return out


def imports(path: Path, module: str) -> set[str]:
    """Every policykg module ``path`` imports, at any depth (lazy imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join(module.split(".")[:-node.level] + [node.module])
            if base.startswith("policykg"):
                found.add(base if base != "policykg" else "policykg." + node.names[0].name)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("policykg."))
    return found


@pytest.mark.parametrize("module,path", modules(), ids=[m for m, _ in modules()])
def test_imports_go_backwards_only(module, path):
    rank = ORDER.index(part(module))
    later = sorted(m for m in imports(path, module)  # (policykg.__version__ is the root's)
                   if part(m) in ORDER and ORDER.index(part(m)) > rank)
    assert not later, f"{module} imports from later stages: {later}"


def test_every_stage_is_a_documented_package():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), stage
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{stage}/__init__.py needs a docstring: what comes in and goes out"


def test_no_module_too_long_to_read():
    long = {m: n for m, p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by responsibility: {long}"


def test_the_only_top_level_modules_are_the_drivers():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "cli", "errors", "models", "pipeline"]


def test_lexicons_sit_beside_the_stage_that_reads_them():
    assert not (PACKAGE / "data").exists()
    for folder in PACKAGE.rglob("data"):
        assert (folder.parent / "__init__.py").is_file(), folder

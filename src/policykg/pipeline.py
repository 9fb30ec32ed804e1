"""The pipeline as a library: files in, a graph and a report of what happened out.

read → outline → extract → link → export (each a subpackage of policykg). Only read and
export touch files; one bad file is reported and the others are built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from policykg.extract import items
from policykg.export import graph
from policykg.read import ingest
from policykg.link import linker
from policykg.outline import structure
from policykg.errors import PolicyKGError
from policykg.models import Document, DocumentResult


@dataclass(frozen=True)
class Failure:
    path: str
    message: str


@dataclass
class BuildReport:
    results: list[DocumentResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other kinds in folders
    notes: list[str] = field(default_factory=list)  # "path: why" of paths left out on purpose
    written: list[Path] = field(default_factory=list)

    @property
    def node_counts(self) -> Counter:
        return Counter(str(n.type) for r in self.results for n in r.nodes)

    @property
    def edge_counts(self) -> Counter:
        return Counter(str(e.type) for r in self.results for e in r.edges)

    @property
    def empty(self) -> list[str]:
        """Documents read fine that yielded no node."""
        return [r.document.path for r in self.results if not r.nodes]


def process(doc: Document, min_score: float | None = None) -> DocumentResult:
    """One decoded document through outline, extract and link."""
    outline = structure.outline(doc)
    nodes = items.extract(doc, outline)
    edges = _link(doc, nodes, min_score)
    warnings = list(doc.warnings)
    junk = outline.junk
    if junk:
        chars = sum(ln.end - ln.start for ln in junk)
        warnings.append(f"left out {len(junk)} line(s), {chars} characters of non-report "
                        f"text ({', '.join(sorted({ln.junk for ln in junk}))})")
    if not nodes:
        warnings.append("no report structure recognised (no headings or enumerated items "
                        "of problems, causes or countermeasures)")
    return DocumentResult(doc, nodes, edges, tuple(warnings))


def _link(doc: Document, nodes: tuple, min_score: float | None) -> tuple:
    """Edges of one document; ``None`` takes the linker's default threshold."""
    return linker.link(doc, nodes, min_score=linker.DEFAULT_MIN_SCORE if min_score is None else min_score)


def build(paths: Sequence[str | Path], min_score: float | None = None,
          progress: Callable[[int, int, Path], None] | None = None, *,
          exclude: Sequence[str | Path] = (), limits: ingest.Limits | None = None,
          ) -> tuple[nx.MultiDiGraph, BuildReport]:
    """Read every document under ``paths`` and build one graph.

    Raises InputError only when nothing at all can be read (a missing path, a folder
    without documents); a file that fails is recorded in ``report.failures``.
    ``progress(done, total, path)`` is called before each file is read. Nothing under
    ``exclude`` (the output folder) is read; ``limits`` caps what one file may cost.
    """
    found = ingest.discover(paths, exclude, limits)
    report = BuildReport(skipped=[str(p) for p in found.skipped],
                         failures=[Failure(str(p), why) for p, why in found.problems],
                         notes=[f"{p}: {why}" for p, why in found.notes])
    for done, (path, root) in enumerate(found.files):
        if progress:
            progress(done, len(found.files), path)
        try:
            doc = ingest.load(path, root, doc_id=found.ids.get(path), limits=limits)
            report.results.append(process(doc, min_score))
        except PolicyKGError as err:
            report.failures.append(Failure(str(path), err.message))
    return graph.build(report.results), report

"""The two HTML views of a graph: ``graph.html``, the interactive page (``page``), and
``report.html``, the same graph as plain tables per document (``report``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from policykg.export.fsio import atomic_write_text

if TYPE_CHECKING:  # (annotations only: a build's main process does not load networkx)
    import networkx as nx


def write(g: nx.MultiDiGraph, out_dir: Path) -> None:
    """Write ``graph.html`` and ``report.html`` into ``out_dir`` (atomically)."""
    from policykg.export.html import page, report

    out_dir = Path(out_dir)
    atomic_write_text(out_dir / "graph.html", page.render_graph(g))
    atomic_write_text(out_dir / "report.html", report.render(g))

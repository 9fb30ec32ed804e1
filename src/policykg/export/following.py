"""Corpus writers that take the documents as they come, in document-id order, while the
workers work (``registry.Exporter.follow``): a file made of a fixed head and each
document's fragment, with no count over the corpus in it, needs nothing more. Each gives
the same bytes as its ``export.streamed`` writer. Imported by a build's main process, so
light: what a format needs is imported when its first document comes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from policykg.export.entries import encoded
from policykg.export.fsio import atomic_writer


@contextmanager
def following_ttl(store: Any, out: Path) -> Iterator[Callable[[Any], None]]:
    """graph.ttl: the header, then each document's Turtle, read back from ``store``
    (``streamed.write_ttl``'s bytes). Its rdflib import waits for the first document."""
    with atomic_writer(out / "graph.ttl", binary=True) as fh:
        started = False

        def add(summary: Any) -> None:
            nonlocal started
            if not started:
                fh.write(_turtle_header())
                started = True
            fh.writelines(encoded(store.fragment(summary, "ttl")))

        yield add
        if not started:
            fh.write(_turtle_header())


def _turtle_header() -> bytes:
    from policykg.export import vocab  # (rdflib: imported when the first document comes)

    return vocab.turtle_header().encode("utf-8")

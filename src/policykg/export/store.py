"""A graph kept in a persistent on-disk Oxigraph store (``policykg build --store DIR``).

The store holds exactly the triples of the graph file the build wrote (graph.ttl, else
graph.nt, else graph.json as ``policykg.export.rdf`` writes it); ``policykg query`` and
``policykg serve`` open it where they open a graph file, without parsing or loading
anything, so a large corpus's graph is queried straight from disk.

A store is written into a staging folder beside DIR and moved into place when complete:
an interrupted build leaves the previous store as it was. DIR is replaced only when it is
empty or is itself an Oxigraph store; any other folder is refused.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.errors import InputError, OutputError
from policykg.export import vocab as v

_MARKER = "CURRENT"  # the file every RocksDB (Oxigraph) database folder holds


def is_store(path: Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph store."""
    return Path(path).is_dir() and (Path(path) / _MARKER).is_file()


def open_store(folder: Path) -> Any:
    """The Oxigraph store in ``folder``, opened read-only."""
    import pyoxigraph as ox

    folder = Path(folder)
    if not is_store(folder):
        raise InputError("not an Oxigraph store (write one with policykg build --store)",
                         str(folder))
    try:
        return ox.Store.read_only(str(folder))
    except OSError as err:
        raise InputError(f"cannot open store: {err}", str(folder)) from err


def write(g: nx.MultiDiGraph, folder: Path) -> Path:
    """Write the graph's triples (those of graph.ttl) into a new store at ``folder``."""
    from policykg.export import rdf
    from policykg.export.turtle import ntriples

    return write_ntriples(ntriples(rdf.triple_set(g)).encode("utf-8"), folder)


SOURCES = ("graph.ttl", "graph.nt", "graph.json")  # what write_from reads, in this order


def write_from(written: list[Path], folder: Path) -> Path:
    """A new store at ``folder`` holding the triples of the graph file a build wrote
    (graph.ttl or graph.nt as they are, else graph.json as ``rdf`` writes it)."""
    import pyoxigraph as ox

    by_name = {Path(p).name: Path(p) for p in written}
    source = next((by_name[n] for n in SOURCES if n in by_name), None)
    if source is None:
        raise OutputError("--store needs one of the formats ttl, nt or json", str(folder))
    if source.suffix == ".json":
        from policykg.export import graph

        return write(graph.loads_json(source.read_text(encoding="utf-8")), folder)
    fmt = ox.RdfFormat.TURTLE if source.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
    return _write(folder, lambda store: store.bulk_load(path=str(source), format=fmt, base_iri=v.ID))


def write_ntriples(data: bytes, folder: Path) -> Path:
    """A new store at ``folder`` holding the N-Triples ``data``, swapped in when complete."""
    import pyoxigraph as ox

    return _write(folder, lambda store: store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES))


def _write(folder: Path, load: Callable[[Any], None]) -> Path:
    import pyoxigraph as ox

    folder = Path(folder)
    _check_replaceable(folder)
    staging = folder.with_name(f".{folder.name}.tmp-{os.getpid()}")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(staging))
        load(store)
        store.flush()
        del store
        _swap(staging, folder)
    except (OSError, SyntaxError, ValueError) as err:
        raise OutputError(f"cannot write store: {err}", str(folder)) from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _check_replaceable(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError("exists and is not a folder", str(folder))
    if folder.is_dir() and any(folder.iterdir()) and not is_store(folder):
        raise OutputError("not empty and not an Oxigraph store: refusing to replace it",
                          str(folder))


def _swap(staging: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)

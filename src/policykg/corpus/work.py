"""The per-document stage: one file's bytes → a ``Part`` (its slim result and the pieces
of the output files that depend on that document only).

Runs in whatever process the executor chose, so it takes and returns plain picklable
values and never touches the file system: the task carries the file's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from policykg.common import nogc
from policykg.corpus import packed
from policykg.errors import PolicyKGError
from policykg.models import Document, DocumentResult

# The stages a document goes through, imported by the process that runs one (a worker
# imports them before its first task: executors.Processes preloads them), not by a build's
# main process, which only hands the documents out: it starts the workers sooner.
STAGES = ("policykg.outline.structure", "policykg.extract.items", "policykg.link.linker")

# Pieces of the output files that one document determines, by the exporter that needs them
# (their long lists held compressed: corpus.packed).
FRAGMENT_KINDS = ("json", "ttl", "nt", "report", "graph", "csv", "neo4j", "jsonld", "xml",
                  "graphml", "gexf")


@dataclass(frozen=True)
class Task:
    path: str  # as the user gave it (it is part of the output)
    root: str
    doc_id: str
    data: bytes
    min_score: float | None = None
    fragments: tuple[str, ...] = ()  # which FRAGMENT_KINDS to render
    max_unpacked: int | None = None  # ingest.Limits.max_unpacked (None: the default)


@dataclass
class Part:
    """One document's share of the build. ``result`` is ``None`` when the file failed;
    its document keeps no text (``info`` has what the outputs say of it)."""

    doc_id: str
    path: str
    failure: str | None = None
    result: DocumentResult | None = None
    info: dict[str, Any] = field(default_factory=dict)  # graph.document_attributes
    fragments: dict[str, Any] = field(default_factory=dict)


def warm() -> None:
    """Read the tables every document needs (jieba's dictionary, OpenCC's converters) and
    run a small report of our own through every stage and output fragment (loading the
    lexicons, compiling the patterns, importing the layout), so a worker started while the
    build looks for its files is ready when the first one comes: a rebuild's changed file
    waits for nothing but its own analysis."""
    from policykg.common import segment
    from policykg.link import signals
    from policykg.read import normalise

    segment.tokenizer()
    signals.segmenter()
    normalise.warm()
    run(Task("warm.txt", ".", "warm", _WARM_TEXT.encode("utf-8"), None, WARM_KINDS))
    nogc.settle(collect=False)  # (the warm report leaves a few dozen objects of garbage)


# the fragments of the default outputs (json, ttl, html: export.registry.DEFAULT_FORMATS);
# another format's first document loads what its own fragment needs
WARM_KINDS = ("json", "ttl", "report", "graph")


_WARM_TEXT = """关于社区养老服务的调研报告
一、存在的问题
（一）服务供给不足。社区养老设施数量少，专业护理人员短缺。
（二）考核机制不健全，监督管理不到位。
二、原因分析
1. 财政投入不够，资金保障能力弱。
2. 由于人才培养机制缺失，导致队伍不稳定。
三、对策建议
1. 加大财政投入，完善资金保障制度。
2. 针对考核机制不健全的问题，建立健全监督考核机制。
3. 加强人才队伍建设，由民政局牵头制定培训计划，推行培训和持证上岗制度。
4. 建立健全水价形成机制。
"""


def ready() -> None:
    """Import the corpus writers (a worker with no document to do writes once the
    documents are done)."""
    from policykg.export import registry, streamed  # noqa: F401


def run(task: Task) -> Part:
    """Read, structure, extract and link one document, and render its fragments."""
    from pathlib import Path

    from policykg.read import ingest

    try:
        limits = ingest.Limits() if task.max_unpacked is None else \
            ingest.Limits(max_unpacked=task.max_unpacked)
        doc = ingest.load_bytes(task.data, Path(task.path), doc_id=task.doc_id, limits=limits)
        result = process(doc, task.min_score)
    except PolicyKGError as err:
        return Part(task.doc_id, task.path, failure=err.message)
    part = Part(task.doc_id, task.path, result=result)
    from policykg.export import graph

    part.info = graph.document_attributes(result)
    render(part, task.fragments)
    part.result = slim(result)
    return part


def process(doc: Document, min_score: float | None = None) -> DocumentResult:
    """One decoded document through outline, extract and link."""
    from policykg.extract import items
    from policykg.outline import structure

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
    from policykg.link import linker

    return linker.link(doc, nodes, min_score=linker.DEFAULT_MIN_SCORE if min_score is None else min_score)


def render(part: Part, kinds: tuple[str, ...]) -> None:
    """Add the missing fragments of ``kinds`` to ``part`` (of a successful document)."""
    missing = [k for k in kinds if k not in part.fragments]
    if not missing or part.result is None:
        return
    from policykg.export import graph

    with nogc.paused():  # (common.nogc: rendering makes no cycles, only garbage to free)
        doc = _Graph(graph.build([part.result], documents=[part.info]), part.doc_id)
        for kind in missing:  # each packed before the next is made (a long document's are large)
            part.fragments[kind] = packed.pack(kind, _RENDERERS[kind](doc))
        del doc  # freed before the collector runs again, so that no pass walks the graph


class _Graph:
    """One document's graph, and what several fragments are made from, made once."""

    def __init__(self, g: Any, doc_id: str) -> None:
        self.g, self.doc_id = g, doc_id

    @cached_property
    def ntriples(self) -> list[str]:
        """Its N-Triples lines (graph.nt's, and what graph.jsonld and graph.rdf read)."""
        from policykg.export import rdfstream

        return rdfstream.ntriples_lines(self.g)


def _json(doc: _Graph):
    from policykg.export import graph

    return graph.json_fragments(doc.g)


def _ttl(doc: _Graph):
    from policykg.corpus import turtlesplit

    return turtlesplit.turtle_blocks(doc.g)  # packed already, made in pieces when g is large


def _nt(doc: _Graph):
    return doc.ntriples


def _report(doc: _Graph):
    from policykg.export.html import report as html_report

    return html_report.document_section(doc.g, doc.doc_id)


def _graph(doc: _Graph):
    from policykg.export.html import stream

    return stream.fragment(doc.g)


def _csv(doc: _Graph):
    from policykg.export import exchange

    return exchange.csv_fragments(doc.g)


def _neo4j(doc: _Graph):
    from policykg.export import exchange

    return exchange.neo4j_fragments(doc.g)


def _jsonld(doc: _Graph):
    from policykg.export import jsonld

    return jsonld.fragment(doc.ntriples)


def _xml(doc: _Graph):
    from policykg.export import rdf

    return rdf.rdfxml_fragment(doc.ntriples)


def _graphml(doc: _Graph):
    from policykg.export import graphml

    return graphml.fragment(doc.g)


def _gexf(doc: _Graph):
    from policykg.export import gexf

    return gexf.fragment(doc.g)


_RENDERERS = {"json": _json, "ttl": _ttl, "nt": _nt, "report": _report, "graph": _graph,
              "csv": _csv, "neo4j": _neo4j, "jsonld": _jsonld, "xml": _xml, "graphml": _graphml,
              "gexf": _gexf}


def slim(result: DocumentResult) -> DocumentResult:
    """The result without the document's text: the nodes carry what the outputs need."""
    return replace(result, document=replace(result.document, text="", norm=""))

"""Typed values passed between pipeline stages. All frozen: stages never mutate them.

Offsets everywhere are Python ``str`` indices into ``Document.text`` (the decoded
original text, newlines as Python's universal-newline reading gives them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Span = tuple[int, int]


class NodeType(StrEnum):
    PROBLEM = "Problem"
    CAUSE = "Cause"
    COUNTERMEASURE = "Countermeasure"
    MECHANISM = "Mechanism"
    INSTITUTION = "Institution"


class EdgeType(StrEnum):
    CAUSED_BY = "causedBy"  # problem/cause -> its cause
    ADDRESSED_BY = "addressedBy"  # problem/cause -> countermeasure


class Role(StrEnum):
    """What a section of a report is about, read from its heading."""

    PROBLEM = "problem"
    CAUSE = "cause"
    COUNTERMEASURE = "countermeasure"
    BACKGROUND = "background"
    ACHIEVEMENT = "achievement"
    IMPACT = "impact"
    CONCLUSION = "conclusion"
    OTHER = "other"


ITEM_TYPE_BY_ROLE = {
    Role.PROBLEM: NodeType.PROBLEM,
    Role.CAUSE: NodeType.CAUSE,
    Role.COUNTERMEASURE: NodeType.COUNTERMEASURE,
}


@dataclass(frozen=True)
class Document:
    """One input file, decoded.

    ``norm`` is the analysis copy: full-width → half-width and traditional →
    simplified, built character by character so that ``len(norm) == len(text)`` and
    ``norm[i]`` is the normal form of ``text[i]``; an offset in one is the same offset
    in the other (the offset map is the identity by construction).
    """

    id: str  # stable id: the path relative to the input root, without suffix
    path: str  # the path as given
    text: str
    norm: str
    script: str  # "zh-Hans" or "zh-Hant"
    encoding: str  # the detected encoding, or the container format ("docx", "pdf")
    format: str  # "txt", "md", "docx", "html", "pdf"
    warnings: tuple[str, ...] = ()  # text that could not be read, dropped junk, ...


@dataclass(frozen=True)
class Node:
    id: str
    type: NodeType
    label: str  # the naming clause, as written in the original text
    doc: str
    start: int  # offsets of the naming statement (the label) in Document.text
    end: int
    spans: tuple[Span, ...]  # every mention, sorted; includes (start, end)
    parent: str | None = None
    section: str | None = None  # the label of the section heading the node sits under
    text: str = ""  # the item's full text (heading clause + body)
    text_start: int = 0
    text_end: int = 0
    rule: str = ""  # which extraction rule produced the node
    cue: str = ""  # the marker or lexical cue that fired (一、, 机制, 以致 ...)
    report: int = 0  # index of the report inside the file (several reports in one file)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: EdgeType
    doc: str
    score: float  # 0..1
    rule: str  # which signal(s) fired, '+'-joined, sorted
    cue: str  # the words or connective linking the two ends
    source_span: Span  # evidence in the source node's text
    target_span: Span  # evidence in the target node's text
    # Each word the cue quotes, where it is written (Document.text[s:e] is that word),
    # sorted by offset; the cue's notation (#2, ↔, …, nested, stated) is not quoted.
    cue_spans: tuple[Span, ...] = ()
    # The sentences that hold the evidence and every quoted cue word: (start, end, text).
    evidence: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class DocumentResult:
    """What the pipeline made of one document."""

    document: Document
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...] = ()
    warnings: tuple[str, ...] = field(default=())

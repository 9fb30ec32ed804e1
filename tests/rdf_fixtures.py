"""Small hand-built graphs for the RDF, query and server tests (plain helpers, no pytest).

Two short reports written for these tests: one in simplified characters under a folder
whose name is CJK (so ids need IRI encoding), one in traditional characters.
"""

from __future__ import annotations

import networkx as nx

from policykg.export import graph
from policykg.common.ids import node_id
from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

HANS_ID = "样本/基层 党建"
HANS_TEXT = (
    "一、存在的问题\n"
    "（一）激励机制不完善。部分党员参与积极性不高。\n"
    "（二）学习流于形式。“三会一课”制度落实不到位。\n"
    "（三）经费保障不足。\n"
    "二、原因分析\n"
    "（一）考核评价体系不健全。激励机制缺少考核依据。\n"
    "三、对策建议\n"
    "（一）健全激励机制。完善考核评价体系。\n"
    "（二）落实“三会一课”制度。\n"
)
HANT_ID = "河川"
HANT_TEXT = (
    "問題：河川污染嚴重。\n"
    "原因：污水處理設施不足。\n"
    "建議：擴建污水處理設施。\n"
)


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _item(doc: Document, ntype: NodeType, label: str, full: str, section: str,
          parent: str | None = None) -> Node:
    s, e = _span(doc.text, label)
    ts, te = _span(doc.text, full)
    return Node(id=node_id(doc.id, ntype, label), type=ntype, label=label, doc=doc.id,
                start=s, end=e, spans=((s, e),), parent=parent, section=section,
                text=doc.text[ts:te], text_start=ts, text_end=te, rule="enum", cue="（一）")


def _named(doc: Document, ntype: NodeType, label: str, parent: str) -> Node:
    spans, at = [], 0
    while (at := doc.text.find(label, at)) >= 0:
        spans.append((at, at + len(label)))
        at += len(label)
    s, e = spans[0]
    return Node(id=node_id(doc.id, ntype, label), type=ntype, label=label, doc=doc.id,
                start=s, end=e, spans=tuple(spans), parent=parent, rule="head", cue=label[-2:])


def _edge(doc: Document, src: Node, dst: Node, etype: EdgeType, score: float, cue: str) -> Edge:
    ss = _span(doc.text, cue, src.text_start) if cue in src.text else (src.start, src.end)
    ts = _span(doc.text, cue, dst.text_start) if cue in dst.text else (dst.start, dst.end)
    return Edge(source=src.id, target=dst.id, type=etype, doc=doc.id, score=score,
                rule="shared_words", cue=cue, source_span=ss, target_span=ts)


def _doc(doc_id: str, text: str, script: str) -> Document:
    return Document(id=doc_id, path=f"samples/{doc_id}.txt", text=text, norm=text,
                    script=script, encoding="utf-8", format="txt")


def hans_result() -> DocumentResult:
    doc = _doc(HANS_ID, HANS_TEXT, "zh-Hans")
    P, C, M = NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE
    p1 = _item(doc, P, "激励机制不完善", "激励机制不完善。部分党员参与积极性不高。", "存在的问题")
    p2 = _item(doc, P, "学习流于形式", "学习流于形式。“三会一课”制度落实不到位。", "存在的问题")
    p2a = _item(doc, P, "“三会一课”制度落实不到位", "“三会一课”制度落实不到位。", "存在的问题",
                parent=p2.id)  # a nested item
    p3 = _item(doc, P, "经费保障不足", "经费保障不足。", "存在的问题")
    c1 = _item(doc, C, "考核评价体系不健全", "考核评价体系不健全。激励机制缺少考核依据。", "原因分析")
    m1 = _item(doc, M, "健全激励机制", "健全激励机制。完善考核评价体系。", "对策建议")
    m2 = _item(doc, M, "落实“三会一课”制度", "落实“三会一课”制度。", "对策建议")
    mech = _named(doc, NodeType.MECHANISM, "激励机制", p1.id)
    inst = _named(doc, NodeType.INSTITUTION, "三会一课", p2.id)
    edges = (
        _edge(doc, p1, c1, EdgeType.CAUSED_BY, 0.82, "激励机制"),
        _edge(doc, p2, c1, EdgeType.CAUSED_BY, 0.41, "考核"),
        _edge(doc, p1, m1, EdgeType.ADDRESSED_BY, 0.9, "激励机制"),
        _edge(doc, c1, m1, EdgeType.ADDRESSED_BY, 0.75, "考核评价体系"),
        _edge(doc, p2, m2, EdgeType.ADDRESSED_BY, 0.66, "三会一课"),
    )
    return DocumentResult(doc, (p1, p2, p2a, p3, c1, m1, m2, mech, inst), edges)


def hant_result() -> DocumentResult:
    doc = _doc(HANT_ID, HANT_TEXT, "zh-Hant")
    p = _item(doc, NodeType.PROBLEM, "河川污染嚴重", "河川污染嚴重。", "問題")
    c = _item(doc, NodeType.CAUSE, "污水處理設施不足", "污水處理設施不足。", "原因")
    m = _item(doc, NodeType.COUNTERMEASURE, "擴建污水處理設施", "擴建污水處理設施。", "建議")
    edges = (_edge(doc, p, c, EdgeType.CAUSED_BY, 0.7, "污水"),
             _edge(doc, c, m, EdgeType.ADDRESSED_BY, 0.88, "污水處理設施"))
    return DocumentResult(doc, (p, c, m), edges)


def demo_graph() -> nx.MultiDiGraph:
    return graph.build([hans_result(), hant_result()])


def node_by_label(g: nx.MultiDiGraph, label: str) -> str:
    return next(n for n, a in g.nodes(data=True) if a["label"] == label)

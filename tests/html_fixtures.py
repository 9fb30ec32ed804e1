"""Small graphs for the HTML view's tests, built through policykg.models and graph.build.

Texts are written for these tests. One item carries markup (a ``<script>``, an ``<img
onerror>``, ``&``, a U+2028 line separator, a character outside the BMP) to check that
document text is always shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from policykg.export.graph import build
from policykg.models import Document, DocumentResult, Edge, EdgeType, Node, NodeType

XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
XSS_LABEL = "监管力量薄弱</script><b>"


@dataclass(frozen=True)
class Item:
    key: str
    type: NodeType
    label: str
    body: str = ""
    parent: str | None = None


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    type: EdgeType
    score: float
    cue: str
    source_quote: str  # must occur in the source item's text
    target_quote: str


def document_result(doc_id: str, items: list[Item], links: list[Link],
                    script: str = "zh-Hans") -> DocumentResult:
    """Lay the items out one per line and derive every offset from that text."""
    text, nodes, pos = "", {}, 0
    for it in items:
        full = it.label + it.body
        nid = f"{doc_id}/{it.type.value[0]}{it.key}"
        nodes[it.key] = Node(
            id=nid, type=it.type, label=it.label, doc=doc_id, start=pos, end=pos + len(it.label),
            spans=((pos, pos + len(it.label)),),
            parent=f"{doc_id}/{_type_of(items, it.parent)}{it.parent}" if it.parent else None,
            section="问题" if it.type is NodeType.PROBLEM else None, text=full, text_start=pos,
            text_end=pos + len(full), rule="enum", cue="一、")
        text += full + "\n"
        pos += len(full) + 1
    edges = tuple(_edge(nodes[ln.source], nodes[ln.target], ln, doc_id) for ln in links)
    doc = Document(id=doc_id, path=f"{doc_id}.txt", text=text, norm=text, script=script,
                   encoding="utf-8", format="txt")
    return DocumentResult(document=doc, nodes=tuple(nodes.values()), edges=edges)


def _type_of(items: list[Item], key: str) -> str:
    return next(i.type.value[0] for i in items if i.key == key)


def _span(node: Node, quote: str) -> tuple[int, int]:
    at = node.text.index(quote)
    return node.text_start + at, node.text_start + at + len(quote)


def _edge(src: Node, dst: Node, ln: Link, doc_id: str) -> Edge:
    return Edge(source=src.id, target=dst.id, type=ln.type, doc=doc_id, score=ln.score,
                rule="shared-words", cue=ln.cue, source_span=_span(src, ln.source_quote),
                target_span=_span(dst, ln.target_quote))


P, C, M = NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE
CAUSED, ADDRESSED = EdgeType.CAUSED_BY, EdgeType.ADDRESSED_BY


def food_report() -> DocumentResult:
    items = [
        Item("1", P, "食品安全监管体系不健全", "，基层监管站点覆盖不足𠀀，抽检频次偏低。"),
        Item("1a", P, XSS_LABEL, f"：一是执法人员少；正文里有 {XSS} 与 A&B\u2028换行。",
             parent="1"),
        Item("2", P, "企业主体责任落实不到位", "，部分企业缺乏自检。"),
        Item("3", C, "监管经费投入不足", "，基层站点设备老化。"),
        Item("4", C, "考核机制滞后", "，责任追究流于形式。"),
        Item("5", M, "健全食品安全监管体系", "，增加基层监管站点和抽检频次。"),
        Item("6", M, "压实企业主体责任", "，推行企业自检制度。"),
        Item("7", M, "加大监管经费投入", "，更新基层站点设备。"),
        Item("8", NodeType.MECHANISM, "考核机制", parent="4"),
        Item("9", NodeType.INSTITUTION, "企业自检制度", parent="6"),
    ]
    links = [
        Link("1", "3", CAUSED, 0.82, "监管", "基层监管站点覆盖不足", "基层站点设备老化"),
        Link("1a", "3", CAUSED, 0.41, "执法", f"执法人员少；正文里有 {XSS}", "监管经费投入不足"),
        Link("1", "5", ADDRESSED, 0.93, "监管体系", "监管体系不健全", "健全食品安全监管体系"),
        Link("2", "6", ADDRESSED, 0.88, "主体责任", "企业主体责任", "压实企业主体责任"),
        Link("2", "4", CAUSED, 0.35, "责任", "落实不到位", "责任追究流于形式"),
        Link("3", "7", ADDRESSED, 0.9, "经费", "监管经费投入不足", "加大监管经费投入"),
        Link("3", "4", CAUSED, 0.2, "考核", "监管经费", "考核机制"),
    ]
    return document_result("样本/食品", items, links)


def water_report() -> DocumentResult:
    items = [
        Item("1", P, "河道垃圾清理不及时", "，沿岸村庄垃圾入河。"),
        Item("2", C, "保洁队伍人手短缺", "，经费来源单一。"),
        Item("3", M, "建立河长巡查制度", "，落实日常保洁。"),
        Item("4", NodeType.INSTITUTION, "河长巡查制度", parent="3"),
    ]
    links = [
        Link("1", "2", CAUSED, 0.7, "保洁", "垃圾清理不及时", "保洁队伍人手短缺"),
        Link("1", "3", ADDRESSED, 0.6, "河长", "河道垃圾", "建立河长巡查制度"),
    ]
    return document_result("water", items, links)


def farm_report() -> DocumentResult:
    """Traditional characters: a search typed in simplified must still find it."""
    items = [
        Item("1", P, "農村廢棄物處理不當", "，農藥空瓶隨意丟棄。"),
        Item("2", M, "建立農藥空容器回收制度", "，由農會統一回收。"),
    ]
    links = [Link("1", "2", ADDRESSED, 0.66, "農藥", "農藥空瓶", "農藥空容器")]
    return document_result("farm", items, links, script="zh-Hant")


def sample_results() -> list[DocumentResult]:
    return [food_report(), water_report(), farm_report()]


def sample_graph() -> nx.MultiDiGraph:
    return build(sample_results())


def node_id(g: nx.MultiDiGraph, label: str) -> str:
    return next(n for n, a in g.nodes(data=True) if a["label"] == label)

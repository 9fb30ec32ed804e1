"""Rectification reports: measures grouped under 关于X问题 answer the problem X (texts
written for these tests)."""

from helpers_doc import make_doc

from policykg import pipeline
from policykg.models import EdgeType, NodeType

GROUPED = """关于县图书馆运行情况的督查整改报告
一、督查发现的问题
(一)借阅服务覆盖面窄。乡镇分馆开放时间短,农村读者借书不便。
(二)数字资源更新滞后。电子书库三年未采购新书。
二、整改措施
(一)关于借阅服务问题。一是延长乡镇分馆开放时间,周末照常开放;二是开通流动借阅车,每月进村一次。
(二)关于数字资源问题。一是每年安排专项经费采购电子图书;二是与省馆共建共享数字资源平台。
"""

BY_PROBLEM = """关于县图书馆督查反馈问题的整改情况
(一)关于借阅服务覆盖面窄的问题。对乡镇分馆开放时间短问题,已延长乡镇分馆开放时间,周末照常开放。
(二)关于数字资源更新滞后的问题。对电子书库未采购新书问题,已安排专项经费采购电子图书。
"""


def _graph(text):
    r = pipeline.process(make_doc(text))
    return {n.id: n for n in r.nodes}, r.edges


def test_measures_under_a_topic_heading_answer_the_problem_it_names():
    nodes, edges = _graph(GROUPED)
    by_label = {n.label: n for n in nodes.values()}
    problem = by_label["借阅服务覆盖面窄"]
    answered = {nodes[e.target].label for e in edges
                if e.source == problem.id and e.type is EdgeType.ADDRESSED_BY and "topic" in e.rule}
    assert answered == {"延长乡镇分馆开放时间,周末照常开放", "开通流动借阅车,每月进村一次"}


def test_a_topic_heading_that_is_the_problem_itself_gives_no_topic_edges():
    nodes, edges = _graph(BY_PROBLEM)
    assert any(n.type is NodeType.COUNTERMEASURE for n in nodes.values())
    assert not [e for e in edges if "topic" in e.rule]

"""A speech (讲话稿): headings that call to face something and then act, the problems under
them, a why-paragraph after the last of them, and 一个重要原因是… (texts written for these tests)."""

from helpers_doc import make_doc

from policykg import pipeline
from policykg.extract.weigh import content_type
from policykg.models import NodeType

SPEECH = """在全县安全生产工作会议上的讲话
同志们：
一、正视短板，增强做好安全生产工作的责任感
今年以来全县安全形势总体平稳。但也要看到，问题依然不少。突出表现在：一是小作坊隐患整治不彻底；二是企业主体责任落实不到位；三是基层监管力量薄弱。
为什么会出现这些问题？一个重要原因是一些企业重效益轻安全，舍不得投入。还有一个原因是我们的执法检查流于形式，震慑力不强。
二、突出重点，全力抓好隐患排查整治
第一，要开展小作坊专项整治。第二，要压实企业主体责任。第三，要充实基层监管力量。
"""


def _nodes(text):
    return pipeline.process(make_doc(text)).nodes


def test_a_call_to_face_a_shortfall_and_act_is_no_problem():
    assert content_type("正视短板，增强做好安全生产工作的责任感") == (None, "")
    assert content_type("突出重点，全力抓好隐患排查整治") == (None, "")
    nodes = _nodes(SPEECH)
    assert not [n for n in nodes if n.label.startswith(("正视短板", "突出重点"))]
    assert len([n for n in nodes if n.type is NodeType.PROBLEM]) == 3
    assert len([n for n in nodes if n.type is NodeType.COUNTERMEASURE]) == 3


def test_a_heading_that_states_a_shortfall_is_still_a_problem():
    assert content_type("监管力量薄弱，执法不严")[0] is NodeType.PROBLEM
    assert content_type("资金不足")[0] is NodeType.PROBLEM
    assert content_type("强化监管，确保资金安全")[0] is NodeType.COUNTERMEASURE


def test_a_why_paragraph_after_the_last_sub_item_gives_the_causes():
    causes = [n.label for n in _nodes(SPEECH) if n.type is NodeType.CAUSE]
    assert "一些企业重效益轻安全" in causes
    assert "我们的执法检查流于形式" in causes


def test_a_paragraph_after_the_sub_items_that_asks_nothing_is_their_elaboration():
    text = SPEECH.replace("为什么会出现这些问题？", "各乡镇要高度重视。")
    causes = [n.label for n in _nodes(text) if n.type is NodeType.CAUSE]
    assert "一些企业重效益轻安全" not in causes


def test_a_clause_giving_the_subject_view_is_no_cause_of_its_own():
    text = SPEECH.replace("一些企业重效益轻安全，舍不得投入。",
                          "一些企业重效益轻安全，觉得安全投入大、见效慢，宁愿冒险生产。")
    causes = [n.label for n in _nodes(text) if n.type is NodeType.CAUSE]
    assert "一些企业重效益轻安全" in causes
    assert not [c for c in causes if c.startswith(("觉得", "宁愿"))]

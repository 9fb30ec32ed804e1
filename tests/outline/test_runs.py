"""Inline runs: a second list that restarts at 1, runs of prescriptions whatever their lead
says, thesis divisions and research still to do (texts written for these tests)."""

from helpers_doc import make_doc

from policykg.cues import heading
from policykg.models import Role
from policykg.outline.clauses import prescribed
from policykg.outline.markers import find_inline
from policykg.outline.structure import outline

TWO_LISTS = ("调查发现:(1)覆盖面窄,不少村未纳入;(2)补贴到位慢;(3)农户知晓率低。据此建议:"
             "(1)扩大试点范围;(2)简化申领流程;(3)加强政策宣传;(4)建立回访制度。")


def test_a_second_list_restarting_at_one_ends_the_first_run():
    run = find_inline(TWO_LISTS)
    assert [m.text for m in run] == ["(1)", "(2)", "(3)"]
    assert TWO_LISTS[run[-1].end:].startswith("农户知晓率低")


def test_the_last_item_of_the_first_list_ends_with_its_sentence():
    o = outline(make_doc(TWO_LISTS))
    items = [e for e in o.entries if e.kind == "item" and e.how == "inline"]
    assert len(items) == 3
    assert TWO_LISTS[items[-1].start:items[-1].end] == "(3)农户知晓率低。"


def test_one_list_runs_to_the_end_of_its_paragraph():
    text = "调查发现:(1)覆盖面窄;(2)补贴到位慢,农户反映强烈,基层也有怨言"
    o = outline(make_doc(text))
    assert max(e.end for e in o.entries) == len(text)


def test_members_opening_with_a_modal_prescribe():
    assert prescribed(["应扩大公共租赁住房供给", "应简化审批流程", "企业可提供员工宿舍"])
    assert prescribed(["必须压减会议", "要精简文件"])


def test_modal_characters_inside_words_prescribe_nothing():
    assert not prescribed(["应收账款回收慢", "要素成本上升"])
    assert not prescribed(["可能出现断供", "应用场景单一"])
    assert not prescribed(["应扩大供给"])  # one member is no run
    assert not prescribed(["企业不应承担", "政府没要求"])


def test_a_run_of_prescriptions_after_a_problem_lead_is_measures():
    text = ("社评:租房难 须对症下药\n租金连年上涨,年轻人租房越来越难。\n"
            "当局必须正视问题,不能再拖。第一,应扩大公共租赁住房供给,增加小户型房源。"
            "第二,应简化审批流程,缩短轮候时间。第三,企业可提供员工宿舍。")
    o = outline(make_doc(text))
    roles = [e.role for e in o.entries if e.kind == "item" and e.style == "ordinal"]
    assert roles == [Role.COUNTERMEASURE] * 3


def test_a_run_of_problems_after_a_problem_lead_stays_problems():
    text = "当前仍存在一些问题。第一,应收账款回收慢。第二,要素成本上升,利润变薄。"
    o = outline(make_doc(text))
    roles = [e.role for e in o.entries if e.kind == "item" and e.style == "ordinal"]
    assert Role.COUNTERMEASURE not in roles


def test_research_still_to_do_is_no_measure_section():
    assert heading.classify("后续研究建议").role is Role.CONCLUSION
    assert heading.classify("研究限制与后续研究建议").role is Role.CONCLUSION
    assert heading.classify("研究展望").role is Role.CONCLUSION
    assert heading.classify("政策建议").role is Role.COUNTERMEASURE


def test_a_thesis_division_naming_its_conclusions_is_a_section():
    text = ("第五章 结论与建议\n第一节 研究结论\n研究发现,困境有二:首先,补贴发放迟缓;其次,农户参与意愿低。\n"
            "第二节 政策建议\n一、建立补贴直达机制。\n二、加强宣传引导。\n"
            "第三节 后续研究建议\n后续研究可扩大样本范围,以量化方法检验影响因素。")
    o = outline(make_doc(text))
    jie = [e for e in o.entries if e.style == "jie"]
    assert [e.kind for e in jie] == ["section"] * 3
    assert jie[-1].role is Role.CONCLUSION

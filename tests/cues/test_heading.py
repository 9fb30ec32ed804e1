import pytest

from policykg.models import Role
from policykg.cues.heading import classify, named_subject


@pytest.mark.parametrize("heading, role", [
    ("存在的主要问题", Role.PROBLEM),
    ("案由", Role.PROBLEM),  # a proposal (提案) states its problems under 案由
    ("原因分析", Role.CAUSE),
    ("问题根源", Role.CAUSE),
    ("对策建议", Role.COUNTERMEASURE),
    ("几点建议", Role.COUNTERMEASURE),
    ("背景说明", Role.BACKGROUND),
    ("主要成效", Role.ACHIEVEMENT),
    ("影响分析", Role.IMPACT),
    ("结语", Role.CONCLUSION),
    ("养老服务的主要表现", Role.PROBLEM),
    ("乡村教师流失问题的原因", Role.CAUSE),
    ("原因探讨", Role.CAUSE),  # 探讨/事项 are heading filler, 下步 names what comes next
    ("建议事项", Role.COUNTERMEASURE),
    ("下步打算", Role.COUNTERMEASURE),
    ("症结所在", Role.CAUSE),  # 症结 is the crux behind the problems: their causes
    ("问题症结", Role.CAUSE),
    ("突出表现", Role.PROBLEM),
    ("对策思路", Role.COUNTERMEASURE),
])
def test_section_headings_are_strong(heading, role):
    hr = classify(heading)
    assert hr.role is role and hr.strong


def test_two_roles_joined_make_a_title():
    assert classify("当前社区治理存在的问题及对策").role is Role.OTHER


@pytest.mark.parametrize("heading", ["薪酬福利体系问题", "外部因素影响", "资金不足", "探讨风险分担机制",
                                     "下步棋如何走"])
def test_an_item_that_names_a_cue_is_weak(heading):
    assert not classify(heading).strong


def test_no_cue():
    assert classify("食品安全调查报告").role is None


@pytest.mark.parametrize("clause, subject", [
    ("关于教师流失原因的分析", "教师流失"),
    ("针对基层负担过重问题,提出以下对策", "基层负担过重"),
    ("制度落实欠缺的表现", "制度落实欠缺"),
    ("融资难问题的产生,主要有以下原因", "融资难"),
])
def test_named_subject(clause, subject):
    span = named_subject(clause)
    assert span is not None and clause[span[0]:span[1]] == subject


@pytest.mark.parametrize("clause", ["针对以上问题", "这些问题的主要原因", "出现上述问题的原因",
                                    "工作中存在问题的原因", "针对检查发现的问题", "针对督查反馈的问题"])
def test_generic_references_name_no_subject(clause):
    assert named_subject(clause) is None


@pytest.mark.parametrize("heading, role", [
    ("整改措施及成效", Role.COUNTERMEASURE),  # the measures taken, with their effects
    ("问题及影响", Role.PROBLEM),
    ("原因与危害", Role.CAUSE),
    ("主要工作及成效", Role.ACHIEVEMENT),  # work done and its results: no measures answering problems
    ("工作进展及成效", Role.ACHIEVEMENT),
    ("主要成效及存在问题", Role.PROBLEM),
])
def test_a_core_role_joined_with_its_effects_heads_the_section(heading, role):
    assert classify(heading).role is role

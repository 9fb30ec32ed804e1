"""Paragraphs promoted to items (texts written for these tests)."""

from helpers_doc import make_doc

from policykg.models import Role
from policykg.outline.structure import outline

PROPOSAL = ("案由：\n全区共有农贸市场四十余家，多数建于上世纪九十年代，群众意见较多。\n"
            "现状与问题：\n1. 排水设施陈旧。雨天市场内积水严重，顾客进出不便。\n"
            "2. 摊位布局混乱。生熟食品混杂摆放，存在卫生隐患。\n\n"
            "建议：\n1. 改造排水管网。\n2. 重新规划摊位。\n")
LONE = "案由：\n农贸市场排水设施陈旧，雨天积水严重。\n建议：\n1. 改造排水管网。\n"


def _problem_items(text):
    o = outline(make_doc(text))
    problems = {e.id for e in o.entries if e.kind == "section" and e.role is Role.PROBLEM}
    return [text[e.head_start:e.head_end] for e in o.entries if e.kind == "item" and e.parent in problems]


def test_a_section_followed_by_another_of_its_role_only_leads_into_it():
    assert _problem_items(PROPOSAL) == ["排水设施陈旧", "摊位布局混乱"]


def test_a_lone_problem_section_without_items_gives_its_paragraph():
    assert _problem_items(LONE) == ["农贸市场排水设施陈旧，雨天积水严重"]

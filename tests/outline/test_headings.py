"""Which marked headings name items (texts written for these tests)."""

from helpers_doc import make_doc

from policykg.outline import headings
from policykg.outline.structure import outline

MEASURE_CHAPTER = ("第四章 对策建议\n"
                   "第一节 科学制定社区养老服务设施布局规划\n按人口分布测算服务半径,补足空白片区。\n"
                   "第二节 完善养老护理员薪酬保障\n建立与技能等级挂钩的薪酬体系。\n")


def test_a_run_of_actions_under_a_measure_chapter_names_items():
    o = outline(make_doc(MEASURE_CHAPTER))
    jie = [e for e in o.entries if e.style == "jie"]
    assert [e.kind for e in jie] == ["item", "item"]
    assert MEASURE_CHAPTER[jie[0].head_start:jie[0].head_end] == "科学制定社区养老服务设施布局规划"


def test_an_adverb_may_open_an_action():
    assert headings.acts_on_something("科学编制专项规划")


def test_a_lone_action_heading_is_no_run():
    assert not headings._all_actions(["加强队伍建设"])

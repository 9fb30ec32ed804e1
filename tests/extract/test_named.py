import pytest

from policykg.models import NodeType
from policykg.extract.named import find_mentions


def names(text):
    return [(m.type, m.name) for m in find_mentions(text)]


@pytest.mark.parametrize("text, name", [
    ("建立健全监督考核机制", "监督考核机制"),
    ("缺乏绩效激励机制,员工积极性受挫", "绩效激励机制"),
    ("建立市、镇、村三级便民服务台互通机制", "市、镇、村三级便民服务台互通机制"),
    ("理论学习考试、考核、奖惩制度不规范", "理论学习考试、考核、奖惩制度"),
    ("贯彻落实民主集中制", "民主集中制"),
    ("全面推行首问负责制", "首问负责制"),
    ("建立健全制度执行机制", "制度执行机制"),
    ("落实党风廉政建设责任制的主体责任", "党风廉政建设责任制"),
])
def test_headed_names(text, name):
    assert name in [n for _, n in names(text)]


@pytest.mark.parametrize("text", ["一些制度流于形式", "管理制度僵化", "加强制度建设", "从体制机制上找原因",
                                  "健全规章制度", "制度设计缺陷", "确保制度得到执行"])
def test_generic_uses_are_not_names(text):
    assert names(text) == []


def test_list_of_names_with_one_head_each():
    found = [n for _, n in names("要完善理论学习制度、检查督查制度、考勤制度。")]
    assert found == ["理论学习制度", "检查督查制度", "考勤制度"]


def test_shared_modifier_list_needs_two_separators():
    assert [n for _, n in names("缺乏健康保障、休假制度等基本福利")] == ["休假制度"]


def test_quoted_rule_systems():
    found = names("常态化开展“三会一课”,健全“四方商谈”等制度,推行“三到场”制度,"
                  "整治“指尖上的形式主义”,推行“一网通办”,防止“一阵风”。")
    assert (NodeType.INSTITUTION, "三会一课") in found  # a numbered name
    assert (NodeType.INSTITUTION, "四方商谈") in found  # listed before 等制度
    assert (NodeType.INSTITUTION, "“三到场”制度") in found  # a quoted name with its head
    assert all(n not in ("指尖上的形式主义", "一网通办", "一阵风") for _, n in found)


def test_mechanism_and_institution_types():
    found = dict((n, t) for t, n in names("建立反馈机制和考勤制度"))
    assert found == {"反馈机制": NodeType.MECHANISM, "考勤制度": NodeType.INSTITUTION}

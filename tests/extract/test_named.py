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


@pytest.mark.parametrize("text", [
    "加快机制与政策创新,提升服务水平",  # a verb acting on the head
    "完善基层治理制度机制,堵塞漏洞",  # 制度机制: a generic pair, like 体制机制
    "推动改革落地仍需制度革新与协同发力",  # 制度革新: 制度 modifies what follows
    "逐步形成社区治理的内生机制",  # …的 + a two-character kind of system
    "探索灵活的用工制度",
])
def test_verbs_and_generic_pairs_are_not_names(text):
    assert names(text) == []


def test_after_de_a_name_still_needs_what_it_does_or_a_head_of_its_own():
    assert [n for _, n in names("完善与绩效挂钩的激励机制")] == ["激励机制"]
    assert [n for _, n in names("推行“县统筹、镇落实”的管护责任制")] == ["管护责任制"]


def test_a_conjunction_or_modal_ends_the_modifier():
    assert [n for _, n in names("公营房屋覆盖面广,惟分配机制存在断层")] == ["分配机制"]
    assert [n for _, n in names("财政部门仍需考核制度配套")] == ["考核制度"]


def test_new_before_the_head_names_the_same_mechanism():
    found = names("人才外流导致社区服务机制弱化。要构建社区服务新机制。")
    assert found == [(NodeType.MECHANISM, "社区服务机制")] * 2


def test_rule_documents_by_title_and_head():
    found = names("印发《关于印发<某市公共资金绩效评价办法>的通知》,"
                  "并对照市级资金管理实施细则和档案整理规程逐条整改,见《城市治理研究》。")
    assert (NodeType.INSTITUTION, "某市公共资金绩效评价办法") in found  # a titled rule document
    assert (NodeType.INSTITUTION, "市级资金管理实施细则") in found
    assert (NodeType.INSTITUTION, "档案整理规程") in found
    assert all(not n.startswith("关于印发") and n != "城市治理研究" for _, n in found)  # a notice, a journal


def test_institution_heads_of_administration_and_pdf_spacing():
    assert names("全面推行药品零售配送实名制,落实重大事项督办制") == [
        (NodeType.INSTITUTION, "药品零售配送实名制"), (NodeType.INSTITUTION, "重大事项督办制")]
    assert names("网格员多为合同制人员") == []  # no head of ours, and no name before it
    # a PDF text layer spaces words apart: one name, spaces left out of its identity
    assert names("建立 跨部门 信息共享机制") == [(NodeType.MECHANISM, "跨部门信息共享机制")]


@pytest.mark.parametrize("text, name", [
    ("成果转化不充分以及利益联结机制缺位", "利益联结机制"),
    ("全区学校建立了校长陪餐制度", "校长陪餐制度"),
    ("这更关系到分级诊疗制度的落实", "分级诊疗制度"),
])
def test_conjunctions_particles_and_relation_verbs_end_the_modifier(text, name):
    assert [n for _, n in names(text)] == [name]


# Issue 9 (texts nobody tuned on): rule documents named by head, two actions of one system,
# a quoted name with what follows it, 长制 names, stop words inside longer words.
@pytest.mark.parametrize("text, name", [
    ("修订支部委员会议事规则,明确议题范围", "支部委员会议事规则"),
    ("尽快出台社区养老服务补贴管理办法。", "社区养老服务补贴管理办法"),
    ("推行招标项目“价格从低”的综合评审办法", "综合评审办法"),
])
def test_named_rule_documents_without_a_title(text, name):
    assert [n for _, n in names(text)] == [name]


@pytest.mark.parametrize("text", [
    "群众觉得老办法不好用",  # a way of doing, not a rule document
    "要多想办法,拿出具体办法",
    "一是评价办法重数量",  # a bare two-character kind, not a named document
    "企业必须遵守市场规则",
    "树立规则意识",  # 规则 modifies what follows
    "明确处罚标准的执行细则",  # …的 + a two-character kind
])
def test_ways_and_generic_rules_are_not_named_documents(text):
    assert names(text) == []


@pytest.mark.parametrize("text, name", [
    ("建立新职业技能快速认定和统一发证机制;", "新职业技能快速认定和统一发证机制"),
    ("健全社区志愿者注册和星级评定制度。", "社区志愿者注册和星级评定制度"),
    ("建立激励和约束机制", "激励和约束机制"),
])
def test_two_actions_joined_by_he_name_one_system(text, name):
    assert [n for _, n in names(text)] == [name]


def test_a_thing_before_he_ends_the_name():
    assert [n for _, n in names("健全法律法规和监管机制")] == ["监管机制"]
    assert "难点与突破机制" not in [n for _, n in names("梳理改革的难点与突破机制研究")]


def test_quoted_name_with_its_qualifier_and_head():
    found = find_mentions("推行“一店一码”信用评价制度,严格执行“三重一大”决策制度,防止“三重一大”走过场")
    assert [(m.name, m.start) for m in found][:2] == [("一店一码", 2), ("三重一大", 19)]
    assert found[0].end == len("推行“一店一码”信用评价制度")  # the mention spans the whole name
    assert [m.name for m in found].count("三重一大") == 2  # one name, two mentions


def test_long_slogans_in_quotes_are_not_numbered_names():
    assert names("不少家庭“一次装修花掉三年收入”") == []


def test_zhang_zhi_names_take_one_character():
    assert [n for _, n in names("将街长制与网格化巡查机制结合,推行路长制")] == [
        "街长制", "网格化巡查机制", "路长制"]
    assert names("克服家长制作风") == []


def test_a_stop_word_opening_a_longer_noun_does_not_end_the_name():
    assert [n for _, n in names("落实劳务派遣实名制、工资保证金制度")] == ["劳务派遣实名制", "工资保证金制度"]
    assert [n for _, n in names("建立健全制度执行机制")] == ["制度执行机制"]


def test_after_de_a_mechanism_named_by_its_action_is_a_name():
    assert [n for _, n in names("尚未形成稳定的孵化机制")] == ["孵化机制"]
    assert names("缺乏系统的分级制度") == []


def test_known_name_modifying_what_follows_is_not_a_mention():
    assert names("主题党日活动形式单一,网格化管理事项过多") == []
    assert [n for _, n in names("落实主题党日制度,推行网格化管理")] == ["主题党日制度", "网格化管理"]


def test_a_process_verb_right_after_a_noun_stays_in_the_name():
    assert [n for _, n in names("（二）电价形成机制不健全。")] == ["电价形成机制"]
    assert [n for _, n in names("推行政务信息公开制度")] == ["政务信息公开制度"]
    assert names("尚未形成机制") == [] and names("要逐步完善机制") == []


@pytest.mark.parametrize("text, name", [
    ("推行危化品车辆全程定位记录和上传制度,将数据纳入监管平台", "危化品车辆全程定位记录和上传制度"),
    ("建立“网格巡查、部门处置、群众评议”联动机制,并定期通报", "“网格巡查、部门处置、群众评议”联动机制"),
])
def test_a_recorded_action_and_a_quoted_list_stay_in_the_name(text, name):
    assert name in [n for _, n in names(text)]


def test_a_long_quotation_that_is_no_list_of_parts_is_not_a_name():
    found = [n for _, n in names("提出“让数据多跑路,让群众少跑腿”的长效机制")]
    assert not [n for n in found if n.startswith("“")]


def test_a_division_marker_before_a_space_is_no_part_of_a_name():
    names = [m.name for m in find_mentions("第三节 考核奖惩制度落实不到位")]
    assert names == ["考核奖惩制度"]


@pytest.mark.parametrize("text", ["现行审批制度过于繁琐", "许可制度尚未区分城乡"])
def test_approval_and_licensing_systems_in_general_are_not_names(text):
    assert find_mentions(text) == []

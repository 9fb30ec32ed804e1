"""The prose reader: problems, causes and countermeasures written in running text.
Texts here are written for these tests (no dev or web text)."""

from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.link.linker import link
from policykg.models import EdgeType, NodeType
from policykg.outline.structure import outline

P, C, M = NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE


def typed(text):
    doc = make_doc(text)
    nodes = extract(doc, outline(doc))
    return doc, [n for n in nodes if n.type in (P, C, M)]


def labels(nodes, ntype):
    return [n.label for n in nodes if n.type is ntype]


ABSTRACT = (
    "摘要:本文调查了某市社区食堂的运营情况,发现社区食堂面临着资金来源单一、专业厨师短缺、"
    "餐品价格偏高和服务时段过窄等现实困境。究其原因,主要由于财政补贴退坡、岗位薪酬偏低、"
    "食材采购分散等造成。对此,文章提出要拓宽筹资渠道、完善人员激励和推行集中采购,以期提升"
    "社区食堂的可持续性。\n关键词:社区食堂;养老服务\n")


def test_lists_in_an_abstract_give_one_node_per_member():
    _, nodes = typed(ABSTRACT)
    assert labels(nodes, P) == ["资金来源单一", "专业厨师短缺", "餐品价格偏高", "服务时段过窄"]
    assert labels(nodes, C) == ["财政补贴退坡", "岗位薪酬偏低", "食材采购分散"]
    # 和 joins two measures (both open with a verb); the purpose clause 以期… is dropped
    assert labels(nodes, M) == ["拓宽筹资渠道", "完善人员激励", "推行集中采购"]
    rules = {n.rule for n in nodes}
    assert rules <= {"prose-list", "stated-list"}
    assert {n.cue for n in nodes if n.type is C} == {"究其原因"}


def test_members_joined_by_yu_stay_one_when_the_list_uses_he():
    _, nodes = typed("当前,村级文化站面临场地闲置、管理人员不足与经费保障薄弱等问题。")
    assert labels(nodes, P) == ["场地闲置", "管理人员不足与经费保障薄弱"]


COMMENTARY = (
    "城市夜间公交的缺位,原因是多方面的。首先是客流分散、单车收入偏低,企业难以维持运营。"
    "夜班司机的工作时间长,待遇却与白班相近。其次,线路规划沿用日间思路,站点覆盖不足。\n"
    "为了补上夜间出行的短板,各地正在寻找办法。一方面,交通部门研议建立夜间线路动态调整机制,"
    "让线路跟着客流走。另一方面,加大对夜班司机的补贴,例如提高夜班津贴。同时,运营企业也考虑"
    "引入小型车辆,以降低空驶成本。\n")


def test_a_lead_scopes_the_sequence_after_it():
    _, nodes = typed(COMMENTARY)
    assert labels(nodes, P) == ["城市夜间公交的缺位"]
    assert labels(nodes, C) == ["客流分散、单车收入偏低", "线路规划沿用日间思路"]
    # the actor and modal (交通部门研议) are dropped; the example (例如…) is not a measure
    assert labels(nodes, M) == ["建立夜间线路动态调整机制", "加大对夜班司机的补贴", "引入小型车辆"]
    by = {n.label: n for n in nodes}
    assert by["客流分散、单车收入偏低"].cue == "首先"
    assert by["建立夜间线路动态调整机制"].cue == "一方面"


def test_causes_and_measures_a_lead_ties_to_one_problem_are_linked_to_it():
    doc, nodes = typed(COMMENTARY)
    edges = link(doc, nodes)
    problem = next(n for n in nodes if n.type is P)
    caused = {e.target for e in edges if e.source == problem.id and e.type is EdgeType.CAUSED_BY}
    assert caused == {n.id for n in nodes if n.type is C}
    addressed = {e.target for e in edges if e.source == problem.id and e.type is EdgeType.ADDRESSED_BY}
    assert addressed == {n.id for n in nodes if n.type is M}


def test_factors_before_their_effect():
    _, nodes = typed("山区道路弯多坡陡、照明设施缺乏、养护力量薄弱等因素,使得夜间事故率居高不下。")
    assert labels(nodes, C) == ["山区道路弯多坡陡", "照明设施缺乏", "养护力量薄弱"]
    assert labels(nodes, P) == ["夜间事故率居高不下"]


def test_traditional_script_colon_list_and_measures():
    text = ("鄉鎮圖書館為什麼少有人去?主要有三大原因:藏書更新慢、開放時間短、活動宣傳少。"
            "要扭轉局面,需從館藏更新入手,並延長週末開放時間。")
    _, nodes = typed(text)
    assert labels(nodes, P) == ["鄉鎮圖書館為什麼少有人去"]  # the question names the problem
    assert labels(nodes, C) == ["藏書更新慢", "開放時間短", "活動宣傳少"]
    assert labels(nodes, M) == ["從館藏更新入手", "延長週末開放時間"]


def test_background_statistics_examples_and_announcements_give_nothing():
    text = ("据统计,全市共有社区食堂120家,其中三成存在亏损、人手不足等情况。"
            "例如,某街道食堂通过引入社会资本、开设外卖窗口等方式扭亏为盈。"
            "调查显示,六成老人对价格、口味和卫生较为满意。"
            "十九大报告提出实施积极应对人口老龄化战略、完善养老服务体系。"
            "为此,建议从以下几个方面着手。")
    _, nodes = typed(text)
    assert nodes == []


def test_a_list_after_a_named_problem_describes_it():
    # 存在“X”的问题: what follows the colon describes X, not separate problems
    _, nodes = typed("一些地方的河道治理存在“重整治、轻管护”的问题:汛前集中清淤、拉网排查;汛期一过,无人巡查。")
    assert labels(nodes, P) == []


def test_an_abstract_list_before_the_body_items_only_summarises():
    text = ("摘要:村级财务管理存在账目不清、公开滞后、监督乏力等问题。\n"
            "一、存在的问题\n(一)账目不清\n部分村记账随意。\n(二)公开滞后\n公开内容不全。\n"
            "(三)监督乏力\n监督小组形同虚设。\n")
    _, nodes = typed(text)
    assert labels(nodes, P) == ["账目不清", "公开滞后", "监督乏力"]
    assert all(n.rule.startswith("item") for n in nodes)


def test_a_cause_and_its_effects_stated_in_one_sentence_are_linked():
    text = ("近年来,县域客运线路持续萎缩。同时,农村人口的持续外流,尤其是青壮年的外出务工又进一步导致"
            "客源不足,也给线路运营带来一系列难题。\n")
    doc, nodes = typed(text)
    assert labels(nodes, C) == ["农村人口的持续外流,尤其是青壮年的外出务工"]
    assert labels(nodes, P) == ["客源不足", "给线路运营带来一系列难题"]
    edges = link(doc, nodes)
    cause = next(n for n in nodes if n.type is C)
    assert {e.source for e in edges if e.target == cause.id and e.type is EdgeType.CAUSED_BY} == \
        {n.id for n in nodes if n.type is P}


def test_hypotheses_and_pointing_back_state_no_cause():
    text = ("反之,供需失衡不仅会造成资源浪费,还会进一步造成服务质量下降。"
            "这导致群众满意度持续偏低。\n")
    _, nodes = typed(text)
    assert nodes == []


def test_problems_laid_out_one_by_one_in_prose():
    text = ("首先,窗口排队时间长是其中的主要问题之一。\n"
            "造成这些问题的原因主要有两方面:一是人手不足;二是流程繁琐。\n"
            "其次,窗口服务态度也是一个亟待解决的问题。\n"
            "目前存在的问题包括接待用语生硬、业务解释不清等。\n"
            "针对这一问题,窗口单位应该开展礼仪培训。\n")
    doc, nodes = typed(text)
    # X是…问题之一 names the problem; a paragraph listing members gives one node each
    assert labels(nodes, P) == ["窗口排队时间长", "窗口服务态度", "接待用语生硬", "业务解释不清"]
    assert labels(nodes, M) == ["开展礼仪培训"]
    by = {n.label: n for n in nodes}
    edges = link(doc, nodes)
    # 针对这一问题 answers the problem just stated, not the first one
    assert (by["窗口服务态度"].id, by["开展礼仪培训"].id) in {(e.source, e.target) for e in edges}
    assert (by["窗口排队时间长"].id, by["开展礼仪培训"].id) not in {(e.source, e.target) for e in edges}

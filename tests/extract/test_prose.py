"""The prose reader: problems, causes and countermeasures written in running text.
Texts here are written for these tests (no dev or web text)."""

from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.extract.prose import _Reader
from policykg.extract.prose_known import unwrapped as _unwrapped
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
    assert by["客流分散、单车收入偏低"].cue.startswith("首先")  # an inline item (首先是) or a prose sequence
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


def read_prose(text):
    """What the prose reader reads in every line, whatever the outline made of it."""
    doc = make_doc(text)
    reader = _Reader(doc, outline(doc))
    at = 0
    for line in text.split("\n"):
        reader.read(at, at + len(line))
        at += len(line) + 1
    return [(d.type, doc.norm[d.start:d.end]) for d in reader.out]


def test_a_marked_run_of_actions_after_causes_is_a_run_of_measures():
    # no cue word turns from causes to measures: the members' own wording does
    text = ("社区菜市场为何越开越少?首先,摊位租金偏高。其次,客流被电商分流。\n"
            "守住菜市场,不能只靠补贴。第一,推行摊位租金减免。第二,推广社区团购。"
            "第三,提高服务补贴标准。\n")
    found = read_prose(text)
    assert [x for t, x in found if t is C] == ["摊位租金偏高", "客流被电商分流"]
    assert [x for t, x in found if t is M] == ["推行摊位租金减免", "推广社区团购", "提高服务补贴标准"]


def test_one_member_opening_with_a_verb_does_not_turn_a_run_of_causes():
    text = ("老旧厂房为何难以盘活?首先,产权关系复杂。其次,改造项目收益性差。"
            "再次,配套资金落实不到位。\n")
    _, nodes = typed(text)
    assert labels(nodes, C) == ["产权关系复杂", "改造项目收益性差", "配套资金落实不到位"]
    assert labels(nodes, M) == []


def test_commas_separate_members_when_a_member_holds_its_own_enumeration():
    text = ("研究认为,问题的成因在于规划、建设与管理部门在审批环节职责交叉,"
            "申报单位材料准备能力欠缺,以及配套细则不健全。\n")
    _, nodes = typed(text)
    assert labels(nodes, C) == ["规划、建设与管理部门在审批环节职责交叉", "申报单位材料准备能力欠缺",
                                "配套细则不健全"]
    # without commas between members, 、 still separates them
    _, nodes = typed("目前,站点存在设备老化、人员流失、经费紧张等问题。\n")
    assert labels(nodes, P) == ["设备老化", "人员流失", "经费紧张"]


def test_a_list_as_subject_of_an_occurring_predicate_gives_its_problems():
    _, nodes = typed("近年游客投诉不断,强制购物、虚高标价、擅改行程等问题屡见不鲜。\n")
    assert labels(nodes, P) == ["强制购物", "虚高标价", "擅改行程"]
    # no 等 and no frame noun: a plain description, no list of problems
    _, nodes = typed("近年游客投诉不断,景区门票、餐饮和住宿价格普遍上涨。\n")
    assert labels(nodes, P) == []


def test_a_closing_sentence_names_what_the_causes_bring_about():
    text = ("山区快递为何难进村?首先,村民居住分散。其次,单件配送成本偏高。再者,村级站点补贴不足。"
            "凡此种种,都导致快递进村长期停留在口号上。\n")
    doc, nodes = typed(text)
    assert labels(nodes, C) == ["村民居住分散", "单件配送成本偏高", "村级站点补贴不足"]
    assert "快递进村长期停留在口号上" in labels(nodes, P)
    edges = link(doc, nodes)
    closing = next(n for n in nodes if n.label == "快递进村长期停留在口号上")
    assert {e.target for e in edges if e.source == closing.id and e.type is EdgeType.CAUSED_BY} == \
        {n.id for n in nodes if n.type is C}


def test_a_cause_lead_naming_only_a_field_is_no_cause():
    # 根源在于行业结构 names where the causes lie; the causes are the members that follow
    found = read_prose("问题的根源在于行业结构。一方面,牌照数量多年冻结。另一方面,从业人员老化严重。\n")
    assert [x for t, x in found if t is C] == ["牌照数量多年冻结", "从业人员老化严重"]
    found = read_prose("问题的根源在于监管责任缺位。\n")
    assert [x for t, x in found if t is C] == ["监管责任缺位"]


def test_a_lead_pointing_back_takes_the_sentence_before_as_its_problems():
    text = ("近年来,县城商业街店铺空置率攀升,客流持续减少。究其原因,在于网购分流、租金偏高。\n")
    doc, nodes = typed(text)
    assert labels(nodes, P) == ["县城商业街店铺空置率攀升", "客流持续减少"]
    assert labels(nodes, C) == ["网购分流", "租金偏高"]
    edges = {(e.source, e.target) for e in link(doc, nodes) if e.type is EdgeType.CAUSED_BY}
    assert edges == {(p.id, c.id) for p in nodes if p.type is P for c in nodes if c.type is C}


def test_an_elaboration_stays_with_its_clause_and_evidence_is_no_problem():
    found = read_prose("长期以来,大量农户,尤其是中青年农户外出务工,耕地撂荒,地力下降。究其原因,在于种粮收益偏低。\n")
    assert [x for t, x in found if t is P] == ["大量农户,尤其是中青年农户外出务工", "耕地撂荒,地力下降"]
    # survey figures before the lead state no problem of the text's own
    found = read_prose("数据显示,六成商户营业额减少。究其原因,在于网购分流、租金偏高。\n")
    assert [x for t, x in found if t is P] == []


def test_a_problem_stated_in_the_intro_is_the_one_a_causes_heading_names():
    text = ("引言\n然而,近年来乡镇卫生院护士流失问题日益凸显。\n一、乡镇卫生院护士流失的原因分析\n"
            "(一)薪酬待遇偏低\n多数护士月薪不足四千元。\n(二)晋升渠道狭窄\n职称名额长期不足。\n")
    doc, nodes = typed(text)
    problems = [n for n in nodes if n.type is P]
    assert len(problems) == 1  # one problem, mentioned in the intro and named by the heading
    at = text.index("近年来乡镇卫生院护士流失问题")
    assert any(a <= at + 3 and at + 10 <= b for a, b in problems[0].spans)
    edges = {(e.source, e.target) for e in link(doc, nodes) if e.type is EdgeType.CAUSED_BY}
    assert edges == {(problems[0].id, c.id) for c in nodes if c.type is C}
    # a problem the intro states that is not the one the heading names stays a node of its own
    doc, nodes = typed(text.replace("护士流失问题日益凸显", "床位闲置问题日益凸显"))
    assert len([n for n in nodes if n.type is P]) == 2


def test_a_cause_lead_reads_a_pair_joined_by_yu_as_two_causes():
    found = read_prose("社区停车难,本质是规划配建失衡与管理机制僵化。\n")
    assert [x for t, x in found if t is C] == ["规划配建失衡", "管理机制僵化"]
    # after 存在, A与B问题 names one problem
    found = read_prose("全县养老资源的分配存在城乡差距与区域失衡问题。\n")
    assert [x for t, x in found if t is P] == ["全县养老资源的分配存在城乡差距与区域失衡问题"]


def test_a_sentence_warning_of_a_further_problem_states_it():
    found = read_prose("更需警惕的是,隐形加班在部分企业仍在蔓延。\n")
    assert [x for t, x in found if t is P] == ["隐形加班在部分企业仍在蔓延"]
    assert read_prose("值得一提的是,多数企业已建立弹性工时。\n") == []


def test_an_analysis_of_stated_problems_lists_their_causes():
    text = ("研究发现社区助餐存在菜品单一、价格偏高、配送覆盖不足等问题。进一步分析表明,"
            "助餐点运营补贴尚未落实;第三方配送企业准入标准缺位;老年人需求调查未能开展。\n")
    found = read_prose(text)
    assert [x for t, x in found if t is C] == ["助餐点运营补贴尚未落实", "第三方配送企业准入标准缺位",
                                               "老年人需求调查未能开展"]
    # an analysis of what works states no causes; nor does one with no problems before it
    found = read_prose("研究发现社区助餐存在菜品单一等问题。进一步分析表明,"
                       "助餐点普遍设在社区中心;配送由街道统筹。\n")
    assert [x for t, x in found if t is C] == []
    found = read_prose("进一步分析表明,助餐点运营补贴尚未落实;配送企业准入标准缺位。\n")
    assert [x for t, x in found if t is C] == []


def test_a_member_after_a_connective_drops_it_and_ordinal_words_are_no_markers():
    found = read_prose("对此,建议明确服务定位;同时,应建立第三方评估制度;健全经费分担机制。\n")
    assert [x for t, x in found if t is M] == ["明确服务定位", "建立第三方评估制度", "健全经费分担机制"]


def test_a_lead_subject_is_also_where_the_text_first_named_its_head():
    text = ("本市中小学因学生近视率攀升而备受关注。\n"
            "本市学生的近视率攀升源自多重因素。一方面是电子产品使用过多。另一方面,户外活动时间不足。\n")
    doc, nodes = typed(text)
    problem = next(n for n in nodes if n.type is P)
    first = text.index("学生近视率攀升")
    assert (first, first + len("学生近视率攀升")) in problem.spans
    # a head of four characters or fewer is too common a phrase to be a mention
    other = text.replace("学生近视率攀升", "近视率升")
    doc, nodes = typed(other)
    problem = next(n for n in nodes if n.type is P)
    assert all(a > other.index("\n") for a, _ in problem.spans)


def test_a_closing_problem_is_mentioned_where_its_catchword_was_first_written():
    text = ("近来“退费难”已成为培训消费投诉的焦点。\n"
            "首先,机构准入门槛过低。其次,预收费用缺乏监管。再者,家长维权成本偏高。"
            "凡此种种,都导致校外培训“退费难”屡禁不止。\n")
    doc, nodes = typed(text)
    closing = next(n for n in nodes if n.type is P and n.rule == "prose-closure")
    first = text.index("退费难")
    assert (first, first + 3) in closing.spans


COMMENTARY_WITH_TOPIC_LINES = (
    "城市更新不能只拆不管。记者近日走访多个老旧小区发现,改造后的维护跟不上。\n"
    "小区公共设施维护缺位\n"
    "多数小区的维修资金归集率偏低;加上物业企业退出频繁,最终导致设施完好率明显下降。\n"
    "居民议事机制 流于形式\n"
    "不少小区的议事会一年只开一次。\n")


def test_a_commentary_sub_heading_line_keeps_its_paragraph_prose():
    # the unnumbered heading lines are problems; the paragraph under one is still read as prose:
    # A;加上B,最终导致X gives both causes of X
    doc, nodes = typed(COMMENTARY_WITH_TOPIC_LINES)
    assert labels(nodes, C) == ["多数小区的维修资金归集率偏低", "物业企业退出频繁"]
    assert "设施完好率明显下降" in labels(nodes, P)
    edges = link(doc, nodes)
    effect = next(n for n in nodes if n.label == "设施完好率明显下降")
    assert {e.target for e in edges if e.source == effect.id and e.type is EdgeType.CAUSED_BY} == \
        {n.id for n in nodes if n.type is C}


def test_under_a_section_a_typed_item_body_is_its_own_elaboration():
    text = ("一、存在的问题\n(一)公共设施维护缺位\n"
            "多数小区的维修资金归集率偏低;加上物业企业退出频繁,最终导致设施完好率明显下降。\n")
    _, nodes = typed(text)
    assert "设施完好率明显下降" not in labels(nodes, P)


def test_members_of_one_cause_list_are_not_each_others_causes():
    text = ("近年来,县域公交客流持续减少。究其原因在于城镇化加速导致农村客源萎缩,"
            "农村客源萎缩、票价倒挂导致企业亏损。\n")
    doc, nodes = typed(text)
    causes = {n.id for n in nodes if n.type is C}
    assert len(causes) == 2
    assert not [e for e in link(doc, nodes) if e.source in causes and e.target in causes]


def test_a_run_after_a_cause_lead_that_lays_out_the_problem_gives_problems():
    text = ("社区工作者负担过重,本质是职责边界不清。一方面,名目繁多的台账、重复报送的材料,"
            "挤占了入户走访的时间。另一方面,考核排名让社区陷入“疲于应付”的困境。\n")
    found = read_prose(text)
    assert [x for t, x in found if t is C] == ["职责边界不清"]
    assert [x for t, x in found if t is P] == ["社区工作者负担过重", "名目繁多的台账、重复报送的材料",
                                               "考核排名让社区陷入“疲于应付”的困境"]
    # when no member says it is a problem, the run after the lead gives causes
    found = read_prose("社区工作者负担过重,原因是多方面的。一方面,职责边界不清。另一方面,考核指标偏多。\n")
    assert [x for t, x in found if t is C] == ["职责边界不清", "考核指标偏多"]


def test_an_in_between_cause_in_a_run_of_causes():
    text = ("农村快递为何难进村?首先,末端网点补贴不足。其次,村级站点缺乏稳定收入,"
            "一旦业务量下滑,资金周转困难导致站点关停,进而造成包裹滞留乡镇。\n")
    doc, nodes = typed(text)
    assert set(labels(nodes, C)) >= {"资金周转困难", "站点关停"}
    by = {n.label: n for n in nodes}
    edges = {(e.source, e.target) for e in link(doc, nodes) if e.type is EdgeType.CAUSED_BY}
    assert (by["站点关停"].id, by["资金周转困难"].id) in edges
    # without a further step (进而…) a consequence inside the run is no in-between cause
    doc, nodes = typed(text.replace(",进而造成包裹滞留乡镇", ""))
    assert "站点关停" not in labels(nodes, C)


def test_an_in_between_cause_comes_of_the_member_it_follows():
    text = ("网约配送为何屡遭投诉?一方面,平台抽成比例过高,骑手把成本转嫁到配送时效上,"
            "导致超时罚款居高不下,进而迫使骑手闯红灯抢时间。另一方面,站点管理粗放。\n")
    doc, nodes = typed(text)
    by = {n.label: n for n in nodes}
    assert by["超时罚款居高不下"].type is C
    edges = {(e.source, e.target) for e in link(doc, nodes) if e.type is EdgeType.CAUSED_BY}
    assert (by["超时罚款居高不下"].id, by["平台抽成比例过高"].id) in edges


def test_a_plain_cause_and_effect_in_a_typed_item_body_elaborates_the_item():
    text = ("一、存在的问题\n托位供需错配。\n二、原因分析\n一是托管场地布局滞后。"
            "新建小区配建要求落实不到位,导致托位供给与需求分布不匹配。二是运营补贴不足。\n")
    _, nodes = typed(text)
    assert labels(nodes, C) == ["托管场地布局滞后", "运营补贴不足"]
    assert labels(nodes, P) == ["托位供需错配"]


def test_a_sentence_hard_wrapped_over_two_lines_is_read_whole():
    text = ("由前述访谈可知,本县的农村污水处理设施普遍面临建设标准偏低、运维经费\n"
            "不足及专业人员短缺等困境。\n")
    found = read_prose_unwrapped(text)
    assert [x for t, x in found if t is P] == ["建设标准偏低", "运维经费\n不足", "专业人员短缺"]
    # a title line is no wrapped sentence
    assert _unwrapped("乡村污水治理的困境与对策\n一、引言\n", [(0, 12), (13, 18)]) == [(0, 12), (13, 18)]


def read_prose_unwrapped(text):
    doc = make_doc(text)
    reader = _Reader(doc, outline(doc))
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    for s, e in _unwrapped(doc.norm, lines):
        reader.read(s, e, "\n" in doc.norm[s:e])
    return [(d.type, doc.norm[d.start:d.end]) for d in reader.out]


def test_a_question_opening_with_weihe_names_the_problem():
    found = read_prose("為何長者難以使用網上預約?首先,介面字體細小。其次,培訓名額有限。\n")
    assert [x for t, x in found if t is P] == ["长者难以使用网上预约"]  # read in the simplified copy
    assert len([x for t, x in found if t is C]) == 2


def test_measures_a_lead_lists_with_commas_and_semicolons():
    found = read_prose("据此,本文提出应建立按餐补贴机制,引入专业运营团队,并开展常态化需求调查。\n")
    assert [x for t, x in found if t is M] == ["建立按餐补贴机制", "引入专业运营团队", "开展常态化需求调查"]
    found = read_prose("学生上学路程变远。对此,应当科学制定撤并规划;同时,要完善校车服务。\n")
    assert [x for t, x in found if t is M] == ["科学制定撤并规划", "完善校车服务"]
    # a comma clause that does not open with an action stays with the measure before it
    found = read_prose("据此,本文提出应建立按餐补贴机制,资金由区财政统筹。\n")
    assert [x for t, x in found if t is M] == ["建立按餐补贴机制"]


def test_lists_after_biaoxianwei_and_miandui_give_problems():
    found = read_prose("调研发现,乡镇应急管理主要表现为预案流于形式、物资储备不足、专职队伍缺位等短板。\n")
    assert [x for t, x in found if t is P] == ["预案流于形式", "物资储备不足", "专职队伍缺位"]
    found = read_prose("青年在大城市租房,面对租金高、品质差、租期短三大难题。\n")
    assert [x for t, x in found if t is P] == ["租金高", "品质差", "租期短"]


def test_weihe_inside_a_title_names_no_problem_of_its_own():
    assert read_prose("快递包装回收为何“叫好不叫座”\n") == []


def test_an_actor_and_an_ought_modal_prescribe_without_a_lead():
    found = read_prose("青年租房难题待解。政府应加快兴建社会住宅,并推动租赁专法落实。\n")
    assert [x for t, x in found if t is M] == ["加快兴建社会住宅", "推动租赁专法落实"]
    # 需要 says what is needed: no prescription without a lead
    assert read_prose("照护人员经常需要从事夜间轮班工作。\n") == []


def test_a_further_cause_after_cishi_in_a_run_of_causes():
    text = ("校园欺凌屡禁不绝的原因是多方面的。一方面,部分学校倾向低调处理。另一方面,辅导人力不足。"
            "此外,网络欺凌蔓延,家长无从察觉。\n")
    found = read_prose(text)
    assert [x for t, x in found if t is C] == ["部分学校倾向低调处理", "辅导人力不足", "网络欺凌蔓延"]


def test_three_actions_in_a_row_are_three_measures_two_are_one_chain():
    found = read_prose("服务供给不足。为此,应深化支付方式改革,健全绩效考核机制,加大财政投入。\n")
    assert [x for t, x in found if t is M] == ["深化支付方式改革", "健全绩效考核机制", "加大财政投入"]
    found = read_prose("服务供给不足。为此,应借鉴外地经验,引入第三方评估。\n")
    assert [x for t, x in found if t is M] == ["借鉴外地经验,引入第三方评估"]


def test_after_a_colon_commas_enumerate_causes_elsewhere_a_comma_clause_may_restate_one():
    found = read_prose("造成上述困境的原因主要有:支付改革滞后,利益目标不一致,以及财政投入有限。\n")
    assert [x for t, x in found if t is C] == ["支付改革滞后", "利益目标不一致", "财政投入有限"]
    found = read_prose("上述问题的根源在于责任意识不强,对主体责任认识不足。\n")
    assert [x for t, x in found if t is C] == ["责任意识不强"]


# ---------------------------------------------------------------- issue 9: leads of corpus-j's kind
# (texts written for these tests)

def test_why_leads_name_the_problem_and_open_a_cause_run():
    _, nodes = typed("社区停车难之所以久拖不决,一则老旧小区车位规划不足;二则临时停车收费标准混乱。\n")
    assert labels(nodes, P) == ["社区停车难"]
    assert labels(nodes, C) == ["老旧小区车位规划不足", "临时停车收费标准混乱"]
    _, nodes = typed("乡村图书室门可罗雀,首先是因为藏书更新缓慢。其次,开放时间与农忙时段冲突。\n")
    assert labels(nodes, P) == ["乡村图书室门可罗雀"]
    assert labels(nodes, C) == ["藏书更新缓慢", "开放时间与农忙时段冲突"]
    _, nodes = typed("造成“县里热、村里冷”的原因,一方面在于驻村干部考核偏重台账;"
                     "另一方面在于村级议事平台缺位。\n")
    assert labels(nodes, C) == ["驻村干部考核偏重台账", "村级议事平台缺位"]


def test_why_leads_must_not_fire_on_adverbials_or_plain_clauses():
    # a time adverbial is no subject; 由于 without a sequence marker opens no cause run here
    _, nodes = typed("近年来,首先是因为政策调整,各地纷纷开设夜市。\n")
    assert labels(nodes, P) == []
    _, nodes = typed("今年春季气温偏高,由于降水偏少,小麦提前抽穗。\n")
    assert labels(nodes, P) == []


def test_a_degree_before_a_cause_lead_is_no_problem():
    _, nodes = typed("更深层的原因在于,村级集体经济薄弱,无力承担公共服务支出。\n")
    assert labels(nodes, P) == []
    assert labels(nodes, C) == ["村级集体经济薄弱"]


def test_the_writer_s_voice_before_a_modal_prescribes():
    _, nodes = typed("研究发现,社区食堂存在价格偏高、品类单一等问题。本文认为,应设立运营补贴,"
                     "推行中央厨房配送,将助餐服务纳入养老服务清单,并对低收入老人给予就餐优惠。\n")
    assert labels(nodes, M) == ["设立运营补贴", "推行中央厨房配送", "将助餐服务纳入养老服务清单",
                                "对低收入老人给予就餐优惠"]
    # someone else's view is no prescription of the text
    _, nodes = typed("研究发现,社区食堂存在价格偏高、品类单一等问题。有居民认为,应取消食堂。\n")
    assert labels(nodes, M) == []


def test_a_headline_names_the_lead_s_problem_in_short():
    from policykg.extract.prose_known import mentions
    norm = "快递柜超时收费,代收乱象该管了\n正文里的快递代收乱象之所以普遍,一则…"
    at = norm.index("快递代收乱象")
    assert (norm.index("代收乱象"), norm.index("代收乱象") + 4) in mentions(norm, "快递代收乱象", at)
    # nothing shared with the headline: no mention there
    norm = "社区停车问题\n正文里的快递代收乱象之所以普遍"
    assert all(a > norm.index("\n") for a, _ in mentions(norm, "快递代收乱象", norm.index("快递")))


def test_a_sentence_naming_its_subject_a_cause_opens_a_run():
    _, nodes = typed("夜班公交停运不断增多。司机短缺是最直接的原因。究其根本,在于夜班补贴偏低:"
                     "多数司机按趟计酬。此外,线路规划沿用日间思路,站点覆盖不足。\n")
    assert labels(nodes, C) == ["司机短缺", "夜班补贴偏低", "线路规划沿用日间思路"]
    # a subject that points back names nothing
    _, nodes = typed("夜班公交停运不断增多。上述做法是主要原因。\n")
    assert labels(nodes, C) == []


def test_causes_with_yuanyu_and_yeyu_youguan():
    _, nodes = typed("调查发现,社区书屋存在藏书陈旧、借阅率低等问题。这些问题的形成,既源于购书经费缺乏稳定来源,"
                     "也与管理人员流动频繁、开放时间过短有关。\n")
    assert labels(nodes, C) == ["购书经费缺乏稳定来源", "管理人员流动频繁", "开放时间过短"]
    _, nodes = typed("调查发现,社区书屋存在藏书陈旧、借阅率低等问题。本文数据来源于街道台账,覆盖全部书屋。\n")
    assert labels(nodes, C) == []


def test_a_closing_paragraph_of_the_last_item_speaks_of_all_the_items():
    text = ("一、存在的问题\n一是夜市占道经营屡禁不止。有的摊主凌晨才收摊。\n"
            "二是油烟噪音扰民投诉增多。部分摊点紧邻住宅楼。\n"
            "这些问题的存在,归根到底是街道管理力量不足、夜市准入规则缺位。\n")
    _, nodes = typed(text)
    assert labels(nodes, C) == ["街道管理力量不足", "夜市准入规则缺位"]
    # without the words that gather the items, the paragraph stays the last item's own
    _, nodes = typed(text.replace("这些问题的存在,归根到底是", "归根到底是"))
    assert labels(nodes, C) == []

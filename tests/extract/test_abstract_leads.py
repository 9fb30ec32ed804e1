"""Abstracts, commentaries and theses in prose: a title naming the problem, a back-pointing
lead (造成今日局面), 治理X,不能靠Y, an analysis after an inline problem list, 究其成因 before
一方面…另一方面 (texts written for these tests)."""

from helpers_doc import make_doc

from policykg import pipeline
from policykg.cues import content
from policykg.extract.prose_spans import explains
from policykg.models import EdgeType, NodeType
from policykg.outline.lines import split_lines

EDITORIAL = """社评:公交客流下滑　须及早应对
本市公交去年日均客流跌至一百二十万人次,较五年前减少三成。公交客流持续下滑,不但加重财政补贴负担,亦令路面更加拥堵。
造成今日局面,原因是多方面的。首先,地铁网络迅速扩张,分流了大量乘客。其次,公交线路多年未作调整,绕行严重。再者,车辆老旧,乘坐体验欠佳。
当局必须正视问题。第一,应重整公交线路,与地铁形成接驳。第二,应加快更新车辆。第三,营办商可推出转乘优惠。
"""


def _nodes(text):
    r = pipeline.process(make_doc(text))
    return r.nodes, r.edges


def test_a_situation_pointed_back_to_is_the_problem_the_title_names():
    nodes, edges = _nodes(EDITORIAL)
    central = [n for n in nodes if n.rule == "central-problem"]
    assert [n.label for n in central] == ["公交客流持续下滑"]
    assert not [n for n in nodes if "今日局面" in n.label]
    measures = [n for n in nodes if n.type is NodeType.COUNTERMEASURE]
    assert len(measures) == 3 and not [n for n in nodes if n.type is NodeType.CAUSE and "应" in n.label[:2]]
    tied = {e.target for e in edges if e.source == central[0].id and e.type is EdgeType.ADDRESSED_BY}
    assert tied == {n.id for n in measures}


def test_a_situation_pointed_back_to_with_no_problem_in_the_title_is_no_problem():
    text = EDITORIAL.replace("社评:公交客流下滑　须及早应对", "社评:谈谈本市公交")
    nodes, _ = _nodes(text)
    assert not [n for n in nodes if n.rule == "central-problem"]


COMMENTARY = """破解老旧小区“停车难”,须多管齐下
本报评论员
不少老旧小区晚上一位难求,车辆占用消防通道的情况屡见不鲜。
“停车难”从何而来?直接原因是车位供给不足。更深层的原因在于规划滞后。
治理“停车难”,不能只靠罚款。街道要盘活闲置空地,增设临时车位。物业企业要推行错时共享停车。
"""


def test_the_object_a_commentary_title_sets_out_to_solve_is_its_problem():
    nodes, edges = _nodes(COMMENTARY)
    central = [n for n in nodes if n.rule == "central-problem"]
    assert [n.label for n in central] == ["老旧小区“停车难”"]
    measures = [n for n in nodes if n.type is NodeType.COUNTERMEASURE]
    assert {n.label[:6] for n in measures} == {"盘活闲置空地", "推行错时共享"}
    assert {(e.target, e.type) for e in edges if e.source == central[0].id} >= {
        (n.id, EdgeType.ADDRESSED_BY) for n in measures}


def test_actors_with_a_weak_modal_prescribe_only_after_a_lead_that_asks_for_remedies():
    text = COMMENTARY.replace("治理“停车难”,不能只靠罚款。", "")
    nodes, _ = _nodes(text)
    assert not [n for n in nodes if n.type is NodeType.COUNTERMEASURE]


def test_a_title_that_solves_nothing_names_no_problem():
    text = COMMENTARY.replace("破解老旧小区“停车难”,须多管齐下", "推进老旧小区改造,须多管齐下")
    nodes, _ = _nodes(text)
    assert not [n for n in nodes if n.rule == "central-problem"]


def test_a_field_verb_before_a_shortfall_states_a_problem():
    assert content.lexical_type("保障水平偏低,只保物化成本") is NodeType.PROBLEM
    assert content.lexical_type("建设进度滞后") is NodeType.PROBLEM
    assert content.lexical_type("保障农民收入稳定") is NodeType.COUNTERMEASURE
    assert content.lexical_type("建设冷链物流设施,补齐短板") is NodeType.COUNTERMEASURE
    assert content.lexical_type("加强监管不到位环节的检查") is NodeType.COUNTERMEASURE


ABSTRACT = ("摘要:基于对4个县的调查发现:(1)保障水平偏低,难以覆盖人工成本;(2)理赔周期长;(3)农户参保意愿不强。"
            "进一步分析表明,查勘手段落后,是理赔周期长的主要原因;基层网点少,导致服务跟不上;"
            "而产品设计雷同,则削弱了农户的参保积极性。据此建议:(1)提高保障水平;(2)推广遥感查勘;(3)开发特色险种。")


def test_an_analysis_after_an_inline_problem_list_gives_their_causes():
    nodes, _ = _nodes(ABSTRACT)
    by_type = {t: [n.label for n in nodes if n.type is t] for t in NodeType}
    assert len(by_type[NodeType.PROBLEM]) == 3
    assert by_type[NodeType.CAUSE] == ["查勘手段落后", "基层网点少", "产品设计雷同"]
    second = next(n for n in nodes if n.label == "基层网点少")
    assert "导致服务跟不上" in second.text and "产品设计" not in second.text  # its own part of the list
    assert len(by_type[NodeType.COUNTERMEASURE]) == 3


def test_an_analysis_with_no_problems_before_it_gives_no_causes():
    text = "摘要:本文梳理了农业保险的发展历程。进一步分析表明,查勘手段落后;基层网点少;产品设计雷同。"
    nodes, _ = _nodes(text)
    assert not [n for n in nodes if n.type is NodeType.CAUSE]


def test_a_member_explains_by_what_it_brings_about():
    t = "查勘手段落后,是理赔周期长的主要原因;基层网点少,导致服务跟不上;天气多变"
    a = t.index("基层")
    assert explains(t, 0, 6) and explains(t, a, a + 5)
    b = t.index("天气")
    assert not explains(t, b, b + 4)


def test_a_cause_lead_before_a_writer_and_a_sequence_hands_over_to_the_sequence():
    text = ("综合研究发现,推进迟缓的困境有二:首先,农户顾虑多;其次,企业投入意愿低。\n"
            "究其成因,本研究认为,一方面,补贴标准长期未调整,以致农户收益有限;另一方面,审批环节繁多,"
            "造成企业观望。此外,监管部门抽查频率偏低,亦使违规难以纠正。")
    nodes, _ = _nodes(text)
    causes = [n.label for n in nodes if n.type is NodeType.CAUSE]
    assert causes == ["补贴标准长期未调整", "审批环节繁多", "监管部门抽查频率偏低"]


def test_related_links_and_their_headlines_are_page_furniture():
    text = "三、对策建议\n(一)严把准入关。\n相关链接:\n· 市局召开推进会\n· 我市出台若干措施"
    lines = split_lines(make_doc(text))
    assert [bool(ln.junk) for ln in lines] == [False, False, True, True, True]


PARALLEL = ("【摘要】调查发现,当前面临三方面梗阻:一是企业规模偏小,抗风险能力弱;二是冷链物流成本偏高;三是品牌影响力不足。"
            "究其原因,一是缺乏龙头企业带动,中小企业各自为战;二是冷链设施不足,运输损耗大;三是品牌营销投入少,宣传渠道单一。"
            "为此,应从三个方面发力:一是培育龙头企业;二是建设冷链设施;三是加大品牌营销。")


def test_members_of_an_in_sentence_list_are_named_without_their_number():
    nodes, _ = _nodes(PARALLEL)
    labels = [n.label for n in nodes if n.type in (NodeType.CAUSE, NodeType.COUNTERMEASURE)]
    assert "缺乏龙头企业带动" in labels and "培育龙头企业" in labels
    assert not [x for x in labels if x[:2] in ("一是", "二是", "三是")]


def test_causes_right_after_a_problem_list_answer_it_number_for_number():
    nodes, edges = _nodes(PARALLEL)
    problems = [n for n in nodes if n.type is NodeType.PROBLEM]
    causes = [n for n in nodes if n.type is NodeType.CAUSE]
    linked = {(e.source, e.target) for e in edges if e.type is EdgeType.CAUSED_BY}
    assert {(p.id, c.id) for p, c in zip(problems, causes)} <= linked
    assert (problems[0].id, causes[1].id) not in linked


OPED = """遏制外卖平台“价格战”,须标本兼治
本报评论员
“价格战”从何而来?直接原因是资本大量涌入。几年前,一些平台为抢占市场,以高额补贴吸引商户。平台补贴让商户低价促销几乎没有成本,导致订单在短时间内集中到少数平台。
更深层的原因在于服务同质化。同时,部分地方对平台垄断行为的监管滞后,也在客观上加剧了恶性竞争。
"""


def test_in_a_run_of_causes_one_more_is_added_with_what_it_brings_about():
    causes = [n.label for n in _nodes(OPED)[0] if n.type is NodeType.CAUSE]
    assert "部分地方对平台垄断行为的监管滞后" in causes
    assert "平台补贴让商户低价促销几乎没有成本" in causes


def test_outside_a_run_of_causes_x_daozhi_y_and_tongshi_give_no_cause():
    text = ("本市外卖订单增长较快。平台补贴让商户低价促销几乎没有成本,导致订单集中到少数平台。"
            "同时,部分地方对平台垄断行为的监管滞后,也在客观上加剧了恶性竞争。")
    causes = [n.label for n in _nodes(text)[0] if n.type is NodeType.CAUSE]
    assert "部分地方对平台垄断行为的监管滞后" not in causes
    assert "平台补贴让商户低价促销几乎没有成本" not in causes


def test_tongshi_without_an_effect_adds_no_cause():
    text = OPED.replace("部分地方对平台垄断行为的监管滞后,也在客观上加剧了恶性竞争", "部分地方出台了平台经营指引,相关投诉也在增多")
    causes = [n.label for n in _nodes(text)[0] if n.type is NodeType.CAUSE]
    assert not [c for c in causes if "指引" in c]


FINDINGS = ("【摘要】本文分析了某省三年来的校车安全检查记录,发现车辆超员运行、驾驶人资质不合格等问题较为突出。"
            "文章主张建立校车动态监控平台,推行驾驶人年度复审。")


def test_findings_name_problems_and_a_writer_who_advocates_names_measures():
    nodes, _ = _nodes(FINDINGS)
    problems = [n.label for n in nodes if n.type is NodeType.PROBLEM]
    measures = [n.label for n in nodes if n.type is NodeType.COUNTERMEASURE]
    assert problems == ["车辆超员运行", "驾驶人资质不合格"]
    assert measures == ["建立校车动态监控平台", "推行驾驶人年度复审"]


BECAUSE_LIST = ("摘要:调查发现,乡镇卫生院存在设备闲置、医生流失等问题。分析认为,这些问题的出现,"
                "一是由于上级拨款只覆盖设备购置;二是由于基层岗位晋升通道狭窄。")


def test_causes_after_an_analysis_may_open_with_because_and_a_subject_pointing_back():
    nodes, _ = _nodes(BECAUSE_LIST)
    causes = [n.label for n in nodes if n.type is NodeType.CAUSE]
    assert causes == ["上级拨款只覆盖设备购置", "基层岗位晋升通道狭窄"]


SECOND_MEASURE = ("摘要:调查发现,城郊垃圾中转站存在臭味扰民、清运不及时等问题。据此,本文提出,"
                  "一是完善中转站除臭设施,并提高清运频次;二是将运营考核交由第三方评估,或通过购买服务引入专业企业。")


def test_bing_or_huo_opening_an_action_adds_a_second_measure():
    nodes, _ = _nodes(SECOND_MEASURE)
    measures = [n.label for n in nodes if n.type is NodeType.COUNTERMEASURE]
    assert measures == ["完善中转站除臭设施", "提高清运频次", "将运营考核交由第三方评估", "通过购买服务引入专业企业"]

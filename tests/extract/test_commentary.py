"""Commentaries about one problem: the title's quoted name, cause leads that name no 原因
word, why-questions and 仅靠…不够 leads (texts written for these tests)."""

from helpers_doc import make_doc

from policykg import pipeline
from policykg.models import EdgeType, NodeType
from policykg.outline.clauses import lead_in_role
from policykg.outline.markers import find_inline
from policykg.models import Role

OPED = """“群租房”乱象，难在哪里？
本报评论员

近年来，一些城市的“群租房”屡见不鲜，隔断出租、消防隐患突出，邻里投诉不断。

群租房，表面看是租客贪图便宜，深层次看是供给、执法和监管多重短板。一是房源供给不足，低收入租客难以负担整租。二是执法手段有限，部门之间职责不清。

治理“群租房”，仅靠突击检查远远不够。首先，要增加保障性租赁住房供给，满足新市民的租住需求。其次，要建立部门联合执法机制，明确住建、公安和街道的责任。
"""

REFORM = """推进“放管服”改革的实践与思考

今年以来，我区深入推进“放管服”改革，企业开办时间压缩到一天。

下一步，我们将继续深化改革。首先，要推行证照分离改革，扩大告知承诺范围。其次，要完善政务服务平台，推动更多事项网上办理。
"""


def _graph(text):
    r = pipeline.process(make_doc(text))
    return r.nodes, r.edges


def test_title_quoted_problem_is_central_and_gets_edges():
    nodes, edges = _graph(OPED)
    central = [n for n in nodes if n.rule == "central-problem"]
    assert [n.label for n in central] == ["群租房"]
    causes = {n.id for n in nodes if n.type is NodeType.CAUSE}
    measures = {n.id for n in nodes if n.type is NodeType.COUNTERMEASURE}
    assert len(causes) == 2 and len(measures) == 2
    got = {(e.target, e.type) for e in edges if e.source == central[0].id}
    assert {(c, EdgeType.CAUSED_BY) for c in causes} <= got
    assert {(m, EdgeType.ADDRESSED_BY) for m in measures} <= got


def test_prescriptions_in_a_measure_list_are_not_read_as_causes():
    nodes, _ = _graph(OPED)
    assert not [n for n in nodes if n.type is NodeType.CAUSE and "供给" in n.label and "增加" in n.label]


def test_quoted_reform_name_in_a_title_is_no_problem():
    nodes, _ = _graph(REFORM)
    assert not [n for n in nodes if n.rule == "central-problem"]


def test_leads_that_announce_causes_or_measures():
    assert lead_in_role("停车难，表面看是车位不够，深层次看是规划和管理多重失灵。") is Role.CAUSE
    assert lead_in_role("外卖骑手为何频频逆行？") is Role.CAUSE
    assert lead_in_role("治理违建，仅靠拆除远远不够。") is Role.COUNTERMEASURE
    assert lead_in_role("表面看是车位不够。") is None
    assert lead_in_role("仅靠一家企业的力量远远不够。") is None
    assert lead_in_role("外卖骑手的一天怎样度过。") is None


def test_shi_after_a_sequence_word_is_its_separator():
    run = find_inline("原因有二。首先是编制不足，人手紧张。其次是经费偏少，设备老化。")
    assert [m.text for m in run] == ["首先是", "其次是"]
    assert find_inline("首先是否立项要看预算，其次是否拨款要看审批。") == []


STUDY = """农村留守儿童“学业掉队”的成因与应对路径
摘要:调查显示,留守儿童普遍成绩偏低。进一步分析发现,困境的形成主要源于三个方面:一是家庭教育缺位,祖辈监护力不从心;二是学校关爱不足,寄宿管理粗放;三是心理辅导匮乏,乡村学校缺少专职教师。据此,本文提出建立家校共育机制、配齐心理教师等应对路径,以缓解“学业掉队”。
"""


def test_a_study_title_quoting_its_problem_ties_the_causes_to_it():
    nodes, edges = _graph(STUDY)
    central = [n for n in nodes if n.rule == "central-problem"]
    assert [n.label for n in central] == ["学业掉队"]
    causes = {n.id for n in nodes if n.type is NodeType.CAUSE}
    assert len(causes) == 3
    assert {e.target for e in edges if e.source == central[0].id and e.type is EdgeType.CAUSED_BY} == causes


def test_source_is_no_cause_lead():
    assert lead_in_role("困境的形成主要源于三个方面:") is Role.CAUSE
    assert lead_in_role("项目资金主要来源于三个渠道:") is None


def _opinion(opening):
    return ("老街何处去?\n本报评论员\n\n老街的商铺一间间关门,游客越来越少。\n\n"
            f"{opening},原因并非单一。首先是租金上涨过快,小商户难以负担。其次是业态单一,缺乏特色。\n\n"
            "要让老街重焕生机,可以从两方面入手。第一,建立租金调控机制,稳定商户预期。"
            "第二,引入文创业态,丰富消费场景。\n")


def test_the_subject_of_a_cause_opener_is_the_central_problem():
    nodes, edges = _graph(_opinion("老街衰落"))
    central = [n for n in nodes if n.rule == "central-problem"]
    assert [n.label for n in central] == ["老街衰落"]
    causes = {n.id for n in nodes if n.type is NodeType.CAUSE}
    assert len(causes) == 2
    assert {e.target for e in edges if e.source == central[0].id and e.type is EdgeType.CAUSED_BY} == causes


def test_a_pointer_opening_causes_names_no_problem():
    nodes, _ = _graph(_opinion("这一现象"))
    assert not [n for n in nodes if n.rule == "central-problem"]


CLOSING = """“骑手逆行”何时休?
本报评论员

近来,外卖骑手逆行、闯红灯的现象屡见不鲜,“骑手逆行”已成为城市交通的一大隐患。

骑手为何频频逆行?首先是配送时限过紧,超时就要罚款。其次是平台算法不断压缩配送时间。凡此种种,都导致“骑手逆行”屡禁不止。

治理“骑手逆行”,需要多方发力。第一,要放宽配送时限,取消超时罚款。第二,要建立算法公示机制,接受社会监督。
"""


def test_a_closing_sentence_carrying_the_central_name_is_no_second_problem():
    nodes, edges = _graph(CLOSING)
    problems = [n for n in nodes if n.type is NodeType.PROBLEM]
    assert [n.label for n in problems if n.rule == "central-problem"] == ["骑手逆行"]
    assert not [n for n in problems if n.rule == "prose-closure" and "骑手逆行" in n.label]


def test_the_body_of_an_enumerated_measure_adds_no_measures():
    nodes, _ = _graph(OPED)
    measures = [n.label for n in nodes if n.type is NodeType.COUNTERMEASURE]
    assert len(measures) == 2 and not [m for m in measures if "明确住建" in m]


def test_a_quoted_name_that_qualifies_the_work_in_difficulty_is_no_problem():
    text = ("乡村物流“最后一公里”建设的困境与对策研究\n\n"
            "一、存在的问题\n(一)网点覆盖不足。\n(二)运营成本偏高。\n"
            "二、对策建议\n(一)整合快递网点,推动“最后一公里”共配。\n(二)给予运营补贴。\n")
    nodes, _ = _graph(text)
    assert not [n for n in nodes if n.rule == "central-problem"]
    quoted = ("乡村物流“最后一公里”梗阻的成因与对策研究\n\n"
              "一、原因分析\n(一)网点覆盖不足。\n(二)运营成本偏高。\n"
              "二、对策建议\n(一)整合快递网点,打通“最后一公里”。\n(二)给予运营补贴。\n")
    nodes, _ = _graph(quoted)
    assert [n.label for n in nodes if n.rule == "central-problem"] == ["最后一公里"]


BARE_SUBJECT = """外卖骑手为何频频闯红灯
本报评论员

午高峰的路口，电动车一辆接一辆冲过斑马线，外卖骑手闯红灯已成顽疾。

骑手之所以冒险，是因为平台的配送时限压得过紧。对此，要合理设定配送时长。
"""


def test_a_bare_subject_of_zhisuoyi_stands_for_the_problem_stated_before_it():
    r = pipeline.process(make_doc(BARE_SUBJECT))
    problems = [n for n in r.nodes if n.type is NodeType.PROBLEM]
    assert [n.label for n in problems] == ["外卖骑手闯红灯已成顽疾"]
    causes = [n for n in r.nodes if n.type is NodeType.CAUSE]
    assert [n.label for n in causes] == ["平台的配送时限压得过紧"]
    assert any(e.source == problems[0].id and e.target == causes[0].id and e.type is EdgeType.CAUSED_BY
               for e in r.edges)

"""The role pass: evidence weighed per sibling group, the deciding evidence named."""

from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.extract.weigh import content_type
from policykg.models import NodeType
from policykg.outline.structure import outline


def typed(text):
    doc = make_doc(text)
    return {n.label: (n.type, n.cue) for n in extract(doc, outline(doc))
            if n.type in (NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE)}


def test_content_names_each_role():
    assert content_type("由于经费投入长期不足")[0] is NodeType.CAUSE
    assert content_type("加强队伍建设")[0] is NodeType.COUNTERMEASURE
    assert content_type("监管力量薄弱")[0] is NodeType.PROBLEM
    assert content_type("审计查出问题的整改情况")[0] is None  # 问题 as a noun in a topic


def test_a_detail_label_keeps_the_item_type_and_parent():
    got = typed("一、人才流失的深层原因分析\n1.1 待遇保障不足\n收入与工作强度不匹配。\n具体表现:\n"
                "- 基本工资偏低:多数地区偏低\n- 绩效工资不稳定:波动大\n")
    assert got["待遇保障不足"][0] is NodeType.CAUSE
    assert got["基本工资偏低"][0] is NodeType.CAUSE and got["基本工资偏低"][1].endswith("|parent")


def test_a_label_of_another_role_detaches_its_items():
    got = typed("一、服务方面存在的问题\n1.1 窗口服务效率不高\n问题表现\n- 办理时限过长\n"
                "整改措施\n1. 推行一窗通办\n2. 压缩办理时限\n")
    assert got["办理时限过长"][0] is NodeType.PROBLEM
    assert got["推行一窗通办"] == (NodeType.COUNTERMEASURE, "1. |label:整改措施")


def test_a_lone_heading_that_only_groups_is_no_node():
    got = typed("一、在审批部门方面\n(一)审批环节过多的问题\n材料重复提交。\n(二)信息共享不足的问题\n数据不通。\n")
    assert "在审批部门方面" not in got
    assert got["审批环节过多的问题"][0] is NodeType.PROBLEM


def test_a_lead_sentence_types_the_list_after_it():
    got = typed("急诊为什么拥挤?主要有两大原因:输入过多、输出过少。\n- 输入过多:病人大量涌入。\n"
                "- 输出过少:病房不足。\n")
    assert got["输入过多"] == (NodeType.CAUSE, "- |lead:?主要有两大原因")


def test_unanimous_prescriptions_overrule_a_problem_heading():
    got = typed("二、存在的问题\n1.加强队伍建设\n2.完善考核办法\n3.健全监督机制\n")
    assert {t for t, _ in got.values()} == {NodeType.COUNTERMEASURE}
    assert all("content:" in cue for _, cue in got.values())


def test_problem_and_measure_pairs_in_an_audit_item():
    got = typed("一、预算管理审计查出问题的整改情况\n(一)关于专项资金拨付缓慢的问题。对提前下达比例偏低问题,"
                "截至年底,财政厅已提前下达项目30个。对两项基金分配滞后问题,财政厅加强预算统筹。\n"
                "(二)关于绩效管理薄弱的问题。对评价指标设置粗放问题,有关单位修订指标体系。\n"
                "二、对策建议\n1.严格执行预算制度。针对拨付缓慢的问题,由财政厅每月通报进度。\n")
    assert got["提前下达比例偏低"][0] is NodeType.PROBLEM
    assert got["财政厅已提前下达项目30个"][0] is NodeType.COUNTERMEASURE
    assert got["评价指标设置粗放"][0] is NodeType.PROBLEM
    assert "拨付缓慢" not in got  # 针对…的问题 inside a measure refers back


def test_an_inline_part_that_states_its_own_cause_is_split():
    doc = make_doc("一、存在的问题\n(一)志愿者招募难度大。一是青年多数外出务工,社区宣传力度不够,致使在青年中招募志愿者困难;"
                   "二是退休人员参与意愿低,原因是活动时间与照看孙辈冲突。\n"
                   "(二)管理上缺乏统筹。一是台账不完善,导致活动一个样;二是分工不明。\n")
    nodes = extract(doc, outline(doc))
    got = {(n.type, n.label) for n in nodes}
    assert (NodeType.PROBLEM, "在青年中招募志愿者困难") in got
    assert (NodeType.CAUSE, "青年多数外出务工,社区宣传力度不够") in got
    assert (NodeType.PROBLEM, "退休人员参与意愿低") in got
    assert (NodeType.CAUSE, "活动时间与照看孙辈冲突") in got
    # 导致 a consequence that does not restate the item's problem: no split
    assert (NodeType.PROBLEM, "台账不完善,导致活动一个样") in got


def test_bare_sub_headings_between_paragraphs_are_typed_by_what_they_head():
    got = typed("社区养老的结构性难题值得关注。\n服务供给 存在断档\n照护人员缺乏培训,流动性大。\n"
                "资金来源单一\n运营依赖补贴,难以为继。\n")
    assert got["服务供给 存在断档"][0] is NodeType.PROBLEM
    assert got["资金来源单一"][1] == "bare|body:缺乏"


def test_a_lone_short_category_over_sub_items_is_no_node():
    got = typed("二、发现的问题\n(一)主观因素\n● 思想上重视不够\n○ 个别领导不重视整改\n")
    assert "主观因素" not in got
    assert got["思想上重视不够"][0] is NodeType.PROBLEM


def test_a_role_heading_scoped_to_an_addressee_groups_its_items():
    got = typed("第四章 结论与建议\n一、对市级部门之建议\n(一)建立跨部门会商机制\n(二)加大专项资金投入\n"
                "二、对社区的建议\n(一)培育志愿服务队伍\n")
    assert "对市级部门之建议" not in got and "对社区的建议" not in got  # groups, no measures
    assert got["建立跨部门会商机制"][0] is NodeType.COUNTERMEASURE
    assert got["培育志愿服务队伍"][0] is NodeType.COUNTERMEASURE


def test_a_thesis_division_naming_a_role_is_a_section_not_an_item():
    got = typed("第三章 社区养老服务的困境\n第二节 服务困境之成因\n一、专业护理人员不足\n二、运营经费来源单一\n")
    assert "服务困境之成因" not in got
    assert got["专业护理人员不足"][0] is NodeType.CAUSE and got["运营经费来源单一"][0] is NodeType.CAUSE


def test_a_problem_heading_over_its_problems_groups_them_but_a_named_problem_stays():
    got = typed("第一节 研究发现\n本研究归纳社区养老服务的困境如下:\n一、社区养老服务运作之困境\n"
                "(一)护理人员流动频繁\n(二)服务场地严重不足\n(三)护理人员待遇偏低的问题\n- 12 -\n")
    assert "研究发现" not in got and "社区养老服务运作之困境" not in got
    assert not any("12" in label for label in got)  # a page number
    assert got["护理人员流动频繁"][0] is NodeType.PROBLEM
    assert got["护理人员待遇偏低的问题"][0] is NodeType.PROBLEM  # a problem word before 的问题: a node


RECTIFY = """三、整改措施
(一)关于经费拨付问题。一是建立拨付进度月报制度,逐月通报;二是对滞留资金限期清理。
(二)关于设备闲置问题。一是盘活闲置设备,调剂到基层使用;二是完善设备采购论证程序。
"""

FINDINGS = """一、存在的问题
(一)关于经费拨付问题。一是拨付进度滞后,二是资金滞留严重。
(二)关于设备闲置问题。一是设备长期闲置,二是采购论证不充分。
"""


def test_topic_subheadings_under_measures_group_measures():
    got = typed(RECTIFY)
    assert "关于经费拨付问题" not in got and "关于设备闲置问题" not in got
    assert got["对滞留资金限期清理"][0] is NodeType.COUNTERMEASURE
    assert got["完善设备采购论证程序"][0] is NodeType.COUNTERMEASURE


def test_topic_subheadings_under_problems_stay_problems():
    got = typed(FINDINGS)
    assert got["关于经费拨付问题"][0] is NodeType.PROBLEM


def test_recurring_and_harm_words_are_deficiencies():
    assert content_type("违规提取的情形屡见不鲜")[0] is NodeType.PROBLEM
    assert content_type("学生学习权益受损")[0] is NodeType.PROBLEM
    assert content_type("加强执法检查,防止骗提时有发生")[0] is NodeType.COUNTERMEASURE
    assert content_type("学生学习权益得到保障")[0] is None


def test_findings_before_an_intro_in_one_paragraph_are_typed():
    got = typed(ABSTRACT_FINDINGS)
    assert got["护理人员流失严重"][0] is NodeType.PROBLEM
    assert got["老人权益受损"][0] is NodeType.PROBLEM
    assert got["提高护理人员薪酬,稳定护理队伍"][0] is NodeType.COUNTERMEASURE


ABSTRACT_FINDINGS = ("县域养老机构运营困境研究\n本文调查了县域养老机构的运营状况。调查发现:第一,护理人员流失严重;"
            "第二,床位空置率偏高,资源浪费时有发生;第三,老人权益受损。据此,本文提出以下建议:一、提高护理人员薪酬,"
            "稳定护理队伍;二、推行公建民营,引入专业机构;三、建立老人权益保障机制,定期开展服务评估。\n")

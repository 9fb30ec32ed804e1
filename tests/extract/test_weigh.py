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
    assert content_type("要盯住重点车辆") == (NodeType.COUNTERMEASURE, "要")  # a modal prescribes
    assert content_type("必须守牢安全底线")[0] is NodeType.COUNTERMEASURE
    assert content_type("要素市场发育滞后")[0] is NodeType.PROBLEM  # 要素 is no modal
    assert content_type("要素配置")[0] is None


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


def test_bare_next_steps_and_cause_headings_type_their_items():
    got = typed("存在的不足\n一是培训覆盖面不广。部分村居未开展。\n二是台账管理不规范。记录缺失。\n"
                "下步打算\n一要扩大培训覆盖面。分批轮训。\n二要规范台账管理。统一模板。\n")
    assert got["培训覆盖面不广"][0] is NodeType.PROBLEM
    assert got["扩大培训覆盖面"][0] is NodeType.COUNTERMEASURE
    assert got["规范台账管理"][0] is NodeType.COUNTERMEASURE
    got = typed("貳、原因探討\n一、補助標準多年未臻合理\n二、審核程序執行困難\n參、建議事項\n一、檢討補助標準\n")
    assert {got["補助標準多年未臻合理"][0], got["審核程序執行困難"][0]} == {NodeType.CAUSE}


def test_yi_yao_items_are_measures_whatever_the_lead_names():
    got = typed("治理校园欺凌,既要严肃惩戒,也要补齐短板。一要完善欺凌认定标准,明确处置程序;"
                "二要配齐心理辅导教师;三要畅通学生求助渠道。\n")
    assert {got[k][0] for k in ("完善欺凌认定标准,明确处置程序", "配齐心理辅导教师", "畅通学生求助渠道")} \
        == {NodeType.COUNTERMEASURE}
    got = typed("当前校园欺凌治理还存在不少短板。一是认定标准不统一;二是心理辅导教师缺口较大;"
                "三是学生求助渠道不畅。\n")  # 一是… after the same lead stay problems
    assert got["心理辅导教师缺口较大"][0] is NodeType.PROBLEM


def test_items_under_an_untyped_item_are_typed_by_their_own_words():
    text = ("一、肯定成绩\n今年完成改造八十户。\n二、聚焦重点,打好攻坚战\n第一,要盯住危旧房屋。逐户排查。\n"
            "第二,要管住新增违建。\n第三,要稳住施工安全。\n")
    got = typed(text)
    assert {got[k][0] for k in ("要盯住危旧房屋", "要管住新增违建", "要稳住施工安全")} == {NodeType.COUNTERMEASURE}
    got = typed("一、主要成效\n(一)改造进度加快\n1.要素保障到位\n2.施工队伍稳定\n二、存在的问题\n1.资金缺口较大\n")
    assert "要素保障到位" not in got and "施工队伍稳定" not in got  # under achievements: still nothing


def test_a_run_after_named_problems_explains_them():
    lead = "调查发现,社区养老服务主要存在服务供给不足、护理人员流失和资金来源单一等问题。"
    got = typed(lead + "首先,街道层面统筹职责模糊,导致服务碎片化;其次,护理岗位薪酬偏低;"
                "再次,社会资本参与意愿不强。\n")
    assert {got[k][0] for k in ("街道层面统筹职责模糊", "护理岗位薪酬偏低", "社会资本参与意愿不强")} == {NodeType.CAUSE}
    got = typed(lead + "首先,服务供给不足,床位缺口大;其次,护理人员流失严重;再次,资金来源单一。\n")
    assert got["服务供给不足"][0] is NodeType.PROBLEM  # the run restates the named problems
    got = typed("调查发现,社区养老服务主要存在以下问题。首先,街道层面统筹职责模糊;其次,护理岗位薪酬偏低。\n")
    assert got["护理岗位薪酬偏低"][0] is NodeType.PROBLEM  # the lead names none of them
    got = typed(lead + "首先,要理顺街道统筹职责;其次,应提高护理岗位薪酬。\n")
    assert NodeType.CAUSE not in {t for t, _ in got.values()}  # prescriptions explain nothing

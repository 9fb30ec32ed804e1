import pytest
from helpers_doc import make_doc

from policykg.models import Role
from policykg.outline.structure import outline

REPORT = """关于社区停车问题的调研报告
一、基本情况
全区共有老旧小区120个。
二、存在的主要问题
1、车位缺口大:夜间停车需求远超车位供给。
2、管理秩序乱。一是占用消防通道;二是僵尸车长期占位。
4、收费标准不一:同类小区收费相差三倍。
三、原因分析
(一)规划配建标准偏低。早期小区按每户0.2个车位配建。
(二)共享机制缺失。
四、对策建议
1.挖潜增加车位。
2.建立错时共享停车机制。
"""


def items(ol, doc):
    return [(e.how, doc.norm[e.head_start:e.head_end]) for e in ol.entries if e.kind == "item"]


def test_sections_get_roles_from_their_headings():
    doc = make_doc(REPORT)
    ol = outline(doc)
    sections = [(doc.norm[e.head_start:e.head_end], e.role) for e in ol.entries if e.kind == "section"]
    assert sections == [("基本情况", Role.BACKGROUND), ("存在的主要问题", Role.PROBLEM),
                        ("原因分析", Role.CAUSE), ("对策建议", Role.COUNTERMEASURE)]


def test_items_nested_inline_and_with_a_gap_in_numbering():
    doc = make_doc(REPORT)
    ol = outline(doc)
    got = items(ol, doc)
    assert ("marked", "车位缺口大") in got
    assert ("marked", "收费标准不一") in got  # 1、2、4、: 3 is missing
    inline = [e for e in ol.entries if e.how == "inline"]
    parent = next(e for e in ol.entries if e.id == inline[0].parent)
    assert doc.norm[parent.head_start:parent.head_end] == "管理秩序乱"
    assert [doc.norm[e.head_start:e.head_end] for e in inline] == ["占用消防通道", "僵尸车长期占位"]


def test_every_item_sits_under_its_section():
    doc = make_doc(REPORT)
    ol = outline(doc)
    by_id = {e.id: e for e in ol.entries}
    cause = next(e for e in ol.entries if doc.norm[e.head_start:e.head_end] == "共享机制缺失")
    assert ol.section_of(cause).role is Role.CAUSE
    assert by_id[cause.parent].kind == "section"


def test_offsets_point_into_the_original_text():
    text = REPORT.replace("问题", "問題").replace("对策建议", "對策建議")
    doc = make_doc(text)
    for e in outline(doc).entries:
        assert 0 <= e.start <= e.head_start <= e.head_end <= len(text)
        assert e.head_start < e.end <= len(text)


def test_junk_lines_are_left_out():
    text = "首页 > 新闻中心 > 正文\n一、存在的问题\n1、经费不足。\n相关文章\n某某报告 时间:2025-01-01 10:00:00\nAbstract: This report studies the funding of village schools in detail.\n"
    ol = outline(make_doc(text))
    assert {ln.junk for ln in ol.junk} >= {"page furniture", "non-Chinese text"}
    assert len([e for e in ol.entries if e.kind == "item"]) == 1


def test_restart_of_top_numbering_starts_a_new_report():
    text = ("一、存在的问题\n1、经费不足。\n二、对策\n1、加大投入。\n"
            "一、当前存在的问题\n(一)人员老化。\n二、原因分析\n(一)待遇偏低。\n")
    ol = outline(make_doc(text))
    assert ol.reports == 2
    assert {e.report for e in ol.entries if e.kind == "item"} == {0, 1}


def test_table_of_contents_repeated_is_not_a_new_report():
    text = ("目录\n一、人员老化问题突出:年轻人少\n二、经费保障不足:投入少\n"
            "一、人员老化问题突出:年轻人少\n正文说明人员老化。\n二、经费保障不足:投入少\n")
    ol = outline(make_doc(text))
    assert ol.reports == 1


def test_bare_subheadings_under_an_item():
    text = ("关于员工流失原因的分析,主要有以下几类原因:\n一、薪酬问题\n"
            "薪酬结构不合理\n干多干少一个样,积极性受挫。\n福利待遇不完善\n缺乏基本福利。\n")
    doc = make_doc(text)
    ol = outline(doc)
    got = items(ol, doc)
    assert ("bare", "薪酬结构不合理") in got and ("bare", "福利待遇不完善") in got
    assert ol.entries[0].role is Role.CAUSE  # the intro line announces causes


def test_headingless_countermeasure_lines_are_items():
    text = "应对建议\n优化薪酬福利:\n建立市场化薪酬体系。\n设计透明的晋升通道,提供培训。\n减轻工作强度。\n"
    doc = make_doc(text)
    got = items(outline(doc), doc)
    assert got == [("colon", "优化薪酬福利"), ("para", "设计透明的晋升通道,提供培训"),
                   ("para", "减轻工作强度")]


def test_headings_a_scraper_glued_into_one_line_are_split():
    text = ("调研报告为全面了解基层经办服务现状,调研组深入各乡镇开展调研。一、存在的问题(一)人员力量薄弱。"
            "全县服务站平均仅有1.6名工作人员,且多为兼职,流动性大。(二)业务能力参差不齐。培训机会少,"
            "对新业务不熟悉。二、原因分析(一)经办体系不健全。没有独立编制。(二)经费投入不足。"
            "村级服务点没有专项工作经费。\n")
    doc = make_doc(text)
    got = items(outline(doc), doc)
    assert ("marked", "人员力量薄弱") in got and ("marked", "经费投入不足") in got


def test_qi_enumeration():
    doc = make_doc("对策建议\n笔者建议:其一,明确管护主体;其二,落实管护经费;其三,引导农户参与。\n")
    got = [label for how, label in items(outline(doc), doc)]
    assert got == ["明确管护主体", "落实管护经费", "引导农户参与"]


def test_a_colon_lead_that_names_a_role_lists_short_members_split_on_enumeration_commas():
    doc = make_doc("前言\n造成流失的核心原因在于基层面临的困境:待遇低、晋升难和社会地位低。这一点很明显。\n")
    ol = outline(doc)
    listed = [(doc.norm[e.head_start:e.head_end], e.role) for e in ol.entries if e.how == "list"]
    assert listed == [("待遇低", Role.CAUSE), ("晋升难", Role.CAUSE), ("社会地位低", Role.CAUSE)]


def test_an_answer_frame_is_no_part_of_the_first_member():
    doc = make_doc("工程管理常见问题:如何有效应对进度延误、成本超支与质量缺陷?\n")
    ol = outline(doc)
    assert [doc.norm[e.head_start:e.head_end] for e in ol.entries if e.how == "list"] == [
        "进度延误", "成本超支", "质量缺陷"]


def test_a_modal_lead_naming_measures_lists_a_comma_chain():
    doc = make_doc("目前街道停车矛盾仍较突出。\n"
                   "街道下一步将加快排查空闲地块,推广错时共享,严查违停行为,确保年底前缓解停车难。\n")
    ol = outline(doc)
    found = [(doc.norm[e.head_start:e.head_end], e.role) for e in ol.entries if e.kind == "item"]
    assert found == [("加快排查空闲地块", Role.COUNTERMEASURE), ("推广错时共享", Role.COUNTERMEASURE),
                     ("严查违停行为", Role.COUNTERMEASURE)]  # the purpose clause is no measure


@pytest.mark.parametrize("text", [
    "居民反映车位紧张,夜间乱停,通道堵塞,救护车难以进入。\n",  # no lead at all
    "这些问题将长期存在,影响出行,加重负担,降低满意度。\n",  # 将 after a lead that names no measures
    "街道下一步将围绕停车难这一群众反映最集中的问题开展系统排查和综合治理,逐步缓解。\n",  # no chain
])
def test_a_comma_chain_without_a_measure_lead_is_no_list(text):
    doc = make_doc(text)
    assert not [e for e in outline(doc).entries if e.kind == "item"]


def test_a_lead_that_counts_the_items_after_it_names_none_of_them():
    doc = make_doc("二、存在的问题\n调研发现,社区养老服务仍有三方面卡点。一是床位不足;二是护理人员流失;三是收费偏高。\n"
                   "三、原因分析\n社区服务设施分布零散。一是新区配建滞后;二是老区用房难找。\n")
    ol = outline(doc)
    heads = [(e.how, doc.norm[e.head_start:e.head_end]) for e in ol.entries if e.kind == "item"]
    assert ("lead", "调研发现,社区养老服务仍有三方面卡点") not in heads  # it announces
    assert ("lead", "社区服务设施分布零散") in heads  # it names the cause its parts detail


def test_a_first_item_glued_to_its_heading_is_split_off():
    doc = make_doc("一、社区停车管理存在的问题(一)车位缺口大。夜间需求远超供给。\n(二)收费标准不一。\n"
                   "二、几点建议\n1.挖潜增加车位(1)利用边角地。\n")  # (1) with no (2) after: not glued
    ol = outline(doc)
    got = [(e.kind, doc.norm[e.head_start:e.head_end]) for e in ol.entries]
    assert ("section", "社区停车管理存在的问题") in got
    assert ("item", "车位缺口大") in got and ("item", "收费标准不一") in got
    assert ("item", "挖潜增加车位(1)利用边角地") in got


def test_dotted_sub_headings_glued_to_their_heading_and_body():
    doc = make_doc("(一)社区服务设施不足、运营困难 1。社区服务设施不足全区仅有三处站点,远不能满足需求。\n"
                   "2。站点运营经费困难 在调研的站点中,多数依靠临时补贴维持运转,难以长期运营。\n")
    ol = outline(doc)
    got = [(e.marker, doc.norm[e.head_start:e.head_end]) for e in ol.entries if e.kind == "item"]
    assert got[0] == ("(一)", "社区服务设施不足、运营困难")
    assert got[1][0] == "1。" and got[1][1].startswith("社区服务设施不足")
    assert got[2] == ("2。", "站点运营经费困难")  # the heading ends at the space before its body
    assert [e.parent for e in ol.entries if e.kind == "item"][1:] == [ol.entries[0].id] * 2


ABSTRACT = ("县域养老机构运营困境研究\n本文调查了县域养老机构的运营状况。调查发现:第一,护理人员流失严重;"
            "第二,床位空置率偏高,资源浪费时有发生;第三,老人权益受损。据此,本文提出以下建议:一、提高护理人员薪酬,"
            "稳定护理队伍;二、推行公建民营,引入专业机构;三、建立老人权益保障机制,定期开展服务评估。\n")


def test_an_intro_sentence_ending_a_paragraph_heads_only_itself():
    doc = make_doc(ABSTRACT)
    ol = outline(doc)
    intro = [e for e in ol.entries if e.kind == "section" and e.how == "intro"]
    assert [doc.norm[e.head_start:e.head_end] for e in intro] == ["据此,本文提出以下建议:"]
    got = items(ol, doc)
    assert ("inline", "护理人员流失严重") in got and ("marked", "提高护理人员薪酬,稳定护理队伍") in got


def test_an_intro_line_of_one_sentence_heads_the_whole_line():
    doc = make_doc("针对上述问题,提出以下建议:\n1.提高护理人员薪酬。\n2.推行公建民营。\n")
    intro = [e for e in outline(doc).entries if e.kind == "section" and e.how == "intro"]
    assert [doc.norm[e.head_start:e.head_end] for e in intro] == ["针对上述问题,提出以下建议:"]


def test_report_span_covers_each_report_of_a_file():
    first = "一、存在的问题\n1.经费不足,基层反映强烈。\n二、对策建议\n1.加大投入力度。\n"
    second = "一、主要问题\n1.人员短缺,工作难以开展。\n二、几点建议\n1.充实基层力量。\n"
    doc = make_doc("前言:如下。\n" + first + second)
    o = outline(doc)
    assert o.reports == 2
    at = doc.norm.index("一、主要问题")
    assert o.report_span(0) == (0, at)  # the preamble belongs to the first report
    assert o.report_span(1) == (at, None)
    assert o.report_span(5) == (0, None)  # a report it does not know: the whole text

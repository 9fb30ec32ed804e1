"""Linking: each signal on small written reports, including pairs that must NOT linker."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.common import lexicon
from policykg.link import linker
from policykg.link import abbreviations, numbers, signals
from policykg.models import Document, Edge, EdgeType, Node, NodeType

P, C, CM = NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE
CAUSED, ADDRESSED = EdgeType.CAUSED_BY, EdgeType.ADDRESSED_BY


def make(text: str, items: list[tuple], norm: str | None = None) -> tuple[Document, list[Node]]:
    """items: (id, type, label, parent=None, rule="", report=0). Each label is found after the
    previous one; its text runs to the end of its line (a group's over its children)."""
    nodes, at = [], 0
    for item in items:
        nid, ntype, label, parent, rule, report = tuple(item) + (None, "", 0)[len(item) - 3:]
        start = text.index(label, at)
        at = start + len(label)
        end_line = text.find("\n", start)
        end_line = len(text) if end_line < 0 else end_line
        nodes.append(Node(id=nid, type=ntype, label=label, doc="d", start=start, end=at,
                          spans=((start, at),), parent=parent, text=text[start:end_line],
                          text_start=start, text_end=end_line, rule=rule, report=report))
    by_id = {n.id: n for n in nodes}
    for n in reversed(nodes):  # a group's text runs over its children
        if n.parent in by_id and by_id[n.parent].text_end < n.text_end:
            g = by_id[n.parent]
            by_id[n.parent] = Node(**{**g.__dict__, "text_end": n.text_end, "text": text[g.text_start:n.text_end]})
    nodes = [by_id[n.id] for n in nodes]
    doc = Document(id="d", path="d.txt", text=text, norm=text if norm is None else norm,
                   script="zh-Hans", encoding="utf-8", format="txt")
    return doc, nodes


def pairs(edges: tuple[Edge, ...]) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, str(e.type)) for e in edges}


def the(edges, source, target) -> Edge:
    found = [e for e in edges if (e.source, e.target) == (source, target)]
    assert found, f"no edge {source} -> {target} in {pairs(edges)}"
    return found[0]


# ---------------------------------------------------------------- shared words

SHARED = """一、存在的问题
1、乡镇卫生院医疗设备陈旧:多数卫生院的检验设备已使用十年以上。
2、乡村医生收入偏低:村医每月补贴不足千元。
二、对策建议
1、更新医疗设备:分批为卫生院配置检验设备。
2、提高乡村医生待遇:落实村医补贴并建立养老保险。
"""


def shared_doc():
    return make(SHARED, [("P1", P, "乡镇卫生院医疗设备陈旧"), ("P2", P, "乡村医生收入偏低"),
                         ("CM1", CM, "更新医疗设备"), ("CM2", CM, "提高乡村医生待遇")])


def test_shared_topic_words_link_the_right_pairs_only():
    doc, nodes = shared_doc()
    edges = linker.link(doc, nodes)
    assert pairs(edges) == {("P1", "CM1", "addressedBy"), ("P2", "CM2", "addressedBy")}


def test_edge_carries_its_evidence():
    doc, nodes = shared_doc()
    e = the(linker.link(doc, nodes), "P2", "CM2")
    assert 0 < e.score <= 1 and e.doc == "d" and e.type == ADDRESSED
    assert "words" in e.rule.split("+") and e.rule == "+".join(sorted(e.rule.split("+")))
    assert "乡村" in re.split("[、…↔]", e.cue)
    src, tgt = {n.id: n for n in nodes}["P2"], {n.id: n for n in nodes}["CM2"]
    # the evidence spans point at the shared word inside each node's own text
    assert src.text_start <= e.source_span[0] < e.source_span[1] <= src.text_end
    assert tgt.text_start <= e.target_span[0] < e.target_span[1] <= tgt.text_end
    assert doc.text[slice(*e.source_span)] == doc.text[slice(*e.target_span)]


def test_a_shared_generic_word_alone_does_not_link():
    text = ("问题:基层阵地建设滞后,活动场所不足。\n"
            "对策:加强人才队伍建设,完善工作考核。\n")
    doc, nodes = make(text, [("P1", P, "基层阵地建设滞后"), ("CM1", CM, "加强人才队伍建设")])
    assert linker.link(doc, nodes, min_score=0.05) == ()


def test_parallel_numbers_with_unrelated_content_do_not_link():
    text = ("存在的问题\n1、蔬菜价格波动大\n2、冷链物流不健全\n"
            "对策建议\n1、加强河道保洁\n2、推进垃圾分类\n")
    doc, nodes = make(text, [("P1", P, "蔬菜价格波动大"), ("P2", P, "冷链物流不健全"),
                             ("CM1", CM, "加强河道保洁"), ("CM2", CM, "推进垃圾分类")])
    assert linker.link(doc, nodes, min_score=0.05) == ()


def test_parallel_numbers_break_a_tie_between_equal_matches():
    text = ("问题\n1、社区养老服务供给不足\n2、社区养老服务质量不高\n"
            "对策\n1、发展社区养老服务\n")
    doc, nodes = make(text, [("P1", P, "社区养老服务供给不足"), ("P2", P, "社区养老服务质量不高"),
                             ("CM1", CM, "发展社区养老服务")])
    edges = linker.link(doc, nodes, min_score=0.01)
    first, second = the(edges, "P1", "CM1"), the(edges, "P2", "CM1")
    assert "parallel" in first.rule and "parallel" not in second.rule
    assert first.score > second.score


# ---------------------------------------------------------------- mirrors

def test_mirror_of_a_shortcoming_and_its_remedy():
    text = "原因\n1、考核评价机制不健全\n对策\n1、健全考核评价机制\n2、健全财务公开\n"
    doc, nodes = make(text, [("C1", C, "考核评价机制不健全"), ("CM1", CM, "健全考核评价机制"),
                             ("CM2", CM, "健全财务公开")])
    edges = linker.link(doc, nodes)
    e = the(edges, "C1", "CM1")
    assert "mirror" in e.rule and "不健全↔健全" in e.cue
    assert ("C1", "CM2", "addressedBy") not in pairs(edges)  # the remedy word alone is no mirror


def test_mirror_words_are_lexicon_data():
    rows = dict(signals.mirrors())
    assert "健全" in rows["不健全"] and "加强" in rows["缺乏"]
    assert all(len(r) == 2 for r in lexicon.table("policykg.link", "link_mirrors.tsv"))
    assert {"存在", "问题", "加强", "完善", "建立", "提高"} <= signals.stopwords()


# ---------------------------------------------------------------- explicit references

def test_reference_in_a_countermeasure_body_names_the_problem():
    text = ("问题\n1、农民工工资拖欠\n2、职业技能偏弱\n"
            "建议\n1、实行工资保证金制度。针对农民工工资拖欠问题,由总包单位按月代发。\n")
    doc, nodes = make(text, [("P1", P, "农民工工资拖欠"), ("P2", P, "职业技能偏弱"),
                             ("CM1", CM, "实行工资保证金制度")])
    edges = linker.link(doc, nodes)
    e = the(edges, "P1", "CM1")
    assert "reference" in e.rule and e.cue.startswith("针对")
    assert doc.text[slice(*e.target_span)].startswith("农民工工资拖欠")
    assert ("P2", "CM1", "addressedBy") not in pairs(edges)


def test_effect_pointer_in_a_cause_links_it_to_the_problem():
    text = ("问题\n1、河道水质反复恶化\n2、渔业收入下降\n"
            "原因\n1、沿岸截污管网缺失,以致生活污水直排河道,水质反复恶化。\n")
    doc, nodes = make(text, [("P1", P, "河道水质反复恶化"), ("P2", P, "渔业收入下降"),
                             ("C1", C, "沿岸截污管网缺失")])
    edges = linker.link(doc, nodes)
    e = the(edges, "P1", "C1")
    assert e.type == CAUSED and "reference" in e.rule and "以致" in e.cue
    assert ("P2", "C1", "causedBy") not in pairs(edges)


def test_cause_stated_inside_a_countermeasure_is_addressed_by_it():
    text = ("建议\n一、加快污水管网建设\n部分县市管网建设进度落后,以致处理率偏低。宜加快管网建设。\n")
    doc, nodes = make(text, [("CM1", CM, "加快污水管网建设"), ("C1", C, "管网建设进度落后")])
    nodes[0] = Node(**{**nodes[0].__dict__, "text_end": len(text) - 1, "text": text[nodes[0].start:-1]})
    e = the(linker.link(doc, nodes), "C1", "CM1")
    assert "contained" in e.rule


def test_cause_chains_need_an_explicit_pointer():
    text = ("原因\n1、财政投入不足,导致设备长期缓慢更新\n2、设备更新缓慢\n3、财政投入结构单一\n")
    doc, nodes = make(text, [("C1", C, "财政投入不足"), ("C2", C, "设备更新缓慢"),
                             ("C3", C, "财政投入结构单一")])
    edges = linker.link(doc, nodes, min_score=0.05)
    assert ("C2", "C1", "causedBy") in pairs(edges)  # C1's text says it leads to C2
    assert ("C3", "C1", "causedBy") not in pairs(edges)  # shared words alone: no chain
    assert ("C1", "C3", "causedBy") not in pairs(edges)


# ---------------------------------------------------------------- structure

GROUPS = """原因分析
一、人才培养问题
培训投入偏少:企业年均培训时长不足十小时。
导师制度缺位:新人入职后无人带教。
对策
1、加大培训投入,推行导师制度
2、改善食堂伙食
"""


def test_heading_only_group_carries_the_links_of_its_items():
    doc, nodes = make(GROUPS, [("C1", C, "人才培养问题"), ("C1.1", C, "培训投入偏少", "C1"),
                               ("C1.2", C, "导师制度缺位", "C1"),
                               ("CM1", CM, "加大培训投入,推行导师制度"), ("CM2", CM, "改善食堂伙食")])
    edges = linker.link(doc, nodes)
    got = pairs(edges)
    assert {("C1.1", "CM1", "addressedBy"), ("C1.2", "CM1", "addressedBy"),
            ("C1", "CM1", "addressedBy")} <= got
    assert "structure" in the(edges, "C1", "CM1").rule
    assert not any(t == "CM2" for _, t, _ in got)


def test_items_never_link_to_their_own_group():
    doc, nodes = make(GROUPS, [("C1", C, "人才培养问题"), ("C1.1", C, "培训投入偏少", "C1")])
    assert linker.link(doc, nodes, min_score=0.0) == ()


# ---------------------------------------------------------------- central problem

CENTRAL = """青年人才外流问题调研
原因
1、住房成本高
2、产业岗位少
对策
针对青年人才外流问题,提出以下建议:
1、建设人才公寓
2、引进高新企业
"""


CENTRAL_AND_LIST = CENTRAL.replace("原因\n", "问题\n1、中学教师流失\n原因\n", 1)


def test_central_problem_gets_blanket_edges_only_where_the_text_says_so():
    # the text has a problem list of its own beside the problem it is about
    items = [("P0", P, "青年人才外流", None, linker.CENTRAL_RULE), ("P1", P, "中学教师流失"),
             ("C1", C, "住房成本高"), ("C2", C, "产业岗位少"), ("CM1", CM, "建设人才公寓"),
             ("CM2", CM, "引进高新企业")]
    doc, nodes = make(CENTRAL_AND_LIST, items)
    edges = linker.link(doc, nodes)
    got = pairs(edges)
    # the countermeasure intro names the problem: every countermeasure answers it
    assert {("P0", "CM1", "addressedBy"), ("P0", "CM2", "addressedBy")} <= got
    assert "central" in the(edges, "P0", "CM2").rule
    # nothing in the causes' intro ties them to it: no blanket causedBy
    assert not any(t == CAUSED.value and s == "P0" for s, _, t in got)


def test_opening_sentence_naming_causes_and_remedies_ties_both_lists():
    text = ("关于青年人才外流的原因分析及对策建议如下。\n原因\n1、住房成本高\n2、产业岗位少\n"
            "对策\n1、建设人才公寓\n")
    items = [("P0", P, "青年人才外流", None, linker.CENTRAL_RULE), ("C1", C, "住房成本高"),
             ("C2", C, "产业岗位少"), ("CM1", CM, "建设人才公寓")]
    doc, nodes = make(text, items)
    got = pairs(linker.link(doc, nodes))
    assert {("P0", "C1", "causedBy"), ("P0", "C2", "causedBy"), ("P0", "CM1", "addressedBy")} <= got


def test_without_a_central_rule_no_blanket_edges():
    items = [("P0", P, "青年人才外流"), ("P1", P, "中学教师流失"), ("C1", C, "住房成本高"),
             ("CM1", CM, "建设人才公寓"), ("CM2", CM, "引进高新企业")]
    doc, nodes = make(CENTRAL_AND_LIST, items)
    assert not any(set(e.rule.split("+")) & {"central", "sole"} for e in linker.link(doc, nodes))


SOLE = """农村学校空心化问题
原因
1、城镇化吸走生源
2、师资向县城集中
对策
1、办好乡村小规模学校
2、完善教师轮岗
"""


def test_the_only_problem_of_a_report_gets_its_listed_causes_and_measures():
    items = [("P1", P, "农村学校空心化"), ("C1", C, "城镇化吸走生源"), ("C2", C, "师资向县城集中"),
             ("CM1", CM, "办好乡村小规模学校"), ("CM2", CM, "完善教师轮岗")]
    edges = linker.link(*make(SOLE, items))
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy"), ("P1", "CM1", "addressedBy"),
            ("P1", "CM2", "addressedBy")} <= pairs(edges)
    assert "sole" in the(edges, "P1", "C2").rule


def test_no_sole_problem_edges_beside_a_problem_list_or_a_single_item():
    # must NOT: two problems listed, so neither is what the whole report is about
    two = SOLE.replace("原因\n", "1、学校撤并过快\n原因\n", 1)
    items = [("P1", P, "农村学校空心化"), ("P2", P, "学校撤并过快"), ("C1", C, "城镇化吸走生源"),
             ("C2", C, "师资向县城集中"), ("CM1", CM, "办好乡村小规模学校"), ("CM2", CM, "完善教师轮岗")]
    assert not any("sole" in e.rule for e in linker.link(*make(two, items)))
    # must NOT: one cause beside one problem is no list; nor does a cause above the problem count
    one = "原因:城镇化吸走生源\n农村学校空心化问题\n对策:完善教师轮岗\n"
    items = [("C1", C, "城镇化吸走生源"), ("P1", P, "农村学校空心化"), ("CM1", CM, "完善教师轮岗")]
    assert not any("sole" in e.rule for e in linker.link(*make(one, items)))


# ---------------------------------------------------------------- scope and contract

def test_never_across_reports_and_never_to_mechanisms():
    text = "1、村级财务公开不及时\n1、推行村级财务公开\n1、村级财务公开机制\n"
    items = [("P1", P, "村级财务公开不及时", None, "", 0), ("CM1", CM, "推行村级财务公开", None, "", 1)]
    doc, nodes = make(text, items)
    assert linker.link(doc, nodes, min_score=0.0) == ()
    mech = Node(id="M1", type=NodeType.MECHANISM, label="村级财务公开机制", doc="d", start=24, end=32,
                spans=((24, 32),), text="村级财务公开机制", text_start=24, text_end=32)
    same = [Node(**{**nodes[1].__dict__, "report": 0}), nodes[0], mech]
    assert {(e.source, e.target) for e in linker.link(doc, same)} == {("P1", "CM1")}


def test_traditional_text_is_matched_through_norm_and_spans_index_the_original():
    text = "問題\n1、鄉村醫生收入偏低\n對策\n1、提高鄉村醫生待遇\n"
    norm = "问题\n1、乡村医生收入偏低\n对策\n1、提高乡村医生待遇\n"
    doc, nodes = make(text, [("P1", P, "鄉村醫生收入偏低"), ("CM1", CM, "提高鄉村醫生待遇")], norm=norm)
    e = the(linker.link(doc, nodes), "P1", "CM1")
    assert doc.text[slice(*e.source_span)] in ("鄉村醫生", "醫生", "鄉村")


def test_threshold_trades_recall_for_precision_and_output_is_stable():
    doc, nodes = shared_doc()
    low = linker.link(doc, nodes, min_score=0.01)
    high = linker.link(doc, nodes, min_score=0.6)
    assert set(high) <= set(low)
    assert linker.link(doc, list(reversed(nodes)), min_score=0.01) == low  # order-independent


@pytest.mark.parametrize("head,expected", [("1、", 1), ("(三)", 3), ("一是", 1), ("②", 2),
                                           ("二、最突出的问题:", 2), ("第四,", 4), ("", None)])
def test_ordinal_reads_the_genre_numbering(head, expected):
    text = head + "加强队伍建设"
    assert numbers.ordinal(text, len(head)) == expected


def test_a_shared_head_noun_alone_does_not_link():
    # 机制 names the kind of thing, not the topic: a feedback mechanism does not answer a
    # weak appraisal mechanism, even with the 不健全 ↔ 建立 mirror around it
    text = ("问题\n1、干部考核机制不健全\n2、信访渠道不畅\n对策\n1、建立群众反馈机制\n2、拓宽信访渠道\n")
    doc, nodes = make(text, [("P1", P, "干部考核机制不健全"), ("P2", P, "信访渠道不畅"),
                             ("CM1", CM, "建立群众反馈机制"), ("CM2", CM, "拓宽信访渠道")])
    assert pairs(linker.link(doc, nodes)) == {("P2", "CM2", "addressedBy")}
    assert "机制" in signals.weak_words()


# ---------------------------------------------------------------- properties

REPORT = """关于县域公共文化服务的调研报告
一、存在的问题
1、乡镇文化站设施老化:部分文化站建于上世纪九十年代,设备陈旧。
2、基层文化人才匮乏:专职文化干部少,且多身兼数职。
3、群众参与度不高:活动内容单一,年轻人很少参加。
二、原因分析
1、财政投入不足,导致文化站设施长期得不到更新。
2、编制保障不到位,导致基层文化人才引不进、留不住。
三、对策建议
1、加大财政投入,更新文化站设施设备。
2、落实文化专干编制,培养基层文化人才。
3、丰富活动内容,提高群众参与度。
"""
REPORT_ITEMS = [("P1", P, "乡镇文化站设施老化"), ("P2", P, "基层文化人才匮乏"), ("P3", P, "群众参与度不高"),
                ("C1", C, "财政投入不足"), ("C2", C, "编制保障不到位"),
                ("CM1", CM, "加大财政投入,更新文化站设施设备"), ("CM2", CM, "落实文化专干编制,培养基层文化人才"),
                ("CM3", CM, "丰富活动内容,提高群众参与度")]


def test_a_whole_small_report_links_as_a_reader_would():
    doc, nodes = make(REPORT, REPORT_ITEMS)
    got = {(s, t) for s, t, _ in pairs(linker.link(doc, nodes))}
    expected = {("P1", "C1"), ("P1", "CM1"), ("C1", "CM1"), ("P2", "C2"), ("P2", "CM2"),
                ("C2", "CM2"), ("P3", "CM3")}
    assert expected <= got
    assert not got & {("P3", "C1"), ("P3", "CM1"), ("P1", "CM3"), ("P2", "CM3")}


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(REPORT_ITEMS))), st.integers(0, 3), st.floats(0.0, 0.95))
def test_edges_respect_the_contract_whatever_the_input_order(order, split, min_score):
    doc, nodes = make(REPORT, REPORT_ITEMS)
    # put the first `split` items in another report: nothing may cross
    nodes = [Node(**{**n.__dict__, "report": 1 if i < split else 0}) for i, n in enumerate(nodes)]
    shuffled = [nodes[i] for i in order]
    edges = linker.link(doc, shuffled, min_score=min_score)
    assert edges == linker.link(doc, nodes, min_score=min_score)
    by_id = {n.id: n for n in nodes}
    for e in edges:
        src, tgt = by_id[e.source], by_id[e.target]
        assert src.report == tgt.report and min_score <= e.score <= 1
        assert src.type in (P, C) and tgt.type in ((C,) if e.type == CAUSED else (CM,))
        assert all(0 <= a < b <= len(doc.text) for a, b in (e.source_span, e.target_span))
        assert e.rule and e.cue


def test_countermeasures_nested_under_a_problem_address_it():
    text = ("1、留守儿童心理问题突出。对策:一是配备心理辅导老师;二是开设亲情热线。\n"
            "2、校车安全隐患多。对策:一是更新校车;二是配备随车照管员。\n")
    items = [("P1", P, "留守儿童心理问题突出"), ("CM1a", CM, "配备心理辅导老师", "P1"),
             ("CM1b", CM, "开设亲情热线", "P1"), ("P2", P, "校车安全隐患多"),
             ("CM2a", CM, "更新校车", "P2"), ("CM2b", CM, "配备随车照管员", "P2")]
    doc, nodes = make(text, items)
    got = pairs(linker.link(doc, nodes))
    assert {("P1", "CM1a", "addressedBy"), ("P1", "CM1b", "addressedBy"),
            ("P2", "CM2a", "addressedBy"), ("P2", "CM2b", "addressedBy")} <= got
    assert ("P1", "CM2b", "addressedBy") not in got and ("P2", "CM1a", "addressedBy") not in got
    assert "structure" in the(linker.link(doc, nodes), "P1", "CM1b").rule


# ---------------------------------------------------------------- generalisation rules

CHAIN = ("问题\n1、养老护理人员短缺\n2、站点设施长期闲置\n3、站点资金来源单一\n原因\n1、护理岗位吸引力弱\n"
         "对策\n1、稳定护理人才队伍\n2、健全站点运营机制\n")


def chain_doc():
    return make(CHAIN, [("P1", P, "养老护理人员短缺"), ("P2", P, "站点设施长期闲置"), ("P3", P, "站点资金来源单一"),
                        ("C1", C, "护理岗位吸引力弱"), ("CM1", CM, "稳定护理人才队伍"),
                        ("CM2", CM, "健全站点运营机制")])


def test_a_word_each_list_uses_once_is_as_specific_as_a_word_of_one_item():
    doc, nodes = chain_doc()
    w = signals.weights([signals.profile(doc.norm, n) for n in nodes])
    # 护理: one problem, one cause, one measure, the thread of one chain
    assert w["护理"] == pytest.approx(w["闲置"]) == pytest.approx(1.0)
    # must NOT: 站点 is used by two problems, so it says less about which one a measure answers
    assert w["站点"] < 0.5
    # must NOT: a head noun (队伍, 机制) names a kind of thing, not the topic
    assert w["队伍"] <= signals.WEAK_FACTOR and w["机制"] <= signals.WEAK_FACTOR


def test_a_chain_word_links_its_problem_cause_and_measure():
    doc, nodes = chain_doc()
    got = pairs(linker.link(doc, nodes))
    assert {("P1", "C1", "causedBy"), ("C1", "CM1", "addressedBy"), ("P1", "CM1", "addressedBy")} <= got
    assert ("P2", "C1", "causedBy") not in got and ("P3", "CM1", "addressedBy") not in got


NESTED_GROUP = ("一、问题及原因\n（一）专项经费使用不规范\n1.培训经费挪作他用。\n2.设备采购超出预算。\n"
                "产生上述问题的原因：1.财务审核流于形式；2.预算编制过于粗放。\n")


def test_causes_of_the_problems_above_belong_to_their_group_not_the_last_sub_item():
    doc, nodes = make(NESTED_GROUP, [("P1", P, "专项经费使用不规范"), ("P1a", P, "培训经费挪作他用", "P1"),
                                     ("P1b", P, "设备采购超出预算", "P1"), ("C1", C, "财务审核流于形式", "P1b"),
                                     ("C2", C, "预算编制过于粗放", "P1b")])
    got = pairs(linker.link(doc, nodes))
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy")} <= got
    assert ("P1b", "C1", "causedBy") not in got  # must NOT: the outline's parent is only the last sub-item


def collective_doc(intro: str):
    text = f"问题\n1、培训经费挪作他用\n2、设备采购超出预算。{intro}一是财务审核流于形式；二是会计人员流动频繁。\n"
    return make(text, [("P1", P, "培训经费挪作他用"), ("P2", P, "设备采购超出预算"),
                       ("C1", C, "财务审核流于形式", "P2"), ("C2", C, "会计人员流动频繁", "P2")])


def test_causes_of_several_top_level_problems_are_no_one_problem_s():
    got = pairs(linker.link(*collective_doc("上述问题的成因，")))
    # must NOT: the text hangs them after the last problem, but speaks of all problems above
    assert not {("P2", "C1", "causedBy"), ("P2", "C2", "causedBy")} & got
    # the same layout naming that problem's own causes is nested structure
    assert ("P2", "C1", "causedBy") in pairs(linker.link(*collective_doc("其原因，")))


STATED = ("二、存在的问题、原因及建议\n"
          "（一）垃圾清运不及时，村内垃圾堆积。究其原因，主要是保洁经费没有保障。建议将保洁经费纳入乡镇财政预算。\n"
          "（二）分类投放准确率低，混投现象普遍。究其原因，一方面宣传不到位，另一方面分类设施不足。"
          "建议开展入户宣传；同时增设分类设施。\n")


def stated_doc(rule_c="stated-cause", rule_m="stated-countermeasure"):
    return make(STATED, [("P1", P, "垃圾清运不及时"), ("C1", C, "保洁经费没有保障", None, rule_c),
                         ("CM1", CM, "将保洁经费纳入乡镇财政预算", None, rule_m), ("P2", P, "分类投放准确率低"),
                         ("C2a", C, "宣传不到位", None, rule_c), ("C2b", C, "分类设施不足", None, rule_c),
                         ("CM2a", CM, "开展入户宣传", None, rule_m), ("CM2b", CM, "增设分类设施", None, rule_m)])


def test_causes_and_measures_stated_inside_a_problem_belong_to_it():
    got = pairs(linker.link(*stated_doc()))
    for p, items in (("P1", ("C1", "CM1")), ("P2", ("C2a", "C2b", "CM2a", "CM2b"))):
        for n in items:
            assert (p, n, "causedBy" if n.startswith("C") and not n.startswith("CM") else "addressedBy") in got
    assert {("C1", "CM1", "addressedBy"), ("C2a", "CM2a", "addressedBy"), ("C2b", "CM2b", "addressedBy")} <= got
    # must NOT: a measure stated beside several causes answers the one it shares words with,
    # and nothing crosses into another problem's paragraph
    assert not {("C2a", "CM2b", "addressedBy"), ("C2b", "CM2a", "addressedBy"),
                ("P1", "C2a", "causedBy"), ("P2", "C1", "causedBy"), ("C1", "CM2a", "addressedBy")} & got


ABOVE = CENTRAL.replace("针对青年人才外流问题,提出以下建议", "针对上述问题,提出以下建议")


def test_in_a_text_about_one_problem_the_problems_above_are_that_problem():
    items = [("P0", P, "青年人才外流", None, linker.CENTRAL_RULE), ("C1", C, "住房成本高"),
             ("C2", C, "产业岗位少"), ("CM1", CM, "建设人才公寓"), ("CM2", CM, "引进高新企业")]
    doc, nodes = make(ABOVE, items)
    edges = linker.link(doc, nodes)
    assert {("P0", "CM1", "addressedBy"), ("P0", "CM2", "addressedBy")} <= pairs(edges)
    s, e = the(edges, "P0", "CM1").source_span
    assert doc.text[s:e] == "上述问题"  # the evidence is where the text says so
    # must NOT: without a central problem, "the problems above" are several, and nothing is blanket
    plain = [("P0", P, "青年人才外流"), *items[1:]]
    assert not any("central" in e.rule for e in linker.link(*make(ABOVE, plain)))


def test_a_cause_list_introduced_on_its_own_line_ties_to_the_central_problem():
    text = ("青年人才外流问题调研\n原因\n青年人才外流问题的产生，主要有两方面原因。首先，住房成本高。"
            "其次，产业岗位少。\n对策\n1、建设人才公寓\n")
    items = [("P0", P, "青年人才外流", None, linker.CENTRAL_RULE), ("C1", C, "住房成本高"),
             ("C2", C, "产业岗位少"), ("CM1", CM, "建设人才公寓")]
    got = pairs(linker.link(*make(text, items)))
    assert {("P0", "C1", "causedBy"), ("P0", "C2", "causedBy")} <= got
    # must NOT: the measures' intro says nothing of the problem
    assert ("P0", "CM1", "addressedBy") not in got


TARGET_GROUP = ("问题\n1、青年教师留不住\n2、学科结构失衡\n原因\n一、待遇保障不到位\n生活补助标准偏低\n青年教师住宿条件差\n"
                "二、职业发展空间小\n培训机会少\n职称名额向城区倾斜\n")


def test_a_cause_category_carries_the_links_its_sub_items_receive():
    doc, nodes = make(TARGET_GROUP, [("P1", P, "青年教师留不住"), ("P2", P, "学科结构失衡"),
                                     ("C1", C, "待遇保障不到位"), ("C1.1", C, "生活补助标准偏低", "C1"),
                                     ("C1.2", C, "青年教师住宿条件差", "C1"), ("C2", C, "职业发展空间小"),
                                     ("C2.1", C, "培训机会少", "C2"), ("C2.2", C, "职称名额向城区倾斜", "C2")])
    edges = linker.link(doc, nodes)
    got = pairs(edges)
    assert {("P1", "C1.2", "causedBy"), ("P1", "C1", "causedBy")} <= got
    assert "structure" in the(edges, "P1", "C1").rule
    # must NOT: a category none of whose sub-items is linked carries nothing
    assert not {("P1", "C2", "causedBy"), ("P2", "C1", "causedBy"), ("P2", "C2", "causedBy")} & got


def below_sub_items_doc(joint: str):
    text = f"（一）专项经费使用不规范\n1.培训经费挪作他用。\n2.设备采购超出预算{joint}原因主要是：1.财务审核流于形式；2.预算编制过于粗放。\n"
    return make(text, [("P1", P, "专项经费使用不规范"), ("P1a", P, "培训经费挪作他用", "P1"),
                       ("P1b", P, "设备采购超出预算", "P1"), ("C1", C, "财务审核流于形式", "P1b"),
                       ("C2", C, "预算编制过于粗放", "P1b")])


def test_a_cause_list_on_its_own_line_below_the_last_sub_item_follows_the_group():
    got = pairs(linker.link(*below_sub_items_doc("。\n")))
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy")} <= got
    assert ("P1b", "C1", "causedBy") not in got
    # must NOT: causes stated in the sub-item's own sentence are that sub-item's
    got = pairs(linker.link(*below_sub_items_doc("，")))
    assert ("P1b", "C1", "causedBy") in got and ("P1", "C1", "causedBy") not in got


def test_a_measure_restating_the_cause_s_phrase_links_more_strongly():
    text = ("原因\n1、社会资本多元投入机制尚未形成\n2、养老服务人员待遇偏低\n对策\n1、健全多元投入机制\n"
            "2、提高养老服务人员待遇\n3、扩大养老服务供给\n")
    items = [("C1", C, "社会资本多元投入机制尚未形成"), ("C2", C, "养老服务人员待遇偏低"),
             ("CM1", CM, "健全多元投入机制"), ("CM2", CM, "提高养老服务人员待遇"), ("CM3", CM, "扩大养老服务供给")]
    edges = linker.link(*make(text, items), min_score=0.0)
    e = the(edges, "C1", "CM1")
    assert "phrase" in e.rule.split("+") and "多元投入机制" in e.cue
    assert "phrase" in the(edges, "C2", "CM2").rule
    # must NOT: four characters in common (养老服务) are a topic word, not a restated phrase
    assert "phrase" not in the(edges, "C2", "CM3").rule
    assert linker._common_phrase("缺乏见习单位", "健全见习单位管理") == (0, 0)


SECTIONS = """一、报修响应慢
1. 原因
- 值班人手紧
- 工单系统老旧
2. 对策
- 增设夜间值班
- 更换工单系统
二、收费不透明
1. 原因
- 账目不公开
- 收费标准模糊
"""


def test_a_problem_heading_owns_the_cause_and_measure_lists_of_its_section():
    items = [("P1", P, "报修响应慢"), ("C1", C, "值班人手紧"), ("C2", C, "工单系统老旧"),
             ("CM1", CM, "增设夜间值班"), ("CM2", CM, "更换工单系统"), ("P2", P, "收费不透明"),
             ("C3", C, "账目不公开"), ("C4", C, "收费标准模糊")]
    got = pairs(linker.link(*make(SECTIONS, items)))
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy"), ("P1", "CM1", "addressedBy"),
            ("P2", "C3", "causedBy"), ("P2", "C4", "causedBy")} <= got
    # must NOT: a section's lists belong to its own heading only
    assert not {("P1", "C3", "causedBy"), ("P2", "C1", "causedBy"), ("P2", "CM1", "addressedBy")} & got


def test_a_problem_list_followed_by_one_cause_list_is_no_section_layout():
    text = "问题\n一、报修响应慢\n二、收费不透明\n原因\n- 值班人手紧\n- 账目不公开\n"
    items = [("P1", P, "报修响应慢"), ("P2", P, "收费不透明"), ("C1", C, "值班人手紧"), ("C2", C, "账目不公开")]
    # must NOT: the last problem of the list does not own the cause list below it
    assert not any({"section", "sole"} & set(e.rule.split("+")) for e in linker.link(*make(text, items)))


# ---------------------------------------------------------------- quoted cues and evidence sentences

def _quoted_at_their_spans(doc, e) -> None:
    words = [p for p in re.split("[、…↔]", e.cue) if p and not p.startswith(("#", "nested", "stated"))]
    assert sorted(doc.text[s:t] for s, t in e.cue_spans) == sorted(set(words))
    for s, t in e.cue_spans:  # each quoted word sits inside one evidence sentence
        assert any(a <= s and t <= b for a, b, _ in e.evidence)
    for a, b, text in e.evidence:
        assert doc.text[a:b].strip() == text


def test_every_cue_word_is_quoted_at_its_span_inside_an_evidence_sentence():
    doc, nodes = shared_doc()
    edges = linker.link(doc, nodes)
    assert edges
    for e in edges:
        _quoted_at_their_spans(doc, e)
    e = the(edges, "P2", "CM2")
    texts = [t for _, _, t in e.evidence]
    assert "2、乡村医生收入偏低:村医每月补贴不足千元。" in texts and any("提高乡村医生待遇" in t for t in texts)


def test_a_traditional_text_is_quoted_in_its_own_script():
    text = "問題\n1、鄉村醫生收入偏低。\n對策\n1、提高鄉村醫生待遇。\n"
    norm = "问题\n1、乡村医生收入偏低。\n对策\n1、提高乡村医生待遇。\n"
    doc, nodes = make(text, [("P1", P, "鄉村醫生收入偏低"), ("CM1", CM, "提高鄉村醫生待遇")], norm=norm)
    e = the(linker.link(doc, nodes), "P1", "CM1")
    assert "鄉村" in e.cue and "乡村" not in e.cue and "醫生" in e.cue
    _quoted_at_their_spans(doc, e)


def test_no_sole_problem_edges_from_a_sentence_announcing_several_or_a_cause_heading():
    # must NOT: "面临三个难点" announces a problem list; "困境之成因" is a heading over causes
    for head in ("当前社区食堂运营面临三个难点", "社区食堂困境之成因"):
        text = f"{head}\n1、场地租金高\n2、就餐人数少\n对策\n1、减免场地租金\n2、扩大助餐对象\n"
        items = [("P1", P, head), ("C1", C, "场地租金高"), ("C2", C, "就餐人数少"),
                 ("CM1", CM, "减免场地租金"), ("CM2", CM, "扩大助餐对象")]
        assert not any("sole" in e.rule for e in linker.link(*make(text, items)))


PARALLEL = """一、存在的问题
(一)夜市摊位占道。摊主把桌椅摆上人行道,行人只能绕行。
(二)油烟扰民。临街住户反映晚上不敢开窗。
二、原因
这些问题的存在有以下原因。
(一)规划缺位。当初没有为摊主划定经营区,人行道成了唯一去处。
(二)排烟设施简陋。多数摊位没有装净化器,住户只能关窗。
"""


def test_causes_of_these_problems_listed_in_order_answer_them_one_by_one():
    items = [("P1", P, "夜市摊位占道"), ("P2", P, "油烟扰民"), ("C1", C, "规划缺位"), ("C2", C, "排烟设施简陋")]
    edges = linker.link(*make(PARALLEL, items))
    assert {("P1", "C1", "causedBy"), ("P2", "C2", "causedBy")} <= pairs(edges)
    assert "parallel" in the(edges, "P1", "C1").rule


def test_parallel_lists_without_the_intro_or_without_a_shared_word_do_not_link():
    items = [("P1", P, "夜市摊位占道"), ("P2", P, "油烟扰民"), ("C1", C, "规划缺位"), ("C2", C, "排烟设施简陋")]
    # must NOT: the same numbers in two lists, but nothing says the causes answer these problems
    plain = PARALLEL.replace("这些问题的存在有以下原因。", "调查中还了解到以下情况。")
    got = pairs(linker.link(*make(plain, items)))
    assert ("P1", "C1", "causedBy") not in got and ("P2", "C2", "causedBy") not in got
    # must NOT: the intro is there, but the pair shares no word at all
    bare = PARALLEL.replace("行人只能绕行", "影响通行").replace("为摊主划定经营区,人行道成了唯一去处", "划定经营区")
    assert ("P1", "C1", "causedBy") not in pairs(linker.link(*make(bare, items)))


def test_a_defects_name_used_as_a_goal_is_no_shared_topic():
    text = ("问题\n1、村务决策一刀切:不顾各村差异统一摊派任务。\n2、村干部培训少\n"
            "对策\n1、推行一刀切式的管理办法,让大家有章可循。\n2、分类培训村干部\n")
    items = [("P1", P, "村务决策一刀切"), ("P2", P, "村干部培训少"), ("CM1", CM, "推行一刀切式的管理办法"),
             ("CM2", CM, "分类培训村干部")]
    # must NOT: the measure writes the defect's name as what it wants (opposite polarity)
    assert ("P1", "CM1", "addressedBy") not in pairs(linker.link(*make(text, items), min_score=0.05))
    # the same name opposed by the measure (杜绝…一刀切) answers the defect
    opposed = text.replace("推行一刀切式的管理办法", "杜绝决策一刀切")
    items[2] = ("CM1", CM, "杜绝决策一刀切")
    assert ("P1", "CM1", "addressedBy") in pairs(linker.link(*make(opposed, items)))


CLOSURE = """一、问题
1、老旧小区加装电梯进展慢
2、物业费收缴率低
二、原因
1、低层住户反对
2、资金分摊难谈拢
3、审批环节多
凡此种种，都导致老旧小区加装电梯进展慢。
"""


def test_a_closing_sentence_ties_each_listed_cause_to_what_it_names():
    items = [("P1", P, "老旧小区加装电梯进展慢"), ("P2", P, "物业费收缴率低"), ("C1", C, "低层住户反对"),
             ("C2", C, "资金分摊难谈拢"), ("C3", C, "审批环节多")]
    edges = linker.link(*make(CLOSURE, items))
    got = pairs(edges)
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy"), ("P1", "C3", "causedBy")} <= got
    assert "closure" in the(edges, "P1", "C2").rule
    # must NOT: the problem the sentence does not name gets none of them
    assert not any(s == "P2" for s, _, _ in got)


def test_causes_gathered_inside_one_sentence_with_etc():
    text = "1、偏远村通网难\n2、村民上网少\n基站稀少、电价偏高、维护人员不足等因素，使得偏远村通网难。\n"
    items = [("P1", P, "偏远村通网难"), ("P2", P, "村民上网少"), ("C1", C, "基站稀少"), ("C2", C, "电价偏高"),
             ("C3", C, "维护人员不足")]
    got = pairs(linker.link(*make(text, items)))
    assert {("P1", "C1", "causedBy"), ("P1", "C2", "causedBy"), ("P1", "C3", "causedBy")} <= got


def test_no_closure_without_an_effect_naming_an_item():
    # must NOT: the sentence gathers the causes but names nothing they bring about
    text = CLOSURE.replace("凡此种种，都导致老旧小区加装电梯进展慢。", "凡此种种，值得深思。")
    items = [("P1", P, "老旧小区加装电梯进展慢"), ("P2", P, "物业费收缴率低"), ("C1", C, "低层住户反对"),
             ("C2", C, "资金分摊难谈拢"), ("C3", C, "审批环节多")]
    assert not any("closure" in e.rule for e in linker.link(*make(text, items)))


def test_a_cause_whose_text_names_its_own_cause_right_after_the_cue():
    text = ("原因\n1、基层医生不足:村卫生室缺人,而医生不足的原因为乡村医生待遇低,年轻人不愿回村。\n"
            "对策\n1、提高乡村医生待遇\n")
    items = [("C1", C, "基层医生不足"), ("C2", C, "乡村医生待遇低"), ("CM1", CM, "提高乡村医生待遇")]
    doc, nodes = make(text, items)
    got = pairs(linker.link(doc, nodes))
    assert ("C1", "C2", "causedBy") in got
    # must NOT: the chain runs one way only
    assert ("C2", "C1", "causedBy") not in got


def test_because_x_then_y_in_one_sentence_chains_the_two_causes():
    text = "原因\n部分老楼因产权分散,维修基金难以归集,外墙长期失修。\n"
    items = [("C1", C, "产权分散"), ("C2", C, "维修基金难以归集")]
    got = pairs(linker.link(*make(text, items)))
    assert ("C2", "C1", "causedBy") in got
    # must NOT: two causes side by side without the conjunction, or in two sentences
    for other in ("部分老楼产权分散,维修基金难以归集,外墙长期失修。", "部分老楼因产权分散。维修基金难以归集。"):
        assert not pairs(linker.link(*make("原因\n" + other + "\n", items)))


def test_a_short_form_spelled_out_on_the_other_side_links():
    text = "问题\n1、灵活就业人员医保断缴\n2、食堂卫生差\n对策\n1、完善灵活就业人员医疗保险缴费办法\n2、整治食堂卫生\n"
    items = [("P1", P, "灵活就业人员医保断缴"), ("P2", P, "食堂卫生差"), ("CM1", CM, "完善灵活就业人员医疗保险缴费办法"),
             ("CM2", CM, "整治食堂卫生")]
    edges = linker.link(*make(text, items))
    assert "abbreviation" in the(edges, "P1", "CM1").rule
    assert "医保↔医疗保险" in the(edges, "P1", "CM1").cue
    assert abbreviations.expansion("推动产业、学校、科研协同", [(0, 12)], "产学研") == ("产业、学校、科研", (2, 10))
    assert abbreviations.expansion("维护权益", [(0, 4)], "维权") == ("维护权益", (0, 4))


def test_characters_inside_other_words_or_apart_are_no_short_form():
    # must NOT: 资本 is not spelled by 融资|成本 (资 is not where 融资 begins)
    assert abbreviations.expansion("融资成本偏高", [(0, 6)], "资本") is None
    # must NOT: the words must follow each other (维护 … 权益 with words between)
    assert abbreviations.expansion("依法维护职工合法权益", [(0, 10)], "维权") is None
    # must NOT: a compound holding the whole short form is the word itself, not its spelling
    assert abbreviations.expansion("医保基金监管", [(0, 6)], "医保") is None

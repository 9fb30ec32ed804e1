from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.models import NodeType
from policykg.outline.structure import outline

REPORT = """乡村学校教师流失问题的调查
一、教师流失的主要表现
1、青年教师留不住:三年内调离近三分之一。
2、学科结构失衡:音乐美术教师紧缺。
二、教师流失问题的原因
1、待遇保障不到位。一是生活补助制度标准偏低;二是周转宿舍不足。
2、职业发展空间小。
三、对策建议
针对教师流失问题,提出以下建议。
1、提高生活补助标准:落实乡村教师生活补助制度,建立城乡教师交流轮岗机制。
2、建设周转宿舍。
"""


def nodes_of(text):
    doc = make_doc(text)
    return doc, extract(doc, outline(doc))


def by_label(nodes):
    return {n.label: n for n in nodes}


def test_items_are_typed_by_their_section():
    _, nodes = nodes_of(REPORT)
    n = by_label(nodes)
    assert n["青年教师留不住"].type is NodeType.PROBLEM
    assert n["待遇保障不到位"].type is NodeType.CAUSE
    assert n["建设周转宿舍"].type is NodeType.COUNTERMEASURE


def test_nested_items_have_parents():
    _, nodes = nodes_of(REPORT)
    n = by_label(nodes)
    assert n["生活补助制度标准偏低"].parent == n["待遇保障不到位"].id
    assert n["周转宿舍不足"].type is NodeType.CAUSE


def test_central_problem_is_one_node_with_every_mention():
    doc, nodes = nodes_of(REPORT)
    central = [n for n in nodes if n.rule == "central-problem"]
    assert len(central) == 1 and central[0].label == "教师流失"
    assert len(central[0].spans) == doc.text.count("教师流失")
    assert by_label(nodes)["青年教师留不住"].parent == central[0].id


def test_mechanisms_and_institutions_once_per_document():
    _, nodes = nodes_of(REPORT)
    named = {(n.type, n.label): n for n in nodes if n.type in (NodeType.MECHANISM, NodeType.INSTITUTION)}
    assert (NodeType.MECHANISM, "城乡教师交流轮岗机制") in named
    inst = [n for n in nodes if n.type is NodeType.INSTITUTION]
    assert len(inst) == 1 and len(inst[0].spans) == 2  # 生活补助制度 twice, one node


def test_generic_system_words_are_not_names():
    _, nodes = nodes_of("一、存在的问题\n1、管理制度僵化。一些制度流于形式。\n2、制度设计缺陷。\n")
    assert not [n for n in nodes if n.type is NodeType.INSTITUTION]


def test_label_and_spans_point_at_the_text():
    doc, nodes = nodes_of(REPORT.replace("问题", "問題"))
    for n in nodes:
        assert doc.text[n.start:n.end] == n.label
        assert (n.start, n.end) in n.spans
        assert doc.text[n.text_start:n.text_end] == n.text


def test_ids_are_stable_and_unique():
    _, a = nodes_of(REPORT)
    _, b = nodes_of(REPORT)
    assert [n.id for n in a] == [n.id for n in b]
    assert len({n.id for n in a}) == len(a)


def test_stated_causes_in_a_countermeasure_body():
    text = ("爰谨建议:\n一、加速污水管网建设,以提升接管率\n为解决生活污水问题,惟部分县市管网建设进度落后,"
            "以致污水处理率偏低。允宜加速建设。\n")
    _, nodes = nodes_of(text)
    causes = [n for n in nodes if n.type is NodeType.CAUSE]
    assert [c.label for c in causes] == ["部分县市管网建设进度落后"]
    assert causes[0].rule == "explicit-cause" and causes[0].cue == "以致"


def test_problems_listed_in_a_preamble_sentence():
    text = ("为改善空气质量,已提出整治措施,惟燃煤替代进度缓慢、扬尘管控力度不足,以及机动车排放监管薄弱等,"
            "均影响治理成效。建议:\n一、加快燃煤替代\n")
    _, nodes = nodes_of(text)
    problems = [n.label for n in nodes if n.type is NodeType.PROBLEM]
    assert problems == ["燃煤替代进度缓慢", "扬尘管控力度不足", "机动车排放监管薄弱"]


def test_items_under_achievements_are_not_nodes():
    text = "一、主要成效\n1、建成站点20个。\n2、服务老人三千人次。\n二、存在问题\n1、人员不足。\n"
    _, nodes = nodes_of(text)
    assert [n.label for n in nodes] == ["人员不足"]


def test_lines_without_structure_give_nothing():
    _, nodes = nodes_of("今天天气很好,市民纷纷出门散步。公园里游人如织。\n")
    assert nodes == ()


def test_headingless_items_are_typed_by_their_wording():
    text = "一是加强引领,强化群众归属。\n二是改进工作方法,维护群众利益。\n"
    _, nodes = nodes_of(text)
    assert [n.type for n in nodes] == [NodeType.COUNTERMEASURE] * 2


def test_summary_sentences_list_problems_causes_and_countermeasures():
    text = ("摘要:研究发现,当前村级集体经济面临收入来源单一、经营性资产规模偏小、经营管理人才短缺等困境。"
            "其成因主要在于资源要素激活不足、利益联结机制不完善。据此,本文提出盘活闲置资源资产、"
            "探索多元化经营模式等破解路径。\n")
    _, nodes = nodes_of(text)
    got = {(n.type, n.label) for n in nodes if n.rule in ("prose-list", "stated-list")}
    assert (NodeType.PROBLEM, "收入来源单一") in got
    assert (NodeType.CAUSE, "利益联结机制不完善") in got
    assert (NodeType.COUNTERMEASURE, "探索多元化经营模式") in got


def test_a_question_why_introduces_causes_and_yao_items_are_countermeasures():
    text = ("一些地方为何出现“越减越负”的怪象?\n首先,考核指挥棒没有调过来。\n其次,属地管理被滥用。\n"
            "破解“越减越负”难题,需要从根子上下功夫。一要改进督查考核方式;二要厘清基层权责边界。\n")
    _, nodes = nodes_of(text)
    kinds = {n.label: n.type for n in nodes}
    assert kinds["考核指挥棒没有调过来"] is NodeType.CAUSE
    assert kinds["改进督查考核方式"] is NodeType.COUNTERMEASURE


def test_a_block_per_problem_with_labelled_causes_and_measures():
    text = ("问题一:挂号排队时间长。\n原因:预约挂号比例偏低,老年患者习惯现场挂号。\n"
            "整改措施:一是推行分时段预约;二是增设自助机。\n")
    _, nodes = nodes_of(text)
    kinds = {n.label: n.type for n in nodes}
    assert kinds["挂号排队时间长"] is NodeType.PROBLEM
    assert any(t is NodeType.CAUSE and l.startswith("预约挂号比例偏低") for l, t in kinds.items())
    assert kinds["推行分时段预约"] is NodeType.COUNTERMEASURE


def test_central_problem_mentions_are_those_of_its_own_report():
    # two reports in one file naming the same problem: each node has the mentions in its own
    # report's text (before, every mention in the file, so a file of n reports held n² spans)
    text = REPORT + REPORT.replace("一、教师流失的主要表现", "一、教师流失的表现")
    doc, nodes = nodes_of(text)
    o = outline(doc)
    central = sorted((n for n in nodes if n.rule == "central-problem"), key=lambda n: n.report)
    assert [n.report for n in central] == [0, 1]
    assert sum(len(n.spans) for n in central) == text.count("教师流失")
    for n in central:
        lo, hi = o.report_span(n.report)
        assert n.spans and all(lo <= s and (hi is None or s < hi) for s, _ in n.spans)


def test_new_only_keeps_what_no_known_draft_of_its_type_overlaps():
    # indexed since a long document has thousands of drafts; the same as the pairwise test
    import random

    from policykg.extract.drafts import Draft
    from policykg.extract.items import _new_only

    rng = random.Random(7)
    types = [NodeType.PROBLEM, NodeType.CAUSE, NodeType.COUNTERMEASURE]

    def draft():
        s = rng.randrange(200)
        e = s + rng.randrange(1, 30)
        return Draft(rng.choice(types), s, e, s, e, "r", "c", 0)

    for _ in range(50):
        known = [draft() for _ in range(rng.randrange(12))]
        found = [draft() for _ in range(20)]
        pairwise = [f for f in found if not any(
            k.type is f.type and k.start < f.end and f.start < k.end for k in known)]
        assert _new_only(found, known) == pairwise


RECTIFICATION = ("一、关于食堂食品安全管理不严的问题\n"
                 "问题表现：部分学校食堂留样记录不全，索证索票不规范。\n"
                 "原因剖析：分管领导对食堂管理重检查、轻整改。\n"
                 "整改措施：（1）建立食堂管理周检制度；（2）开展从业人员专项培训。\n"
                 "二、关于校车接送安全隐患的问题\n"
                 "问题表现：个别校车超员运行，随车照管人员缺位。\n"
                 "原因剖析：学校与运营企业之间责任划分不清。\n"
                 "整改措施：（1）签订校车安全责任书；（2）每月开展校车安全检查。\n")


def test_a_part_labelled_as_the_problem_under_an_item_naming_it_only_describes_it():
    _, nodes = nodes_of(RECTIFICATION)
    problems = [n.label for n in nodes if n.type is NodeType.PROBLEM]
    assert problems == ["关于食堂食品安全管理不严的问题", "关于校车接送安全隐患的问题"]

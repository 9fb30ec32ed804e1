from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.models import NodeType
from policykg.outline.structure import outline


def causes(text):
    doc = make_doc(text)
    return [n.label for n in extract(doc, outline(doc)) if n.type is NodeType.CAUSE]


def test_because_clause_before_a_shortcoming_in_a_problem_body_is_a_cause():
    text = ("一、存在的问题\n"
            "(一)社区活动场地不足。全区仅有三处活动室,但由于近年来参加活动的老人逐年增多,"
            "现有活动室已不能满足需求。\n"
            "(二)志愿者队伍不稳定。由于节假日较多,活动时间常常调整。\n")
    found = causes(text)
    assert "近年来参加活动的老人逐年增多" in found
    assert not any("节假日" in c for c in found)  # what follows states no shortcoming


def test_a_body_restating_its_item_names_the_item_own_cause():
    text = ("本文对服务功能未发挥的主要原因,有下列发现:\n"
            "(一)专业人员不足的问题\n"
            "调研发现,基层站所的专业人员不足原因为编制进用问题,多数岗位长期空缺。"
            "据问卷调查显示,居民对服务不满意的主要原因是办事等候过久。\n")
    found = causes(text)
    assert "编制进用问题" in found
    assert not any("等候" in c for c in found)  # survey evidence, and no restatement


def test_a_clause_causing_the_problem_itself_is_a_cause():
    text = ("二、发现的问题\n"
            "● 安全意识不强\n"
            "○ 部分村组对道路隐患排查不重视,人手不足导致问题长期未解决。\n"
            "○ 实例:某村临河路段没有安全护栏。\n"
            "● 警示设施不全\n"
            "○ 部分路段缺少警示标志,导致问题频发。\n"  # no clause of its own before 导致
            "○ 实例:某镇急弯处没有减速带。\n")
    found = causes(text)
    assert found == ["人手不足"]


def test_a_second_clause_between_because_and_so_that_is_a_cause_too():
    text = ("一、存在的问题\n"
            "(一)社区医生流失严重。由于编制名额长期冻结,年轻医生缺乏晋升通道,以致人员流动频繁。\n"
            "(二)设备老化。由于经费不足,部分设备多年未更新,导致检查结果不准。\n")
    found = causes(text)
    assert "编制名额长期冻结" in found and "年轻医生缺乏晋升通道" in found
    assert "经费不足" in found and "部分设备多年未更新" in found  # an in-between condition (a chain)


def test_a_body_sentence_opening_with_yin_names_the_item_causes():
    text = ("贰、问题分析\n一、乡村教师流失严重\n"
            "因乡村学校待遇偏低、晋升渠道狭窄,加以生活配套不足,年轻教师任教两三年即设法调离。\n"
            "二、留守儿童照护不足\n因此各校普遍加强了家访。\n")
    found = causes(text)
    assert "乡村学校待遇偏低、晋升渠道狭窄" in found
    assert "生活配套不足" in found
    assert not any("家访" in c for c in found)  # 因此 opens no cause


def test_a_yin_clause_inside_a_problem_sentence_is_its_cause():
    text = ("二、存在的问题\n一是冷链运输成本偏高,因冷藏车辆少、空驶率高,小农户难以承担。"
            "二是技术推广不够,各地因地制宜开展示范,但覆盖面窄。\n")
    found = causes(text)
    assert "冷藏车辆少、空驶率高" in found
    assert not any("地制宜" in c for c in found)


def test_causes_a_problem_body_states_make_no_section_of_its_heading():
    from policykg import pipeline
    from helpers_doc import make_doc as _doc
    text = ("贰、问题分析\n一、乡村教师流失严重\n"
            "因乡村学校待遇偏低,加以生活配套不足,年轻教师任教两三年即设法调离。\n"
            "二、教学设备老化\n多数学校的多媒体设备已使用十年以上。\n"
            "叁、建议\n一、提高乡村教师生活补助。\n二、分批更新教学设备。\n三、建设教师周转宿舍。\n")
    r = pipeline.process(_doc(text))
    assert not [e for e in r.edges if "section" in e.rule]


def test_an_inline_part_stating_its_cause_with_yin_is_named_without_it_and_linked():
    from policykg import pipeline
    from helpers_doc import make_doc as _doc
    text = ("二、存在的问题\n一是技术推广不够,各地因地制宜开展示范,但覆盖面窄。"
            "二是冷链运输成本偏高,因冷藏车辆少、空驶率高,小农户难以承担。\n")
    r = pipeline.process(_doc(text))
    by_label = {n.label: n for n in r.nodes}
    assert "冷链运输成本偏高" in by_label and "冷藏车辆少、空驶率高" in by_label
    assert any(e.source == by_label["冷链运输成本偏高"].id and e.target == by_label["冷藏车辆少、空驶率高"].id
               for e in r.edges)
    assert not [x for x in by_label if "地制宜" in x and by_label[x].type.value == "Cause"]


def test_causes_a_problem_sentence_weighs_with_ji_you_and_ye_yu_are_each_named():
    text = ("一、存在的问题\n"
            "一是垃圾分类参与率偏低。不少小区仍是混装混运,这既有分类设施配置不足、宣传引导不够深入的原因,"
            "也与部分居民怕麻烦的习惯有关。二是厨余垃圾处理能力不足。\n")
    found = causes(text)
    assert found[:3] == ["分类设施配置不足", "宣传引导不够深入", "部分居民怕麻烦的习惯"]

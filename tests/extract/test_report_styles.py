"""Report styles met in blind batches: heading words, enumerations and cue words of the
genre that an earlier rule set missed (texts written for these tests)."""

from helpers_doc import make_doc

from policykg.extract.items import extract
from policykg.models import NodeType
from policykg.outline.structure import outline


class _Types(dict):
    """Node types by label; a key also finds the one label that contains it (a marker or
    a second clause may stay in a label)."""

    def __missing__(self, key):
        found = [v for k, v in self.items() if key in k]
        if len(found) != 1:
            raise KeyError(key)
        return found[0]


def types_of(text):
    doc = make_doc(text)
    return _Types({n.label: n.type for n in extract(doc, outline(doc))})


CRUX = """关于农村饮水安全的调查报告
一、突出表现
1、部分水厂水质不达标。
2、管网漏损严重。
二、症结所在
1、运维经费不足。
2、专业人员缺乏。
三、对策思路
1、设立运维专项资金。
2、招聘专业水务人员。
"""


def test_crux_heading_heads_causes():
    t = types_of(CRUX)
    assert t["部分水厂水质不达标"] is NodeType.PROBLEM
    assert t["运维经费不足"] is NodeType.CAUSE  # 症结所在 names the causes
    assert t["设立运维专项资金"] is NodeType.COUNTERMEASURE


# one long line (a scraped abstract): its (一)(二) and 一、二、 runs are split into lines
ABSTRACT = ("摘要\n本研究以问卷调查三个乡镇的村民六百人,并访谈基层干部二十人,探讨农村集体“三资”"
            "管理的困境。研究发现,主要存在下列问题:(一)村级财务公开流于形式,群众看不懂;"
            "(二)集体资产底数不清,部分资产长期闲置。分析其成因,一则审计力量薄弱,乡镇审计人员不足;"
            "二则群众监督渠道不畅。据此,本研究提出建议如下:一、推行财务公开清单,统一公开格式;"
            "二、开展集体资产清查,建立资产台账。")


def test_a_lead_sentence_inside_an_item_line_types_its_run():
    t = types_of(ABSTRACT)
    assert t["村级财务公开流于形式"] is NodeType.PROBLEM
    assert t["审计力量薄弱"] is NodeType.CAUSE  # 分析其成因,一则…: causes, not parts of (二)
    assert t["群众监督渠道不畅"] is NodeType.CAUSE
    assert t["推行财务公开清单"] is NodeType.COUNTERMEASURE  # …建议如下: ends (二)'s line
    assert t["开展集体资产清查"] is NodeType.COUNTERMEASURE


def test_a_run_in_the_items_own_sentence_stays_its_parts():
    text = ("一、存在的问题\n(一)基层队伍不稳定,一是人员流动频繁;二是专业人才缺乏。\n"
            "(二)经费保障不足。\n")
    doc = make_doc(text)
    nodes = extract(doc, outline(doc))
    part = next(n for n in nodes if n.label.startswith("人员流动频繁"))
    item = next(n for n in nodes if n.label.startswith("基层队伍不稳定"))
    assert part.type is NodeType.PROBLEM and part.parent == item.id


def test_an_intro_ending_an_item_of_the_same_numbering_keeps_the_list():
    text = ("一、存在的问题\n(一)基层队伍不稳定。主要原因如下:\n(二)经费保障不足。\n"
            "(三)设施老化。\n")
    t = types_of(text)
    assert t["经费保障不足"] is NodeType.PROBLEM  # a (二) after it is still a problem
    assert t["设施老化"] is NodeType.PROBLEM


def test_analysis_words_in_a_heading_are_filler():
    text = ("## 一、问题表现\n- **公厕数量不足。** 高峰时段排队严重。\n"
            "## 二、成因剖析\n1. **规划标准滞后**:配建标准多年未修订。\n"
            "## 三、对策建议\n1. 修订公厕配建标准。\n")
    t = types_of(text)
    assert t["规划标准滞后"] is NodeType.CAUSE  # 成因剖析 is a causes heading
    assert t["修订公厕配建标准"] is NodeType.COUNTERMEASURE


def test_obstacle_words_close_a_problem_list():
    t = types_of("当前,县域物流面临网点布局分散、冷链设施不足和末端配送成本高等梗阻。")
    assert t["网点布局分散"] is NodeType.PROBLEM and t["冷链设施不足"] is NodeType.PROBLEM


def test_a_comma_chain_after_a_measure_lead_gives_one_measure_each():
    t = types_of("县域物流网点分散、成本偏高。文章提出,应整合邮政快递网点,建设县级共配中心,"
                 "完善冷链设施,并通过财政补贴降低末端配送成本。")
    for m in ("整合邮政快递网点", "建设县级共配中心", "完善冷链设施", "财政补贴降低末端配送成本"):
        assert t[m] is NodeType.COUNTERMEASURE


def test_a_measure_with_its_purpose_stays_one_measure():
    t = types_of("县域物流成本偏高。文章提出,应建设县级共配中心,以降低末端配送成本。")
    assert sum(v is NodeType.COUNTERMEASURE for v in t.values()) == 1


SPEECH = ("一、正视存在的问题\n"
          "当前,社区养老服务还存在不少短板。一是服务设施覆盖不全;二是专业护理人员短缺。\n"
          "这些问题的产生,有其深层次原因。一方面,部分街道把设施建设作为考核重点,重建设、轻运营;"
          "另一方面,护理岗位薪酬偏低,难以吸引年轻人。同时,我们的统筹协调也不到位。\n")


def test_a_sentence_saying_the_problems_have_causes_opens_a_cause_scope():
    t = types_of(SPEECH)
    assert t["部分街道把设施建设作为考核重点"] is NodeType.CAUSE
    assert t["护理岗位薪酬偏低"] is NodeType.CAUSE
    assert t["我们的统筹协调也不到位"] is NodeType.CAUSE


def test_without_the_cause_sentence_the_run_is_no_causes():
    t = types_of(SPEECH.replace("这些问题的产生,有其深层次原因。", ""))
    assert all(v is not NodeType.CAUSE for v in t.values())


def test_a_line_listing_its_own_causes_is_no_lead_for_the_next_list():
    text = ("一、存在的问题\n(一)台账管理混乱。\n(二)资金拨付滞后。\n"
            "二、问题产生的原因\n分析原因,主要有两个方面:一是责任压得不实;二是监督检查缺位。\n"
            "三、完善长效机制\n(一)建立资金拨付台账,按月通报进度。\n(二)开展专项监督检查。\n")
    t = types_of(text)
    assert t["完善长效机制"] is not NodeType.CAUSE  # not one of the causes announced above
    assert t["建立资金拨付台账"] is NodeType.COUNTERMEASURE
    assert t["开展专项监督检查"] is NodeType.COUNTERMEASURE


COMMENTARY = ("校园周边“三无”零食屡禁不止,症结不全在商贩。从学校看,食品安全教育流于形式,学生辨别能力弱。"
              "从监管看,执法力量不足,处罚力度偏轻。\n"
              "治理这一乱象,需要多方发力。市场监管部门应加大抽检频次,依法查处无证商贩。"
              "家长也要履行监护职责,管好孩子零花钱。")


def test_sides_of_a_crux_are_causes_and_an_answer_lead_opens_measures():
    t = types_of(COMMENTARY)
    assert t["校园周边“三无”零食屡禁不止"] is NodeType.PROBLEM
    assert t["食品安全教育流于形式"] is NodeType.CAUSE  # 从学校看: one side of the crux
    assert t["执法力量不足"] is NodeType.CAUSE
    assert t["加大抽检频次"] is NodeType.COUNTERMEASURE
    assert t["履行监护职责"] is NodeType.COUNTERMEASURE  # 家长也要…: actor, modal, action


def test_evidence_from_a_survey_is_no_side():
    t = types_of("社区食堂经营困难,原因是多方面的。从调研情况看,多数食堂依靠补贴运营。")
    assert "多数食堂依靠补贴运营" not in t

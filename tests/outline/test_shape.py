"""Role-free structure: labels inside items, sibling runs, document ranks."""

from helpers_doc import make_doc

from policykg.models import Role
from policykg.outline.structure import outline

# Written for this test: a sector review whose 1.1 items are divided by label lines.
DIVIDED = """一、服务方面存在的问题
1.1 窗口服务效率不高
问题表现
- 部分事项办理时限过长
- 群众反映排队时间久
整改措施
1. 推行一窗通办
2. 压缩办理时限
1.2 监督考核不严
问题表现
- 考核指标设置粗放
"""


def test_label_lines_nest_in_their_item_and_do_not_reset_the_outline():
    doc = make_doc(DIVIDED)
    ol = outline(doc)
    by_id = ol.by_id
    labels = [e for e in ol.entries if e.how == "label"]
    assert [doc.norm[e.head_start:e.head_end] for e in labels] == ["问题表现", "整改措施", "问题表现"]
    assert all(by_id[e.parent].kind == "item" for e in labels)
    measure = next(e for e in ol.entries if doc.norm[e.head_start:e.head_end] == "推行一窗通办")
    assert by_id[measure.parent].role is Role.COUNTERMEASURE  # 1. after 1.1 nests under 整改措施
    second = next(e for e in ol.entries if doc.norm[e.head_start:e.head_end] == "监督考核不严")
    assert by_id[second.parent].role is Role.PROBLEM and ol.reports == 1


# Written for this test: an audit-style report whose (一) headings name one problem each.
NAMED = """一、财政管理审计查出问题的整改情况
(一)关于专项资金拨付进度较为缓慢的问题。对拨付滞后问题,已督促各地加快拨付。
(二)项目评审标准不足的问题
有关部门修订评审办法。
(三)绩效目标设置问题
有关单位重新设置目标。
"""


def test_a_run_of_headings_that_state_deficiencies_are_items_not_sections():
    doc = make_doc(NAMED)
    ol = outline(doc)
    kinds = {doc.norm[e.head_start:e.head_end]: e.kind for e in ol.entries}
    assert kinds["项目评审标准不足的问题"] == "item"
    assert kinds["绩效目标设置问题"] == "item"  # a sibling of the one that states a deficiency
    assert kinds["关于专项资金拨付进度较为缓慢的问题"] == "item"


def test_a_detail_intro_inside_an_item_stays_inside_it():
    doc = make_doc("一、人才流失的深层原因分析\n1.1 待遇保障不足\n收入与工作强度不匹配。\n具体表现:\n"
                   "- 基本工资偏低:多数地区偏低\n- 绩效工资不稳定:波动大\n1.2 职业发展通道狭窄\n")
    ol = outline(doc)
    intro = next(e for e in ol.entries if e.how == "label")
    assert ol.by_id[intro.parent].kind == "item" and ol.reports == 1

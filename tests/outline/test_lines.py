from helpers_doc import make_doc

from policykg.outline.lines import junk_reason, split_lines


def test_lines_are_stripped_and_blank_lines_dropped():
    doc = make_doc("  一、问题  \n\n\t1、经费不足\n")
    assert [doc.text[ln.start:ln.end] for ln in split_lines(doc)] == ["一、问题", "1、经费不足"]


def test_kinds_of_junk():
    assert junk_reason("首页 > 新闻中心 > 正文") == "page furniture"
    assert junk_reason("某某报告 时间:2025-05-22 10:39:38") == "page furniture"
    assert junk_reason("上一篇:关于农村环境的调研") == "page furniture"
    assert junk_reason("· 乡村物流难题如何破解 2024-02-28") == "page furniture"
    assert junk_reason("Abstract: This report examines the financing of small firms in rural areas.") == "non-Chinese text"
    assert junk_reason("ä¸\u00adå\u009b½æ\u0094¿å\u00ba\u009c") == "unreadable characters"
    assert junk_reason("锟斤拷锟斤拷锟斤拷") == "unreadable characters"
    assert junk_reason("- 87 -") == "page furniture"  # a PDF page number
    assert junk_reason("第 3 页 / 共 15 页") == "page furniture"


def test_report_text_is_not_junk():
    for line in ("一、存在的主要问题", "- 87个村已完成改造", "2023年全市投入资金3.2亿元,同比增长12%。", "1、经费不足:投入少。"):
        assert junk_reason(line) == ""


def test_listing_title_before_a_timestamp_is_junk_too():
    doc = make_doc("三、对策\n1、加大投入。\n高考多少分能上大学\n时间:2025-05-22 10:39:38\n")
    junk = [doc.text[ln.start:ln.end] for ln in split_lines(doc) if ln.junk]
    assert junk == ["高考多少分能上大学", "时间:2025-05-22 10:39:38"]


def test_front_matter_lines_are_left_out_and_the_abstract_stays_prose():
    from policykg.outline.structure import outline
    doc = make_doc("农村养老服务的困境与出路\n张三 李四\n摘要:农村养老服务存在供给不足;人员流失;资金短缺。\n"
                   "[关键词]农村养老;服务供给\n中图分类号:D669.6\n[基金项目]本文系省社科项目成果\n一、引言\n")
    ol = outline(doc)
    junk = {doc.norm[ln.start:ln.end][:5]: ln.junk for ln in ol.lines if ln.junk}
    assert junk == {"[关键词]": "front matter", "中图分类号": "front matter", "[基金项目": "front matter"}
    assert any(doc.norm[a:b].startswith("摘要") for a, b in ol.free_lines)  # not a list of items

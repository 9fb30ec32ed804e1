import pytest

from policykg.outline.markers import cn_to_int, find_inline, match_line


@pytest.mark.parametrize("line, style, ordinal", [
    ("一、存在的主要问题", "cn", 1),
    ("十二、其他", "cn", 12),
    ("(三)工作方法落后。", "cn-paren", 3),
    ("4、制度不完善", "arabic", 4),
    ("2.方法不活", "arabic", 2),
    ("(2)周转宿舍不足", "arabic-paren", 2),
    ("③加强培训", "circled", 3),
    ("二是改进工作方法", "shi", 2),
    ("一要围绕发展选准配强班子", "shi", 1),
    ("第三,加强考核", "ordinal", 3),
    ("其次,属地管理被泛化", "sequence", 2),
    ("贰、现况问题", "capital", 2),
])
def test_line_markers(line, style, ordinal):
    mk = match_line(line)
    assert mk is not None and (mk.style, mk.ordinal) == (style, ordinal)


@pytest.mark.parametrize("line", ["3.2万人次参加培训", "2019年以来", "一、", "一些单位认为"])
def test_not_markers(line):
    assert match_line(line) is None


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("一", "十", "十二", "二十", "二十三")] == [1, 10, 12, 20, 23]


def test_inline_run_needs_consecutive_ordinals_at_clause_starts():
    par = "存在三种错误认识。一是认为学习可有可无;二是认为工作太忙;三是认为水平已够。"
    run = find_inline(par)
    assert [m.ordinal for m in run] == [1, 2, 3]
    assert par[run[1].end:].startswith("认为工作太忙")


def test_inline_single_marker_is_not_a_list():
    assert find_inline("他说这一是非问题需要研究,还要继续观察。") == []


def test_inline_arabic_needs_sentence_boundary():
    assert find_inline("增长1.5倍,其中2.3万人") == []
    run = find_inline("1.拓宽融资渠道;2.降低融资成本;3.完善担保体系")
    assert [m.ordinal for m in run] == [1, 2, 3]


def test_a_full_stop_standing_for_the_dot_before_a_character():
    mk = match_line("2。社区服务设施不足")
    assert mk is not None and mk.style == "arabic" and mk.ordinal == 2
    assert match_line("2。") is None and match_line("12。5万元") is None  # not before a character


def test_line_styles_are_tried_by_first_character():
    """styles_opening(ch) leaves out only styles that cannot match a line opening with ch:
    every character of the Basic Multilingual Plane before the continuations of each style."""
    from policykg.outline.markers import STYLES, styles_opening

    rests = ["", " ", "、问题", ".问题", "．问题", " 问题", ")问题", "）问题", "是问题", "要做", "方面,问题",
             "章问题", "部分问题", "节问题", "、二", "一、问题", "一)问题", "一:问题", "1.1问题", "1.1.1问题",
             "1 问题", "1)问题", "1.问题", "1、问题", "。问题", "先,问题", "次,问题", "后问题", "问题"]
    rests += [w + "一:问题" for w in "题因策议施战险患足"]  # 问题一: …
    for code in range(1, 0x10000):
        ch = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        lines = [ch + r for r in rests]
        if not any(st.pattern.match(line) for st in STYLES for line in lines):
            continue
        opened = styles_opening(ch)
        for st in STYLES:
            if st not in opened:
                assert not any(st.pattern.match(line) for line in lines), (st.name, ch)

from policykg.extract.quotes import outside_quotes, quoted, top_level


def test_separators_inside_quotation_marks_do_not_count():
    text = "推行“一网通办、一窗受理”,完善考核、评价办法"
    assert top_level(text, 0, len(text), "、") == [text.index("考核") + 2]
    assert next(outside_quotes(text, 0, len(text), ",，")) == text.index(",")


def test_without_quotation_every_separator_counts_and_straight_quotes_nest_nothing():
    text = '甲、乙、"丙、丁"'
    assert top_level(text, 0, len(text), "、") == [1, 3, 6]
    assert not quoted("没有引号") and quoted("「X」")

"""policykg.common.cut cuts exactly as jieba does: every suffix and prefix of texts of the
genre (written here, with English, numbers, unknown names and repeated characters for
the HMM), run by run, gives jieba's ``tokenize`` in default and search mode; any text
gives jieba's ``cut``."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.common import cut, segment

TEXTS = [
    "基层医疗卫生服务能力不足，乡镇卫生院人才流失严重。",
    "由于农村集体经济组织运行机制不健全，导致资金使用效率偏低。",
    "建立健全多元投入机制，推动城乡义务教育均衡发展2023年完成率达到95.5%以上。",
    "针对养老服务供给不足的问题，加快构建居家社区机构相协调的养老服务体系",
    "一是加强APP平台建设；二是完善O2O服务模式；三是推进5G网络覆盖",
    "群众反映晓桦镇嵘岭村的垃圾清运不及时，哈哈哈哈，形式主义走过场一刀切",
    "监督考核机制三会一课制度落实不到位产学研协同创新医保维权",
]


def _jieba(text: str, search: bool) -> list[tuple[str, int, int]]:
    return list(segment.tokenizer().tokenize(text, mode="search" if search else "default"))


def _ours(seg: cut.Segmenter, text: str, search: bool) -> list[tuple[str, int, int]]:
    """Run by run, a run ending where the text does walked on the whole run's route."""
    out = []
    for m in cut.HAN.finditer(text):
        found = seg.tokenize(m.group(), search=search)
        out.extend((w, m.start() + s, m.start() + e) for w, s, e in found)
    return out


def _content(tokens):
    """The tokens of the segmented runs (jieba also yields punctuation and spaces)."""
    return [t for t in tokens if cut.HAN.fullmatch(t[0])]


def test_every_suffix_and_prefix_cut_as_jieba_does() -> None:
    seg = cut.Segmenter(segment.tokenizer())
    for text in TEXTS:
        for search in (False, True):
            for i in range(len(text)):
                assert _content(_jieba(text[i:], search)) == _ours(seg, text[i:], search)
                assert _content(_jieba(text[:i + 1], search)) == _ours(seg, text[:i + 1], search)


def test_suffix_walked_on_the_whole_runs_route() -> None:
    seg = cut.Segmenter(segment.tokenizer())
    run = "建立健全农村集体经济组织多元投入机制推动城乡义务教育均衡发展"
    seg.route(run)
    for i in range(len(run)):
        assert seg.tokenize(run, i) == _content(_jieba(run[i:], True))
        assert seg.cut(run, 0, i + 1) == [w for w, _, _ in _content(_jieba(run[:i + 1], False))]


def test_random_strings_of_genre_words() -> None:
    rng = random.Random(3)
    pieces = [w for t in TEXTS for w in segment.cut(t)] + list("的了不和与及")
    seg = cut.Segmenter(segment.tokenizer())
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for search in (False, True):
            assert _content(_jieba(text, search)) == _ours(seg, text, search)


_ANY_PIECES = st.one_of(
    st.sampled_from([w for t in TEXTS for w in segment.tokenizer().lcut(t)]),
    st.sampled_from(list("的了不和与及，。、；：“”（）《》 \t\r\n\u3000")),
    st.sampled_from(["\r\n", "95.5%", "O2O", "APP", "5G", "a-b_c", "#", "…", "—", "①"]),
    st.text(max_size=4))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ANY_PIECES, max_size=12).map("".join))
def test_words_of_any_text_are_jiebas_cut(text: str) -> None:
    assert cut.Segmenter(segment.tokenizer()).words(text) == list(segment.tokenizer().cut(text, HMM=True))


def test_words_of_the_genre_texts_and_line_breaks() -> None:
    seg = cut.Segmenter(segment.tokenizer())
    for text in TEXTS + ["\r\n".join(TEXTS), "\r\r\n\n" + TEXTS[0] + "\r", ""]:
        assert seg.words(text) == list(segment.tokenizer().cut(text, HMM=True))
        assert segment.cut(text) == [t for t in segment.tokenizer().cut(text, HMM=True) if t]


_HMM_PIECES = st.one_of(
    st.text(alphabet="晓桦镇嵘岭村哈的了是在不有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理",
            min_size=1, max_size=10),
    st.text(alphabet="嵘桦鄞\u9fa5\u4e00", min_size=1, max_size=4),
    st.sampled_from(["abc", "12.5%", "O2O", "x", "3", " ", "，", "\u3400"]))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_HMM_PIECES, min_size=1, max_size=6).map("".join))
def test_hmm_words_are_finalsegs(text: str) -> None:
    from jieba import finalseg

    assert cut.hmm_words(text) == list(finalseg.cut(text))

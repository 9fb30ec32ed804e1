"""normalise keeps offsets (same length, char by char); detect_script counts script-only characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.read import normalise as normalise_module
from policykg.read.normalise import HAN_RE, detect_script, normalise, t2s_char

SIMPLIFIED = "一、存在的主要问题\n（一）基层党组织议事协商机制不健全，群众参与渠道单一。"
TRADITIONAL = "二、原因分析\n由於財政投入長期不足，鄉鎮幹部待遇偏低，人才流失嚴重。三、對策建議：健全考核激勵機制。"


def test_full_width_ascii_and_ideographic_space_become_half_width():
    assert normalise("ＡＢＣ１２３（一）！：，　完善制度") == "ABC123(一)!:, 完善制度"


def test_traditional_becomes_simplified_character_for_character():
    norm = normalise(TRADITIONAL)
    # Full-width punctuation in U+FF01..U+FF5E (，：) becomes half-width too; 、。 are not in it.
    assert norm == "二、原因分析\n由于财政投入长期不足,乡镇干部待遇偏低,人才流失严重。三、对策建议:健全考核激励机制。"
    assert len(norm) == len(TRADITIONAL)


def test_simplified_text_keeps_its_characters():
    assert normalise(SIMPLIFIED) == "一、存在的主要问题\n(一)基层党组织议事协商机制不健全,群众参与渠道单一。"


def test_phrase_conversion_keeps_offsets():
    # 憑藉 → 凭借 is a phrase entry in OpenCC (藉 alone stays 藉).
    text = "憑藉「三會一課」制度"
    norm = normalise(text)
    assert norm == "凭借「三会一课」制度"
    assert [norm.index(c) for c in "凭借三会一课制度"] == [text.index(c) for c in "憑藉三會一課制度"]


def test_lone_surrogates_do_not_break_conversion():
    assert normalise("問\ud800題") == "问\ud800题"


def test_a_length_changing_conversion_falls_back_to_single_characters(monkeypatch):
    class Widening:
        """A converter with a phrase entry that adds a character (OpenCC's never does today);
        like OpenCC's, a phrase lies within a line."""

        def convert(self, text: str) -> str:
            text = text.replace("問題", "问题X")
            return "".join({"問": "问", "題": "题"}.get(c, c) for c in text)

    monkeypatch.setattr(normalise_module, "_converter", lambda config: Widening())
    assert normalise("問題在於\n一") == "问题在於\n一"


def test_lines_converted_in_one_call_are_converted_as_each_line_alone():
    # a phrase (憑藉) cut by a line break is no phrase; lines without Han characters, a NUL
    # and lone surrogates (which OpenCC's UTF-8 API refuses) included
    texts = [TRADITIONAL, "憑\n藉制度\n憑藉", "abc\n\n憑藉「三會」\nxyz", "幹部\x00憑藉\n後來", "後\ud800來\n憑藉",
             "\n".join(TRADITIONAL * 3)]
    for text in texts:
        assert normalise(text) == "\n".join(
            normalise_module._t2s_line(line) for line in normalise_module._half_width(text).split("\n"))


def test_converter_is_built_once():
    normalise("問題")
    assert normalise_module._converter("t2s") is normalise_module._converter("t2s")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        (SIMPLIFIED, "zh-Hans"),
        (TRADITIONAL, "zh-Hant"),
        # traditional text with a few simplified characters left in (落后, 于) is still traditional
        ("黨員幹部理論學習落后，學習形式流于表面，對群眾工作的認識不足。", "zh-Hant"),
        ("Annual report 2024", "zh-Hans"),
        ("", "zh-Hans"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


_MAPPED_SINGLE = {chr(cp) for cp in range(0xFF01, 0xFF5F)} | {"\u3000"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(TRADITIONAL + "ＡＢ　１～")), max_size=200))
def test_normalise_keeps_length_and_touches_only_mapped_characters(text):
    norm = normalise(text)
    assert len(norm) == len(text)
    for original, normal in zip(text, norm, strict=True):
        if original in _MAPPED_SINGLE:
            assert normal == (" " if original == "\u3000" else chr(ord(original) - 0xFEE0))
        elif HAN_RE.match(original):
            assert HAN_RE.match(normal), (original, normal)
        else:
            assert normal == original


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("問題與對策機制會議發展後來乾燥頭髮幹部憑藉一、\n（）。ab "), max_size=80))
def test_normalise_of_han_text_is_per_character_t2s_up_to_phrases(text):
    norm = normalise(text)
    assert len(norm) == len(text)
    # Outside phrase entries OpenCC converts character by character.
    half = text.translate(normalise_module._HALF_WIDTH)
    diffs = [i for i, (n, c) in enumerate(zip(norm, half, strict=True)) if n != t2s_char(c)]
    for i in diffs:  # only characters whose conversion depends on context (乾, 藉, 後 ...)
        assert text[i] in "乾藉後髮幹發", (text, i)


def test_the_characters_s2t_changes_are_those_it_changes_alone():
    s2t = normalise_module._converter("s2t")
    changes = normalise_module._s2t_changes()
    chars = [c for c in map(chr, range(0x2E80, 0x40000)) if HAN_RE.match(c)]
    assert HAN_RE.match("\u2e80") and not HAN_RE.match("\u2e7f")  # (where the table starts)
    assert changes and {c for c in chars if s2t.convert(c) != c} == changes


def test_the_s2t_table_is_made_where_opencc_does_not_say_where_its_configs_are(monkeypatch):
    converters = {c: normalise_module._converter(c) for c in ("t2s", "s2t")}

    class Older:  # (an OpenCC without the config attribute)
        def __init__(self, config):
            self.convert = converters[config].convert

    monkeypatch.setattr(normalise_module, "_converter", Older)
    assert normalise_module._s2t_changes.__wrapped__() == normalise_module._s2t_changes()

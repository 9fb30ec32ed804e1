"""Ingest: discovery of input files, decoding of every supported encoding, container formats, bad input."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.errors import DecodeError, DocumentFormatError, InputError, PolicyKGError
from policykg.read.ingest import SUPPORTED_SUFFIXES, Discovery, decode, discover, load
from policykg.models import Document
from policykg.read.normalise import normalise

# Texts of the genre, written for these tests.
SHORT_HANS = "一、存在的主要问题。部分基层党组织议事协商机制不健全，群众参与渠道单一。"
SHORT_HANT = "二、原因分析。由於財政投入長期不足，鄉鎮幹部待遇偏低，人才流失嚴重。"
HEADING_HANS = "三、对策建议"
HEADING_HANT = "三、對策建議"
REPORT_HANS = """关于加强农村基层党组织建设的调研报告
一、存在的主要问题
（一）组织凝聚力不强。部分村“两委”班子年龄偏大，服务意识淡薄，群众满意度不高。
（二）议事协商机制不健全。“四议两公开”制度落实不到位，会议记录不完整，公开内容不及时。
（三）党员教育管理松散。“三会一课”流于形式，流动党员长期游离于组织之外。
二、原因分析
1.财政投入不足，导致村级活动场所设施老化，公共服务水平偏低。
2.干部待遇偏低，激励机制缺失，优秀青年不愿回村任职。
3.考核评价体系重结果轻过程，基层减负措施没有真正落地。
三、对策建议
一是健全议事协商机制，规范村务公开流程；二是加大财政投入力度，改善办公条件；三是完善干部激励制度，拓宽晋升渠道。
"""
REPORT_HANT = """關於加強農村基層黨組織建設的調研報告
一、存在的主要問題
（一）組織凝聚力不強。部分村「兩委」班子年齡偏大，服務意識淡薄，群眾滿意度不高。
（二）議事協商機制不健全。「四議兩公開」制度落實不到位，會議記錄不完整，公開內容不及時。
（三）黨員教育管理鬆散。「三會一課」流於形式，流動黨員長期遊離於組織之外。
二、原因分析
1.財政投入不足，導致村級活動場所設施老化，公共服務水準偏低。
2.幹部待遇偏低，激勵機制缺失，優秀青年不願回村任職。
3.考核評價體系重結果輕過程，基層減負措施沒有真正落地。
三、對策建議
一是健全議事協商機制，規範村務公開流程；二是加大財政投入力度，改善辦公條件；三是完善幹部激勵制度，拓寬晉升管道。
"""
LONG_HANS = REPORT_HANS * 8
LONG_HANT = REPORT_HANT * 8


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- encodings ---------------------------------------------------------------------------

ROUND_TRIPS = [
    # (codec to write with, text, encoding we must report)
    *[("utf-8", t, "utf-8") for t in (HEADING_HANS, SHORT_HANT, LONG_HANS)],
    *[(codec, t, "gb18030") for codec in ("gbk", "gb18030") for t in (HEADING_HANS, SHORT_HANS, LONG_HANS)],
    ("gbk", SHORT_HANT, "gb18030"),  # GBK also encodes traditional characters
    ("gb18030", LONG_HANT, "gb18030"),
    *[("big5", t, "big5") for t in (HEADING_HANT, "（二）完善考核機制", SHORT_HANT, LONG_HANT)],
]


@pytest.mark.parametrize(("codec", "text", "expected"), ROUND_TRIPS, ids=lambda v: v[:12] if isinstance(v, str) else v)
def test_decode_round_trip(codec, text, expected):
    assert decode(text.encode(codec), "report.txt") == (text, expected)


@pytest.mark.parametrize(
    ("codec", "text", "expected"),
    [
        ("gb18030", "二𫫇英污染问题的成因分析", {"gb18030"}),  # a four-byte GB18030 character
        ("gb18030", "欧元€结算机制不完善", {"gb18030"}),
        # 裏 碁 銹 are in Microsoft's Big5 (cp950) but not in plain Big5
        ("cp950", "裏面的問題：碁盤式管理制度不健全，銹蝕設施未更新。", {"cp950", "big5hkscs"}),
        ("big5hkscs", "香港嘅問題：啲制度唔健全。", {"big5hkscs"}),
    ],
)
def test_decode_characters_beyond_gbk_and_big5(codec, text, expected):
    decoded, encoding = decode(text.encode(codec), "r.txt")
    assert decoded == text and encoding in expected


@pytest.mark.parametrize("text", [HEADING_HANS, SHORT_HANT, LONG_HANS])
@pytest.mark.parametrize(("bom_codec", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-16", None)])
def test_byte_order_marks_are_honoured_and_dropped(text, bom_codec, expected):
    data = text.encode(bom_codec)  # Python's utf-16 writes a BOM in the machine's byte order
    decoded, encoding = decode(data, "report.txt")
    assert decoded == text
    assert encoding == (expected or ("utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_both_utf16_byte_orders_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    assert decode(bom + REPORT_HANT.encode(codec), "r.txt") == (REPORT_HANT, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["2024年工作总结\n1. 完善制度\n", "一、存在的主要问题", SHORT_HANT])
def test_utf16_without_bom_is_read_when_unambiguous(codec, text):
    # 一 is U+4E00: its NUL byte sits where ASCII's would in the other byte order.
    assert decode(text.encode(codec), "r.txt") == (text, codec)


def test_newlines_match_universal_newline_reading(tmp_path):
    text = "一、问题\r\n（一）机制不健全\r二、对策\n\r\n三、建议\r"
    path = write(tmp_path, "crlf.txt", text.encode("utf-8"))
    decoded, _ = decode(path.read_bytes(), str(path))
    assert decoded == path.read_text(encoding="utf-8") == "一、问题\n（一）机制不健全\n二、对策\n\n三、建议\n"
    assert load(path).text == decoded


def test_gbk_crlf_file(tmp_path):
    path = write(tmp_path, "gbk.txt", SHORT_HANS.replace("。", "。\r\n").encode("gbk"))
    doc = load(path)
    assert "\r" not in doc.text and doc.text == SHORT_HANS.replace("。", "。\n")
    assert doc.encoding == "gb18030"


def test_offsets_match_read_text_for_utf8(tmp_path):
    path = write(tmp_path, "a.txt", REPORT_HANS.replace("\n", "\r\n").encode("utf-8"))
    doc = load(path)
    start = doc.text.index("议事协商机制")
    assert path.read_text(encoding="utf-8")[start : start + 6] == "议事协商机制"


def test_a_truncated_gbk_file_is_read_with_a_warning(tmp_path):
    data = LONG_HANS.rstrip("\n").encode("gbk")[:-1]  # cut inside the last character (。)
    doc = load(write(tmp_path, "cut.txt", data))
    assert doc.encoding == "gb18030"
    assert doc.text.startswith(LONG_HANS[:100])
    assert any("U+FFFD" in w for w in doc.warnings)


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    data = REPORT_HANS.encode("utf-8").replace("议事".encode(), b"\xb7\xa1", 1)  # one Latin-1 byte
    doc = load(write(tmp_path, "stray.txt", data))
    assert doc.encoding == "utf-8"
    assert doc.text == REPORT_HANS.replace("议事", "\ufffd\ufffd", 1)
    assert doc.warnings == ("2 undecodable byte sequence(s) replaced by U+FFFD (utf-8)",)


def test_a_truncated_utf16_file_is_read_with_a_warning(tmp_path):
    data = REPORT_HANS.rstrip("\n").encode("utf-16")[:-1]  # odd length: half a code unit at the end
    doc = load(write(tmp_path, "cut.txt", data))
    assert doc.text == REPORT_HANS.rstrip("\n")[:-1] + "\ufffd"
    assert doc.warnings == (f"1 undecodable byte sequence(s) replaced by U+FFFD ({doc.encoding})",)


def test_dos_end_of_file_mark_is_dropped_and_stray_controls_reported(tmp_path):
    doc = load(write(tmp_path, "dos.txt", "一、存在的问题\r\n机制\x1b不健全\r\n\x1a".encode("gbk")))
    assert doc.text == "一、存在的问题\n机制\x1b不健全\n"
    assert doc.warnings == ("1 control character(s) in the text",)


def test_replacement_characters_in_the_file_are_reported(tmp_path):
    doc = load(write(tmp_path, "lost.txt", "一、存在的问题：\ufffd\ufffd机制不健全".encode()))
    assert doc.warnings == ("2 replacement character(s) U+FFFD: text lost before this file was written",)


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\ufeff".encode("utf-8"), "  ".encode("utf-16")])
def test_empty_files_are_rejected(tmp_path, data):
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(InputError, match="empty file") as err:
        load(path)
    assert err.value.path == str(path)
    assert str(err.value).startswith(str(path))


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary\x00data", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), b"\x01\x02\x03\x04\x05\x06abc"],
)
def test_binary_files_are_rejected(tmp_path, data):
    path = write(tmp_path, "image.txt", data)
    with pytest.raises(InputError, match="binary file") as err:
        load(path)
    assert err.value.path == str(path)


def test_undecodable_bytes_raise_decode_error(tmp_path):
    path = write(tmp_path, "junk.txt", bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(DecodeError, match="cannot decode") as err:
        load(path)
    assert err.value.path == str(path)
    assert "\n" not in str(err.value)


def test_missing_file():
    with pytest.raises(InputError, match="no such file") as err:
        load(Path("/nonexistent/报告.txt"))
    assert err.value.path == "/nonexistent/报告.txt"


# --- documents -----------------------------------------------------------------------------


def test_load_builds_a_document(tmp_path):
    path = write(tmp_path, "reports/2024/农村党建.txt", REPORT_HANT.encode("big5"))
    doc = load(path, tmp_path / "reports")
    assert isinstance(doc, Document)
    assert doc.id == "2024/农村党建"
    assert doc.path == str(path)
    assert doc.text == REPORT_HANT
    assert len(doc.norm) == len(doc.text)
    assert "议事协商机制不健全" in doc.norm and "議事協商機制不健全" in doc.text
    assert (doc.script, doc.encoding, doc.format, doc.warnings) == ("zh-Hant", "big5", "txt", ())


def test_document_id_without_root_is_the_stem(tmp_path):
    assert load(write(tmp_path, "a/调研报告.md", b"# \xe4\xb8\x80")).id == "调研报告"


def test_document_id_outside_root_falls_back_to_the_stem(tmp_path):
    path = write(tmp_path, "x/报告.txt", SHORT_HANS.encode())
    assert load(path, tmp_path / "elsewhere").id == "报告"


def test_markdown_keeps_its_markers(tmp_path):
    doc = load(write(tmp_path, "r.md", "# 一、存在的问题\n- 机制不健全\n".encode()))
    assert doc.text == "# 一、存在的问题\n- 机制不健全\n" and doc.format == "md"


def test_unknown_suffix_given_directly_is_read_as_text(tmp_path):
    doc = load(write(tmp_path, "notes.report", SHORT_HANS.encode("gbk")))
    assert (doc.text, doc.format, doc.id) == (SHORT_HANS, "txt", "notes")


def test_renamed_pdf_is_read_as_pdf(tmp_path):
    doc = load(write(tmp_path, "scan.report", make_pdf([["一、存在的问题"]])))
    assert (doc.text, doc.format) == ("一、存在的问题", "pdf")


# --- docx ---------------------------------------------------------------------------------


def make_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("一、存在的主要问题", level=1)
    document.add_paragraph("（一）议事协商机制不健全。")
    table = document.add_table(rows=2, cols=3)
    for col, label in enumerate(["问题", "原因", "对策"]):
        table.cell(0, col).text = label
    table.cell(1, 0).merge(table.cell(1, 1)).text = "激励机制缺失"
    table.cell(1, 2).text = "完善干部激励制度"
    document.add_paragraph("二、對策建議")
    path = tmp_path / "报告.docx"
    document.save(str(path))
    return path


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    doc = load(make_docx(tmp_path))
    assert doc.text.split("\n") == [
        "一、存在的主要问题", "（一）议事协商机制不健全。", "问题", "原因", "对策",  # the table, cell by cell
        "激励机制缺失", "完善干部激励制度",  # a merged cell once
        "二、對策建議",
    ]
    assert (doc.format, doc.encoding, doc.id) == ("docx", "docx", "报告")


def test_docx_content_controls_are_read(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("前言")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(1, parse_xml(
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>一、存在的问题</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    ))
    document.add_paragraph("二、对策建议")
    path = tmp_path / "sdt.docx"
    document.save(str(path))
    assert load(path).text == "前言\n一、存在的问题\n二、对策建议"


@pytest.mark.parametrize("kind", ["random", "zip-without-document", "truncated"])
def test_corrupt_docx(tmp_path, kind):
    if kind == "random":
        data = b"this is not a zip file at all" * 10
    elif kind == "zip-without-document":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "一、问题")
        data = buffer.getvalue()
    else:
        data = make_docx(tmp_path).read_bytes()[:2000]
    path = write(tmp_path, "bad.docx", data)
    with pytest.raises(DocumentFormatError, match=r"corrupt \.docx") as err:
        load(path)
    assert err.value.path == str(path) and "\n" not in str(err.value)


def test_docx_without_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(DocumentFormatError, match="no text"):
        load(path)


# --- pdf ----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF whose text layer holds ``pages`` (lines of CJK or ASCII text).

    One Type0 font with Identity-H encoding: each distinct character gets a two-byte code,
    and the ToUnicode CMap maps the codes back, which is all a text extractor needs (the
    font itself is not embedded: a viewer would draw boxes, pypdf reads the text).
    """
    chars = sorted({c for page in pages for line in page for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange",
            f"{len(chars)} beginbfchar",
            *(f"<{code[c]:04X}> <{ord(c):04X}>" for c in chars),
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    )
    first = 6  # object number of the first page; its content stream follows it
    kids = " ".join(f"{first + 2 * i} 0 R" for i in range(len(pages)))
    objects: dict[int, tuple[str, str | None]] = {
        1: ("<< /Type /Catalog /Pages 2 0 R >>", None),
        2: (f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>", None),
        3: ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
            "/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>", None),
        4: ("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>", None),
        5: ("", cmap),
    }
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "72 760 Td"]
        for line in lines:
            ops += [f"<{''.join(f'{code[c]:04X}' for c in line)}> Tj", "0 -20 Td"]
        ops.append("ET")
        objects[first + 2 * i] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {first + 2 * i + 1} 0 R >>",
            None,
        )
        objects[first + 2 * i + 1] = ("", "\n".join(ops))
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        dictionary, stream = objects[number]
        if stream is None:
            out += f"{number} 0 obj\n{dictionary}\nendobj\n".encode("ascii")
        else:
            data = stream.encode("ascii")
            out += f"{number} 0 obj\n<< /Length {len(data)} >>\nstream\n".encode("ascii")
            out += data + b"\nendstream\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, size)).encode("ascii")
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def test_pdf_text_layer_pages_joined(tmp_path):
    pdf = make_pdf([["一、存在的主要問題", "（一）基層組織建設薄弱"], ["二、对策建议 2024"]])
    doc = load(write(tmp_path, "r.pdf", pdf))
    assert doc.text == "一、存在的主要問題\n（一）基層組織建設薄弱\n二、对策建议 2024"
    assert (doc.format, doc.encoding, doc.warnings) == ("pdf", "pdf", ())


def test_pdf_wrapped_lines_become_paragraphs_again(tmp_path):
    page1 = [
        "一、存在的主要问题",
        "（一）基层党组织议事协商机制不健全，群众参与渠道单一，部分村",  # wrapped mid-sentence
        "干部服务意识淡薄，满意度不高。",
        "（二）资金投入不足，导致公共服务设施老化，基层干部待遇偏低，人",  # continues on page 2
        "- 1 -",
    ]
    page2 = [
        "2",
        "才流失严重。部分乡镇财政困难，村级组织运转经费长期依赖上级转",
        "移支付，自我保障能力弱。",
        "二、对策建议",
        "一是健全议事协商机制，规范村务公开流程，畅通群众参与渠道，切",
        "二是加大财政投入力度。",  # a full line before an item start is not joined to it
        "存 在 的 问 题 与 对 策",  # characters pypdf found one by one
    ]
    doc = load(write(tmp_path, "wrapped.pdf", make_pdf([page1, page2])))
    assert doc.text.split("\n") == [
        "一、存在的主要问题",
        "（一）基层党组织议事协商机制不健全，群众参与渠道单一，部分村干部服务意识淡薄，满意度不高。",
        "（二）资金投入不足，导致公共服务设施老化，基层干部待遇偏低，人才流失严重。部分乡镇财政困难，"
        "村级组织运转经费长期依赖上级转移支付，自我保障能力弱。",
        "二、对策建议",
        "一是健全议事协商机制，规范村务公开流程，畅通群众参与渠道，切",
        "二是加大财政投入力度。",
        "存在的问题与对策",
    ]


def test_pdf_page_without_text_is_a_warning(tmp_path):
    doc = load(write(tmp_path, "r.pdf", make_pdf([["一、问题"], [], ["二、对策"]])))
    assert doc.warnings == ("no text layer on page(s) 2",)
    assert "一、问题" in doc.text and "二、对策" in doc.text


def test_a_repaired_pdf_is_read_without_pypdf_log_noise(tmp_path, caplog):
    import logging

    pdf = make_pdf([["一、存在的问题"]])
    at = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    broken = pdf[:at] + b"17" + pdf[pdf.index(b"\n", at) :]  # wrong xref offset: pypdf rebuilds it
    with caplog.at_level(logging.WARNING):
        doc = load(write(tmp_path, "repaired.pdf", broken))
    assert doc.text == "一、存在的问题"
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored after reading


def test_pdf_without_text_layer(tmp_path):
    with pytest.raises(DocumentFormatError, match="no text layer"):
        load(write(tmp_path, "scan.pdf", make_pdf([[], []])))


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%broken", make_pdf([["一、问题"]])[:200], b"not a pdf"])
def test_corrupt_pdf(tmp_path, data):
    path = write(tmp_path, "bad.pdf", data)
    with pytest.raises(DocumentFormatError, match="pdf") as err:
        load(path)
    assert err.value.path == str(path) and "\n" not in str(err.value)


def encrypted_pdf(user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([["一、存在的问题"]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needs_a_password(tmp_path):
    with pytest.raises(DocumentFormatError, match="encrypted"):
        load(write(tmp_path, "secret.pdf", encrypted_pdf("secret")))


def test_pdf_encrypted_with_an_empty_user_password_is_read(tmp_path):
    assert load(write(tmp_path, "open.pdf", encrypted_pdf(""))).text == "一、存在的问题"


# --- html ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>调研报告</title>
<style>p {{ color: red }}</style><script>var tracking = "脚本内容";</script></head>
<body><nav><a href="/">网站首页</a> | <a href="/news">新闻中心</a> | <a href="/about">联系我们</a></nav>
<div class="article"><h1>关于农村基层治理的调研报告</h1>
<h2>一、存在的主要问题</h2>
<p>（一）村级组织凝聚力不强。部分村干部年龄偏大，服务意识淡薄，群众满意度不高，村级事务推进缓慢。</p>
<p>（二）议事协商机制不健全。“四议两公开”制度落实不到位。<br>1. 会议记录不完整；<br>2. 公开内容不及时。</p>
<h2>二、原因分析</h2>
<p>由于财政投入不足，导致公共服务设施老化，基层干部待遇偏低，人才流失严重，工作积极性受到影响。</p>
<h2>三、对策建议</h2>
<p>一是健全议事协商机制；二是加大财政投入力度；三是完善干部激励制度，让基层干部有奔头。</p>
</div>
<footer>版权所有 2024 某某信息网 备案号：京ICP备00000000号</footer></body></html>"""


@pytest.mark.parametrize(("charset", "codec", "encoding"), [("utf-8", "utf-8", "utf-8"), ("gb2312", "gbk", "gb18030")])
def test_html_main_text_only(tmp_path, charset, codec, encoding):
    doc = load(write(tmp_path, "page.html", PAGE.format(charset=charset).encode(codec)))
    lines = doc.text.split("\n")
    for line in ["一、存在的主要问题", "1. 会议记录不完整；", "2. 公开内容不及时。", "三、对策建议"]:
        assert line in lines
    assert "（一）村级组织凝聚力不强" in doc.text
    for boilerplate in ["网站首页", "版权所有", "脚本内容", "color"]:
        assert boilerplate not in doc.text
    assert (doc.format, doc.encoding) == ("html", encoding)


def test_html_without_declared_charset_is_detected(tmp_path):
    page = PAGE.replace('<meta charset="{charset}">', "").replace("{{", "{").replace("}}", "}")
    doc = load(write(tmp_path, "page.htm", page.encode("gbk")))
    assert "二、原因分析" in doc.text and doc.encoding == "gb18030"


def test_html_http_equiv_charset_big5(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>'
            f"<body><div><p>{SHORT_HANT}</p><p>三、對策建議</p></div></body></html>")
    doc = load(write(tmp_path, "tw.htm", page.encode("big5")))
    assert doc.text == f"{SHORT_HANT}\n三、對策建議"
    assert (doc.encoding, doc.script) == ("big5", "zh-Hant")


def test_html_with_a_wrong_declared_charset_is_detected(tmp_path):
    page = PAGE.format(charset="utf-8").encode("gbk")  # says UTF-8, is GBK
    doc = load(write(tmp_path, "liar.html", page))
    assert "一、存在的主要问题" in doc.text.split("\n") and doc.encoding == "gb18030"


GOV_PAGE = """<html><head><meta charset="utf-8"><title>调研报告_政务公开_某县人民政府</title></head><body>
<div class="top"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>
<div class="position">当前位置：首页 > 政务公开 > 调研报告</div>
<div class="TRS_Editor"><p style="text-indent:2em">近年来，我县基层治理工作取得一定成效，但仍存在一些问题。</p>
<p style="text-indent:2em"><strong>一、存在的问题</strong></p>
<p style="text-indent:2em"><strong>一是</strong>队伍老化，<span>年轻干部</span>补充不足。</p>
<p style="text-indent:2em"><strong>二是</strong>经费不足。</p>
<p style="text-indent:2em"><strong>二、对策建议</strong></p>
<p style="text-indent:2em">（一）优化队伍结构。</p></div>
<div class="share">分享到：微信 微博</div><div id="footer">主办单位：某县人民政府办公室</div></body></html>"""

TABLE_PAGE = """<html><head><meta charset="utf-8"></head><body><table width="980">
<tr><td class="content">一、存在的主要问题<br>1、基层组织建设薄弱，部分党员干部服务意识不强。<br>2、资金投入不足。<br>
二、对策建议<br>1、健全考核激励机制，激发干部干事创业热情。<br>2、加大投入。</td></tr></table></body></html>"""


def test_html_inline_markup_stays_on_its_line_and_site_furniture_goes(tmp_path):
    doc = load(write(tmp_path, "gov.html", GOV_PAGE.encode("utf-8")))
    assert doc.text.split("\n") == [
        "近年来，我县基层治理工作取得一定成效，但仍存在一些问题。",
        "一、存在的问题",
        "一是队伍老化，年轻干部补充不足。",  # <strong>一是</strong> opens its sentence
        "二是经费不足。",
        "二、对策建议",
        "（一）优化队伍结构。",
    ]


def test_html_line_breaks_inside_a_table_cell_are_kept(tmp_path):
    doc = load(write(tmp_path, "old.html", TABLE_PAGE.encode("utf-8")))
    assert doc.text.split("\n") == [
        "一、存在的主要问题",
        "1、基层组织建设薄弱，部分党员干部服务意识不强。",
        "2、资金投入不足。",
        "二、对策建议",
        "1、健全考核激励机制，激发干部干事创业热情。",
        "2、加大投入。",
    ]


def test_main_lines_keeps_walked_lines_found_in_order():
    from policykg.read.htmltext import main_lines

    furniture = ["返回首页", "打印本页", "关闭窗口"]
    lines = ["首页", "一、存在的问题", "一是队伍老化。", *furniture, "二、对策", "加大投入。", "版权所有"]
    main = "一、存在的问题\n一是\n队伍老化。\n二、对策\n| 加大投入。 |\n点击返回首页"
    # 首页 and 返回首页 appear in main only at its end: taking them would skip the text
    # between; 版权所有 is not in main at all. trafilatura's own line breaks do not matter.
    assert main_lines(lines, main) == ["一、存在的问题", "一是队伍老化。", "二、对策", "加大投入。"]


def test_main_lines_keeps_a_heading_trafilatura_left_out_between_kept_lines():
    from policykg.read.htmltext import main_lines

    lines = ["一、存在的问题", "队伍老化。", "二、对策建议", "加大投入。", "相关链接", "某某网", "某某报", "联系我们"]
    main = "一、存在的问题\n队伍老化。\n加大投入。\n联系我们"
    assert main_lines(lines, main) == ["一、存在的问题", "队伍老化。", "二、对策建议", "加大投入。", "联系我们"]


_LINES = [line for line in (REPORT_HANS + REPORT_HANT).split("\n") if line]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=12, unique=True), st.booleans())
def test_html_paragraphs_come_out_one_per_line(paragraphs, bold_openings):
    # Unique: trafilatura drops a last paragraph that repeats an earlier one, whatever we ask.
    def render(text: str) -> str:
        return f"<p><strong>{text[:3]}</strong>{text[3:]}</p>" if bold_openings else f"<p>{text}</p>"

    page = (
        '<html><head><meta charset="utf-8"><title>报告</title></head><body>'
        '<div id="nav"><a href="/">首页</a><a href="/n">新闻</a></div>'
        f'<div class="article">{"".join(render(p) for p in paragraphs)}</div>'
        '<div class="footer">版权所有</div></body></html>'
    )
    from policykg.read.htmltext import read_html

    assert read_html(page.encode("utf-8"), "p.html").text.split("\n") == paragraphs


def test_html_source_line_breaks(tmp_path):
    page = """<html><head><meta charset="utf-8"></head><body><div>
    <p>一、存在的
       主要问题</p>
    <p>Annual
    report 2024</p>
    <pre>1、机制不健全
2、制度不落实</pre></div></body></html>"""
    doc = load(write(tmp_path, "src.html", page.encode("utf-8")))
    # between CJK characters a source newline disappears, between words it is a space,
    # and inside <pre> it is a line break
    assert doc.text.split("\n") == ["一、存在的主要问题", "Annual report 2024", "1、机制不健全", "2、制度不落实"]


def test_html_short_page_falls_back_to_plain_text(tmp_path):
    page = "<html><body><nav>首页</nav><div><p>一、存在的问题</p><p>机制不健全</p></div></body></html>"
    doc = load(write(tmp_path, "short.html", page.encode("utf-8")))
    assert doc.text == "一、存在的问题\n机制不健全"


def test_html_with_nul_bytes_and_control_characters(tmp_path):
    page = '<html><head><meta charset="utf-8"></head><body><p>一、存在的\x00问题</p><p>机制\x07不健全</p></body></html>'
    assert load(write(tmp_path, "nul.html", page.encode("utf-8"))).text == "一、存在的问题\n机制不健全"


def test_html_without_main_text(tmp_path):
    page = "<html><head><script>var a = 1;</script></head><body><nav>首页 | 新闻</nav></body></html>"
    with pytest.raises(DocumentFormatError, match="no main text"):
        load(write(tmp_path, "nav.html", page.encode("utf-8")))


# --- discover -----------------------------------------------------------------------------


def make_tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for name in ["b.txt", "a.md", "sub/c.docx", "sub/deeper/d.pdf", "sub/e.HTML", "other.csv",
                 ".hidden.txt", ".git/f.txt", "~$lock.docx", "sub/readme"]:
        write(root, name, b"x")
    return root


def test_discover_walks_folders_recursively(tmp_path):
    root = make_tree(tmp_path)
    found = discover([root])
    assert isinstance(found, Discovery)
    assert [f.relative_to(root).as_posix() for f, _ in found.files] == [
        "a.md", "b.txt", "sub/c.docx", "sub/deeper/d.pdf", "sub/e.HTML"
    ]
    assert {r for _, r in found.files} == {root}
    assert [f.relative_to(root).as_posix() for f in found.skipped] == ["other.csv", "sub/readme"]


def test_discover_direct_files_and_duplicates(tmp_path):
    root = make_tree(tmp_path)
    direct = write(tmp_path, "notes.report", b"x")
    found = discover([direct, root / "b.txt", root, str(root / "a.md")])
    pairs = [(f.name, r) for f, r in found.files]
    assert ("notes.report", tmp_path) in pairs  # given directly: any suffix, root = its folder
    assert len(pairs) == len({name for name, _ in pairs}) == 6  # b.txt and a.md only once
    assert [f.as_posix() for f, _ in found.files] == sorted(f.as_posix() for f, _ in found.files)
    assert ("b.txt", root) in pairs  # the first mention wins: b.txt was given directly, root = its folder


def test_discover_ids_are_relative_to_the_folder(tmp_path):
    root = tmp_path / "in"
    write(root, "县域/2024/报告.txt", SHORT_HANS.encode())
    [(file, file_root)] = discover([root]).files
    assert load(file, file_root).id == "县域/2024/报告"


def test_discover_gives_distinct_ids(tmp_path):
    root = tmp_path / "in"
    for name in ["报告.txt", "报告.docx", "sub/报告.txt", "其他.md"]:
        write(root, name, b"x")
    twin = write(tmp_path / "elsewhere", "其他.md", b"x")  # same name, given directly
    found = discover([root, twin])
    ids = {file.relative_to(tmp_path).as_posix(): found.ids[file] for file, _ in found.files}
    assert ids == {
        "in/报告.txt": "报告.txt",
        "in/报告.docx": "报告.docx",
        "in/sub/报告.txt": "sub/报告",
        "in/其他.md": "其他-2",
        "elsewhere/其他.md": "其他",
    }
    assert load(write(root, "报告.txt", SHORT_HANS.encode()), root, doc_id=ids["in/报告.txt"]).id == "报告.txt"


@pytest.mark.parametrize("given", ["in", "./in/", "in/../in"])
def test_discover_s_walk_agrees_with_pathlib(tmp_path, monkeypatch, given):
    """The walk keeps string paths and ids: the same files, order and ids as ``Path`` gives."""
    from policykg.read.ingest import document_id, unique_ids

    monkeypatch.chdir(tmp_path)
    for name in ["a/x.txt", "a-b/x.txt", "a.b/c.tar.txt", "a/报告.TXT", "a/报告.docx", "z/y.md",
                 "a/b/c/d.htm", "名/v1.2.txt"]:
        write(tmp_path / "in", name, b"x")
    sizes: list[int] = []
    found = discover([given, "in/a/x.txt"], on_file=sizes.append)
    root = Path(given)
    expected = sorted((root.joinpath(*f.relative_to(tmp_path / "in").parts), root)
                      for f in (tmp_path / "in").rglob("*") if f.is_file())
    assert found.files == sorted(expected, key=lambda pair: pair[0].as_posix())
    assert found.ids == unique_ids(found.files)
    assert [found.ids[f] for f, _ in found.files[:3]] == ["a-b/x", "a.b/c.tar", "a/b/c/d"]
    assert document_id(root / "a.b" / "c.tar.txt", root) == "a.b/c.tar"
    assert sizes == [1] * 8  # once a file, a file given twice counted once


def test_discover_missing_path():
    with pytest.raises(InputError, match="no such file or folder") as err:
        discover(["/nonexistent/folder"])
    assert err.value.path == "/nonexistent/folder"


@pytest.mark.parametrize("names", [[], ["data.csv", ".hidden.txt", ".git/x.txt"]])
def test_discover_folder_without_documents(tmp_path, names):
    folder = tmp_path / "empty"
    folder.mkdir()
    for name in names:
        write(folder, name, b"x")
    with pytest.raises(InputError, match="no readable documents") as err:
        discover([folder])
    assert err.value.path == str(folder)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".text", ".docx", ".html", ".htm", ".pdf"}


# --- properties ---------------------------------------------------------------------------

_ENCODED_TEXT = st.tuples(
    st.text(alphabet=st.sampled_from(REPORT_HANS + REPORT_HANT + "\r\n\t ab1"), max_size=80),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"]),
).map(lambda pair: pair[0].encode(pair[1], errors="ignore"))
_BYTES = st.one_of(
    st.binary(max_size=300), _ENCODED_TEXT, st.tuples(_ENCODED_TEXT, st.binary(max_size=8)).map(b"".join)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BYTES)
def test_any_bytes_give_a_document_or_a_policykg_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "any.txt")
        path.write_bytes(data)
        try:
            doc = load(path)
        except PolicyKGError as err:
            assert err.path == str(path) and "\n" not in str(err)
            return
    assert isinstance(doc.text, str) and doc.text.strip()
    assert "\r" not in doc.text
    assert len(doc.norm) == len(doc.text)
    assert doc.script in {"zh-Hans", "zh-Hant"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=100))
def test_utf8_text_decodes_to_itself_with_universal_newlines(text):
    # NUL bytes are left out: UTF-8 bytes with NULs are binary or BOM-less UTF-16.
    data = text.encode("utf-8")
    try:
        decoded, encoding = decode(data, "t.txt")
    except PolicyKGError:
        return  # NUL or control characters: rejected as binary
    assert encoding == "utf-8"
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decoded == expected.removesuffix("\x1a")  # a DOS end-of-file mark is dropped


# --- docx automatic numbering -----------------------------------------------------------------


def add_chinese_list(document) -> str:
    """Add a two-level list (一、 then （一）) to the document's numbering; return its numId."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(document, text: str, num_id: str, ilvl: int) -> None:
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def test_docx_automatic_numbering_labels_are_put_back(tmp_path):
    import docx

    document = docx.Document()
    num_id = add_chinese_list(document)
    numbered(document, "存在的主要问题", num_id, 0)
    numbered(document, "组织凝聚力不强", num_id, 1)
    numbered(document, "班子年龄偏大", num_id, 2)
    numbered(document, "议事协商机制不健全", num_id, 1)
    document.add_paragraph("正文段落，没有编号。")
    numbered(document, "对策建议", num_id, 0)
    numbered(document, "健全议事协商机制", num_id, 1)
    document.add_paragraph("加大财政投入力度", style="List Number")  # numbered by its style
    document.add_paragraph("完善干部激励制度", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    assert load(path).text.split("\n") == [
        "一、存在的主要问题",
        "（一）组织凝聚力不强",
        "1.班子年龄偏大",
        "（二）议事协商机制不健全",
        "正文段落，没有编号。",
        "二、对策建议",
        "（一）健全议事协商机制",
        "1.加大财政投入力度",
        "2.完善干部激励制度",
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [(1, "chineseCounting", "一"), (12, "chineseCounting", "十二"), (20, "chineseCountingThousand", "二十"),
     (105, "chineseCountingThousand", "一百零五"), (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"),
     (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (7, "decimalFullWidth", "７"), (5, "somethingNew", "5")],
)
def test_word_number_formats(n, fmt, label):
    from policykg.read.docxnum import format_number

    assert format_number(n, fmt) == label


# --- one report, every format -----------------------------------------------------------------


def write_report(tmp_path: Path, fmt: str, lines: list[str]) -> Path:
    path = tmp_path / f"report.{fmt}"
    if fmt in {"txt", "md"}:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    elif fmt == "html":
        body = "".join(f"<h2>{line}</h2>" if "、" in line[:2] else f"<p>{line}</p>" for line in lines)
        path.write_bytes(f'<html><head><meta charset="gbk"></head><body><article>{body}</article></body></html>'
                         .encode("gbk"))
    else:
        path.write_bytes(make_pdf([lines[:6], lines[6:]]))
    return path


@pytest.mark.parametrize("fmt", ["txt", "md", "docx", "html", "pdf"])
@pytest.mark.parametrize("report", [REPORT_HANS, REPORT_HANT], ids=["hans", "hant"])
def test_every_format_gives_the_same_lines(tmp_path, fmt, report):
    lines = report.strip("\n").split("\n")
    doc = load(write_report(tmp_path, fmt, lines))
    assert doc.text.strip("\n").split("\n") == lines
    assert doc.script == ("zh-Hant" if report is REPORT_HANT else "zh-Hans")
    assert doc.norm == normalise(doc.text)


# --- discovery of hostile trees: links, FIFOs, devices, unreadable folders, sizes ------------------
def _reasons(found) -> dict[str, str]:
    return {p.name: why for p, why in found.problems + found.notes}


def test_a_link_loop_is_noted_and_every_file_still_found(tmp_path):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    write(root, "sub/b.txt", b"x")
    (root / "sub" / "up").symlink_to(root)  # a link back to a folder above it
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself (ELOOP)
    found = discover([root])
    assert [f.relative_to(root).as_posix() for f, _ in found.files] == ["a.txt", "sub/b.txt"]
    assert "link loop" in _reasons(found)["up"] and found.notes[0][0] == root / "sub" / "up"
    assert "link loop" in _reasons(found)["self.txt"]
    assert [p.name for p, _ in found.problems] == ["self.txt"]


def test_a_linked_folder_is_followed_once(tmp_path):
    write(tmp_path / "real", "r.txt", b"x")
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    (root / "linked").symlink_to(tmp_path / "real")
    (root / "again").symlink_to(tmp_path / "real")
    found = discover([root])
    assert [f.relative_to(root).as_posix() for f, _ in found.files] == ["a.txt", "again/r.txt"]
    assert not found.problems


def test_a_fifo_is_reported_and_never_opened(tmp_path):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    os.mkfifo(root / "x.txt")  # opening it for reading would block for ever
    found = discover([root])
    assert [f.name for f, _ in found.files] == ["a.txt"]
    assert _reasons(found)["x.txt"] == "not a regular file (a FIFO); not opened"
    with pytest.raises(InputError, match="not a regular file"):
        load(root / "x.txt")  # load() checks again, without blocking


def test_a_link_to_a_device_is_refused(tmp_path):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    (root / "zero.txt").symlink_to("/dev/zero")
    found = discover([root])
    assert _reasons(found)["zero.txt"] == "not a regular file (a character device); not opened"
    given = discover([root / "zero.txt"])  # given directly: the same, no exception
    assert not given.files and given.problems


def test_a_broken_link_is_reported(tmp_path):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert "broken link" in _reasons(discover([root]))["gone.txt"]


def test_an_unreadable_folder_is_reported_by_name(tmp_path, monkeypatch):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    write(root, "locked/b.txt", b"x")
    (root / "locked").chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the folder fail as it would for a user
        real = os.scandir
        monkeypatch.setattr(os, "scandir", lambda p=".": real(p) if isinstance(p, int) or Path(p).name != "locked"
                            else (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    try:
        found = discover([root])
    finally:
        (root / "locked").chmod(0o755)
    assert [f.name for f, _ in found.files] == ["a.txt"]
    assert found.problems == [(root / "locked", "cannot read folder: Permission denied")]


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path):
    from policykg.read.ingest import Limits

    root = tmp_path / "in"
    write(root, "small.txt", SHORT_HANS.encode())
    write(root, "big.txt", b"x" * 3000)
    found = discover([root], limits=Limits(max_file=2000))
    assert [f.name for f, _ in found.files] == ["small.txt"]
    assert _reasons(found)["big.txt"].startswith("too large (0.0 MB; the limit is")
    assert "--max-size" in _reasons(found)["big.txt"]
    with pytest.raises(InputError, match="too large"):
        load(root / "big.txt", limits=Limits(max_file=2000))


def test_the_output_folder_and_own_pages_are_not_read(tmp_path):
    root = tmp_path / "in"
    write(root, "a.txt", b"x")
    write(root, "out/graph.json", b"{}")
    write(root, "out/nodes.txt", b"x")
    write(root, "elsewhere/report.html",
          b'<!DOCTYPE html><html><head><meta name="generator" content="policykg"></head></html>')
    found = discover([root], exclude=[root / "out"])
    assert [f.name for f, _ in found.files] == ["a.txt"]
    assert _reasons(found) == {"out": "inside the output folder; not read",
                               "report.html": "a page policykg wrote (graph.html, report.html); not read"}


def _docx_bytes(body_xml: bytes, declared: int | None = None) -> bytes:
    """A minimal .docx; ``declared`` overrides the size document.xml claims to unpack to."""
    import io
    import struct
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml",
                    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                    + body_xml + b"</w:body></w:document>")
    data = bytearray(buf.getvalue())
    if declared is not None:  # patch the uncompressed size in the local header and the directory
        name = b"word/document.xml"
        local = data.rindex(b"PK\x03\x04", 0, data.index(name))
        struct.pack_into("<I", data, local + 22, declared)
        central = data.rindex(name) - 46
        struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_docx_that_unpacks_beyond_the_limit_is_refused_from_its_declared_sizes(tmp_path):
    from policykg.read.ingest import Limits

    para = "<w:p><w:r><w:t>一、存在的问题。</w:t></w:r></w:p>".encode()
    path = write(tmp_path, "bomb.docx", _docx_bytes(para * 20000))  # ~1 MB of XML, packs to a few KB
    assert path.stat().st_size < 20000
    with pytest.raises(InputError, match=r"too large unpacked \(1\.\d MB of XML; the limit is 0\.5 MB"):
        load(path, limits=Limits(max_unpacked=1 << 19))
    assert "存在的问题" in load(path).text  # the default limit reads it


def test_a_docx_whose_part_holds_more_than_it_declares_is_corrupt(tmp_path):
    para = "<w:p><w:r><w:t>一、存在的问题。</w:t></w:r></w:p>".encode()
    path = write(tmp_path, "liar.docx", _docx_bytes(para * 20000, declared=1000))
    with pytest.raises(InputError, match="corrupt .docx"):  # zipfile stops at the declared size
        load(path)


def test_a_folder_given_twice_is_read_once(tmp_path):
    root = make_tree(tmp_path)
    assert discover([root, root]).files == discover([root]).files


def test_a_folder_holding_only_the_output_folder_has_nothing_to_read(tmp_path):
    root = tmp_path / "in"
    write(root, "out/graph.json", b"{}")
    with pytest.raises(InputError, match="no readable documents"):
        discover([root], exclude=[root / "out"])


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no /proc here")
def test_a_file_that_reports_no_size_is_read_whole_up_to_the_limit():
    from policykg.read.ingest import read_bytes

    proc = Path("/proc/self/status")  # a regular file of size 0 that holds text
    assert proc.stat().st_size == 0
    assert b"Name:" in read_bytes(proc) and len(read_bytes(proc)) > 100
    with pytest.raises(InputError, match="too large"):
        read_bytes(proc, limit=10)

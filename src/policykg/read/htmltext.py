"""The main text of an HTML page, one paragraph or line break per line.

Two tools, each for what it does well. trafilatura decides *what* is main text (it
knows boilerplate: menus, share bars, footers); our own walk of the tree decides the
*lines*, because trafilatura's line breaks vary with the layout it meets: it merges the
<br>-separated lines of a table cell into one, and on pages where it falls back to its
baseline extractor it puts <strong>一是</strong> on a line of its own, apart from the
sentence it opens. Both would break the outline the structure stage reads. So: walk the
page into lines, then keep the lines trafilatura's text contains, in order.
"""

from __future__ import annotations

import codecs
import copy
import re
from functools import cache
from typing import TYPE_CHECKING

from policykg.read.decoding import Decoded, decode_text, newlines
from policykg.errors import DocumentFormatError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What lxml refuses in text nodes (XML 1.0 forbids it): C0 controls but tab and newlines,
# DEL, lone surrogates.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Never main text; dropped before either tool sees the page.
_BOILERPLATE = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg")
_BLOCK = frozenset(
    ("address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
     "td", "th", "tr", "ul", "header", "caption")
)
# Compared without whitespace and the pipes and escapes of trafilatura's table rendering.
_NOT_COMPARED = re.compile(r"[\s|\\\u200b-\u200d\ufeff]+")
_SHORT = 6  # a line shorter than this (compared) must follow the previous match closely
_NEAR = 12  # how closely, in characters of trafilatura's text
_GAP = 2  # lines trafilatura left out between two kept ones that are kept anyway
_LOOKAHEAD = 4  # lines after one found far ahead that may show it to be out of order


def read_html(data: bytes, path: str) -> Decoded:
    """The page's main text; raises DocumentFormatError when there is none."""
    page = _html_markup(data, path)
    tree = _parse_html(page.text)
    text = ""
    if tree is not None:
        _drop(tree, _BOILERPLATE)
        _drop_named_boilerplate(tree)
        lines = walk_lines(tree)
        main = _trafilatura_text(copy.deepcopy(tree), path)
        text = "\n".join(main_lines(lines, main)) if main else "\n".join(lines)
        if not text.strip() and main:  # the two disagree completely: trust trafilatura
            text = main
    text = newlines(text).strip("\n")
    if not text.strip():
        raise DocumentFormatError("no main text in .html", path)
    return Decoded(text, page.encoding, page.warnings)


def _html_markup(data: bytes, path: str) -> Decoded:
    """Decode with the charset the page declares; detect when it declares none or lies."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        # GB2312 and GBK pages routinely use GBK/GB18030 characters: decode with the superset.
        codec = "gb18030" if declared in {"gb2312", "gbk", "x-gbk", "gb_2312-80"} else declared
        try:
            return Decoded(data.decode(codec), codecs.lookup(codec).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)


def _parse_html(markup: str) -> HtmlElement | None:
    import lxml.html

    # lxml refuses str input that carries an XML encoding declaration (XHTML pages), and
    # text nodes with control characters; browsers do not show those either.
    markup = _XML_UNSAFE.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", markup))
    try:
        return lxml.html.document_fromstring(markup)
    except Exception:  # lxml rejects empty or non-HTML input ("Document is empty")
        return None


def _drop(tree: HtmlElement, tags: tuple[str, ...]) -> None:
    for element in tree.xpath("|".join(f"//{tag}" for tag in tags)):
        element.drop_tree()


# class/id words of site furniture on Chinese government and news pages (div.top, div.position
# for the breadcrumb, div.share, div.foot ...).
_FURNITURE = frozenset(
    ("nav", "navbar", "menu", "top", "topbar", "header", "footer", "foot", "bottom", "banner",
     "breadcrumb", "crumb", "crumbs", "position", "location", "share", "copyright", "sidebar")
)
_FURNITURE_MAX = 300  # characters: an element with more text is kept whatever its name


def _drop_named_boilerplate(tree: HtmlElement) -> None:
    """Drop short elements whose class or id names them site furniture."""
    for element in tree.xpath("//body//*[@class or @id]"):
        words = re.split(r"[\s_-]+", f"{element.get('class', '')} {element.get('id', '')}".lower())
        if _FURNITURE.intersection(words) and len(element.text_content()) < _FURNITURE_MAX:
            element.drop_tree()


def _trafilatura_text(tree: HtmlElement, path: str) -> str | None:
    try:
        import trafilatura
    except ImportError as err:  # a broken install: this file fails in one line, the rest build
        raise DocumentFormatError(f"cannot read .html: {err.msg}; reinstall policykg "
                                  "(pip install -e .)", path) from None

    # favor_recall keeps headings (一、存在的问题) that the precision modes drop on some
    # layouts; what it lets through in excess is what the structure stage's junk lines
    # already handle (a breadcrumb, a share bar).
    try:
        return trafilatura.extract(
            tree, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
        )
    except Exception:  # trafilatura failing on odd markup: keep every line of the walk
        return None


def walk_lines(tree: HtmlElement) -> list[str]:
    """The text of the page's body, a line per block element or <br>, spaces collapsed."""
    body = tree.find("body")
    pieces: list[str] = []
    _walk(body if body is not None else tree, pieces, pre=False)
    text = _segment_break_cjk().sub("", "".join(pieces)).replace(_SEGMENT_BREAK, " ")
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


# A newline in the page's source is a space when shown, except between two CJK characters,
# where browsers drop it (CSS Text 3, segment break transformation): source lines wrapped
# in the middle of 存在的问题 must not put a space into it.
_SEGMENT_BREAK = "\x1f"  # stands for a source newline; cannot occur in the text (_XML_UNSAFE)
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


@cache
def _segment_break_cjk() -> re.Pattern[str]:
    """(Compiled on first use: each class of 28,000 characters costs re 14 million
    instructions, and a worker that reads no HTML need not pay them.)"""
    return re.compile(f"(?<=[{_CJK}])[ \t]*{_SEGMENT_BREAK}[ \t{_SEGMENT_BREAK}]*(?=[{_CJK}])")


def _walk(element: HtmlElement, pieces: list[str], pre: bool) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    pre = pre or tag == "pre"
    newline = "\n" if pre else _SEGMENT_BREAK  # inside <pre> source lines are lines
    block = tag in _BLOCK
    if block:
        pieces.append("\n")
    if element.text and tag:
        pieces.append(element.text.replace("\n", newline))
    for child in element:
        _walk(child, pieces, pre)
        if child.tail:
            pieces.append(child.tail.replace("\n", newline))
    if block:
        pieces.append("\n")


def main_lines(lines: list[str], main: str) -> list[str]:
    """The ``lines`` that ``main`` contains, matched in order, and short gaps between them.

    A line counts as contained when its first characters appear in ``main`` after the
    previous match (its whole text need not: trafilatura may leave out a trailing link).
    A line found only further ahead while one of the next lines is found before it is out
    of order (返回首页 matching the page's last words): it is dropped rather than allowed
    to skip the cursor past the text. Short lines must also follow the previous match closely.
    trafilatura now and then leaves out a heading between two paragraphs it keeps (<h2>三、
    对策建议</h2>), the one line this project can least afford to lose: a gap of up to
    ``_GAP`` lines between kept lines is kept too.
    """
    target = _NOT_COMPARED.sub("", main)
    probes = [_NOT_COMPARED.sub("", line) for line in lines]
    kept = [False] * len(lines)
    cursor = 0
    for i, compact in enumerate(probes):
        at = _find(compact, target, cursor)
        if at is None:
            continue
        if at > cursor and _found_before(probes[i + 1 :], target, cursor, at):
            continue
        kept[i] = True
        cursor = at + _common_prefix(compact, target, at)
    _fill_gaps(kept)
    return [line for line, keep in zip(lines, kept, strict=True) if keep]


def _fill_gaps(kept: list[bool]) -> None:
    """Keep runs of at most ``_GAP`` dropped lines that have kept lines on both sides."""
    last = None  # index of the last kept line
    for i, keep in enumerate(kept):
        if not keep:
            continue
        if last is not None and 0 < i - last - 1 <= _GAP:
            kept[last + 1 : i] = [True] * (i - last - 1)
        last = i


def _found_before(following: list[str], target: str, cursor: int, at: int) -> bool:
    """Whether one of the next few lines is in ``target`` between ``cursor`` and ``at``."""
    nonempty = [probe for probe in following if probe][:_LOOKAHEAD]
    return any((ahead := _find(probe, target, cursor)) is not None and ahead < at for probe in nonempty)


def _find(compact: str, target: str, cursor: int) -> int | None:
    """Where ``compact``'s first characters are in ``target`` from ``cursor`` on, if there."""
    probe = compact[:20]
    if not probe:
        return None
    at = target.find(probe, cursor)
    if at < 0 or (len(probe) < _SHORT and at - cursor > _NEAR):
        return None
    return at


def _common_prefix(line: str, target: str, at: int) -> int:
    """How many characters of ``line`` match ``target`` from ``at`` on."""
    n = 0
    for a, b in zip(line, target[at : at + len(line)], strict=False):
        if a != b:
            break
        n += 1
    return n

"""Text out of container formats: .docx (python-docx), .pdf (pypdf), .html (trafilatura).

Each reader takes the file's bytes and returns a ``Decoded`` (text, the encoding or the
container format, warnings); it raises
DocumentFormatError when the file is corrupt or holds no text. The parsers are
imported lazily: a run over plain-text files never loads them.
"""

from __future__ import annotations

import codecs
import copy
import io
import logging
import re
from contextlib import contextmanager
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policykg.decoding import Decoded, decode_text, newlines

from policykg.errors import DocumentFormatError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# What lxml refuses in text nodes (XML 1.0 forbids it): C0 controls but tab and newlines,
# DEL, lone surrogates.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Third-party parsers meet corrupt input with whatever exception their code happens to hit
# (KeyError, ValueError, struct.error, RecursionError, ...). At this boundary any of them
# means "this file is corrupt", so the readers catch Exception and re-raise it as ours.


def read_docx(data: bytes, path: str) -> Decoded:
    """Body paragraphs and tables in document order; table cells row by row, one per line.

    Paragraphs numbered by Word's automatic numbering get their label (一、 1.) in front.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document, Paragraph, Table))
    except Exception as err:
        raise DocumentFormatError(f"corrupt .docx: {_reason(err)}", path) from None
    text = newlines("\n".join(lines))
    if not text.strip():
        raise DocumentFormatError("no text in .docx", path)
    return Decoded(text, "docx")


def _docx_lines(document: Any, paragraph_cls: Any, table_cls: Any) -> Iterator[str]:
    from policykg.docxnum import Numbering

    numbering = Numbering(document)
    for child in _body_blocks(document.element.body):
        if child.tag.endswith("}p"):
            yield numbering.label(child) + paragraph_cls(child, document).text
        else:
            yield from _table_lines(table_cls(child, document))


def _body_blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, also those inside content controls (w:sdt: a Word
    table of contents, or a template's whole body)."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in {"p", "tbl"}:
            yield child
        elif tag in {"sdt", "sdtContent"}:
            yield from _body_blocks(child)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            yield cell.text


def read_pdf(data: bytes, path: str) -> Decoded:
    """The text layer, pages joined with \\n; pages without text are reported."""
    with _quiet("pypdf"):
        return _pdf_pages(data, path)


def _pdf_pages(data: bytes, path: str) -> Decoded:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentFormatError("encrypted .pdf (needs a password)", path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentFormatError:
        raise
    except Exception as err:
        raise DocumentFormatError(f"corrupt .pdf: {_reason(err)}", path) from None
    empty = [str(n) for n, page in enumerate(pages, 1) if not page.strip()]
    if len(empty) == len(pages):
        raise DocumentFormatError("no text layer in .pdf (scanned images?)", path)
    warnings = (f"no text layer on page(s) {', '.join(empty)}",) if empty else ()
    return Decoded(newlines("\n".join(page.rstrip("\n") for page in pages)), "pdf", warnings)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_html(data: bytes, path: str) -> Decoded:
    """The page's main text, one paragraph or line break per line, boilerplate dropped."""
    page = _html_markup(data, path)
    tree = _parse_html(page.text)
    text = ""
    if tree is not None:
        _drop(tree, _BOILERPLATE)
        text = _trafilatura_text(copy.deepcopy(tree)) or _plain_text(tree)
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


# Never main text. Dropped before trafilatura sees the page too: on short pages it falls
# back to keeping everything, site navigation included.
_BOILERPLATE = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg")
_BLOCK = frozenset(
    ("address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
     "td", "th", "tr", "ul")
)


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


def _trafilatura_text(tree: HtmlElement) -> str | None:
    import trafilatura

    # favor_recall keeps headings (一、存在的问题) that the default precision mode drops on
    # some layouts. Plain text output (no include_formatting): paragraphs and <br> already
    # come out one per line, while markdown would wrap bold item headings (<b>一是</b>) in **.
    try:
        return trafilatura.extract(
            tree, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
        )
    except Exception:  # trafilatura failing on odd markup: fall back to the plain walk
        return None


def _plain_text(tree: HtmlElement) -> str:
    """Every text node outside boilerplate elements, a line per block element."""
    _drop(tree, ("header",))  # site headers: logos and menus
    pieces: list[str] = []
    _walk(tree, pieces)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: HtmlElement, pieces: list[str]) -> None:
    block = isinstance(element.tag, str) and element.tag.lower() in _BLOCK
    if block:
        pieces.append("\n")
    if element.text and isinstance(element.tag, str):
        pieces.append(element.text.replace("\n", " "))
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail.replace("\n", " "))
    if block:
        pieces.append("\n")


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a parser's warnings (pypdf logs every repair it makes) while it reads one file.

    What matters reaches the user as an error or a Document warning; the parser's own
    log lines would only clutter the CLI's output.
    """
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _reason(err: BaseException) -> str:
    """A one-line reason: the exception's message, or its type when it has none."""
    message = " ".join(str(err).split())
    return message[:160] if message else type(err).__name__

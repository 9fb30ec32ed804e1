"""Text out of Word and PDF files: .docx (python-docx), .pdf (pypdf). HTML: see htmltext.

Each reader takes the file's bytes and returns a ``Decoded`` (text, the container format,
warnings); it raises DocumentFormatError when the file is corrupt or holds no text. The
parsers are imported lazily: a run over plain-text files never loads them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from policykg.read.decoding import Decoded, newlines
from policykg.errors import DocumentFormatError
from policykg.read.pdftext import paragraphs

# Third-party parsers meet corrupt input with whatever exception their code happens to hit
# (KeyError, ValueError, struct.error, RecursionError, ...). At this boundary any of them
# means "this file is corrupt", so the readers catch Exception and re-raise it as ours.


def check_unpacked_size(data: bytes, path: str, limit: int) -> None:
    """Refuse a .docx whose parts would unpack to more than ``limit`` bytes (a zip bomb).

    The sizes the zip declares are checked before anything is unpacked; a part that
    declares less than it holds cannot get past that either, since ``zipfile`` stops
    reading a member at its declared size (and the CRC then fails: "corrupt .docx").
    Media (images) are not read and do not count.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = [i for i in zf.infolist() if not i.filename.startswith("word/media/")]
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise DocumentFormatError(f"corrupt .docx: {_reason(err)}", path) from None
    total = sum(i.file_size for i in parts)
    if total > limit:
        raise DocumentFormatError(
            f"too large unpacked ({total / (1 << 20):.1f} MB of XML; the limit is "
            f"{limit / (1 << 20):g} MB, change it with --max-unpacked)", path)


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
    from policykg.read.docxnum import Numbering

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
        seen: set[Any] = set()  # holds the elements, so identities stay valid
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(cell._tc)
            yield cell.text


def read_pdf(data: bytes, path: str) -> Decoded:
    """The text layer, wrapped lines joined into paragraphs; pages without text are reported."""
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
    return Decoded(paragraphs([newlines(page) for page in pages]), "pdf", warnings)


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

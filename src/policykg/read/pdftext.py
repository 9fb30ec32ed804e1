"""A PDF's text layer, page by page, back into paragraphs.

A PDF stores visual lines: a paragraph comes out of pypdf broken wherever the page was
wide enough, often in the middle of a word, and page numbers sit between the pages.
The structure stage reads one paragraph or heading per line, so lines are joined again
where the page wrapped them: a line that fills the page's width and does not end a
sentence continues on the next, unless the next opens an enumerated item (（二） 2、 二是).
"""

from __future__ import annotations

import re
from functools import cache

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SENTENCE_END = tuple("。！？!?；;：:」』”）)】")
_NUMERAL = "一二三四五六七八九十"
_ITEM_START = re.compile(
    rf"""\s*(?:第[{_NUMERAL}百\d]+[章节条部分、，,]|[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}\d]+[)）]
    |\d+(?:\.\d+)*[、.．)）]|[①-⑳]|[{_NUMERAL}]+[是要]|首先|其次|再次|最后|[·•●■◆▪]|[-—]\s)""",
    re.VERBOSE,
)
# - 3 -, 第3页, 第3页 共12页, 3/12, 3
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)\s*"
)
_FULL = 0.85  # a line at least this share of the page width (in characters) fills it


@cache
def _spaced_cjk() -> re.Pattern[str]:
    """Spaces pypdf puts between characters that it found positioned one by one. (Compiled
    on first use: each class of 28,000 characters costs re 14 million instructions, and
    a worker that reads no PDF need not pay them.)"""
    return re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


def paragraphs(pages: list[str]) -> str:
    """The pages' lines, wrapped lines joined, page numbers dropped, one paragraph per line."""
    lines: list[str] = []
    for page in pages:
        lines.extend(_without_page_number(_spaced_cjk().sub("", page).split("\n")))
    width = _line_width(lines)
    out: list[str] = []
    for line in lines:
        if out and width and _continues(out[-1], line, width):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def _without_page_number(lines: list[str]) -> list[str]:
    """A page's lines without a page number as its first or last line."""
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and _PAGE_NUMBER.fullmatch(lines[-1]):
        lines.pop()
    if lines and _PAGE_NUMBER.fullmatch(lines[0]):
        lines.pop(0)
    return lines


def _line_width(lines: list[str]) -> int:
    """The page width in characters: the 90th percentile of line lengths (0 for few lines)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _continues(previous: str, line: str, width: int) -> bool:
    previous = previous.rstrip()
    return (
        bool(previous and line.strip())
        and len(previous.strip()) >= _FULL * width
        and not previous.endswith(_SENTENCE_END)
        and not _ITEM_START.match(line)
    )


def _join(previous: str, line: str) -> str:
    previous, line = previous.rstrip(), line.strip()
    cjk = re.match(f"[{_CJK}]", previous[-1]) or re.match(f"[{_CJK}]", line[0])
    return previous + ("" if cjk else " ") + line

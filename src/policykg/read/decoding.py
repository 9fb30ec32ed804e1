"""Bytes of a text file → str: BOMs, strict UTF-8, then detection for GB18030/GBK and Big5.

charset-normalizer proposes the candidate encodings; we rank them ourselves by how much
of the decoded text is ordinary Chinese, because on short texts (a heading or two) the
detector alone often prefers cp949 or UTF-16 to the right GBK/Big5 reading.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from policykg.errors import DecodeError, InputError
from policykg.read.normalise import HAN_RE, t2s_char

# The BOMs we honour, longest first (the UTF-32 LE BOM starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Always tried after the detector's own candidates: the legacy encodings of Chinese text.
# Earlier ones win ties (big5 before its supersets cp950 and big5hkscs).
_CHINESE = ("gb18030", "big5", "cp950", "big5hkscs")
_PREFERRED = frozenset({"utf-8", "utf-16-le", "utf-16-be", *_CHINESE})
# Other binary formats: a .docx or .pdf renamed to .txt, images.
_MAGIC = (b"PK\x03\x04", b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")
# C0 controls other than tab and the line/page breaks, DEL and C1 controls.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SAMPLE = 20_000  # characters scored per candidate: enough to tell, cheap on big files
_MIN_PLAUSIBLE = 0.6  # below this the chosen reading is reported as a guess (all Latin-1 texts)
_MIN_READABLE = 0.25  # below this no reading is text (scored over 8+ non-ASCII characters)


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to \n
    encoding: str  # a Python codec name: utf-8, utf-8-sig, utf-16-le, gb18030, big5, ...
    warnings: tuple[str, ...] = ()


def decode(data: bytes, path: str) -> tuple[str, str]:
    """``(text, encoding)`` of a text file's bytes; raises InputError or DecodeError."""
    decoded = decode_text(data, path)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, path: str) -> Decoded:
    """Like ``decode``, with the warnings about text that could not be read."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_bom(data[len(bom) :], encoding, path), path)
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError("binary file (contains NUL bytes)", path)
        return _checked(utf16, path)
    if data.startswith(_MAGIC):
        raise InputError("binary file (not plain text)", path)
    try:
        return _checked(Decoded(newlines(data.decode("utf-8")), "utf-8"), path)
    except UnicodeDecodeError:
        pass
    # Valid UTF-8 always wins: by chance a GBK text of a few characters can be valid UTF-8
    # too (目前 reads as "Ŀǰ"), but letting Latin or Cyrillic UTF-8 text compete with GBK
    # readings would misread real files, which are longer than that.
    return _checked(_detect(data, path), path)


def newlines(text: str) -> str:
    """\\r\\n and lone \\r → \\n, as Python's universal-newline reading does (and nothing else)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _decode_bom(body: bytes, encoding: str, path: str) -> Decoded:
    """The BOM decides the encoding; a few bad sequences (a truncated file) are replaced."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return Decoded(newlines(body.decode(codec)), encoding)
    except UnicodeDecodeError:
        pass
    text = body.decode(codec, errors="replace")
    lost = text.count("\ufffd")
    if lost > max(1, len(text) // 100):
        raise DecodeError(f"not valid {encoding} although it starts with its BOM", path)
    warning = f"{lost} undecodable byte sequence(s) replaced by U+FFFD ({encoding})"
    return Decoded(newlines(text), encoding, (warning,))


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: NUL bytes are its high bytes of ASCII; accept only a clear reading.

    Clear means: at least four code units, strict decoding, no control characters and
    text that reads as Chinese or ASCII. The byte order more NULs point to is tried first
    (ASCII in UTF-16-LE has its NUL bytes at odd offsets).
    """
    if len(data) % 2 or len(data) < 8:
        return None
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    for encoding in ("utf-16-le", "utf-16-be") if little_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_RE.search(text) and plausibility(text) >= 0.9:
            return Decoded(newlines(text), encoding)
    return None


def _detect(data: bytes, path: str) -> Decoded:
    best: tuple[tuple[float, bool, bool, int], str, str] | None = None
    for order, encoding in enumerate(_candidates(data)):
        text = data.decode(encoding, errors="replace")
        lost = text.count("\ufffd")
        # Ties (short texts whose cp949 or Shift-JIS reading is also common Han) go to the
        # encodings Chinese text is written in, then to the detector's order.
        rank = (plausibility(text[:_SAMPLE]), lost == 0, encoding in _PREFERRED, -order)
        if best is None or rank > best[0]:
            best = (rank, encoding, text)
    assert best is not None  # _candidates always yields gb18030 and the others
    (score, *_), encoding, text = best
    lost = text.count("\ufffd")
    non_ascii = sum(1 for c in text if c > "\x7f")
    if lost > max(1, non_ascii // 100) or (score < _MIN_READABLE and non_ascii >= 8):
        raise DecodeError("cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text", path)
    warnings = []
    if lost:
        warnings.append(f"{lost} undecodable byte sequence(s) replaced by U+FFFD ({encoding})")
    if score < _MIN_PLAUSIBLE and non_ascii >= 4:
        warnings.append(f"encoding guessed as {encoding}; the text may be garbled")
    return Decoded(newlines(text), encoding, tuple(warnings))


def _candidates(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 files need it

    names = [match.encoding for match in from_bytes(data)] + ["utf-8", *_CHINESE]
    seen: dict[str, None] = {}
    for name in names:
        try:
            seen.setdefault(codecs.lookup(name).name, None)
        except LookupError:  # a detector name Python does not know: skip it
            continue
    return list(seen)


def _checked(decoded: Decoded, path: str) -> Decoded:
    """Reject text that is mostly control characters; report what could not be read."""
    text = decoded.text
    if text.endswith("\x1a"):  # Ctrl-Z: the end-of-file mark of old DOS/Windows text files
        text = text[:-1]
    controls = len(_CONTROL_RE.findall(text))
    if controls > 1 and controls * 100 > len(text):  # one stray control character is not binary
        raise InputError("binary file (control characters)", path)
    warnings = list(decoded.warnings)
    if controls:
        warnings.append(f"{controls} control character(s) in the text")
    if "\ufffd" in text and not any("U+FFFD" in w for w in warnings):
        lost = text.count("\ufffd")
        warnings.append(f"{lost} replacement character(s) U+FFFD: text lost before this file was written")
    return Decoded(text, decoded.encoding, tuple(warnings))


def plausibility(text: str) -> float:
    """How much of the non-ASCII text reads as ordinary Chinese (0..1; 1 when all ASCII).

    Common Han characters (simplified or traditional) and CJK punctuation count 1, rarer
    Han characters a little, Latin letters and general punctuation half; anything else
    (kana, Hangul, symbols, private use, U+FFFD) nothing. A wrong decoding of GBK or Big5
    bytes yields rare characters and symbols, so it scores far below the right one even
    on a short heading.
    """
    total = 0.0
    n = 0
    for char in text:
        if char <= "\x7f":
            continue
        n += 1
        total += _char_weight(char)
    return total / n if n else 1.0


@cache
def _char_weight(char: str) -> float:
    if HAN_RE.match(char):
        if char in _common_hanzi() or t2s_char(char) in _common_hanzi():
            return 1.0
        return 0.3 if "\u4e00" <= char <= "\u9fff" else 0.1
    if "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e":
        return 1.0  # 、。《》（），
    if "\u2010" <= char <= "\u2027":
        return 0.5  # “”…—: Chinese uses them, but so do wrong single-byte readings
    if "\u00c0" <= char <= "\u024f":
        return 0.5  # Latin letters with diacritics: a European text in a single-byte encoding
    return 0.0


@cache
def _common_hanzi() -> frozenset[str]:
    data = resources.files(__package__).joinpath("data", "common_hanzi.txt").read_text(encoding="utf-8")
    return frozenset("".join(line for line in data.splitlines() if not line.startswith("#")))

"""Bytes → text for the plain-text readers, and the small text clean-ups every reader shares.

Offices send text files as UTF-8 (with or without a BOM), as GBK from older Windows machines, and
now and then as UTF-16 from Notepad's "Unicode" option. ``decode_text`` tries those in that order
and refuses files that are clearly not text, so a user who uploads a picture renamed ``.txt`` is
told so instead of getting a page of garbage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.importer.model import NoticeError, ParseWarning

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Container signatures that are never a text file, whatever the name says.
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# Word's text export leaves bookmark names such as ``[bookmark: _GoBack]`` in the text.
_BOOKMARK = re.compile(r"\[bookmark: [^\]\n]{0,200}\]")
# Typographic spaces (NBSP, en space, thin space ...) become a plain space; the ideographic
# space U+3000 is ordinary Chinese text and stays. Zero-width characters disappear.
_SPACES = {cp: " " for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F)} | {
    cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
}
# Code point ranges that real Chinese office text is made of; a GB18030 decode that lands
# mostly outside them was not GB18030 text.
_LIKELY_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 and Latin extended (pinyin with tone marks)
    (0x02B0, 0x02FF),  # spacing modifiers (GBK has ˇ ˉ)
    (0x0370, 0x04FF),  # Greek and Cyrillic, both in GBK
    (0x2000, 0x27BF),  # punctuation, letterlike, numbers (Ⅳ), arrows, maths, shapes, ①
    (0x2E80, 0x9FFF),  # CJK radicals, symbols and punctuation, kana, ㈠, CJK ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE4F),  # vertical and CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: （），：
    (0x1F300, 0x1FAFF),  # emoji
    (0x20000, 0x3134F),  # rare CJK ideographs
)
_MAX_UNLIKELY_SHARE = 0.05  # control, private-use or unassigned characters
_MIN_LIKELY_SHARE = 0.8  # for a guessed encoding


@dataclass
class DecodedText:
    """A text file's content with its line breaks normalised to ``\\n``."""

    text: str
    encoding: str
    warnings: list[ParseWarning] = field(default_factory=list)


def decode_text(data: bytes, name: str, fmt: str) -> DecodedText:
    """Decode a text file (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030).

    Raises ``NoticeError`` with ``empty_file``, ``binary_file`` or ``unknown_encoding``.
    """
    if not data.strip():
        raise NoticeError("empty_file", "", name=name, fmt=fmt)
    if data.startswith(_BINARY_MAGIC):
        raise NoticeError("binary_file", "", name=name, fmt=fmt)
    decoded = _decode(data, name, fmt)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text, guessed=decoded.encoding == "gb18030"):
        raise NoticeError("binary_file", "", name=name, fmt=fmt)
    if not clean_text(text).strip():
        raise NoticeError("empty_file", "", name=name, fmt=fmt)
    decoded.text = text
    return decoded


def _decode(data: bytes, name: str, fmt: str) -> DecodedText:
    if data.startswith(_UTF8_BOM):
        try:
            return DecodedText(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _undecodable(data, name, fmt) from exc
    if data.startswith(_UTF16_BOMS):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise _undecodable(data, name, fmt) from exc
    if b"\x00" in data:
        raise NoticeError("binary_file", "", name=name, fmt=fmt)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _undecodable(data, name, fmt) from exc
    warning = ParseWarning("encoding_guessed", "", {"encoding": "gb18030"})
    return DecodedText(text, "gb18030", [warning])


def _undecodable(data: bytes, name: str, fmt: str) -> NoticeError:
    """Text in an encoding we do not read, or no text at all: tell which by the control bytes."""
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f\v")
    if controls > len(sample) * _MAX_UNLIKELY_SHARE:
        return NoticeError("binary_file", "", name=name, fmt=fmt)
    return NoticeError("unknown_encoding", "", name=name, fmt=fmt)


def _looks_binary(text: str, *, guessed: bool) -> bool:
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return False
    unlikely = sum(1 for ch in chars if _unlikely(ch))
    if unlikely > len(chars) * _MAX_UNLIKELY_SHARE:
        return True
    if guessed:
        likely = sum(1 for ch in chars if _in_likely_range(ord(ch)))
        return likely < len(chars) * _MIN_LIKELY_SHARE
    return False


def _unlikely(ch: str) -> bool:
    if ch in _TEXT_CONTROLS:
        return False
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def _in_likely_range(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _LIKELY_RANGES)


def clean_text(text: str) -> str:
    """Drop Word bookmark markers and zero-width characters; typographic spaces → plain space."""
    return _BOOKMARK.sub("", text).translate(_SPACES)


def text_lines(text: str) -> tuple[str, ...]:
    """Text split into its non-blank lines, each cleaned and stripped (cells, Word paragraphs)."""
    lines = (clean_text(line).strip() for line in re.split(r"\r\n|\r|\n|\v", text))
    return tuple(line for line in lines if line)

"""Hypothesis builders that damage a real notice: its text lines, its encoding, its Office bytes.

A mutation is a small frozen dataclass with an ``apply`` method, drawn by a strategy that does
not need the notice itself: positions are plain integers taken modulo the length of whatever
they are applied to. A failing example therefore prints as a readable recipe
(``[SwapLines(a=3, b=0), Insert(at=120, text='牵头单位：')]``) that can be replayed on the same
notice with ``apply_all``.

- text: delete, duplicate, swap and replace lines, truncate, insert or replace characters, with
  fragments a notice is made of (full-width digits, lone TABs, ［］（）, 牵头单位：, 等, control
  characters ...) as well as arbitrary Unicode;
- encoding: the same text written as UTF-8, UTF-8 with BOM, GB18030, GBK or UTF-16;
- bytes: flip, truncate, overwrite, delete, insert and duplicate bytes of a whole file;
- zip members: the same byte damage applied to one member of a .docx/.xlsx (its XML), which
  is then packed again with valid checksums, so the damage reaches the XML parsers.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from hypothesis import strategies as st

from bot.importer.model import Document
from tests.support.render import document_to_docx, document_to_xlsx

T = TypeVar("T", str, bytes)


class Mutation(Protocol[T]):
    def apply(self, value: T) -> T: ...


def apply_all(value: T, mutations: Sequence[Mutation[T]]) -> T:
    """Apply ``mutations`` in order."""
    for mutation in mutations:
        value = mutation.apply(value)
    return value


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeleteLines:
    at: int
    count: int = 1

    def apply(self, text: str) -> str:
        lines = _lines(text)
        i = self.at % len(lines)
        del lines[i : i + self.count]
        return "\n".join(lines)


@dataclass(frozen=True)
class DuplicateLine:
    at: int

    def apply(self, text: str) -> str:
        lines = _lines(text)
        i = self.at % len(lines)
        lines.insert(i, lines[i])
        return "\n".join(lines)


@dataclass(frozen=True)
class SwapLines:
    a: int
    b: int

    def apply(self, text: str) -> str:
        lines = _lines(text)
        i, j = self.a % len(lines), self.b % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)


@dataclass(frozen=True)
class ReplaceLine:
    at: int
    text: str

    def apply(self, text: str) -> str:
        lines = _lines(text)
        lines[self.at % len(lines)] = self.text
        return "\n".join(lines)


@dataclass(frozen=True)
class InsertLine:
    at: int
    text: str

    def apply(self, text: str) -> str:
        lines = _lines(text)
        lines.insert(self.at % (len(lines) + 1), self.text)
        return "\n".join(lines)


@dataclass(frozen=True)
class Truncate:
    at: int

    def apply(self, text: str) -> str:
        return text[: self.at % (len(text) + 1)]


@dataclass(frozen=True)
class Insert:
    at: int
    text: str

    def apply(self, text: str) -> str:
        i = self.at % (len(text) + 1)
        return text[:i] + self.text + text[i:]


@dataclass(frozen=True)
class Replace:
    """Replace ``count`` characters at ``at`` with ``text``."""

    at: int
    count: int
    text: str

    def apply(self, text: str) -> str:
        i = self.at % (len(text) + 1)
        return text[:i] + self.text + text[i + self.count :]


# What notices are made of, and what breaks them: full-width digits and punctuation, TABs and
# lone-TAB lines (merged cells), brackets around unit lists, unit labels, 等, numbering, units
# of measure, and control, format and odd space characters.
def _pieces(*runs: str) -> tuple[str, ...]:
    """``"a|b", "c"`` → ``("a", "b", "c")``: long lists of fragments, written compactly."""
    return tuple(piece for run in runs for piece in run.split("|"))


FRAGMENTS: tuple[str, ...] = (
    *"０１２３４５６７８９［］（）()【】〔〕、，；：。%等",
    *"\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\r\u2028\u2029\ufeff\u3000\u00a0\u200b\ufffd",
    *_pieces(
        "１２．|\t|\t\t|\n\t\n|\n\t|\t\n|\r\n|牵头单位：|配合单位：|责任单位：|牵头单位:",
        "［牵头单位：|（牵头单位：区发改委；配合单位：区财政局）|等部门|一、|十二、|（一）|（九）",
        "1.|7、|99999999999.|2026年|12月31日前|每季度末|亿元|万人|增长|以上|左右|区发改委",
        "各街道办事处",
    ),
)

fragments = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
snippets = st.lists(fragments, min_size=1, max_size=5).map("".join)
positions = st.integers(min_value=0, max_value=1_000_000)

text_mutation: st.SearchStrategy[Mutation[str]] = st.one_of(
    st.builds(DeleteLines, positions, st.integers(1, 8)),
    st.builds(DuplicateLine, positions),
    st.builds(SwapLines, positions, positions),
    st.builds(ReplaceLine, positions, snippets),
    st.builds(InsertLine, positions, snippets),
    st.builds(Truncate, positions),
    st.builds(Insert, positions, snippets),
    st.builds(Replace, positions, st.integers(1, 3), st.one_of(fragments, st.characters())),
)
text_mutations = st.lists(text_mutation, min_size=1, max_size=5)

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; as UTF-8 when that encoding cannot hold every character."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


# XML parsers reject these; the renderers must not be handed them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text)


# --- bytes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    at: int
    mask: int

    def apply(self, data: bytes) -> bytes:
        if not data:
            return data
        i = self.at % len(data)
        return data[:i] + bytes([data[i] ^ self.mask]) + data[i + 1 :]


@dataclass(frozen=True)
class TruncateBytes:
    at: int

    def apply(self, data: bytes) -> bytes:
        return data[: self.at % (len(data) + 1)]


@dataclass(frozen=True)
class Overwrite:
    at: int
    data: bytes

    def apply(self, data: bytes) -> bytes:
        i = self.at % (len(data) + 1)
        return data[:i] + self.data + data[i + len(self.data) :]


@dataclass(frozen=True)
class InsertBytes:
    at: int
    data: bytes

    def apply(self, data: bytes) -> bytes:
        i = self.at % (len(data) + 1)
        return data[:i] + self.data + data[i:]


@dataclass(frozen=True)
class DeleteBytes:
    at: int
    count: int

    def apply(self, data: bytes) -> bytes:
        i = self.at % (len(data) + 1)
        return data[:i] + data[i + self.count :]


@dataclass(frozen=True)
class DuplicateBytes:
    at: int
    count: int

    def apply(self, data: bytes) -> bytes:
        i = self.at % (len(data) + 1)
        return data[:i] + data[i : i + self.count] + data[i:]


# Pieces of WordprocessingML and SpreadsheetML, and XML's special characters, to insert into a
# member's XML. No merge ranges: a huge one costs openpyxl minutes before our reader sees it.
XML_FRAGMENTS: tuple[bytes, ...] = tuple(
    piece.encode()
    for piece in _pieces(
        '<|>|&|&amp;|&#0;|&#xD;|"|\x00|</w:p>|</w:tc><w:tc>|</w:tr><w:tr>|<w:vMerge/>',
        '<w:vMerge w:val="restart"/>|<w:hMerge/>|<w:gridSpan w:val="3"/>|<w:tab/>|<w:br/>',
        '<w:t>\t</w:t>|</c><c>|</row><row>|<c r="B7" t="s"><v>3</v></c>|<v>1E+308</v>',
        '<c r="C2" t="inlineStr"><is><t>牵头单位</t></is></c>|state="hidden"',
    )
)

byte_chunks = st.one_of(
    st.sampled_from(XML_FRAGMENTS),
    st.binary(min_size=1, max_size=8),
    st.text(min_size=1, max_size=4).map(lambda s: s.encode("utf-8")),
)

byte_mutation: st.SearchStrategy[Mutation[bytes]] = st.one_of(
    st.builds(Flip, positions, st.integers(1, 255)),
    st.builds(TruncateBytes, positions),
    st.builds(Overwrite, positions, byte_chunks),
    st.builds(InsertBytes, positions, byte_chunks),
    st.builds(DeleteBytes, positions, st.integers(1, 64)),
    st.builds(DuplicateBytes, positions, st.integers(1, 64)),
)
byte_mutations = st.lists(byte_mutation, min_size=1, max_size=4)


# --- zip members -----------------------------------------------------------------------------

# The members that hold a rendering's text and structure; other members are picked by index.
CONTENT_MEMBERS = (
    "[Content_Types].xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "xl/workbook.xml",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/_rels/workbook.xml.rels",
)


@dataclass(frozen=True)
class EditMember:
    """Damage one member of a zip archive (by name, or by index when the name is absent)."""

    member: str | int
    edits: tuple[Mutation[bytes], ...]

    def apply(self, data: bytes) -> bytes:
        members = unzip(data)
        name = self._pick(list(members))
        if name is not None:
            members[name] = apply_all(members[name], self.edits)
        return rezip(members)

    def _pick(self, names: list[str]) -> str | None:
        if not names:
            return None
        if isinstance(self.member, int):
            return names[self.member % len(names)]
        return self.member if self.member in names else None


@dataclass(frozen=True)
class DropMember:
    member: str

    def apply(self, data: bytes) -> bytes:
        members = unzip(data)
        members.pop(self.member, None)
        return rezip(members)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


member_mutation: st.SearchStrategy[Mutation[bytes]] = st.one_of(
    st.builds(
        EditMember,
        st.one_of(st.sampled_from(CONTENT_MEMBERS), st.integers(0, 40)),
        st.lists(byte_mutation, min_size=1, max_size=4).map(tuple),
    ),
    st.builds(DropMember, st.sampled_from(CONTENT_MEMBERS)),
)
# Damage inside the archive first (it must still be a zip to be unpacked), then maybe to the
# archive's own bytes.
office_mutations = st.tuples(
    st.lists(member_mutation, min_size=1, max_size=3),
    st.lists(byte_mutation, max_size=2),
).map(lambda pair: [*pair[0], *pair[1]])

# Archives that look like Office files from the outside, with arbitrary content.
office_like_zips = st.dictionaries(
    st.one_of(
        st.sampled_from(CONTENT_MEMBERS),
        st.from_regex(r"[a-z_\[\]]{1,8}(/[a-z_]{1,8}){0,2}\.(xml|rels)", fullmatch=True),
    ),
    st.one_of(st.sampled_from(XML_FRAGMENTS), st.binary(max_size=200)),
    max_size=6,
).map(rezip)


# --- renderings ------------------------------------------------------------------------------


def render(doc: Document, fmt: str) -> bytes:
    """The bytes of ``doc`` written as a .docx or .xlsx file (see ``tests.support.render``)."""
    writer = {"docx": document_to_docx, "xlsx": document_to_xlsx}[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"notice.{fmt}"
        writer(doc, path)
        return path.read_bytes()

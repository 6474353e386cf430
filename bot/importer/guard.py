"""Checks on a .docx/.xlsx package before python-docx or openpyxl open it: bounded work on hostile files.

An Office file is a zip. Its central directory states every member's compressed and
uncompressed size, and ``zipfile`` never inflates a member past the size stated there, so the
directory alone tells how much work opening the file can be. ``check_package`` refuses, with a
``NoticeError`` the catalogs explain in one sentence, a package that

- inflates to more than ``MAX_UNPACKED_BYTES`` in all (``unpacked_too_large``);
- holds a member bigger than ``RATIO_FLOOR_BYTES`` compressed more than ``MAX_RATIO`` : 1
  (``suspicious_compression``) — text XML compresses 5-20 : 1, a zip bomb thousands to one;
- has more than ``MAX_MEMBERS`` members (``too_many_parts``).

Then it streams the parts the reader will walk, without building their trees:

- a workbook's sheets: merged ranges covering more than ``MAX_MERGED_CELLS`` cells in all
  (``merged_too_large``; openpyxl makes an object for every cell a merge covers, so one
  ``A1:XFD1048576`` merge in a 5 KB file costs minutes and gigabytes), or more than ``MAX_CELLS``
  cells written (``too_many_cells``);
- a document's body: tables nested more than ``MAX_TABLE_NESTING`` deep (``nested_too_deep``; the
  XML parser python-docx uses stops at 256 levels and would otherwise call a valid file
  damaged), or more than ``MAX_DOCX_ELEMENTS`` paragraphs and table cells (``too_many_elements``).

A file that is not a zip at all passes untouched: the reader then calls it damaged, as before.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from bot.importer.model import NoticeError

MB = 1024 * 1024
MAX_UNPACKED_BYTES = 50 * MB
MAX_MEMBERS = 2000
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 4 * MB
MAX_MERGED_CELLS = 100_000
MAX_CELLS = 500_000
MAX_TABLE_NESTING = 40
MAX_DOCX_ELEMENTS = 500_000

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_COLS = 16384
_ROWS = 1048576


def check_directory(data: bytes, name: str, fmt: str) -> None:
    """The central directory's part of ``check_package``: sizes, ratios and parts, nothing
    inflated — cheap enough to run before starting a child process to read the file."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # not a zip (zipfile raises more than BadZipFile on odd bytes)
        return  # the reader says the file is damaged
    with package:
        _check_directory(package.infolist(), name, fmt)


def check_package(data: bytes, name: str, fmt: str) -> None:
    """Refuse a .docx/.xlsx whose opening would be unbounded work; see the module docstring."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # not a zip (zipfile raises more than BadZipFile on odd bytes)
        return  # the reader says the file is damaged
    with package:
        infos = package.infolist()
        _check_directory(infos, name, fmt)
        try:
            if fmt == "xlsx":
                _check_workbook(package, name)
            else:
                _check_document(package, name)
        except (NoticeError, MemoryError):
            raise
        except Exception:  # damaged inside (bad XML, bad deflate data, encrypted part …)
            return  # the reader says so


def _check_directory(infos: list[zipfile.ZipInfo], name: str, fmt: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise NoticeError(
            "too_many_parts", "", name=name, fmt=fmt, count=len(infos), max=MAX_MEMBERS
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise NoticeError(
            "unpacked_too_large",
            "",
            name=name,
            fmt=fmt,
            size_mb=_mb(total),
            max_mb=MAX_UNPACKED_BYTES // MB,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise NoticeError(
                "suspicious_compression",
                "",
                name=name,
                fmt=fmt,
                part=info.filename,
                ratio=int(ratio),
                max=MAX_RATIO,
            )


def _mb(size: int) -> float:
    return round(size / MB, 1)


# --- workbooks -------------------------------------------------------------------------------


def _check_workbook(package: zipfile.ZipFile, name: str) -> None:
    titles = _sheet_titles(package)
    cells = 0
    for member in package.namelist():
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            continue
        sheet = titles.get(member, posixpath.basename(member))
        merged = 0
        biggest = ("", 0)
        with package.open(member) as stream:
            for tag, element in _stream(stream, (f"{_S}c", f"{_S}mergeCell")):
                if tag == f"{_S}c":
                    cells += 1
                    if cells > MAX_CELLS:
                        raise NoticeError(
                            "too_many_cells", "", name=name, cells=cells, max=MAX_CELLS
                        )
                    continue
                ref = element.get("ref") or ""
                area = _area(ref)
                merged += area
                if area > biggest[1]:
                    biggest = (ref, area)
        if merged > MAX_MERGED_CELLS:
            raise NoticeError(
                "merged_too_large",
                "",
                name=name,
                sheet=sheet,
                ref=biggest[0],
                cells=merged,
                max=MAX_MERGED_CELLS,
            )


def _sheet_titles(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → the sheet's title as Excel shows it (for the refusal's sentence)."""
    try:
        workbook = etree.fromstring(package.read("xl/workbook.xml"))
        rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, etree.Error, zipfile.BadZipFile, ValueError, OSError, EOFError):
        return {}
    targets = {}
    for rel in rels.iter(_REL):
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(path)
    return {
        targets[sheet.get(_R_ID)]: sheet.get("name") or ""
        for sheet in workbook.iter(f"{_S}sheet")
        if sheet.get(_R_ID) in targets
    }


def _area(ref: str) -> int:
    """How many cells a range such as ``A1:XFD1048576`` covers (1 for a single cell)."""
    first, _, last = ref.partition(":")
    r1, c1 = _position(first)
    r2, c2 = _position(last or first)
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def _position(ref: str) -> tuple[int, int]:
    ref = ref.replace("$", "").upper()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64) if "A" <= ch <= "Z" else col
    row = int(digits) if digits.isdigit() else _ROWS  # "A:A" is a whole column
    return min(max(row, 1), _ROWS), min(max(col, 1), _COLS) if letters else _COLS


# --- documents -------------------------------------------------------------------------------


def _check_document(package: zipfile.ZipFile, name: str) -> None:
    try:
        stream = package.open("word/document.xml")
    except KeyError:
        return  # python-docx finds the main part by its relationship; let it judge
    tbl, counted = f"{_W}tbl", (f"{_W}p", f"{_W}tc")
    depth = deepest = elements = 0
    with stream:
        parser = etree.iterparse(stream, events=("start", "end"), huge_tree=True)
        for event, element in parser:
            if element.tag == tbl:
                if event == "start":
                    depth += 1
                    if depth > MAX_TABLE_NESTING:
                        raise NoticeError(
                            "nested_too_deep", "", name=name, levels=depth, max=MAX_TABLE_NESTING
                        )
                    deepest = max(deepest, depth)
                else:
                    depth -= 1
            if event == "end":
                if element.tag in counted:
                    elements += 1
                    if elements > MAX_DOCX_ELEMENTS:
                        raise NoticeError("too_many_elements", "", name=name, max=MAX_DOCX_ELEMENTS)
                _forget(element)


def _stream(stream: IO[bytes], tags: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """``(tag, element)`` for each element of ``tags``, keeping no tree behind."""
    for _, element in etree.iterparse(stream, events=("end",), huge_tree=True):
        tag = element.tag
        if tag in tags:
            yield tag, element
        _forget(element)


def _forget(element: Any) -> None:
    """Drop a finished element's content and its earlier siblings, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]

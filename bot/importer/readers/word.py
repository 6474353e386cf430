"""Read a notice saved as a Word document (.docx): body paragraphs and tables, in order.

python-docx opens the package; the body is then walked as XML, because python-docx's table API
repeats a merged cell for every grid column and every row it covers, and we need the opposite:
a cell merged across columns is one cell, and a cell merged with the one above comes out EMPTY
(the text export's "empty = merged with above").

Where codes: ``P<n>`` is the n-th body paragraph that has text (empty spacer paragraphs are not
counted, since a reader of the document does not see them); ``T<t>:R<r>`` is row r of body table
t, counting every row of the table.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn

from bot.importer.guard import check_package
from bot.importer.model import Block, Cell, Document, NoticeError, Paragraph, Row
from bot.importer.readers.decoding import text_lines

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR, _HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_TC_PR, _VMERGE, _HMERGE, _VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:hMerge"), qn("w:val")
# Containers whose children belong to the level they sit on (content controls, custom XML).
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
# Inside a paragraph: properties, text boxes (drawn shapes, not body text), fallback copies of
# drawings, and deleted text in tracked changes.
_SKIP_IN_P = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:txbxContent"),
        qn("w:del"),
        qn("w:sdtPr"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_docx(data: bytes, name: str) -> Document:
    """A ``.docx`` notice as paragraphs and table rows, in body order."""
    if data.startswith(_OLE_MAGIC):
        # An old binary .doc renamed, or a password-protected .docx (both are OLE files).
        raise NoticeError("legacy_or_encrypted", "", name=name, fmt="docx")
    check_package(data, name, "docx")  # bounded work: no zip bomb, no sheet-sized merge
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            body = open_docx(io.BytesIO(data)).element.body
            blocks = _read_body(body)
    except (NoticeError, MemoryError):  # a memory limit is not damage
        raise
    except Exception as exc:  # any damage inside the zip or its XML
        raise NoticeError("corrupt_file", "", name=name, fmt="docx") from exc
    return Document(source=name, fmt="docx", blocks=blocks)


def _read_body(body: Any) -> list[Block]:
    blocks: list[Block] = []
    paragraphs = tables = 0
    for element in _children(body, (_P, _TBL)):
        if element.tag == _P:
            lines = text_lines(paragraph_text(element))
            if lines:
                paragraphs += 1
                blocks.extend(Paragraph(text=line, where=f"P{paragraphs}") for line in lines)
        else:
            tables += 1
            blocks.extend(_read_table(element, tables))
    return blocks


def _read_table(tbl: Any, number: int) -> Iterator[Row]:
    for r, tr in enumerate(_children(tbl, (_TR,)), start=1):
        cells = tuple(_read_cell(tc) for tc in _children(tr, (_TC,)) if not _hmerge_continued(tc))
        if cells and not all(cell.empty for cell in cells):
            yield Row(cells=cells, where=f"T{number}:R{r}", table=number)


def _read_cell(tc: Any) -> Cell:
    tc_pr = tc.find(_TC_PR)
    v_merge = tc_pr.find(_VMERGE) if tc_pr is not None else None
    if v_merge is not None and v_merge.get(_VAL) != "restart":
        return Cell((), merged=True)  # continues the cell above
    return Cell(text_lines("\n".join(_cell_texts(tc))))


def _hmerge_continued(tc: Any) -> bool:
    """Old Word files merge across columns with ``w:hMerge`` instead of ``w:gridSpan``."""
    tc_pr = tc.find(_TC_PR)
    h_merge = tc_pr.find(_HMERGE) if tc_pr is not None else None
    return h_merge is not None and h_merge.get(_VAL) != "restart"


def _cell_texts(container: Any) -> Iterator[str]:
    """The text of every paragraph in a cell, nested tables flattened cell by cell."""
    for element in _children(container, (_P, _TBL)):
        if element.tag == _P:
            yield paragraph_text(element)
        else:
            for tr in _children(element, (_TR,)):
                for tc in _children(tr, (_TC,)):
                    yield from _cell_texts(tc)


def _children(parent: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Children of ``parent`` with one of ``tags``, looking through content-control wrappers."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def paragraph_text(p: Any) -> str:
    """A ``w:p``'s visible text (runs, hyperlinks, fields); tabs ``\\t``, line breaks ``\\n``."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_P:
            continue  # comments and processing instructions have non-string tags
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _HYPHEN:
            parts.append("-")
        else:
            _collect(child, parts)

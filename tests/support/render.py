"""Builders that write a ``Document`` back out as .docx, .xlsx or GBK text, for end-to-end tests.

The point is to prove that every format reads to the same rows: a notice read from the text
export, rendered as a Word table or a worksheet with REAL merged cells, must read back cell for
cell. The rendering follows how offices lay such tables out:

- a table is as wide as its widest row; a shorter row is aligned to the RIGHT (the task text
  and the units are always the last two columns) and its first cell spans the columns left
  over; a one-cell row (a section heading) spans the whole width;
- an empty cell under a cell with text (or under a merge) in the same columns is merged with it
  vertically, which is what "empty = merged with above" means in the text export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from openpyxl import Workbook

from bot.importer.model import Document, Paragraph, Row

# Characters GBK cannot encode that Word puts into text exports; the readers read them as spaces.
_NOT_IN_GBK = {cp: " " for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F)}


@dataclass
class Span:
    """One rendered cell: the grid rectangle it covers (0-based, inclusive) and its lines."""

    row: int
    col: int
    last_row: int
    last_col: int
    lines: tuple[str, ...]

    @property
    def merged(self) -> bool:
        return (self.row, self.col) != (self.last_row, self.last_col)


def layout_rows(rows: list[Row]) -> tuple[int, list[Span]]:
    """The table width and the cells of ``rows`` placed on a grid, with their merges."""
    width = max(len(row.cells) for row in rows)
    spans: list[Span] = []
    above: list[Span | None] = [None] * width
    for r, row in enumerate(rows):
        current: list[Span | None] = [None] * width
        for (c0, c1), cell in zip(_placements(len(row.cells), width), row.cells, strict=True):
            over = above[c0]
            if cell.empty and over and over.lines and (over.col, over.last_col) == (c0, c1):
                over.last_row = r
                span = over
            else:
                span = Span(r, c0, r, c1, cell.lines)
                spans.append(span)
            current[c0 : c1 + 1] = [span] * (c1 - c0 + 1)
        above = current
    return width, spans


def _placements(count: int, width: int) -> list[tuple[int, int]]:
    if count == 1:
        return [(0, width - 1)]
    offset = width - count
    return [(0, offset)] + [(offset + k, offset + k) for k in range(1, count)]


def _groups(doc: Document) -> Iterator[Paragraph | list[Row]]:
    """Paragraphs one by one; rows in runs (one run per table)."""
    run: list[Row] = []
    for block in doc.blocks:
        if isinstance(block, Row) and run and block.table != run[-1].table:
            yield run
            run = []
        if isinstance(block, Row):
            if block.cells:
                run.append(block)
            continue
        if run:
            yield run
            run = []
        yield block
    if run:
        yield run


def document_to_docx(doc: Document, path: Path) -> None:
    """Write paragraphs as Word paragraphs and each run of rows as one table with real merges."""
    word = docx.Document()
    for group in _groups(doc):
        if isinstance(group, Paragraph):
            word.add_paragraph(group.text)
            continue
        width, spans = layout_rows(group)
        table = word.add_table(rows=len(group), cols=width)
        table.style = "Table Grid"
        # Cells fetched once: ``table.cell`` rescans the whole table on every call. The spans
        # are disjoint, so merging one never disturbs another's cells.
        grid = [row.cells for row in table.rows]
        for span in spans:
            cell = grid[span.row][span.col]
            if span.merged:
                cell = cell.merge(grid[span.last_row][span.last_col])
            cell.text = span.lines[0] if span.lines else ""
            for line in span.lines[1:]:
                cell.add_paragraph(line)
    word.save(str(path))


def document_to_xlsx(doc: Document, path: Path) -> None:
    """Write one worksheet: paragraphs in column A, each run of rows as a merged-cell table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    top = 1
    for group in _groups(doc):
        if isinstance(group, Paragraph):
            sheet.cell(row=top, column=1, value=group.text)
            top += 1
            continue
        _, spans = layout_rows(group)
        for span in spans:
            row, col = top + span.row, 1 + span.col
            cell = sheet.cell(row=row, column=col, value="\n".join(span.lines) or None)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            if span.merged:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=top + span.last_row,
                    end_column=1 + span.last_col,
                )
        top += len(group)
    workbook.save(str(path))


def text_to_gbk(path_in: Path, path_out: Path) -> None:
    """Re-encode a UTF-8 text file as GBK, as an older Windows machine would save it.

    Typographic spaces GBK has no code for (NBSP, en space ...) are written as plain spaces.
    """
    text = path_in.read_text(encoding="utf-8-sig").translate(_NOT_IN_GBK)
    path_out.write_bytes(text.encode("gbk"))

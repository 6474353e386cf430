"""Read a notice saved as an Excel workbook (.xlsx): every visible sheet's non-empty rows.

Merged ranges follow the text export's conventions: the top-left value stands in its cell; the
cells a merge covers below it come out EMPTY ("merged with the cell above"); the cells it covers
to its right are dropped, so a heading merged across the table is one cell. Blank cells are
kept as empty cells and every row spans the sheet's used columns (columns with nothing in them
at the left and right edges are trimmed), so a short row still lines up with the header.
Single-cell rows above and below the table (title, date, notes) are paragraphs (see ``grid``).
Where codes are ``<sheet>!<row>``.
"""

from __future__ import annotations

import io
import math
import warnings
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook

from bot.importer.guard import check_package
from bot.importer.model import Block, Cell, Document, NoticeError, ParseWarning, Row
from bot.importer.readers.decoding import text_lines
from bot.importer.readers.grid import loose_lines_as_paragraphs

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_BELOW, _RIGHT = "below", "right"
# Sheets of filling-in notes (the template's 填写说明): instructions, not part of the notice.
INSTRUCTION_SHEETS = frozenset({"填写说明"})


def read_xlsx(data: bytes, name: str) -> Document:
    """A ``.xlsx`` notice as table rows, sheet after sheet; hidden sheets are skipped."""
    if data.startswith(_OLE_MAGIC):
        # An old binary .xls renamed, or a password-protected .xlsx (both are OLE files).
        raise NoticeError("legacy_or_encrypted", "", name=name, fmt="xlsx")
    check_package(data, name, "xlsx")  # bounded work: no zip bomb, no sheet-sized merge
    blocks: list[Block] = []
    notes: list[ParseWarning] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
            for index, sheet in enumerate(workbook.worksheets, start=1):
                if sheet.sheet_state != "visible":
                    notes.append(ParseWarning("hidden_sheet_skipped", "", {"sheet": sheet.title}))
                    continue
                if sheet.title.strip() in INSTRUCTION_SHEETS:
                    continue
                blocks.extend(_read_sheet(sheet, index))
    except (NoticeError, MemoryError):  # a memory limit is not damage
        raise
    except Exception as exc:  # any damage inside the zip or its XML
        raise NoticeError("corrupt_file", "", name=name, fmt="xlsx") from exc
    return Document(source=name, fmt="xlsx", blocks=blocks, warnings=notes)


def _read_sheet(sheet: Any, index: int) -> list[Block]:
    # ``_cells`` holds only the cells the file defines; walking ``max_row`` x ``max_column``
    # instead would create every cell of a sheet that has formatting out at XFD1048576.
    values: dict[tuple[int, int], tuple[str, ...]] = {}
    for (r, c), cell in sheet._cells.items():
        if cell.value is not None:
            lines = text_lines(cell_text(cell.value, cell.number_format or ""))
            if lines:
                values[(r, c)] = lines
    if not values:
        return []
    covered = _covered(sheet, max(r for r, _ in values), max(c for _, c in values))
    below = [key for key, how in covered.items() if how == _BELOW]
    first_col = min(c for _, c in values)
    last_col = max(c for _, c in [*values, *below])
    rows: list[Row] = []
    for r in sorted({r for r, _ in [*values, *below]}):
        cells: list[Cell] = []
        for c in range(first_col, last_col + 1):
            how = covered.get((r, c))
            if how == _RIGHT:
                continue
            cells.append(Cell((), merged=True) if how == _BELOW else Cell(values.get((r, c), ())))
        if any(not cell.empty for cell in cells):
            rows.append(Row(cells=tuple(cells), where=f"{sheet.title}!{r}", table=index))
    return loose_lines_as_paragraphs(rows)


def _covered(sheet: Any, last_row: int, last_col: int) -> dict[tuple[int, int], str]:
    """Grid positions hidden by a merge: below its top-left cell, or to the right of it.

    Only positions up to the last row and column holding a value count: a merge reaching far
    past the data (a whole column merged) must not be walked cell by cell.
    """
    covered: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        for r in range(merged.min_row, min(merged.max_row, last_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, last_col) + 1):
                if (r, c) != (merged.min_row, merged.min_col):
                    covered[(r, c)] = _BELOW if c == merged.min_col else _RIGHT
    return covered


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell value as a person reads it: ``3.0`` → ``"3"``, ``0.06`` as a percentage → ``"6%"``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if "%" in number_format:
            return f"{value * 100:.12g}%"
        if value.is_integer():
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    # Excel escapes a carriage return inside a string as _x000D_.
    return str(value).replace("_x000D_", "")

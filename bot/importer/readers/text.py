"""Read a notice saved as plain text (Word's "Plain Text" export, or typed by hand).

The export writes a table cell as a line that starts with a TAB; further lines of the same cell
(more units) have no TAB; a blank line ends the row. A TAB alone is an empty cell, which the
notice means as "merged with the cell above". A TAB inside a table line starts another cell.
Every other non-blank line (outside a row) is a paragraph. Runs of rows not interrupted by a
paragraph form one table. Where codes are ``L<n>``, the 1-based line number in the file.

Two other kinds of table reach the importer as text and are read into rows first: tables drawn
with box characters (``bot.importer.readers.boxtable``) and tables copied from a web page, one
cell per paragraph under a header run, or TAB-separated lines from a browser
(``bot.importer.readers.webtable``), and tables laid out with spaces
(``bot.importer.readers.spacetable``). Each is a table of
its own (its ``Row.table`` index differs from the tables around it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.importer.model import Block, Cell, Document, Paragraph, Row
from bot.importer.readers.boxtable import box_table_at, read_box_table
from bot.importer.readers.decoding import clean_text, decode_text
from bot.importer.readers.spacetable import space_table_at
from bot.importer.readers.webtable import tab_table_at, web_table_at


@dataclass
class _OpenRow:
    where: str
    cells: list[list[str]] = field(default_factory=list)

    def add_line(self, segments: list[str], *, new_cell: bool) -> None:
        """Add one line: its first segment starts a cell or continues the last; TABs start cells."""
        first, *rest = segments
        if new_cell or not self.cells:
            self.cells.append([])
        self.cells[-1].append(first)
        for segment in rest:
            self.cells.append([segment])

    def to_row(self, table: int) -> Row | None:
        # In the text export a cell with no text (a lone TAB) is a cell merged with the one above.
        cells = tuple(
            Cell(kept, merged=not kept)
            for kept in (tuple(line for line in lines if line) for lines in self.cells)
        )
        if all(cell.empty for cell in cells):
            return None
        return Row(cells=cells, where=self.where, table=table)


def read_text(data: bytes, name: str) -> Document:
    """A ``.txt`` notice as paragraphs and table rows, in file order."""
    decoded = decode_text(data, name, "txt")
    blocks = parse_text(decoded.text)
    return Document(
        source=name,
        fmt="txt",
        blocks=blocks,
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )


def parse_text(text: str) -> list[Block]:
    """Split decoded text (``\\n`` line breaks) into paragraphs and rows."""
    blocks: list[Block] = []
    table = 0
    open_row: _OpenRow | None = None
    last_was_row = False

    def close_row() -> None:
        nonlocal open_row, table, last_was_row
        if open_row is None:
            return
        row = open_row.to_row(table if last_was_row else table + 1)
        open_row = None
        if row is not None:
            table = row.table
            blocks.append(row)
            last_was_row = True

    lines = [clean_text(raw) for raw in text.split("\n")]
    i = 0
    while i < len(lines):
        line = lines[i]
        number = i + 1
        drawn = _drawn_table(lines, i) if open_row is None else None
        if drawn is not None:
            close_row()
            end, rows = drawn
            if rows is None:  # drawn like a table but not one to read: its lines are text
                blocks.extend(
                    Paragraph(text=lines[k].strip(), where=f"L{k + 1}") for k in range(i, end)
                )
            else:
                table += 1
                blocks.extend(Row(cells=r.cells, where=r.where, table=table) for r in rows)
            last_was_row = False
            i = end
            continue
        i += 1
        if not line.strip() and "\t" not in line:  # a TAB alone is an empty cell, not a blank
            close_row()
            continue
        starts_cell = line.lstrip(" ").startswith("\t")
        segments = [segment.strip() for segment in line.lstrip(" ").split("\t")]
        if starts_cell:
            segments = segments[1:]
        if open_row is None and not starts_cell:
            blocks.append(Paragraph(text=line.strip(), where=f"L{number}"))
            last_was_row = False
            continue
        if open_row is None:
            open_row = _OpenRow(where=f"L{number}")
        open_row.add_line(segments, new_cell=starts_cell)
    close_row()
    return blocks


def _drawn_table(lines: list[str], i: int) -> tuple[int, list[Row] | None] | None:
    """A box-drawn or web-page table starting at line ``i``: the line after it and its rows
    (``None`` for a box drawing that is not a readable table, such as one of absurd width)."""
    line = lines[i]
    if not line.strip() or line.lstrip(" ").startswith("\t"):
        return None
    if "\t" in line:
        return tab_table_at(lines, i)
    end = box_table_at(lines, i)
    if end > i:
        return end, read_box_table(lines[i:end], i + 1) or None
    return space_table_at(lines, i) or web_table_at(lines, i)

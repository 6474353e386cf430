"""Grid files (worksheets, CSV): lines written above or below the table are paragraphs.

A worksheet or CSV has only rows, but offices put the covering notice (title, issuer, date,
contact) in single cells above the table and notes below it. Rows before the first and after
the last row with two or more filled cells are therefore read as paragraphs, one per line, just
as the text and Word readers give them; single-cell rows inside the table (section headings)
stay rows.
"""

from __future__ import annotations

from bot.importer.model import Block, Paragraph, Row


def loose_lines_as_paragraphs(rows: list[Row]) -> list[Block]:
    """``rows`` of one sheet or file, with the one-cell rows outside its table as paragraphs."""
    in_table = [i for i, row in enumerate(rows) if sum(not c.empty for c in row.cells) >= 2]
    first, last = (in_table[0], in_table[-1]) if in_table else (len(rows), -1)
    blocks: list[Block] = []
    for i, row in enumerate(rows):
        if first <= i <= last:
            blocks.append(row)
        else:
            lines = [line for cell in row.cells for line in cell.lines]
            blocks.extend(Paragraph(text=line, where=row.where) for line in lines)
    return blocks

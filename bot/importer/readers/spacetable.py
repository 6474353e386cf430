"""Tables laid out with spaces (copied from a PDF, or typed): columns found by their positions.

A header line whose words, separated by spaces, are all header words (序号 工作任务 牵头单位
配合单位, one of them a unit column) gives the columns and where each starts on the line, in
display columns (a Chinese character is two wide). Every line after it is cut at runs of two or
more spaces (or a full-width space), and each piece goes to the column it starts under. A row
starts at a line whose 序号 column holds a number; the lines below it until the next one are
its cells' wrapped lines. The table ends at a blank line followed by a line that starts no row,
or at a line that starts at the left edge with text where no column is.
"""

from __future__ import annotations

import re
import unicodedata

from bot.importer.headers import UNIT_ROLES, header_role, header_roles
from bot.importer.layout import BARE_NUMBER
from bot.importer.model import Cell, Row
from bot.importer.readers.boxtable import cell_lines

MAX_COLUMNS = 16
_PIECE = re.compile(r"\S+(?: \S+)*")  # pieces of a line: text with single spaces inside
_STOP = re.compile(r"^\s*(?:附件|联系人|联系电话|抄送|注\s*[:：]|备注\s*[:：])")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pieces(line: str) -> list[tuple[int, str]]:
    """``(display column, text)`` of each piece of ``line``, cut at two spaces or more."""
    line = line.replace("\u3000", "  ").rstrip()
    out = []
    for m in _PIECE.finditer(line):
        out.append((_width(line[: m.start()]), m.group(0)))
    return out


def space_table_at(lines: list[str], i: int) -> tuple[int, list[Row]] | None:
    """When line ``i`` is the header of a space-aligned table: the line after the table and
    its rows (the header first); else ``None``."""
    line = lines[i]
    if "\t" in line or not ("序号" in line or "编号" in line):  # the header has a 序号 column
        return None
    words = [(col, w) for col, piece in _pieces(line) for col, w in _words(col, piece)]
    if not 3 <= len(words) <= MAX_COLUMNS:
        return None
    roles = [header_role(w) for _, w in words]
    if "unknown" in roles or not any(r in UNIT_ROLES for r in roles) or "seq" not in roles:
        return None
    header = Row(cells=tuple(Cell((w,)) for _, w in words), where=f"L{i + 1}")
    if header_roles(header) is None or _one_cell_per_line(lines, i + 1):
        return None
    # a column runs from the end of the header word before it: headers are often centred
    bounds = [0, *(col + _width(w) for col, w in words[:-1])]
    seq = roles.index("seq")
    rows: list[Row] = [header]
    current: list[list[str]] | None = None
    where = ""
    end = i + 1
    blank = False

    def flush() -> None:
        if current is not None:
            cells = tuple(Cell(cell_lines(c, roles[j])) for j, c in enumerate(current))
            rows.append(Row(cells=cells, where=where))

    while end < len(lines):
        text = lines[end]
        if not text.strip():
            blank = True
            end += 1
            continue
        pieces = _pieces(text)
        placed = [(_column(bounds, col), piece) for col, piece in pieces]
        starts_row = any(j == seq and BARE_NUMBER.match(p) for j, p in placed)
        if _STOP.match(text) or "\t" in text or (blank and not starts_row):
            break
        if not starts_row and (current is None or any(j == seq for j, _ in placed)):
            break  # text where a 序号 would be: the table has ended
        if starts_row:
            flush()
            current = [[] for _ in roles]
            where = f"L{end + 1}"
        assert current is not None
        for j, piece in placed:
            current[j].append(piece)
        blank = False
        end += 1
    flush()
    if len(rows) < 2:
        return None
    while end > i + 1 and not lines[end - 1].strip():  # blank lines after it are not its
        end -= 1
    return end, rows


def _one_cell_per_line(lines: list[str], p: int) -> bool:
    """Cells one per line or paragraph under the header (a web table): a lone number, then a
    line of one piece — not columns side by side."""
    found = [line for line in lines[p : p + 6] if line.strip()][:2]
    return (
        len(found) == 2
        and bool(BARE_NUMBER.match(found[0].strip()))
        and len(_pieces(found[1])) == 1
    )


def _words(col: int, piece: str) -> list[tuple[int, str]]:
    """A header piece cut at single spaces too (序号 工作任务 牵头单位), with their columns."""
    out = []
    offset = 0
    for word in piece.split(" "):
        if word:
            out.append((col + offset, word))
        offset += _width(word) + 1
    return out


def _column(bounds: list[int], col: int) -> int:
    """The column a piece starting at display column ``col`` is under."""
    j = 0
    for k, bound in enumerate(bounds):
        if bound <= col:
            j = k
    return j

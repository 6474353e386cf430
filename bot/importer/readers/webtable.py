"""Tables copied from a web page as text: one cell per paragraph (or per line), rows unmarked.

A table published as HTML and saved or pasted as text loses its rows: each cell becomes a
paragraph (cells separated by blank lines; a cell of several lines keeps its line breaks), or,
pasted without paragraph spacing, a line. Such a table is found by its header run — three or
more consecutive cells that are all header words (序号 / 工作任务 / 牵头单位 / 配合单位 …, at
least one of them a unit column) — which also gives the column count. The cells after it are
grouped into rows of that many cells:

- a new row starts at a bare number (the 序号 column) that follows the last one, or at 1, so a
  row that lost a cell (empty cells are often dropped) does not shift the rows after it;
- a row with too few cells gives each cell to the first column whose kind it fits (a unit name
  to a unit column, ``6月底前`` to 完成时限, a person's name to 分管领导), the others stay blank;
  an extra blank paragraph (three blank lines) is an empty cell;
- a row with too many cells had a cell split into several paragraphs: the task text, or the
  last unit column when the extra paragraphs are unit names;
- a cell that is a heading alone (一、城市更新) is a section row of one cell;
- the table ends at a cell that cannot continue it: 附件…, 联系人…, another header, a text line
  where a 序号 was due, a TAB-table line or a box-drawn table.

A table copied from a browser as TAB-separated lines (``序号<TAB>工作任务<TAB>牵头单位``, the
first cell not empty, unlike the TAB export of Word) is read line by line after such a header;
an empty 牵头单位 or 责任单位 cell there is taken as merged with the one above (a row span:
a task always has a lead), any other empty cell as blank; a web table's row missing such a
cell likewise.

All of this is one pass over the lines (each cell is read once; a header is looked for only at
short lines that are header words), so the work is linear in the size of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.importer.headers import UNIT_ROLES, header_role, header_roles
from bot.importer.layout import BARE_NUMBER, CN_NUMERAL, H1, H2, N3, N4
from bot.importer.model import Cell, Row
from bot.importer.readers.boxtable import is_box_line
from bot.importer.units import looks_like_unit, split_names

MAX_HEADER = 16  # header cells read at most
MIN_HEADER = 3
_STOP = re.compile(
    r"^\s*(?:附件|附表|联系人|联系电话|联 系 人|抄送|抄报|注\s*[:：]|备注\s*[:：]|说明\s*[:：])"
)
_TIME = re.compile(r"[年月日季旬周]|底|前|内|长期|持续|常态|每|即时|随时")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,5}(?:[、，,\s]+[\u4e00-\u9fff·]{2,5})*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


@dataclass(frozen=True)
class _Cell:
    lines: tuple[str, ...]
    start: int  # index of its first line
    end: int  # index after its last line
    blanks: int  # blank lines just before it

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _cell_at(lines: list[str], p: int, by_line: bool) -> _Cell | None:
    """The next cell at or after line ``p``: a run of non-blank lines, or one line; ``None`` at
    the end of the text or where a TAB table or a box table begins."""
    blanks = 0
    while p < len(lines) and not lines[p].strip():
        blanks += 1
        p += 1
    if p >= len(lines) or _foreign(lines[p]):
        return None
    end = p + 1
    if not by_line:
        while end < len(lines) and lines[end].strip() and not _foreign(lines[end]):
            end += 1
    return _Cell(tuple(line.strip() for line in lines[p:end]), p, end, blanks)


def _foreign(line: str) -> bool:
    return line.lstrip(" ").startswith("\t") or is_box_line(line)


def _header_at(lines: list[str], i: int) -> tuple[list[str], list[str], int, bool, int] | None:
    """``(words, roles, end, by_line, separator)`` when a header run starts at line ``i``."""
    if _foreign(lines[i]):
        return None
    if not _header_word(lines[i]):
        return _header_line(lines, i)
    by_line = i + 1 < len(lines) and bool(lines[i + 1].strip()) and not _foreign(lines[i + 1])
    cells: list[_Cell] = []
    p = i
    unknown = False  # one column title that is no header word (实施步骤) may stand between
    while len(cells) < MAX_HEADER:
        cell = _cell_at(lines, p, by_line)
        if cell is None or len(cell.lines) != 1:
            break
        if not _header_word(cell.text):
            after = _cell_at(lines, cell.end, by_line)
            if unknown or not _title_word(cell.text) or after is None:
                break
            if len(after.lines) != 1 or not _header_word(after.text):
                break
            unknown = True
        cells.append(cell)
        p = cell.end
    if len(cells) < MIN_HEADER and not _two_column_header(lines, cells, by_line):
        return None
    separator = min((c.blanks for c in cells[1:]), default=1)
    words = _ungrouped([c.text for c in cells])
    roles = header_roles(Row(cells=tuple(Cell((w,)) for w in words), where=""))
    if roles is None or not any(r in UNIT_ROLES for r in roles):
        return None
    return words, roles, p, by_line, separator


def _header_line(lines: list[str], i: int) -> tuple[list[str], list[str], int, bool, int] | None:
    """The header written on one line, its words apart (序号 工作任务 牵头单位 配合单位), over
    cells one per paragraph or line."""
    words = lines[i].replace("\u3000", " ").split()
    if not MIN_HEADER <= len(words) <= MAX_HEADER or not all(_header_word(w) for w in words):
        return None
    roles = header_roles(Row(cells=tuple(Cell((w,)) for w in words), where=""))
    if roles is None or not any(r in UNIT_ROLES for r in roles):
        return None
    end = i + 1
    by_line = end < len(lines) and bool(lines[end].strip())
    return _ungrouped(words), roles, end, by_line, 1


def _two_column_header(lines: list[str], cells: list[_Cell], by_line: bool) -> bool:
    """工作任务 | 责任单位 alone is a header only when a numbered task (1.修路) comes next."""
    if len(cells) != 2:
        return False
    roles = [header_role(c.text) for c in cells]
    after = _cell_at(lines, cells[-1].end, by_line)
    m = (N3.match(after.text) or N4.match(after.text)) if after is not None else None
    return roles[0] == "task" and roles[1] in UNIT_ROLES and m is not None and bool(m.group("rest"))


def _ungrouped(words: list[str]) -> list[str]:
    """A two-level header flattened: 序号 工作任务 责任单位 完成时限 牵头单位 配合单位 (责任单位
    over the last two) → 序号 工作任务 牵头单位 配合单位 完成时限."""
    roles = [header_role(w) for w in words]
    q = len(roles)
    while q > 0 and roles[q - 1] in ("lead", "support"):
        q -= 1
    tail = roles[q:]
    group = next((k for k in range(q - 1, -1, -1) if roles[k] == "responsible"), None)
    if len(tail) < 2 or "lead" not in tail or group is None:
        return words
    return [*words[:group], *words[q:], *words[group + 1 : q]]


def _header_word(text: str) -> bool:
    """A header cell: a header word, not a title line (2026年重点任务清单) that holds one."""
    text = text.strip()
    return (
        header_role(text) != "unknown"
        and not any(c.isdigit() for c in text)
        and not text.endswith(("表", "清单", "计划", "方案", "通知"))
    )


def _title_word(text: str) -> bool:
    """A short column title that is no header word: a few Chinese characters."""
    return 2 <= len(text) <= 6 and all("\u4e00" <= c <= "\u9fff" for c in text)


def web_table_at(lines: list[str], i: int) -> tuple[int, list[Row]] | None:
    """When a web-page table's header starts at line ``i``: the line after the table and its
    rows (the header first); else ``None``."""
    found = _header_at(lines, i)
    if found is None:
        return None
    words, roles, p, by_line, separator = found
    header = Row(cells=tuple(Cell((w,)) for w in words), where=f"L{i + 1}")
    reader = _Grouper(roles, separator if not by_line else 0, by_line)
    while (cell := _cell_at(lines, p, by_line)) is not None:
        if not reader.take(cell, lines):
            break
        p = cell.end
    reader.flush()
    return p, [header, *reader.rows]


class _Grouper:
    """Groups cells into rows of the header's width."""

    def __init__(self, roles: list[str], separator: int, by_line: bool) -> None:
        self.roles = roles
        self.by_line = by_line
        self.width = len(roles)
        # the 序号 column, when only category columns (领域, written once for several rows,
        # so read as a category row of its own) stand before it
        seq = roles.index("seq") if "seq" in roles else None
        leading = roles[:seq] if seq is not None else []
        self.seq = seq if all(r in ("category", "unknown") for r in leading) else None
        # no 序号 column but the task column first: its text starts with the number (1.修路)
        self.numbered_task = seq is None and roles[0] == "task"
        self.separator = separator  # blank lines between two cells; 0 when one cell per line
        self.row: list[_Cell | None] = []
        self.rows: list[Row] = []
        self.last_number = 0
        self.task_rows = 0  # task rows given so far (a missing lead or time limit spans from one)

    def take(self, cell: _Cell, lines: list[str]) -> bool:
        """Add ``cell`` to the table; ``False`` when it does not belong to it (the table ends)."""
        text = cell.text.translate(_FULLWIDTH)
        if _STOP.match(text):
            return False
        if _header_word(text) and _header_at(lines, cell.start) is not None:
            return False
        if len(cell.lines) == 1 and (H1.match(text) or H2.match(text)) and len(text) <= 40:
            self.flush()
            self.rows.append(Row(cells=(Cell((text,)),), where=f"L{cell.start + 1}"))
            return True
        if self.seq is not None or self.numbered_task:
            return self._take_numbered(cell, text, lines)
        self._add(cell)
        if len(self.row) >= self.width:
            self.flush()
        return True

    def _take_numbered(self, cell: _Cell, text: str, lines: list[str]) -> bool:
        number = self._number(text)
        complete = bool(self.row) and len(self.row) >= self.width - self._offset(
            list(self.row[0].lines) if self.row[0] is not None else []
        )
        if number is not None and (not self.row or number in (self.last_number + 1, 1) or complete):
            self.flush()
            self.row = [cell]
            self.last_number = number
            return True
        if CN_NUMERAL.match(text) and (not self.row or complete):  # 一 | 城市更新: a section row
            self.flush()
            self.row = [cell]
            return True
        if not self.row or complete:
            if complete and self.roles[-1] in UNIT_ROLES and _all_units(text):
                self.row.append(cell)  # a unit cell written as several paragraphs
                return True
            if len(cell.lines) == 1 and len(text) <= 30 and self._number_follows(cell, lines):
                self.flush()  # a category row across the table (产业发展类)
                self.rows.append(Row(cells=(Cell((text,)),), where=f"L{cell.start + 1}"))
                return True
            return False  # a 序号 was due: this line is not the table's
        self._add(cell)
        return True

    def _number(self, text: str) -> int | None:
        """The task number a row starts with: a bare 序号, or the task text's own number."""
        if self.numbered_task:
            m = N3.match(text) or N4.match(text)
            return int(m.group("num")) if m and m.group("rest").strip() else None
        return int(text.strip(" 、.")) if BARE_NUMBER.match(text) else None

    def _number_follows(self, cell: _Cell, lines: list[str]) -> bool:
        after = _cell_at(lines, cell.end, self.by_line)
        number = self._number(after.text.translate(_FULLWIDTH)) if after is not None else None
        return number in (self.last_number + 1, 1)

    def _add(self, cell: _Cell) -> None:
        if self.row and self.separator and cell.blanks > self.separator:
            empty = (cell.blanks - self.separator) // (self.separator + 1)
            self.row.extend([None] * min(empty, max(self.width - 1 - len(self.row), 0)))
        self.row.append(cell)

    def flush(self) -> None:
        if not self.row:
            return
        cells = self.row
        self.row = []
        first = next(c for c in cells if c is not None)
        fitted = self._fit(cells)
        task_row = self.task_rows > 0 and not CN_NUMERAL.match("".join(fitted[0]))
        row = tuple(
            Cell((), merged=True)
            if task_row and not lines and role in _CARRIED
            else _cell_of(lines, role)
            for lines, role in zip(fitted, self.roles, strict=True)
        )
        self.rows.append(Row(cells=row, where=f"L{first.start + 1}"))
        self.task_rows += not CN_NUMERAL.match("".join(fitted[0]))

    def _fit(self, cells: list[_Cell | None]) -> list[list[str]]:
        """Exactly one list of lines per column."""
        got = [list(c.lines) if c is not None else [] for c in cells]
        n = self.width
        if got and CN_NUMERAL.match("".join(got[0])):  # a section row: 一 | its title
            got = got + [[]] * (n - len(got))
            return [*got[: n - 1], [line for c in got[n - 1 :] for line in c]]
        offset = self._offset(got[0])  # the category cells before 序号 were a row of their own
        return [[] for _ in range(offset)] + _fit_to(got, self.roles[offset:])

    def _offset(self, first: list[str]) -> int:
        return self.seq if self.seq and BARE_NUMBER.match("".join(first)) else 0


def _fit_to(got: list[list[str]], roles: list[str]) -> list[list[str]]:
    """The cells of one row given out to columns of ``roles``, one list of lines each: extra
    cells are a cell split into paragraphs, missing ones leave the columns they do not fit."""
    n = len(roles)
    if len(got) > n:
        extra = len(got) - n
        task = roles.index("task") if "task" in roles else min(1, n - 1)
        units_follow = task + 1 < len(got) and _all_units("".join(got[task + 1]))
        if roles[-1] in UNIT_ROLES and units_follow:
            return [*got[: n - 1], [line for c in got[n - 1 :] for line in c]]
        merged = ["".join(line for c in got[task : task + extra + 1] for line in c)]
        return [*got[:task], merged, *got[task + extra + 1 :]]
    out: list[list[str]] = [[] for _ in range(n)]
    col = 0
    for k, lines in enumerate(got):
        left = len(got) - k - 1  # cells still to place after this one
        place = col
        text = "".join(lines)
        if text and not _fits(roles[col], text):
            place = next((q for q in range(col + 1, n - left) if _fits(roles[q], text)), col)
        out[place] = lines
        col = place + 1
    return out


def _cell_of(lines: list[str], role: str) -> Cell:
    if role in (*UNIT_ROLES, "unknown"):
        return Cell(tuple(lines))
    text = "".join(lines)
    return Cell((text,) if text else ())


def _all_units(text: str) -> bool:
    """Whether ``text`` is a list of unit names (not a sentence that mentions 各单位)."""
    if any(c in text for c in "。；;：:！？"):
        return False
    names = split_names(text)
    return bool(names) and all(looks_like_unit(n.removesuffix("等")) for n in names)


def _fits(role: str, text: str) -> bool:
    """Whether ``text`` can be a cell of a column of ``role``."""
    if role == "seq":
        return bool(BARE_NUMBER.match(text))
    if role in UNIT_ROLES:
        return _all_units(text)
    if role == "due":
        return len(text) <= 30 and bool(_TIME.search(text)) and not _all_units(text)
    if role == "leader":
        return bool(_PERSON.match(text)) and not _all_units(text)
    return True


def tab_table_at(lines: list[str], i: int) -> tuple[int, list[Row]] | None:
    """When a browser-copied TAB-separated table's header is line ``i``: the line after the
    table and its rows (the header first); else ``None``."""
    line = lines[i]
    if "\t" not in line or line.lstrip(" ").startswith("\t"):
        return None
    head = [seg.strip() for seg in line.split("\t")]
    if len(head) > MAX_HEADER or not all(head):
        return None
    roles = header_roles(Row(cells=tuple(Cell((seg,)) for seg in head), where=""))
    if roles is None or not any(r in UNIT_ROLES for r in roles):
        return None
    rows = [Row(cells=tuple(Cell((seg,)) for seg in head), where=f"L{i + 1}")]
    end = i + 1
    while end < len(lines) and "\t" in lines[end]:
        segments = [seg.strip() for seg in lines[end].split("\t")]
        cells = tuple(
            Cell((seg,)) if seg else Cell((), merged=k < len(roles) and roles[k] in _CARRIED)
            for k, seg in enumerate(segments)
        )
        if any(seg for seg in segments):
            rows.append(Row(cells=cells, where=f"L{end + 1}"))
        end += 1
    return (end, rows) if len(rows) > 1 else None


# Columns whose missing or empty cell is taken as one spanning from the row above (a web page
# writes a row-spanning cell once): a task always has a lead unit. An empty 配合单位, 完成时限
# or 分管领导 is just empty (a task may have none).
_CARRIED = ("lead", "responsible")

"""Box-drawing text tables (┌─┬─┐ │ ├─┼─┤ └─┴─┘, ╔═╦═╗ ║, and ASCII +---+ |) as table rows.

Such a table is drawn for a fixed-width screen: a cell's text wraps across the lines between two
rules, often in the middle of a word, and a cell merged over several rows is one whose rule is
missing (blank, or crossed by its text) on the lines between them. This module finds the tables
in a list of text lines and gives their rows as ``Row``s:

- the lines of a cell are joined without spaces (Chinese and numbers wrap mid-word), except
  between two ASCII letters, and kept apart in a unit column where a line ends with a whole
  unit name and the next starts another (one unit per line);
- a cell that spans several rows gives its whole text to the first row and is ``merged`` in the
  others, as a Word table's vertical merge is;
- a row drawn across all columns (一、产业发展) is a row of one cell;
- between two rules, a new row starts on every line whose 序号 cell is filled when the table
  draws no rule between its body rows (Markdown tables, tables ruled only under the header).

The work is linear in the size of the table; a table wider than ``MAX_COLUMNS`` is not read as
one (its lines stay paragraphs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.importer.headers import UNIT_ROLES, header_roles, sub_header_roles
from bot.importer.model import Cell, Row
from bot.importer.units import looks_like_unit, split_names

MAX_COLUMNS = 40
_VERTICAL = "│┃║|"
_JUNCTION = "┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫┏┓┗┛┣┫┳┻╋+"
_RULE = set("─━═-=:")
_BOX_START = tuple("┌┏╔╒╓")
_BORDER = re.compile(rf"[{re.escape(_VERTICAL + _JUNCTION)}]")
_CELLS = re.compile(rf"[{re.escape(_VERTICAL)}]")
_ASCII_RULE = re.compile(r"^[+|](?:\s*:?[-=]{2,}:?\s*[+|])+$")
_NAME_START = ("区", "市", "县", "镇", "乡", "省", "各", "州", "盟", "旗")


def is_box_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and (s[0] in _VERTICAL or s[0] in _JUNCTION)


def box_table_at(lines: list[str], i: int) -> int:
    """The end (exclusive) of a box table starting at line ``i``, or ``i`` when none starts there."""
    s = lines[i].strip()
    starts = s.startswith(_BOX_START) or _ASCII_RULE.match(s) is not None
    if not starts and s[:1] in _VERTICAL and i + 1 < len(lines):  # a Markdown-style header line
        starts = _is_rule(lines[i + 1])
    if not starts:
        return i
    end = i + 1
    while end < len(lines) and is_box_line(lines[end]):
        end += 1
    return end if end - i >= 3 else i


def _is_rule(line: str) -> bool:
    segments = _segments(line.strip(), _BORDER)
    return bool(segments) and any(_rule_segment(seg) for seg in segments)


def _segments(s: str, splitter: re.Pattern[str]) -> list[str]:
    """The text between the border characters of one line (without the outer borders)."""
    parts = splitter.split(s)
    if parts and not parts[0].strip() and s[:1] and splitter.match(s[:1]):
        parts = parts[1:]
    if parts and not parts[-1].strip() and s[-1:] and splitter.match(s[-1:]):
        parts = parts[:-1]
    return parts


def _rule_segment(seg: str) -> bool:
    return bool(seg) and all(c in _RULE for c in seg)


@dataclass
class _DrawnRow:
    where: str
    width: int  # number of cells drawn on its lines
    raw: list[list[str]] = field(default_factory=list)  # its lines, each cut into ``width`` cells
    continues: list[bool] = field(default_factory=list)  # per column: merged with the row above
    numbers: list[int] = field(default_factory=list)  # the file's line number of each raw line

    @property
    def lines(self) -> list[list[str]]:
        """Per column, the cell's text lines."""
        return [[line[j] for line in self.raw if line[j]] for j in range(self.width)]


def read_box_table(lines: list[str], first_line: int) -> list[Row] | None:
    """The rows of the box table drawn on ``lines`` (the first is line ``first_line``, 1-based);
    ``None`` when it is not a table the importer can read (one column, or absurdly wide)."""
    widths = Counter(len(_segments(s.strip(), _CELLS)) for s in lines if not _is_rule(s))
    if not widths:
        return None
    width = widths.most_common(1)[0][0]  # the body's column count (a header may be grouped)
    if width < 2 or width > MAX_COLUMNS:
        return None
    drawn = _drawn_rows(lines, first_line, width)
    roles = _header_roles(drawn, width)
    seq = roles.index("seq") if roles and "seq" in roles else None
    drawn = [drawn[0], *(part for row in drawn[1:] for part in _split_on_seq(row, seq))]
    return _resolve(drawn, roles or ["unknown"] * width)


def _header_roles(drawn: list[_DrawnRow], width: int) -> list[str] | None:
    """The roles of the first row as wide as the table, completed by the row above it when
    that is the first level of a two-level header (责任单位 over 牵头单位 | 配合单位)."""
    for k, row in enumerate(drawn[:3]):
        if row.width == width:
            roles = header_roles(_plain(row))
            if roles is None and k > 0:
                roles = sub_header_roles(header_roles(_plain(drawn[k - 1])), _plain(row))
            return roles
    return None


def _plain(row: _DrawnRow) -> Row:
    return Row(cells=tuple(Cell((_join(c),)) if c else Cell(()) for c in row.lines), where="")


def _drawn_rows(lines: list[str], first_line: int, width: int) -> list[_DrawnRow]:
    """The rows between rules; a rule whose segment under a column is not drawn (blank, or
    crossed by text) leaves that column's cell open into the next row."""
    rows: list[_DrawnRow] = []
    current: _DrawnRow | None = None
    continues = [False] * width
    for offset, raw in enumerate(lines):
        s = raw.strip()
        border = _segments(s, _BORDER)
        if any(_rule_segment(seg) for seg in border):
            spans = len(border) == width and current is not None and current.width == width
            continues = [not _rule_segment(seg) for seg in border] if spans else [False] * width
            if current is not None and spans and any(continues):
                crossing = [seg.strip() if continues[j] else "" for j, seg in enumerate(border)]
                if any(crossing):  # a merged cell's text drawn across the rule
                    current.raw.append(crossing)
                    current.numbers.append(first_line + offset)
            elif current is not None and len(border) != current.width:
                # a rule under a cell that spans columns (the first level of a two-level
                # header): the other cells' text goes on across it
                crossing = _collapsed(border)
                if len(crossing) == current.width and any(crossing):
                    current.raw.append(crossing)
                    current.numbers.append(first_line + offset)
            current = None
            continue
        cells = [c.strip() for c in _segments(s, _CELLS)]
        if current is None:
            n = width if len(cells) == width else len(cells)
            merged = continues if n == width else [False] * n
            current = _DrawnRow(f"L{first_line + offset}", n, [], merged)
            rows.append(current)
        current.raw.append((cells + [""] * current.width)[: current.width])
        current.numbers.append(first_line + offset)
    return rows


def _collapsed(border: list[str]) -> list[str]:
    """A rule line's segments with each run of rule segments as one (empty) cell."""
    out: list[str] = []
    ruled = False
    for seg in border:
        if _rule_segment(seg):
            if not ruled:
                out.append("")
            ruled = True
        else:
            out.append(seg.strip())
            ruled = False
    return out


def _split_on_seq(row: _DrawnRow, seq: int | None) -> list[_DrawnRow]:
    """Rows drawn without a rule between them: each line with a filled 序号 cell starts one."""
    if seq is None or row.width <= seq:
        return [row]
    starts = [k for k, line in enumerate(row.raw) if line[seq]]
    if len(starts) < 2:
        return [row]
    starts[0] = 0
    bounds = [*starts, len(row.raw)]
    return [
        _DrawnRow(
            f"L{row.numbers[bounds[k]]}",
            row.width,
            row.raw[bounds[k] : bounds[k + 1]],
            row.continues if k == 0 else [False] * row.width,
            row.numbers[bounds[k] : bounds[k + 1]],
        )
        for k in range(len(starts))
    ]


def _resolve(drawn: list[_DrawnRow], roles: list[str]) -> list[Row]:
    """Rows of cells: merged cells give their text to the first row they span. A row whose
    序号 (or task) cell is merged with the one above is more of the same task (a second lead
    unit drawn in a row of its own): its cells are added to the task's row."""
    owner: dict[int, list[str]] = {}  # column -> the lines of the cell that spans down
    key = roles.index("seq") if "seq" in roles else roles.index("task") if "task" in roles else None
    cells: list[list[Cell | list[str]]] = []
    kept: list[_DrawnRow] = []
    for row in drawn:
        full = row.width == len(roles)
        if full and key is not None and row.continues[key] and cells and key in owner:
            for j, col in enumerate(row.lines):
                owner.setdefault(j, []).extend(col)
            continue
        out: list[Cell | list[str]] = []
        for j, col in enumerate(row.lines):
            if row.width == len(roles) and row.continues[j] and j in owner:
                owner[j].extend(col)
                out.append(Cell((), merged=True))
            else:
                owner[j] = list(col)
                out.append(owner[j])
        if row.width != len(roles):
            owner.clear()
        cells.append(out)
        kept.append(row)
    rows = []
    for row, out in zip(kept, cells, strict=True):
        role_of = roles if row.width == len(roles) else ["task"] * row.width
        made = tuple(
            c if isinstance(c, Cell) else Cell(cell_lines(c, role_of[j])) for j, c in enumerate(out)
        )
        if not all(c.empty and not c.merged for c in made):
            rows.append(Row(cells=made, where=row.where))
    return rows


def cell_lines(lines: list[str], role: str) -> tuple[str, ...]:
    if role in (*UNIT_ROLES, "unknown"):
        return tuple(_unit_lines(lines))
    text = _join(lines)
    return (text,) if text else ()


def _join(lines: list[str]) -> str:
    """Wrapped lines of one cell as one line: no space (Chinese and numbers wrap mid-word),
    except between two ASCII letters, where the wrap took the space between two words."""
    out = ""
    for line in lines:
        if out and _letter(out[-1]) and _letter(line[0]):
            out += " "
        out += line
    return out


def _letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _unit_lines(lines: list[str]) -> list[str]:
    """A unit cell's lines: joined where a name wraps, kept apart where each line is a name."""
    out: list[str] = []
    for line in lines:
        if out and not _ends_with_name(out[-1], line):
            out[-1] = _join([out[-1], line])
        else:
            out.append(line)
    return out


def _ends_with_name(previous: str, line: str) -> bool:
    names = split_names(previous)
    return (
        bool(names)
        and not previous.endswith(("、", "，", ",", "；", ";"))
        and looks_like_unit(names[-1])
        and line.startswith(_NAME_START)
    )

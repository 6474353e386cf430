"""From a ``Document`` to an ordered stream of layout items: headings, tasks and their units.

Two kinds of input meet here. Table rows (the seed's text export, Word and Excel tables, CSV)
carry a task per row with its units in cells; an empty cell is merged with the cell above.
Paragraphs (labelled lines, trailing brackets, prose) carry numbered lines whose units follow
in ``牵头单位：`` lines or at the end of the task's own text. Both become the same items, which
``bot.importer.parser`` turns into sections and tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.brackets import strip_brackets, trailing_group
from bot.importer.clauses import LABEL, LABEL_AT_START, Clause, read_clause
from bot.importer.headers import HEADER_WORDS as HEADER_WORDS  # re-exported: its old home
from bot.importer.headers import (
    UNIT_ROLES,
    cn_numeral,
    header_roles,
    sub_header_roles,
)
from bot.importer.headers import header_role as header_role
from bot.importer.model import Cell, Document, Paragraph, ParseWarning, Row
from bot.importer.units import UnitSpec, looks_like_unit, read_units, split_names
from db.enums import Role

FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

H1 = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>.*)$", re.S)
H2 = re.compile(r"^\s*[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*(?P<rest>.*)$", re.S)
N3 = re.compile(r"^\s*(?P<num>\d{1,3})\s*(?:[.、](?!\d)|[）)])\s*(?P<rest>.*)$", re.S)
N4 = re.compile(r"^\s*[（(]\s*(?P<num>\d{1,3})\s*[）)]\s*(?P<rest>.*)$", re.S)
# A line that starts with a unit, leader or time-limit label: 牵头单位： 部门分工： 分管领导： 完成时限：
UNIT_LINE = LABEL_AT_START
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.、]?\s*$")
CN_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]?\s*$")
_BY_WHOM = re.compile(r"[，,]\s*(?=由[^，,。；;]*(?:牵头|负责))(?!.*[。；;])")
_LIST_GOES_ON = ("、", "，", ",")
# A list of units with no label or keyword at a task's end is its 责任单位 (the first leads)
UNLABELLED: Role | None = None
MAX_HEADING = 40  # a heading right above the first task is a short line
MAX_CLAUSE_SENTENCES = 4  # a unit clause at the end of a task's text spans at most so many
# Sentence ends inside a task's text: full-width, or an ASCII full stop that is no decimal point.
_SENTENCES = re.compile(r"(?<=[。；;])|(?<=[^\d.]\.)(?=\D)")


@dataclass
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  (only when used as a heading)
    numeral: str
    title: str
    where: str
    units: UnitSpec | None = None  # 一、 lines that end with units may be the tasks themselves
    leader: str | None = None
    due: str | None = None


@dataclass
class Category:
    name: str
    where: str


@dataclass
class TaskItem:
    number: int
    text: str
    where: str
    units: UnitSpec | None  # None: no units found
    category: str | None = None  # from a category column; None: none or merged with above
    level: int = 3  # numbering level for paragraph tasks: 2 for （一）, 3 for 1. and 4 for （1）
    complete: bool = True
    numeral: str = ""  # the Chinese numeral of a （一） line, for when it heads a section
    leader: str | None = None  # 分管领导 as written: a bracket, a line after it or a column
    due: str | None = None  # the time limit as written: a bracket, a line or a 完成时限 column
    paragraph: bool = False  # read from a paragraph (not a table row)


def cn_ordinal(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (section numerals stay below a hundred)."""
    if "十" not in numeral:
        return CN_DIGITS.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0)


@dataclass
class UnitLine:
    """A line after a task that says who does it, who leads it or by when (labelled or prose)."""

    spec: UnitSpec
    where: str
    leader: str | None = None
    due: str | None = None


@dataclass
class Text:
    text: str
    where: str


Item = Heading | Category | TaskItem | UnitLine | Text


@dataclass
class Layout:
    preamble: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    trailing: list[Paragraph] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def read_layout(doc: Document) -> Layout:
    """Split the document into preamble, body items and trailing paragraphs."""
    start = _body_start(doc)
    layout = Layout(preamble=[b for b in doc.blocks[:start] if isinstance(b, Paragraph)])
    reader = _BodyReader(layout)
    body = doc.blocks[start:]
    last_row = max((i for i, b in enumerate(body) if isinstance(b, Row)), default=-1)
    for i, block in enumerate(body):
        if isinstance(block, Row):
            reader.row(block, last=i == last_row)
        else:
            reader.paragraph(block)
    _split_trailing(layout)
    return layout


def _body_start(doc: Document) -> int:
    """Where the task list begins: the first table row, the first 一、 heading that tasks follow,
    or the first numbered line that carries its own units — whichever comes first."""
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Row):
            return i
        text = block.text.translate(FULLWIDTH)
        if H1.match(text) and _followed_by_tasks(doc, i):
            return i
        if _numbered_paragraph(text) and _has_own_units(doc, i):
            return _headings_above(doc, i)
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and H2.match(block.text) and _followed_by_tasks(doc, i):
            return i
    return len(doc.blocks)


def _headings_above(doc: Document, i: int) -> int:
    """``i`` moved up over the 一、 and （一） headings right above it: they head its tasks."""
    while i > 0:
        above = doc.blocks[i - 1]
        text = above.text.translate(FULLWIDTH).strip() if isinstance(above, Paragraph) else ""
        if not (H1.match(text) or H2.match(text)) or len(text) > MAX_HEADING:
            break
        i -= 1
    return i


def _has_own_units(doc: Document, i: int) -> bool:
    """A numbered line is a task when units end it or a unit line (labelled, or prose with a role
    keyword) follows it, after any 分管领导：/完成时限： lines."""
    text = doc.blocks[i]
    assert isinstance(text, Paragraph)
    if _task_with_units(text.text):
        return True
    for after in doc.blocks[i + 1 : i + 6]:
        if not isinstance(after, Paragraph):
            return False
        line = _unit_line(after.text.translate(FULLWIDTH).strip())
        if line is None:
            return False
        if not line.spec.empty:
            return True
    return False


def _numbered(text: str) -> bool:
    t = text.translate(FULLWIDTH)
    m = N3.match(t) or N4.match(t)
    return bool(m and m.group("rest").strip())


def _numbered_paragraph(text: str) -> re.Match[str] | None:
    """A paragraph numbered （一）, 1. or （1） with some text after the number."""
    t = text.translate(FULLWIDTH)
    m = N4.match(t) or N3.match(t) or H2.match(t)
    return m if m and m.group("rest").strip() else None


def _task_with_units(text: str) -> bool:
    """A numbered line (一、 too) whose own end names units."""
    m = _numbered_paragraph(text) or H1.match(text.translate(FULLWIDTH))
    if m is None:
        return False
    clause = _trailing_clause(m.group("rest"))[1]
    return clause is not None and not clause.units.empty


def _followed_by_tasks(doc: Document, i: int) -> bool:
    """A heading starts the body only when numbered tasks with units come after it."""
    for block in doc.blocks[i : i + 40]:
        if isinstance(block, Row):
            return True
        text = block.text.translate(FULLWIDTH).strip()
        if _task_with_units(text):
            return True
        if not _numbered_paragraph(text) and not H1.match(text):
            line = _unit_line(text)  # labelled, or prose with a role keyword
            if line is not None and not line.spec.empty:
                return True
    return False


def _split_trailing(layout: Layout) -> None:
    """Paragraphs after the last task and its units go back to the covering notice."""
    last = max(
        (i for i, it in enumerate(layout.items) if isinstance(it, TaskItem | UnitLine)), default=-1
    )
    tail = layout.items[last + 1 :]
    if tail and all(isinstance(it, Text) for it in tail):
        del layout.items[last + 1 :]
        layout.trailing = [Paragraph(it.text, it.where) for it in tail if isinstance(it, Text)]


class _BodyReader:
    """Turns body blocks into items, remembering the table header and merged cells."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.header: list[str] | None = None
        self.header_above = False  # the row above was a header (a second header row may follow)
        self.above: dict[int, UnitSpec] = {}  # units per column of the previous row, for merges
        self.above_text: dict[int, str | None] = {}  # 完成时限 / 分管领导 of the row above
        self.tables: list[_Table] = []  # the task tables seen, by header row
        self.tables_as_sections = False
        self.has_sections = False  # a 一、 heading seen in the body
        self.numerals: set[str] = set()
        self.last_number = 0  # the number of the last task read from a table row
        self._scanned = 0  # items already looked for 一、 headings
        self.open_list = ""  # a unit line that ended with 、 or ，: the next line continues it

    def emit(self, item: Item) -> None:
        self.layout.items.append(item)

    def warn(self, code: str, where: str, **params: object) -> None:
        self.layout.warnings.append(ParseWarning(code, where, dict(params)))

    # paragraphs ---------------------------------------------------------------

    def paragraph(self, p: Paragraph) -> None:
        text = p.text.translate(FULLWIDTH).strip()
        if not text:
            return
        opened, self.open_list = self.open_list, ""
        if opened and not UNIT_LINE.match(text) and not _numbered_paragraph(text):
            last = self.layout.items[-1]
            joined = _unit_line(opened + text, last.where)
            if isinstance(last, UnitLine) and joined is not None:
                self.layout.items[-1] = joined
                self.open_list = opened + text if text.endswith(_LIST_GOES_ON) else ""
                return
        if UNIT_LINE.match(text) and (line := _unit_line(text, p.where)) is not None:
            self.emit(line)
            if text.endswith(_LIST_GOES_ON):
                self.open_list = text
        elif m := H1.match(text):
            body, clause = _trailing_clause(m.group("rest"))
            if clause is None or clause.units.empty:
                self.emit(Heading(1, m.group("num"), _title(m.group("rest")), p.where))
            else:
                heading = Heading(1, m.group("num"), _title(body), p.where, clause.units)
                heading.leader, heading.due = clause.leader, clause.due
                self.emit(heading)
        elif m := _numbered_paragraph(text):
            body, clause = _trailing_clause(m.group("rest"))
            level = 4 if N4.match(text) else 3 if N3.match(text) else 2
            num = m.group("num")
            number = int(num) if num.isdigit() else cn_ordinal(num)
            item = TaskItem(number, body, p.where, None, level=level, paragraph=True)
            if level == 2:
                item.numeral = num
            if clause is not None:
                item.units = None if clause.units.empty else clause.units
                item.leader, item.due = clause.leader, clause.due
            self.emit(item)
        elif m := H2.match(text):  # a bare （一）
            self.emit(Heading(2, m.group("num"), "", p.where))
        elif (line := _unit_line(text, p.where)) is not None and not line.spec.empty:
            self.emit(line)  # a prose line after a task: 区发改委牵头，区财政局配合。
        else:
            self.emit(Text(text, p.where))

    # table rows ---------------------------------------------------------------

    def row(self, row: Row, *, last: bool) -> None:
        cells = [_clean(c) for c in row.cells]
        filled = [c for c in cells if c]
        if not filled:
            return
        if self.header_above and (sub := sub_header_roles(self.header, row)) is not None:
            self.header, self.header_above = sub, False
            return
        roles = header_roles(row)
        self.header_above = roles is not None
        if roles is not None:
            self._table_header(row, roles)
            return
        if len(filled) == 1 and self._single(filled[0], row.where):
            return
        task_at = next((i for i, c in enumerate(cells) if _numbered(c)), None)
        if task_at is not None:
            m = N4.match(cells[task_at]) or N3.match(cells[task_at])
            assert m is not None
            number, text = int(m.group("num")), m.group("rest")
        else:  # no number in the task text: the header's 序号 column holds it
            seq, task_at = self._seq_and_task(cells)
            if CN_NUMERAL.match(seq):  # 一 in the 序号 column: a section row
                self.emit(Heading(1, seq.strip(" 、.．"), _title(cells[task_at]), row.where))
                return
            if not BARE_NUMBER.match(seq) or not cells[task_at]:
                self.emit(Text(" ".join(filled), row.where))
                return
            number, text = int(seq.strip(" 、.")), cells[task_at]
        self._task_row(row, task_at, number, text, last=last)

    def _single(self, text: str, where: str) -> bool:
        """A row with one filled cell: a section, a category or a stray line."""
        if m := H1.match(text):
            self.emit(Heading(1, m.group("num"), _title(m.group("rest")), where))
        elif m := H2.match(text):
            self.emit(Heading(2, m.group("num"), _title(m.group("rest")), where))
        elif _numbered(text):
            return False
        elif len(text) <= 30 and "\n" not in text and not looks_like_unit(text):
            self.emit(Category(text, where))
        else:
            self.emit(Text(text, where))
        return True

    def _seq_and_task(self, cells: list[str]) -> tuple[str, int]:
        """The 序号 cell's text ("" if none) and the task column, as the header places them."""
        roles = _align(self.header, len(cells))
        if "task" not in roles:
            return "", 0
        seq = roles.index("seq") if "seq" in roles else None
        return (cells[seq] if seq is not None else ""), roles.index("task")

    def _task_row(self, row: Row, task_at: int, number: int, text: str, *, last: bool) -> None:
        cells = [_clean(c) for c in row.cells]
        roles = _align(self.header, len(cells), task_at) if self.header else None
        category: str | None = None  # None: no category column, or a merged (same) one
        before = [
            c
            for i, c in enumerate(cells[:task_at])
            if not (roles and roles[i] in _NOT_CATEGORY) and not BARE_NUMBER.match(c)
        ]
        if before and before[-1]:
            category = before[-1]
        columns = [
            (i, roles[i] if roles else "lead" if i == task_at + 1 else "support")
            for i in range(task_at + 1, len(cells))
        ]
        # a column the header does not name is read as units only when it holds unit names
        columns = [
            (i, r)
            for i, r in columns
            if r in UNIT_ROLES or (r == "unknown" and (not roles or _unit_list(cells[i])))
        ]
        body, inline = _trailing_units(text)
        details = [cells[i] for i, r in enumerate(roles or []) if r == "detail" and cells[i]]
        if details:
            body = "；".join(part.rstrip("。；;") for part in [body, *details] if part)
        due = self._carried(row, roles, "due", "")
        leader = self._carried(row, roles, "leader", "、")
        if not columns and last and inline is None:
            self.warn("task_incomplete", row.where, number=number)
            self.emit(TaskItem(number, body, row.where, None, category, complete=False))
            return
        units = UnitSpec()
        for i, role in columns:
            spec = (
                self.above.get(i, UnitSpec())
                if row.cells[i].merged
                else _cell_units(role, cells[i])
            )
            self.above[i] = spec
            units.extend(spec)
        if inline is not None:
            units.extend(inline)
        self._table_sections(number)
        if self.tables:
            self.tables[-1].tasks += 1
        self.last_number = number
        self.emit(
            TaskItem(
                number,
                body,
                row.where,
                None if units.empty else units,
                category,
                due=due,
                leader=leader,
            )
        )

    def _carried(self, row: Row, roles: list[str] | None, role: str, glue: str) -> str | None:
        """The text of the row's ``role`` column (完成时限, 分管领导); a merged cell carries the
        text of the cell above, as a merged unit cell carries its units."""
        if roles is None or role not in roles:
            return None
        i = roles.index(role)
        if row.cells[i].merged:
            return self.above_text.get(i)
        lines = [line.strip() for line in row.cells[i].lines if line.strip()]
        text = glue.join(lines).translate(FULLWIDTH) or None
        self.above_text[i] = text
        return text

    # several tables --------------------------------------------------------------

    def _table_header(self, row: Row, roles: list[str]) -> None:
        """A header row. A header row of another table of the file (its ``Row.table``
        differs) starts a new table, whose 附件 number and title are read from the lines above
        it (see ``_table_sections``)."""
        if not self.tables or row.table != self.tables[-1].table:
            table = _Table(row.table, len(self.layout.items), row.where)
            self._table_title(table)
            self.tables.append(table)
            if self.tables_as_sections:
                self.emit(self._table_heading(table))
        self.header, self.above, self.above_text = roles, {}, {}

    def _table_sections(self, number: int) -> None:
        """Before the first task of a table: when its numbering starts again (1 after 5) where
        an earlier table had tasks, and the notice has no 一、 sections of its own, every table
        becomes a section — numbered by its 附件 number when the lines above it give one
        (附件2 → 二), else by its place, and titled by its title line — so the tasks of 附件1 and
        附件2, both numbered from 1, keep distinct codes (一.1, 二.1). A table continued on the
        next page, its header repeated and its numbering running on, stays one section."""
        items = self.layout.items
        for item in items[self._scanned :]:
            if isinstance(item, Heading) and item.level == 1:
                self.has_sections = True
        self._scanned = len(items)
        table = self.tables[-1] if self.tables else None
        if (
            table is None
            or table.tasks
            or self.tables_as_sections
            or self.has_sections
            or not any(t.tasks for t in self.tables[:-1])
            or number > self.last_number
        ):
            return
        self.tables_as_sections = True
        first = self.tables[0]
        first_heading = self._table_heading(first)
        items.insert(table.at, self._table_heading(table))
        items.insert(first.at, first_heading)
        self._scanned = len(items)

    def _table_title(self, table: _Table) -> None:
        """The 附件 number and title line written just above a table. Lines read from the body
        are taken out of it: they are the table's, not text of the task above."""
        items = self.layout.items
        above: list[tuple[str, int | None]] = []  # (text, index in items; None: in the preamble)
        i = len(items)
        while i > 0 and isinstance(items[i - 1], Text) and len(above) < 3:
            i -= 1
            text_item = items[i]
            assert isinstance(text_item, Text)
            above.insert(0, (text_item.text, i))
        if not items:
            above = [(p.text, None) for p in self.layout.preamble[-3:]]
        taken: list[int | None] = []
        for k, (text, at) in enumerate(above):
            if m := _ANNEX.match(text.translate(FULLWIDTH)):
                table.annex, table.title = m.group("num"), _title(m.group("rest"))
                taken = [at]
            elif (table.annex or k == len(above) - 1) and _title_like(text):
                table.title = _title(text)
                taken.append(at)
        if taken and taken[0] is not None and taken == list(range(taken[0], len(items))):
            del items[taken[0] :]
        table.at = len(items)

    def _table_heading(self, table: _Table) -> Heading:
        """The section heading of a table; a table without a (new) 附件 number takes the next."""
        numeral = cn_numeral(int(table.annex)) if table.annex.isdigit() else table.annex
        place = len(self.numerals) + 1
        while not numeral or numeral in self.numerals:
            numeral, place = cn_numeral(place), place + 1
        self.numerals.add(numeral)
        title = table.title or (f"附件{table.annex}" if table.annex else "")
        return Heading(1, numeral, title, table.where)


_NOT_CATEGORY = ("seq", "leader", "due", "detail", "ignore")
_ANNEX = re.compile(
    r"^\s*附件\s*(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[：:、.]?\s*(?P<rest>.*)$"
)


def _title_like(text: str) -> bool:
    """A table's title line: short, not a sentence, a lead-in (…如下：) or a date line."""
    return (
        0 < len(text) <= 60
        and not text.endswith(("。", "：", ":", "；", ";", "，", ","))
        and not _DATE_LINE.match(text)
    )


_DATE_LINE = re.compile(r"^\s*[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[）)]?\s*$")


@dataclass
class _Table:
    table: int  # the reader's table index
    at: int  # where in the items the table starts
    where: str
    tasks: int = 0
    annex: str = ""  # 附件 number as written
    title: str = ""


def _unit_list(text: str) -> bool:
    """Whether a cell holds unit names (or nothing, or a merge): not prose such as 先设计后施工."""
    names = split_names(text)
    return all(looks_like_unit(n.removesuffix("等")) for n in names)


def _cell_units(role: str, text: str) -> UnitSpec:
    default = {"support": Role.SUPPORT, "responsible": None}.get(role, Role.LEAD)
    return read_units(text, default)


def _align(header: list[str] | None, width: int, task_at: int | None = None) -> list[str]:
    """Header roles for a row of ``width`` cells; rows narrower or wider than the header are
    aligned on the task column when known, else on the right edge."""
    if header is None:
        return ["unknown"] * width
    if len(header) == width:
        return list(header)
    if task_at is not None and "task" in header:
        shift = task_at - header.index("task")
    else:
        shift = width - len(header)
    first = task_at if task_at is not None else 0
    out = []
    for i in range(width):
        j = i - shift
        out.append(header[j] if 0 <= j < len(header) else "category" if i < first else "unknown")
    return out


def _clean(cell: Cell) -> str:
    return "\n".join(line.strip() for line in cell.lines if line.strip()).translate(FULLWIDTH)


def _title(text: str) -> str:
    return text.strip().rstrip("。；;：:")


def _unit_line(text: str, where: str = "") -> UnitLine | None:
    """A line that is only a clause: labelled (牵头单位：…, 分管领导：…, 完成时限：…) or prose with
    a role keyword (A牵头，B配合。). A labelled list the clause reader cannot split into units
    (牵头单位：区教委等5个部门) is still read as a list."""
    clause = read_clause(strip_brackets(text), None)
    if clause is not None and (clause.keyworded or UNIT_LINE.match(text)):
        return UnitLine(clause.units, where, clause.leader, clause.due)
    if UNIT_LINE.match(text) and not (spec := read_units(text, None)).empty:
        return UnitLine(spec, where)
    return None


def _trailing_clause(text: str) -> tuple[str, Clause | None]:
    """A task's own text and what its end says about it: a bracket or parenthesis (units, the
    leader, a time limit), or a last sentence naming units by their role keywords."""
    text = text.strip()
    group = trailing_group(text)
    if group is not None:
        start, inner = group
        clause = read_clause(inner, UNLABELLED, bracket=True)
        if clause is not None:
            return text[:start].rstrip(" ，,；;"), clause
    if (dash := text.rfind("——")) > 0:  # …——A牵头，B配合
        clause = read_clause(text[dash:].strip("—- 　").rstrip("。；;."), UNLABELLED)
        if clause is not None and not clause.units.empty:
            return text[:dash].rstrip(" ，,；;。"), clause
    if (label := LABEL.search(text)) and label.start() > 0:  # …。牵头单位：A；配合单位：B
        clause = read_clause(text[label.start() :], UNLABELLED)
        if clause is not None:
            return text[: label.start()].rstrip(" ，,；;"), clause
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    for k in range(max(1, len(sentences) - MAX_CLAUSE_SENTENCES), len(sentences)):
        tail = "".join(sentences[k:]).strip().rstrip("。；;.")
        clause = read_clause(tail, UNLABELLED)
        # a last sentence of unit names alone is a list of them too: …。区审计局、区财政局
        plain = k == len(sentences) - 1 and clause is not None and clause.leader is None
        if clause is not None and (clause.keyworded or plain) and not clause.units.empty:
            return "".join(sentences[:k]).strip().rstrip("；;"), clause
    last = text.rstrip("。；;.")
    if m := _BY_WHOM.search(last):  # …，由A牵头，B配合。 (within the last sentence)
        clause = read_clause(last[m.end() :], UNLABELLED)
        if clause is not None and clause.keyworded and not clause.units.empty:
            return last[: m.start()].strip(), clause
    return text, None


def _trailing_units(text: str) -> tuple[str, UnitSpec | None]:
    """A task's own text and the units written at its end, if any (for table cells)."""
    body, clause = _trailing_clause(text)
    if clause is None or clause.units.empty:
        return text.strip(), None
    return body, clause.units

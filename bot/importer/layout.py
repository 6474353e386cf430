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

from bot.importer.model import Cell, Document, Paragraph, ParseWarning, Role, Row
from bot.importer.units import UnitSpec, looks_like_unit, prose_units, read_units

FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

H1 = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>.*)$", re.S)
H2 = re.compile(r"^\s*[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*(?P<rest>.*)$", re.S)
N3 = re.compile(r"^\s*(?P<num>\d{1,3})\s*(?:[.、](?!\d)|[）)])\s*(?P<rest>.*)$", re.S)
N4 = re.compile(r"^\s*[（(]\s*(?P<num>\d{1,3})\s*[）)]\s*(?P<rest>.*)$", re.S)
UNIT_LINE = re.compile(
    r"^\s*(?P<label>牵头责任单位|牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|配合部门|协办单位|参与单位)"
    r"\s*[：:]\s*(?P<rest>.*)$",
    re.S,
)
BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.、]?\s*$")
CN_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]?\s*$")
_TRAILING_BRACKET = re.compile(r"[［\[](?P<inner>[^［\[\]］]*)[\]］]\s*[。.]?\s*$")
_TRAILING_PAREN = re.compile(r"[（(](?P<inner>[^（()）]*)[)）]\s*[。.]?\s*$")

HEADER_WORDS: list[tuple[str, str]] = [
    ("序号", "seq"),
    ("编号", "seq"),
    ("牵头", "lead"),
    ("配合", "support"),
    ("协办", "support"),
    ("参与", "support"),
    ("责任", "responsible"),
    ("主责", "responsible"),
    ("时限", "ignore"),
    ("时间", "ignore"),
    ("备注", "ignore"),
    ("类别", "category"),
    ("领域", "category"),
    ("板块", "category"),
    ("分类", "category"),
    ("任务", "task"),
    ("内容", "task"),
    ("事项", "task"),
    ("指标", "target"),  # the template's 指标 column: targets, not units
]


@dataclass
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  (only when used as a heading)
    numeral: str
    title: str
    where: str


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
    level: int = 3  # numbering level for paragraph tasks: 3 for 1. and 4 for （1）
    complete: bool = True


@dataclass
class UnitLine:
    spec: UnitSpec
    where: str


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


def header_roles(row: Row) -> list[str] | None:
    """Column roles if ``row`` is a header row (序号 / 任务 / 牵头单位 / 配合单位 …), else ``None``."""
    roles: list[str] = []
    for cell in row.cells:
        text = cell.text.replace("\n", "").replace(" ", "")
        role = "unknown"
        if text and len(text) <= 12:
            role = next((r for word, r in HEADER_WORDS if word in text), "unknown")
        roles.append(role)
    known = [r for r in roles if r != "unknown"]
    has_unit = any(r in ("lead", "responsible", "support") for r in known)
    if len(known) >= 2 and ("task" in known or has_unit) and len(known) >= len(roles) - 1:
        return roles
    return None


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
        if _numbered(text) and _has_own_units(doc, i):
            return i
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and H2.match(block.text) and _followed_by_tasks(doc, i):
            return i
    return len(doc.blocks)


def _has_own_units(doc: Document, i: int) -> bool:
    """A numbered line is a task when units end it or a 牵头单位： line follows it directly."""
    text = doc.blocks[i]
    assert isinstance(text, Paragraph)
    if _trailing_units(text.text)[1] is not None:
        return True
    after = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
    return isinstance(after, Paragraph) and bool(UNIT_LINE.match(after.text))


def _numbered(text: str) -> bool:
    t = text.translate(FULLWIDTH)
    m = N3.match(t) or N4.match(t)
    return bool(m and m.group("rest").strip())


def _followed_by_tasks(doc: Document, i: int) -> bool:
    """A heading starts the body only when numbered tasks with units come after it."""
    for block in doc.blocks[i : i + 40]:
        if isinstance(block, Row):
            return True
        if UNIT_LINE.match(block.text) or (
            _numbered(block.text) and _trailing_units(block.text)[1]
        ):
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
        self.above: dict[int, UnitSpec] = {}  # units per column of the previous row, for merges

    def emit(self, item: Item) -> None:
        self.layout.items.append(item)

    def warn(self, code: str, where: str, **params: object) -> None:
        self.layout.warnings.append(ParseWarning(code, where, dict(params)))

    # paragraphs ---------------------------------------------------------------

    def paragraph(self, p: Paragraph) -> None:
        text = p.text.translate(FULLWIDTH).strip()
        if not text:
            return
        if m := UNIT_LINE.match(text):
            self.emit(UnitLine(read_units(text), p.where))
        elif m := H1.match(text):
            self.emit(Heading(1, m.group("num"), _title(m.group("rest")), p.where))
        elif m := H2.match(text):
            self.emit(Heading(2, m.group("num"), _title(m.group("rest")), p.where))
        elif (m := N4.match(text) or N3.match(text)) and m.group("rest").strip():
            body, units = _trailing_units(m.group("rest"))
            level = 4 if N4.match(text) else 3
            self.emit(TaskItem(int(m.group("num")), body, p.where, units, level=level))
        else:
            self.emit(Text(text, p.where))

    # table rows ---------------------------------------------------------------

    def row(self, row: Row, *, last: bool) -> None:
        cells = [_clean(c) for c in row.cells]
        filled = [c for c in cells if c]
        if not filled:
            return
        roles = header_roles(row)
        if roles is not None:
            self.header, self.above = roles, {}
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
            if not (roles and roles[i] == "seq") and not BARE_NUMBER.match(c)
        ]
        if before and before[-1]:
            category = before[-1]
        columns = [
            (i, roles[i] if roles else "lead" if i == task_at + 1 else "support")
            for i in range(task_at + 1, len(cells))
        ]
        columns = [(i, r) for i, r in columns if r in ("lead", "responsible", "support", "unknown")]
        body, inline = _trailing_units(text)
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
        self.emit(TaskItem(number, body, row.where, None if units.empty else units, category))


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


def _trailing_units(text: str) -> tuple[str, UnitSpec | None]:
    """A task's own text and the units written at its end, if any."""
    text = text.strip()
    for pattern in (_TRAILING_BRACKET, _TRAILING_PAREN):
        m = pattern.search(text)
        if m:
            spec = read_units(m.group("inner"), Role.LEAD)
            inner = m.group("inner")
            if not spec.empty and (
                UNIT_LINE.search(inner)
                or "牵头" in inner
                or "负责" in inner
                or all(looks_like_unit(n) for n in spec.lead + spec.support + spec.responsible)
            ):
                return text[: m.start()].rstrip(" ，,；;"), spec
    sentences = [s for s in re.split(r"(?<=[。；;])", text) if s.strip()]
    if len(sentences) >= 2:
        prose = prose_units(sentences[-1].strip().rstrip("。；;"))
        if prose is not None:
            return "".join(sentences[:-1]).strip().rstrip("；;"), prose
    return text, None

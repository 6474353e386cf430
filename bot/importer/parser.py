"""From layout items to a ``ParsedPlan``: sections, numbered tasks, units by role, targets, deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.importer.due import due_in_text, parse_due
from bot.importer.layout import (
    Category,
    Heading,
    Item,
    Layout,
    TaskItem,
    Text,
    UnitLine,
    read_layout,
)
from bot.importer.model import (
    Document,
    NoticeError,
    ParsedPlan,
    ParsedSection,
    ParsedTask,
    ParseWarning,
    Row,
)
from bot.importer.preamble import Preamble, read_preamble
from bot.importer.targets import extract_targets
from bot.importer.units import UnitBook, UnitSpec

MAX_UNIT_NAME = 40  # longer is a sentence that was not split, not the name of a unit
MAX_CATEGORY = 100
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_ordinal(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (section numerals stay below a hundred)."""
    if "十" not in numeral:
        return CN_DIGITS.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0)


@dataclass
class _Draft:
    """A task while its units are still being gathered."""

    item: TaskItem
    section: ParsedSection | None
    category: str | None
    parent: int | None = None  # the number of the heading above (（二） → 2, 1. → 1)
    units: UnitSpec = field(default_factory=UnitSpec)
    continuation: list[str] = field(default_factory=list)


def parse_document(
    doc: Document, *, aliases: Mapping[str, str] | None = None, groups: Iterable[str] = ()
) -> ParsedPlan:
    """Read the whole plan from a document; raise ``NoticeError`` when it holds no task at all."""
    layout = read_layout(doc)
    warnings: list[ParseWarning] = list(doc.warnings) + layout.warnings
    drafts, sections = _assemble(layout, warnings)
    if not drafts:
        rows = sum(isinstance(b, Row) for b in doc.blocks)
        raise NoticeError("no_tasks", "", fmt=doc.fmt, rows=rows, paragraphs=len(doc.blocks) - rows)
    preamble = read_preamble(layout.preamble + layout.trailing)
    warnings = [*preamble.warnings, *warnings]
    book = UnitBook(configured_aliases=dict(aliases or {}), configured_groups=list(groups))
    for d in drafts:
        book.note(d.units.lead + d.units.responsible + d.units.support, d.item.where)
        for name in d.units.etc:
            warnings.append(ParseWarning("unit_etc_dropped", d.item.where, {"name": name}))
    canonical, departments, group_names, unit_warnings = book.resolve()
    warnings += unit_warnings
    too_long = {n for n in [*departments, *group_names] if len(n) > MAX_UNIT_NAME}
    for name in too_long:
        warnings.append(
            ParseWarning("unit_name_too_long", book.seen.get(name, ""), {"name": name[:20]})
        )
    departments = [n for n in departments if n not in too_long]
    group_names = [n for n in group_names if n not in too_long]
    tasks = _tasks(drafts, canonical, warnings, dropped=too_long)
    _time_limits(tasks, preamble, warnings)
    return ParsedPlan(
        title=preamble.title,
        issuer=preamble.issuer,
        issued_on=preamble.issued_on,
        contact=preamble.contact,
        deadlines=preamble.deadlines,
        sections=sections,
        tasks=tasks,
        departments=departments,
        groups=group_names,
        aliases={k: v for k, v in canonical.items() if k != v},
        warnings=warnings,
        source=doc.source,
        fmt=doc.fmt,
    )


def _time_limits(tasks: list[ParsedTask], preamble: Preamble, warnings: list[ParseWarning]) -> None:
    """Each task's time limit: as a column or bracket gave it, else as its text states it; as a
    day in the notice's year (its date's, else its first deadline's; none known: no day). A
    limit before the notice's date is kept, with a warning."""
    issued = preamble.issued_on
    year = issued.year if issued else None
    if year is None and preamble.deadlines:
        year = preamble.deadlines[0].due.year
    for t in tasks:
        if t.due_text is None:
            t.due_text = due_in_text(t.text)
        if t.due_text and year is not None:
            t.due = parse_due(t.due_text, year=year)
        if t.due and issued and t.due < issued:
            params = {"code": t.code, "due": t.due.isoformat(), "issued_on": issued.isoformat()}
            warnings.append(ParseWarning("due_before_issue", t.where, params))


def _task_level(items: list[Item]) -> int:
    """Which paragraph numbering carries tasks: （1） when those lines have units, else 1."""
    with_units = {3: 0, 4: 0}
    for i, item in enumerate(items):
        if isinstance(item, TaskItem) and (item.units is not None or _units_follow(items, i)):
            with_units[item.level] += 1
    return 4 if with_units[4] > with_units[3] else 3


def _units_follow(items: list[Item], i: int) -> bool:
    for item in items[i + 1 :]:
        if isinstance(item, UnitLine):
            return True
        if not isinstance(item, Text):
            return False
    return False


def _assemble(
    layout: Layout, warnings: list[ParseWarning]
) -> tuple[list[_Draft], list[ParsedSection]]:
    items = layout.items
    task_level = _task_level(items)
    top_level = 1 if any(isinstance(i, Heading) and i.level == 1 for i in items) else 2
    sections: list[ParsedSection] = []
    drafts: list[_Draft] = []
    section: ParsedSection | None = None
    category: str | None = None
    parent: int | None = None
    current: _Draft | None = None

    def start_section(h: Heading) -> None:
        nonlocal section, category, parent, current
        section = ParsedSection(h.numeral, cn_ordinal(h.numeral), h.title)
        sections.append(section)
        category, parent, current = None, None, None

    def set_category(name: str, number: int | None = None) -> None:
        nonlocal category, parent, current
        category, parent, current = name, number, None
        if section is not None and name not in section.categories:
            section.categories.append(name)

    for item in items:
        if isinstance(item, Heading):
            if item.level == top_level:
                start_section(item)
            else:
                set_category(item.title, cn_ordinal(item.numeral))
        elif isinstance(item, Category):
            set_category(item.name)
        elif isinstance(item, TaskItem) and item.level > task_level:
            if current is not None:  # a sub-point of the task above
                current.continuation.append(item.text)
        elif isinstance(item, TaskItem) and item.level < task_level:
            set_category(item.text, item.number)
        elif isinstance(item, TaskItem):
            if section is None:  # tasks before any heading: one untitled section holds them
                section = ParsedSection("", 0, "")
                sections.append(section)
            if isinstance(item.category, str):
                set_category(item.category)
            if not item.complete:
                current = None
                continue
            current = _Draft(item, section, category, parent)
            if item.units is not None:
                current.units.extend(item.units)
            drafts.append(current)
        elif isinstance(item, UnitLine):
            if current is None:
                warnings.append(ParseWarning("units_without_task", item.where, {}))
            else:
                current.units.extend(item.spec)
        elif isinstance(item, Text):
            if current is not None and not current.units.lead + current.units.responsible:
                current.continuation.append(item.text)
            else:
                warnings.append(ParseWarning("text_ignored", item.where, {"text": item.text[:40]}))
    return drafts, sections


def _tasks(
    drafts: list[_Draft],
    canonical: Mapping[str, str],
    warnings: list[ParseWarning],
    dropped: set[str],
) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    seen: set[str] = set()
    last_number: dict[str, int] = {}
    nested = _restarting_sections(drafts)
    for d in drafts:
        numeral = d.section.numeral if d.section else ""  # "" for the untitled section
        number = d.item.number
        # Numbers that restart under each sub-heading get the heading's number: 一.2.1
        parts = [numeral, str(d.parent) if numeral in nested else ""]
        prefix = ".".join(p for p in parts if p)
        code = f"{prefix}.{number}" if prefix else str(number)
        if code in seen:
            k = 2
            while f"{code}#{k}" in seen:
                k += 1
            warnings.append(ParseWarning("duplicate_task_code", d.item.where, {"code": code}))
            code = f"{code}#{k}"
        elif number != last_number.get(prefix, 0) + 1:
            expected = last_number.get(prefix, 0) + 1
            warnings.append(
                ParseWarning("numbering_gap", d.item.where, {"code": code, "expected": expected})
            )
        seen.add(code)
        last_number[prefix] = number
        lead, support = d.units.roles()
        lead = [n for n in _dedupe([canonical.get(n, n) for n in lead]) if n not in dropped]
        support = [
            s
            for s in _dedupe([canonical.get(n, n) for n in support])
            if s not in lead + list(dropped)
        ]
        if not lead and not support:
            warnings.append(ParseWarning("task_no_units", d.item.where, {"code": code}))
        text = "".join([d.item.text, *d.continuation]).strip().rstrip("。；;")
        category = d.category
        if category and len(category) > MAX_CATEGORY:
            warnings.append(
                ParseWarning("category_too_long", d.item.where, {"text": category[:20]})
            )
            category = category[:MAX_CATEGORY]
        tasks.append(
            ParsedTask(
                code=code,
                section=numeral,
                number=number,
                text=text,
                category=category,
                lead=lead,
                support=support,
                targets=extract_targets(text),
                where=d.item.where,
            )
        )
    return tasks


def _restarting_sections(drafts: list[_Draft]) -> set[str]:
    """Sections whose tasks are numbered under sub-headings: when numbers start again under each
    sub-heading somewhere in the notice, every section whose tasks all sit under one is coded
    the same way (一.2.1, 二.1.1), so codes read alike across the notice."""
    numbers: dict[str, list[int]] = {}
    parents: dict[str, set[int | None]] = {}
    for d in drafts:
        numeral = d.section.numeral if d.section else ""
        numbers.setdefault(numeral, []).append(d.item.number)
        parents.setdefault(numeral, set()).add(d.parent)
    if not any(len(seen) != len(set(seen)) for seen in numbers.values()):
        return set()
    return {numeral for numeral in numbers if None not in parents[numeral]}


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))

"""From layout items to a ``ParsedPlan``: sections, numbered tasks, units by role, targets, deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from bot.importer.due import due_in_text, parse_due
from bot.importer.layout import (
    Category,
    Heading,
    Item,
    Layout,
    TaskItem,
    Text,
    UnitLine,
    cn_ordinal,
    read_layout,
)
from bot.importer.model import (
    Document,
    NoticeError,
    Paragraph,
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
__all__ = ["cn_ordinal", "parse_document"]


@dataclass
class _Draft:
    """A task while its units are still being gathered."""

    item: TaskItem
    section: ParsedSection | None
    category: str | None
    parent: int | None = None  # the number of the heading above (（二） → 2, 1. → 1)
    units: UnitSpec = field(default_factory=UnitSpec)
    continuation: list[str] = field(default_factory=list)
    leader: str | None = None
    due: str | None = None


def parse_document(
    doc: Document,
    *,
    aliases: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
    first_unit_leads: bool = True,
) -> ParsedPlan:
    """Read the whole plan from a document; raise ``NoticeError`` when it holds no task at all.

    ``first_unit_leads``: when a task names only 责任单位 (no 牵头/配合 split), its first unit
    leads and the rest support; off, they all lead."""
    layout = read_layout(doc)
    warnings: list[ParseWarning] = list(doc.warnings) + layout.warnings
    aside: list[Paragraph] = []  # sections that hold no tasks: read with the covering notice
    drafts, sections = _assemble(layout, warnings, aside)
    if not drafts:
        rows = sum(isinstance(b, Row) for b in doc.blocks)
        raise NoticeError("no_tasks", "", fmt=doc.fmt, rows=rows, paragraphs=len(doc.blocks) - rows)
    preamble = read_preamble(layout.preamble + aside + layout.trailing)
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
    tasks = _tasks(drafts, canonical, warnings, dropped=too_long, first_unit_leads=first_unit_leads)
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


def _unit_level(items: list[Item], *, headings: bool = False) -> int | None:
    """Which numbering carries tasks — 一、 (1, only with ``headings``), （一） (2), 1. (3) or
    （1） (4): the level the units attach to (in its own bracket or in the unit lines after it),
    the most often; ``None`` when no numbered line has units."""
    with_units = {1: 0, 2: 0, 3: 0, 4: 0}
    for i, item in enumerate(items):
        if isinstance(item, TaskItem):
            level, own = item.level, item.units is not None
        elif headings and isinstance(item, Heading) and item.level == 1:
            level, own = 1, item.units is not None
        else:
            continue
        if own or _units_follow(items, i):
            with_units[level] += 1
    best = max(with_units.values())
    if best == 0:
        return None
    return next(level for level in (3, 4, 2, 1) if with_units[level] == best)


def _task_levels(items: list[Item]) -> list[int]:
    """The task level in force at each item: the units decide it for each 一、 section on its
    own (one may number its tasks （一）, the next 1. under （一） headings); a section with no
    units anywhere follows the notice's, and a notice without units has 1. tasks when it has
    such lines, else its shallowest numbering."""
    overall = _unit_level(items, headings=True)
    some_units = overall is not None
    if overall is None:
        present = {i.level for i in items if isinstance(i, TaskItem)}
        overall = 3 if 3 in present or not present else min(present)
    if overall == 1:
        return [1] * len(items)
    starts = [i for i, it in enumerate(items) if isinstance(it, Heading) and it.level == 1]
    bounds = [0, *starts, len(items)]
    levels: list[int] = []
    for a, b in pairwise(bounds):
        chunk = items[a:b]
        own = _unit_level(chunk)
        if own is None and overall == 2 and some_units and a in starts and _paragraphs_only(chunk):
            # 一、总体要求 / 三、保障措施 in a notice of （一） tasks: points without units, no tasks
            own = NOT_TASKS
        levels += [overall if own is None else own] * (b - a)
    return levels


NOT_TASKS = 0  # the level of a section whose numbered paragraphs are not tasks


def _paragraphs_only(chunk: list[Item]) -> bool:
    return all(it.paragraph for it in chunk if isinstance(it, TaskItem))


def _heading_tasks(items: list[Item]) -> list[Item]:
    """一、 lines read as tasks (their units end them): each becomes a task of the first level."""
    return [
        TaskItem(
            cn_ordinal(it.numeral),
            it.title,
            it.where,
            it.units,
            level=1,
            numeral=it.numeral,
            leader=it.leader,
            due=it.due,
        )
        if isinstance(it, Heading) and it.level == 1
        else it
        for it in items
    ]


def _units_follow(items: list[Item], i: int) -> bool:
    for item in items[i + 1 :]:
        if isinstance(item, UnitLine):
            if not item.spec.empty:
                return True
            continue  # 分管领导： / 完成时限： lines may come first
        if not isinstance(item, Text):
            return False
    return False


def _assemble(
    layout: Layout, warnings: list[ParseWarning], aside: list[Paragraph]
) -> tuple[list[_Draft], list[ParsedSection]]:
    items = layout.items
    levels = _task_levels(items)
    if levels and levels[0] == 1:
        items = _heading_tasks(items)
    top_level = 1 if any(isinstance(i, Heading) and i.level == 1 for i in items) else 2
    if top_level == 2 and 2 in levels:
        top_level = 0  # （一） lines are the tasks: no section headings
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

    for item, task_level in zip(items, levels, strict=True):
        if task_level == NOT_TASKS:
            if isinstance(item, Heading) and item.level == 1:
                text = f"{item.numeral}、{item.title}"
                warnings.append(ParseWarning("text_ignored", item.where, {"text": text[:40]}))
            elif isinstance(item, TaskItem | Text):
                aside.append(Paragraph(item.text, item.where))
            current = None
            continue
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
            title = item.text.strip().rstrip("。；;：:.")
            if item.level == 2 and top_level == 2:  # （一） heads sections when no 一、 does
                start_section(Heading(2, item.numeral, title, item.where))
            else:
                set_category(title, item.number)
        elif isinstance(item, TaskItem):
            if section is None:  # tasks before any heading: one untitled section holds them
                section = ParsedSection("", 0, "")
                sections.append(section)
            if isinstance(item.category, str):
                set_category(item.category)
            if not item.complete:
                current = None
                continue
            current = _Draft(item, section, category, parent, leader=item.leader, due=item.due)
            if item.units is not None:
                current.units.extend(item.units)
            drafts.append(current)
        elif isinstance(item, UnitLine):
            if current is None:
                warnings.append(ParseWarning("units_without_task", item.where, {}))
            else:
                current.units.extend(item.spec)
                current.leader = current.leader or item.leader
                current.due = current.due or item.due
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
    first_unit_leads: bool = True,
) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    seen: set[str] = set()
    last_number: dict[str, int] = {}
    previous = 0  # the number of the task before, in any section: numbering may run on
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
        elif number != last_number.get(prefix, 0) + 1 and not (
            prefix not in last_number and number == previous + 1
        ):
            expected = last_number.get(prefix, 0) + 1
            warnings.append(
                ParseWarning("numbering_gap", d.item.where, {"code": code, "expected": expected})
            )
        seen.add(code)
        last_number[prefix] = number
        previous = number
        lead, support = d.units.roles(first_unit_leads)
        lead = [n for n in _dedupe([canonical.get(n, n) for n in lead]) if n not in dropped]
        support = [
            s
            for s in _dedupe([canonical.get(n, n) for n in support])
            if s not in lead + list(dropped)
        ]
        if not lead and not support:
            warnings.append(ParseWarning("task_no_units", d.item.where, {"code": code}))
        text = "".join([d.item.text, *d.continuation]).strip().rstrip("。；;.")
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
                leader=d.leader,
                due_text=d.due,
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

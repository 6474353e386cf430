"""What a department has to do: its tasks in a plan, one task in full, and the next deadline.

A task concerns a department when it is assigned to the department directly or to a group
(各街道办事处) the department belongs to. Removed tasks, targets and deadlines are never shown.
Only plain frozen dataclasses leave this module, so callers may use them after the session is
closed; nothing here writes. The SQL lives in ``db.tasks``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import rrulestr
from sqlmodel import Session

from db import tasks
from db.enums import Comparator, Role, TargetKind
from db.models import Deadline, Task
from db.tasks import current_plan_id, task_concerns

__all__ = [
    "DeadlineView",
    "TargetView",
    "TaskDetail",
    "TaskLine",
    "Workload",
    "current_plan_id",
    "due_dates",
    "next_deadline",
    "short_title",
    "task_concerns",
    "task_detail",
    "tasks_for_departments",
    "workload",
]

# a task's first clause: skip what only opens the text (clause ends, whitespace), then read to
# the next clause end (。；; — the comma 、， joins parts of one clause)
_FIRST_CLAUSE = re.compile(r"[\s。；;]*([^。；;]*)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TaskLine:
    """One task in a department's list."""

    task_id: int
    code: str  # "三.2", as in the notice
    section_numeral: str
    title: str  # the task text shortened, see ``short_title``
    role: Role  # LEAD when any of the asked departments leads it
    department_ids: tuple[int, ...]  # which of the asked departments it concerns, in that order
    due: date | None = None  # its own time limit (完成时限) as a day
    due_text: str | None = None  # that limit as the notice words it (长期坚持 has no day)


@dataclass(frozen=True)
class TargetView:
    subject: str
    comparator: Comparator
    value: float
    unit: str
    text: str  # the notice's own words
    kind: TargetKind  # a level (200件), a growth rate (增长6%) or a ratio (参保率96%)


@dataclass(frozen=True)
class TaskDetail:
    task_id: int
    plan_id: int
    code: str
    section_numeral: str
    section_title: str
    category: str | None
    text: str
    leads: list[str]  # department or group names, in the notice's order
    supports: list[str]
    targets: list[TargetView]  # active targets, by position
    due: date | None = None  # its own time limit (完成时限) as a day
    due_text: str | None = None  # that limit as the notice words it


@dataclass(frozen=True)
class DeadlineView:
    deadline_id: int
    name: str
    due: date  # for a recurring deadline, its next occurrence
    days_left: int  # 0 on the day itself


@dataclass(frozen=True)
class Workload:
    lead: int
    support: int
    open: int


def tasks_for_departments(
    *, session: Session, plan_id: int, department_ids: Collection[int]
) -> list[TaskLine]:
    """The plan's tasks that concern any of these departments, each once, in notice order."""
    asked = list(dict.fromkeys(department_ids))
    if not asked:
        return []
    rows = tasks.task_rows(session=session, plan_id=plan_id, department_ids=asked)

    # rows come one per (task, department), tasks in notice order: fold them into one line each
    found: dict[int, tuple[Task, str]] = {}
    concerned: dict[int, set[int]] = defaultdict(set)
    leads: set[int] = set()
    for task, numeral, department_id, rank in rows:
        assert task.id is not None
        found.setdefault(task.id, (task, numeral))
        concerned[task.id].add(department_id)
        if rank == 0:
            leads.add(task.id)
    order = {department_id: i for i, department_id in enumerate(asked)}
    return [
        TaskLine(
            task_id=task_id,
            code=task.code,
            section_numeral=numeral,
            title=short_title(task.text),
            role=Role.LEAD if task_id in leads else Role.SUPPORT,
            department_ids=tuple(sorted(concerned[task_id], key=order.__getitem__)),
            due=task.due,
            due_text=task.due_text,
        )
        for task_id, (task, numeral) in found.items()
    ]


def short_title(text: str, limit: int = 28) -> str:
    """The first clause of a task's text on one line, at most ``limit`` characters.

    Whitespace (line breaks from table cells) collapses to one space; a clause longer than
    ``limit`` is cut and ends with "…". For one-line lists and button labels.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    # a text that opens with a stray 。 still has a first clause after it; only that clause is
    # read and flattened, not the whole text (a summary shortens every task's text)
    match = _FIRST_CLAUSE.match(text)
    assert match is not None  # the pattern matches any text, if only the empty string
    clause = _SPACE.sub(" ", match.group(1)).strip()
    if len(clause) <= limit:
        return clause
    return clause[: limit - 1].rstrip() + "…"


def task_detail(*, session: Session, task_id: int) -> TaskDetail | None:
    """One task in full; ``None`` when there is no such task or a revised notice removed it."""
    shown = tasks.shown_task(session=session, task_id=task_id)
    if shown is None:
        return None
    task, section = shown
    units = tasks.task_unit_names(session=session, task_id=task_id)
    targets = tasks.active_targets(session=session, task_id=task_id)
    assert task.id is not None
    return TaskDetail(
        task_id=task.id,
        plan_id=task.plan_id,
        code=task.code,
        section_numeral=section.numeral,
        section_title=section.title,
        category=task.category,
        text=task.text,
        leads=[name for role, name in units if role == Role.LEAD],
        supports=[name for role, name in units if role == Role.SUPPORT],
        targets=[
            TargetView(
                subject=t.subject,
                comparator=t.comparator,
                value=t.value,
                unit=t.unit,
                text=t.text,
                kind=t.kind,
            )
            for t in targets
        ],
        due=task.due,
        due_text=task.due_text,
    )


def next_deadline(*, session: Session, plan_id: int, today: date) -> DeadlineView | None:
    """The active deadline due soonest on or after ``today``; ``None`` when none is left.

    A recurring deadline (an RRULE whose DTSTART is its ``due``) counts with its next
    occurrence on or after ``today``. On a tie the deadline stored first wins.
    """
    deadlines = tasks.active_deadlines(session=session, plan_id=plan_id)
    best: DeadlineView | None = None
    for deadline in deadlines:
        due = _next_due(deadline, today)
        if due is None or (best is not None and due >= best.due):
            continue
        assert deadline.id is not None
        best = DeadlineView(
            deadline_id=deadline.id, name=deadline.name, due=due, days_left=(due - today).days
        )
    return best


def _next_due(deadline: Deadline, today: date) -> date | None:
    return due_dates(deadline, today)[1]


def due_dates(deadline: Deadline, today: date) -> tuple[date | None, date | None]:
    """The deadline's last due date before ``today`` and its next on or after it.

    A one-off deadline has one date, so one side is ``None``; a recurring one (an RRULE whose
    DTSTART is its ``due``) may have both.
    """
    if not deadline.rule:
        return (None, deadline.due) if deadline.due >= today else (deadline.due, None)
    start = datetime.combine(deadline.due, time())
    try:
        rule = rrulestr(deadline.rule, dtstart=start)
    except (ValueError, TypeError):
        # a rule the importer did not write (edited by hand) and cannot be read: fall back to
        # the one date we know rather than hide the deadline or fail the whole view
        return (None, deadline.due) if deadline.due >= today else (deadline.due, None)
    midnight = datetime.combine(today, time())
    before = rule.before(midnight, inc=False)
    after = rule.after(midnight, inc=True)
    return (
        before.date() if before is not None else None,
        after.date() if after is not None else None,
    )


def workload(lines: Sequence[TaskLine], *, open_count: int) -> Workload:
    """Lead and support counts of a department's list; ``open_count`` comes from the reports
    (``bot.people.directory.open_task_count``), which these lines do not carry."""
    lead = sum(1 for line in lines if line.role == Role.LEAD)
    return Workload(lead=lead, support=len(lines) - lead, open=open_count)

"""What a department has to do: its tasks in a plan, one task in full, and the next deadline.

A task concerns a department when it is assigned to the department directly or to a group
(各街道办事处) the department belongs to. Removed tasks, targets and deadlines are never shown.
Only plain frozen dataclasses leave this module, so callers may use them after the session is
closed; nothing here writes.

``department_task_pairs`` is the one statement that says which department a task concerns and
in which role; ``bot.directory`` builds its counts on it too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from dateutil.rrule import rrulestr
from sqlalchemy import Subquery, case, literal, union_all
from sqlalchemy import select as core_select  # subqueries: SQLModel's typed select stops at 4
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from bot.importer.model import Comparator, Role, TargetKind
from db.models import (
    Deadline,
    Department,
    DepartmentGroup,
    DepartmentGroupMember,
    Plan,
    Section,
    Target,
    Task,
    TaskAssignment,
)

__all__ = [
    "DeadlineView",
    "TargetView",
    "TaskDetail",
    "TaskLine",
    "Workload",
    "current_plan_id",
    "department_task_pairs",
    "next_deadline",
    "role_rank",
    "short_title",
    "task_concerns",
    "task_detail",
    "tasks_for_departments",
    "workload",
]

# where the first clause of a task's text ends (the comma 、， joins parts of one clause)
_CLAUSE_END = re.compile(r"[。；;]")
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


def current_plan_id(*, session: Session) -> int | None:
    """The plan most recently imported or revised; ``None`` before the first import."""
    return session.exec(
        select(Plan.id).order_by(col(Plan.updated_at).desc(), col(Plan.id).desc()).limit(1)
    ).first()


def role_rank(role: ColumnElement[Any] | Mapped[Role]) -> ColumnElement[int]:
    """0 for a lead, 1 for a support: ``min`` of it over several assignments picks the lead."""
    return case((role == Role.LEAD, 0), else_=1)


def department_task_pairs(
    *, plan_id: int, department_ids: Collection[int] | None = None
) -> Subquery:
    """``(task_id, department_id, role, position)`` rows for the plan's tasks now shown.

    One row per assignment, directly or through a group (then one row per member), so a
    department may appear several times for one task; ``position`` is the assignment's place
    in the notice's list. ``department_ids`` limits the rows to those departments.
    """
    shown = [col(Task.plan_id) == plan_id, col(Task.removed_at).is_(None)]
    direct_only: list[ColumnElement[bool]] = []
    members_only: list[ColumnElement[bool]] = []
    if department_ids is not None:
        ids = list(department_ids)
        direct_only = [col(TaskAssignment.department_id).in_(ids)]
        members_only = [col(DepartmentGroupMember.department_id).in_(ids)]
    direct = (
        # the union's columns take these names: task_id, department_id, role, position
        core_select(
            col(TaskAssignment.task_id),
            col(TaskAssignment.department_id),
            col(TaskAssignment.role),
            col(TaskAssignment.position),
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .where(*shown, col(TaskAssignment.department_id).is_not(None), *direct_only)
    )
    via_group = (
        core_select(
            col(TaskAssignment.task_id),
            col(DepartmentGroupMember.department_id),
            col(TaskAssignment.role),
            col(TaskAssignment.position),
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .join(
            DepartmentGroupMember,
            col(DepartmentGroupMember.group_id) == col(TaskAssignment.group_id),
        )
        .where(*shown, *members_only)
    )
    return union_all(direct, via_group).subquery("pairs")


def tasks_for_departments(
    *, session: Session, plan_id: int, department_ids: Collection[int]
) -> list[TaskLine]:
    """The plan's tasks that concern any of these departments, each once, in notice order."""
    asked = list(dict.fromkeys(department_ids))
    if not asked:
        return []
    pairs = department_task_pairs(plan_id=plan_id, department_ids=asked)
    rows = session.exec(
        select(Task, Section.numeral, pairs.c.department_id, func.min(role_rank(pairs.c.role)))
        .join(pairs, pairs.c.task_id == col(Task.id))
        .join(Section, col(Section.id) == col(Task.section_id))
        # grouped by both primary keys so PostgreSQL accepts the task and section columns
        .group_by(col(Task.id), col(Section.id), pairs.c.department_id)
        .order_by(col(Task.position), col(Task.id))
    ).all()

    # rows come one per (task, department), tasks in notice order: fold them into one line each
    tasks: dict[int, tuple[Task, str]] = {}
    concerned: dict[int, set[int]] = defaultdict(set)
    leads: set[int] = set()
    for task, numeral, department_id, rank in rows:
        assert task.id is not None
        tasks.setdefault(task.id, (task, numeral))
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
        )
        for task_id, (task, numeral) in tasks.items()
    ]


def short_title(text: str, limit: int = 28) -> str:
    """The first clause of a task's text on one line, at most ``limit`` characters.

    Whitespace (line breaks from table cells) collapses to one space; a clause longer than
    ``limit`` is cut and ends with "…". For one-line lists and button labels.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    flat = _SPACE.sub(" ", text).strip()
    # a text that opens with a stray 。 still has a first clause after it
    clause = next((part.strip() for part in _CLAUSE_END.split(flat) if part.strip()), "")
    if len(clause) <= limit:
        return clause
    return clause[: limit - 1].rstrip() + "…"


def task_detail(*, session: Session, task_id: int) -> TaskDetail | None:
    """One task in full; ``None`` when there is no such task or a revised notice removed it."""
    found = session.exec(
        select(Task, Section)
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(col(Task.id) == task_id, col(Task.removed_at).is_(None))
    ).first()
    if found is None:
        return None
    task, section = found
    units = session.exec(
        select(TaskAssignment.role, func.coalesce(Department.name, DepartmentGroup.name))
        .outerjoin(Department, col(Department.id) == col(TaskAssignment.department_id))
        .outerjoin(DepartmentGroup, col(DepartmentGroup.id) == col(TaskAssignment.group_id))
        .where(col(TaskAssignment.task_id) == task_id)
        .order_by(role_rank(col(TaskAssignment.role)), col(TaskAssignment.position))
    ).all()
    targets = session.exec(
        select(Target)
        .where(col(Target.task_id) == task_id, col(Target.removed_at).is_(None))
        .order_by(col(Target.position), col(Target.id))
    ).all()
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
    )


def task_concerns(*, session: Session, task_id: int, department_ids: Collection[int]) -> bool:
    """Is the task assigned to one of these departments, directly or through a group?

    A removed task concerns nobody: a button to an old task must not open it.
    """
    ids = list(department_ids)
    if not ids:
        return False
    plan_id = session.exec(
        select(Task.plan_id).where(col(Task.id) == task_id, col(Task.removed_at).is_(None))
    ).first()
    if plan_id is None:
        return False
    pairs = department_task_pairs(plan_id=plan_id, department_ids=ids)
    hit = session.exec(select(literal(1)).where(pairs.c.task_id == task_id).limit(1)).first()
    return hit is not None


def next_deadline(*, session: Session, plan_id: int, today: date) -> DeadlineView | None:
    """The active deadline due soonest on or after ``today``; ``None`` when none is left.

    A recurring deadline (an RRULE whose DTSTART is its ``due``) counts with its next
    occurrence on or after ``today``. On a tie the deadline stored first wins.
    """
    deadlines = session.exec(
        select(Deadline)
        .where(col(Deadline.plan_id) == plan_id, col(Deadline.removed_at).is_(None))
        .order_by(col(Deadline.id))
    ).all()
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
    if not deadline.rule:
        return deadline.due if deadline.due >= today else None
    start = datetime.combine(deadline.due, time())
    try:
        rule = rrulestr(deadline.rule, dtstart=start)
    except (ValueError, TypeError):
        # a rule the importer did not write (edited by hand) and cannot be read: fall back to
        # the one date we know rather than hide the deadline or fail the whole view
        return deadline.due if deadline.due >= today else None
    after = rule.after(datetime.combine(today, time()), inc=True)
    return after.date() if after is not None else None


def workload(lines: Sequence[TaskLine], *, open_count: int) -> Workload:
    """Lead and support counts of a department's list; ``open_count`` comes from the reports
    (``bot.directory.open_task_count``), which these lines do not carry."""
    lead = sum(1 for line in lines if line.role == Role.LEAD)
    return Workload(lead=lead, support=len(lines) - lead, open=open_count)

"""Queries behind the coordinator's summary: the plan's tasks with their units and targets, each
task's latest report and each target's latest figure for one deadline occurrence, status counts
per section and reported / missing counts per department.

Everything is counted by the database: the latest report per task and the latest figure per
target are ``ROW_NUMBER()`` windows, the counts are ``GROUP BY``s; one statement per concern,
never one per task, and no function here returns more rows than the plan has tasks, targets or
(task, department) pairs — reports are never loaded to be counted. Portable SQL (SQLite and
PostgreSQL). Every function takes the caller's ``session``; none writes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Subquery, bindparam, case, exists, null, union_all
from sqlalchemy import select as core_select  # SQLModel's typed select stops at a few columns
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func

from db.models import (
    Department,
    DepartmentGroup,
    DepartmentPause,
    Liaison,
    Plan,
    Report,
    ReportFigure,
    ReportStatus,
    Section,
    Target,
    Task,
    TaskAssignment,
)
from db.tasks import department_task_pairs, role_rank

__all__ = [
    "Occurrence",
    "PlanHead",
    "StatusCount",
    "SummaryDepartmentRow",
    "SummaryLatestRow",
    "SummaryTargetRow",
    "SummaryTaskRow",
    "department_counts",
    "department_task_ids",
    "latest_figures",
    "latest_reports",
    "plan_head",
    "status_counts",
    "summary_targets",
    "summary_tasks",
    "unit_names",
]


@dataclass(frozen=True)
class Occurrence:
    """One deadline occurrence: what a report's ``deadline_id`` and ``deadline_due`` say."""

    deadline_id: int
    due: date


@dataclass(frozen=True)
class PlanHead:
    plan_id: int
    title: str
    year: int | None


@dataclass(frozen=True)
class SummaryTaskRow:
    task_id: int
    code: str
    section: str
    section_title: str
    position: int
    category: str | None
    text: str


@dataclass(frozen=True)
class SummaryTargetRow:
    target_id: int
    task_id: int
    subject: str
    unit: str
    value: float
    comparator: str
    kind: str


@dataclass(frozen=True)
class SummaryLatestRow:
    """A task's latest report for the occurrence (from any department)."""

    task_id: int
    status: ReportStatus
    percent: float | None
    note: str | None
    created_at: datetime
    liaison: str | None
    department: str


@dataclass(frozen=True)
class StatusCount:
    section: str
    status: ReportStatus | None  # None: no report for the occurrence
    count: int


@dataclass(frozen=True)
class SummaryDepartmentRow:
    department_id: int
    name: str
    tasks: int
    reported: int
    paused_until: date | None


def plan_head(*, session: Session, plan_id: int) -> PlanHead | None:
    row = session.execute(
        core_select(col(Plan.title), col(Plan.year)).where(col(Plan.id) == plan_id)
    ).first()
    return PlanHead(plan_id, row[0], row[1]) if row is not None else None


def summary_tasks(*, session: Session, plan_id: int) -> list[SummaryTaskRow]:
    """The plan's tasks a revised notice has not removed, in the notice's order."""
    rows = session.execute(
        core_select(
            col(Task.id),
            col(Task.code),
            col(Section.numeral),
            col(Section.title),
            col(Task.position),
            col(Task.category),
            col(Task.text),
        )
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(*_shown(plan_id))
        .order_by(col(Task.position), col(Task.id))
    ).all()
    return [SummaryTaskRow(*row) for row in rows]


def unit_names(*, session: Session, plan_id: int) -> list[tuple[int, str, str]]:
    """``(task id, role value, department or group name)``: leads first, in the notice's order."""
    rows = session.execute(
        core_select(
            col(TaskAssignment.task_id),
            col(TaskAssignment.role),
            func.coalesce(col(Department.name), col(DepartmentGroup.name)),
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .outerjoin(Department, col(Department.id) == col(TaskAssignment.department_id))
        .outerjoin(DepartmentGroup, col(DepartmentGroup.id) == col(TaskAssignment.group_id))
        .where(*_shown(plan_id))
        .order_by(
            col(TaskAssignment.task_id),
            role_rank(col(TaskAssignment.role)),
            col(TaskAssignment.position),
        )
    ).all()
    return [(task_id, str(role), name) for task_id, role, name in rows]


def summary_targets(*, session: Session, plan_id: int) -> list[SummaryTargetRow]:
    """The active targets of the plan's shown tasks, by task and position."""
    rows = session.execute(
        core_select(
            col(Target.id),
            col(Target.task_id),
            col(Target.subject),
            col(Target.unit),
            col(Target.value),
            col(Target.comparator),
            col(Target.kind),
        )
        .join(Task, col(Task.id) == col(Target.task_id))
        .where(*_shown(plan_id), col(Target.removed_at).is_(None))
        .order_by(col(Target.task_id), col(Target.position), col(Target.id))
    ).all()
    return [
        SummaryTargetRow(target_id, task_id, subject, unit, value, str(comparator), str(kind))
        for target_id, task_id, subject, unit, value, comparator, kind in rows
    ]


def latest_reports(
    *, session: Session, plan_id: int, occurrence: Occurrence
) -> list[SummaryLatestRow]:
    """Each shown task's newest report for the occurrence (``created_at``, then id), from any
    department, with the reporting liaison's and department's names; unreported tasks absent."""
    # the window numbers narrow rows (ids); the details are read for the one latest per task
    ranked = _latest_per_task(plan_id, occurrence)
    rows = session.execute(
        core_select(
            col(Report.task_id),
            col(Report.status),
            col(Report.percent),
            col(Report.note),
            col(Report.created_at),
            col(Liaison.full_name),
            col(Department.name),
        )
        .select_from(ranked)
        .join(Report, col(Report.id) == ranked.c.report_id)
        .join(Department, col(Department.id) == col(Report.department_id))
        .outerjoin(Liaison, col(Liaison.id) == col(Report.liaison_id))
        .where(ranked.c.n == 1)
    ).all()
    return [
        SummaryLatestRow(task_id, ReportStatus(status), percent, note, created, liaison, name)
        for task_id, status, percent, note, created, liaison, name in rows
    ]


def latest_figures(*, session: Session, plan_id: int, occurrence: Occurrence) -> dict[int, float]:
    """``target id → value``: each active target's newest figure among its task's reports for
    the occurrence (report ``created_at``, then report id); targets never given a figure absent."""
    ranked = (
        core_select(
            col(ReportFigure.target_id).label("target_id"),
            col(ReportFigure.value).label("value"),
            func.row_number()
            .over(
                partition_by=col(ReportFigure.target_id),
                order_by=(col(Report.created_at).desc(), col(Report.id).desc()),
            )
            .label("n"),
        )
        .join(Report, col(Report.id) == col(ReportFigure.report_id))
        .join(Target, col(Target.id) == col(ReportFigure.target_id))
        .join(Task, col(Task.id) == col(Report.task_id))
        .where(
            *_shown(plan_id),
            *_for(occurrence),
            col(Target.removed_at).is_(None),
            # a figure counts for the task it was reported on (never another task's target)
            col(Target.task_id) == col(Report.task_id),
        )
        .subquery()
    )
    rows = session.execute(
        core_select(ranked.c.target_id, ranked.c.value).where(ranked.c.n == 1)
    ).all()
    return {target_id: value for target_id, value in rows}


def status_counts(
    *,
    session: Session,
    plan_id: int,
    occurrence: Occurrence,
    task_ids: Collection[int] | None = None,
) -> list[StatusCount]:
    """Shown tasks per (section, latest status) — ``None`` for unreported — optionally only
    ``task_ids``: ``GROUP BY`` over the latest-report window, and the tasks per section beside
    it (unreported = tasks - reported), in one statement.

    The window's result is joined to the tasks, never the tasks to the window's result: SQLite
    cannot index a window's output, and a correlated "latest status" subquery per task leaves
    the choice of index (task or deadline) to chance when the database has no statistics.
    """
    latest = _latest_per_task(plan_id, occurrence)
    reported = (
        core_select(
            col(Section.numeral).label("numeral"),
            latest.c.status.label("status"),
            func.count().label("n"),
        )
        .select_from(latest)
        .join(Task, col(Task.id) == latest.c.task_id)
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(latest.c.n == 1, *_only(col(Task.id), task_ids))
        .group_by(col(Section.numeral), latest.c.status)
    )
    totals = (
        core_select(
            col(Section.numeral),
            null().label("status"),  # the section's every task, whatever its status
            func.count(),
        )
        .select_from(Task)
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(*_shown(plan_id), *_only(col(Task.id), task_ids))
        .group_by(col(Section.numeral))
    )
    counts: list[StatusCount] = []
    unreported: dict[str, int] = {}
    for numeral, status, count in session.execute(union_all(reported, totals)).all():
        if status is None:
            unreported[numeral] = unreported.get(numeral, 0) + int(count)
        else:
            counts.append(StatusCount(numeral, ReportStatus(status), int(count)))
            unreported[numeral] = unreported.get(numeral, 0) - int(count)
    counts += [StatusCount(numeral, None, n) for numeral, n in unreported.items() if n]
    return counts


def department_counts(
    *,
    session: Session,
    plan_id: int,
    occurrence: Occurrence,
    task_ids: Collection[int] | None = None,
    department_id: int | None = None,
) -> list[SummaryDepartmentRow]:
    """Every department answering for a shown task (directly or through a group, lead or
    support): its tasks, how many of them it reported for the occurrence, its pause.

    ``task_ids`` counts only those tasks (and only departments answering for one of them);
    ``department_id`` keeps that one department.
    """
    pairs = department_task_pairs(
        plan_id=plan_id, department_ids=[department_id] if department_id is not None else None
    )
    # a department named directly and through a group answers for the task once
    owed = (
        core_select(pairs.c.task_id, pairs.c.department_id)
        .where(*_only(pairs.c.task_id, task_ids))
        .distinct()
        .subquery("owed")
    )
    # did the department report the task? one probe of the report index per pair
    done = (
        exists()
        .where(
            col(Report.task_id) == owed.c.task_id,
            col(Report.department_id) == owed.c.department_id,
            *_for(occurrence),
        )
        .correlate(owed)
    )
    rows = session.execute(
        core_select(
            col(Department.id),
            col(Department.name),
            func.count(),
            func.count(case((done, 1))),
            func.max(col(DepartmentPause.until)),
        )
        .select_from(owed)
        .join(Department, col(Department.id) == owed.c.department_id)
        .outerjoin(DepartmentPause, col(DepartmentPause.department_id) == owed.c.department_id)
        .group_by(col(Department.id), col(Department.name))
    ).all()
    return [
        SummaryDepartmentRow(department_id, name, int(tasks), int(reported), until)
        for department_id, name, tasks, reported, until in rows
    ]


def department_task_ids(*, session: Session, plan_id: int, department_id: int) -> set[int]:
    """The shown tasks a department answers for, directly or through a group."""
    pairs = department_task_pairs(plan_id=plan_id, department_ids=[department_id])
    return set(session.execute(core_select(pairs.c.task_id).distinct()).scalars().all())


# --- building blocks -------------------------------------------------------------------------


def _shown(plan_id: int) -> list[ColumnElement[bool]]:
    return [col(Task.plan_id) == plan_id, col(Task.removed_at).is_(None)]


def _for(occurrence: Occurrence) -> list[ColumnElement[bool]]:
    return [
        col(Report.deadline_id) == occurrence.deadline_id,
        col(Report.deadline_due) == occurrence.due,
    ]


def _only(column: Any, ids: Collection[int] | None) -> list[ColumnElement[bool]]:
    """``column IN ids`` as one expanding parameter (the statement stays cached); none for all."""
    if ids is None:
        return []
    return [column.in_(bindparam("only_ids", list(ids), expanding=True))]


def _latest_per_task(plan_id: int, occurrence: Occurrence) -> Subquery:
    """Reports for the occurrence on the plan's shown tasks, numbered per task newest first
    (``n`` = 1 is the latest): only ids and status, so the window sorts narrow rows."""
    return (
        core_select(
            col(Report.id).label("report_id"),
            col(Report.task_id).label("task_id"),
            col(Report.status).label("status"),
            func.row_number()
            .over(
                partition_by=col(Report.task_id),
                order_by=(col(Report.created_at).desc(), col(Report.id).desc()),
            )
            .label("n"),
        )
        .join(Task, col(Task.id) == col(Report.task_id))
        .where(*_shown(plan_id), *_for(occurrence))
        .subquery("latest")
    )

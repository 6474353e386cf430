"""Queries behind the coordinator's summary: the plan's tasks with their units and targets, each
task's latest report and each target's latest figure for one deadline occurrence, and reported /
missing counts per department.

Everything is chosen and counted by the database, one statement per concern, never one per
task, and no function here returns more rows than the plan has tasks, targets, units or
departments — reports are never loaded to be counted. A task's latest report for an occurrence
is ``ORDER BY created_at DESC, id DESC LIMIT 1`` per task, which ``ix_report_latest_per_task``
(task, deadline, occurrence, created_at, id) answers with its first entry: no sort of the
occurrence's reports, and a plan that does not depend on statistics (SQLite has none unless
``ANALYZE`` ran). A target's latest figure walks the same entries; "did the department report
the task" is one seek of ``ix_report_per_department`` (task, department, deadline,
occurrence, …). Migration 0006 made both; ``bench/README.md`` has the figures.

Rows come back as ``NamedTuple``s: a summary of 10,000 tasks reads about 35,000 rows, and a
tuple is the cheapest typed row to build. Portable SQL (SQLite and PostgreSQL). Every function
takes the caller's ``session``; none writes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, and_, bindparam, case, literal, type_coerce, union, union_all
from sqlalchemy import select as core_select  # SQLModel's typed select stops at a few columns
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func

from db.enums import ReportStatus, Role
from db.models import (
    Department,
    DepartmentGroup,
    DepartmentGroupMember,
    DepartmentPause,
    Liaison,
    Plan,
    Report,
    ReportFigure,
    Section,
    Target,
    Task,
    TaskAssignment,
)
from db.tasks import department_task_pairs, role_rank

__all__ = [
    "Occurrence",
    "PlanHead",
    "SummaryDepartmentRow",
    "SummaryLineRow",
    "SummaryTargetRow",
    "department_counts",
    "department_task_ids",
    "plan_head",
    "section_numerals",
    "summary_lines",
    "summary_targets",
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


class SummaryLineRow(NamedTuple):
    """A shown task with its latest report for the occurrence (from any department); the
    report's fields are ``None`` when the task has none."""

    task_id: int
    code: str
    section: str
    section_title: str
    position: int
    category: str | None
    text: str
    status: str | None  # the ``ReportStatus`` value, as stored (the caller makes the member)
    percent: float | None
    note: str | None
    reported_at: datetime | None
    liaison: str | None
    department: str | None
    due: date | None  # the task's own time limit (完成时限)
    past_due: int  # 1: ``due`` before today, the newest report (any deadline) not done
    # when the task's first report for the occurrence (any department) came, if the caller
    # asked (``first_report``); ``None`` otherwise
    first_at: datetime | None = None


class SummaryTargetRow(NamedTuple):
    target_id: int
    task_id: int
    subject: str
    unit: str
    value: float
    comparator: str
    kind: str
    latest: float | None  # the newest figure reported for it for the occurrence


class SummaryDepartmentRow(NamedTuple):
    department_id: int
    name: str
    tasks: int
    reported: int
    paused_until: date | None
    late_reported: int = 0  # of ``reported``: pairs whose every report came at/after ``late_from``
    position: int = 0  # the notice position of the department's first task counted


def plan_head(*, session: Session, plan_id: int) -> PlanHead | None:
    row = session.execute(
        core_select(col(Plan.title), col(Plan.year)).where(col(Plan.id) == plan_id)
    ).first()
    return PlanHead(plan_id, row[0], row[1]) if row is not None else None


def section_numerals(*, session: Session, plan_id: int) -> list[str]:
    """The numerals of the sections holding a shown task, in the notice's order."""
    rows = session.execute(
        core_select(col(Section.numeral))
        .join(Task, col(Task.section_id) == col(Section.id))
        .where(*_shown(plan_id))
        .group_by(col(Section.numeral))
        .order_by(func.min(col(Task.position)))
    ).all()
    return [numeral for (numeral,) in rows]


def unit_names(
    *, session: Session, plan_id: int, occurrence: Occurrence
) -> Iterator[tuple[int, str, str, bool]]:
    """``(task id, role value, department or group name, reported)``: by task, leads first, in
    the notice's order (streamed; see ``_stream``). ``reported``: the unit reported the task for
    the occurrence — a department itself, a group through any of its members; one seek of
    ``ix_report_per_department`` per department asked."""
    by_department = (
        core_select(literal(1))
        .where(
            col(Report.task_id) == col(TaskAssignment.task_id),
            col(Report.department_id) == col(TaskAssignment.department_id),
            *_for(occurrence),
        )
        .correlate(TaskAssignment)
        .exists()
    )
    by_member = (
        core_select(literal(1))
        .select_from(DepartmentGroupMember)
        .join(Report, col(Report.department_id) == col(DepartmentGroupMember.department_id))
        .where(
            col(DepartmentGroupMember.group_id) == col(TaskAssignment.group_id),
            col(Report.task_id) == col(TaskAssignment.task_id),
            *_for(occurrence),
        )
        .correlate(TaskAssignment)
        .exists()
    )
    reported = case(
        (col(TaskAssignment.department_id).is_not(None), case((by_department, 1), else_=0)),
        else_=case((by_member, 1), else_=0),
    )
    return _stream(
        session,
        core_select(
            col(TaskAssignment.task_id),
            type_coerce(col(TaskAssignment.role), String),  # the value; no enum per row
            func.coalesce(col(Department.name), col(DepartmentGroup.name)),
            reported,
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .outerjoin(Department, col(Department.id) == col(TaskAssignment.department_id))
        .outerjoin(DepartmentGroup, col(DepartmentGroup.id) == col(TaskAssignment.group_id))
        .where(*_shown(plan_id))
        .order_by(
            col(TaskAssignment.task_id),
            role_rank(col(TaskAssignment.role)),
            col(TaskAssignment.position),
        ),
    )


def summary_lines(
    *,
    session: Session,
    plan_id: int,
    occurrence: Occurrence,
    today: date | None = None,
    first_report: bool = False,
) -> Iterator[SummaryLineRow]:
    """The plan's shown tasks in the notice's order, each with its newest report for the
    occurrence (``created_at``, then id) from any department, that report's liaison and
    department names; ``None`` report fields for a task without one. One probe of
    ``ix_report_latest_per_task`` per task picks the report. With ``first_report``, also the
    time of the task's first report for the occurrence (a second probe of the same index,
    oldest first: is the task 逾期报送?). Streamed (see ``_stream``).

    ``past_due`` is 1 for a task whose own time limit is before ``today`` and whose newest
    report for any deadline is not done (or that has none); its report is only looked up for
    the tasks past their limit."""
    first_at: Any = literal(None)
    if first_report:
        first = aliased(Report, name="first")
        first_at = (
            core_select(col(first.created_at))
            .where(
                col(first.task_id) == col(Task.id),
                col(first.deadline_id) == occurrence.deadline_id,
                col(first.deadline_due) == occurrence.due,
            )
            .order_by(col(first.created_at), col(first.id))
            .limit(1)
            .correlate(Task)
            .scalar_subquery()
        )
    rows = _stream(
        session,
        core_select(
            col(Task.id),
            col(Task.code),
            col(Section.numeral),
            col(Section.title),
            col(Task.position),
            col(Task.category),
            col(Task.text),
            type_coerce(col(Report.status), String),  # the value; no enum per row
            col(Report.percent),
            col(Report.note),
            col(Report.created_at),
            col(Liaison.full_name),
            col(Department.name),
            col(Task.due),
            _past_due(today),
            first_at,
        )
        .join(Section, col(Section.id) == col(Task.section_id))
        .outerjoin(Report, col(Report.id) == _newest_report_id(col(Task.id), occurrence))
        .outerjoin(Department, col(Department.id) == col(Report.department_id))
        .outerjoin(Liaison, col(Liaison.id) == col(Report.liaison_id))
        .where(*_shown(plan_id))
        .order_by(col(Task.position), col(Task.id)),
    )
    return map(SummaryLineRow._make, rows)


def summary_targets(
    *, session: Session, plan_id: int, occurrence: Occurrence
) -> Iterator[SummaryTargetRow]:
    """The active targets of the plan's shown tasks, by task and position, each with its newest
    figure among its task's reports for the occurrence (report ``created_at``, then report id;
    ``None`` when none gave one). A figure counts for the task it was reported on, never
    another task's target.

    Per target, the task's reports for the occurrence are walked newest first through
    ``ix_report_latest_per_task``, each probing the figure by its unique (report, target) key;
    the first hit is the value. Streamed (see ``_stream``).
    """
    newest = aliased(Report, name="newest")
    figure = (
        core_select(col(ReportFigure.value))
        .join(newest, col(newest.id) == col(ReportFigure.report_id))
        .where(
            col(ReportFigure.target_id) == col(Target.id),
            col(newest.task_id) == col(Target.task_id),
            col(newest.deadline_id) == occurrence.deadline_id,
            col(newest.deadline_due) == occurrence.due,
        )
        .order_by(col(newest.created_at).desc(), col(newest.id).desc())
        .limit(1)
        .correlate(Target)
        .scalar_subquery()
    )
    rows = _stream(
        session,
        core_select(
            col(Target.id),
            col(Target.task_id),
            col(Target.subject),
            col(Target.unit),
            col(Target.value),
            type_coerce(col(Target.comparator), String),  # the values; no enum per row
            type_coerce(col(Target.kind), String),
            figure,
        )
        .join(Task, col(Task.id) == col(Target.task_id))
        .where(*_shown(plan_id), col(Target.removed_at).is_(None))
        .order_by(col(Target.task_id), col(Target.position), col(Target.id)),
    )
    return map(SummaryTargetRow._make, rows)


def department_counts(
    *,
    session: Session,
    plan_id: int,
    occurrence: Occurrence,
    task_ids: Collection[int] | None = None,
    department_id: int | None = None,
    lead_only: bool = False,
    late_from: datetime | None = None,
    any_lead: bool = False,
) -> list[SummaryDepartmentRow]:
    """Every department answering for a shown task (directly or through a group, lead or
    support): its tasks, how many of them it reported for the occurrence, its pause, the notice
    position of its first task.

    ``task_ids`` counts only those tasks (and only departments answering for one of them);
    ``department_id`` keeps that one department; ``lead_only`` counts only the tasks a
    department leads (and only departments leading one). ``late_from`` (the end of the
    deadline's grace) counts, of the reported tasks, those with no report before it
    (``late_reported``). ``any_lead``: a task one of its lead departments reported is not owed
    by its other lead departments that did not (neither counted nor missing for them).
    """
    # the (task, department) pairs owed, with the task's place; UNION because a department
    # named directly and through a group answers once
    halves = (
        _direct_pairs(plan_id, task_ids, department_id, lead_only, with_lead=any_lead),
        _group_pairs(plan_id, task_ids, department_id, lead_only, with_lead=any_lead),
    )
    excused: list[ColumnElement[bool]] = []
    if any_lead:
        # once per (task, department), a lead if any of its assignments is (UNION ALL, then
        # grouped: a department leading directly and supporting through a group is a lead)
        both = union_all(*halves).subquery("pairs")
        owed = (
            core_select(
                both.c.task_id,
                both.c.department_id,
                func.min(both.c.position).label("position"),
                func.max(both.c.lead).label("lead"),
            )
            .group_by(both.c.task_id, both.c.department_id)
            .subquery("owed")
        )
    else:
        owed = union(*halves).subquery("owed")
    # did the department report the task? one seek of ix_report_per_department per pair,
    # read from the index alone (SELECT 1: exists() alone selects *, and SQLite then visited
    # the table for every pair)
    done = _reported_by(owed.c.task_id, owed.c.department_id, occurrence)
    late: Any = literal(0)
    if late_from is not None:
        on_time = _reported_by(owed.c.task_id, owed.c.department_id, occurrence, late_from)
        late = func.count(case((and_(done, ~on_time), 1)))
    if any_lead:
        # the tasks some lead department reported (over every department, whatever the
        # scope): a lead pair of such a task that did not report is not owed
        leads = union(
            _direct_pairs(plan_id, task_ids, None, True),
            _group_pairs(plan_id, task_ids, None, True),
        ).subquery("leads")
        settled = core_select(leads.c.task_id).where(
            _reported_by(leads.c.task_id, leads.c.department_id, occurrence)
        )
        excused = [~and_(owed.c.lead == 1, ~done, owed.c.task_id.in_(settled))]
    # count per department id first, then name it: the names and pauses are read once per
    # department, not once per pair, and the grouping sorts integers only
    counted = (
        core_select(
            owed.c.department_id,
            func.count().label("tasks"),
            func.count(case((done, 1))).label("reported"),
            late.label("late_reported"),
            func.min(owed.c.position).label("position"),
        )
        .where(*excused)
        .group_by(owed.c.department_id)
        .subquery("counted")
    )
    rows = session.execute(
        core_select(
            col(Department.id),
            col(Department.name),
            counted.c.tasks,
            counted.c.reported,
            col(DepartmentPause.until),  # at most one pause per department (unique)
            counted.c.late_reported,
            counted.c.position,
        )
        .select_from(counted)
        .join(Department, col(Department.id) == counted.c.department_id)
        .outerjoin(DepartmentPause, col(DepartmentPause.department_id) == counted.c.department_id)
    ).all()
    return [
        SummaryDepartmentRow(
            department_id, name, int(tasks), int(reported), until, int(late_count), int(position)
        )
        for department_id, name, tasks, reported, until, late_count, position in rows
    ]


def department_task_ids(*, session: Session, plan_id: int, department_id: int) -> set[int]:
    """The shown tasks a department answers for, directly or through a group."""
    pairs = department_task_pairs(plan_id=plan_id, department_ids=[department_id])
    return set(session.execute(core_select(pairs.c.task_id).distinct()).scalars().all())


# --- building blocks -------------------------------------------------------------------------


def _stream(session: Session, statement: Any) -> Iterator[Any]:
    """The statement's rows one by one, through the session's connection (Core, no ORM row
    processing), read from the cursor a thousand at a time (``fetchmany``: one driver call per
    chunk rather than per row). Streaming keeps a large summary's rows from all being alive at
    once: each chunk becomes garbage when the caller has folded it, which also spares the
    cyclic GC. Consume the iterator before the session's next statement."""
    for chunk in session.connection().execute(statement).partitions(_CHUNK):
        yield from chunk


_CHUNK = 1000


def _direct_pairs(
    plan_id: int,
    task_ids: Collection[int] | None,
    department_id: int | None,
    lead_only: bool,
    *,
    with_lead: bool = False,
) -> Any:
    """``(task_id, department_id, position)`` of the shown tasks' assignments naming a
    department (and ``lead``, 1 or 0, when asked)."""
    return (
        core_select(
            col(TaskAssignment.task_id).label("task_id"),
            col(TaskAssignment.department_id).label("department_id"),
            col(Task.position).label("position"),
            *_lead_flag(with_lead),
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .where(
            *_shown(plan_id),
            col(TaskAssignment.department_id).is_not(None),
            *_only(col(TaskAssignment.task_id), task_ids),
            *_one(col(TaskAssignment.department_id), department_id),
            *_leads(lead_only),
        )
    )


def _group_pairs(
    plan_id: int,
    task_ids: Collection[int] | None,
    department_id: int | None,
    lead_only: bool,
    *,
    with_lead: bool = False,
) -> Any:
    """``(task_id, department_id, position)`` of the shown tasks' assignments naming a group:
    one per member (and ``lead``, 1 or 0, when asked)."""
    return (
        core_select(
            col(TaskAssignment.task_id),
            col(DepartmentGroupMember.department_id),
            col(Task.position),
            *_lead_flag(with_lead),
        )
        .join(Task, col(Task.id) == col(TaskAssignment.task_id))
        .join(
            DepartmentGroupMember,
            col(DepartmentGroupMember.group_id) == col(TaskAssignment.group_id),
        )
        .where(
            *_shown(plan_id),
            *_only(col(TaskAssignment.task_id), task_ids),
            *_one(col(DepartmentGroupMember.department_id), department_id),
            *_leads(lead_only),
        )
    )


def _reported_by(
    task_id: Any, department_id: Any, occurrence: Occurrence, before: datetime | None = None
) -> Any:
    """``EXISTS`` a report by the department on the task for the occurrence (made before
    ``before`` when given): one seek of ``ix_report_per_department``, from the index alone."""
    return (
        core_select(literal(1))
        .where(
            col(Report.task_id) == task_id,
            col(Report.department_id) == department_id,
            *_for(occurrence),
            *([col(Report.created_at) < before] if before is not None else []),
        )
        .correlate_except(Report)
        .exists()
    )


def _lead_flag(wanted: bool) -> list[Any]:
    """``lead``: 1 for a lead assignment, else 0 — when wanted."""
    if not wanted:
        return []
    return [case((col(TaskAssignment.role) == Role.LEAD, 1), else_=0).label("lead")]


def _leads(lead_only: bool) -> list[ColumnElement[bool]]:
    """Only lead assignments when asked; every assignment otherwise."""
    return [col(TaskAssignment.role) == Role.LEAD] if lead_only else []


def _one(column: Any, department_id: int | None) -> list[ColumnElement[bool]]:
    """``column = department_id``; none for every department."""
    return [] if department_id is None else [column == department_id]


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


def _past_due(today: date | None) -> ColumnElement[int]:
    """1 when the task's time limit is before ``today`` and its newest report (any deadline)
    is not done. CASE evaluates the correlated lookup only for tasks past their limit."""
    if today is None:
        return literal(0)
    newest = aliased(Report, name="newest_any")
    status = (
        core_select(type_coerce(col(newest.status), String))
        .where(col(newest.task_id) == col(Task.id))
        .order_by(col(newest.created_at).desc(), col(newest.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    done = case((status == ReportStatus.DONE.value, 0), else_=1)
    return case((col(Task.due) < today, done), else_=0)


def _newest_report_id(task_id: Any, occurrence: Occurrence) -> Any:
    """The id of the task's newest report for the occurrence (``created_at``, then id), as a
    scalar subquery correlated to ``task_id``'s table: ``ORDER BY … LIMIT 1`` that
    ``ix_report_latest_per_task`` (task, deadline, occurrence, created_at, id) answers with
    its first entry, whatever the database's statistics."""
    newest = aliased(Report, name="newest")
    return (
        core_select(col(newest.id))
        .where(
            col(newest.task_id) == task_id,
            col(newest.deadline_id) == occurrence.deadline_id,
            col(newest.deadline_due) == occurrence.due,
        )
        .order_by(col(newest.created_at).desc(), col(newest.id).desc())
        .limit(1)
        .scalar_subquery()
    )

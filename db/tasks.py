"""Queries behind the task views and the department register: which tasks of a plan concern
which department (directly, or through a group it belongs to), in which role, and which are
still open.

``department_task_pairs`` is the one statement that says which department a task concerns and
in which role; everything here that counts or lists builds on it. A task is *open* for a
department unless that department's latest report on it (latest ``created_at``, then highest
id) says ``done``. Every function takes the caller's ``session``; none writes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Subquery, and_, case, literal, union_all
from sqlalchemy import select as core_select  # subqueries: SQLModel's typed select stops at 4
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from db.enums import ReportStatus, Role
from db.models import (
    Deadline,
    Department,
    DepartmentGroup,
    DepartmentGroupMember,
    Plan,
    Report,
    Section,
    Target,
    Task,
    TaskAssignment,
)


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


def task_rows(
    *, session: Session, plan_id: int, department_ids: Collection[int]
) -> list[tuple[Task, str, int, int]]:
    """``(task, section numeral, department id, role rank)`` per task and asked department that
    it concerns, tasks in notice order; rank 0 means the department leads it."""
    pairs = department_task_pairs(plan_id=plan_id, department_ids=department_ids)
    rows = session.exec(
        select(Task, Section.numeral, pairs.c.department_id, func.min(role_rank(pairs.c.role)))
        .join(pairs, pairs.c.task_id == col(Task.id))
        .join(Section, col(Section.id) == col(Task.section_id))
        # grouped by both primary keys so PostgreSQL accepts the task and section columns
        .group_by(col(Task.id), col(Section.id), pairs.c.department_id)
        .order_by(col(Task.position), col(Task.id))
    ).all()
    return [(task, numeral, department_id, rank) for task, numeral, department_id, rank in rows]


def shown_task(*, session: Session, task_id: int) -> tuple[Task, Section] | None:
    """The task and its section, unless there is no such task or a revised notice removed it."""
    found = session.exec(
        select(Task, Section)
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(col(Task.id) == task_id, col(Task.removed_at).is_(None))
    ).first()
    return (found[0], found[1]) if found is not None else None


def task_unit_names(*, session: Session, task_id: int) -> list[tuple[Role, str]]:
    """``(role, department or group name)`` of the task's units: leads first, notice order."""
    rows = session.exec(
        select(TaskAssignment.role, func.coalesce(Department.name, DepartmentGroup.name))
        .outerjoin(Department, col(Department.id) == col(TaskAssignment.department_id))
        .outerjoin(DepartmentGroup, col(DepartmentGroup.id) == col(TaskAssignment.group_id))
        .where(col(TaskAssignment.task_id) == task_id)
        .order_by(role_rank(col(TaskAssignment.role)), col(TaskAssignment.position))
    ).all()
    return [(Role(role), name) for role, name in rows]


def active_targets(*, session: Session, task_id: int) -> list[Target]:
    """The task's targets a revised notice has not removed, by position."""
    return list(
        session.exec(
            select(Target)
            .where(col(Target.task_id) == task_id, col(Target.removed_at).is_(None))
            .order_by(col(Target.position), col(Target.id))
        ).all()
    )


def active_deadlines(*, session: Session, plan_id: int) -> list[Deadline]:
    """The plan's deadlines a revised notice has not removed, in the order they were stored."""
    return list(
        session.exec(
            select(Deadline)
            .where(col(Deadline.plan_id) == plan_id, col(Deadline.removed_at).is_(None))
            .order_by(col(Deadline.id))
        ).all()
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


def department_counts(*, session: Session, plan_id: int) -> list[tuple[Department, int, int, int]]:
    """``(department, tasks it leads, tasks in all, tasks still open)`` for every department
    with a task in the plan, in order of first appearance in the notice."""
    per_task = _per_task(plan_id=plan_id, department_ids=None)
    rows = session.exec(
        select(
            Department,
            func.sum(case((per_task.c.rank == 0, 1), else_=0)),
            func.count(),
            func.sum(per_task.c.is_open),
        )
        .join(per_task, per_task.c.department_id == col(Department.id))
        .group_by(col(Department.id))
        .order_by(func.min(per_task.c.first_seen), col(Department.id))
    ).all()
    return [
        (department, int(lead), int(tasks), int(still_open))
        for department, lead, tasks, still_open in rows
    ]


def department_names(*, session: Session, ids: Collection[int]) -> list[str]:
    """The names of these departments, in the order given; unknown ids are left out."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = dict(
        session.exec(
            select(Department.id, Department.name).where(col(Department.id).in_(wanted))
        ).all()
    )
    return [found[department_id] for department_id in wanted if department_id in found]


def open_task_count(*, session: Session, plan_id: int, department_ids: Collection[int]) -> int:
    """Tasks of the plan still open for at least one of these departments, each counted once."""
    ids = list(department_ids)
    if not ids:
        return 0
    per_task = _per_task(plan_id=plan_id, department_ids=ids)
    count = session.exec(
        select(func.count(func.distinct(per_task.c.task_id))).where(per_task.c.is_open == 1)
    ).one()
    return int(count)


def _per_task(*, plan_id: int, department_ids: Collection[int] | None) -> Subquery:
    """One row per (task, department): ``rank`` 0 when it leads, ``is_open`` 1 or 0, ``first_seen``.

    ``first_seen`` numbers every assignment in notice order (task, then leads before supports,
    then the notice's list order), so ``min`` of it places a department where the notice first
    names it.
    """
    pairs = department_task_pairs(plan_id=plan_id, department_ids=department_ids)
    ordered = (
        core_select(
            pairs.c.task_id,
            pairs.c.department_id,
            role_rank(pairs.c.role).label("rank"),
            func.row_number()
            .over(
                order_by=(
                    col(Task.position),
                    role_rank(pairs.c.role),
                    pairs.c.position,
                    pairs.c.department_id,
                )
            )
            .label("seen"),
        )
        .join(Task, col(Task.id) == pairs.c.task_id)
        .subquery()
    )
    latest = _latest_reports(plan_id)
    return (
        core_select(
            ordered.c.task_id,
            ordered.c.department_id,
            func.min(ordered.c.rank).label("rank"),
            func.min(ordered.c.seen).label("first_seen"),
            # no report yet (NULL status) is open as well; a department named twice for one
            # task (directly and through a group) joins the same latest report twice
            func.max(case((latest.c.status == ReportStatus.DONE, 0), else_=1)).label("is_open"),
        )
        .outerjoin(
            latest,
            and_(
                latest.c.task_id == ordered.c.task_id,
                latest.c.department_id == ordered.c.department_id,
            ),
        )
        .group_by(ordered.c.task_id, ordered.c.department_id)
        .subquery()
    )


def _latest_reports(plan_id: int) -> Subquery:
    """Each (task, department)'s latest report in the plan: latest ``created_at``, then id."""
    ranked = (
        core_select(
            col(Report.task_id).label("task_id"),
            col(Report.department_id).label("department_id"),
            col(Report.status).label("status"),
            func.row_number()
            .over(
                partition_by=(col(Report.task_id), col(Report.department_id)),
                order_by=(col(Report.created_at).desc(), col(Report.id).desc()),
            )
            .label("n"),
        )
        .join(Task, col(Task.id) == col(Report.task_id))
        .where(col(Task.plan_id) == plan_id)
        .subquery()
    )
    return (
        core_select(ranked.c.task_id, ranked.c.department_id, ranked.c.status)
        .where(ranked.c.n == 1)
        .subquery()
    )

"""Queries over plans, tasks and departments: the SQL the plan services need, nothing else.

Every function is keyword-only and takes the caller's ``session``; none commits. Lookups return
dictionaries keyed by the natural key the caller matches on (a name, a code, a numeral), loaded
in one query per table rather than one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlmodel import Session, col, select

from db.models import (
    Deadline,
    Department,
    DepartmentAlias,
    DepartmentGroup,
    DepartmentGroupMember,
    Plan,
    Section,
    Target,
    Task,
    TaskAssignment,
)


def plan_by_title_key(*, session: Session, title_key: str) -> Plan | None:
    return session.exec(select(Plan).where(Plan.title_key == title_key)).first()


def departments_by_name(*, session: Session, names: Collection[str]) -> dict[str, Department]:
    if not names:
        return {}
    rows = session.exec(select(Department).where(col(Department.name).in_(names)))
    return {row.name: row for row in rows}


def aliases_by_name(*, session: Session, aliases: Collection[str]) -> dict[str, DepartmentAlias]:
    if not aliases:
        return {}
    rows = session.exec(select(DepartmentAlias).where(col(DepartmentAlias.alias).in_(aliases)))
    return {row.alias: row for row in rows}


def groups_by_name(*, session: Session, names: Collection[str]) -> dict[str, DepartmentGroup]:
    if not names:
        return {}
    rows = session.exec(select(DepartmentGroup).where(col(DepartmentGroup.name).in_(names)))
    return {row.name: row for row in rows}


def sections_by_numeral(*, session: Session, plan_id: int) -> dict[str, Section]:
    rows = session.exec(select(Section).where(Section.plan_id == plan_id))
    return {row.numeral: row for row in rows}


def tasks_by_code(*, session: Session, plan_id: int) -> dict[str, Task]:
    """Every task of the plan, removed ones included, in notice order."""
    rows = session.exec(
        select(Task).where(Task.plan_id == plan_id).order_by(col(Task.position), col(Task.id))
    )
    return {row.code: row for row in rows}


def assignments_by_task(
    *, session: Session, task_ids: Collection[int]
) -> dict[int, list[TaskAssignment]]:
    """Assignments per task id, leads before supports, each in the notice's order."""
    found: dict[int, list[TaskAssignment]] = defaultdict(list)
    if task_ids:
        rows = session.exec(
            select(TaskAssignment)
            .where(col(TaskAssignment.task_id).in_(task_ids))
            .order_by(col(TaskAssignment.role), col(TaskAssignment.position))
        )
        for row in rows:
            found[row.task_id].append(row)
    return found


def targets_by_task(*, session: Session, task_ids: Collection[int]) -> dict[int, list[Target]]:
    """Targets per task id (removed ones included), in position order."""
    found: dict[int, list[Target]] = defaultdict(list)
    if task_ids:
        rows = session.exec(
            select(Target)
            .where(col(Target.task_id).in_(task_ids))
            .order_by(col(Target.position), col(Target.id))
        )
        for row in rows:
            found[row.task_id].append(row)
    return found


def deadlines_by_name(*, session: Session, plan_id: int) -> dict[str, Deadline]:
    rows = session.exec(select(Deadline).where(Deadline.plan_id == plan_id))
    return {row.name: row for row in rows}


def group_member_pairs(*, session: Session, group_ids: Collection[int]) -> set[tuple[int, int]]:
    """``(group_id, department_id)`` for the stored members of these groups."""
    if not group_ids:
        return set()
    rows = session.exec(
        select(DepartmentGroupMember.group_id, DepartmentGroupMember.department_id).where(
            col(DepartmentGroupMember.group_id).in_(group_ids)
        )
    ).all()
    return {(g, d) for g, d in rows}

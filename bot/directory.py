"""Departments as the coordinator sees and names them: who has how many tasks, who is open, and
which department a typed name means.

Counts are SQL aggregates over ``bot.taskview.department_task_pairs`` (tasks assigned directly
or through a group), never a loop over loaded tasks. A task is *open* for a department unless
that department's latest report on it (latest ``created_at``, then highest id) says ``done``.
Only plain frozen dataclasses leave this module; nothing here writes.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import Subquery, and_, case
from sqlalchemy import select as core_select  # subqueries: SQLModel's typed select stops at 4
from sqlmodel import Session, col, func, select

from bot.taskview import Workload, department_task_pairs, role_rank, tasks_for_departments, workload
from db.models import (
    Department,
    DepartmentAlias,
    Liaison,
    LiaisonDepartment,
    Report,
    ReportStatus,
    Task,
)

__all__ = [
    "DepartmentRef",
    "DepartmentRow",
    "department_names",
    "department_rows",
    "department_workload",
    "match_department",
    "normalize_name",
    "open_task_count",
]

# a district notice writes 区发展改革委 where a user types 发展改革委, and a city's 市… likewise
_LEVEL_PREFIXES = ("区", "市")


@dataclass(frozen=True)
class DepartmentRef:
    id: int
    name: str


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    lead: int  # tasks of the plan it leads (directly or through a group)
    support: int  # tasks it only supports
    open: int  # of those, tasks its latest report does not mark done
    liaisons: tuple[str, ...]  # full names, sorted


def department_rows(*, session: Session, plan_id: int) -> list[DepartmentRow]:
    """Every department with a task in the plan, in order of first appearance in the notice."""
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
    ids = [department.id for department, *_ in rows if department.id is not None]
    liaisons = _liaison_names(session, ids)
    return [
        DepartmentRow(
            id=department.id,
            name=department.name,
            lead=int(lead),
            support=int(tasks) - int(lead),
            open=int(still_open),
            liaisons=liaisons.get(department.id, ()),
        )
        for department, lead, tasks, still_open in rows
        if department.id is not None
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


def department_workload(
    *, session: Session, plan_id: int, department_ids: Collection[int]
) -> Workload:
    """Lead, support and open task counts for a liaison's departments (the greeting's numbers)."""
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=department_ids)
    open_count = open_task_count(session=session, plan_id=plan_id, department_ids=department_ids)
    return workload(lines, open_count=open_count)


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


def _liaison_names(session: Session, department_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not department_ids:
        return {}
    rows = session.exec(
        select(LiaisonDepartment.department_id, Liaison.full_name)
        .join(Liaison, col(Liaison.id) == col(LiaisonDepartment.liaison_id))
        .where(col(LiaisonDepartment.department_id).in_(department_ids))
    ).all()
    names: dict[int, list[str]] = defaultdict(list)
    for department_id, full_name in rows:
        names[department_id].append(full_name)
    return {department_id: tuple(sorted(found)) for department_id, found in names.items()}


# --- matching a typed name ---------------------------------------------------------------


def normalize_name(text: str) -> str:
    """A name as typed, reduced for comparing: NFKC, no spaces or punctuation, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    # Z: spaces, P: punctuation, C: controls and invisible format marks (zero-width space)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "ZPC").casefold()


def match_department(*, session: Session, query: str, limit: int = 8) -> list[DepartmentRef]:
    """The departments a coordinator may mean by ``query``, best first; ``[]`` when none.

    An exact name or alias wins alone; then the same name with or without a leading 区/市;
    then names containing the query; only when none does, names holding its characters in
    order (发改委 → 区发展改革委); shorter names first. A one-character query only matches exactly.
    """
    wanted = normalize_name(query)
    if not wanted or limit < 1:
        return []
    names = _known_names(session)

    exact = [ref for key, ref in names if key == wanted]
    if exact:
        return _ranked(exact)[:limit]
    if len(wanted) == 1:
        return []
    bare = _without_level(wanted)
    same = [ref for key, ref in names if _without_level(key) == bare]
    if same:
        return _ranked(same)[:limit]
    contains = _ranked(ref for key, ref in names if wanted in key)
    if contains:  # a looser reading would only add noise to a pick-list that already has it
        return contains[:limit]
    return _ranked(ref for key, ref in names if _in_order(wanted, key))[:limit]


def _known_names(session: Session) -> list[tuple[str, DepartmentRef]]:
    """Every department name and alias, normalised, with the department it stands for.

    The whole register is read: it holds a district's departments (about a hundred), and
    the forgiving comparisons cannot be written as indexable SQL.
    """
    departments = {
        department_id: DepartmentRef(id=department_id, name=name)
        for department_id, name in session.exec(select(Department.id, Department.name)).all()
        if department_id is not None
    }
    aliases = session.exec(select(DepartmentAlias.alias, DepartmentAlias.department_id)).all()
    return [
        *((normalize_name(ref.name), ref) for ref in departments.values()),
        *((normalize_name(alias), departments[d]) for alias, d in aliases if d in departments),
    ]


def _without_level(key: str) -> str:
    return key[1:] if len(key) > 1 and key.startswith(_LEVEL_PREFIXES) else key


def _in_order(wanted: str, key: str) -> bool:
    """Are ``wanted``'s characters all in ``key``, in the same order (not necessarily together)?"""
    rest = iter(key)
    return all(ch in rest for ch in wanted)


def _ranked(refs: Iterable[DepartmentRef]) -> list[DepartmentRef]:
    """Each department once (a name and its alias may both match), shorter names first."""
    unique = {ref.id: ref for ref in refs}
    return sorted(unique.values(), key=lambda ref: (len(ref.name), ref.id))

"""Queries behind reminders: the deadlines of a plan, which tasks each department has not yet
reported for each deadline occurrence (one statement for all of them), the liaisons who may be
reminded, department pauses, snoozes, and which ledger keys exist already.

Every function takes the caller's ``session``. Those that write say so; none commits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import Date, Integer, and_, delete, exists, literal, true, union_all
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from db.enums import Role
from db.models import (
    Deadline,
    Department,
    DepartmentPause,
    Liaison,
    LiaisonDepartment,
    ReminderDelivery,
    ReminderSnooze,
    Report,
    Task,
)
from db.tasks import department_task_pairs

# --- deadlines -------------------------------------------------------------------------------


def plan_deadlines(*, session: Session, plan_id: int) -> list[Deadline]:
    """All the plan's deadlines, removed ones too, in the order they were stored."""
    return list(
        session.exec(
            select(Deadline).where(col(Deadline.plan_id) == plan_id).order_by(col(Deadline.id))
        ).all()
    )


def deadline(*, session: Session, deadline_id: int) -> Deadline | None:
    return session.get(Deadline, deadline_id)


# --- what is not reported --------------------------------------------------------------------


def unreported(
    *,
    session: Session,
    plan_id: int,
    occurrences: Sequence[tuple[int, date]],
    department_ids: Collection[int] | None = None,
    lead_only: bool = False,
) -> list[tuple[int, int, date, int]]:
    """``(department_id, deadline_id, due, task_id)`` for every task a department answers for
    (directly or through a group, lead or support; removed tasks left out) that it has not
    reported on for that deadline occurrence. One statement for every department and
    occurrence; ordered by department, deadline, due, then the task's place in the notice.
    ``department_ids`` limits it to those departments; ``lead_only`` to the tasks they lead.
    """
    if not occurrences or (department_ids is not None and not department_ids):
        return []
    pairs = department_task_pairs(plan_id=plan_id, department_ids=department_ids)
    # the same task may reach a department twice (directly and through a group): once is enough
    answerable = (
        core_select(pairs.c.task_id, pairs.c.department_id)
        .where(*([pairs.c.role == Role.LEAD] if lead_only else []))
        .distinct()
        .subquery("answerable")
    )
    occurrence = union_all(
        *(
            core_select(
                literal(deadline_id, Integer).label("deadline_id"),
                literal(due, Date).label("due"),
            )
            for deadline_id, due in dict.fromkeys(occurrences)
        )
    ).subquery("occurrence")
    reported = exists().where(
        col(Report.task_id) == answerable.c.task_id,
        col(Report.department_id) == answerable.c.department_id,
        col(Report.deadline_id) == occurrence.c.deadline_id,
        col(Report.deadline_due) == occurrence.c.due,
    )
    rows = session.execute(
        core_select(
            answerable.c.department_id,
            occurrence.c.deadline_id,
            occurrence.c.due,
            answerable.c.task_id,
        )
        .select_from(answerable)
        .join(Task, col(Task.id) == answerable.c.task_id)
        .join(occurrence, true())
        .where(~reported)
        .order_by(
            answerable.c.department_id,
            occurrence.c.deadline_id,
            occurrence.c.due,
            col(Task.position),
            col(Task.id),
        )
    ).all()
    return [(int(d), int(dl), _as_date(due), int(t)) for d, dl, due, t in rows]


def _as_date(value: date | str) -> date:
    # SQLite hands back a literal's date as text when it comes through a UNION
    return value if isinstance(value, date) else date.fromisoformat(value)


def department_names(*, session: Session, ids: Collection[int] | None = None) -> dict[int, str]:
    """``department id → name``; every department when ``ids`` is None."""
    query = select(Department.id, Department.name)
    if ids is not None:
        if not ids:
            return {}
        query = query.where(col(Department.id).in_(list(ids)))
    return {
        department_id: name for department_id, name in session.exec(query).all() if department_id
    }


# --- liaisons --------------------------------------------------------------------------------


def liaisons_with_departments(*, session: Session) -> list[tuple[Liaison, int]]:
    """``(liaison, department id)`` for every liaison and each department they serve, by
    liaison then department name."""
    rows = session.exec(
        select(Liaison, LiaisonDepartment.department_id)
        .join(LiaisonDepartment, col(LiaisonDepartment.liaison_id) == col(Liaison.id))
        .join(Department, col(Department.id) == col(LiaisonDepartment.department_id))
        .order_by(col(Liaison.id), col(Department.name), col(Department.id))
    ).all()
    return [(liaison, department_id) for liaison, department_id in rows]


def liaison(*, session: Session, liaison_id: int) -> Liaison | None:
    return session.get(Liaison, liaison_id)


# --- pauses ----------------------------------------------------------------------------------


def pauses(
    *, session: Session, today: date, department_ids: Collection[int] | None = None
) -> list[DepartmentPause]:
    """Pauses still running on ``today`` (their last day is today or later)."""
    query = select(DepartmentPause).where(col(DepartmentPause.until) >= today)
    if department_ids is not None:
        if not department_ids:
            return []
        query = query.where(col(DepartmentPause.department_id).in_(list(department_ids)))
    return list(session.exec(query.order_by(col(DepartmentPause.department_id))).all())


def set_pause(
    *,
    session: Session,
    department_id: int,
    until: date,
    reason: str | None,
    set_by: int,
    now: datetime,
) -> None:
    """Writes. The department is paused through ``until``; replaces any earlier pause."""
    row = session.exec(
        select(DepartmentPause).where(col(DepartmentPause.department_id) == department_id)
    ).first()
    if row is None:
        row = DepartmentPause(
            department_id=department_id, until=until, set_by=set_by, updated_at=now
        )
    row.until, row.reason, row.set_by, row.updated_at = until, reason, set_by, now
    session.add(row)
    session.flush()


def end_pauses(*, session: Session, department_ids: Collection[int], today: date) -> list[int]:
    """Writes. End these departments' pauses; the ids of those that were still running."""
    if not department_ids:
        return []
    running = [
        p.department_id for p in pauses(session=session, today=today, department_ids=department_ids)
    ]
    session.execute(
        delete(DepartmentPause).where(col(DepartmentPause.department_id).in_(list(department_ids)))
    )
    return running


# --- snoozes ---------------------------------------------------------------------------------


def snoozes(*, session: Session, since: date) -> list[ReminderSnooze]:
    """Snoozes of deadline occurrences due on or after ``since``."""
    return list(
        session.exec(
            select(ReminderSnooze)
            .where(col(ReminderSnooze.deadline_due) >= since)
            .order_by(col(ReminderSnooze.id))
        ).all()
    )


def set_snooze(
    *,
    session: Session,
    liaison_id: int,
    deadline_id: int,
    deadline_due: date,
    until: datetime,
    now: datetime,
) -> None:
    """Writes. Nothing for this liaison and occurrence before ``until`` (one row per pair)."""
    row = session.exec(
        select(ReminderSnooze).where(
            and_(
                col(ReminderSnooze.liaison_id) == liaison_id,
                col(ReminderSnooze.deadline_id) == deadline_id,
                col(ReminderSnooze.deadline_due) == deadline_due,
            )
        )
    ).first()
    if row is None:
        row = ReminderSnooze(
            liaison_id=liaison_id,
            deadline_id=deadline_id,
            deadline_due=deadline_due,
            until=until,
            created_at=now,
        )
    elif row.until != until:
        row.until, row.created_at = until, now
    session.add(row)
    session.flush()


# --- the ledger ------------------------------------------------------------------------------


def existing_keys(*, session: Session, keys: Collection[str]) -> set[str]:
    """Which of these ledger keys are stored already (whatever became of their rows)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # stay under every database's bound-parameter cap
        chunk = wanted[start : start + 500]
        found.update(
            session.exec(
                select(ReminderDelivery.key).where(col(ReminderDelivery.key).in_(chunk))
            ).all()
        )
    return found


def delivery(*, session: Session, delivery_id: int) -> ReminderDelivery | None:
    return session.get(ReminderDelivery, delivery_id)

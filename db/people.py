"""Queries about people and what they sent: coordinators, liaisons and their departments, invites,
and the raw inbound messages. Every function takes the caller's ``session``; only
``claim_invite`` writes, and it does not commit.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlmodel import Session, col, select, update

from db.models import (
    Coordinator,
    Department,
    DepartmentGroupMember,
    InboundMessage,
    Invite,
    Liaison,
    LiaisonDepartment,
    Task,
    TaskAssignment,
)

# --- coordinators and liaisons -----------------------------------------------------------


def coordinator_row(*, session: Session, telegram_user_id: int) -> Coordinator | None:
    return session.exec(
        select(Coordinator).where(Coordinator.telegram_user_id == telegram_user_id)
    ).first()


def stored_coordinator_ids(*, session: Session) -> list[int]:
    return list(session.exec(select(Coordinator.telegram_user_id)).all())


def liaison_by_user(*, session: Session, telegram_user_id: int) -> Liaison | None:
    return session.exec(select(Liaison).where(Liaison.telegram_user_id == telegram_user_id)).first()


def liaison_department_ids(*, session: Session, liaison_id: int) -> tuple[int, ...]:
    """The liaison's departments, ordered by name."""
    return tuple(
        session.exec(
            select(LiaisonDepartment.department_id)
            .join(Department, col(Department.id) == LiaisonDepartment.department_id)
            .where(LiaisonDepartment.liaison_id == liaison_id)
            .order_by(col(Department.name), col(Department.id))
        ).all()
    )


def liaison_names(*, session: Session, department_ids: Collection[int]) -> list[tuple[int, str]]:
    """``(department id, liaison full name)`` for every liaison of these departments."""
    if not department_ids:
        return []
    rows = session.exec(
        select(LiaisonDepartment.department_id, Liaison.full_name)
        .join(Liaison, col(Liaison.id) == LiaisonDepartment.liaison_id)
        .where(col(LiaisonDepartment.department_id).in_(list(department_ids)))
    ).all()
    return [(department_id, full_name) for department_id, full_name in rows]


def staffed_department_ids(*, session: Session) -> set[int]:
    """Departments that have at least one liaison."""
    return set(session.exec(select(LiaisonDepartment.department_id)).all())


# --- invites -----------------------------------------------------------------------------


def invite_by_hash(*, session: Session, code_hash: str) -> Invite | None:
    return session.exec(select(Invite).where(Invite.code_hash == code_hash)).first()


def claim_invite(*, session: Session, invite_id: int, liaison_id: int, now: datetime) -> bool:
    """Spend the invite unless someone spent it since it was read (single use on any engine)."""
    claimed = session.exec(
        update(Invite)
        .where(col(Invite.id) == invite_id, col(Invite.used_at).is_(None))
        .values(used_at=now, used_by_liaison_id=liaison_id)
    )
    return claimed.rowcount == 1


def plan_assignments(*, session: Session, plan_id: int) -> list[tuple[TaskAssignment, int]]:
    """Every assignment of the plan's shown tasks, with its task's position in the notice."""
    rows = session.exec(
        select(TaskAssignment, Task.position)
        .join(Task, col(Task.id) == TaskAssignment.task_id)
        .where(Task.plan_id == plan_id, col(Task.removed_at).is_(None))
    ).all()
    return [(assignment, position) for assignment, position in rows]


def members_by_group(*, session: Session, group_ids: Collection[int]) -> dict[int, list[int]]:
    """Group id → member department ids, ordered by department name."""
    members: dict[int, list[int]] = {}
    if not group_ids:
        return members
    rows = session.exec(
        select(DepartmentGroupMember.group_id, DepartmentGroupMember.department_id)
        .join(Department, col(Department.id) == DepartmentGroupMember.department_id)
        .where(col(DepartmentGroupMember.group_id).in_(list(group_ids)))
        .order_by(col(Department.name), col(Department.id))
    ).all()
    for group_id, department_id in rows:
        members.setdefault(group_id, []).append(department_id)
    return members


def departments_by_id(*, session: Session, ids: Collection[int]) -> dict[int, Department]:
    found = session.exec(select(Department).where(col(Department.id).in_(list(ids)))).all()
    return {department.id: department for department in found if department.id is not None}


# --- what users sent ---------------------------------------------------------------------


def inbound_message_stored(*, session: Session, chat_id: int, message_id: int) -> bool:
    found = session.exec(
        select(InboundMessage.id).where(
            InboundMessage.chat_id == chat_id, InboundMessage.message_id == message_id
        )
    ).first()
    return found is not None


def last_language_code(*, session: Session, user_id: int) -> str | None:
    """The Telegram app's language on the user's latest message that said one."""
    return session.exec(
        select(InboundMessage.language_code)
        .where(InboundMessage.user_id == user_id, col(InboundMessage.language_code).is_not(None))
        .order_by(col(InboundMessage.id).desc())
        .limit(1)
    ).first()

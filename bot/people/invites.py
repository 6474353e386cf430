"""One-time invite links that bind a department's liaison to their Telegram account.

A code is ``secrets.token_urlsafe(16)``: 128 random bits in 22 characters of ``[A-Za-z0-9_-]``,
well inside the 64-character payload a ``https://t.me/<bot>?start=<code>`` deep link carries.
Only its SHA-256 is stored, so a copy of the database cannot be used to join. A code is single
use and expires ``valid_days`` days after it was issued.

A liaison may serve several departments and a department may have several liaisons; each
binding takes its own invite. ``bot.people.invite_sheet`` writes the links for ``/invites`` as an
.xlsx a coordinator can filter and forward.

Functions taking a ``session`` only flush: the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.plans.storing import PlanNotFound
from db import people
from db.enums import Role
from db.models import Department, Invite, Liaison, LiaisonDepartment, Plan

__all__ = [
    "CODE_BYTES",
    "InviteError",
    "IssuedInvite",
    "Joined",
    "invite_link",
    "issue_invite",
    "issue_invites_for_unstaffed",
    "redeem_invite",
]

CODE_BYTES = 16  # 128 random bits
# what a code can look like: ours are 22 characters; the deep-link payload allows up to 64
_CODE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_ROLE_ORDER = {Role.LEAD: 0, Role.SUPPORT: 1}
# Telegram names fit easily; the cut only guards the column length on strict databases
_FULL_NAME_MAX = 200
_USERNAME_MAX = 64


class InviteError(Exception):
    """An invite cannot be issued or redeemed; ``code`` and ``params`` name why.

    Codes: ``malformed`` (not 16–64 characters of ``[A-Za-z0-9_-]``), ``unknown`` (no such
    invite), ``used`` (department), ``expired`` (department, expired_at: datetime),
    ``no_department`` (department_id: an invite was asked for a department that does not exist).
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


@dataclass(frozen=True)
class IssuedInvite:
    """A new invite; ``code`` exists only here, the database holds its hash."""

    department_id: int
    department_name: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class Joined:
    """The outcome of a redeemed invite."""

    liaison_id: int
    department_id: int
    department_name: str
    already_bound: bool  # the user was bound to the department before this press


def code_hash(code: str) -> str:
    """What the database stores for a code."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def invite_link(bot_username: str, code: str) -> str:
    """The deep link that starts the bot with ``code`` as the /start payload."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def issue_invite(
    *,
    session: Session,
    department_id: int,
    created_by: int | None,
    now: datetime,
    valid_days: int,
) -> IssuedInvite:
    """A new single-use invite for the department, valid for ``valid_days`` days from ``now``."""
    _check_now(now)
    if valid_days < 1:
        raise ValueError("valid_days must be at least 1")
    department = session.get(Department, department_id)
    if department is None:
        raise InviteError("no_department", department_id=department_id)
    return _issue(session, department, created_by, now, valid_days)


def issue_invites_for_unstaffed(
    *,
    session: Session,
    plan_id: int,
    created_by: int | None,
    now: datetime,
    valid_days: int,
) -> list[IssuedInvite]:
    """A new invite for every department the plan gives tasks to that has no liaison yet.

    A department counts when it is assigned a task of the plan, directly or as a member of an
    assigned group; tasks a revised notice removed do not count. The invites come in order of
    each department's first appearance in the notice (task, then leads before supports, then
    the notice's order of units; a group's members by name). Raises ``PlanNotFound``.
    """
    _check_now(now)
    if valid_days < 1:
        raise ValueError("valid_days must be at least 1")
    if session.get(Plan, plan_id) is None:
        raise PlanNotFound(plan_id)
    staffed = people.staffed_department_ids(session=session)
    return [
        _issue(session, department, created_by, now, valid_days)
        for department in _departments_in_order(session, plan_id)
        if department.id not in staffed
    ]


def redeem_invite(
    *,
    session: Session,
    code: str,
    telegram_user_id: int,
    full_name: str,
    username: str | None,
    chat_id: int,
    now: datetime,
) -> Joined:
    """Bind the user to the invite's department as its liaison, and spend the invite.

    The liaison is created, or their name, username and chat refreshed (and marked reachable:
    they just wrote to the bot). The same person pressing a link they already used gets
    ``Joined(already_bound=True)``; so does a liaison pressing a fresh invite for a department
    they already serve, and that invite stays unspent for whoever it was meant for.
    Raises ``InviteError`` (malformed, unknown, used, expired).
    """
    _check_now(now)
    if not _CODE.fullmatch(code):
        raise InviteError("malformed")
    invite = people.invite_by_hash(session=session, code_hash=code_hash(code))
    if invite is None:
        raise InviteError("unknown")
    department = session.get(Department, invite.department_id)
    assert department is not None and department.id is not None  # a foreign key
    liaison = people.liaison_by_user(session=session, telegram_user_id=telegram_user_id)

    if invite.used_at is not None:
        # only its own user may press a spent link again, and only while still bound (a
        # liaison the coordinator unbound cannot use the old link to come back)
        if (
            liaison is None
            or invite.used_by_liaison_id != liaison.id
            or not _is_bound(session, liaison, department.id)
        ):
            raise InviteError("used", department=department.name)
        _upsert_liaison(session, liaison, telegram_user_id, full_name, username, chat_id, now)
        return _joined(liaison, department, already_bound=True)
    if now >= invite.expires_at:
        raise InviteError("expired", department=department.name, expired_at=invite.expires_at)

    liaison = _upsert_liaison(session, liaison, telegram_user_id, full_name, username, chat_id, now)
    if _is_bound(session, liaison, department.id):
        return _joined(liaison, department, already_bound=True)
    assert invite.id is not None
    if not people.claim_invite(
        session=session, invite_id=invite.id, liaison_id=_id(liaison), now=now
    ):
        raise InviteError("used", department=department.name)
    session.add(LiaisonDepartment(liaison_id=_id(liaison), department_id=department.id))
    session.flush()
    return _joined(liaison, department, already_bound=False)


# --- helpers -----------------------------------------------------------------------------


def _issue(
    session: Session, department: Department, created_by: int | None, now: datetime, days: int
) -> IssuedInvite:
    code = secrets.token_urlsafe(CODE_BYTES)
    expires_at = now + timedelta(days=days)
    session.add(
        Invite(
            code_hash=code_hash(code),
            department_id=_id(department),
            created_by=created_by,
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return IssuedInvite(
        department_id=_id(department),
        department_name=department.name,
        code=code,
        expires_at=expires_at,
    )


def _departments_in_order(session: Session, plan_id: int) -> list[Department]:
    """The plan's assigned departments, each once, in order of first appearance."""
    rows = people.plan_assignments(session=session, plan_id=plan_id)
    rows.sort(key=lambda r: (r[1], r[0].task_id, _ROLE_ORDER[r[0].role], r[0].position))
    group_ids = {a.group_id for a, _ in rows if a.group_id is not None}
    members = people.members_by_group(session=session, group_ids=group_ids)
    ordered: list[int] = []
    for assignment, _ in rows:
        if assignment.department_id is not None:
            ordered.append(assignment.department_id)
        elif assignment.group_id is not None:
            ordered.extend(members.get(assignment.group_id, []))
    unique = list(dict.fromkeys(ordered))
    by_id = people.departments_by_id(session=session, ids=unique)
    return [by_id[department_id] for department_id in unique]


def _upsert_liaison(
    session: Session,
    liaison: Liaison | None,
    telegram_user_id: int,
    full_name: str,
    username: str | None,
    chat_id: int,
    now: datetime,
) -> Liaison:
    if liaison is None:
        liaison = Liaison(telegram_user_id=telegram_user_id, full_name="", created_at=now)
        session.add(liaison)
    _update_profile(liaison, full_name, username, chat_id)
    session.flush()
    return liaison


def _update_profile(liaison: Liaison, full_name: str, username: str | None, chat_id: int) -> None:
    """Keep what Telegram says about the user current; only changed values are written."""
    values = {
        "full_name": full_name.strip()[:_FULL_NAME_MAX],
        "username": username[:_USERNAME_MAX] if username else None,
        "chat_id": chat_id,
        "unreachable_since": None,
    }
    for name, value in values.items():
        if getattr(liaison, name) != value:
            setattr(liaison, name, value)


def _is_bound(session: Session, liaison: Liaison, department_id: int) -> bool:
    return session.get(LiaisonDepartment, (_id(liaison), department_id)) is not None


def _joined(liaison: Liaison, department: Department, *, already_bound: bool) -> Joined:
    return Joined(
        liaison_id=_id(liaison),
        department_id=_id(department),
        department_name=department.name,
        already_bound=already_bound,
    )


def _id(row: Liaison | Department) -> int:
    assert row.id is not None
    return row.id


def _check_now(now: datetime) -> None:
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")

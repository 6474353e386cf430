"""What a liaison (or a coordinator) can do about reminders: snooze one until the next working
day (下个工作日再提醒), and pause a department until a date (出差, leave) — paused, it is neither
reminded nor counted late. A liaison's pause is, by default (``[reminders] liaison_pause``), a
request that a coordinator approves (the pause is set then) or declines.

Failures raise ``ControlError`` with a ``code`` (see ``ERROR_CODES``); nothing here imports
Telegram and no sentence lives here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from bot.errors import CodedError
from bot.reminders.owed import LIAISON_KINDS, policy_from
from bot.settings import Settings
from db import pause_requests as requests
from db import reminders as store
from db.enums import PauseRequestStatus
from db.models import PauseRequest
from scheduler.calendar import calendar_from

__all__ = [
    "ERROR_CODES",
    "MAX_PAUSE_DAYS",
    "ControlError",
    "PauseRequestView",
    "PauseView",
    "Snoozed",
    "current_pauses",
    "decide_pause_request",
    "pause_departments",
    "pending_pause_requests",
    "request_pause",
    "resume_departments",
    "snooze",
]

ERROR_CODES = (
    "snooze_gone",  # the reminder is not in the ledger (or is not a liaison reminder)
    "snooze_not_yours",  # the reminder was for another liaison
    "past_date",  # {date}: a pause must last at least through today
    "too_far",  # {date, latest}: more than a year away
    "reason_too_long",  # {limit}
    "no_departments",  # nothing to pause or resume
    "request_gone",  # the pause request is not there
    "already_approved",  # the pause request was decided before (by another coordinator …)
    "already_declined",
)

MAX_PAUSE_DAYS = 366
REASON_LIMIT = 200


class ControlError(CodedError):
    """A snooze or pause that cannot be done; ``code`` keys the message catalog."""


@dataclass(frozen=True)
class Snoozed:
    """When the snoozed reminder comes back: ``until`` (UTC) and the same as a local date and
    time; ``tomorrow`` when that is the next calendar day (else the next working day)."""

    until: datetime
    day: date
    at: str  # "09:00"
    tomorrow: bool
    today: date | None = (
        None  # when it was pressed (the office's date): the year shows if it differs
    )


@dataclass(frozen=True)
class PauseView:
    department_id: int
    department: str
    until: date
    reason: str | None


@dataclass(frozen=True)
class PauseRequestView:
    """A liaison's pause request, as the coordinators and the liaison read it."""

    id: int
    liaison: str
    telegram_user_id: int  # the liaison's private chat
    departments: tuple[str, ...]
    department_ids: tuple[int, ...]
    until: date
    reason: str | None
    status: PauseRequestStatus


# --- snooze ------------------------------------------------------------------------------------


def snooze(
    *, session: Session, settings: Settings, delivery_id: int, liaison_id: int | None, now: datetime
) -> Snoozed:
    """Writes. No more reminders about that reminder's deadline occurrence for this liaison
    until the next working day at the reminder time; then one. Pressing again the same day
    changes nothing; a snooze after the deadline's last slot still brings one reminder back."""
    row = store.delivery(session=session, delivery_id=delivery_id)
    if (
        row is None
        or row.kind not in LIAISON_KINDS
        or row.liaison_id is None
        or row.deadline_id is None
        or row.deadline_due is None
    ):
        raise ControlError("snooze_gone")
    if row.liaison_id != liaison_id:
        raise ControlError("snooze_not_yours")
    tz = settings.locale.tz
    today = now.astimezone(tz).date()
    day = calendar_from(settings).add_workdays(today, 1)
    at = policy_from(settings).at
    until = datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
    store.set_snooze(
        session=session,
        liaison_id=row.liaison_id,
        deadline_id=row.deadline_id,
        deadline_due=row.deadline_due,
        until=until,
        now=now,
    )
    return Snoozed(
        until=until,
        day=day,
        at=at.strftime("%H:%M"),
        tomorrow=day == today + timedelta(days=1),
        today=today,
    )


# --- pauses ------------------------------------------------------------------------------------


def pause_departments(
    *,
    session: Session,
    department_ids: Collection[int],
    until: date,
    reason: str | None,
    set_by: int,
    today: date,
    now: datetime,
) -> list[PauseView]:
    """Writes. Pause these departments through ``until`` (inclusive), replacing any pause."""
    clean = _checked(department_ids, until, reason, today)
    for department_id in dict.fromkeys(department_ids):
        store.set_pause(
            session=session,
            department_id=department_id,
            until=until,
            reason=clean,
            set_by=set_by,
            now=now,
        )
    return current_pauses(session=session, department_ids=department_ids, today=today)


def _checked(
    department_ids: Collection[int], until: date, reason: str | None, today: date
) -> str | None:
    """The reason, cleaned, when a pause of these departments through ``until`` may be set."""
    if not department_ids:
        raise ControlError("no_departments")
    if until < today:
        raise ControlError("past_date", date=until)
    latest = today + timedelta(days=MAX_PAUSE_DAYS)
    if until > latest:
        raise ControlError("too_far", date=until, latest=latest)
    clean = (reason or "").strip() or None
    if clean is not None and len(clean) > REASON_LIMIT:
        raise ControlError("reason_too_long", limit=REASON_LIMIT)
    return clean


# --- pause requests ----------------------------------------------------------------------------

PENDING_SHOWN = 20  # pending requests listed under a coordinator's /pause


def request_pause(
    *,
    session: Session,
    liaison_id: int,
    telegram_user_id: int,
    department_ids: Collection[int],
    until: date,
    reason: str | None,
    today: date,
    now: datetime,
) -> PauseRequestView:
    """Writes. A liaison asks to pause their departments through ``until``: checked as a pause
    is, stored pending; nothing is paused until a coordinator approves."""
    clean = _checked(department_ids, until, reason, today)
    row = requests.add_request(
        session=session,
        liaison_id=liaison_id,
        telegram_user_id=telegram_user_id,
        department_ids=department_ids,
        until=until,
        reason=clean,
        now=now,
    )
    return _request_view(session, row)


def decide_pause_request(
    *, session: Session, request_id: int, approve: bool, decided_by: int, today: date, now: datetime
) -> PauseRequestView:
    """Writes. A coordinator approves (the pause is set, as their own /pause would) or declines
    a pending request; a request decided before is refused and nothing changes."""
    row = requests.request(session=session, request_id=request_id)
    if row is None:
        raise ControlError("request_gone")
    if row.status is not PauseRequestStatus.PENDING:
        raise ControlError(f"already_{row.status.value}")
    if approve:
        pause_departments(
            session=session,
            department_ids=requests.department_ids_of(row),
            until=row.until,
            reason=row.reason,
            set_by=decided_by,
            today=today,
            now=now,
        )
    status = PauseRequestStatus.APPROVED if approve else PauseRequestStatus.DECLINED
    requests.decide(session=session, row=row, status=status, decided_by=decided_by, now=now)
    return _request_view(session, row)


def pending_pause_requests(*, session: Session) -> list[PauseRequestView]:
    """The requests still waiting for a coordinator, oldest first (at most ``PENDING_SHOWN``)."""
    rows = requests.pending_requests(session=session, limit=PENDING_SHOWN)
    return [_request_view(session, row) for row in rows]


def _request_view(session: Session, row: PauseRequest) -> PauseRequestView:
    assert row.id is not None
    ids = requests.department_ids_of(row)
    names = store.department_names(session=session, ids=ids)
    liaison = store.liaison(session=session, liaison_id=row.liaison_id)
    return PauseRequestView(
        id=row.id,
        liaison=liaison.full_name if liaison is not None else "",
        telegram_user_id=row.telegram_user_id,
        departments=tuple(names[d] for d in ids if d in names),
        department_ids=ids,
        until=row.until,
        reason=row.reason,
        status=row.status,
    )


def resume_departments(
    *, session: Session, department_ids: Collection[int], today: date
) -> list[str]:
    """Writes. End these departments' pauses; the names of those that were paused."""
    if not department_ids:
        raise ControlError("no_departments")
    ended = store.end_pauses(session=session, department_ids=department_ids, today=today)
    names = store.department_names(session=session, ids=ended)
    return [names[d] for d in ended if d in names]


def current_pauses(
    *, session: Session, department_ids: Collection[int] | None, today: date
) -> list[PauseView]:
    """The pauses still running on ``today``: of these departments in the order asked, or of
    every department (by name) when ``department_ids`` is None."""
    running = {
        p.department_id: p
        for p in store.pauses(session=session, today=today, department_ids=department_ids)
    }
    names = store.department_names(session=session, ids=list(running))
    order = (
        list(dict.fromkeys(department_ids))
        if department_ids is not None
        else sorted(running, key=lambda d: names.get(d, ""))
    )
    return [
        PauseView(d, names.get(d, ""), running[d].until, running[d].reason)
        for d in order
        if d in running
    ]

"""What a liaison (or a coordinator) can do about reminders: snooze one until the next working
day (明天再提醒), and pause a department until a date (出差, leave) — paused, it is neither
reminded nor counted late.

Failures raise ``ControlError`` with a ``code`` (see ``ERROR_CODES``); nothing here imports
Telegram and no sentence lives here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from bot.errors import CodedError
from bot.reminders import LIAISON_KINDS, policy_from
from bot.settings import Settings
from db import reminders as store
from scheduler.calendar import calendar_from

__all__ = [
    "ERROR_CODES",
    "MAX_PAUSE_DAYS",
    "ControlError",
    "PauseView",
    "Snoozed",
    "current_pauses",
    "pause_departments",
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


@dataclass(frozen=True)
class PauseView:
    department_id: int
    department: str
    until: date
    reason: str | None


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
        until=until, day=day, at=at.strftime("%H:%M"), tomorrow=day == today + timedelta(days=1)
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

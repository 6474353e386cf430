"""The planner's vocabulary: what it is told about the world, and what it says is owed.

Plain frozen dataclasses, no database and no Telegram: ``bot.reminders.owed`` builds a ``World`` from
the database, ``scheduler.planner`` turns it into ``Due`` items for a moment ``now`` (or lists a
whole window for ``duban reminders plan``), and the ledger stores each ``Due`` under its ``key``.
Every datetime here is timezone-aware; dates are local dates in the office's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from enum import StrEnum


class Kind(StrEnum):
    BEFORE = "before"  # n days before the deadline
    DUE = "due"  # on the day
    AFTER = "after"  # the n-th ping after the deadline passed
    SNOOZED = "snoozed"  # a liaison's 下个工作日再提醒 coming due
    ESCALATION = "escalation"  # to a coordinator: the late departments


@dataclass(frozen=True)
class Policy:
    """The rhythm, from ``[reminders]`` and ``[locale] timezone``."""

    days_before: tuple[int, ...] = (14, 7, 3, 1, 0)  # 0 is the DUE slot
    at: time = time(9, 0)  # local time of day
    after_every_days: int = 2  # working days between pings after the deadline
    after_max: int = 3
    escalate: bool = True
    quiet_start: time | None = time(21, 0)  # None: no quiet hours
    quiet_end: time | None = time(8, 0)
    tz: tzinfo | None = None  # None means UTC; the bot passes ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Occurrence:
    """One date a deadline falls due (a recurring deadline has many)."""

    deadline_id: int
    name: str  # 上半年
    due: date


@dataclass(frozen=True)
class Owing:
    """A department's tasks not yet reported for one occurrence (only non-empty ones exist)."""

    department_id: int
    department: str  # its name
    deadline_id: int
    due: date
    task_ids: tuple[int, ...]


@dataclass(frozen=True)
class Recipient:
    """A liaison who may be reminded, for the departments they serve."""

    liaison_id: int
    name: str
    chat_id: int | None  # None: never opened a private chat with the bot
    department_ids: tuple[int, ...]
    unreachable: bool = False  # blocked the bot: planned but never sent


@dataclass(frozen=True)
class Pause:
    """A department on leave: no reminders, not late, through ``until`` (inclusive)."""

    department_id: int
    until: date


@dataclass(frozen=True)
class Snooze:
    """A liaison asked to be reminded later about one occurrence."""

    liaison_id: int
    deadline_id: int
    due: date
    until: datetime


@dataclass(frozen=True)
class World:
    """Everything the planner needs, read from the database in one go."""

    occurrences: tuple[Occurrence, ...]
    owing: tuple[Owing, ...]
    recipients: tuple[Recipient, ...]
    pauses: tuple[Pause, ...] = ()
    snoozes: tuple[Snooze, ...] = ()
    coordinator_chats: tuple[int, ...] = ()


@dataclass(frozen=True)
class Slot:
    """A moment of the rhythm for one occurrence: ``before-14``, ``due``, ``after-2``."""

    kind: Kind
    label: str
    at: datetime  # aware
    window_end: datetime  # owed from ``at`` until this (the next slot, or a day later)


@dataclass(frozen=True)
class Due:
    """One message owed. ``key`` is the ledger's idempotency key: the same reminder for the
    same recipient, occurrence and slot always gets the same key."""

    key: str
    kind: Kind
    slot: str  # the slot's label
    at: datetime  # when it became owed (aware)
    deadline_id: int
    due: date
    chat_id: int | None  # the recipient's chat; None for "no liaison yet" rows of a plan
    liaison_id: int | None  # None for escalations and "no liaison yet"
    department_ids: tuple[int, ...]  # departments it is about
    task_ids: tuple[int, ...] = ()  # for a liaison: the unreported tasks it lists
    missing: dict[int, int] = field(default_factory=dict, compare=False, hash=False)
    # for an escalation: department id -> number of unreported tasks


@dataclass(frozen=True)
class PlanRow:
    """One line of ``duban reminders plan``: a department's reminder at a moment."""

    at: datetime
    department: str | None  # None for an escalation (it is about all late departments)
    liaison: str | None  # None: no liaison yet (or an escalation's coordinator: "coordinators")
    deadline: str
    due: date
    kind: Kind
    slot: str

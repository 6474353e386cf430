"""Reminders as the bot derives them from the database: the planner's world, what is owed at a
moment (as unsaved ledger rows), the season's plan, and what a ledger row's message says when
its turn comes.

The database is the truth. ``load_world`` reads deadlines, unreported tasks, liaisons, pauses,
snoozes and coordinators in a handful of statements; ``scheduler.planner`` (pure) decides what
is owed; ``owed`` turns that into ``ReminderDelivery`` rows the scheduler enqueues under their
unique keys. ``content`` is computed again at send time, so a reminder never lists a task that
was reported meanwhile — and is not sent at all once nothing is missing. Nothing here imports
Telegram. The liaison controls (snooze, pause) live in ``bot.reminders.controls``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.people.roles import coordinator_ids
from bot.plans.deadlines import occurrences
from bot.plans.taskview import current_plan_id, tasks_for_departments
from bot.settings import Settings
from db import deliveries
from db import people as people_store
from db import reminders as store
from db import reports as report_store
from db import tasks as task_store
from db.enums import Role
from db.models import ReminderDelivery
from scheduler.calendar import WorkCalendar, calendar_from
from scheduler.model import (
    Kind,
    Occurrence,
    Owing,
    Pause,
    PlanRow,
    Policy,
    Recipient,
    Snooze,
    World,
)
from scheduler.planner import due_reminders, in_quiet_hours, plan

__all__ = [
    "CALENDAR_KIND",
    "LIAISON_KINDS",
    "ReminderContent",
    "TaskItem",
    "content",
    "load_world",
    "owed",
    "plan_rows",
    "policy_from",
]

CALENDAR_KIND = "calendar"
LIAISON_KINDS = frozenset({Kind.BEFORE, Kind.DUE, Kind.AFTER, Kind.SNOOZED})
LOOK_BACK_DAYS = 60  # after-deadline pings of an occurrence this old are long over


@dataclass(frozen=True)
class TaskItem:
    task_id: int
    code: str
    title: str  # short title, as task lists show it


@dataclass(frozen=True)
class ReminderContent:
    """What one ledger row's message says, read at send time."""

    kind: str
    deadline: str | None
    due: date | None
    days_left: int | None  # negative once the deadline has passed
    departments: tuple[tuple[str, tuple[TaskItem, ...]], ...]  # liaison: department → missing
    late: tuple[tuple[str, int], ...]  # escalation: (department, missing count), most first
    year: int | None  # calendar warning
    delivery_id: int


# --- settings ----------------------------------------------------------------------------------


def policy_from(settings: Settings) -> Policy:
    """The planner's rhythm from ``[reminders]`` and ``[locale] timezone``; equal quiet start
    and end mean no quiet hours."""
    r = settings.reminders
    quiet_start, quiet_end = time.fromisoformat(r.quiet_start), time.fromisoformat(r.quiet_end)
    quiet = (None, None) if quiet_start == quiet_end else (quiet_start, quiet_end)
    return Policy(
        days_before=tuple(r.days_before),
        at=r.at,
        after_every_days=r.after_every_days,
        after_max=r.after_max,
        escalate=r.escalate,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        tz=settings.locale.tz,
    )


def _today(settings: Settings, now: datetime) -> date:
    return now.astimezone(settings.locale.tz).date()


# --- the world -------------------------------------------------------------------------------


def load_world(
    *, session: Session, settings: Settings, today: date, horizon_days: int = 400
) -> World:
    """Everything the planner needs, for occurrences from ``today`` − 60 days to ``today`` +
    ``horizon_days``, read from the current plan."""
    coordinators = tuple(coordinator_ids(session=session, configured=settings.roles.coordinators))
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        return World(occurrences=(), owing=(), recipients=(), coordinator_chats=coordinators)
    start = today - timedelta(days=LOOK_BACK_DAYS)
    end = today + timedelta(days=horizon_days)
    found: list[Occurrence] = []
    for deadline in task_store.active_deadlines(session=session, plan_id=plan_id):
        assert deadline.id is not None
        found += [
            Occurrence(deadline.id, deadline.name, due) for due in occurrences(deadline, start, end)
        ]
    return World(
        occurrences=tuple(found),
        owing=_owing(session, plan_id, found, lead_only=settings.reports.lead_units_only),
        recipients=_recipients(session),
        pauses=tuple(
            Pause(p.department_id, p.until) for p in store.pauses(session=session, today=today)
        ),
        snoozes=tuple(
            Snooze(s.liaison_id, s.deadline_id, s.deadline_due, s.until)
            for s in store.snoozes(session=session, since=start)
        ),
        coordinator_chats=coordinators,
    )


def _owing(
    session: Session, plan_id: int, found: list[Occurrence], *, lead_only: bool
) -> tuple[Owing, ...]:
    rows = store.unreported(
        session=session,
        plan_id=plan_id,
        occurrences=[(o.deadline_id, o.due) for o in found],
        lead_only=lead_only,
    )
    tasks: dict[tuple[int, int, date], list[int]] = defaultdict(list)
    for department_id, deadline_id, due, task_id in rows:
        tasks[(department_id, deadline_id, due)].append(task_id)
    names = store.department_names(session=session, ids={key[0] for key in tasks})
    return tuple(
        Owing(department_id, names.get(department_id, ""), deadline_id, due, tuple(ids))
        for (department_id, deadline_id, due), ids in tasks.items()
    )


def _recipients(session: Session) -> tuple[Recipient, ...]:
    departments: dict[int, list[int]] = defaultdict(list)
    liaisons = {}
    for liaison, department_id in store.liaisons_with_departments(session=session):
        assert liaison.id is not None
        liaisons[liaison.id] = liaison
        departments[liaison.id].append(department_id)
    return tuple(
        Recipient(
            liaison_id=liaison_id,
            name=liaison.full_name,
            chat_id=liaison.chat_id,
            department_ids=tuple(departments[liaison_id]),
            unreachable=liaison.unreachable_since is not None,
        )
        for liaison_id, liaison in liaisons.items()
    )


# --- what is owed ----------------------------------------------------------------------------


def owed(*, session: Session, settings: Settings, now: datetime) -> list[ReminderDelivery]:
    """The ledger rows owed at ``now`` and not stored yet (unsaved, PENDING): reminders,
    escalations, and a one-time warning per coordinator about a year the calendar does not
    know. Nothing when ``[reminders] enabled`` is false."""
    if not settings.reminders.enabled:
        return []
    policy, calendar = policy_from(settings), calendar_from(settings)
    today = _today(settings, now)
    world = load_world(session=session, settings=settings, today=today)
    candidates = due_reminders(now, world, policy, calendar)
    warnings = _calendar_warnings(world, policy, calendar, now, today)
    stored = store.existing_keys(
        session=session, keys=[d.key for d in candidates] + [key for key, _, _ in warnings]
    )
    rows = [
        deliveries.owed(
            key=d.key,
            kind=d.kind.value,
            slot=d.slot,
            chat_id=d.chat_id,
            due_at=d.at,
            liaison_id=d.liaison_id,
            deadline_id=d.deadline_id,
            deadline_due=d.due,
            now=now,
        )
        for d in due_reminders(now, world, policy, calendar, sent=stored)
        if d.chat_id is not None
    ]
    rows += [
        deliveries.owed(
            key=key, kind=CALENDAR_KIND, slot=str(year), chat_id=chat, due_at=now, now=now
        )
        for key, chat, year in warnings
        if key not in stored
    ]
    return rows


def _calendar_warnings(
    world: World, policy: Policy, calendar: WorkCalendar, now: datetime, today: date
) -> list[tuple[str, int, int]]:
    """``(key, chat, year)`` per coordinator and year up to the latest occurrence that the
    calendar only guesses (Monday–Friday). Held to working hours like the reminders."""
    if not world.occurrences or not calendar.is_workday(today) or in_quiet_hours(now, policy):
        return []
    latest = max(o.due for o in world.occurrences)
    return [
        (f"cal:{chat}:{year}", chat, year)
        for year in calendar.unknown_years(today, max(latest, today))
        for chat in world.coordinator_chats
    ]


def plan_rows(
    *, session: Session, settings: Settings, start: datetime, end: datetime
) -> list[PlanRow]:
    """Every reminder the current state would send with ``start <= at < end``."""
    policy, calendar = policy_from(settings), calendar_from(settings)
    first = _today(settings, start)
    lead = max(policy.days_before, default=0) + 1  # a deadline after `end` reminds before it
    horizon = max((end - start).days, 0) + lead + 1
    world = load_world(session=session, settings=settings, today=first, horizon_days=horizon)
    return plan(start, end, world, policy, calendar)


# --- what a message says -----------------------------------------------------------------------


def content(
    *, session: Session, settings: Settings, delivery: ReminderDelivery, now: datetime
) -> ReminderContent | None:
    """What the ledger row's message says now; None when it is no longer owed (all reported,
    the departments paused, the deadline removed, the liaison gone)."""
    assert delivery.id is not None
    if delivery.kind == CALENDAR_KIND:
        return _said(delivery, kind=CALENDAR_KIND, year=int(delivery.slot))
    if delivery.deadline_id is None or delivery.deadline_due is None:
        return None
    deadline = store.deadline(session=session, deadline_id=delivery.deadline_id)
    if deadline is None or deadline.removed_at is not None:
        return None
    today = _today(settings, now)
    paused = {p.department_id for p in store.pauses(session=session, today=today)}
    occurrence = (deadline.id or 0, delivery.deadline_due)
    if delivery.kind == Kind.ESCALATION:
        late = _late(
            session,
            deadline.plan_id,
            occurrence,
            paused,
            lead_only=settings.reports.lead_units_only,
        )
        if not late:
            return None
        return _said(delivery, deadline=deadline.name, today=today, late=late)
    if delivery.kind not in LIAISON_KINDS:
        raise ValueError(f"not a reminder kind: {delivery.kind!r}")
    missing = _missing(
        session,
        delivery.liaison_id,
        deadline.plan_id,
        occurrence,
        paused,
        lead_only=settings.reports.lead_units_only,
    )
    if not missing:
        return None
    return _said(delivery, deadline=deadline.name, today=today, departments=missing)


def _said(
    delivery: ReminderDelivery,
    *,
    kind: str | None = None,
    deadline: str | None = None,
    today: date | None = None,
    departments: tuple[tuple[str, tuple[TaskItem, ...]], ...] = (),
    late: tuple[tuple[str, int], ...] = (),
    year: int | None = None,
) -> ReminderContent:
    """The content of ``delivery``'s message from what was found for it."""
    assert delivery.id is not None
    due = delivery.deadline_due if deadline is not None else None
    return ReminderContent(
        kind=kind or delivery.kind,
        deadline=deadline,
        due=due,
        days_left=(due - today).days if due is not None and today is not None else None,
        departments=departments,
        late=late,
        year=year,
        delivery_id=delivery.id,
    )


def _missing(
    session: Session,
    liaison_id: int | None,
    plan_id: int,
    occurrence: tuple[int, date],
    paused: set[int],
    *,
    lead_only: bool,
) -> tuple[tuple[str, tuple[TaskItem, ...]], ...]:
    """The liaison's unpaused departments with the tasks they still owe.

    A task counts as reported when any of the liaison's departments reported it — the view
    /report gives them, where a report goes to the first of their departments the task
    concerns — and is listed once, under that department. With ``lead_only`` only the tasks
    one of their departments leads are owed.
    """
    if liaison_id is None or store.liaison(session=session, liaison_id=liaison_id) is None:
        return ()
    # ordered by name, as the liaison sees them everywhere else
    mine = list(people_store.liaison_department_ids(session=session, liaison_id=liaison_id))
    if not mine:
        return ()
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=mine)
    done = report_store.reported_task_ids(
        session=session, department_ids=mine, deadline_id=occurrence[0], deadline_due=occurrence[1]
    )
    by_department: dict[int, list[TaskItem]] = defaultdict(list)
    for line in lines:
        if lead_only and line.role is not Role.LEAD:
            continue
        if line.task_id not in done and line.department_ids[0] not in paused:
            item = TaskItem(line.task_id, line.code, line.title)
            by_department[line.department_ids[0]].append(item)
    names = store.department_names(session=session, ids=mine)
    return tuple(
        (names[d], tuple(by_department[d])) for d in mine if by_department.get(d) and d in names
    )


def _late(
    session: Session,
    plan_id: int,
    occurrence: tuple[int, date],
    paused: set[int],
    *,
    lead_only: bool,
) -> tuple[tuple[str, int], ...]:
    """Departments (unpaused) with unreported tasks for the occurrence: most missing first."""
    counts: dict[int, int] = defaultdict(int)
    for department_id, _, _, _ in store.unreported(
        session=session, plan_id=plan_id, occurrences=[occurrence], lead_only=lead_only
    ):
        if department_id not in paused:
            counts[department_id] += 1
    names = store.department_names(session=session, ids=list(counts))
    late = [(names[d], n) for d, n in counts.items() if d in names]
    return tuple(sorted(late, key=lambda item: (-item[1], item[0])))

"""What reminders are owed at a moment, as pure functions of ``now`` and a ``World``.

No database, no clock, no Telegram: ``bot.reminders.owed`` reads the world and the ledger, calls
``due_reminders`` on every tick, and stores each ``Due`` under its key (the ledger's unique key
makes a second tick harmless). ``plan`` lists what the current state would send over a window.

The rhythm of one occurrence is a list of slots (``slots``). Each slot is owed from its ``at``
until the next slot's ``at``: a tick inside that window owes the slot, so after downtime only the
latest slot is owed, and feeding the keys already stored back as ``sent`` means it goes out once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from scheduler.calendar import WorkCalendar
from scheduler.model import (
    Due,
    Kind,
    Occurrence,
    Owing,
    PlanRow,
    Policy,
    Recipient,
    Slot,
    Snooze,
    World,
)

SNOOZED_LABEL = "snoozed"


def reminder_key(liaison_id: int, deadline_id: int, due: date, label: str) -> str:
    """The ledger key of a liaison's reminder for one slot of one occurrence."""
    return f"rem:{liaison_id}:{deadline_id}:{due.isoformat()}:{label}"


def escalation_key(chat_id: int, deadline_id: int, due: date, label: str) -> str:
    """The ledger key of a coordinator's list of late departments for one after-deadline slot."""
    return f"esc:{chat_id}:{deadline_id}:{due.isoformat()}:{label}"


def snooze_key(liaison_id: int, deadline_id: int, due: date, until: datetime) -> str:
    """The ledger key of the reminder a snooze brings back (one per snooze moment)."""
    return f"snz:{liaison_id}:{deadline_id}:{due.isoformat()}:{_utc(until).isoformat()}"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the planner works with aware datetimes only")
    return moment.astimezone(UTC)


def _tz(policy: Policy) -> tzinfo:
    return policy.tz if policy.tz is not None else UTC


def _local_moment(day: date, at: time, tz: tzinfo) -> datetime:
    # zoneinfo resolves the offset for that very day, so 09:00 stays 09:00 across a DST switch
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _before_days(due: date, policy: Policy, calendar: WorkCalendar) -> list[tuple[int, date]]:
    """(n, day) of the BEFORE/DUE slots, nearest the deadline first, moved and deduplicated."""
    kept: list[tuple[int, date]] = []
    for n in sorted(set(policy.days_before)):
        day = calendar.previous_workday(due - timedelta(days=n))
        # a slot moved onto (or past) a nearer slot's day would be a second message that day
        if kept and day >= kept[-1][1]:
            continue
        kept.append((n, day))
    return kept


def slots(due: date, policy: Policy, calendar: WorkCalendar) -> list[Slot]:
    """The reminder slots of an occurrence due on ``due``, in time order, with their windows."""
    return list(_slots(due, policy, calendar))


def _slots(due: date, policy: Policy, calendar: WorkCalendar) -> tuple[Slot, ...]:
    try:
        return _cached_slots(due, policy, calendar)
    except TypeError:  # a policy built with a list (unhashable) still works, uncached
        return _compute_slots(due, policy, calendar)


@lru_cache(maxsize=4096)
def _cached_slots(due: date, policy: Policy, calendar: WorkCalendar) -> tuple[Slot, ...]:
    # every tick asks for the same few occurrences' slots: compute them once per policy
    return _compute_slots(due, policy, calendar)


def _compute_slots(due: date, policy: Policy, calendar: WorkCalendar) -> tuple[Slot, ...]:
    tz = _tz(policy)
    moments: list[tuple[Kind, str, datetime]] = []
    for n, day in reversed(_before_days(due, policy, calendar)):
        kind, label = (Kind.DUE, "due") if n == 0 else (Kind.BEFORE, f"before-{n}")
        moments.append((kind, label, _local_moment(day, policy.at, tz)))
    for k in range(1, policy.after_max + 1):
        day = calendar.add_workdays(due, k * policy.after_every_days)
        moments.append((Kind.AFTER, f"after-{k}", _local_moment(day, policy.at, tz)))
    moments.sort(key=lambda item: item[2])
    result: list[Slot] = []
    for index, (kind, label, at) in enumerate(moments):
        end = moments[index + 1][2] if index + 1 < len(moments) else at + timedelta(days=1)
        result.append(Slot(kind=kind, label=label, at=at, window_end=end))
    return tuple(result)


def in_quiet_hours(now: datetime, policy: Policy) -> bool:
    """Whether ``now`` (local) is inside the quiet hours; a start after the end wraps midnight."""
    start, end = policy.quiet_start, policy.quiet_end
    if start is None or end is None or start == end:
        return False
    clock = now.astimezone(_tz(policy)).time()
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end


def current_slot(now: datetime, occurrence_slots: Iterable[Slot]) -> Slot | None:
    """The slot whose window holds ``now``, if any (windows do not overlap)."""
    for slot in occurrence_slots:
        if slot.at <= now < slot.window_end:
            return slot
    return None


def _owing_by_department(world: World, occurrence: Occurrence) -> dict[int, Owing]:
    found: dict[int, Owing] = {}
    for row in world.owing:
        if row.deadline_id == occurrence.deadline_id and row.due == occurrence.due:
            previous = found.get(row.department_id)
            if previous is not None:  # two rows for one department: one list of tasks
                merged = _unique(previous.task_ids + row.task_ids)
                row = Owing(row.department_id, row.department, row.deadline_id, row.due, merged)
            found[row.department_id] = row
    return {dept: row for dept, row in found.items() if row.task_ids}


def _paused(world: World, day: date) -> set[int]:
    return {pause.department_id for pause in world.pauses if pause.until >= day}


def _unique(ids: Iterable[int]) -> tuple[int, ...]:
    # a group task shared by two departments of one liaison is listed once
    return tuple(dict.fromkeys(ids))


def _snooze_state(
    now: datetime, snoozes: list[Snooze], occurrence_slots: list[Slot]
) -> tuple[bool, Snooze | None, bool]:
    """(suppressed, snooze whose window holds now, whether the current regular slot is covered).

    While any snooze runs (``until > now``) nothing goes to that liaison for that occurrence.
    Afterwards the latest snooze is owed from ``until`` to the next slot (or for a day); a slot
    at ``until`` itself is the reminder brought back, so the snooze then owes nothing extra.
    """
    if not snoozes:
        return False, None, False
    if any(_utc(s.until) > now for s in snoozes):
        return True, None, False
    latest = max(snoozes, key=lambda s: _utc(s.until))
    until = _utc(latest.until)
    later = [slot.at for slot in occurrence_slots if slot.at >= until]
    end = min(later) if later else until + timedelta(days=1)
    owed = latest if until <= now < end else None
    slot = current_slot(now, occurrence_slots)
    covered = slot is not None and slot.at < until
    return False, owed, covered


def due_reminders(
    now: datetime,
    world: World,
    policy: Policy,
    calendar: WorkCalendar,
    *,
    sent: Collection[str] = (),
) -> list[Due]:
    """Every message owed at ``now`` and not yet in ``sent``: liaison reminders (one per
    recipient and occurrence), snoozed reminders coming due, and escalations to coordinators."""
    now = _utc(now)
    today = now.astimezone(_tz(policy)).date()
    if not calendar.is_workday(today) or in_quiet_hours(now, policy):
        return []
    paused = _paused(world, today)
    sent_keys = set(sent)
    result: list[Due] = []
    for occurrence in world.occurrences:
        owing = {
            dept: row
            for dept, row in _owing_by_department(world, occurrence).items()
            if dept not in paused
        }
        if not owing:
            continue
        occurrence_slots = list(_slots(occurrence.due, policy, calendar))
        slot = current_slot(now, occurrence_slots)
        result.extend(_liaison_dues(now, world, occurrence, owing, occurrence_slots, slot))
        if slot is not None and slot.kind is Kind.AFTER and policy.escalate:
            result.extend(_escalations(world, occurrence, owing, slot))
    return [due for due in _unique_dues(result) if due.key not in sent_keys]


def _unique_dues(dues: list[Due]) -> list[Due]:
    # the same occurrence listed twice in the world must not owe the same key twice
    seen: set[str] = set()
    result: list[Due] = []
    for due in dues:
        if due.key not in seen:
            seen.add(due.key)
            result.append(due)
    return result


def _liaison_dues(
    now: datetime,
    world: World,
    occurrence: Occurrence,
    owing: dict[int, Owing],
    occurrence_slots: list[Slot],
    slot: Slot | None,
) -> Iterable[Due]:
    for recipient in world.recipients:
        if recipient.chat_id is None or recipient.unreachable:
            continue
        departments = _unique(d for d in recipient.department_ids if d in owing)
        if not departments:
            continue
        tasks = _unique(t for d in departments for t in owing[d].task_ids)
        snoozes = [
            s
            for s in world.snoozes
            if s.liaison_id == recipient.liaison_id
            and s.deadline_id == occurrence.deadline_id
            and s.due == occurrence.due
        ]
        suppressed, snoozed, covered = _snooze_state(now, snoozes, occurrence_slots)
        if suppressed:
            continue
        lists = (departments, tasks)
        ids = (recipient.liaison_id, occurrence.deadline_id, occurrence.due)
        if snoozed is not None:
            key = snooze_key(*ids, snoozed.until)
            at = _utc(snoozed.until)
            yield _liaison_due(key, Kind.SNOOZED, SNOOZED_LABEL, at, recipient, occurrence, lists)
        if slot is not None and not covered:
            key = reminder_key(*ids, slot.label)
            yield _liaison_due(key, slot.kind, slot.label, slot.at, recipient, occurrence, lists)


def _liaison_due(
    key: str,
    kind: Kind,
    label: str,
    at: datetime,
    recipient: Recipient,
    occurrence: Occurrence,
    lists: tuple[tuple[int, ...], tuple[int, ...]],
) -> Due:
    return Due(
        key=key,
        kind=kind,
        slot=label,
        at=at,
        deadline_id=occurrence.deadline_id,
        due=occurrence.due,
        chat_id=recipient.chat_id,
        liaison_id=recipient.liaison_id,
        department_ids=lists[0],
        task_ids=lists[1],
    )


def _escalations(
    world: World, occurrence: Occurrence, owing: dict[int, Owing], slot: Slot
) -> Iterable[Due]:
    late = tuple(owing)
    missing = {dept: len(owing[dept].task_ids) for dept in late}
    for chat in dict.fromkeys(world.coordinator_chats):
        yield Due(
            key=escalation_key(chat, occurrence.deadline_id, occurrence.due, slot.label),
            kind=Kind.ESCALATION,
            slot=slot.label,
            at=slot.at,
            deadline_id=occurrence.deadline_id,
            due=occurrence.due,
            chat_id=chat,
            liaison_id=None,
            department_ids=late,
            missing=missing,
        )


def plan(
    start: datetime, end: datetime, world: World, policy: Policy, calendar: WorkCalendar
) -> list[PlanRow]:
    """Every reminder the current state would send with ``start <= at < end``: one row per owing
    department and liaison (liaison None: no liaison yet), plus one per escalation.

    Snoozes are left out (they move single messages, not the season), and so are quiet hours and
    reachability: a liaison who blocked the bot is still listed, it is the sender that skips them.
    """
    start, end = _utc(start), _utc(end)
    tz = _tz(policy)
    rows: list[PlanRow] = []
    for occurrence in world.occurrences:
        all_owing = _owing_by_department(world, occurrence)
        if not all_owing:
            continue
        for slot in slots(occurrence.due, policy, calendar):
            if not start <= slot.at < end:
                continue
            paused = _paused(world, slot.at.astimezone(tz).date())
            owing = {dept: row for dept, row in all_owing.items() if dept not in paused}
            rows.extend(_plan_rows(world, occurrence, owing, slot))
            if owing and slot.kind is Kind.AFTER and policy.escalate:
                rows.append(_row(slot, occurrence, None, None, Kind.ESCALATION))
    rows = list(dict.fromkeys(rows))  # an occurrence listed twice is planned once
    rows.sort(
        key=lambda r: (
            r.at,
            r.department is None,
            r.department or "",
            r.liaison is None,
            r.liaison or "",
            r.deadline,
        )
    )
    return rows


def _plan_rows(
    world: World, occurrence: Occurrence, owing: dict[int, Owing], slot: Slot
) -> Iterable[PlanRow]:
    for dept, row in owing.items():
        names: list[str | None] = [r.name for r in world.recipients if dept in r.department_ids]
        for name in names or [None]:
            yield _row(slot, occurrence, row.department, name, slot.kind)


def _row(
    slot: Slot, occurrence: Occurrence, department: str | None, liaison: str | None, kind: Kind
) -> PlanRow:
    return PlanRow(
        at=slot.at,
        department=department,
        liaison=liaison,
        deadline=occurrence.name,
        due=occurrence.due,
        kind=kind,
        slot=slot.label,
    )

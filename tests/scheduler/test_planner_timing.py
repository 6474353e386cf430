"""The planner and the clock: quiet hours hold a reminder until they end, a snooze holds one
liaison's reminder until its time and then brings it back once, and a DST time zone keeps every
reminder at the same local time of day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler.calendar import WorkCalendar
from scheduler.model import Due, Kind, Occurrence, Owing, Policy, Recipient, Snooze, World
from scheduler.planner import due_reminders, in_quiet_hours, plan, reminder_key, slots, snooze_key
from tests.scheduler.test_planner import CAL, POLICY, SHANGHAI, WORLD, local

BERLIN = ZoneInfo("Europe/Berlin")
JULY = date(2021, 7, 10)  # 上半年, deadline id 1


def walk(
    start: datetime, end: datetime, world: World, policy: Policy, step: int = 5
) -> list[tuple[datetime, Due]]:
    """(moment, due) for everything emitted from start to end, feeding keys back as sent."""
    sent: set[str] = set()
    out: list[tuple[datetime, Due]] = []
    now = start
    while now < end:
        for due in due_reminders(now, world, policy, CAL, sent=sent):
            out.append((now, due))
            sent.add(due.key)
        now += timedelta(minutes=step)
    return out


def test_quiet_hours_hold_a_reminder_until_they_end_the_same_day() -> None:
    early = Policy(tz=SHANGHAI, at=time(7, 0))  # a reminder time inside the night's quiet hours
    assert in_quiet_hours(local(JULY, 7, 0), early)
    emitted = walk(local(date(2021, 7, 7), 0), local(date(2021, 7, 8), 0), WORLD, early, step=1)
    moments = {now for now, due in emitted if due.deadline_id == 1}
    assert moments == {local(date(2021, 7, 7), 8, 0)}
    assert {due.at for _, due in emitted if due.deadline_id == 1} == {local(date(2021, 7, 7), 7)}


def test_quiet_hours_in_the_middle_of_the_day_and_around_midnight() -> None:
    lunch = Policy(tz=SHANGHAI, at=time(12, 30), quiet_start=time(12, 0), quiet_end=time(14, 0))
    emitted = walk(local(date(2021, 7, 7), 0), local(date(2021, 7, 8), 0), WORLD, lunch, step=1)
    before_3 = {now for now, due in emitted if due.slot == "before-3" and due.deadline_id == 1}
    assert before_3 == {local(date(2021, 7, 7), 14, 0)}
    # a reminder time after quiet_start: held overnight? no — the window ends at the next slot,
    # and the next morning (a working day) it is still owed at 08:00
    late = Policy(tz=SHANGHAI, at=time(22, 0))
    emitted = walk(local(date(2021, 7, 7), 0), local(date(2021, 7, 9), 0), WORLD, late, step=1)
    firsts = sorted(
        {now for now, due in emitted if due.slot == "before-3" and due.deadline_id == 1}
    )
    assert firsts == [local(date(2021, 7, 8), 8, 0)]
    for now, _ in emitted:
        clock = now.astimezone(SHANGHAI).time()
        assert time(8, 0) <= clock < time(21, 0)
    never = Policy(tz=SHANGHAI, quiet_start=None, quiet_end=None)
    assert not in_quiet_hours(local(JULY, 3, 0), never)


def snoozed_world(*snoozes: Snooze) -> World:
    return World(
        occurrences=WORLD.occurrences,
        owing=WORLD.owing,
        recipients=WORLD.recipients,
        pauses=WORLD.pauses,
        snoozes=snoozes,
        coordinator_chats=WORLD.coordinator_chats,
    )


def zhang(emitted: list[tuple[datetime, Due]]) -> list[tuple[datetime, str, Kind]]:
    return [(now, due.key, due.kind) for now, due in emitted if due.liaison_id == 11]


def test_a_snooze_holds_the_reminder_then_brings_it_back_exactly_once() -> None:
    # 张伟 taps 下个工作日再提醒 on the before-3 reminder (Wed 7 Jul): back on Thu 8 Jul at 09:00
    until = local(date(2021, 7, 8), 9)
    world = snoozed_world(Snooze(11, 1, JULY, until))
    start = local(date(2021, 7, 7), 9, 5)
    emitted = walk(start, local(date(2021, 7, 10), 0), world, POLICY)
    assert zhang(emitted) == [
        (until, snooze_key(11, 1, JULY, until), Kind.SNOOZED),
        (local(date(2021, 7, 9)), reminder_key(11, 1, JULY, "due"), Kind.DUE),
    ]
    back = next(due for _, due in emitted if due.kind is Kind.SNOOZED)
    assert back.at == until and back.slot == "snoozed"
    assert back.department_ids == (1,) and back.task_ids == (101, 102)
    # 王芳 is not affected by 张伟's snooze
    assert any(due.liaison_id == 12 and due.slot == "due" for _, due in emitted)


def test_a_snooze_past_the_next_slot_swallows_it_and_comes_back_once() -> None:
    # snoozed on the before-7 reminder (Fri 2 Jul) until Thu 8 Jul: before-3 (Wed) is not sent
    until = local(date(2021, 7, 8), 9)
    world = snoozed_world(Snooze(11, 1, JULY, until))
    emitted = walk(local(date(2021, 7, 2), 9, 5), local(date(2021, 7, 10), 0), world, POLICY)
    assert [key for _, key, _ in zhang(emitted)] == [
        snooze_key(11, 1, JULY, until),
        reminder_key(11, 1, JULY, "due"),
    ]
    # while the snooze runs nothing at all goes to 张伟 about 上半年
    assert not [
        d
        for d in due_reminders(local(date(2021, 7, 7), 10), world, POLICY, CAL)
        if d.liaison_id == 11
    ]


def test_a_snooze_after_the_last_slot_still_comes_back_and_escalations_ignore_it() -> None:
    until = local(date(2021, 7, 20), 9)  # the day after after-3, the last slot
    world = snoozed_world(Snooze(11, 1, JULY, until))
    emitted = walk(local(date(2021, 7, 19), 9, 5), local(date(2021, 7, 22), 0), world, POLICY)
    assert zhang(emitted) == [(until, snooze_key(11, 1, JULY, until), Kind.SNOOZED)]
    # during after-3 (snoozed for 张伟) the coordinators still hear who is late, 文旅 included
    dues = due_reminders(local(date(2021, 7, 19), 10), world, POLICY, CAL)
    escalations = [d for d in dues if d.kind is Kind.ESCALATION]
    assert len(escalations) == 2 and all(1 in d.department_ids for d in escalations)


def dst_world() -> World:
    occurrences = (
        Occurrence(1, "一季度", date(2021, 3, 29)),
        Occurrence(2, "十月", date(2021, 11, 1)),
    )
    return World(
        occurrences=occurrences,
        owing=tuple(Owing(1, "区文旅局", o.deadline_id, o.due, (101,)) for o in occurrences),
        recipients=(Recipient(11, "张伟", 1011, (1,)),),
    )


def test_dst_every_slot_is_nine_in_berlin_and_the_utc_hour_moves() -> None:
    policy = Policy(tz=BERLIN)
    for due in (date(2021, 3, 29), date(2021, 11, 1)):
        got = slots(due, policy, WorkCalendar())
        assert all(s.at.astimezone(BERLIN).time() == time(9, 0) for s in got)
        assert {s.at.astimezone(UTC).hour for s in got} == {7, 8}
    spring = {s.label: s.at for s in slots(date(2021, 3, 29), policy, CAL)}
    assert spring["before-14"] == datetime(2021, 3, 15, 8, 0, tzinfo=UTC)  # CET, UTC+1
    assert spring["due"] == datetime(2021, 3, 29, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    autumn = {s.label: s.at for s in slots(date(2021, 11, 1), policy, CAL)}
    assert autumn["before-14"] == datetime(2021, 10, 18, 7, 0, tzinfo=UTC)
    assert autumn["due"] == datetime(2021, 11, 1, 8, 0, tzinfo=UTC)


def test_dst_walk_sends_at_nine_local_on_both_sides_of_the_switch() -> None:
    policy = Policy(tz=BERLIN)
    world = dst_world()
    for start, end in (
        (date(2021, 3, 10), date(2021, 4, 12)),
        (date(2021, 10, 12), date(2021, 11, 12)),
    ):
        emitted = walk(local(start, 0, tz=BERLIN), local(end, 0, tz=BERLIN), world, policy)
        assert len(emitted) == len(
            slots(world.occurrences[0 if start.month == 3 else 1].due, policy, CAL)
        )
        for now, due in emitted:
            assert now == due.at
            assert now.astimezone(BERLIN).time() == time(9, 0)
    rows = plan(
        local(date(2021, 3, 1), 0, tz=BERLIN),
        local(date(2021, 12, 1), 0, tz=BERLIN),
        world,
        policy,
        CAL,
    )
    assert {r.at.astimezone(BERLIN).time() for r in rows} == {time(9, 0)}
    assert {r.at.astimezone(UTC).hour for r in rows} == {7, 8}


def test_a_snooze_ending_on_a_slot_is_that_slot_not_a_second_message() -> None:
    # snoozed on Fri 2 Jul (before-7) until Wed 7 Jul 09:00, when before-3 is owed anyway
    until = local(date(2021, 7, 7), 9)
    world = snoozed_world(Snooze(11, 1, JULY, until))
    emitted = walk(local(date(2021, 7, 2), 9, 5), local(date(2021, 7, 8), 0), world, POLICY)
    assert zhang(emitted) == [(until, reminder_key(11, 1, JULY, "before-3"), Kind.BEFORE)]

"""The reminder planner over a whole year: slots on working days (the 2021 National Day week and
its 调休 Saturday), each reminder owed in exactly one window, nobody who reported reminded, the
after-deadline rhythm, escalations with missing counts, pauses, downtime and the season plan."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.calendar import WorkCalendar
from scheduler.model import Due, Kind, Occurrence, Owing, Pause, Policy, Recipient, World
from scheduler.planner import (
    due_reminders,
    escalation_key,
    plan,
    reminder_key,
    slots,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
POLICY = Policy(tz=SHANGHAI)
CAL = WorkCalendar()
COORDINATORS = (9001, 9002)

# (deadline id, name, due) — 上半年 falls on a Saturday; 三季度 the day after National Day week;
# 专项 so that its before-3 slot lands on the 调休 Saturday 2021-10-09.
OCCURRENCES = (
    Occurrence(1, "上半年", date(2021, 7, 10)),
    Occurrence(2, "三季度", date(2021, 10, 8)),
    Occurrence(3, "专项", date(2021, 10, 12)),
    Occurrence(4, "全年", date(2021, 12, 31)),
)

# The expected rhythm, worked out by hand from the 2021 calendar (09:00 Beijing time each).
EXPECTED_SLOTS: dict[date, list[tuple[str, date]]] = {
    date(2021, 7, 10): [
        ("before-14", date(2021, 6, 25)),  # Sat 26 Jun -> Fri
        ("before-7", date(2021, 7, 2)),  # Sat 3 Jul -> Fri
        ("before-3", date(2021, 7, 7)),
        ("due", date(2021, 7, 9)),  # Saturday deadline -> Fri; before-1 merges into it
        ("after-1", date(2021, 7, 13)),  # 2, 4, 6 working days after
        ("after-2", date(2021, 7, 15)),
        ("after-3", date(2021, 7, 19)),
    ],
    date(2021, 10, 8): [
        ("before-14", date(2021, 9, 24)),
        ("before-1", date(2021, 9, 30)),  # 7 Oct holiday -> 30 Sep; before-3, before-7 merge
        ("due", date(2021, 10, 8)),
        ("after-1", date(2021, 10, 11)),  # the 调休 Saturday 9 Oct counts as a working day
        ("after-2", date(2021, 10, 13)),
        ("after-3", date(2021, 10, 15)),
    ],
    date(2021, 10, 12): [
        ("before-14", date(2021, 9, 28)),
        ("before-7", date(2021, 9, 30)),  # 5 Oct holiday -> 30 Sep
        ("before-3", date(2021, 10, 9)),  # 调休 Saturday: a working day, stays
        ("before-1", date(2021, 10, 11)),
        ("due", date(2021, 10, 12)),
        ("after-1", date(2021, 10, 14)),
        ("after-2", date(2021, 10, 18)),
        ("after-3", date(2021, 10, 20)),
    ],
    date(2021, 12, 31): [
        ("before-14", date(2021, 12, 17)),
        ("before-7", date(2021, 12, 24)),
        ("before-3", date(2021, 12, 28)),
        ("before-1", date(2021, 12, 30)),
        ("due", date(2021, 12, 31)),
        ("after-1", date(2022, 1, 5)),  # 1-3 Jan 2022 are holidays
        ("after-2", date(2022, 1, 7)),
        ("after-3", date(2022, 1, 11)),
    ],
}

# Departments: 1 文旅 and 3 科信 owe everywhere; 2 住建 reported everything for 三季度 and 专项;
# 4 水务 reported everything; 5 审计 owes but has no liaison; 6 体育 is on leave through 31 Dec.
NAMES = {1: "区文旅局", 2: "区住建委", 3: "区科信委", 4: "区水务局", 5: "区审计局", 6: "区体育局"}
TASKS = {1: (101, 102), 2: (201, 900), 3: (301, 302, 303, 900), 5: (501,), 6: (601,)}
RECIPIENTS = (
    Recipient(11, "张伟", 1011, (1,)),
    Recipient(12, "王芳", 1012, (2, 3)),  # two departments, sharing group task 900
    Recipient(14, "刘洋", 1014, (4,)),
    Recipient(16, "陈静", 1016, (6,)),
    Recipient(17, "赵敏", None, (1,)),  # never opened a chat with the bot
    Recipient(18, "孙磊", 1018, (3,), unreachable=True),  # blocked the bot
)
PAUSES = (Pause(6, date(2021, 12, 31)),)
REACHABLE = {11: (1,), 12: (2, 3), 14: (4,), 16: (6,)}


def owing_rows() -> tuple[Owing, ...]:
    rows = []
    for occ in OCCURRENCES:
        for dept, tasks in TASKS.items():
            if dept == 2 and occ.deadline_id in (2, 3):
                continue
            rows.append(Owing(dept, NAMES[dept], occ.deadline_id, occ.due, tasks))
    return tuple(rows)


WORLD = World(
    occurrences=OCCURRENCES,
    owing=owing_rows(),
    recipients=RECIPIENTS,
    pauses=PAUSES,
    coordinator_chats=COORDINATORS,
)


def local(day: date, hour: int = 9, minute: int = 0, tz: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)


def owes(occ: Occurrence, dept: int, on: date) -> bool:
    """Independent of the planner: whether a department is owed a reminder on a local date."""
    if dept not in TASKS or (dept == 2 and occ.deadline_id in (2, 3)):
        return False
    return not (dept == 6 and on <= date(2021, 12, 31))


def expected_keys() -> set[str]:
    keys = set()
    for occ in OCCURRENCES:
        for label, day in EXPECTED_SLOTS[occ.due]:
            for liaison, depts in REACHABLE.items():
                if any(owes(occ, d, day) for d in depts):
                    keys.add(reminder_key(liaison, occ.deadline_id, occ.due, label))
            late = any(owes(occ, d, day) for d in TASKS)
            if label.startswith("after-") and late:
                for chat in COORDINATORS:
                    keys.add(escalation_key(chat, occ.deadline_id, occ.due, label))
    # 体育's leave ends inside 全年's due window (31 Dec to 5 Jan): back at work on 4 Jan, its
    # liaison is owed that slot when the quiet hours end, not a day earlier
    keys.add(BACK_FROM_LEAVE)
    return keys


BACK_FROM_LEAVE = reminder_key(16, 4, date(2021, 12, 31), "due")


def walk_moments() -> list[datetime]:
    """Every 5 minutes from three weeks before a deadline to two weeks after it, hourly
    elsewhere, over 2021 and January 2022 (local midnight-aligned, so 09:00 is hit exactly)."""
    fine = [(occ.due - timedelta(days=21), occ.due + timedelta(days=15)) for occ in OCCURRENCES]
    moments, current, end = [], local(date(2021, 1, 1), 0), local(date(2022, 2, 1), 0)
    while current < end:
        moments.append(current)
        day = current.astimezone(SHANGHAI).date()
        near = any(start <= day <= stop for start, stop in fine)
        current += timedelta(minutes=5 if near else 60)
    return moments


def test_slots_match_the_hand_worked_rhythm() -> None:
    for occ in OCCURRENCES:
        got = slots(occ.due, POLICY, CAL)
        assert [(s.label, s.at) for s in got] == [
            (label, local(day)) for label, day in EXPECTED_SLOTS[occ.due]
        ]
        for slot, following in pairwise(got):
            assert slot.window_end == following.at
        assert got[-1].window_end == got[-1].at + timedelta(days=1)
        assert {s.kind for s in got} == {Kind.BEFORE, Kind.DUE, Kind.AFTER}


def test_walking_the_year_owes_each_reminder_once_on_working_days_only() -> None:
    sent: set[str] = set()
    emitted: list[Due] = []
    when: dict[str, datetime] = {}
    for now in walk_moments():
        dues = due_reminders(now, WORLD, POLICY, CAL, sent=sent)
        for due in dues:
            when[due.key] = now
        emitted.extend(dues)
        sent.update(due.key for due in dues)

    counts = Counter(due.key for due in emitted)
    assert [key for key, n in counts.items() if n > 1] == []
    assert set(counts) == expected_keys()
    for due in emitted:
        sent_on = when[due.key].astimezone(SHANGHAI)
        assert CAL.is_workday(sent_on.date()), due.key
        assert not date(2021, 10, 1) <= sent_on.date() <= date(2021, 10, 7)
        if due.key == BACK_FROM_LEAVE:
            assert when[due.key] == local(date(2022, 1, 4), 8)
            continue
        # a continuous walk sends each slot at its own moment: 09:00 on the slot's day
        assert when[due.key] == due.at, due.key
        assert sent_on.time() == time(9, 0)
    # the make-up Saturday carries 专项's before-3
    assert any(when[d.key].astimezone(SHANGHAI).date() == date(2021, 10, 9) for d in emitted)
    # nobody is reminded for departments without unreported tasks, or through a dead chat
    liaisons = {due.liaison_id for due in emitted}
    assert liaisons == {11, 12, 16, None}
    assert all(4 not in due.department_ids for due in emitted)


def test_walking_slot_by_slot_owes_the_same_reminders() -> None:
    moments = sorted({s.at for occ in OCCURRENCES for s in slots(occ.due, POLICY, CAL)})
    sent: set[str] = set()
    emitted: list[Due] = []
    for now in moments:
        dues = due_reminders(now, WORLD, POLICY, CAL, sent=sent)
        assert all(d.at == now for d in dues)
        assert all(CAL.is_workday(now.astimezone(SHANGHAI).date()) for _ in dues)
        emitted.extend(dues)
        sent.update(d.key for d in dues)
    assert len(emitted) == len(sent)
    # only at a slot's own moment 体育 is still on leave for 全年's due slot
    assert sent == expected_keys() - {BACK_FROM_LEAVE}


def test_a_liaison_of_two_departments_gets_one_message_listing_both() -> None:
    dues = due_reminders(local(date(2021, 7, 7)), WORLD, POLICY, CAL)
    wang = [due for due in dues if due.liaison_id == 12]
    assert len(wang) == 1
    assert wang[0].department_ids == (2, 3)
    assert wang[0].task_ids == (201, 900, 301, 302, 303)  # shared 900 once
    assert wang[0].chat_id == 1012
    assert wang[0].kind is Kind.BEFORE and wang[0].slot == "before-3"
    # for 三季度 住建 reported everything: only 科信 is listed
    dues = due_reminders(local(date(2021, 9, 30)), WORLD, POLICY, CAL)
    wang = [d for d in dues if d.liaison_id == 12 and d.deadline_id == 2]
    assert [(d.department_ids, d.task_ids) for d in wang] == [((3,), (301, 302, 303, 900))]


def test_after_the_deadline_pings_follow_the_rhythm_and_coordinators_get_the_late_list() -> None:
    after = [s for s in slots(date(2021, 7, 10), POLICY, CAL) if s.kind is Kind.AFTER]
    days = [s.at.astimezone(SHANGHAI).date() for s in after]
    assert days[0] == CAL.add_workdays(date(2021, 7, 10), 2)
    for earlier, later in pairwise(days):
        assert later == CAL.add_workdays(earlier, 2)
    assert len(after) == POLICY.after_max

    dues = due_reminders(local(date(2021, 7, 13), 10), WORLD, POLICY, CAL)
    escalations = [d for d in dues if d.kind is Kind.ESCALATION]
    assert [d.chat_id for d in escalations] == list(COORDINATORS)
    for esc in escalations:
        assert esc.liaison_id is None and esc.slot == "after-1"
        # 体育 is on leave: not late; 审计 has no liaison but is late all the same
        assert esc.department_ids == (1, 2, 3, 5)
        assert esc.missing == {1: 2, 2: 2, 3: 4, 5: 1}
    # once 体育's leave is over it is late for 全年
    dues = due_reminders(local(date(2022, 1, 5), 9), WORLD, POLICY, CAL)
    esc = next(d for d in dues if d.kind is Kind.ESCALATION and d.deadline_id == 4)
    assert esc.missing == {1: 2, 2: 2, 3: 4, 5: 1, 6: 1}
    assert any(d.liaison_id == 16 and d.slot == "after-1" for d in dues)


def test_no_escalation_when_nobody_is_late_or_escalation_is_off() -> None:
    only_paused = World(
        occurrences=OCCURRENCES[:1],
        owing=(Owing(6, NAMES[6], 1, date(2021, 7, 10), (601,)),),
        recipients=RECIPIENTS,
        pauses=PAUSES,
        coordinator_chats=COORDINATORS,
    )
    assert due_reminders(local(date(2021, 7, 13)), only_paused, POLICY, CAL) == []
    quiet = Policy(tz=SHANGHAI, escalate=False)
    dues = due_reminders(local(date(2021, 7, 13)), WORLD, quiet, CAL)
    assert dues and all(d.kind is Kind.AFTER for d in dues)


def test_after_downtime_only_the_latest_slot_is_owed_once() -> None:
    # the bot was down from before 全年's before-3 until after its due slot: three slots missed
    now = local(date(2021, 12, 31), 15, 30)
    dues = due_reminders(now, WORLD, POLICY, CAL)
    mine = [d for d in dues if d.deadline_id == 4 and d.liaison_id == 11]
    assert [(d.slot, d.at) for d in mine] == [("due", local(date(2021, 12, 31)))]
    assert due_reminders(now, WORLD, POLICY, CAL, sent={d.key for d in dues}) == []
    later = due_reminders(now + timedelta(hours=1), WORLD, POLICY, CAL, sent={d.key for d in dues})
    assert later == []


def test_nothing_on_a_holiday_even_inside_a_window() -> None:
    # 三季度's before-1 window runs from 30 Sep to 8 Oct; nothing sent during the holiday
    for day in range(1, 8):
        assert due_reminders(local(date(2021, 10, day), 10), WORLD, POLICY, CAL) == []
    # the first working day after the holiday, before the due slot, still owes before-1
    dues = due_reminders(local(date(2021, 10, 8), 8, 30), WORLD, POLICY, CAL)
    assert {d.slot for d in dues if d.deadline_id == 2} == {"before-1"}


def test_plan_lists_every_department_and_liaison_per_slot() -> None:
    rows = plan(local(date(2021, 10, 8), 0), local(date(2021, 10, 12), 0), WORLD, POLICY, CAL)
    shown = [
        (r.at.astimezone(SHANGHAI).strftime("%m-%d"), r.department, r.liaison, r.deadline, r.kind)
        for r in rows
    ]
    due, after, esc = Kind.DUE, Kind.AFTER, Kind.ESCALATION
    assert shown == [
        ("10-08", "区审计局", None, "三季度", due),
        ("10-08", "区文旅局", "张伟", "三季度", due),
        ("10-08", "区文旅局", "赵敏", "三季度", due),
        ("10-08", "区科信委", "孙磊", "三季度", due),
        ("10-08", "区科信委", "王芳", "三季度", due),
        ("10-09", "区审计局", None, "专项", Kind.BEFORE),
        ("10-09", "区文旅局", "张伟", "专项", Kind.BEFORE),
        ("10-09", "区文旅局", "赵敏", "专项", Kind.BEFORE),
        ("10-09", "区科信委", "孙磊", "专项", Kind.BEFORE),
        ("10-09", "区科信委", "王芳", "专项", Kind.BEFORE),
        ("10-11", "区审计局", None, "三季度", after),
        ("10-11", "区审计局", None, "专项", Kind.BEFORE),
        ("10-11", "区文旅局", "张伟", "三季度", after),
        ("10-11", "区文旅局", "张伟", "专项", Kind.BEFORE),
        ("10-11", "区文旅局", "赵敏", "三季度", after),
        ("10-11", "区文旅局", "赵敏", "专项", Kind.BEFORE),
        ("10-11", "区科信委", "孙磊", "三季度", after),
        ("10-11", "区科信委", "孙磊", "专项", Kind.BEFORE),
        ("10-11", "区科信委", "王芳", "三季度", after),
        ("10-11", "区科信委", "王芳", "专项", Kind.BEFORE),
        ("10-11", None, None, "三季度", esc),  # escalations after the departments
    ]
    assert all(r.at.astimezone(SHANGHAI).time() == time(9, 0) for r in rows)


def test_plan_over_the_year_agrees_with_the_walk() -> None:
    rows = plan(local(date(2021, 1, 1), 0), local(date(2022, 2, 1), 0), WORLD, POLICY, CAL)
    for row in rows:
        assert CAL.is_workday(row.at.astimezone(SHANGHAI).date())
        assert row.department != "区水务局"
    # 体育 appears only after its leave, 住建 never for 三季度
    assert {r.at.date() for r in rows if r.department == "区体育局"} == {
        date(2022, 1, 5),
        date(2022, 1, 7),
        date(2022, 1, 11),
    }
    assert not [r for r in rows if r.department == "区住建委" and r.deadline == "三季度"]
    assert rows == sorted(rows, key=lambda r: r.at)
    escalations = {(r.deadline, r.slot) for r in rows if r.kind is Kind.ESCALATION}
    assert len(escalations) == 12  # four occurrences, three after-deadline slots each


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2021, 6, 1),
        max_value=datetime(2022, 1, 31),
        timezones=st.just(UTC),
    )
)
def test_any_moment_owes_nothing_on_a_day_off_and_no_key_twice(now: datetime) -> None:
    dues = due_reminders(now, WORLD, POLICY, CAL)
    keys = [d.key for d in dues]
    assert len(keys) == len(set(keys))
    if dues:
        local_now = now.astimezone(SHANGHAI)
        assert CAL.is_workday(local_now.date())
        assert time(8, 0) <= local_now.time() < time(21, 0)
        assert all(d.at <= now for d in dues)

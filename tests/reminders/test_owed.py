"""What is owed, read from a real database holding the sample notice: the planner's world (who
has not reported what, for which deadline occurrence), the ledger rows owed at a moment, pauses,
snoozes, the calendar warning, and what a ledger row's message says at send time."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import bot
from bot.cli.demo import SAMPLE_GROUPS
from bot.importer.model import ParsedPlan
from bot.plans.deadlines import add_deadline
from bot.plans.importing import import_notice
from bot.reminders.owed import content, load_world, owed, plan_rows, policy_from
from bot.settings import Settings
from bot.summary.build import build_summary
from db import queries
from db.engine import session_scope
from db.enums import DeliveryStatus, ReportStatus
from db.models import Deadline, DepartmentPause, ReminderDelivery, ReminderSnooze, Report, Task
from scheduler.model import Kind
from tests.db.factories import bind_liaison, make_plan
from tests.db.factories import store as store_plan
from tests.support.database import StatementLog

SAMPLE = Path(bot.__file__).parent / "data" / "sample_notice.txt"
COORDINATOR = 1001
SETTINGS = Settings.model_validate(
    {"roles": {"coordinators": [COORDINATOR]}, "departments": {"groups": SAMPLE_GROUPS}}
)
# Friday 26 June 2026, 09:00 in Beijing: fourteen days before 上半年 (Friday 10 July)
BEFORE_14 = datetime(2026, 6, 26, 1, 0, tzinfo=UTC)
IMPORTED = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)
H1 = date(2026, 7, 10)
FULL_YEAR = date(2026, 12, 25)
COMMERCE = "区商务委"
SCIENCE = "区科技局"


@pytest.fixture
def sample(engine: Engine) -> ParsedPlan:
    outcome = import_notice(
        engine=engine,
        data=SAMPLE.read_bytes(),
        name=SAMPLE.name,
        now=IMPORTED,
        group_members=SAMPLE_GROUPS,
    )
    assert outcome.result is not None
    return outcome.plan


def department_id(session: Session, name: str) -> int:
    found = queries.departments_by_name(session=session, names=[name])[name]
    assert found.id is not None
    return found.id


def deadline_id(session: Session, name: str) -> int:
    found = session.exec(select(Deadline.id).where(Deadline.name == name)).one()
    assert found is not None
    return found


def expected_missing(plan: ParsedPlan, done: set[tuple[str, str]]) -> dict[str, set[str]]:
    """Department → task codes it answers for and has not reported, from the parsed notice."""
    missing: dict[str, set[str]] = defaultdict(set)
    for task in plan.tasks:
        for name in (*task.lead, *task.support):
            members = SAMPLE_GROUPS.get(name, []) if name in plan.groups else [name]
            for department in members:
                if (task.code, department) not in done:
                    missing[department].add(task.code)
    return dict(missing)


def report(
    engine: Engine, code: str, department: str, due: date = H1, name: str = "上半年"
) -> None:
    with session_scope(engine) as session:
        task_id = session.exec(select(Task.id).where(Task.code == code)).one()
        assert task_id is not None
        session.add(
            Report(
                task_id=task_id,
                department_id=department_id(session, department),
                deadline_id=deadline_id(session, name),
                deadline_due=due,
                status=ReportStatus.DONE,
                raw_text=f"{code} 已完成",
                created_at=BEFORE_14,
                updated_at=BEFORE_14,
            )
        )


def codes(session: Session, task_ids: tuple[int, ...]) -> set[str]:
    rows = session.exec(select(Task.code).where(col(Task.id).in_(task_ids))).all()
    return set(rows)


def store_rows(engine: Engine, rows: list[ReminderDelivery]) -> None:
    with session_scope(engine) as session:
        session.add_all(rows)


# --- the world -------------------------------------------------------------------------------


def test_unreported_tasks_per_department_and_occurrence_match_the_notice(
    engine: Engine, sample: ParsedPlan, statement_log: StatementLog
) -> None:
    done = {("一.4", COMMERCE), ("一.1", "区发改委"), ("三.3", COMMERCE)}
    for code, department in done:
        report(engine, code, department)
    report(engine, "一.4", SCIENCE, due=FULL_YEAR, name="全年")  # another occurrence: no effect

    statement_log.statements.clear()
    with Session(engine) as session:
        world = load_world(session=session, settings=SETTINGS, today=BEFORE_14.date())
        # a handful of statements however many departments and occurrences
        selects = [s for s in statement_log.statements if s.lstrip().startswith("SELECT")]
        assert len(selects) <= 8
        names = {o.due: o.name for o in world.occurrences}
        owing = {(row.department, row.due): codes(session, row.task_ids) for row in world.owing}
    assert names == {H1: "上半年", FULL_YEAR: "全年"}
    assert {dept: tasks for (dept, due), tasks in owing.items() if due == H1} == (
        expected_missing(sample, done)
    )
    science_done = {("一.4", SCIENCE)}
    assert {dept: tasks for (dept, due), tasks in owing.items() if due == FULL_YEAR} == (
        expected_missing(sample, science_done)
    )


def test_a_department_that_reported_everything_owes_nothing(
    engine: Engine, sample: ParsedPlan
) -> None:
    for code in expected_missing(sample, set())[COMMERCE]:
        report(engine, code, COMMERCE)
    reporter = bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    with Session(engine) as session:
        world = load_world(session=session, settings=SETTINGS, today=BEFORE_14.date())
        rows = owed(session=session, settings=SETTINGS, now=BEFORE_14)
    assert not [o for o in world.owing if o.department == COMMERCE and o.due == H1]
    assert [r.key for r in rows if r.liaison_id == reporter.liaison_id] == []


def test_recipients_and_coordinators(engine: Engine, sample: ParsedPlan) -> None:
    reporter = bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    with Session(engine) as session:
        world = load_world(session=session, settings=SETTINGS, today=BEFORE_14.date())
    assert [(r.liaison_id, r.chat_id, r.department_ids) for r in world.recipients] == [
        (reporter.liaison_id, 2001, reporter.department_ids)
    ]
    assert world.coordinator_chats == (COORDINATOR,)


# --- owed ------------------------------------------------------------------------------------


def test_owed_gives_one_row_per_liaison_then_nothing_once_stored(
    engine: Engine, sample: ParsedPlan
) -> None:
    commerce = bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    science = bind_liaison(engine, SCIENCE, 2002, now=IMPORTED)
    with Session(engine) as session:
        rows = owed(session=session, settings=SETTINGS, now=BEFORE_14)
        h1 = deadline_id(session, "上半年")
    assert sorted((r.chat_id, r.kind, r.slot) for r in rows) == [
        (2001, "before", "before-14"),
        (2002, "before", "before-14"),
    ]
    first = next(r for r in rows if r.chat_id == 2001)
    assert first.key == f"rem:{commerce.liaison_id}:{h1}:2026-07-10:before-14"
    assert (first.liaison_id, first.deadline_id, first.deadline_due) == (
        commerce.liaison_id,
        h1,
        H1,
    )
    assert first.status is DeliveryStatus.PENDING and first.attempts == 0
    assert first.next_attempt_at == first.created_at == first.updated_at == BEFORE_14
    assert first.due_at == BEFORE_14
    assert science.liaison_id != commerce.liaison_id

    store_rows(engine, rows)
    with Session(engine) as session:
        assert owed(session=session, settings=SETTINGS, now=BEFORE_14) == []
        # later in the same slot's window: still nothing new
        later = BEFORE_14 + timedelta(hours=5)
        assert owed(session=session, settings=SETTINGS, now=later) == []


def test_nothing_on_a_weekend_in_quiet_hours_or_when_disabled(
    engine: Engine, sample: ParsedPlan
) -> None:
    bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    saturday = BEFORE_14 + timedelta(days=1)
    late_evening = BEFORE_14 + timedelta(hours=13)  # 22:00 in Beijing
    disabled = SETTINGS.model_copy(
        update={"reminders": SETTINGS.reminders.model_copy(update={"enabled": False})}
    )
    with Session(engine) as session:
        assert owed(session=session, settings=SETTINGS, now=saturday) == []
        assert owed(session=session, settings=SETTINGS, now=late_evening) == []
        assert owed(session=session, settings=disabled, now=BEFORE_14) == []


def test_a_paused_department_is_not_reminded_nor_late(engine: Engine, sample: ParsedPlan) -> None:
    bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    with session_scope(engine) as session:
        session.add(
            DepartmentPause(
                department_id=department_id(session, COMMERCE),
                until=date(2026, 7, 20),
                reason="出差",
                set_by=2001,
                updated_at=IMPORTED,
            )
        )
    first_after = datetime(2026, 7, 14, 1, 0, tzinfo=UTC)  # after-1: two working days later
    with Session(engine) as session:
        assert owed(session=session, settings=SETTINGS, now=BEFORE_14) == []
        rows = owed(session=session, settings=SETTINGS, now=first_after)
        escalation = next(r for r in rows if r.kind == Kind.ESCALATION)
    store_rows(engine, [escalation])
    with Session(engine) as session:
        stored = session.exec(select(ReminderDelivery)).one()
        said = content(session=session, settings=SETTINGS, delivery=stored, now=first_after)
    assert said is not None and said.deadline == "上半年" and said.days_left == -4
    assert COMMERCE not in dict(said.late)
    assert dict(said.late)[SCIENCE] == len(expected_missing(sample, set())[SCIENCE])
    missing = [n for _, n in said.late]
    assert missing == sorted(missing, reverse=True)


def test_a_snooze_holds_reminders_until_it_ends_then_one_comes(
    engine: Engine, sample: ParsedPlan
) -> None:
    commerce = bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    until = BEFORE_14 + timedelta(days=3)  # Monday 09:00
    with session_scope(engine) as session:
        session.add(
            ReminderSnooze(
                liaison_id=commerce.liaison_id,
                deadline_id=deadline_id(session, "上半年"),
                deadline_due=H1,
                until=until,
                created_at=BEFORE_14,
            )
        )
    with Session(engine) as session:
        assert owed(session=session, settings=SETTINGS, now=BEFORE_14) == []
        rows = owed(session=session, settings=SETTINGS, now=until)
    assert [(r.kind, r.slot) for r in rows] == [("snoozed", "snoozed")]


def test_calendar_warning_for_an_unknown_year_once_per_coordinator(
    engine: Engine, sample: ParsedPlan
) -> None:
    settings = SETTINGS.model_copy(
        update={"roles": SETTINGS.roles.model_copy(update={"coordinators": [1001, 1002]})}
    )
    with session_scope(engine) as session:
        add_deadline(
            session=session, name="来年一季度", due=date(2027, 3, 31), today=BEFORE_14.date()
        )
    with Session(engine) as session:
        rows = owed(session=session, settings=settings, now=BEFORE_14)
    warnings = [r for r in rows if r.kind == "calendar"]
    assert sorted((r.chat_id, r.slot, r.key) for r in warnings) == [
        (1001, "2027", "cal:1001:2027"),
        (1002, "2027", "cal:1002:2027"),
    ]
    assert all(r.deadline_id is None and r.liaison_id is None for r in warnings)
    store_rows(engine, warnings)
    with Session(engine) as session:
        again = owed(session=session, settings=settings, now=BEFORE_14 + timedelta(days=3))
        stored = session.exec(select(ReminderDelivery)).first()
        assert stored is not None
        said = content(session=session, settings=settings, delivery=stored, now=BEFORE_14)
    assert [r for r in again if r.kind == "calendar"] == []
    assert said is not None and said.kind == "calendar" and said.year == 2027


def test_no_warning_when_the_settings_know_the_year(engine: Engine, sample: ParsedPlan) -> None:
    settings = SETTINGS.model_copy(
        update={"calendar": SETTINGS.calendar.model_copy(update={"holidays": [date(2027, 1, 1)]})}
    )
    with session_scope(engine) as session:
        add_deadline(
            session=session, name="来年一季度", due=date(2027, 3, 31), today=BEFORE_14.date()
        )
    with Session(engine) as session:
        assert [
            r
            for r in owed(session=session, settings=settings, now=BEFORE_14)
            if r.kind == "calendar"
        ] == []


# --- content at send time --------------------------------------------------------------------


def test_content_lists_what_is_still_missing_when_it_is_sent(
    engine: Engine, sample: ParsedPlan
) -> None:
    bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    with Session(engine) as session:
        rows = owed(session=session, settings=SETTINGS, now=BEFORE_14)
    store_rows(engine, rows)
    report(engine, "一.4", COMMERCE)  # reported between the tick and the send

    with Session(engine) as session:
        row = session.exec(select(ReminderDelivery)).one()
        said = content(session=session, settings=SETTINGS, delivery=row, now=BEFORE_14)
    assert said is not None and row.id == said.delivery_id
    assert (said.kind, said.deadline, said.due, said.days_left) == ("before", "上半年", H1, 14)
    [(department, tasks)] = said.departments
    assert department == COMMERCE
    assert {t.code for t in tasks} == expected_missing(sample, {("一.4", COMMERCE)})[COMMERCE]
    assert all(len(t.title) <= 28 for t in tasks)

    for code in expected_missing(sample, set())[COMMERCE]:
        report(engine, code, COMMERCE)
    with Session(engine) as session:
        row = session.exec(select(ReminderDelivery)).one()
        assert content(session=session, settings=SETTINGS, delivery=row, now=BEFORE_14) is None


def test_content_is_none_once_the_deadline_is_removed(engine: Engine, sample: ParsedPlan) -> None:
    bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    with Session(engine) as session:
        rows = owed(session=session, settings=SETTINGS, now=BEFORE_14)
    store_rows(engine, rows)
    with session_scope(engine) as session:
        session.get_one(Deadline, deadline_id(session, "上半年")).removed_at = BEFORE_14
    with Session(engine) as session:
        row = session.exec(select(ReminderDelivery)).one()
        assert content(session=session, settings=SETTINGS, delivery=row, now=BEFORE_14) is None


# --- the season's plan -----------------------------------------------------------------------


def test_plan_rows_cover_every_owing_department(engine: Engine, sample: ParsedPlan) -> None:
    bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    end = datetime(2026, 8, 1, tzinfo=UTC)
    with Session(engine) as session:
        rows = plan_rows(session=session, settings=SETTINGS, start=start, end=end)
    departments = set(expected_missing(sample, set()))
    before_14 = [r for r in rows if r.slot == "before-14"]
    assert {r.department for r in before_14} == departments
    assert [r.liaison for r in before_14 if r.department == COMMERCE] == ["李娜"]
    assert all(r.liaison is None for r in before_14 if r.department != COMMERCE)
    assert {r.slot for r in rows if r.kind is Kind.ESCALATION} == {"after-1", "after-2", "after-3"}
    assert policy_from(SETTINGS).days_before == (14, 7, 3, 1, 0)


def test_equal_quiet_times_mean_no_quiet_hours() -> None:
    settings = Settings.model_validate(
        {"reminders": {"quiet_start": "00:00", "quiet_end": "00:00"}}
    )
    policy = policy_from(settings)
    assert policy.quiet_start is None and policy.quiet_end is None
    assert policy_from(Settings()).quiet_start is not None


def test_with_lead_units_only_a_task_is_owed_by_its_lead_units_alone(engine: Engine) -> None:
    # the small factory plan: 区财政局 only supports (一.1 and 二.1); 上半年 is 15 July 2030
    plan = make_plan()
    store_plan(engine, plan)
    today = date(2030, 7, 1)
    now = datetime(2030, 7, 1, 1, 0, tzinfo=UTC)
    lead_only = SETTINGS.model_copy(
        update={"reports": SETTINGS.reports.model_copy(update={"lead_units_only": True})}
    )

    def owing(settings: Settings) -> dict[str, set[str]]:
        with Session(engine) as session:
            world = load_world(session=session, settings=settings, today=today)
            return {
                row.department: codes(session, row.task_ids)
                for row in world.owing
                if row.due == date(2030, 7, 15)
            }

    def counted(settings: Settings) -> dict[str, int]:
        with Session(engine) as session:
            summary = build_summary(session=session, settings=settings, now=now)
        return {line.name: line.tasks for line in summary.departments}

    everyone, leads = owing(SETTINGS), owing(lead_only)
    assert everyone["区财政局"] == {"一.1", "二.1"}  # by default a supporting unit owes too
    assert "区财政局" not in leads  # with lead units only it owes nothing
    assert leads["区科技局"] == everyone["区科技局"] == {"一.1"}  # the lead owes as before
    led: dict[str, set[str]] = defaultdict(set)  # from the plan: the tasks each unit leads
    for task in plan.tasks:
        for name in task.lead:
            if name not in plan.groups:  # the factory's group has no members here
                led[name].add(task.code)
    assert leads == dict(led)
    assert counted(SETTINGS)["区财政局"] == 2
    assert "区财政局" not in counted(lead_only)
    assert counted(lead_only)["区科技局"] == counted(SETTINGS)["区科技局"]

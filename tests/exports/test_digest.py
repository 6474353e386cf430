"""The coordinators' digest: which digests are owed as ``now`` walks over weeks (weekly on the
chosen weekday or the working day before it, the working day after each deadline, each once),
and what a digest says and carries."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session

from bot.exports.digest import digest_key, digest_message, digest_text, digests_owed
from bot.exports.ledger import HEADER_ROW
from bot.importer.model import ParsedDeadline
from bot.settings import Settings
from db.enums import DeliveryStatus
from db.models import ReminderDelivery
from db.tasks import active_deadlines
from tests.db.factories import make_plan, store
from tests.exports.builders import make_summary
from tests.exports.conftest import AFTER_DEADLINE, Office

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHATS = (1001, 1002)
# 2025, a year chinese_calendar knows: 国庆 and 中秋 are 1–8 October, Sunday 28 September and
# Saturday 11 October are make-up working days
Q3 = ParsedDeadline("三季度", date(2025, 9, 30))


def settings(**digest: Any) -> Settings:
    return Settings.model_validate(
        {"roles": {"coordinators": list(CHATS)}, "digest": digest} if digest else
        {"roles": {"coordinators": list(CHATS)}}
    )  # fmt: skip


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def ticks(start: date, end: date, every: timedelta = timedelta(minutes=30)) -> Iterator[datetime]:
    moment, stop = local(start, 0), local(end, 0)
    while moment < stop:
        yield moment
        moment += every


def walk(engine: Engine, config: Settings, start: date, end: date) -> list[ReminderDelivery]:
    """Ask what is owed at every tick and store it, as the scheduler's enqueue would."""
    owed: list[ReminderDelivery] = []
    with Session(engine) as session, session.begin():
        for now in ticks(start, end):
            rows = digests_owed(session=session, settings=config, now=now)
            session.add_all(rows)
            session.flush()
            owed += [ReminderDelivery.model_validate(row.model_dump()) for row in rows]
    return owed


def days_and_slots(owed: list[ReminderDelivery]) -> list[tuple[date, str]]:
    return sorted({(row.due_at.astimezone(SHANGHAI).date(), row.slot) for row in owed})


def test_weekly_and_after_the_deadline_on_working_days_each_once(engine: Engine) -> None:
    plan_id = store(engine, make_plan(deadlines=[Q3]))
    owed = walk(engine, settings(), date(2025, 9, 15), date(2025, 10, 21))
    with Session(engine) as session:
        q3 = active_deadlines(session=session, plan_id=plan_id)[0].id
    assert days_and_slots(owed) == [
        (date(2025, 9, 19), "weekly"),  # Fridays
        (date(2025, 9, 26), "weekly"),
        (date(2025, 9, 30), "weekly"),  # Friday 3 October is a holiday: the Tuesday before
        (date(2025, 10, 9), f"after-{q3}"),  # the first working day after 30 September
        (date(2025, 10, 10), "weekly"),
        (date(2025, 10, 17), "weekly"),
    ]
    assert len(owed) == 6 * len(CHATS)  # once per chat and slot, however often asked
    assert len({row.key for row in owed}) == len(owed)
    for row in owed:
        assert row.kind == "digest" and row.status is DeliveryStatus.PENDING
        assert row.due_at.astimezone(SHANGHAI).time() == time(16, 0)
        assert row.created_at == row.next_attempt_at == row.updated_at
        assert row.created_at - row.due_at < timedelta(minutes=30)  # the first tick after 16:00
        assert row.deadline_id is None and row.liaison_id is None
        local_day = row.due_at.astimezone(SHANGHAI).date()
        assert row.key == digest_key(row.chat_id, local_day, row.slot)
    assert {row.chat_id for row in owed} == set(CHATS)


def test_owed_from_its_time_to_the_end_of_its_day(engine: Engine) -> None:
    store(engine, make_plan(deadlines=[Q3]))
    friday = date(2025, 9, 19)
    with Session(engine) as session:
        at = {
            "15:59": digests_owed(session=session, settings=settings(), now=local(friday, 15, 59)),
            "23:59": digests_owed(session=session, settings=settings(), now=local(friday, 23, 59)),
            "next day": digests_owed(
                session=session, settings=settings(), now=local(friday + timedelta(days=1), 9)
            ),
        }
    assert (len(at["15:59"]), len(at["23:59"]), len(at["next day"])) == (0, 2, 0)


def test_settings_choose_the_day_and_time_and_can_turn_it_off(engine: Engine) -> None:
    store(engine, make_plan(deadlines=[Q3]))
    monday_nine = settings(weekday=1, time="09:00", after_deadline=False)
    owed = walk(engine, monday_nine, date(2025, 9, 22), date(2025, 10, 14))
    # Monday 6 October is a holiday (1–8 October): the working day before it is 30 September
    assert [day for day, _ in days_and_slots(owed)] == [
        date(2025, 9, 22),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 13),
    ]
    assert all(row.due_at.astimezone(SHANGHAI).time() == time(9, 0) for row in owed)
    off = settings(enabled=False)
    with Session(engine) as session:
        assert digests_owed(session=session, settings=off, now=local(date(2025, 9, 19), 17)) == []


def test_the_office_calendar_moves_the_digest_in_a_year_the_library_does_not_know(
    engine: Engine,
) -> None:
    store(engine, make_plan())  # 上半年 2030-07-15 (a Monday), 全年 2030-12-31
    config = Settings.model_validate(
        {"roles": {"coordinators": [1001]}, "calendar": {"holidays": ["2030-07-19"]}}
    )
    owed = walk(engine, config, date(2030, 7, 8), date(2030, 7, 27))
    assert [(day, slot.split("-")[0]) for day, slot in days_and_slots(owed)] == [
        (date(2030, 7, 12), "weekly"),
        (date(2030, 7, 16), "after"),  # Tuesday, the working day after 上半年
        (date(2030, 7, 18), "weekly"),  # Friday 19 July is the office's holiday
        (date(2030, 7, 26), "weekly"),
    ]


def test_a_recurring_deadline_gets_a_digest_after_every_occurrence(engine: Engine) -> None:
    monthly = ParsedDeadline("每月", date(2025, 4, 25), "FREQ=MONTHLY;BYMONTHDAY=25")
    store(engine, make_plan(deadlines=[monthly]))
    owed = walk(engine, settings(weekday=3), date(2025, 6, 20), date(2025, 8, 31))
    after = [day for day, slot in days_and_slots(owed) if slot.startswith("after")]
    # 25 June is a Wednesday, 25 July a Friday (so: Monday), 25 August a Monday
    assert after == [date(2025, 6, 26), date(2025, 7, 28), date(2025, 8, 26)]
    weekly = [day for day, slot in days_and_slots(owed) if slot == "weekly"]
    assert date(2025, 6, 25) in weekly and date(2025, 8, 27) in weekly
    assert all(day.weekday() == 2 for day in weekly)


def test_nothing_is_owed_before_the_first_import(engine: Engine) -> None:
    with Session(engine) as session:
        assert (
            digests_owed(session=session, settings=settings(), now=local(date(2025, 9, 19), 17))
            == []
        )


def test_the_digest_carries_the_summary_the_chart_and_the_ledger(
    office: Office, session: Session
) -> None:
    config = settings()
    text, png, xlsx = digest_message(
        session=session, settings=config, now=AFTER_DEADLINE, lang="zh"
    )
    assert text.startswith("📬 督办摘要（7月18日（周四））")
    assert "上半年：7月15日（周一）已截止，逾期 3 天" in text
    assert "任务已报送 3/4" in text
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    book = load_workbook(io.BytesIO(xlsx))
    assert book["台账"].max_row == HEADER_ROW + 4
    assert book["报送记录"].max_row == HEADER_ROW + office.reports


def test_the_text_names_the_late_departments_and_stays_short() -> None:
    summary = make_summary()
    text = digest_text(summary, "zh")
    assert "逾期未报送：区商务局（1项）、区水务局（1项）" in text
    assert "🟢 5　🟡 2　🔴 3" in text
    many = replace(
        summary,
        departments=tuple(
            replace(
                summary.departments[0], department_id=i, name=f"第{i}街道", missing=2, late=True
            )
            for i in range(1, 31)
        ),
    )
    long = digest_text(many, "zh")
    assert "第10街道" in long and "第11街道" not in long and "等30个单位" in long
    assert len(long) < 1000
    assert digest_text(summary, "en").startswith("📬 Digest (Thu 18 Jul)")


def test_the_text_names_the_units_that_reported_late() -> None:
    summary = make_summary()
    assert "逾期报送" not in digest_text(summary, "zh")
    late = replace(
        summary,
        departments=tuple(
            replace(d, late_reported=1) if d.name == "区住建委" else d for d in summary.departments
        ),
    )
    assert "逾期报送：区住建委（1项）" in digest_text(late, "zh")
    assert "Reported late: 区住建委 (1)" in digest_text(late, "en")

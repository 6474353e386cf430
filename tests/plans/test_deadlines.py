"""The coordinator's deadlines: listed, added (a date, or a monthly or quarterly rule), moved,
removed — with partial names — and every refusal; and what a re-import of the notice does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.plans.deadlines import (
    DeadlineError,
    add_deadline,
    find_deadline,
    list_deadlines,
    move_deadline,
    occurrences,
    parse_date,
    remove_deadline,
)
from bot.plans.taskview import next_deadline
from db.engine import session_scope
from db.enums import DeadlineSource, ReportStatus
from db.models import Deadline, Report, Task
from tests.db.factories import make_plan, store
from tests.support.database import NOW

TODAY = NOW.date()  # Monday 25 March 2030


@pytest.fixture
def plan_id(engine: Engine) -> int:
    return store(engine, make_plan())


def rows(engine: Engine) -> dict[str, tuple[date | None, str | None, DeadlineSource, bool]]:
    with Session(engine) as session:
        return {
            r.name: (r.next_due, r.rule, r.source, r.removed)
            for r in list_deadlines(session=session, today=TODAY)
        }


def fail(engine: Engine, code: str, **call: object) -> DeadlineError:
    action = call.pop("action")
    with pytest.raises(DeadlineError) as caught, session_scope(engine) as session:
        action(session=session, today=TODAY, **call)  # type: ignore[operator]
    assert caught.value.code == code
    return caught.value


def test_the_notice_deadlines_are_listed(engine: Engine, plan_id: int) -> None:
    assert rows(engine) == {
        "上半年": (date(2030, 7, 15), None, DeadlineSource.NOTICE, False),
        "全年": (date(2030, 12, 31), None, DeadlineSource.NOTICE, False),
    }


def test_add_a_one_off_deadline(engine: Engine, plan_id: int) -> None:
    with session_scope(engine) as session:
        row = add_deadline(session=session, name=" 专项督查 ", due=date(2030, 5, 20), today=TODAY)
    assert (row.name, row.due, row.next_due, row.rule) == (
        "专项督查",
        date(2030, 5, 20),
        date(2030, 5, 20),
        None,
    )
    assert rows(engine)["专项督查"] == (date(2030, 5, 20), None, DeadlineSource.MANUAL, False)
    with Session(engine) as session:
        nearest = next_deadline(session=session, plan_id=plan_id, today=TODAY)
    assert nearest is not None and nearest.name == "专项督查"


def test_a_monthly_rule_on_the_25th(engine: Engine, plan_id: int) -> None:
    with session_scope(engine) as session:
        row = add_deadline(
            session=session, name="月报", rule="freq=monthly;bymonthday=25", today=TODAY
        )
        stored = session.get_one(Deadline, row.deadline_id)
        found = occurrences(stored, TODAY, date(2030, 7, 31))
    assert row.rule == "FREQ=MONTHLY;BYMONTHDAY=25"
    assert row.due == TODAY  # the 25th of March is today: the first occurrence
    assert found == [date(2030, m, 25) for m in (3, 4, 5, 6, 7)]
    with Session(engine) as session:
        later = list_deadlines(session=session, today=TODAY + timedelta(days=1))
    assert next(r for r in later if r.name == "月报").next_due == date(2030, 4, 25)


def test_the_30th_of_each_quarters_last_month(engine: Engine, plan_id: int) -> None:
    rule = "RRULE:FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30"
    with session_scope(engine) as session:
        row = add_deadline(session=session, name="季报", rule=rule, today=TODAY)
        stored = session.get_one(Deadline, row.deadline_id)
        found = occurrences(stored, TODAY, date(2031, 6, 30))
    assert row.due == date(2030, 3, 30)
    assert found == [
        date(2030, 3, 30),
        date(2030, 6, 30),
        date(2030, 9, 30),
        date(2030, 12, 30),
        date(2031, 3, 30),
        date(2031, 6, 30),
    ]


def test_a_rule_that_never_occurs_or_cannot_be_read_is_refused(
    engine: Engine, plan_id: int
) -> None:
    # INTERVAL=3 counts months from today (March): March, June… — but from April it never
    # meets BYMONTH again: a trap the help text avoids
    trap = "FREQ=MONTHLY;INTERVAL=3;BYMONTH=3,6,9,12;BYMONTHDAY=30"
    with session_scope(engine) as session:
        add_deadline(session=session, name="季报", rule=trap, today=TODAY)
    with pytest.raises(DeadlineError) as caught, session_scope(engine) as session:
        add_deadline(session=session, name="季报二", rule=trap, today=date(2030, 4, 2))
    assert caught.value.code == "rule_never_occurs"
    fail(
        engine,
        "rule_never_occurs",
        action=add_deadline,
        name="二月",
        rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    )
    for bad in (
        "FREQ=HOURLY",
        "BYMONTHDAY=25",
        "FREQ=MONTHLY;BYMONTHDAY=x",
        "DTSTART:20300101\nRRULE:FREQ=DAILY",
    ):
        fail(engine, "bad_rule", action=add_deadline, name="坏规则", rule=bad)


def test_move_a_deadline_by_part_of_its_name(engine: Engine, plan_id: int) -> None:
    with session_scope(engine) as session:
        row = move_deadline(session=session, name="上半", due=date(2030, 7, 12), today=TODAY)
    assert (row.name, row.due, row.source) == ("上半年", date(2030, 7, 12), DeadlineSource.NOTICE)


def test_a_reimport_of_the_notice_restores_a_moved_notice_deadline(
    engine: Engine, plan_id: int
) -> None:
    with session_scope(engine) as session:
        move_deadline(session=session, name="上半年", due=date(2030, 7, 12), today=TODAY)
        add_deadline(session=session, name="专项督查", due=date(2030, 5, 20), today=TODAY)
    store(engine, make_plan())  # the same notice again
    listed = rows(engine)
    assert listed["上半年"][0] == date(2030, 7, 15)  # the notice's date is back
    assert listed["专项督查"][0] == date(2030, 5, 20)  # a manual deadline is never touched


def test_remove_keeps_the_row_and_its_reports(engine: Engine, plan_id: int) -> None:
    with session_scope(engine) as session:
        deadline = find_deadline(session=session, name="全年")
        task = session.exec(select(Task)).first()
        assert task is not None and task.id is not None and deadline.id is not None
        session.add(
            Report(
                task_id=task.id,
                department_id=1,
                deadline_id=deadline.id,
                deadline_due=deadline.due,
                status=ReportStatus.DONE,
                raw_text="已完成",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    with session_scope(engine) as session:
        row = remove_deadline(session=session, name="全年", today=TODAY, now=NOW)
    assert row.removed
    assert rows(engine)["全年"][3] is True
    with Session(engine) as session:
        assert session.exec(select(Report.deadline_id)).one() == row.deadline_id
    fail(engine, "unknown_deadline", action=move_deadline, name="全年", due=date(2030, 12, 1))
    # the name can be given again: the same row comes back, now the coordinator's
    with session_scope(engine) as session:
        again = add_deadline(session=session, name="全年", due=date(2030, 12, 20), today=TODAY)
    assert (again.deadline_id, again.removed, again.source) == (
        row.deadline_id,
        False,
        DeadlineSource.MANUAL,
    )


def test_refusals(engine: Engine, plan_id: int) -> None:
    fail(engine, "duplicate_deadline", action=add_deadline, name="全年", due=date(2030, 9, 1))
    fail(engine, "past_date", action=add_deadline, name="补报", due=TODAY - timedelta(days=1))
    fail(engine, "past_date", action=move_deadline, name="全年", due=date(2030, 1, 2))
    fail(engine, "unknown_deadline", action=move_deadline, name="三季度", due=date(2030, 9, 1))
    fail(engine, "bad_name", action=add_deadline, name="  ", due=date(2030, 9, 1))
    fail(engine, "bad_name", action=add_deadline, name="节" * 101, due=date(2030, 9, 1))
    with session_scope(engine) as session:
        add_deadline(session=session, name="月报", rule="FREQ=MONTHLY;BYMONTHDAY=25", today=TODAY)
    fail(engine, "recurring_move", action=move_deadline, name="月报", due=date(2030, 9, 1))
    error = fail(
        engine, "ambiguous_deadline", action=move_deadline, name="年", due=date(2030, 9, 1)
    )
    assert error.params["names"] == ["上半年", "全年"]


def test_without_a_plan(engine: Engine) -> None:
    fail(engine, "no_plan", action=list_deadlines)
    fail(engine, "no_plan", action=add_deadline, name="月报", due=date(2030, 9, 1))


def test_dates_as_people_write_them() -> None:
    assert parse_date("2030-08-25", TODAY) == date(2030, 8, 25)
    assert parse_date("2030/8/5", TODAY) == date(2030, 8, 5)
    assert parse_date("2031年1月5日", TODAY) == date(2031, 1, 5)
    assert parse_date("8月25日", TODAY) == date(2030, 8, 25)
    for bad in ("2030-02-30", "明天", "25", ""):
        with pytest.raises(DeadlineError) as caught:
            parse_date(bad, TODAY)
        assert caught.value.code == "bad_date"


def test_occurrences_of_a_one_off_deadline() -> None:
    deadline = Deadline(
        plan_id=1, name="上半年", due=date(2030, 7, 15), source=DeadlineSource.NOTICE
    )
    assert occurrences(deadline, date(2030, 7, 1), date(2030, 7, 31)) == [date(2030, 7, 15)]
    assert occurrences(deadline, date(2030, 7, 16), date(2030, 7, 31)) == []

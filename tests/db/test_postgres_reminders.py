"""The reminders' SQL on a real PostgreSQL server, compared with SQLite: what is owed from the
sample notice (the planner's world, ledger rows, escalations, what a message says), the
season's plan, the deadlines service, and the migration to the reminders' tables and back. The
delivery ledger itself is ``test_postgres_ledger``.

Skipped without a server, as ``test_postgres`` is (and failed under ``CI``): ``.ci/run`` starts
one and sets ``DUBAN_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import Session, SQLModel, col, select

import bot
from bot.cli.demo import SAMPLE_GROUPS
from bot.plans.deadlines import (
    DeadlineError,
    add_deadline,
    list_deadlines,
    move_deadline,
    remove_deadline,
)
from bot.plans.importing import import_notice
from bot.reminders.owed import content, load_world, owed, plan_rows
from bot.settings import Settings
from db import deliveries
from db import reminders as store
from db.engine import session_scope
from db.enums import ReportStatus
from db.models import Deadline, Department, ReminderDelivery, Report, Task
from db.schema import (
    alembic_config,
    check_schema,
    current_revision,
    head_revision,
    migration_connection,
    upgrade,
)
from tests.db.factories import bind_liaison

SAMPLE = Path(bot.__file__).parent / "data" / "sample_notice.txt"
SETTINGS = Settings.model_validate(
    {"roles": {"coordinators": [1001]}, "departments": {"groups": SAMPLE_GROUPS}}
)
IMPORTED = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)
# Friday 26 June 2026, 09:00 in Beijing: fourteen days before 上半年 (Friday 10 July)
BEFORE_14 = datetime(2026, 6, 26, 1, 0, tzinfo=UTC)
FIRST_AFTER = datetime(2026, 7, 14, 1, 0, tzinfo=UTC)  # the escalations' first day
H1 = date(2026, 7, 10)
COMMERCE, SCIENCE, LABOUR = "区商务委", "区科技局", "区人社局"


def imported(engine: Engine) -> None:
    upgrade(engine)
    outcome = import_notice(
        engine=engine,
        data=SAMPLE.read_bytes(),
        name=SAMPLE.name,
        now=IMPORTED,
        group_members=SAMPLE_GROUPS,
    )
    assert outcome.result is not None


def named(session: Session, model: type[Department] | type[Deadline], name: str) -> int:
    found = session.exec(select(model.id).where(model.name == name)).one()
    assert found is not None
    return found


# --- what is owed, from the sample notice ------------------------------------------------------


def owed_story(engine: Engine) -> list[object]:
    imported(engine)
    commerce = bind_liaison(engine, COMMERCE, 2001, now=IMPORTED)
    science = bind_liaison(engine, SCIENCE, 2002, now=IMPORTED)
    bind_liaison(engine, LABOUR, 2003, now=IMPORTED)
    with session_scope(engine) as s:
        h1 = named(s, Deadline, "上半年")
        task_id = s.exec(select(Task.id).where(Task.code == "一.4")).one()
        assert task_id is not None
        s.add(
            Report(
                task_id=task_id,
                department_id=commerce.department_ids[0],
                deadline_id=h1,
                deadline_due=H1,
                status=ReportStatus.DONE,
                raw_text="一.4 已完成",
                created_at=IMPORTED,
                updated_at=IMPORTED,
            )
        )
        store.set_pause(
            session=s,
            department_id=named(s, Department, LABOUR),
            until=date(2026, 7, 20),
            reason="出差",
            set_by=2003,
            now=IMPORTED,
        )
        store.set_snooze(
            session=s,
            liaison_id=science.liaison_id,
            deadline_id=h1,
            deadline_due=H1,
            until=BEFORE_14 + timedelta(days=3),
            now=IMPORTED,
        )
    said: list[object] = []
    with Session(engine) as s:
        said.append(load_world(session=s, settings=SETTINGS, today=BEFORE_14.date()))
        rows = owed(session=s, settings=SETTINGS, now=BEFORE_14)
        said.append(
            plan_rows(
                session=s,
                settings=SETTINGS,
                start=datetime(2026, 6, 1, tzinfo=UTC),
                end=datetime(2026, 8, 1, tzinfo=UTC),
            )
        )
    said.append([row.model_dump(exclude={"id"}) for row in rows])
    with session_scope(engine) as s:
        said.append(deliveries.enqueue(session=s, rows=rows))
    with session_scope(engine) as s:
        said.append(owed(session=s, settings=SETTINGS, now=BEFORE_14))
        said.append(owed(session=s, settings=SETTINGS, now=BEFORE_14 + timedelta(days=3)))
        escalations = owed(session=s, settings=SETTINGS, now=FIRST_AFTER)
        said.append([row.model_dump(exclude={"id"}) for row in escalations])
        deliveries.enqueue(session=s, rows=escalations)
    with Session(engine) as s:
        stored = s.exec(select(ReminderDelivery).order_by(col(ReminderDelivery.id))).all()
        said.append(
            [content(session=s, settings=SETTINGS, delivery=d, now=FIRST_AFTER) for d in stored]
        )
    return said


def test_what_is_owed_from_the_sample_notice_is_the_same_on_both(pg: Engine, lite: Engine) -> None:
    said = owed_story(pg)
    assert said == owed_story(lite)
    world, plan, rows, added, nothing, after_snooze, escalations, contents = said
    assert [(r["chat_id"], r["slot"]) for r in rows] == [(2001, "before-14")]  # snoozed, paused
    assert added == 1 and nothing == []
    assert [(r.chat_id, r.slot) for r in after_snooze] == [(2002, "snoozed")]
    assert {r["kind"] for r in escalations} == {"after", "escalation"}
    assert world.owing and plan and all(c is not None for c in contents)
    assert LABOUR not in dict(contents[-1].late)  # paused: not late


# --- deadlines ---------------------------------------------------------------------------------


def deadlines_story(engine: Engine) -> list[object]:
    imported(engine)
    today = BEFORE_14.date()
    said: list[object] = []
    with session_scope(engine) as s:
        said.append(
            add_deadline(session=s, name="每月调度", rule="FREQ=MONTHLY;BYMONTHDAY=25", today=today)
        )
        said.append(add_deadline(session=s, name="专项督查", due=date(2026, 8, 31), today=today))
    with session_scope(engine) as s:
        said.append(move_deadline(session=s, name="专项", due=date(2026, 9, 15), today=today))
        said.append(remove_deadline(session=s, name="专项督查", today=today, now=BEFORE_14))
    with session_scope(engine) as s:
        said.append(add_deadline(session=s, name="专项督查", due=date(2026, 10, 9), today=today))
        with pytest.raises(DeadlineError) as duplicate:
            add_deadline(session=s, name="每月调度", due=date(2026, 10, 9), today=today)
        said.append(duplicate.value.code)
    with Session(engine) as s:
        said.append(list_deadlines(session=s, today=today))
        world = load_world(session=s, settings=SETTINGS, today=today, horizon_days=120)
        said.append(world.occurrences)
    return said


def test_the_deadlines_service_on_postgresql(pg: Engine, lite: Engine) -> None:
    said = deadlines_story(pg)
    assert said == deadlines_story(lite)
    monthly, _, moved, removed, revived, code, listed, occurrences = said
    assert (monthly.due, monthly.next_due, monthly.rule) == (
        date(2026, 7, 25),
        date(2026, 7, 25),
        "FREQ=MONTHLY;BYMONTHDAY=25",
    )
    assert moved.due == date(2026, 9, 15) and removed.removed
    assert revived.deadline_id == removed.deadline_id and not revived.removed
    assert code == "duplicate_deadline"
    assert [row.name for row in listed] == ["上半年", "全年", "每月调度", "专项督查"]
    assert [o.due for o in occurrences if o.name == "每月调度"] == [
        date(2026, m, 25)
        for m in (7, 8, 9)  # 120 days from 26 June end on 24 October
    ]


# --- migrations --------------------------------------------------------------------------------


def tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_the_reminder_migration_up_and_down_on_postgresql(pg: Engine) -> None:
    upgrade(pg, "0003")
    assert current_revision(pg) == "0003"
    assert not {"department_pause", "reminder_snooze"} & tables(pg)
    upgrade(pg)
    assert current_revision(pg) == head_revision()
    assert schema_differences(pg) == []
    with migration_connection(pg) as conn:
        command.downgrade(alembic_config(conn), "0003")
    assert current_revision(pg) == "0003"
    assert not {"department_pause", "reminder_snooze"} & tables(pg)
    with pg.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("reminder_delivery")}
    assert not {"chat_id", "next_attempt_at", "deadline_due"} & columns
    upgrade(pg)
    check_schema(pg, auto_upgrade=False)
    assert schema_differences(pg) == []

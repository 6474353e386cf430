"""The scheduled tick in the real bot: one job however often the bot starts, with APScheduler's
coalescing and misfire grace; a tick enqueues what producers owe and sends it, never raises,
and rows a killed process left in flight go out after the next start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.cli.live import LiveBot, PollingThread, TracedApplication
from bot.settings import Settings
from db import deliveries
from db.engine import session_scope
from db.enums import DeliveryStatus
from db.models import ReminderDelivery
from scheduler import outbox
from scheduler.jobs import JOB_ID, schedule
from scheduler.outbox import Outgoing
from tests.support.world import COORDINATOR, LIAISON, TOKEN, World, start_world, stop_world


def ticks(app: TracedApplication) -> int:
    assert app.job_queue is not None
    return len([job for job in app.job_queue.jobs() if job.name == JOB_ID])


def owed_row(key: str, chat: int, now: datetime, *, kind: str = "jobtest") -> ReminderDelivery:
    return ReminderDelivery(
        key=key,
        kind=kind,
        slot="test",
        chat_id=chat,
        due_at=now,
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )


def say_hello(
    session: Session, settings: Settings, row: ReminderDelivery, now: datetime, lang: str
) -> Outgoing:
    return Outgoing(text=f"测试提醒 {row.key}")


@pytest.fixture
def composer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(outbox.COMPOSERS, "jobtest", say_hello)


@pytest.fixture
def quiet_world(tmp_path: Path) -> Iterator[World]:
    """A world whose tick would only ever run by hand (an hour apart otherwise)."""
    world = start_world(tmp_path, reminders={"tick_seconds": 3600})
    try:
        world.say(LIAISON, "/start")  # the liaison's private chat exists
        yield world
    finally:
        stop_world(world)


def test_the_tick_is_scheduled_once_with_coalescing_and_misfire_grace(world: World) -> None:
    app = world.bot.application
    assert ticks(app) == 1
    (job,) = [job for job in app.job_queue.jobs() if job.name == JOB_ID]  # type: ignore[union-attr]
    assert job.job.id == JOB_ID
    assert job.job.coalesce is True
    assert job.job.max_instances == 1
    assert job.job.misfire_grace_time == 3600
    assert job.job.trigger.interval.total_seconds() == world.settings.reminders.tick_seconds


def test_scheduling_again_replaces_the_job(world: World) -> None:
    app = world.bot.application
    for _ in range(3):
        schedule(app)
    world.say(COORDINATOR, "/help")  # let the scheduler apply the removals
    assert ticks(app) == 1


def test_three_restarts_do_not_multiply_jobs(world: World) -> None:
    engine, settings = world.engine, world.settings
    world.bot.stop()
    app = LiveBot(settings, token=TOKEN, engine=engine, clock=world.clock).application
    for _ in range(3):  # the same application started and stopped three times
        with PollingThread(app):
            assert ticks(app) == 1
    for _ in range(3):  # three processes' worth of fresh applications on one database
        with LiveBot(settings, token=TOKEN, engine=engine, clock=world.clock) as bot:
            assert ticks(bot.application) == 1


def test_a_tick_enqueues_what_producers_owe_and_sends_it(
    quiet_world: World, composer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = quiet_world
    monkeypatch.setattr(
        outbox, "PRODUCERS", [lambda session, settings, now: [owed_row("a", LIAISON, now)]]
    )
    before = len(world.sandbox.messages(LIAISON))
    assert world.bot.run_jobs_now(JOB_ID) == 1
    assert [m.text for m in world.sandbox.messages(LIAISON)[before:]] == ["测试提醒 a"]
    assert world.bot.run_jobs_now(JOB_ID) == 1  # the tick stays scheduled; the key is spent
    assert len(world.sandbox.messages(LIAISON)) == before + 1
    assert ticks(world.bot.application) == 1


def test_a_failing_producer_costs_the_others_nothing_and_the_tick_never_raises(
    quiet_world: World, composer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = quiet_world

    def broken(session: Session, settings: Settings, now: datetime) -> list[ReminderDelivery]:
        session.add(owed_row("half-written", LIAISON, now))  # rolled back with its savepoint
        raise RuntimeError("a bug in a producer")

    monkeypatch.setattr(
        outbox,
        "PRODUCERS",
        [broken, lambda session, settings, now: [owed_row("b", LIAISON, now)]],
    )
    before = len(world.sandbox.messages(COORDINATOR))
    world.bot.run_jobs_now(JOB_ID)
    assert world.sandbox.last_message(LIAISON).text == "测试提醒 b"
    with Session(world.engine) as session:
        keys = set(session.exec(select(ReminderDelivery.key)).all())
    assert keys == {"b"}
    # the error handler (which tells the coordinators) never heard of it
    assert len(world.sandbox.messages(COORDINATOR)) == before


def test_deliveries_left_in_flight_are_sent_after_a_restart(
    quiet_world: World, composer: None
) -> None:
    world = quiet_world
    world.bot.stop()
    with session_scope(world.engine) as session:
        deliveries.enqueue(session=session, rows=[owed_row("in-flight", LIAISON, world.clock())])
    with session_scope(world.engine) as session:  # claimed, then the process was killed
        assert len(deliveries.claim(session=session, now=world.clock(), limit=5)) == 1
    before = len(world.sandbox.messages(LIAISON))
    with LiveBot(world.settings, token=TOKEN, engine=world.engine, clock=world.clock) as bot:
        bot.run_jobs_now(JOB_ID)
        assert [m.text for m in world.sandbox.messages(LIAISON)[before:]] == ["测试提醒 in-flight"]
    with Session(world.engine) as session:
        assert deliveries.counts(session=session)[DeliveryStatus.SENT] == 1

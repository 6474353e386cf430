"""The sender against the sandbox over real HTTP, with the faults Telegram has: each outcome
lands in the ledger as the issue says (sent once, retried with backoff, given up, unreachable
with the coordinators told once, skipped), and one bad row never stops the others."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from telegram.ext import AIORateLimiter, ExtBot

from bot.runtime import Runtime
from bot.sandbox import Sandbox
from bot.sandbox.faults import RetryAfter, ServerError, Timeout
from bot.settings import Settings
from db import deliveries
from db.engine import make_engine, session_scope
from db.enums import DeliveryStatus
from db.models import Deadline, Liaison, ReminderDelivery
from db.schema import upgrade
from scheduler.outbox import Composer, Outgoing, compose_reminder, compose_unreachable
from scheduler.sender import CONCURRENCY, MAX_ATTEMPTS, DrainResult, backoff, drain
from tests.db.factories import bind_liaison, make_plan, store
from tests.support.tokens import fake_token
from tests.support.world import Clock

NOW = datetime(2030, 6, 28, 1, 0, tzinfo=UTC)
TOKEN = fake_token()
COORDINATORS = (1001, 1002)
PEOPLE = (2001, 2002, 2003, 2004)


@dataclass
class Rig:
    sandbox: Sandbox
    engine: Engine
    clock: Clock
    runtime: Runtime

    def drain(
        self,
        composers: Mapping[str, Composer] | None = None,
        *,
        retries: int = 0,
        concurrency: int = CONCURRENCY,
    ) -> DrainResult:
        """One drain at the clock's now, through a bot with PTB's rate limiter (retrying a 429
        ``retries`` times itself before the sender sees it)."""

        async def run() -> DrainResult:
            bot = ExtBot(
                TOKEN,
                base_url=f"{self.sandbox.url}/bot",
                base_file_url=f"{self.sandbox.url}/file/bot",
                rate_limiter=AIORateLimiter(max_retries=retries),
            )
            async with bot:
                return await drain(
                    bot,
                    self.runtime,
                    now=self.clock(),
                    composers=PLAIN if composers is None else composers,
                    concurrency=concurrency,
                )

        return asyncio.run(run())

    def row(self, key: str) -> ReminderDelivery:
        with Session(self.engine) as session:
            return session.exec(select(ReminderDelivery).where(ReminderDelivery.key == key)).one()

    def texts(self, chat: int) -> list[str]:
        return [m.text or "" for m in self.sandbox.messages(chat)]

    def counts(self) -> dict[DeliveryStatus, int]:
        with Session(self.engine) as session:
            return {s: n for s, n in deliveries.counts(session=session).items() if n}


def plain(
    session: Session, settings: Settings, row: ReminderDelivery, now: datetime, lang: str
) -> Outgoing:
    return Outgoing(text=f"请于月底前报送进展（{row.key}）")


PLAIN: dict[str, Composer] = {"before": plain, "unreachable": compose_unreachable}


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    engine = make_engine(f"sqlite:///{tmp_path / 'duban.sqlite3'}")
    upgrade(engine)
    sandbox = Sandbox(token=TOKEN).start()
    for user in (*COORDINATORS, *PEOPLE):
        sandbox.add_user(user, f"用户{user}")
        sandbox.send_text(user, "/start")  # a private chat exists once the user has written
    settings = Settings.model_validate(
        {"telegram": {"api_url": sandbox.url}, "roles": {"coordinators": list(COORDINATORS)}}
    )
    clock = Clock(NOW)
    try:
        yield Rig(sandbox, engine, clock, Runtime(settings=settings, engine=engine, clock=clock))
    finally:
        sandbox.stop()
        engine.dispose()


def enqueue(rig: Rig, *chats: int, liaison: Callable[[int], int | None] = lambda _: None) -> None:
    rows = [
        ReminderDelivery(
            key=f"k{chat}",
            kind="before",
            slot="before-3",
            chat_id=chat,
            liaison_id=liaison(chat),
            due_at=NOW,
            status=DeliveryStatus.PENDING,
            next_attempt_at=rig.clock(),
            created_at=NOW,
            updated_at=NOW,
        )
        for chat in chats
    ]
    with session_scope(rig.engine) as session:
        deliveries.enqueue(session=session, rows=rows)


def add_liaisons(rig: Rig, *users: int) -> dict[int, int]:
    """Liaison rows (no department) for these users; user id → liaison id."""
    with session_scope(rig.engine) as session:
        rows = [
            Liaison(telegram_user_id=u, full_name=f"联络员{u}", chat_id=u, created_at=NOW)
            for u in users
        ]
        session.add_all(rows)
        session.flush()
        return {row.telegram_user_id: row.id or 0 for row in rows}


# --- the plain path --------------------------------------------------------------------------


def test_every_owed_row_is_sent_once_and_recorded(rig: Rig) -> None:
    enqueue(rig, *PEOPLE)
    result = rig.drain()
    assert (result.sent, result.total) == (4, 4)
    for user in PEOPLE:
        assert rig.texts(user)[-1:] == [f"请于月底前报送进展（k{user}）"]
        row = rig.row(f"k{user}")
        assert row.status == DeliveryStatus.SENT and row.sent_at == NOW
        assert row.telegram_message_id == rig.sandbox.last_message(user).message_id
    assert rig.drain().total == 0  # nothing is sent twice


def test_a_row_no_longer_owed_is_skipped_and_a_broken_composer_fails_only_its_row(
    rig: Rig,
) -> None:
    enqueue(rig, *PEOPLE)

    def picky(
        session: Session, settings: Settings, row: ReminderDelivery, now: datetime, lang: str
    ) -> Outgoing | None:
        if row.chat_id == PEOPLE[0]:
            return None  # reported meanwhile
        if row.chat_id == PEOPLE[1]:
            raise ValueError("a bug in a composer")
        return plain(session, settings, row, now, lang)

    result = rig.drain({"before": picky})
    assert (result.sent, result.skipped, result.failed) == (2, 1, 1)
    assert rig.row(f"k{PEOPLE[0]}").status == DeliveryStatus.SKIPPED
    failed = rig.row(f"k{PEOPLE[1]}")
    assert failed.status == DeliveryStatus.FAILED
    assert failed.last_error == "ValueError: a bug in a composer"
    assert rig.texts(PEOPLE[0]) == rig.texts(PEOPLE[1]) == []


def test_a_kind_nobody_composes_fails_with_its_name(rig: Rig) -> None:
    enqueue(rig, PEOPLE[0])
    assert rig.drain({}).failed == 1
    assert "no composer for kind 'before'" in (rig.row(f"k{PEOPLE[0]}").last_error or "")


# --- transient failures ----------------------------------------------------------------------


def test_server_errors_and_timeouts_are_retried_after_a_backoff(rig: Rig) -> None:
    enqueue(rig, *PEOPLE)
    rig.sandbox.inject("sendMessage", ServerError(502), chat_id=PEOPLE[0])
    rig.sandbox.inject("sendMessage", ServerError(500), chat_id=PEOPLE[1])
    rig.sandbox.inject("sendMessage", Timeout(0.2), chat_id=PEOPLE[2])
    result = rig.drain()
    assert (result.sent, result.retried) == (1, 3)
    waiting = rig.row(f"k{PEOPLE[0]}")
    assert waiting.status == DeliveryStatus.PENDING and waiting.attempts == 1
    assert waiting.next_attempt_at == NOW + timedelta(seconds=30)
    assert "NetworkError" in (waiting.last_error or "")

    assert rig.drain().total == 0  # not before its time
    rig.clock.advance(seconds=30)
    assert rig.drain().sent == 3
    assert all(len(rig.texts(user)) == 1 for user in PEOPLE)  # each exactly once


def test_backoff_doubles_and_is_capped() -> None:
    waits = [backoff(n).total_seconds() for n in range(1, 10)]
    assert waits[:5] == [30, 60, 120, 240, 480]
    assert max(waits) == 3600


def test_a_row_failing_every_time_is_given_up_with_its_error(rig: Rig) -> None:
    enqueue(rig, PEOPLE[0])
    rig.sandbox.inject("sendMessage", ServerError(502), times=MAX_ATTEMPTS, chat_id=PEOPLE[0])
    for attempt in range(1, MAX_ATTEMPTS + 1):
        result = rig.drain()
        assert result.total == 1
        rig.clock.advance(seconds=backoff(attempt).total_seconds())
    given_up = rig.row(f"k{PEOPLE[0]}")
    assert (given_up.status, given_up.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert "Bad Gateway" in (given_up.last_error or "")
    assert TOKEN not in (given_up.last_error or "")
    assert rig.drain().total == 0 and rig.texts(PEOPLE[0]) == []


def test_flood_control_the_limiter_gave_up_on_waits_retry_after(rig: Rig) -> None:
    enqueue(rig, PEOPLE[0])
    rig.sandbox.inject("sendMessage", RetryAfter(7), chat_id=PEOPLE[0])
    assert rig.drain(retries=0).retried == 1
    row = rig.row(f"k{PEOPLE[0]}")
    assert row.status == DeliveryStatus.PENDING and row.attempts == 0  # not a failure
    assert row.next_attempt_at == NOW + timedelta(seconds=7)
    rig.clock.advance(seconds=7)
    assert rig.drain().sent == 1


def test_a_429_within_the_limiters_retries_never_reaches_the_ledger(rig: Rig) -> None:
    enqueue(rig, PEOPLE[0])
    rig.sandbox.inject("sendMessage", RetryAfter(1), chat_id=PEOPLE[0])
    assert rig.drain(retries=1).sent == 1  # PTB waited the second and tried again
    assert rig.row(f"k{PEOPLE[0]}").attempts == 1


# --- unreachable -----------------------------------------------------------------------------


def test_a_blocked_liaison_is_flagged_and_each_coordinator_told_once(rig: Rig) -> None:
    blocked, other = PEOPLE[0], PEOPLE[1]
    ids = add_liaisons(rig, blocked, other)
    enqueue(rig, blocked, other, liaison=ids.get)
    with session_scope(rig.engine) as session:  # a second reminder to the same liaison
        row = ReminderDelivery.model_validate(rig.row(f"k{blocked}").model_dump(exclude={"id"}))
        row.key = "second deadline"
        deliveries.enqueue(session=session, rows=[row])
    rig.sandbox.block(blocked)

    result = rig.drain()
    assert (result.sent, result.unreachable) == (1 + len(COORDINATORS), 2)
    with Session(rig.engine) as session:
        liaison = session.get(Liaison, ids[blocked])
        reached = session.get(Liaison, ids[other])
        assert liaison is not None and liaison.unreachable_since == NOW
        assert reached is not None and reached.unreachable_since is None
    for coordinator in COORDINATORS:
        (notice,) = rig.texts(coordinator)
        assert f"联络员{blocked}" in notice and "未绑定部门" in notice and "屏蔽" in notice
    assert rig.row(f"k{blocked}").last_error == "Forbidden: Forbidden: bot was blocked by the user"

    rig.clock.advance(days=1)  # later refusals tell nobody again
    with session_scope(rig.engine) as session:
        row.key = "third deadline"
        row.next_attempt_at = rig.clock()
        deliveries.enqueue(session=session, rows=[row])
    assert rig.drain().unreachable == 1
    assert all(len(rig.texts(c)) == 1 for c in COORDINATORS)


def test_a_chat_that_does_not_exist_is_unreachable_too(rig: Rig) -> None:
    enqueue(rig, 4242, -100123)  # never wrote to the bot; a group the bot is not in
    assert rig.drain().unreachable == 2
    assert rig.row("k-100123").last_error == "BadRequest: Chat not found"


def test_a_notice_is_skipped_once_the_liaison_has_written_again(rig: Rig) -> None:
    ids = add_liaisons(rig, PEOPLE[0])
    enqueue(rig, PEOPLE[0], liaison=ids.get)
    rig.sandbox.block(PEOPLE[0])

    def meanwhile(
        session: Session, settings: Settings, row: ReminderDelivery, now: datetime, lang: str
    ) -> Outgoing | None:
        deliveries.reachable_again(session=session, telegram_user_id=PEOPLE[0])
        return compose_unreachable(session, settings, row, now, lang)

    result = rig.drain({"before": plain, "unreachable": meanwhile})
    assert (result.unreachable, result.skipped) == (1, len(COORDINATORS))
    assert all(rig.texts(c) == [] for c in COORDINATORS)


def test_the_notice_speaks_the_coordinators_language(rig: Rig) -> None:
    from bot.people.roles import set_language

    ids = add_liaisons(rig, PEOPLE[0])
    with session_scope(rig.engine) as session:
        set_language(session=session, telegram_user_id=COORDINATORS[1], language="en", now=NOW)
    enqueue(rig, PEOPLE[0], liaison=ids.get)
    rig.sandbox.block(PEOPLE[0])
    rig.drain()
    assert "屏蔽" in rig.texts(COORDINATORS[0])[0]
    assert "blocked the bot" in rig.texts(COORDINATORS[1])[0]
    assert "no department" in rig.texts(COORDINATORS[1])[0]


def test_rows_go_out_oldest_first(rig: Rig) -> None:
    enqueue(rig, *reversed(PEOPLE))
    rig.drain(concurrency=1)
    assert [m.chat_id for m in rig.sandbox.messages()] == list(reversed(PEOPLE))


def test_after_downtime_only_the_latest_reminder_of_a_deadline_goes_out(rig: Rig) -> None:
    store(rig.engine, make_plan())
    liaison = bind_liaison(rig.engine, "区科技局", PEOPLE[0]).liaison_id
    with Session(rig.engine) as session:
        deadline = session.exec(select(Deadline).where(Deadline.name == "上半年")).one()
    owed_rows = []
    for slot, days_before in (("before-7", 7), ("before-3", 3)):
        row = ReminderDelivery.model_validate(
            {
                "key": f"rem:{slot}",
                "kind": "before",
                "slot": slot,
                "chat_id": PEOPLE[0],
                "liaison_id": liaison,
                "deadline_id": deadline.id,
                "deadline_due": deadline.due,
                "due_at": NOW - timedelta(days=days_before),
                "status": DeliveryStatus.PENDING,
                "next_attempt_at": NOW - timedelta(days=days_before),
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        owed_rows.append(row)
    with session_scope(rig.engine) as session:  # both owed while the bot was down
        deliveries.enqueue(session=session, rows=owed_rows)

    result = rig.drain({"before": compose_reminder})
    assert (result.sent, result.skipped) == (1, 1)
    assert rig.row("rem:before-7").status == DeliveryStatus.SKIPPED
    assert rig.row("rem:before-3").status == DeliveryStatus.SENT
    (reminder,) = rig.texts(PEOPLE[0])
    assert "上半年" in reminder and "一.1" in reminder

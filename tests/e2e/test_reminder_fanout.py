"""The issue's fan-out acceptance: 200 liaisons owed the same reminder slot while Telegram
answers with 429s, 5xx, dropped connections, a real timeout and, for some users, 403 (they
blocked the bot). Every reachable liaison gets exactly one message for the slot, the blocked
ones are flagged unreachable and the coordinator is told once about each, and nothing is left
pending or sending. Ticks are fired by hand; the clock is moved past each retry time."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from bot.sandbox.faults import RetryAfter, ServerError, Timeout
from db import deliveries
from db.enums import DeliveryStatus
from db.models import Department, Liaison, ListedTask, ReminderDelivery
from scheduler.jobs import JOB_ID
from tests.db.factories import bind_liaison
from tests.support.world import COORDINATOR, World

LIAISONS = 200
FIRST_USER = 4_100_001
BLOCKED = frozenset(range(FIRST_USER, FIRST_USER + LIAISONS, 20))  # ten of them
RETRY_AFTER_CHAT = FIRST_USER + 7  # gets more 429s than PTB's limiter retries
# 09:00 in Beijing on Friday 26 June 2026: 14 days before the sample's 上半年 (10 July)
SLOT = datetime(2026, 6, 26, 1, 0, tzinfo=UTC)
MAX_TICKS = 20


@pytest.fixture
def crowd(imported: World) -> World:
    """200 liaisons spread over the sample's departments, each having written to the bot."""
    world = imported
    with Session(world.engine) as session:
        names = list(session.exec(select(Department.name).order_by(col(Department.id))).all())
    for index, user in enumerate(range(FIRST_USER, FIRST_USER + LIAISONS)):
        world.sandbox.add_user(user, f"联络员{index:03d}")
        bind_liaison(world.engine, names[index % len(names)], user, now=world.clock())
    updates = [world.sandbox.send_text(user, "/start") for user in users()]
    for update in updates:  # the private chats exist now
        world.bot.wait_processed(update, timeout=60)
    return world


def users() -> range:
    return range(FIRST_USER, FIRST_USER + LIAISONS)


def ledger(world: World) -> dict[DeliveryStatus, int]:
    with Session(world.engine) as session:
        return {s: n for s, n in deliveries.counts(session=session).items() if n}


def next_retry(world: World) -> datetime | None:
    with Session(world.engine) as session:
        return session.exec(
            select(func.min(ReminderDelivery.next_attempt_at)).where(
                ReminderDelivery.status == DeliveryStatus.PENDING
            )
        ).one()


def tick_until_settled(world: World) -> int:
    """Fire the tick, move the clock to the next retry, again, until nothing is owed."""
    for ticks in range(1, MAX_TICKS + 1):
        world.bot.run_jobs_now(JOB_ID, timeout=60)
        retry = next_retry(world)
        if retry is None:
            return ticks
        world.clock.now = max(world.clock.now, retry.astimezone(UTC))
    raise AssertionError(f"still owed after {MAX_TICKS} ticks: {ledger(world)}")


def test_every_reachable_liaison_gets_the_slot_once_despite_faults(crowd: World) -> None:
    world, box = crowd, crowd.sandbox
    before = {user: len(box.messages(user)) for user in (*users(), COORDINATOR)}
    for user in BLOCKED:
        box.block(user)
    box.inject("sendMessage", RetryAfter(1), times=2)  # PTB's limiter waits these out
    box.inject("sendMessage", RetryAfter(1), times=4, chat_id=RETRY_AFTER_CHAT)  # it gives up
    box.inject("sendMessage", ServerError(502), times=12)
    box.inject("sendMessage", ServerError(500), times=3, chat_id=FIRST_USER + 11)  # 3 backoffs
    box.inject("sendMessage", Timeout(0.2), times=6)  # connection dropped, no answer
    box.inject("sendMessage", Timeout(6), chat_id=FIRST_USER + 13)  # beyond PTB's read timeout
    world.clock.now = SLOT
    sends_before = len(box.calls("sendMessage"))

    ticks = tick_until_settled(world)

    assert ticks >= 4  # the 5xx chat needed three backoffs
    statuses = Counter(call.status for call in box.calls("sendMessage")[sends_before:])
    assert (statuses[429], statuses[502], statuses[500]) == (6, 12, 3)  # every fault was met
    assert (statuses[0], statuses[403]) == (7, len(BLOCKED))  # 0: no answer; 403: blocked
    new = {user: box.messages(user)[before[user] :] for user in (*users(), COORDINATOR)}
    for user in users():
        if user in BLOCKED:
            assert new[user] == [], user
        else:
            assert len(new[user]) == 1, (user, [m.text for m in new[user]])
            assert "上半年" in (new[user][0].text or "")
    notices = [m for m in new[COORDINATOR] if "屏蔽" in (m.text or "")]
    assert len(notices) == len(BLOCKED)
    reachable = LIAISONS - len(BLOCKED)
    assert ledger(world) == {
        DeliveryStatus.SENT: reachable + len(BLOCKED),  # the reminders and the notices
        DeliveryStatus.UNREACHABLE: len(BLOCKED),
    }
    with Session(world.engine) as session:
        flagged = session.exec(
            select(Liaison.telegram_user_id).where(col(Liaison.unreachable_since).is_not(None))
        ).all()
        assert set(flagged) == BLOCKED
        told_about = session.exec(
            select(ReminderDelivery.liaison_id).where(ReminderDelivery.kind == "unreachable")
        ).all()
        assert len(set(told_about)) == len(BLOCKED)
        # each reminder remembers its tasks, so a reply to it is read as about them
        unlisted = session.exec(
            select(func.count())
            .select_from(ReminderDelivery)
            .where(
                ReminderDelivery.kind == "before",
                ReminderDelivery.status == DeliveryStatus.SENT,
                ~select(ListedTask)
                .where(
                    ListedTask.chat_id == ReminderDelivery.chat_id,
                    ListedTask.message_id == ReminderDelivery.telegram_message_id,
                )
                .exists(),
            )
        ).one()
        assert unlisted == 0

    world.clock.advance(hours=1)  # later ticks in the same slot owe nothing more
    world.bot.run_jobs_now(JOB_ID)
    assert all(len(box.messages(u)) == before[u] + len(new[u]) for u in (*users(), COORDINATOR))


def test_a_blocked_liaison_who_writes_again_is_reachable_again(imported: World) -> None:
    world, box, user = imported, imported.sandbox, FIRST_USER
    box.add_user(user, "周岚")
    bind_liaison(world.engine, "区商务委", user, now=world.clock())
    world.say(user, "/start")
    box.block(user)
    world.clock.now = SLOT
    tick_until_settled(world)
    with Session(world.engine) as session:
        flagged = session.exec(select(Liaison).where(Liaison.telegram_user_id == user)).one()
        assert flagged.unreachable_since == SLOT

    box.unblock(user)
    world.clock.advance(minutes=5)
    world.say(user, "你好")
    with Session(world.engine) as session:
        back = session.exec(select(Liaison).where(Liaison.telegram_user_id == user)).one()
        assert back.unreachable_since is None
    # the next slot reaches them again
    world.clock.now = SLOT + timedelta(days=7)
    before = len(box.messages(user))
    tick_until_settled(world)
    assert len(box.messages(user)) == before + 1

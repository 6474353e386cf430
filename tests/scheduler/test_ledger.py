"""The delivery ledger on a real SQLite file: a key is enqueued once, a row is claimed by one
sender only, every outcome is recorded, and a crash leaves nothing stuck in ``sending``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db import deliveries
from db.engine import make_engine, session_scope
from db.enums import DeliveryStatus
from db.models import Deadline, Liaison, ReminderDelivery
from db.schema import upgrade
from tests.db.factories import make_plan, store

NOW = datetime(2030, 6, 28, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'duban.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def owed(key: str, *, chat: int = 501, at: datetime = NOW) -> ReminderDelivery:
    return ReminderDelivery(
        key=key,
        kind="before",
        slot="before-3",
        chat_id=chat,
        due_at=at,
        status=DeliveryStatus.PENDING,
        next_attempt_at=at,
        created_at=at,
        updated_at=at,
    )


def enqueue(engine: Engine, *rows: ReminderDelivery) -> int:
    with session_scope(engine) as session:
        return deliveries.enqueue(session=session, rows=rows)


def claim(engine: Engine, *, now: datetime = NOW, limit: int = 100) -> list[ReminderDelivery]:
    with session_scope(engine) as session:
        return deliveries.claim(session=session, now=now, limit=limit)


def row(engine: Engine, key: str) -> ReminderDelivery:
    with Session(engine) as session:
        return session.exec(select(ReminderDelivery).where(ReminderDelivery.key == key)).one()


def counts(engine: Engine) -> dict[DeliveryStatus, int]:
    with Session(engine) as session:
        return {s: n for s, n in deliveries.counts(session=session).items() if n}


# --- enqueue ---------------------------------------------------------------------------------


def test_a_key_is_enqueued_once_whatever_became_of_it(engine: Engine) -> None:
    assert enqueue(engine, owed("a"), owed("b")) == 2
    assert enqueue(engine, owed("b"), owed("c"), owed("c")) == 1  # b exists, c twice counts once
    taken = next(r for r in claim(engine) if r.key == "a")
    with session_scope(engine) as session:
        deliveries.mark_sent(session=session, id=taken.id or 0, message_id=7, now=NOW)
    assert enqueue(engine, owed("a")) == 0  # sent long ago: still never again
    assert counts(engine) == {DeliveryStatus.SENT: 1, DeliveryStatus.SENDING: 2}


def test_a_large_batch_is_enqueued_in_one_call(engine: Engine) -> None:
    rows = [owed(f"k{n}", chat=n) for n in range(1_234)]
    assert enqueue(engine, *rows) == 1_234
    assert enqueue(engine, *rows) == 0
    assert counts(engine) == {DeliveryStatus.PENDING: 1_234}


# --- claim -----------------------------------------------------------------------------------


def test_claim_takes_what_is_owed_oldest_first_and_counts_an_attempt(engine: Engine) -> None:
    later = NOW + timedelta(minutes=5)
    enqueue(engine, owed("late", at=later), owed("second", at=NOW), owed("first", at=NOW))
    taken = claim(engine, limit=10)
    assert [r.key for r in taken] == ["second", "first"]  # same time: insertion order
    assert all(r.status == DeliveryStatus.SENDING and r.attempts == 1 for r in taken)
    assert claim(engine) == []  # nothing else owed yet
    assert [r.key for r in claim(engine, now=later)] == ["late"]


def test_claim_respects_its_limit(engine: Engine) -> None:
    enqueue(engine, *[owed(f"k{n}", chat=n) for n in range(5)])
    assert len(claim(engine, limit=2)) == 2
    assert len(claim(engine, limit=10)) == 3
    assert claim(engine) == []


def test_claimed_rows_are_usable_after_their_transaction(engine: Engine) -> None:
    enqueue(engine, owed("a", chat=42))
    (taken,) = claim(engine)
    assert (taken.chat_id, taken.slot, taken.due_at) == (42, "before-3", NOW)


def test_two_senders_never_take_the_same_row(engine: Engine) -> None:
    enqueue(engine, *[owed(f"k{n}", chat=n) for n in range(300)])
    taken: list[list[int]] = [[], [], [], []]
    start = threading.Barrier(len(taken))

    def sender(index: int) -> None:
        start.wait()
        while batch := claim(engine, limit=7):
            taken[index].extend(r.id or 0 for r in batch)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(len(taken))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    every = [i for ids in taken for i in ids]
    assert len(every) == 300 and len(set(every)) == 300


# --- outcomes --------------------------------------------------------------------------------


def test_each_outcome_is_recorded(engine: Engine) -> None:
    enqueue(engine, *[owed(k) for k in ("sent", "retry", "failed", "unreachable", "skipped")])
    ids = {r.key: r.id or 0 for r in claim(engine)}
    later = NOW + timedelta(seconds=30)
    with session_scope(engine) as session:
        deliveries.mark_sent(session=session, id=ids["sent"], message_id=99, now=later)
        deliveries.mark_retry(
            session=session, id=ids["retry"], error="TimedOut", next_at=later, now=NOW
        )
        deliveries.mark_failed(session=session, id=ids["failed"], error="BadRequest: x", now=NOW)
        deliveries.mark_unreachable(
            session=session, id=ids["unreachable"], error="Forbidden", now=NOW
        )
        deliveries.mark_skipped(session=session, id=ids["skipped"], now=NOW)
    sent = row(engine, "sent")
    assert (sent.status, sent.telegram_message_id, sent.sent_at) == (DeliveryStatus.SENT, 99, later)
    retry = row(engine, "retry")
    assert (retry.status, retry.next_attempt_at, retry.last_error, retry.attempts) == (
        DeliveryStatus.PENDING,
        later,
        "TimedOut",
        1,
    )
    assert row(engine, "failed").last_error == "BadRequest: x"
    assert row(engine, "unreachable").status == DeliveryStatus.UNREACHABLE
    assert row(engine, "skipped").status == DeliveryStatus.SKIPPED
    assert claim(engine) == []  # the retry waits for its time
    assert [r.key for r in claim(engine, now=later)] == ["retry"]


def test_flood_control_does_not_count_as_an_attempt(engine: Engine) -> None:
    enqueue(engine, owed("a"))
    (taken,) = claim(engine)
    with session_scope(engine) as session:
        deliveries.mark_retry(
            session=session,
            id=taken.id or 0,
            error="RetryAfter",
            next_at=NOW,
            now=NOW,
            counts_as_attempt=False,
        )
    assert row(engine, "a").attempts == 0


def test_a_very_long_error_is_trimmed(engine: Engine) -> None:
    enqueue(engine, owed("a"))
    (taken,) = claim(engine)
    with session_scope(engine) as session:
        deliveries.mark_failed(session=session, id=taken.id or 0, error="x" * 5000, now=NOW)
    assert len(row(engine, "a").last_error or "") == 1000


# --- crash and stop --------------------------------------------------------------------------


def test_recover_puts_rows_left_sending_back_to_pending(engine: Engine) -> None:
    enqueue(engine, owed("in-flight"), owed("done"))
    ids = {r.key: r.id or 0 for r in claim(engine)}
    with session_scope(engine) as session:
        deliveries.mark_sent(session=session, id=ids["done"], message_id=1, now=NOW)
    # the process dies here; the next one starts with:
    with session_scope(engine) as session:
        assert deliveries.recover(session=session, now=NOW) == 1
    assert counts(engine) == {DeliveryStatus.PENDING: 1, DeliveryStatus.SENT: 1}
    assert [r.key for r in claim(engine)] == ["in-flight"]  # it goes out again


def test_release_returns_unsent_claims_without_counting_them(engine: Engine) -> None:
    enqueue(engine, owed("a"), owed("b"))
    taken = claim(engine)
    with session_scope(engine) as session:
        assert deliveries.release(session=session, ids=[r.id or 0 for r in taken], now=NOW) == 2
    assert counts(engine) == {DeliveryStatus.PENDING: 2}
    assert row(engine, "a").attempts == 0


# --- reachability ----------------------------------------------------------------------------


def test_a_liaison_is_flagged_once_and_cleared_when_they_write(engine: Engine) -> None:
    with session_scope(engine) as session:
        liaison = Liaison(telegram_user_id=777, full_name="周岚", chat_id=777, created_at=NOW)
        session.add(liaison)
        session.flush()
        liaison_id = liaison.id or 0
    later = NOW + timedelta(hours=1)
    with session_scope(engine) as session:
        flag = partial(deliveries.flag_unreachable, session=session)
        assert flag(liaison_id=liaison_id, chat_id=1001, now=NOW) is None  # not the liaison's chat
        assert flag(liaison_id=liaison_id, chat_id=777, now=NOW) == NOW
    with session_scope(engine) as session:  # a second refusal keeps the first moment
        flag = partial(deliveries.flag_unreachable, session=session)
        assert flag(liaison_id=liaison_id, chat_id=777, now=later) == NOW
        assert flag(liaison_id=999, chat_id=777, now=later) is None
    with session_scope(engine) as session:
        assert deliveries.reachable_again(session=session, telegram_user_id=777)
        assert not deliveries.reachable_again(session=session, telegram_user_id=777)
        assert not deliveries.reachable_again(session=session, telegram_user_id=12345)
    with Session(engine) as session:
        found = session.get(Liaison, liaison_id)
        assert found is not None and found.unreachable_since is None


# --- stale rows ------------------------------------------------------------------------------


def test_a_later_reminder_of_the_same_deadline_supersedes_an_earlier_one(engine: Engine) -> None:
    store(engine, make_plan())
    with Session(engine) as session:
        first, second = session.exec(select(Deadline.id).order_by(col(Deadline.id))).all()
    kinds = {"before", "due", "after", "snoozed"}

    def reminder(
        key: str,
        slot_day: int,
        *,
        deadline: int | None = first,
        chat: int = 501,
        kind: str = "before",
    ) -> ReminderDelivery:
        row = owed(key, chat=chat, at=NOW + timedelta(days=slot_day))
        row.kind, row.deadline_id, row.deadline_due = kind, deadline, date(2030, 7, 15)
        return row

    rows = {
        "before-7": reminder("before-7", 0),
        "before-3": reminder("before-3", 4),
        "other deadline": reminder("other deadline", 9, deadline=second),
        "other person": reminder("other person", 9, chat=502),
        "escalation": reminder("escalation", 9, kind="escalation"),
    }
    enqueue(engine, *rows.values())
    with Session(engine) as session:
        stored = {key: row(engine, key) for key in rows}
        assert deliveries.superseded(session=session, delivery=stored["before-7"], kinds=kinds)
        for key in ("before-3", "other deadline", "other person", "escalation"):
            assert not deliveries.superseded(session=session, delivery=stored[key], kinds=kinds)
        # a row about no deadline (a digest, a warning) is never superseded
        assert not deliveries.superseded(session=session, delivery=owed("x"), kinds=kinds)

"""The delivery ledger's SQL on a real PostgreSQL server, compared with SQLite: ``INSERT … ON
CONFLICT`` and the rows it added, conditional claims (also by two senders at once, under
PostgreSQL's row locks), every outcome, release and recovery, counts, supersession and the
unreachable flag.

Skipped without a server, as ``test_postgres`` is (and failed under ``CI``): ``.ci/run`` starts
one and sets ``DUBAN_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from db import deliveries
from db import reminders as store
from db.engine import session_scope
from db.enums import DeliveryStatus
from db.models import Deadline, ReminderDelivery
from db.schema import upgrade
from tests.db.factories import bind_liaison, make_plan
from tests.db.factories import store as store_plan

SLOT = datetime(2030, 6, 28, 1, 0, tzinfo=UTC)
H1 = date(2030, 7, 15)  # the factories' plan's 上半年


def delivery(key: str, at: datetime, **extra: Any) -> ReminderDelivery:
    return ReminderDelivery(
        key=key,
        kind=extra.pop("kind", "before"),
        slot="before-3",
        chat_id=extra.pop("chat_id", 501),
        due_at=at,
        status=DeliveryStatus.PENDING,
        next_attempt_at=at,
        created_at=at,
        updated_at=at,
        **extra,
    )


def ledger_story(engine: Engine) -> tuple[list[object], list[tuple[object, ...]]]:
    """Every ledger operation the scheduler uses, in the order a day would use them; what each
    returned, and the table at the end."""
    upgrade(engine)
    store_plan(engine, make_plan())
    said: list[object] = []
    liaison = bind_liaison(engine, "区科技局", 2001)
    t = SLOT
    bulk = [delivery(f"bulk:{n}", t + timedelta(days=1)) for n in range(1200)]
    with session_scope(engine) as s:
        said.append(deliveries.enqueue(session=s, rows=[delivery("a", t - timedelta(hours=2))]))
        said.append(deliveries.enqueue(session=s, rows=[delivery("b", t - timedelta(hours=1))]))
        same = [delivery("a", t), delivery("c", t), delivery("c", t)]
        said.append(deliveries.enqueue(session=s, rows=same))
        said.append(deliveries.enqueue(session=s, rows=bulk))  # three INSERT chunks
    with session_scope(engine) as s:
        said.append(deliveries.enqueue(session=s, rows=bulk[:700]))
    with session_scope(engine) as s:
        a, b, c = deliveries.claim(session=s, now=t, limit=10)
    said.append([(r.key, r.status, r.attempts) for r in (a, b, c)])
    assert a.id and b.id and c.id
    with session_scope(engine) as s:
        deliveries.mark_sent(session=s, id=a.id, message_id=2**40, now=t)
        deliveries.mark_retry(
            session=s,
            id=b.id,
            error="429",
            next_at=t + timedelta(seconds=30),
            now=t,
            counts_as_attempt=False,
        )
        deliveries.mark_failed(session=s, id=c.id, error="断" * 3000, now=t)
        said.append(deliveries.claim(session=s, now=t, limit=10))  # b waits for its retry_after
    with session_scope(engine) as s:
        (again,) = deliveries.claim(session=s, now=t + timedelta(minutes=1), limit=10)
        assert again.id
        said.append((again.key, again.attempts))
        deliveries.mark_unreachable(session=s, id=again.id, error="Forbidden", now=t)
    tomorrow = t + timedelta(days=1)
    with session_scope(engine) as s:
        five = deliveries.claim(session=s, now=tomorrow, limit=5)
    ids = [r.id or 0 for r in five]
    with session_scope(engine) as s:
        said.append(deliveries.release(session=s, ids=ids[:2], now=tomorrow))
        deliveries.mark_skipped(session=s, id=ids[2], now=tomorrow)
        said.append(deliveries.recover(session=s, now=tomorrow))  # the two left in flight
        said.append(deliveries.counts(session=s))
    # superseded: per liaison and deadline occurrence only the latest goes out
    with session_scope(engine) as s:
        h1 = s.exec(select(Deadline.id).where(Deadline.name == "上半年")).one()
        per = {"liaison_id": liaison.liaison_id, "deadline_id": h1, "deadline_due": H1}
        early, late = delivery("r:7", t, **per), delivery("r:3", t + timedelta(days=4), **per)
        coordinator = delivery(
            "e:1", t, kind="escalation", chat_id=1001, deadline_id=h1, deadline_due=H1
        )
        s.add_all([early, late, coordinator])
        s.flush()
        kinds = {"before", "due"}
        said.append(
            [deliveries.superseded(session=s, delivery=d, kinds=kinds) for d in (early, late)]
        )
        said.append(deliveries.superseded(session=s, delivery=coordinator, kinds={"escalation"}))
        said.append(
            deliveries.flag_unreachable(
                session=s, liaison_id=liaison.liaison_id, chat_id=2001, now=t
            )
        )
        said.append(
            deliveries.flag_unreachable(
                session=s, liaison_id=liaison.liaison_id, chat_id=1001, now=t
            )
        )
    with session_scope(engine) as s:
        said.append(store.existing_keys(session=s, keys=[f"bulk:{n}" for n in range(1195, 1210)]))
        said.append(deliveries.reachable_again(session=s, telegram_user_id=2001))
        said.append(deliveries.reachable_again(session=s, telegram_user_id=2001))
    with Session(engine) as s:
        rows = s.exec(select(ReminderDelivery).order_by(col(ReminderDelivery.key))).all()
        table = [
            (
                r.key,
                r.status,
                r.attempts,
                r.last_error,
                r.sent_at,
                r.telegram_message_id,
                r.next_attempt_at,
                r.updated_at,
            )
            for r in rows
        ]
    return said, table


def test_the_delivery_ledger_does_on_postgresql_what_it_does_on_sqlite(
    pg: Engine, lite: Engine
) -> None:
    said, table = ledger_story(pg)
    assert (said, table) == ledger_story(lite)
    assert said[:5] == [1, 1, 1, 1200, 0]
    sending, pending = DeliveryStatus.SENDING, DeliveryStatus.PENDING
    assert said[5] == [("a", sending, 1), ("b", sending, 1), ("c", sending, 1)]
    assert said[6:10] == [[], ("b", 1), 2, 2]
    assert said[10] == {
        **{status: 0 for status in DeliveryStatus},
        pending: 1199,
        DeliveryStatus.SENT: 1,
        DeliveryStatus.FAILED: 1,
        DeliveryStatus.UNREACHABLE: 1,
        DeliveryStatus.SKIPPED: 1,
    }
    assert said[11:] == [
        [True, False],
        False,
        SLOT,
        None,
        {f"bulk:{n}" for n in range(1195, 1200)},
        True,
        False,
    ]
    by_key = {row[0]: row for row in table}
    assert by_key["a"][4] == SLOT and by_key["a"][5] == 2**40
    error = by_key["c"][3]
    assert isinstance(error, str) and len(error) == 1000 and error.endswith("…")
    assert all(row[6].tzinfo is not None for row in table)


def test_two_senders_at_once_never_take_the_same_row(pg: Engine) -> None:
    """The claim's conditional update under PostgreSQL's row locks: a sender whose candidates
    another sender has just taken waits for that transaction, then skips those rows."""
    upgrade(pg)
    with session_scope(pg) as s:
        deliveries.enqueue(
            session=s, rows=[delivery(f"k{n}", SLOT + timedelta(seconds=n)) for n in range(5)]
        )
    second: list[ReminderDelivery] = []
    failed: list[BaseException] = []

    def other_sender() -> None:
        try:
            with session_scope(pg) as s:
                second.extend(deliveries.claim(session=s, now=SLOT + timedelta(hours=1), limit=5))
        except BaseException as error:  # handed to the test's thread
            failed.append(error)

    with Session(pg) as first_session:
        first = deliveries.claim(session=first_session, now=SLOT + timedelta(hours=1), limit=3)
        thread = threading.Thread(target=other_sender)
        thread.start()
        assert waiting_for_a_lock(pg), "the second sender never waited for the first's rows"
        first_session.commit()
    thread.join(timeout=30)
    assert not thread.is_alive() and not failed
    assert [r.key for r in first] == ["k0", "k1", "k2"]
    assert [r.key for r in second] == ["k3", "k4"]
    with Session(pg) as s:
        assert deliveries.counts(session=s)[DeliveryStatus.SENDING] == 5


def waiting_for_a_lock(engine: Engine) -> bool:
    """Whether another backend of this database is soon blocked on a row lock (up to 10 s)."""
    pause = threading.Event()
    for _ in range(500):
        with engine.connect() as conn:
            blocked = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND query LIKE 'UPDATE reminder_delivery%'"
                )
            ).scalar()
        if blocked:
            return True
        pause.wait(0.02)
    return False

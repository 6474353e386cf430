"""The delivery ledger's queries: enqueue what is owed, claim it for sending, record outcomes.

The ledger (``reminder_delivery``) is the one truth about what the scheduler sends. A row's
life: ``pending`` (owed from ``next_attempt_at``) → ``sending`` (claimed by a sender) → one of
``sent``, ``skipped``, ``failed``, ``unreachable``, or back to ``pending`` for a retry.

Each function takes the caller's ``session`` and flushes at most; the caller owns the
transaction and keeps it short: one for a claim, one per outcome, never one held across an HTTP
call. Claims are conditional updates, so two senders never take the same row; a process killed
mid-send leaves ``sending`` rows that ``recover`` puts back at the next start (the one message
that was in flight may then go out twice — never more).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select, update

from db.enums import DeliveryStatus
from db.models import Liaison, ReminderDelivery

__all__ = [
    "claim",
    "counts",
    "enqueue",
    "flag_unreachable",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "mark_skipped",
    "mark_unreachable",
    "reachable_again",
    "recover",
    "release",
    "superseded",
]

# Rows per INSERT statement: far below SQLite's bound-parameter limit at 15 columns a row.
_INSERT_CHUNK = 500
# Longest error text kept on a row; Telegram's descriptions are short, tracebacks are not kept.
_MAX_ERROR = 1000


def enqueue(*, session: Session, rows: Sequence[ReminderDelivery]) -> int:
    """Insert the rows whose ``key`` is not in the ledger yet; how many were added.

    ``INSERT … ON CONFLICT (key) DO NOTHING``: a key enqueued before — by an earlier tick, or by
    another process at the same moment — is left as it is, whatever its status.
    """
    values: dict[str, dict[str, Any]] = {}
    for row in rows:  # the same key twice in one call counts once
        values.setdefault(row.key, row.model_dump(exclude={"id"}))
    added = 0
    pending = list(values.values())
    for start in range(0, len(pending), _INSERT_CHUNK):
        chunk = pending[start : start + _INSERT_CHUNK]
        # an INSERT's rowcount is kept only when asked (SQLAlchemy 2.1 with psycopg gives -1)
        statement = _insert_ignoring_keys(session).values(chunk)
        result = session.execute(statement.execution_options(preserve_rowcount=True))
        added += max(int(getattr(result, "rowcount", 0) or 0), 0)
    return added


def _insert_ignoring_keys(session: Session) -> Insert:
    dialect = session.get_bind().dialect.name
    table = ReminderDelivery.__table__  # type: ignore[attr-defined]
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=["key"])
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["key"])
    raise NotImplementedError(f"the delivery ledger needs SQLite or PostgreSQL, not {dialect}")


def claim(*, session: Session, now: datetime, limit: int) -> list[ReminderDelivery]:
    """Take up to ``limit`` rows owed at ``now`` (oldest first) and mark them ``sending``.

    Each claim counts as an attempt. The rows come back detached and fully loaded, so they can
    travel to the sender after this transaction ends.
    """
    candidates = list(
        session.exec(
            select(ReminderDelivery.id)
            .where(
                ReminderDelivery.status == DeliveryStatus.PENDING,
                col(ReminderDelivery.next_attempt_at) <= now,
            )
            .order_by(col(ReminderDelivery.next_attempt_at), col(ReminderDelivery.id))
            .limit(limit)
        ).all()
    )
    if not candidates:
        return []
    # conditional: a row another sender took since the select above is not taken again
    taken = session.execute(
        update(ReminderDelivery)
        .where(
            col(ReminderDelivery.id).in_(candidates),
            col(ReminderDelivery.status) == DeliveryStatus.PENDING,
        )
        .values(
            status=DeliveryStatus.SENDING,
            attempts=col(ReminderDelivery.attempts) + 1,
            updated_at=now,
        )
        .returning(col(ReminderDelivery.id))
        .execution_options(synchronize_session=False)
    )
    ids = [row[0] for row in taken]
    if not ids:
        return []
    rows = list(
        session.exec(
            select(ReminderDelivery)
            .where(col(ReminderDelivery.id).in_(ids))
            .order_by(col(ReminderDelivery.next_attempt_at), col(ReminderDelivery.id))
            .execution_options(populate_existing=True)
        ).all()
    )
    for row in rows:
        session.expunge(row)
    return rows


def mark_sent(*, session: Session, id: int, message_id: int | None, now: datetime) -> None:
    """Telegram accepted the message."""
    _set(
        session,
        id,
        status=DeliveryStatus.SENT,
        sent_at=now,
        telegram_message_id=message_id,
        last_error=None,
        updated_at=now,
    )


def mark_retry(
    *,
    session: Session,
    id: int,
    error: str,
    next_at: datetime,
    now: datetime,
    counts_as_attempt: bool = True,
) -> None:
    """Back to ``pending``, not before ``next_at`` (a backoff, or Telegram's retry_after —
    flood control is Telegram's pace, not a failure, so it need not count as an attempt)."""
    attempts = col(ReminderDelivery.attempts)
    _set(
        session,
        id,
        status=DeliveryStatus.PENDING,
        next_attempt_at=next_at,
        last_error=_trim(error),
        attempts=attempts if counts_as_attempt else attempts - 1,
        updated_at=now,
    )


def mark_failed(*, session: Session, id: int, error: str, now: datetime) -> None:
    """Given up: the error is kept for the logs and for ``duban reminders``."""
    _set(session, id, status=DeliveryStatus.FAILED, last_error=_trim(error), updated_at=now)


def mark_unreachable(*, session: Session, id: int, error: str, now: datetime) -> None:
    """The recipient blocked the bot, or the chat does not exist."""
    _set(session, id, status=DeliveryStatus.UNREACHABLE, last_error=_trim(error), updated_at=now)


def mark_skipped(*, session: Session, id: int, now: datetime) -> None:
    """No longer owed when its turn came (reported, paused, removed)."""
    _set(session, id, status=DeliveryStatus.SKIPPED, updated_at=now)


def release(*, session: Session, ids: Collection[int], now: datetime) -> int:
    """Put claimed rows that were never handed to Telegram back to ``pending`` (a sender that
    stops early); how many."""
    if not ids:
        return 0
    result = session.execute(
        update(ReminderDelivery)
        .where(
            col(ReminderDelivery.id).in_(list(ids)),
            col(ReminderDelivery.status) == DeliveryStatus.SENDING,
        )
        .values(
            status=DeliveryStatus.PENDING,
            attempts=col(ReminderDelivery.attempts) - 1,  # the claim was no attempt after all
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def recover(*, session: Session, now: datetime) -> int:
    """At start-up: every ``sending`` row (left by a process that died) back to ``pending``."""
    result = session.execute(
        update(ReminderDelivery)
        .where(col(ReminderDelivery.status) == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.PENDING, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def counts(*, session: Session) -> dict[DeliveryStatus, int]:
    """How many rows have each status; every status has an entry."""
    found = dict(
        session.exec(
            select(ReminderDelivery.status, func.count()).group_by(col(ReminderDelivery.status))
        ).all()
    )
    return {status: int(found.get(status, 0)) for status in DeliveryStatus}


def superseded(*, session: Session, delivery: ReminderDelivery, kinds: Collection[str]) -> bool:
    """Whether a later row of one of ``kinds`` exists for the same recipient, liaison and
    deadline occurrence — pending, sent or otherwise. A row left owed across downtime (enqueued,
    then the process died; or retried for hours) must not go out after the reminder that
    followed it: per liaison and deadline only the latest is sent."""
    if delivery.deadline_id is None:
        return False
    later = (
        select(ReminderDelivery.id)
        .where(
            col(ReminderDelivery.chat_id) == delivery.chat_id,
            col(ReminderDelivery.deadline_id) == delivery.deadline_id,
            col(ReminderDelivery.deadline_due) == delivery.deadline_due,
            col(ReminderDelivery.kind).in_(list(kinds)),
            col(ReminderDelivery.due_at) > delivery.due_at,
            col(ReminderDelivery.id) != delivery.id,
        )
        .limit(1)
    )
    if delivery.liaison_id is None:
        later = later.where(col(ReminderDelivery.liaison_id).is_(None))
    else:
        later = later.where(col(ReminderDelivery.liaison_id) == delivery.liaison_id)
    return session.exec(later).first() is not None


def flag_unreachable(
    *, session: Session, liaison_id: int, chat_id: int, now: datetime
) -> datetime | None:
    """Note that Telegram refuses delivery to the liaison's chat ``chat_id``; since when (the
    first refusal of this episode is kept). None when ``chat_id`` is not that liaison's chat —
    a notice *about* the liaison sent to a coordinator says nothing about the liaison."""
    liaison = session.get(Liaison, liaison_id)
    if liaison is None or chat_id not in (liaison.chat_id, liaison.telegram_user_id):
        return None
    if liaison.unreachable_since is None:
        liaison.unreachable_since = now
        session.add(liaison)
        session.flush()
    return liaison.unreachable_since


def reachable_again(*, session: Session, telegram_user_id: int) -> bool:
    """The user wrote to the bot: if they are a liaison flagged unreachable, they are not any
    more. True when a flag was cleared."""
    result = session.execute(
        update(Liaison)
        .where(
            col(Liaison.telegram_user_id) == telegram_user_id,
            col(Liaison.unreachable_since).is_not(None),
        )
        .values(unreachable_since=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _set(session: Session, id: int, **values: Any) -> None:
    session.execute(
        update(ReminderDelivery)
        .where(col(ReminderDelivery.id) == id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _trim(error: str) -> str:
    return error if len(error) <= _MAX_ERROR else error[: _MAX_ERROR - 1] + "…"


def owed(
    *,
    key: str,
    kind: str,
    slot: str,
    chat_id: int,
    due_at: datetime,
    now: datetime,
    liaison_id: int | None = None,
    deadline_id: int | None = None,
    deadline_due: date | None = None,
) -> ReminderDelivery:
    """A new ledger row, owed from ``now`` (unsaved: ``enqueue`` stores it under its key)."""
    return ReminderDelivery(
        key=key,
        kind=kind,
        slot=slot,
        chat_id=chat_id,
        liaison_id=liaison_id,
        deadline_id=deadline_id,
        deadline_due=deadline_due,
        due_at=due_at,
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )

"""The one sender: drain the delivery ledger into Telegram and record every outcome.

``drain`` claims owed rows in small batches and sends them with ``CONCURRENCY`` workers (one
by default: see there why). It writes no limiter of its own: python-telegram-bot's
``AIORateLimiter`` on the bot (30 messages a second overall, waiting out ``retry_after`` up to
three times on a 429) is what paces the sends; the sender only keeps it fed.

What each outcome does to the row:

- sent → ``sent``, with the message id; the tasks it lists are remembered for reply-to;
- the composer says it is no longer owed → ``skipped``;
- ``RetryAfter`` (the limiter gave up) → ``pending`` again after ``retry_after``, not counted;
- timeouts, network errors, 5xx → ``pending`` after a backoff (30 s doubling, at most an hour),
  ``failed`` at the ``MAX_ATTEMPTS``-th;
- 403 (blocked) or "chat not found" → ``unreachable``; a liaison is flagged, and each
  coordinator gets one notice through the ledger itself (so it is never lost, nor sent twice);
- anything else → ``failed``, with the error, and the drain goes on.

Each claim and each outcome is its own short transaction; none is held across an HTTP call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application

from bot.people.roles import coordinator_ids
from bot.reports.chatlog import remember_listing
from bot.runtime import Runtime
from bot.texts import split_text
from db import deliveries
from db.engine import session_scope
from db.models import ReminderDelivery
from scheduler.outbox import COMPOSERS, Composer, Outgoing, recipient_language, unreachable_notices

__all__ = [
    "CONCURRENCY",
    "MAX_ATTEMPTS",
    "DrainResult",
    "Outcome",
    "backoff",
    "drain",
    "keyboard",
]

log = logging.getLogger("duban.sender")

# Sends in flight. One, so that a process killed mid-send can have sent at most one message
# it did not record (the "at most one duplicate"): a row whose HTTP call was answered
# but whose outcome was not yet committed goes out again after the restart, and with K sends in
# flight K rows can be in that state (measured: 4 duplicates in one kill with 30 in flight,
# as bursts after a 429 pile up answers waiting to be recorded). Against a Bot API a few
# milliseconds away one at a time still fills Telegram's 30 a second (bench/fanout_bench.py);
# a far-away API (say 100 ms a round trip) would need more in flight, at that cost.
CONCURRENCY = 1
CLAIM_BATCH = 20  # rows claimed per transaction; claimed but unsent rows are never duplicated
MAX_ATTEMPTS = 6  # a row failing this many times for a transient reason is given up
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
_UNREACHABLE_REQUESTS = ("chat not found", "user not found", "peer_id_invalid")


class Outcome(StrEnum):
    SENT = "sent"
    RETRIED = "retried"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


@dataclass
class DrainResult:
    """How many rows met each outcome in one drain."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    @property
    def total(self) -> int:
        return self.sent + self.retried + self.failed + self.unreachable + self.skipped


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failed ones: 30 s, 1, 2, 4 … min, ≤ 1 h."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


async def drain(
    target: Application | Bot,
    runtime: Runtime,
    *,
    now: datetime,
    composers: Mapping[str, Composer] | None = None,
    concurrency: int | None = None,
) -> DrainResult:
    """Send every row owed at ``now`` (and the notices its outcomes enqueue) until none is left.

    ``target`` is the running application (then the drain stops claiming when it stops, and
    hands back rows it claimed but never sent) or a bare, initialized bot.
    """
    bot = target.bot if isinstance(target, Application) else target
    chosen = COMPOSERS if composers is None else composers
    width = max(CONCURRENCY if concurrency is None else concurrency, 1)
    result = DrainResult()
    waiting: list[ReminderDelivery] = []

    def going_on() -> bool:
        return not isinstance(target, Application) or target.running

    def next_row() -> ReminderDelivery | None:
        # no await in here: one worker at a time claims, the others take from the batch
        if not waiting and going_on():
            with session_scope(runtime.engine) as session:
                batch = max(width, CLAIM_BATCH)
                waiting.extend(deliveries.claim(session=session, now=now, limit=batch))
        return waiting.pop(0) if waiting and going_on() else None

    async def worker() -> None:
        while (row := next_row()) is not None:
            try:
                outcome = await _deliver(bot, runtime, row, chosen, now)
            except Exception:  # the ledger itself failed; the row stays claimed until restart
                log.exception("could not record the outcome of delivery %s", row.id)
                continue
            result.add(outcome)

    await asyncio.gather(*(worker() for _ in range(width)))
    if waiting:  # stopped early: what was claimed but never sent is owed again
        with session_scope(runtime.engine) as session:
            ids = [row.id for row in waiting if row.id is not None]
            deliveries.release(session=session, ids=ids, now=runtime.now())
    return result


async def _deliver(
    bot: Bot,
    runtime: Runtime,
    row: ReminderDelivery,
    composers: Mapping[str, Composer],
    now: datetime,
) -> Outcome:
    """Compose, send and record one claimed row."""
    assert row.id is not None
    settings = runtime.settings
    composer = composers.get(row.kind)
    try:
        with session_scope(runtime.engine) as session:
            if composer is None:
                raise LookupError(f"no composer for kind {row.kind!r}")
            lang = recipient_language(session, settings, row.chat_id)
            outgoing = composer(session, settings, row, runtime.now(), lang)
    except Exception as exc:
        log.exception("could not compose delivery %s (%s)", row.id, row.kind)
        return _record_failure(runtime, row, _describe(exc, bot))
    if outgoing is None:
        with session_scope(runtime.engine) as session:
            deliveries.mark_skipped(session=session, id=row.id, now=runtime.now())
        return Outcome.SKIPPED
    try:
        sent = await _send(bot, row.chat_id, outgoing)
    except RetryAfter as exc:
        return _record_retry(runtime, row, _describe(exc, bot), _retry_after(exc), counts=False)
    except Forbidden as exc:
        return _record_unreachable(runtime, row, _describe(exc, bot), now)
    except BadRequest as exc:
        if any(words in exc.message.lower() for words in _UNREACHABLE_REQUESTS):
            return _record_unreachable(runtime, row, _describe(exc, bot), now)
        log.warning("Telegram refused delivery %s: %s", row.id, _describe(exc, bot))
        return _record_failure(runtime, row, _describe(exc, bot))
    except NetworkError as exc:  # timeouts, dropped connections, 5xx
        if row.attempts >= MAX_ATTEMPTS:
            log.warning(
                "delivery %s failed %d times: %s", row.id, row.attempts, _describe(exc, bot)
            )
            return _record_failure(runtime, row, _describe(exc, bot))
        return _record_retry(runtime, row, _describe(exc, bot), backoff(row.attempts), counts=True)
    except Exception as exc:
        log.exception("unexpected error sending delivery %s", row.id)
        return _record_failure(runtime, row, _describe(exc, bot))
    _record_sent(runtime, row, sent, outgoing)
    return Outcome.SENT


async def _send(bot: Bot, chat_id: int, outgoing: Outgoing) -> list[Message]:
    """The photo, the text (cut to Telegram's length, buttons on the last piece), the files;
    the text messages sent."""
    if outgoing.photo is not None:
        name, content = outgoing.photo
        await bot.send_photo(chat_id, photo=InputFile(content, filename=name))
    pieces = split_text(outgoing.text)
    texts: list[Message] = []
    for index, piece in enumerate(pieces):
        markup = keyboard(outgoing.buttons) if index == len(pieces) - 1 else None
        texts.append(await bot.send_message(chat_id, piece, reply_markup=markup))
    for name, content in outgoing.documents:
        await bot.send_document(chat_id, document=InputFile(content, filename=name))
    return texts


def _record_sent(
    runtime: Runtime, row: ReminderDelivery, sent: list[Message], outgoing: Outgoing
) -> None:
    assert row.id is not None
    stamp = runtime.now()
    with session_scope(runtime.engine) as session:
        deliveries.mark_sent(
            session=session, id=row.id, message_id=sent[-1].message_id if sent else None, now=stamp
        )
        if outgoing.listed_task_ids:
            for message in sent:
                remember_listing(
                    session=session,
                    chat_id=row.chat_id,
                    message_id=message.message_id,
                    task_ids=outgoing.listed_task_ids,
                    now=stamp,
                )


def _record_retry(
    runtime: Runtime, row: ReminderDelivery, error: str, wait: timedelta, *, counts: bool
) -> Outcome:
    assert row.id is not None
    stamp = runtime.now()
    with session_scope(runtime.engine) as session:
        deliveries.mark_retry(
            session=session,
            id=row.id,
            error=error,
            next_at=stamp + wait,
            now=stamp,
            counts_as_attempt=counts,
        )
    return Outcome.RETRIED


def _record_failure(runtime: Runtime, row: ReminderDelivery, error: str) -> Outcome:
    assert row.id is not None
    with session_scope(runtime.engine) as session:
        deliveries.mark_failed(session=session, id=row.id, error=error, now=runtime.now())
    return Outcome.FAILED


def _record_unreachable(
    runtime: Runtime, row: ReminderDelivery, error: str, now: datetime
) -> Outcome:
    """Mark the row; if it was a liaison's own chat, flag them and tell the coordinators —
    in the same transaction, so the notice is never lost and, keyed, never doubled."""
    assert row.id is not None
    stamp = runtime.now()
    with session_scope(runtime.engine) as session:
        deliveries.mark_unreachable(session=session, id=row.id, error=error, now=stamp)
        if row.liaison_id is None:
            return Outcome.UNREACHABLE
        since = deliveries.flag_unreachable(
            session=session, liaison_id=row.liaison_id, chat_id=row.chat_id, now=stamp
        )
        if since is not None:
            chats = coordinator_ids(session=session, configured=runtime.settings.roles.coordinators)
            notices = unreachable_notices(
                liaison_id=row.liaison_id,
                since=since,
                coordinator_chats=[chat for chat in chats if chat != row.chat_id],
                now=now,  # owed in this very drain
            )
            if deliveries.enqueue(session=session, rows=notices):
                log.info("liaison %s is unreachable; coordinators told", row.liaison_id)
    return Outcome.UNREACHABLE


def _retry_after(exc: RetryAfter) -> timedelta:
    value = exc.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _describe(exc: BaseException, bot: Bot) -> str:
    """The error as one line for the ledger and the log, never with the bot's token in it."""
    text = f"{type(exc).__name__}: {exc}"
    return text.replace(bot.token, "<token>") if bot.token else text


def keyboard(buttons: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    """A view's buttons, rows of (label, callback data), as Telegram's inline keyboard; None
    when there are none. The handlers' replies go through this too."""
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
        for row in buttons
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None

"""The scheduled tick: every few seconds, enqueue what is owed and drain the ledger.

The job is a pulse, not a store: which reminder is owed when is derived from the database each
time (``scheduler.outbox.PRODUCERS``), and what was sent is in the ledger. So a restart loses
nothing, and the one job has a fixed id with ``replace_existing``: however often the bot starts,
there is one tick. APScheduler coalesces missed runs into one and runs it late rather than not
at all (``misfire_grace_time``); ``max_instances=1`` keeps the scheduler from overlapping two
ticks, and a lock does the same for ticks fired by hand (``LiveBot.run_jobs_now``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.runtime import RUNTIME_KEY, Runtime
from db import deliveries
from db.engine import session_scope
from scheduler import outbox
from scheduler.sender import DrainResult, drain

__all__ = ["JOB_ID", "JOB_KWARGS", "run_tick", "schedule"]

log = logging.getLogger("duban.scheduler")

JOB_ID = "duban.tick"
JOB_KWARGS = {
    "id": JOB_ID,
    "replace_existing": True,
    "coalesce": True,
    "max_instances": 1,
    "misfire_grace_time": 3600,
}


def schedule(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """At start-up: put rows a dead process left ``sending`` back, then schedule the tick."""
    runtime: Runtime = application.bot_data[RUNTIME_KEY]
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    with session_scope(runtime.engine) as session:
        recovered = deliveries.recover(session=session, now=runtime.now())
    if recovered:
        log.warning(
            "%d deliveries were in flight when the bot last stopped; sending again", recovered
        )
    for job in job_queue.get_jobs_by_name(JOB_ID):  # a job not yet started is not replaced
        job.schedule_removal()
    lock = asyncio.Lock()

    async def tick(context: CallbackContext[Any, Any, Any, Any]) -> None:
        async with lock:
            await run_tick(context.application)

    job_queue.run_repeating(
        tick,
        interval=runtime.settings.reminders.tick_seconds,
        first=1,
        name=JOB_ID,
        job_kwargs=dict(JOB_KWARGS),
    )


async def run_tick(application: Application[Any, Any, Any, Any, Any, Any]) -> DrainResult | None:
    """One tick: in one transaction, every producer's rows into the ledger; then drain it.
    Never raises: a failing tick is logged and the next one tries again."""
    runtime: Runtime = application.bot_data[RUNTIME_KEY]
    try:
        now = runtime.now()
        added = _produce(runtime, now)
        result = await drain(application, runtime, now=now)
    except Exception:
        log.exception("the scheduler's tick failed")
        return None
    if added or result.total:
        log.info(
            "tick: %d enqueued; %d sent, %d retried, %d failed, %d unreachable, %d skipped",
            added,
            result.sent,
            result.retried,
            result.failed,
            result.unreachable,
            result.skipped,
        )
    return result


def _produce(runtime: Runtime, now: datetime) -> int:
    """Every producer's rows, enqueued in one transaction; a producer that fails is logged and
    rolled back alone (a savepoint), so it never costs the others their rows."""
    added = 0
    with session_scope(runtime.engine) as session:
        for producer in outbox.PRODUCERS:
            try:
                with session.begin_nested():
                    rows = producer(session, runtime.settings, now)
                    added += deliveries.enqueue(session=session, rows=rows)
            except Exception:
                log.exception("producer %s failed", getattr(producer, "__name__", producer))
    return added

"""Run the real bot in a background thread, polling a Bot API server, and know when it is done
with each update — what the demo and the end-to-end tests need to act and then look.

The bot is the ``Application`` from ``bot.app.build_application``; the only addition is a
subclass that records which update ids it has finished processing, so a caller can wait for
"the bot has answered this" on an event rather than on a clock.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Self

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.runtime import utc_now
from bot.settings import Settings

POLL_TIMEOUT = 1  # seconds a getUpdates long poll waits; keeps shutdown quick


class TracedApplication(Application):
    """The same Application, noting each update it has finished with."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.done: set[int] = set()
        self.done_changed = threading.Condition()

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            if isinstance(update, Update):
                with self.done_changed:
                    self.done.add(update.update_id)
                    self.done_changed.notify_all()


class PollingThread:
    """An application polling in its own thread and event loop; ``start``/``stop`` or ``with``.

    It drives the steps ``run_polling`` would (initialize, post_init, start polling, start;
    then the reverse), so that a test or a benchmark can act on the bot from the main thread.
    """

    def __init__(self, application: TracedApplication) -> None:
        self.application = application
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="duban-bot", daemon=True)

    def start(self, timeout: float = 30) -> Self:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the bot did not start in time")
        if self._failure is not None:
            raise self._failure
        return self

    def stop(self, timeout: float = 30) -> None:
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_processed(self, update_id: int, timeout: float = 15) -> None:
        """Block until the bot has finished handling ``update_id`` (answers sent and all)."""
        app = self.application
        with app.done_changed:
            if not app.done_changed.wait_for(lambda: update_id in app.done, timeout):
                raise TimeoutError(f"the bot did not finish update {update_id} in {timeout} s")

    def run_jobs_now(self, name: str | None = None, timeout: float = 15) -> int:
        """Run the scheduled jobs (all, or those called ``name``) now, as if their time had
        come, and wait for them; a one-off job is then unscheduled, a repeating one (the
        reminders' tick) keeps its schedule. How many ran.

        Tests use it instead of waiting for a clock: a /report left idle is timed out this way.
        """
        app = self.application
        if self._loop is None or app.job_queue is None:
            return 0
        job_queue = app.job_queue

        async def fire() -> int:
            jobs = [job for job in job_queue.jobs() if name is None or job.name == name]
            for job in jobs:
                await job.run(app)
                if not isinstance(job.job.trigger, IntervalTrigger):  # a repeating job stays
                    job.schedule_removal()
            return len(jobs)

        return asyncio.run_coroutine_threadsafe(fire(), self._loop).result(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported to start(), or lost after stop()
            self._failure = exc
            self._ready.set()

    async def _main(self) -> None:
        app = self.application
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        await app.initialize()
        try:
            if app.post_init is not None:  # run_polling would call it; we drive the steps
                await app.post_init(app)
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0,
                timeout=POLL_TIMEOUT,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            await app.start()
            self._ready.set()
            await self._stopping.wait()
            await app.updater.stop()
            await app.stop()
        finally:
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
            await app.shutdown()


class LiveBot(PollingThread):
    """duban itself, built by ``bot.app.build_application``, polling in its own thread."""

    def __init__(
        self,
        settings: Settings,
        *,
        token: str,
        engine: Engine | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        app = build_application(
            settings, token=token, engine=engine, clock=clock, application_class=TracedApplication
        )
        assert isinstance(app, TracedApplication)
        super().__init__(app)

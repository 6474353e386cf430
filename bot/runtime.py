"""What the running bot shares between its handlers and its scheduled jobs: the settings, the
engine and the clock. Kept in PTB's ``bot_data`` under ``RUNTIME_KEY`` by ``bot.app``.

Time is an argument everywhere below this: the clock is read here, once per step, and passed on.
Tests and the demo give the bot a clock of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from bot.settings import Settings

__all__ = ["RUNTIME_KEY", "Runtime", "utc_now"]

RUNTIME_KEY = "runtime"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Everything the handlers and jobs need besides the update; lives in ``bot_data``."""

    settings: Settings
    engine: Engine
    clock: Callable[[], datetime] = utc_now
    # coordinators whose chat already has the coordinator menu, this run
    menus_set: set[int] = field(default_factory=set)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """The date now in the office's time zone (deadlines are local dates)."""
        return self.now().astimezone(self.settings.locale.tz).date()

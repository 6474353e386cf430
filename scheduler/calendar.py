"""China's working days, for moving reminders and digests off weekends and holidays.

``chinese_calendar`` knows the years the State Council has published, including the 调休 make-up
working days (a Saturday or Sunday that is worked). Settings (``[calendar] holidays`` /
``workdays``) win over it and extend it to later years. A year that neither knows falls back to
Monday–Friday; ``unknown_years`` names such years so the bot can warn the coordinators once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import chinese_calendar

if TYPE_CHECKING:
    from bot.settings import Settings

# A calendar where no working day is found within ten years is misconfigured; stop rather than
# loop for ever.
_SEARCH_LIMIT_DAYS = 3660


def _library_workday(day: date) -> bool | None:
    """``chinese_calendar``'s answer, or None when the year is outside its data."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


class WorkCalendar:
    """Which dates are working days: settings first, then ``chinese_calendar``, then Mon–Fri."""

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> None:
        self._holidays = frozenset(holidays)
        # an explicit holiday is never a workday, even when listed in both
        self._workdays = frozenset(workdays) - self._holidays
        self._listed_years = frozenset(d.year for d in self._holidays | self._workdays)
        self._years: dict[int, frozenset[date]] = {}  # year -> its working days
        self._library_years: dict[int, bool] = {}

    def _year(self, year: int) -> frozenset[date]:
        # the planner asks about the same few years thousands of times: compute each year once
        cached = self._years.get(year)
        if cached is not None:
            return cached
        day, end, found = date(year, 1, 1), date(year, 12, 31), set()
        while day <= end:
            if self._decide(day):
                found.add(day)
            day += timedelta(days=1)
        result = frozenset(found)
        self._years[year] = result
        return result

    def _decide(self, day: date) -> bool:
        if day in self._holidays:
            return False
        if day in self._workdays:
            return True
        library = _library_workday(day)
        if library is not None:
            return library
        return day.weekday() < 5

    def is_workday(self, day: date) -> bool:
        """Whether people work on ``day`` (调休 Saturdays included)."""
        return day in self._year(day.year)

    def previous_workday(self, day: date) -> date:
        """The latest working day on or before ``day``."""
        return self._walk(day, -1)

    def next_workday(self, day: date) -> date:
        """The earliest working day on or after ``day``."""
        return self._walk(day, 1)

    def add_workdays(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself never counts); n=0 is
        ``next_workday(day)``."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return self.next_workday(day)
        current = day
        for _ in range(n):
            current = self._walk(current + timedelta(days=1), 1)
        return current

    def _walk(self, day: date, step: int) -> date:
        current = day
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_workday(current):
                return current
            current += timedelta(days=step)
        raise ValueError(f"no working day within {_SEARCH_LIMIT_DAYS} days of {day.isoformat()}")

    def known(self, year: int) -> bool:
        """Whether ``chinese_calendar`` or the settings know ``year`` (else: Mon–Fri guess)."""
        if year in self._listed_years:
            return True
        cached = self._library_years.get(year)
        if cached is None:
            cached = _library_workday(date(year, 6, 1)) is not None
            self._library_years[year] = cached
        return cached

    def unknown_years(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` (inclusive) that fall back to Monday–Friday."""
        return [year for year in range(start.year, end.year + 1) if not self.known(year)]


def calendar_from(settings: Settings) -> WorkCalendar:
    """The calendar the bot uses: ``[calendar] holidays`` and ``workdays`` over the library.

    One per distinct ``[calendar]``: a calendar caches each year's working days and the planner
    caches slots per calendar, and the scheduler asks on every tick.
    """
    return _calendar(tuple(settings.calendar.holidays), tuple(settings.calendar.workdays))


@lru_cache(maxsize=8)
def _calendar(holidays: tuple[date, ...], workdays: tuple[date, ...]) -> WorkCalendar:
    return WorkCalendar(holidays=holidays, workdays=workdays)

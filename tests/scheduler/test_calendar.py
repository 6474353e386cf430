"""The working-day calendar: China's holidays and 调休 days, settings that extend or override
them, and the Monday–Friday fallback for a year nobody has published."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.settings import CalendarSettings, Settings
from scheduler.calendar import WorkCalendar, calendar_from

CAL = WorkCalendar()


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_national_day_week_2021_is_off_and_its_make_up_days_are_worked() -> None:
    for day in days(date(2021, 10, 1), date(2021, 10, 7)):
        assert not CAL.is_workday(day), day
    # 调休: Saturday 18 Sep, Sunday 26 Sep and Saturday 9 Oct are working days
    for day in (date(2021, 9, 18), date(2021, 9, 26), date(2021, 10, 9)):
        assert day.weekday() >= 5
        assert CAL.is_workday(day), day
    assert CAL.is_workday(date(2021, 10, 8))
    assert not CAL.is_workday(date(2021, 10, 10))  # an ordinary Sunday


def test_spring_festival_2021() -> None:
    for day in days(date(2021, 2, 11), date(2021, 2, 17)):
        assert not CAL.is_workday(day), day
    assert CAL.is_workday(date(2021, 2, 7))  # Sunday before, worked
    assert CAL.is_workday(date(2021, 2, 20))  # Saturday after, worked
    assert CAL.previous_workday(date(2021, 2, 15)) == date(2021, 2, 10)
    assert CAL.next_workday(date(2021, 2, 12)) == date(2021, 2, 18)


def test_previous_and_next_workday_around_national_day() -> None:
    assert CAL.previous_workday(date(2021, 10, 5)) == date(2021, 9, 30)
    assert CAL.previous_workday(date(2021, 9, 30)) == date(2021, 9, 30)
    assert CAL.next_workday(date(2021, 10, 2)) == date(2021, 10, 8)
    assert CAL.next_workday(date(2021, 10, 8)) == date(2021, 10, 8)


def test_add_workdays_skips_holidays_and_counts_make_up_days() -> None:
    assert CAL.add_workdays(date(2021, 9, 30), 1) == date(2021, 10, 8)
    assert CAL.add_workdays(date(2021, 9, 30), 2) == date(2021, 10, 9)  # 调休 Saturday
    assert CAL.add_workdays(date(2021, 9, 30), 3) == date(2021, 10, 11)
    assert CAL.add_workdays(date(2021, 10, 3), 1) == date(2021, 10, 8)
    assert CAL.add_workdays(date(2021, 10, 3), 0) == date(2021, 10, 8)
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2021, 10, 3), -1)


def test_a_year_nobody_knows_falls_back_to_monday_to_friday() -> None:
    # 2027-01-01 is a Friday: no library data, no settings, so it counts as a working day
    assert CAL.is_workday(date(2027, 1, 1))
    assert not CAL.is_workday(date(2027, 1, 2))
    assert CAL.known(2021) and CAL.known(2026)
    assert not CAL.known(2027)
    assert CAL.unknown_years(date(2025, 11, 1), date(2028, 2, 1)) == [2027, 2028]
    assert CAL.unknown_years(date(2021, 1, 1), date(2021, 12, 31)) == []


def test_settings_make_a_later_year_known_and_are_obeyed() -> None:
    settings = Settings(
        calendar=CalendarSettings(
            holidays=[date(2027, 1, 1), date(2027, 2, 8)],  # Friday, Monday
            workdays=[date(2027, 2, 6)],  # a Saturday
        )
    )
    cal = calendar_from(settings)
    assert cal.known(2027)
    assert cal.unknown_years(date(2026, 12, 1), date(2028, 1, 5)) == [2028]
    assert not cal.is_workday(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 2, 8))
    assert cal.is_workday(date(2027, 2, 6))
    assert cal.is_workday(date(2027, 1, 4))  # an ordinary Monday, by the fallback
    assert cal.previous_workday(date(2027, 1, 3)) == date(2026, 12, 31)


def test_settings_win_over_the_library() -> None:
    # an office that works on 2021-10-04 and takes 2021-10-09 off
    cal = WorkCalendar(holidays=[date(2021, 10, 9)], workdays=[date(2021, 10, 4)])
    assert cal.is_workday(date(2021, 10, 4))
    assert not cal.is_workday(date(2021, 10, 9))
    # listed as both: the holiday wins
    both = WorkCalendar(holidays=[date(2021, 10, 11)], workdays=[date(2021, 10, 11)])
    assert not both.is_workday(date(2021, 10, 11))


def test_default_settings_give_the_library_calendar() -> None:
    cal = calendar_from(Settings())
    assert not cal.is_workday(date(2021, 10, 1))
    assert cal.is_workday(date(2021, 10, 9))

"""The summary's rules, table by table: a task's traffic light and the expected pace."""

from __future__ import annotations

from datetime import date

import pytest

from bot.summary.model import Light, TargetLine
from bot.summary.rules import period_pace, target_line, task_light
from db.enums import ReportStatus
from db.summary import SummaryTargetRow

D, OK, B, N = (
    ReportStatus.DONE,
    ReportStatus.ON_TRACK,
    ReportStatus.BEHIND,
    ReportStatus.NOT_STARTED,
)


def paced(share: float | None, pace: float = 0.5) -> TargetLine:
    """A cumulative target with ``share`` of its goal reported, judged against ``pace``."""
    behind = share is not None and share < pace
    return TargetLine(1, "新增企业", "家", 100, "at_least", True, share, share, pace, behind)


def unpaced(share: float) -> TargetLine:
    """A growth rate: never paced, never behind, whatever its share."""
    return TargetLine(2, "营业收入", "%", 10, "about", False, share * 10, share, None, False)


@pytest.mark.parametrize(
    ("status", "percent", "targets", "pace", "days_left", "light"),
    [
        # unreported: nothing to judge before the deadline, red after it
        (None, None, [], 0.5, 3, Light.NONE),
        (None, None, [], 0.5, 0, Light.NONE),
        (None, None, [], 1.0, -1, Light.RED),
        # done is green, even with a low figure
        (D, None, [paced(0.1)], 0.9, -2, Light.GREEN),
        # on track: green while no target is behind and the percent is within 10 points
        (OK, None, [], 0.5, 10, Light.GREEN),
        (OK, 41.0, [], 0.5, 10, Light.GREEN),
        (OK, 39.0, [], 0.5, 10, Light.YELLOW),
        (OK, None, [paced(0.5)], 0.5, 10, Light.GREEN),
        (OK, None, [paced(0.49)], 0.5, 10, Light.YELLOW),
        (OK, None, [paced(None)], 0.5, 10, Light.GREEN),
        (OK, None, [unpaced(0.1)], 0.5, 10, Light.GREEN),
        # far behind (a share or the percent under half the pace) is red
        (OK, None, [paced(0.24)], 0.5, 10, Light.RED),
        (OK, 24.0, [], 0.5, 10, Light.RED),
        (B, 30.0, [], 0.5, 10, Light.YELLOW),
        (B, None, [], 0.5, 10, Light.YELLOW),
        (B, None, [paced(0.2)], 0.5, 10, Light.RED),
        # not started: yellow in the first half of the period, red after it
        (N, None, [], 0.5, 10, Light.YELLOW),
        (N, None, [], 0.51, 10, Light.RED),
        # at the very start of a period nothing is far behind
        (OK, 0.0, [paced(0.0, pace=0.0)], 0.0, 100, Light.GREEN),
    ],
)
def test_task_light(
    status: ReportStatus | None,
    percent: float | None,
    targets: list[TargetLine],
    pace: float,
    days_left: int,
    light: Light,
) -> None:
    assert (
        task_light(status=status, percent=percent, targets=targets, pace=pace, days_left=days_left)
        is light
    )


@pytest.mark.parametrize(
    ("status", "percent", "targets", "days_left", "within", "past"),
    [
        # past its own time limit and not done: red, whatever the report says (``within``:
        # the light the same task gets inside its time limit)
        (None, None, [], 30, Light.NONE, Light.RED),
        (OK, 80.0, [paced(0.9)], 30, Light.GREEN, Light.RED),
        (B, None, [], 30, Light.YELLOW, Light.RED),
        (N, None, [], 30, Light.YELLOW, Light.RED),
        # done is done, however late
        (D, None, [], 30, Light.GREEN, Light.GREEN),
        (D, None, [], -5, Light.GREEN, Light.GREEN),
    ],
)
def test_a_task_past_its_own_time_limit_is_red_unless_done(
    status: ReportStatus | None,
    percent: float | None,
    targets: list[TargetLine],
    days_left: int,
    within: Light,
    past: Light,
) -> None:
    def light(past_due: bool) -> Light:
        return task_light(
            status=status, percent=percent, targets=targets, pace=0.5, days_left=days_left,
            past_due=past_due,
        )  # fmt: skip

    assert (light(False), light(True)) == (within, past)


@pytest.mark.parametrize(
    ("today", "pace"),
    [
        (date(2020, 12, 1), 0.0),  # before the period: clamped
        (date(2021, 1, 1), 0.0),
        (date(2021, 4, 11), 100 / 195),
        (date(2021, 7, 15), 1.0),
        (date(2021, 8, 1), 1.0),  # after the deadline: clamped
    ],
)
def test_period_pace(today: date, pace: float) -> None:
    assert period_pace(today=today, start=date(2021, 1, 1), due=date(2021, 7, 15)) == pytest.approx(
        pace
    )


def test_a_growth_target_is_never_paced_and_reads_as_the_notice_says() -> None:
    growth = target_line(
        SummaryTargetRow(7, 1, "地区生产总值", "%", 6.5, "about", "growth", 3.0), pace=0.5
    )
    assert (growth.pace, growth.behind, growth.label) == (None, False, "地区生产总值增长")
    level = target_line(
        SummaryTargetRow(8, 1, "新增发明专利", "件", 200, "at_least", "level", 80), pace=0.5
    )
    assert (level.share, level.pace, level.behind, level.label) == (0.4, 0.5, True, "新增发明专利")

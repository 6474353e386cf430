"""The summary's rules as pure functions: the expected pace (序时进度), a target against it,
and a task's traffic light. ``bot.summary.build``'s docstring states the definitions; the tests
check them table by table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.summary.model import Light, TargetLine
from db.enums import ReportStatus, TargetKind
from db.summary import SummaryTargetRow

__all__ = ["PERCENT_SLACK", "period_pace", "target_line", "task_light"]

PERCENT_SLACK = 0.10  # a percent up to 10 points below pace still counts as on pace


def period_pace(*, today: date, start: date, due: date) -> float:
    """The elapsed share of the period ``start`` → ``due`` on ``today``, within [0, 1]."""
    days = (due - start).days
    if days <= 0:
        return 1.0 if today >= due else 0.0
    return min(1.0, max(0.0, (today - start).days / days))


def task_light(
    *,
    status: ReportStatus | None,
    percent: float | None,
    targets: Sequence[TargetLine],
    pace: float,
    days_left: int,
    past_due: bool = False,
) -> Light:
    """A task's traffic light (see the module's docstring for the rules, in this order).

    ``past_due``: the task's own time limit (完成时限) is before today and its newest report
    for any deadline is not done; then it is red whatever else was reported."""
    if status is ReportStatus.DONE:
        return Light.GREEN
    if past_due:
        return Light.RED
    if status is None:
        return Light.RED if days_left < 0 else Light.NONE
    # far behind: the percent or a cumulative target's share below half the pace (written as
    # loops, not lists: this runs once per task of the summary)
    half = pace / 2
    far_behind = False
    if pace > 0:
        if percent is not None and percent / 100 < half:
            far_behind = True
        else:
            for target in targets:
                share = target.share
                if target.cumulative and share is not None and share < half:
                    far_behind = True
                    break
    if far_behind or (status is ReportStatus.NOT_STARTED and pace > 0.5):
        return Light.RED
    slow = percent is not None and percent / 100 < pace - PERCENT_SLACK
    if status is ReportStatus.BEHIND or status is ReportStatus.NOT_STARTED or slow:
        return Light.YELLOW
    for target in targets:
        if target.behind:
            return Light.YELLOW
    return Light.GREEN


def target_line(row: SummaryTargetRow, pace: float) -> TargetLine:
    """A target against its latest figure (``row.latest``) and the expected ``pace``."""
    latest = row.latest
    cumulative = row.kind == TargetKind.LEVEL.value
    share = latest / row.value if latest is not None and row.value else None
    return TargetLine(
        target_id=row.target_id,
        subject=row.subject,
        unit=row.unit,
        goal=row.value,
        comparator=row.comparator,
        cumulative=cumulative,
        latest=latest,
        share=share,
        pace=pace if cumulative else None,
        behind=cumulative and share is not None and share < pace,
        kind=row.kind,
    )

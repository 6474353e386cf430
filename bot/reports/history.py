"""What was reported: each task's latest report for a deadline, and every version of one.

Reports are never overwritten: a correction is a new row, so the latest per task and
department is the newest by time (then id), and the history is all of them in order. Plain
frozen views leave this module; the SQL lives in ``db.reports``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.plans.taskview import short_title
from db import reports as store
from db.enums import ReportStatus

__all__ = ["FigureView", "ReportView", "history", "latest_reports"]


@dataclass(frozen=True)
class FigureView:
    subject: str
    value: float
    unit: str


@dataclass(frozen=True)
class ReportView:
    report_id: int
    task_id: int
    code: str
    title: str
    department: str
    status: ReportStatus
    percent: float | None
    figures: tuple[FigureView, ...]
    note: str
    liaison: str | None
    created_at: datetime
    version: int  # 1 for the first report on the task for the deadline, then 2, 3 …
    late_for: str | None = None  # stored as 逾期报送 for this deadline (just confirmed, late)
    days_late: int | None = None  # days after that deadline (with ``late_for``)


def latest_reports(
    *,
    session: Session,
    department_ids: Sequence[int],
    deadline_id: int | None,
    deadline_due: date | None,
) -> list[ReportView]:
    """Each task's newest report by these departments for one deadline, in notice order."""
    versions = _versions(session, department_ids, deadline_id, deadline_due, None)
    return [versions[key][-1] for key in sorted(versions)]


def history(
    *,
    session: Session,
    department_ids: Sequence[int],
    task_id: int,
    deadline_id: int | None,
    deadline_due: date | None,
) -> list[ReportView]:
    """Every version of the departments' reports on one task for one deadline, oldest first."""
    versions = _versions(session, department_ids, deadline_id, deadline_due, task_id)
    return sorted(
        (view for views in versions.values() for view in views),
        key=lambda view: (view.created_at, view.report_id),
    )


def _versions(
    session: Session,
    department_ids: Sequence[int],
    deadline_id: int | None,
    deadline_due: date | None,
    task_id: int | None,
) -> dict[tuple[int, int, str], list[ReportView]]:
    """Versions per (task's place in the notice, task, department), oldest first."""
    rows = store.period_reports(
        session=session,
        department_ids=department_ids,
        deadline_id=deadline_id,
        deadline_due=deadline_due,
        task_id=task_id,
    )
    figures: dict[int, list[FigureView]] = defaultdict(list)
    report_ids = [report.id for report, *_ in rows if report.id is not None]
    for figure, target in store.figures_of(session=session, report_ids=report_ids):
        figures[figure.report_id].append(FigureView(target.subject, figure.value, target.unit))
    versions: dict[tuple[int, int, str], list[ReportView]] = defaultdict(list)
    for report, task, department, liaison in rows:
        assert report.id is not None
        key = (task.position, report.task_id, department)
        versions[key].append(
            ReportView(
                report_id=report.id,
                task_id=report.task_id,
                code=task.code,
                title=short_title(task.text),
                department=department,
                status=report.status,
                percent=report.percent,
                figures=tuple(figures[report.id]),
                note=report.note or "",
                liaison=liaison,
                created_at=report.created_at,
                version=len(versions[key]) + 1,
            )
        )
    return versions

"""Queries for the ledger (台账) workbook: every report version of a plan, and the liaisons of
every department. Read-only; every function takes the caller's ``session``.

The history is what the coordinator files away, so it lists every row, corrections included;
it is read in one joined query (reports with their task, department, liaison, deadline and
figures) and folded here, one ``HistoryRow`` per report, rather than one query per report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from db.enums import ReportStatus
from db.models import (
    Deadline,
    Department,
    Liaison,
    LiaisonDepartment,
    Report,
    ReportFigure,
    Target,
    Task,
)

__all__ = ["FigureValue", "HistoryRow", "LiaisonRow", "liaisons_by_department", "report_history"]


@dataclass(frozen=True)
class FigureValue:
    subject: str
    value: float
    unit: str


@dataclass(frozen=True)
class HistoryRow:
    """One stored report, as the history sheet lists it."""

    report_id: int
    task_code: str
    task_removed: bool  # a revised notice dropped the task since
    department: str
    liaison: str | None
    deadline: str | None  # the deadline's name (上半年); None: reported outside any deadline
    deadline_due: date | None  # the occurrence
    status: ReportStatus
    percent: float | None
    note: str | None
    raw_text: str
    created_at: datetime
    version: int  # 1 for the department's first report on the task for that occurrence
    supersedes_version: int | None  # the version this one corrects
    figures: tuple[FigureValue, ...]


@dataclass(frozen=True)
class LiaisonRow:
    department_id: int
    name: str
    username: str | None
    unreachable: bool  # blocked the bot


def report_history(*, session: Session, plan_id: int) -> list[HistoryRow]:
    """Every report on the plan's tasks, by the task's place in the notice, then oldest first."""
    query = (
        core_select(
            Report,
            col(Task.code),
            col(Task.position),
            col(Task.removed_at),
            col(Department.name),
            col(Liaison.full_name),
            col(Deadline.name),
            col(Target.subject),
            col(Target.unit),
            col(ReportFigure.value),
        )
        .join(Task, col(Task.id) == col(Report.task_id))
        .join(Department, col(Department.id) == col(Report.department_id))
        .join(Liaison, col(Liaison.id) == col(Report.liaison_id), isouter=True)
        .join(Deadline, col(Deadline.id) == col(Report.deadline_id), isouter=True)
        .join(ReportFigure, col(ReportFigure.report_id) == col(Report.id), isouter=True)
        .join(Target, col(Target.id) == col(ReportFigure.target_id), isouter=True)
        .where(col(Task.plan_id) == plan_id)
        .order_by(
            col(Task.position),
            col(Report.created_at),
            col(Report.id),
            col(Target.position),
            col(Target.id),
        )
    )
    # SQLModel's exec is typed for its own select only, which stops at four columns
    return _fold(session.exec(cast(Any, query)).all())


def _fold(rows: Iterable[Any]) -> list[HistoryRow]:
    """One ``HistoryRow`` per report from the joined rows (one per figure), numbering versions
    per department, task and occurrence in the order they were stored."""
    folded: list[HistoryRow] = []
    versions: dict[int, int] = {}  # report id -> its version
    counts: dict[tuple[int, int, int | None, date | None], int] = {}
    figures: list[FigureValue] = []
    current: tuple[Any, ...] | None = None
    for row in [*rows, None]:
        if current is not None and (row is None or row[0].id != current[0].id):
            folded.append(_history_row(current, tuple(figures), versions, counts))
            figures = []
        if row is None:
            break
        current = tuple(row)
        subject, unit, value = row[7], row[8], row[9]
        if value is not None and subject is not None:
            figures.append(FigureValue(subject=subject, value=value, unit=unit or ""))
    return folded


def _history_row(
    row: tuple[Any, ...],
    figures: tuple[FigureValue, ...],
    versions: dict[int, int],
    counts: dict[tuple[int, int, int | None, date | None], int],
) -> HistoryRow:
    report: Report = row[0]
    assert report.id is not None
    key = (report.task_id, report.department_id, report.deadline_id, report.deadline_due)
    counts[key] = counts.get(key, 0) + 1
    versions[report.id] = counts[key]
    return HistoryRow(
        report_id=report.id,
        task_code=row[1],
        task_removed=row[3] is not None,
        department=row[4],
        liaison=row[5],
        deadline=row[6],
        deadline_due=report.deadline_due,
        status=report.status,
        percent=report.percent,
        note=report.note,
        raw_text=report.raw_text,
        created_at=report.created_at,
        version=counts[key],
        # corrections always follow what they correct, so its version is known by now
        supersedes_version=versions.get(report.supersedes_id)
        if report.supersedes_id is not None
        else None,
        figures=figures,
    )


def liaisons_by_department(*, session: Session) -> dict[int, list[LiaisonRow]]:
    """Every department's liaisons, by name."""
    rows = session.exec(
        select(LiaisonDepartment.department_id, Liaison)
        .join(Liaison, col(Liaison.id) == col(LiaisonDepartment.liaison_id))
        .order_by(col(LiaisonDepartment.department_id), col(Liaison.full_name), col(Liaison.id))
    ).all()
    found: dict[int, list[LiaisonRow]] = {}
    for department_id, liaison in rows:
        found.setdefault(department_id, []).append(
            LiaisonRow(
                department_id=department_id,
                name=liaison.full_name,
                username=liaison.username,
                unreachable=liaison.unreachable_since is not None,
            )
        )
    return found

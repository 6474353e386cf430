"""Who reports on what, and for which round: the reporter (a liaison and their departments),
the round a report sent today counts for (``Period``, with the occurrence just passed whose
gaps a late report fills), a department's tasks as the reader sees them, and a task named in a
liaison's words. ``ReportError`` is every refusal of the reports package.

Nothing here writes; ``bot.reports.intake`` reads messages into submissions and stores them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session

from bot.errors import CodedError
from bot.plans.taskview import TaskLine, current_plan_id, due_dates, tasks_for_departments
from bot.reading import TargetRef, TaskRef, named_by_content, read_reply
from db import reports as store
from db import tasks as task_store

__all__ = [
    "Period",
    "ReportError",
    "Reporter",
    "current_period",
    "department_tasks",
    "reportable_tasks",
    "reporting_period",
    "task_named",
    "task_refs",
]


class ReportError(CodedError):
    """A report that cannot be taken; ``code`` keys the message catalog (``report.<code>``)."""


@dataclass(frozen=True)
class Period:
    """The deadline occurrence a report sent now counts for."""

    deadline_id: int
    name: str
    due: date
    days_left: int  # negative within the grace after the deadline (and when ``late``)
    # past the deadline and its grace: a report now is 逾期报送 for it (the plan has no later
    # deadline, so reports count for the one just passed)
    late: bool = False
    # when this is a later deadline: the one just passed beyond its grace. A report on a task
    # the department has not reported for that one fills its gap as 逾期报送 instead of
    # counting for this one (``_store``)
    passed: Period | None = None

    @property
    def days_late(self) -> int:
        """Days since the deadline (0 before it)."""
        return max(0, -self.days_left)


@dataclass(frozen=True)
class Reporter:
    """Who reports: the liaison and the departments they serve."""

    telegram_user_id: int
    liaison_id: int
    department_ids: tuple[int, ...]


def reporting_period(
    *, session: Session, plan_id: int, today: date, grace_days: int
) -> Period | None:
    """The deadline a report sent ``today`` counts for.

    Within ``grace_days`` after a deadline, that deadline (the latest such); otherwise the next
    one due on or after today, carrying as ``passed`` the occurrence just passed beyond its
    grace (if any), whose gaps a report fills late; when no deadline is left, the one just
    passed, ``late`` (a report now is 逾期报送 for it). ``None`` when the plan has none at all.
    """
    in_grace: Period | None = None
    upcoming: Period | None = None
    passed: Period | None = None
    for deadline in task_store.active_deadlines(session=session, plan_id=plan_id):
        assert deadline.id is not None
        before, after = due_dates(deadline, today)
        if before is not None:
            period = Period(deadline.id, deadline.name, before, (before - today).days)
            if (today - before).days <= grace_days:
                if in_grace is None or before > in_grace.due:
                    in_grace = period
            elif passed is None or before > passed.due:
                passed = replace(period, late=True)
        if after is not None and (upcoming is None or after < upcoming.due):
            upcoming = Period(deadline.id, deadline.name, after, (after - today).days)
    if in_grace is not None:
        return in_grace
    if upcoming is not None:
        # a deadline in grace is never "passed": only when none is, the latest one past
        return replace(upcoming, passed=passed)
    return passed


def current_period(*, session: Session, today: date, grace_days: int) -> Period | None:
    """``reporting_period`` in the current plan; ``None`` without a plan or a deadline."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        return None
    return reporting_period(session=session, plan_id=plan_id, today=today, grace_days=grace_days)


def task_refs(*, session: Session, lines: Sequence[TaskLine]) -> list[TaskRef]:
    """The reader's view of a department's tasks: codes, numbers and targets."""
    ids = [line.task_id for line in lines]
    numbers = store.task_numbers(session=session, task_ids=ids)
    texts = store.task_texts(session=session, task_ids=ids)
    targets: dict[int, list[TargetRef]] = defaultdict(list)
    for target in store.targets_of(session=session, task_ids=ids):
        assert target.id is not None
        targets[target.task_id].append(
            TargetRef(
                target_id=target.id,
                subject=target.subject,
                unit=target.unit,
                kind=target.kind,
                value=target.value,
            )
        )
    refs = []
    for line in lines:
        number, ordinal, numeral = numbers[line.task_id]
        refs.append(
            TaskRef(
                task_id=line.task_id,
                code=line.code,
                section_numeral=numeral,
                section_ordinal=ordinal,
                number=number,
                title=line.title,
                targets=tuple(targets[line.task_id]),
                text=texts.get(line.task_id, line.title),
            )
        )
    return refs


def reportable_tasks(
    *, session: Session, department_ids: Sequence[int], period: Period | None
) -> tuple[list[TaskLine], set[int]]:
    """The departments' tasks in notice order, and which of them are reported for ``period``."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise ReportError("no_plan")
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=department_ids)
    reported = store.reported_task_ids(
        session=session,
        department_ids=department_ids,
        deadline_id=period.deadline_id if period else None,
        deadline_due=period.due if period else None,
    )
    return lines, reported


def task_named(*, session: Session, department_ids: Sequence[int], words: str) -> int | None:
    """The department task ``words`` name (``/report 二.1``, or surely by content: ``/report
    社零``), read as a free-text report names one; None when they name none."""
    _, _, refs = department_tasks(session, department_ids)
    reading = read_reply(words, refs)
    if reading.tasks:
        return reading.tasks[0].task_id
    named = named_by_content(words, refs)
    return named.task_id if named is not None else None


def department_tasks(
    session: Session, department_ids: Sequence[int]
) -> tuple[int, list[TaskLine], list[TaskRef]]:
    """The current plan, the departments' tasks in it, and the reader's view of them."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise ReportError("no_plan")
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=department_ids)
    return plan_id, lines, task_refs(session=session, lines=lines)

"""Stored plans as plain data for the command line and the bot: a list, and one plan's overview.

Only plain frozen dataclasses leave this module, so callers may use them after the session
is closed. A removed task, target or deadline is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from db.models import Deadline, Plan, Section, Target, Task, TaskAssignment


@dataclass(frozen=True)
class PlanSummary:
    id: int
    title: str
    year: int | None
    issued_on: date | None
    tasks: int  # tasks the plan has now
    source_name: str
    imported_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PlanCounts:
    sections: int
    tasks: int
    removed_tasks: int
    departments: int  # distinct departments assigned to the plan's tasks
    groups: int
    targets: int


@dataclass(frozen=True)
class SectionInfo:
    numeral: str
    title: str
    tasks: int


@dataclass(frozen=True)
class DeadlineInfo:
    name: str
    due: date
    rule: str | None
    source: str  # "notice" or "manual"


@dataclass(frozen=True)
class PlanOverview:
    id: int
    title: str
    issuer: str | None
    issued_on: date | None
    year: int | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    source_name: str
    source_sha256: str
    imported_at: datetime
    updated_at: datetime
    counts: PlanCounts
    sections: list[SectionInfo]  # in notice order
    deadlines: list[DeadlineInfo]  # by due date


def list_plans(*, session: Session) -> list[PlanSummary]:
    """Every stored plan, oldest first."""
    active = (
        select(Task.plan_id, func.count().label("n"))
        .where(col(Task.removed_at).is_(None))
        .group_by(col(Task.plan_id))
        .subquery()
    )
    rows = session.exec(
        select(Plan, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.plan_id == Plan.id)
        .order_by(col(Plan.id))
    )
    return [
        PlanSummary(
            id=_id(plan),
            title=plan.title,
            year=plan.year,
            issued_on=plan.issued_on,
            tasks=int(count),
            source_name=plan.source_name,
            imported_at=plan.imported_at,
            updated_at=plan.updated_at,
        )
        for plan, count in rows
    ]


def plan_overview(*, session: Session, plan_id: int) -> PlanOverview | None:
    """One plan: its header, counts, sections and deadlines; ``None`` if there is no such plan."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        return None
    return PlanOverview(
        id=_id(plan),
        title=plan.title,
        issuer=plan.issuer,
        issued_on=plan.issued_on,
        year=plan.year,
        contact_name=plan.contact_name,
        contact_phone=plan.contact_phone,
        contact_email=plan.contact_email,
        source_name=plan.source_name,
        source_sha256=plan.source_sha256,
        imported_at=plan.imported_at,
        updated_at=plan.updated_at,
        counts=_counts(session, plan_id),
        sections=_sections(session, plan_id),
        deadlines=_deadlines(session, plan_id),
    )


def _counts(session: Session, plan_id: int) -> PlanCounts:
    tasks_now = select(Task.id).where(Task.plan_id == plan_id, col(Task.removed_at).is_(None))
    by_state = dict(
        session.exec(
            select(col(Task.removed_at).is_(None), func.count())
            .where(Task.plan_id == plan_id)
            .group_by(col(Task.removed_at).is_(None))
        ).all()
    )
    units = session.exec(
        select(
            func.count(func.distinct(TaskAssignment.department_id)),
            func.count(func.distinct(TaskAssignment.group_id)),
        ).where(col(TaskAssignment.task_id).in_(tasks_now))
    ).one()
    targets = session.exec(
        select(func.count())
        .select_from(Target)
        .where(col(Target.task_id).in_(tasks_now), col(Target.removed_at).is_(None))
    ).one()
    sections = session.exec(
        select(func.count()).select_from(Section).where(Section.plan_id == plan_id)
    ).one()
    return PlanCounts(
        sections=int(sections),
        tasks=int(by_state.get(True, 0)),
        removed_tasks=int(by_state.get(False, 0)),
        departments=int(units[0]),
        groups=int(units[1]),
        targets=int(targets),
    )


def _sections(session: Session, plan_id: int) -> list[SectionInfo]:
    rows = session.exec(
        select(Section, func.count(col(Task.id)))
        .outerjoin(
            Task, and_(col(Task.section_id) == col(Section.id), col(Task.removed_at).is_(None))
        )
        .where(Section.plan_id == plan_id)
        .group_by(col(Section.id))
        .order_by(col(Section.ordinal), col(Section.id))
    )
    return [SectionInfo(numeral=s.numeral, title=s.title, tasks=int(n)) for s, n in rows]


def _deadlines(session: Session, plan_id: int) -> list[DeadlineInfo]:
    rows = session.exec(
        select(Deadline)
        .where(Deadline.plan_id == plan_id, col(Deadline.removed_at).is_(None))
        .order_by(col(Deadline.due), col(Deadline.name))
    )
    return [DeadlineInfo(name=d.name, due=d.due, rule=d.rule, source=d.source.value) for d in rows]


def _id(plan: Plan) -> int:
    assert plan.id is not None
    return plan.id

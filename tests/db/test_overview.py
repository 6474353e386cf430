"""Reading stored plans back: the list and one plan's overview."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.importer.model import ParsedDeadline
from bot.plans.storing import (
    DeadlineInfo,
    PlanCounts,
    SectionInfo,
    list_plans,
    plan_overview,
)
from db.enums import DeadlineSource
from db.models import Deadline
from tests.db.factories import TITLE, make_plan, store, task
from tests.support.database import NOW


def test_list_plans_is_oldest_first_with_current_task_counts(engine: Engine) -> None:
    first = store(engine, make_plan())
    second = store(
        engine, make_plan(title="示范区2031年重点工作任务分解", tasks=[task("一.1", "任务")])
    )
    shrunk = make_plan(tasks=make_plan().tasks[:3])
    store(engine, shrunk, now=NOW + timedelta(days=1))  # one task of the first plan removed

    with Session(engine) as session:
        plans = list_plans(session=session)

    assert [(p.id, p.title, p.tasks, p.year) for p in plans] == [
        (first, TITLE, 3, 2030),
        (second, "示范区2031年重点工作任务分解", 1, 2031),
    ]
    assert plans[0].imported_at == NOW
    assert plans[0].updated_at == NOW + timedelta(days=1)


def test_list_plans_is_empty_on_a_fresh_database(session: Session) -> None:
    assert list_plans(session=session) == []


def test_plan_overview_counts_what_the_plan_has_now(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    revised = make_plan(
        tasks=[t for t in make_plan().tasks if t.code != "二.1"],
        deadlines=[ParsedDeadline("全年", date(2030, 12, 31))],
    )
    store(engine, revised, now=NOW + timedelta(days=1))
    with Session(engine) as session, session.begin():
        session.add(
            Deadline(
                plan_id=plan_id, name="三季度", due=date(2030, 10, 15), source=DeadlineSource.MANUAL
            )
        )

    with Session(engine) as session:
        overview = plan_overview(session=session, plan_id=plan_id)

    assert overview is not None
    assert (overview.title, overview.issuer, overview.contact_name) == (
        TITLE,
        "示范区人民政府办公室",
        "王同志",
    )
    # 二.1 removed: its lead 区住房城乡建委 and its target no longer count
    assert overview.counts == PlanCounts(
        sections=2, tasks=3, removed_tasks=1, departments=4, groups=1, targets=2
    )
    assert overview.sections == [
        SectionInfo(numeral="一", title="第一部分重点工作", tasks=2),
        SectionInfo(numeral="二", title="第二部分重点工作", tasks=1),
    ]
    assert overview.deadlines == [
        DeadlineInfo(name="三季度", due=date(2030, 10, 15), rule=None, source="manual"),
        DeadlineInfo(name="全年", due=date(2030, 12, 31), rule=None, source="notice"),
    ]


def test_plan_overview_of_a_missing_plan_is_none(session: Session) -> None:
    assert plan_overview(session=session, plan_id=42) is None

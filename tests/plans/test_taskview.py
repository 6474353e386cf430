"""What a department has to do: its task list, one task in full, the next deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.importer.model import ParsedDeadline
from bot.plans.taskview import (
    DeadlineView,
    TargetView,
    TaskLine,
    Workload,
    current_plan_id,
    next_deadline,
    short_title,
    task_concerns,
    task_detail,
    tasks_for_departments,
    workload,
)
from db import queries
from db.departments import add_group_members
from db.enums import Comparator, DeadlineSource, Role, TargetKind
from db.models import Deadline, Task
from tests.db.factories import GROUP, make_plan, store, target, task, with_task
from tests.support.database import NOW


def _ids(session: Session, *names: str) -> list[int]:
    found = queries.departments_by_name(session=session, names=names)
    ids = [found[name].id for name in names]
    assert None not in ids
    return [department_id for department_id in ids if department_id is not None]


def _task_id(session: Session, code: str) -> int:
    task_id = session.exec(select(Task.id).where(Task.code == code)).one()
    assert task_id is not None
    return task_id


def _members(engine: Engine, group: str, *departments: str) -> None:
    with Session(engine) as session, session.begin():
        add_group_members(session=session, members={group: list(departments)}, now=NOW)


def _lines(session: Session, plan_id: int, *names: str) -> list[tuple[str, Role]]:
    ids = _ids(session, *names)
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=ids)
    return [(line.code, line.role) for line in lines]


# --- the current plan --------------------------------------------------------------------


def test_no_plan_before_the_first_import(session: Session) -> None:
    assert current_plan_id(session=session) is None


def test_the_current_plan_is_the_one_imported_or_revised_last(engine: Engine) -> None:
    first = store(engine, make_plan())
    second = store(engine, make_plan(title="示范区2031年重点工作任务分解"), now=NOW)
    with Session(engine) as session:
        assert current_plan_id(session=session) == second  # same time: the newer row

    store(engine, with_task(make_plan(), "一.1", text="改写后的任务。"), now=NOW + timedelta(1))
    with Session(engine) as session:
        assert current_plan_id(session=session) == first


# --- a department's list -----------------------------------------------------------------


def test_lead_and_support_are_marked_per_department(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session:
        assert _lines(session, plan_id, "区科技局") == [("一.1", Role.LEAD)]
        assert _lines(session, plan_id, "区财政局") == [
            ("一.1", Role.SUPPORT),
            ("二.1", Role.SUPPORT),
        ]
        assert _lines(session, plan_id, "区城市管理局") == [("二.2", Role.SUPPORT)]


def test_a_liaison_of_two_departments_sees_each_task_once_and_lead_wins(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session:
        finance, science = _ids(session, "区财政局", "区科技局")
        lines = tasks_for_departments(
            session=session, plan_id=plan_id, department_ids=[finance, science]
        )
    first = lines[0]
    assert [line.code for line in lines] == ["一.1", "二.1"]
    assert first.role is Role.LEAD  # 区科技局 leads what 区财政局 supports
    assert first.department_ids == (finance, science)  # in the order asked
    assert lines[1] == TaskLine(
        task_id=lines[1].task_id,
        code="二.1",
        section_numeral="二",
        title="完成老旧小区改造，惠及居民1.5万户以上",
        role=Role.SUPPORT,
        department_ids=(finance,),
    )


def test_a_group_brings_its_tasks_to_every_member(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    _members(engine, GROUP, "河湾街道办事处", "区城市管理局")
    with Session(engine) as session:
        # 二.1 and 二.2 are led by 各街道办事处
        assert _lines(session, plan_id, "河湾街道办事处") == [
            ("二.1", Role.LEAD),
            ("二.2", Role.LEAD),
        ]
        # supports 二.2 by name, leads it as a member of the group: it leads
        assert _lines(session, plan_id, "区城市管理局") == [
            ("二.1", Role.LEAD),
            ("二.2", Role.LEAD),
        ]


def test_removed_tasks_are_not_listed(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    store(engine, make_plan(tasks=make_plan().tasks[1:]), now=NOW + timedelta(days=1))
    with Session(engine) as session:
        assert _lines(session, plan_id, "区科技局") == []
        assert _lines(session, plan_id, "区财政局") == [("二.1", Role.SUPPORT)]


def test_tasks_follow_the_notice_order_of_the_latest_revision(engine: Engine) -> None:
    tasks = [
        task("一.1", "建设城市绿道二十公里。", lead=["区园林局"]),
        task("一.2", "改造公园照明设施。", lead=["区园林局"]),
        task("一.3", "新建街头游园五处。", lead=["区园林局"]),
    ]
    plan_id = store(engine, make_plan(tasks=tasks))
    store(engine, make_plan(tasks=[tasks[2], tasks[0], tasks[1]]), now=NOW + timedelta(days=1))
    with Session(engine) as session:
        assert [code for code, _ in _lines(session, plan_id, "区园林局")] == [
            "一.3",
            "一.1",
            "一.2",
        ]


def test_a_tasks_time_limit_is_in_its_line_and_its_detail(engine: Engine) -> None:
    tasks = [
        replace(
            task("一.1", "建设城市绿道二十公里。", lead=["区园林局"]),
            due=date(2021, 6, 30),
            due_text="6月底前",
        ),
        replace(task("一.2", "养护公园绿地。", lead=["区园林局"]), due_text="长期坚持"),
        task("一.3", "新建街头游园五处。", lead=["区园林局"]),
    ]
    plan_id = store(engine, make_plan(tasks=tasks))
    with Session(engine) as session:
        ids = _ids(session, "区园林局")
        lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=ids)
        assert [(line.code, line.due, line.due_text) for line in lines] == [
            ("一.1", date(2021, 6, 30), "6月底前"),
            ("一.2", None, "长期坚持"),
            ("一.3", None, None),
        ]
        detail = task_detail(session=session, task_id=_task_id(session, "一.1"))
        assert detail is not None
        assert (detail.due, detail.due_text) == (date(2021, 6, 30), "6月底前")


def test_no_departments_or_an_unconcerned_one_gives_an_empty_list(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    other = store(engine, make_plan(title="另一份任务分解", tasks=[task("一.1", "别的事。")]))
    with Session(engine) as session:
        assert tasks_for_departments(session=session, plan_id=plan_id, department_ids=[]) == []
        assert _lines(session, plan_id, "区商务委") == [("一.2", Role.LEAD)]
        # 区商务委 has nothing in the other plan
        assert _lines(session, other, "区商务委") == []


def test_workload_counts_leads_and_supports() -> None:
    lines = [
        TaskLine(1, "一.1", "一", "甲", Role.LEAD, (1,)),
        TaskLine(2, "一.2", "一", "乙", Role.SUPPORT, (1,)),
        TaskLine(3, "二.1", "二", "丙", Role.LEAD, (1,)),
    ]
    assert workload(lines, open_count=2) == Workload(lead=2, support=1, open=2)
    assert workload([], open_count=0) == Workload(lead=0, support=0, open=0)


# --- short titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进河道整治。完成验收三处。", "推进河道整治"),
        ("修缮古桥两座；开放夜间游览", "修缮古桥两座"),
        ("建设社区食堂; 覆盖全部街道", "建设社区食堂"),
        ("开展  全民\n健身\t活动", "开展 全民 健身 活动"),
        ("。补齐公共服务短板", "补齐公共服务短板"),
        ("短句", "短句"),
        ("", ""),
    ],
)
def test_short_title_is_the_first_clause_on_one_line(text: str, expected: str) -> None:
    assert short_title(text) == expected


def test_short_title_cuts_a_long_clause_at_the_limit() -> None:
    text = "加快推进城市更新和老旧厂区改造，打造文化创意产业集聚区，年内建成开放三个街区"
    assert short_title(text) == text[:27] + "…"
    assert len(short_title(text)) == 28
    assert short_title(text, limit=10) == text[:9] + "…"
    exactly = "一" * 28
    assert short_title(exactly) == exactly
    with pytest.raises(ValueError):
        short_title(text, limit=0)


# --- one task in full --------------------------------------------------------------------


def test_task_detail_has_units_in_notice_order_and_active_targets(engine: Engine) -> None:
    growth = target(
        "服务业增加值",
        7,
        "%",
        comparator=Comparator.ABOUT,
        kind=TargetKind.GROWTH,
        text="增长7%左右",
    )
    tasks = [
        task(
            "一.1",
            "做强现代服务业，服务业增加值增长7%左右，新增规上服务业企业40家。",
            lead=["区发展改革委", GROUP],
            support=["区商务委", "区统计局"],
            targets=[growth, target("规上服务业企业", 40, "家")],
            category="服务业",
        )
    ]
    plan_id = store(engine, make_plan(tasks=tasks))
    # the revision drops the second target: it is kept in the database but no longer shown
    revised = with_task(make_plan(tasks=tasks), "一.1", targets=[growth])
    store(engine, revised, now=NOW + timedelta(days=1))
    with Session(engine) as session:
        detail = task_detail(session=session, task_id=_task_id(session, "一.1"))

    assert detail is not None
    assert (detail.plan_id, detail.code, detail.section_numeral) == (plan_id, "一.1", "一")
    assert (detail.section_title, detail.category) == ("第一部分重点工作", "服务业")
    assert detail.text == tasks[0].text
    assert detail.leads == ["区发展改革委", GROUP]  # a group shows as its own name
    assert detail.supports == ["区商务委", "区统计局"]
    assert detail.targets == [
        TargetView(
            subject="服务业增加值",
            comparator=Comparator.ABOUT,
            value=7.0,
            unit="%",
            text="增长7%左右",
            kind=TargetKind.GROWTH,
        )
    ]


def test_a_missing_or_removed_task_has_no_detail_and_concerns_nobody(engine: Engine) -> None:
    store(engine, make_plan())
    store(engine, make_plan(tasks=make_plan().tasks[1:]), now=NOW + timedelta(days=1))
    with Session(engine) as session:
        removed = _task_id(session, "一.1")  # was led by 区科技局
        assert task_detail(session=session, task_id=removed) is None
        # a button to an old task must not open it
        assert not task_concerns(
            session=session, task_id=removed, department_ids=_ids(session, "区科技局")
        )
        assert task_detail(session=session, task_id=9999) is None
        assert task_detail(session=session, task_id=_task_id(session, "一.2")) is not None


def test_task_concerns_its_units_directly_and_through_a_group(engine: Engine) -> None:
    store(engine, make_plan())
    _members(engine, GROUP, "河湾街道办事处")
    with Session(engine) as session:
        task_id = _task_id(session, "二.2")  # lead 各街道办事处, support 区城市管理局
        street, city, science = _ids(session, "河湾街道办事处", "区城市管理局", "区科技局")
        assert task_concerns(session=session, task_id=task_id, department_ids=[street])
        assert task_concerns(session=session, task_id=task_id, department_ids=[science, city])
        assert not task_concerns(session=session, task_id=task_id, department_ids=[science])
        assert not task_concerns(session=session, task_id=task_id, department_ids=[])
        assert not task_concerns(session=session, task_id=9999, department_ids=[city])


# --- the next deadline -------------------------------------------------------------------


def _plan_with_deadlines(engine: Engine, *deadlines: ParsedDeadline) -> int:
    return store(engine, make_plan(deadlines=list(deadlines)))


def test_next_deadline_skips_past_ones_and_counts_days(engine: Engine) -> None:
    plan_id = _plan_with_deadlines(
        engine,
        ParsedDeadline("上半年", date(2030, 7, 15)),
        ParsedDeadline("全年", date(2030, 12, 31)),
    )
    with Session(engine) as session:
        first = next_deadline(session=session, plan_id=plan_id, today=date(2030, 7, 1))
        on_the_day = next_deadline(session=session, plan_id=plan_id, today=date(2030, 7, 15))
        after = next_deadline(session=session, plan_id=plan_id, today=date(2030, 7, 16))
        none_left = next_deadline(session=session, plan_id=plan_id, today=date(2031, 1, 1))
    assert first is not None and (first.name, first.due, first.days_left) == (
        "上半年",
        date(2030, 7, 15),
        14,
    )
    assert on_the_day is not None and (on_the_day.name, on_the_day.days_left) == ("上半年", 0)
    assert after is not None and (after.name, after.days_left) == ("全年", 168)
    assert none_left is None


def test_a_monthly_deadline_contributes_its_next_occurrence(engine: Engine) -> None:
    plan_id = _plan_with_deadlines(
        engine,
        ParsedDeadline("每月", date(2030, 4, 25), "FREQ=MONTHLY;BYMONTHDAY=25"),
        ParsedDeadline("全年", date(2030, 12, 31)),
    )
    with Session(engine) as session:
        monthly = next_deadline(session=session, plan_id=plan_id, today=date(2030, 6, 26))
        before_start = next_deadline(session=session, plan_id=plan_id, today=date(2030, 3, 1))
        deadline_id = session.exec(select(Deadline.id).where(Deadline.name == "每月")).one()
    assert monthly == DeadlineView(
        deadline_id=deadline_id or 0, name="每月", due=date(2030, 7, 25), days_left=29
    )
    # the rule starts on its first due date, not earlier
    assert before_start is not None and before_start.due == date(2030, 4, 25)


def test_a_finished_rule_and_removed_deadlines_leave_nothing(engine: Engine) -> None:
    plan_id = _plan_with_deadlines(
        engine,
        ParsedDeadline("季度", date(2030, 3, 31), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=2"),
        ParsedDeadline("上半年", date(2030, 7, 15)),
    )
    # a revision drops 上半年: it is kept but marked removed
    store(
        engine,
        make_plan(
            deadlines=[
                ParsedDeadline(
                    "季度", date(2030, 3, 31), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=2"
                )
            ]
        ),
        now=NOW + timedelta(days=1),
    )
    with Session(engine) as session:
        june = next_deadline(session=session, plan_id=plan_id, today=date(2030, 4, 1))
        july = next_deadline(session=session, plan_id=plan_id, today=date(2030, 7, 1))
    assert june is not None and (june.name, june.due) == ("季度", date(2030, 6, 30))
    assert july is None  # the rule ran out after two quarters and 上半年 was removed


def test_next_deadline_only_looks_at_its_plan_and_prefers_a_manual_one_due_sooner(
    engine: Engine,
) -> None:
    plan_id = _plan_with_deadlines(engine, ParsedDeadline("全年", date(2030, 12, 31)))
    other = store(
        engine,
        make_plan(title="另一份任务分解", deadlines=[ParsedDeadline("上半年", date(2030, 6, 1))]),
    )
    with Session(engine) as session, session.begin():
        session.add(
            Deadline(
                plan_id=plan_id, name="三季度", due=date(2030, 10, 9), source=DeadlineSource.MANUAL
            )
        )
    with Session(engine) as session:
        found = next_deadline(session=session, plan_id=plan_id, today=date(2030, 5, 1))
        assert next_deadline(session=session, plan_id=other, today=date(2030, 5, 1)) is not None
    assert found is not None and (found.name, found.due) == ("三季度", date(2030, 10, 9))


def test_an_unreadable_rule_falls_back_to_the_stored_due_date(engine: Engine) -> None:
    plan_id = _plan_with_deadlines(engine, ParsedDeadline("全年", date(2030, 12, 31)))
    with Session(engine) as session, session.begin():
        session.add(
            Deadline(
                plan_id=plan_id,
                name="月报",
                due=date(2030, 8, 5),
                rule="每月五日",  # typed by hand, not RFC 5545
                source=DeadlineSource.MANUAL,
            )
        )
    with Session(engine) as session:
        found = next_deadline(session=session, plan_id=plan_id, today=date(2030, 8, 1))
        later = next_deadline(session=session, plan_id=plan_id, today=date(2030, 8, 6))
    assert found is not None and (found.name, found.due, found.days_left) == (
        "月报",
        date(2030, 8, 5),
        4,
    )
    assert later is not None and later.name == "全年"

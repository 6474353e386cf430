"""Storing a notice as a plan: a new plan, the same notice again, a revised notice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.importer.model import NoticeError, ParsedDeadline, ParsedPlan
from bot.plans.storing import PlanNotFound, SaveResult, save_plan, title_key
from db.enums import Comparator, DeadlineSource, ReportStatus, Role
from db.models import (
    Deadline,
    Department,
    DepartmentAlias,
    DepartmentGroup,
    Plan,
    Report,
    ReportFigure,
    Target,
    Task,
    TaskAssignment,
)
from tests.db.factories import GROUP, TITLE, make_plan, target, task, with_task
from tests.support.database import NOW, StatementLog, row_counts

SHA = "a" * 64
LATER = NOW + timedelta(days=30)


def _save(
    engine: Engine,
    plan: ParsedPlan,
    *,
    now: datetime = NOW,
    sha: str = SHA,
    plan_id: int | None = None,
) -> SaveResult:
    """Save in one transaction, as the command line does."""
    with Session(engine) as session, session.begin():
        return save_plan(session=session, plan=plan, now=now, source_sha256=sha, plan_id=plan_id)


def _task(session: Session, code: str) -> Task:
    return session.exec(select(Task).where(Task.code == code)).one()


def _units(session: Session, code: str) -> list[tuple[str, str]]:
    """(role, name) for a task's assignments, leads first, in order."""
    rows = session.exec(
        select(TaskAssignment).where(TaskAssignment.task_id == _task(session, code).id)
    ).all()
    named = []
    for a in sorted(rows, key=lambda a: (a.role != Role.LEAD, a.position)):
        if a.department_id is not None:
            named.append((a.role.value, session.get(Department, a.department_id).name))  # type: ignore[union-attr]
        else:
            named.append((a.role.value, "group:" + session.get(DepartmentGroup, a.group_id).name))  # type: ignore[union-attr]
    return named


# --- a new plan --------------------------------------------------------------------------


def test_a_new_plan_is_stored_with_everything_in_it(engine: Engine) -> None:
    result = _save(engine, make_plan())
    assert result.created and not result.is_noop
    assert result.added == ["一.1", "一.2", "二.1", "二.2"]
    assert (result.removed, result.changed, result.unchanged) == ([], [], 0)
    assert result.new_departments == [
        "区科技局",
        "区财政局",
        "区商务委",
        "区住房城乡建委",
        "区城市管理局",
    ]
    assert result.new_groups == [GROUP]
    assert result.deadlines_added == ["上半年", "全年"]

    with Session(engine) as session:
        plan = session.get(Plan, result.plan_id)
        assert plan is not None
        assert (plan.title, plan.year, plan.issued_on) == (TITLE, 2030, date(2030, 3, 20))
        assert (plan.contact_name, plan.contact_phone) == ("王同志", "023-00000000")
        assert (plan.source_name, plan.source_sha256) == ("示范区重点任务.txt", SHA)
        assert plan.imported_at == plan.updated_at == NOW
        codes = session.exec(select(Task.code).order_by(col(Task.position))).all()
        assert codes == ["一.1", "一.2", "二.1", "二.2"]
        assert _task(session, "一.2").category == "现代服务业"
        assert _units(session, "二.1") == [
            ("lead", "区住房城乡建委"),
            ("lead", f"group:{GROUP}"),
            ("support", "区财政局"),
        ]
        growth = session.exec(
            select(Target).where(Target.task_id == _task(session, "一.2").id)
        ).one()
        assert (growth.subject, growth.comparator, growth.value, growth.unit) == (
            "社会消费品零售总额",
            Comparator.ABOUT,
            8.0,
            "%",
        )
        deadlines = session.exec(select(Deadline).order_by(col(Deadline.due))).all()
        assert [(d.name, d.due, d.source) for d in deadlines] == [
            ("上半年", date(2030, 7, 15), DeadlineSource.NOTICE),
            ("全年", date(2030, 12, 31), DeadlineSource.NOTICE),
        ]


def test_a_group_is_assigned_as_a_group_not_a_department(engine: Engine) -> None:
    _save(engine, make_plan())
    with Session(engine) as session:
        assert session.exec(select(Department).where(Department.name == GROUP)).first() is None
        group = session.exec(select(DepartmentGroup)).one()
        only_group = _task(session, "二.2")
        lead = session.exec(
            select(TaskAssignment).where(
                TaskAssignment.task_id == only_group.id, TaskAssignment.role == Role.LEAD
            )
        ).one()
        assert (lead.department_id, lead.group_id) == (None, group.id)


def test_a_unit_named_as_lead_and_support_is_assigned_once_as_lead(engine: Engine) -> None:
    plan = make_plan(
        tasks=[task("一.1", "任务", lead=["区科技局"], support=["区科技局", "区财政局"])]
    )
    _save(engine, plan)
    with Session(engine) as session:
        assert _units(session, "一.1") == [("lead", "区科技局"), ("support", "区财政局")]


def test_aliases_are_recorded_once_and_resolve_in_later_plans(engine: Engine) -> None:
    first = _save(engine, make_plan(aliases={"科技局": "区科技局", "区财政局": "区财政局"}))
    assert first.new_aliases == ["科技局"]  # an alias equal to its name is not one
    again = _save(engine, make_plan(aliases={"科技局": "区科技局"}))
    assert again.is_noop

    other = make_plan(title="另一份通知", tasks=[task("一.1", "另一项任务", lead=["科技局"])])
    result = _save(engine, other)
    assert result.created and result.new_departments == []
    with Session(engine) as session:
        alias = session.exec(select(DepartmentAlias)).one()
        assert session.get(Department, alias.department_id).name == "区科技局"  # type: ignore[union-attr]
        tasks = session.exec(select(Task).where(Task.plan_id == result.plan_id)).one()
        lead = session.exec(select(TaskAssignment).where(TaskAssignment.task_id == tasks.id)).one()
        assert lead.department_id == alias.department_id


def test_departments_are_shared_between_plans(engine: Engine) -> None:
    _save(engine, make_plan())
    second = _save(engine, make_plan(title="示范区2031年重点工作任务分解"))
    assert second.created
    assert (second.new_departments, second.new_groups) == ([], [])
    with Session(engine) as session:
        assert len(session.exec(select(Plan)).all()) == 2
        assert len(session.exec(select(Department)).all()) == 5


# --- the same notice again ---------------------------------------------------------------


def test_importing_the_same_notice_again_writes_nothing(
    engine: Engine, statement_log: StatementLog
) -> None:
    plan = make_plan(aliases={"科技局": "区科技局"})
    first = _save(engine, plan)
    with Session(engine) as session:
        before = row_counts(session)
    statement_log.statements.clear()

    again = _save(engine, plan, now=LATER)

    assert again.is_noop and not again.created
    assert again.plan_id == first.plan_id
    assert (again.added, again.removed, again.changed, again.unchanged) == ([], [], [], 4)
    assert statement_log.writes() == []
    with Session(engine) as session:
        assert row_counts(session) == before
        assert session.get(Plan, first.plan_id).updated_at == NOW  # type: ignore[union-attr]


def test_a_revised_title_finds_the_same_plan() -> None:
    revised = "关于印发《示范区2030年重点工作任务分解（修订稿）》的通知"
    assert title_key(revised) == title_key(TITLE)
    assert title_key(" 关于印发 «示范区2030年重点工作任务分解» 的通知") == title_key(TITLE)
    assert title_key("示范区2031年重点工作任务分解") != title_key(TITLE)


def test_an_untitled_notice_is_known_by_its_file_name(engine: Engine) -> None:
    first = _save(engine, make_plan(title=None))
    again = _save(engine, make_plan(title=None))
    assert again.plan_id == first.plan_id and again.is_noop
    with Session(engine) as session:
        assert session.get(Plan, first.plan_id).title == "示范区重点任务"  # type: ignore[union-attr]


# --- a revised notice --------------------------------------------------------------------


def test_a_revised_notice_reports_what_was_added_removed_and_changed(engine: Engine) -> None:
    first = _save(engine, make_plan())
    base = make_plan()
    tasks = [t for t in base.tasks if t.code != "一.2"]  # 一.2 dropped
    tasks[0] = replace(tasks[0], text="推动科技创新平台建设，新增高新技术企业40家以上。")
    tasks[2] = replace(tasks[2], support=["区城市管理局", "区财政局"])  # 二.2: units changed
    tasks.append(task("二.3", "新增公共停车位500个。", lead=["区交通局"]))
    revised = make_plan(title="关于印发《示范区2030年重点工作任务分解（修订）》的通知", tasks=tasks)

    result = _save(engine, revised, now=LATER, sha="b" * 64)

    assert result.plan_id == first.plan_id and not result.created
    assert result.added == ["二.3"]
    assert result.removed == ["一.2"]
    assert result.changed == ["一.1", "二.2"]
    assert result.unchanged == 1  # 二.1
    assert result.new_departments == ["区交通局"]
    assert set(result.plan_fields) == {"title", "source_sha256"}
    with Session(engine) as session:
        plan = session.get(Plan, first.plan_id)
        assert plan is not None and plan.updated_at == LATER and plan.imported_at == NOW
        assert _task(session, "一.2").removed_at == LATER
        assert _task(session, "一.1").text.endswith("40家以上。")
        assert _units(session, "二.2") == [
            ("lead", f"group:{GROUP}"),
            ("support", "区城市管理局"),
            ("support", "区财政局"),
        ]
        active = session.exec(
            select(Task.code).where(col(Task.removed_at).is_(None)).order_by(col(Task.position))
        ).all()
        assert active == ["一.1", "二.1", "二.2", "二.3"]


def test_a_changed_target_value_keeps_its_row_and_figures(engine: Engine) -> None:
    plan = make_plan()
    _save(engine, plan)
    with Session(engine) as session:
        before = session.exec(select(Target).where(Target.subject == "高新技术企业")).one()
    revised = with_task(plan, "一.1", targets=[target("高新技术企业", 40, "家")])

    result = _save(engine, revised, now=LATER)

    assert result.changed == ["一.1"]
    with Session(engine) as session:
        after = session.exec(select(Target).where(Target.subject == "高新技术企业")).one()
        assert (after.id, after.value, after.removed_at) == (before.id, 40.0, None)


def test_a_changed_unit_or_subject_replaces_the_target(engine: Engine) -> None:
    plan = make_plan()
    _save(engine, plan)
    revised = with_task(plan, "二.1", targets=[target("惠及居民", 1.5, "万户")])

    result = _save(engine, revised, now=LATER)

    assert result.changed == ["二.1"]
    with Session(engine) as session:
        rows = session.exec(select(Target).where(Target.subject == "惠及居民")).all()
        assert {(r.unit, r.value, r.removed_at) for r in rows} == {
            ("户", 15000.0, LATER),
            ("万户", 1.5, None),
        }


def test_changed_category_is_a_change(engine: Engine) -> None:
    plan = make_plan()
    _save(engine, plan)
    result = _save(engine, with_task(plan, "一.2", category="商贸流通"), now=LATER)
    assert (result.changed, result.unchanged) == (["一.2"], 3)


def test_a_time_limit_is_stored_and_a_revised_one_is_a_change(engine: Engine) -> None:
    plan = with_task(make_plan(), "一.2", due=date(2021, 6, 30), due_text="6月底前")
    _save(engine, plan)
    with Session(engine) as session:
        stored = _task(session, "一.2")
        assert (stored.due, stored.due_text) == (date(2021, 6, 30), "6月底前")
        assert (_task(session, "一.1").due, _task(session, "一.1").due_text) == (None, None)
    assert _save(engine, plan, now=LATER).is_noop
    revised = with_task(plan, "一.2", due=date(2021, 9, 30), due_text="三季度末")
    result = _save(engine, revised, now=LATER)
    assert (result.changed, result.unchanged) == (["一.2"], 3)
    opened = _save(engine, with_task(plan, "一.2", due=None, due_text="长期坚持"), now=LATER)
    assert opened.changed == ["一.2"]
    with Session(engine) as session:
        assert (_task(session, "一.2").due, _task(session, "一.2").due_text) == (None, "长期坚持")


def test_reports_survive_their_task_being_removed_and_coming_back(engine: Engine) -> None:
    plan = make_plan()
    _save(engine, plan)
    with Session(engine) as session, session.begin():
        dropped = _task(session, "一.1")
        goal = session.exec(select(Target).where(Target.task_id == dropped.id)).one()
        report = Report(
            task_id=dropped.id,  # type: ignore[arg-type]
            department_id=1,
            status=ReportStatus.ON_TRACK,
            raw_text="1. 已新增高新技术企业18家",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(report)
        session.flush()
        session.add(ReportFigure(report_id=report.id, target_id=goal.id, value=18, raw="18家"))  # type: ignore[arg-type]
        task_id, report_id = dropped.id, report.id

    without = make_plan(tasks=[t for t in plan.tasks if t.code != "一.1"])
    removed = _save(engine, without, now=LATER)
    assert removed.removed == ["一.1"]
    with Session(engine) as session:
        kept = session.get(Report, report_id)
        assert kept is not None and kept.task_id == task_id
        assert len(session.exec(select(ReportFigure)).all()) == 1
        assert session.get(Task, task_id).removed_at == LATER  # type: ignore[union-attr]

    back = _save(engine, plan, now=LATER + timedelta(days=1))
    assert back.added == ["一.1"] and back.removed == []
    with Session(engine) as session:
        assert session.get(Task, task_id).removed_at is None  # type: ignore[union-attr]
        figure = session.exec(select(ReportFigure)).one()
        assert session.get(Target, figure.target_id).removed_at is None  # type: ignore[union-attr]


def test_deadlines_follow_the_notice_but_manual_ones_are_kept(engine: Engine) -> None:
    first = _save(engine, make_plan())
    with Session(engine) as session, session.begin():
        session.add(
            Deadline(
                plan_id=first.plan_id,
                name="三季度",
                due=date(2030, 10, 15),
                source=DeadlineSource.MANUAL,
            )
        )
    revised = make_plan(
        deadlines=[
            ParsedDeadline("上半年", date(2030, 7, 10)),
            ParsedDeadline("三季度", date(2030, 10, 1)),
        ]
    )

    result = _save(engine, revised, now=LATER)

    assert result.deadlines_changed == ["上半年"]
    assert result.deadlines_removed == ["全年"]
    assert result.deadlines_added == []
    with Session(engine) as session:
        stored = {d.name: d for d in session.exec(select(Deadline))}
        assert stored["上半年"].due == date(2030, 7, 10)
        assert stored["全年"].removed_at == LATER
        assert (stored["三季度"].due, stored["三季度"].source) == (
            date(2030, 10, 15),
            DeadlineSource.MANUAL,
        )
    assert _save(engine, make_plan(), now=LATER).deadlines_added == ["全年"]


def test_plan_id_updates_that_plan_whatever_its_title(engine: Engine) -> None:
    first = _save(engine, make_plan())
    result = _save(engine, make_plan(title="关于调整重点任务的通知"), plan_id=first.plan_id)
    assert result.plan_id == first.plan_id and result.plan_fields == ["title", "title_key"]
    with pytest.raises(PlanNotFound) as caught:
        _save(engine, make_plan(), plan_id=999)
    assert caught.value.params == {"plan_id": 999}


# --- failures ----------------------------------------------------------------------------


def test_a_failure_half_way_leaves_nothing_behind(engine: Engine) -> None:
    broken = make_plan()
    broken.sections = [s for s in broken.sections if s.numeral != "二"]
    with pytest.raises(NoticeError) as caught:
        _save(engine, broken)
    assert caught.value.code == "plan_task_without_section"
    assert caught.value.params == {"task": "二.1", "section": "二"}
    with Session(engine) as session:
        assert all(n == 0 for name, n in row_counts(session).items() if name != "alembic_version")


def test_a_failure_in_the_last_step_rolls_back_the_whole_update(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan()
    _save(engine, plan)
    with Session(engine) as session:
        before = row_counts(session)

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("bot.plans.storing._save_deadlines", fail)
    revised = make_plan(tasks=[*plan.tasks, task("二.3", "新任务", lead=["区交通局"])])
    with pytest.raises(RuntimeError):
        _save(engine, revised, now=LATER)
    with Session(engine) as session:
        assert row_counts(session) == before
        assert session.exec(select(Plan)).one().updated_at == NOW


def test_a_repeated_task_code_is_refused(engine: Engine) -> None:
    plan = make_plan()
    plan.tasks.append(plan.tasks[0])
    with pytest.raises(NoticeError) as caught:
        _save(engine, plan)
    assert caught.value.code == "plan_duplicate_key"
    assert caught.value.params == {"kind": "task", "key": "一.1"}


def test_now_must_be_timezone_aware(session: Session) -> None:
    with pytest.raises(ValueError, match="timezone"):
        save_plan(
            session=session, plan=make_plan(), now=NOW.replace(tzinfo=None), source_sha256=SHA
        )

"""Departments as the coordinator sees them: task and open counts, liaisons, forgiving names."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

import bot
from bot.importer.model import ParsedPlan
from bot.people.directory import (
    DepartmentRef,
    DepartmentRow,
    department_names,
    department_rows,
    department_workload,
    match_department,
    open_task_count,
)
from bot.plans.importing import import_notice
from bot.plans.taskview import Workload
from db import queries
from db.departments import add_group_members
from db.enums import ReportStatus
from db.models import Department, DepartmentAlias, Liaison, LiaisonDepartment, Report, Task
from tests.db.factories import GROUP, make_plan, store
from tests.support.database import NOW, StatementLog

SAMPLE = Path(bot.__file__).parent / "data" / "sample_notice.txt"
SAMPLE_GROUPS = {
    "各街道办事处": ["东湖街道办事处", "区民政局", "西岭街道办事处"],
    "区政府各部门": ["区财政局", "区科技局"],
}


def _id(session: Session, name: str) -> int:
    department = queries.departments_by_name(session=session, names=[name])[name]
    assert department.id is not None
    return department.id


def _task_id(session: Session, code: str) -> int:
    task_id = session.exec(select(Task.id).where(Task.code == code)).one()
    assert task_id is not None
    return task_id


def _report(
    session: Session, code: str, department: str, status: ReportStatus, *, minutes: int = 0
) -> None:
    """A report as a liaison would leave it; ``minutes`` after ``NOW``."""
    at = NOW + timedelta(minutes=minutes)
    session.add(
        Report(
            task_id=_task_id(session, code),
            department_id=_id(session, department),
            status=status,
            raw_text=f"{code} 进展：{status.value}",
            created_at=at,
            updated_at=at,
        )
    )
    session.flush()


def _open(session: Session, plan_id: int, *names: str) -> int:
    ids = [_id(session, name) for name in names]
    return open_task_count(session=session, plan_id=plan_id, department_ids=ids)


# --- open tasks --------------------------------------------------------------------------


def test_without_reports_every_task_is_open(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session:
        assert _open(session, plan_id, "区财政局") == 2
        assert _open(session, plan_id, "区科技局") == 1
        assert open_task_count(session=session, plan_id=plan_id, department_ids=[]) == 0


def test_the_latest_report_decides_whether_a_task_is_open(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session:
        _report(session, "一.1", "区财政局", ReportStatus.DONE)
        assert _open(session, plan_id, "区财政局") == 1  # 二.1 still open

        _report(session, "一.1", "区财政局", ReportStatus.BEHIND, minutes=5)
        assert _open(session, plan_id, "区财政局") == 2  # done, then behind: open again

        _report(session, "二.1", "区财政局", ReportStatus.ON_TRACK)
        _report(session, "二.1", "区财政局", ReportStatus.DONE, minutes=1)
        assert _open(session, plan_id, "区财政局") == 1  # on track, then done


def test_reports_at_the_same_moment_are_ordered_by_id(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session:
        _report(session, "一.1", "区科技局", ReportStatus.DONE)
        _report(session, "一.1", "区科技局", ReportStatus.BEHIND)
        assert _open(session, plan_id, "区科技局") == 1
        _report(session, "一.1", "区科技局", ReportStatus.DONE)
        assert _open(session, plan_id, "区科技局") == 0


def test_a_task_is_open_for_each_department_separately(engine: Engine) -> None:
    plan_id = store(engine, make_plan())  # 一.1: lead 区科技局, support 区财政局
    with Session(engine) as session:
        _report(session, "一.1", "区科技局", ReportStatus.DONE)
        assert _open(session, plan_id, "区科技局") == 0
        assert _open(session, plan_id, "区财政局") == 2  # another unit's report closes nothing
        # a liaison of both: 一.1 is still open for 区财政局, and counts once
        assert _open(session, plan_id, "区科技局", "区财政局") == 2
        _report(session, "一.1", "区财政局", ReportStatus.DONE)
        assert _open(session, plan_id, "区科技局", "区财政局") == 1


def test_a_group_task_is_open_until_the_member_itself_reports_it_done(engine: Engine) -> None:
    plan_id = store(engine, make_plan())  # 二.1 and 二.2 are led by 各街道办事处
    with Session(engine) as session, session.begin():
        add_group_members(session=session, members={GROUP: ["东湖街道办事处"]}, now=NOW)
    with Session(engine) as session:
        assert _open(session, plan_id, "东湖街道办事处") == 2
        _report(session, "二.2", "东湖街道办事处", ReportStatus.DONE)
        assert _open(session, plan_id, "东湖街道办事处") == 1
        workload = department_workload(
            session=session, plan_id=plan_id, department_ids=[_id(session, "东湖街道办事处")]
        )
        assert workload == Workload(lead=2, support=0, open=1)


# --- the coordinator's table -------------------------------------------------------------


def test_department_rows_list_departments_in_order_of_first_appearance(engine: Engine) -> None:
    plan_id = store(engine, make_plan())
    with Session(engine) as session, session.begin():
        add_group_members(
            session=session, members={GROUP: ["西岭街道办事处", "东湖街道办事处"]}, now=NOW
        )
        _report(session, "二.1", "区财政局", ReportStatus.DONE)
        liaisons = [
            Liaison(telegram_user_id=n, full_name=name, created_at=NOW)
            for n, name in ((101, "周晓明"), (102, "吴静"), (103, "郑海"))
        ]
        session.add_all(liaisons)
        session.flush()
        finance, science = _id(session, "区财政局"), _id(session, "区科技局")
        for liaison, department in (
            (liaisons[0], finance),
            (liaisons[1], finance),
            (liaisons[2], science),
        ):
            assert liaison.id is not None
            session.add(LiaisonDepartment(liaison_id=liaison.id, department_id=department))
    with Session(engine) as session:
        rows = department_rows(session=session, plan_id=plan_id)
        west, east = _id(session, "西岭街道办事处"), _id(session, "东湖街道办事处")

    assert [row.name for row in rows] == [
        "区科技局",  # 一.1 lead
        "区财政局",  # 一.1 support
        "区商务委",  # 一.2
        "区住房城乡建委",  # 二.1 lead, then the group's members (stored order)
        *(
            ["西岭街道办事处", "东湖街道办事处"]
            if west < east
            else ["东湖街道办事处", "西岭街道办事处"]
        ),
        "区城市管理局",  # 二.2 support
    ]
    by_name = {row.name: row for row in rows}
    assert by_name["区财政局"] == DepartmentRow(
        id=finance, name="区财政局", lead=0, support=2, open=1, liaisons=("吴静", "周晓明")
    )
    assert by_name["区科技局"].liaisons == ("郑海",)
    assert by_name["东湖街道办事处"] == DepartmentRow(
        id=east, name="东湖街道办事处", lead=2, support=0, open=2, liaisons=()
    )
    assert by_name["区城市管理局"] == DepartmentRow(
        id=by_name["区城市管理局"].id, name="区城市管理局", lead=0, support=1, open=1, liaisons=()
    )


def _expected_counts(
    plan: ParsedPlan, members: dict[str, list[str]], done: set[tuple[str, str]]
) -> dict[str, tuple[int, int, int]]:
    """Lead, support and open counts per department, worked out from the parsed notice."""
    roles: dict[str, dict[str, str]] = defaultdict(dict)  # department → task code → role
    for task in plan.tasks:
        for role, names in (("support", task.support), ("lead", task.lead)):  # lead overrides
            for name in names:
                # a group stands for its members; one without members concerns nobody yet
                for department in members.get(name, []) if name in plan.groups else [name]:
                    roles[department][task.code] = role
    return {
        department: (
            sum(1 for r in by_code.values() if r == "lead"),
            sum(1 for r in by_code.values() if r == "support"),
            sum(1 for code in by_code if (code, department) not in done),
        )
        for department, by_code in roles.items()
    }


def test_department_rows_agree_with_counts_from_the_notice(
    engine: Engine, statement_log: StatementLog
) -> None:
    outcome = import_notice(
        engine=engine,
        data=SAMPLE.read_bytes(),
        name=SAMPLE.name,
        now=NOW,
        group_members=SAMPLE_GROUPS,
    )
    assert outcome.result is not None
    done = {("一.1", "区发改委"), ("二.2", "区科技局"), ("六.3", "东湖街道办事处")}
    with Session(engine) as session, session.begin():
        for code, department in done:
            _report(session, code, department, ReportStatus.DONE)
        _report(session, "五.3", "区民政局", ReportStatus.BEHIND)

    statement_log.statements.clear()
    with Session(engine) as session:
        rows = department_rows(session=session, plan_id=outcome.result.plan_id)
    # two queries however large the plan: the aggregate and the liaisons' names
    assert (
        len([s for s in statement_log.statements if s.lstrip().upper().startswith("SELECT")]) == 2
    )

    expected = _expected_counts(outcome.plan, SAMPLE_GROUPS, done)
    assert {row.name: (row.lead, row.support, row.open) for row in rows} == expected
    assert len(rows) == len(expected)


def test_department_rows_of_an_empty_plan_are_empty(engine: Engine) -> None:
    plan_id = store(engine, make_plan(tasks=[]))
    with Session(engine) as session:
        assert department_rows(session=session, plan_id=plan_id) == []


def test_department_names_keep_the_order_asked(engine: Engine) -> None:
    store(engine, make_plan())
    with Session(engine) as session:
        ids = [_id(session, "区商务委"), 9999, _id(session, "区科技局")]
        assert department_names(session=session, ids=ids) == ["区商务委", "区科技局"]
        assert department_names(session=session, ids=[]) == []


# --- matching a typed name ---------------------------------------------------------------

REGISTER = [
    "区发展改革委",
    "区科技局",
    "区市场监管局",
    "康翔公司",
    "滨河街道办事处",
    "石桥街道办事处",
    "区财政局",
    "区商务委",
    "滨河商业服务区",
    "商务中心区管委会",
    "区12345热线中心",
]


@pytest.fixture
def register(session: Session) -> Session:
    for name in REGISTER:
        session.add(Department(name=name, created_at=NOW))
    session.flush()
    kangxiang = session.exec(select(Department).where(Department.name == "康翔公司")).one()
    assert kangxiang.id is not None
    session.add(DepartmentAlias(department_id=kangxiang.id, alias="康翔集团"))
    session.flush()
    return session


def _match(session: Session, query: str, limit: int = 8) -> list[str]:
    return [ref.name for ref in match_department(session=session, query=query, limit=limit)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("区科技局", ["区科技局"]),  # exact
        (" 区科技局。", ["区科技局"]),  # spaces and punctuation do not count
        ("康翔集团", ["康翔公司"]),  # an alias
        ("科技局", ["区科技局"]),  # without the leading 区
        ("区康翔公司", ["康翔公司"]),  # with a 区 the stored name does not have
        ("市科技局", ["区科技局"]),
        ("监管", ["区市场监管局"]),  # part of the name
        ("１２３４５热线", ["区12345热线中心"]),  # full-width digits read as ASCII
        ("发改委", ["区发展改革委"]),  # its characters in order
        ("街道", ["滨河街道办事处", "石桥街道办事处"]),  # ambiguous: a pick-list
        # names containing the query win; characters in order (滨河商业服务区) only when none does
        ("商务", ["区商务委", "商务中心区管委会"]),
        ("商服", ["滨河商业服务区"]),
        ("教育局", []),
        ("局", []),  # one character only matches exactly
        ("区", []),
        ("", []),
        ("。。", []),
    ],
)
def test_match_department(register: Session, query: str, expected: list[str]) -> None:
    assert _match(register, query) == expected


def test_match_department_returns_refs_and_at_most_limit(register: Session) -> None:
    matches = match_department(session=register, query="区局", limit=2)
    assert [ref.name for ref in matches] == ["区科技局", "区财政局"]
    kangxiang = register.exec(select(Department).where(Department.name == "康翔公司")).one()
    assert match_department(session=register, query="康翔") == [
        DepartmentRef(id=kangxiang.id or 0, name="康翔公司")  # name and alias: listed once
    ]
    assert match_department(session=register, query="区科技局", limit=0) == []


def test_nothing_matches_in_an_empty_register(session: Session) -> None:
    assert match_department(session=session, query="区科技局") == []

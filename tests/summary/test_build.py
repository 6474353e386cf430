"""The summary over the seed notice and a few dozen reports, every number checked against the
test's own counting: the test keeps each report it makes and counts in plain Python over those
and over the assignment rows, never through ``db.summary``'s SQL."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.plans.importing import import_notice
from bot.reports.intake import Entry, Figure, submit_entries
from bot.reports.rounds import Period, Reporter
from bot.settings import Settings
from bot.summary.build import SummaryError, build_summary, parse_scope
from bot.summary.model import Light, Scope, Summary, TargetLine
from bot.summary.rules import task_light
from db.engine import session_scope
from db.enums import ReportStatus, TargetKind
from db.models import (
    Deadline,
    Department,
    DepartmentGroupMember,
    DepartmentPause,
    Section,
    Target,
    Task,
    TaskAssignment,
)
from tests.db.factories import bind_liaison
from tests.support.database import StatementLog

pytestmark = pytest.mark.seed

T0 = datetime(2021, 4, 1, 1, 0, tzinfo=UTC)
# 2021-07-18 09:00 in Chongqing: three days after 上半年 (7月15日), inside the 5 grace days
AFTER_HALF = datetime(2021, 7, 18, 1, 0, tzinfo=UTC)
GROUPS = {
    "各产业部门": ["区发改委", "区商务委", "区科技局"],
    "各管委会": ["解放碑CBD管委会", "大石化新区管委会"],
}
REPORTERS = [
    "区住建委",
    "解放碑CBD管委会",
    "区商务委",
    "区文旅委",
    "区发改委",
    "区金融办",
    "区科技局",
    "区人社局",
]
NOTES = ["已完成年度目标", "按计划有序推进", "受天气影响进度偏慢", "前期手续办理中", "正在招标"]
SETTINGS = Settings.model_validate({})


@dataclass(frozen=True)
class Made:
    """A report the test made, as the test remembers it."""

    task_id: int
    department_id: int
    deadline: str
    status: ReportStatus
    percent: float | None
    figures: dict[int, float]
    note: str
    at: datetime


@dataclass
class Seeded:
    engine: Engine
    departments: dict[str, int]
    deadlines: dict[str, Deadline]
    reporters: dict[str, Reporter]
    answers: dict[int, set[int]]  # department id -> tasks it answers for (the test's counting)
    made: list[Made] = field(default_factory=list)
    clock: datetime = T0

    def report(
        self,
        department: str,
        task_id: int,
        status: ReportStatus,
        *,
        deadline: str = "上半年",
        percent: float | None = None,
        figures: dict[int, float] | None = None,
        note: str = "",
    ) -> None:
        self.clock += timedelta(minutes=7)
        chosen = self.deadlines[deadline]
        assert chosen.id is not None
        period = Period(chosen.id, chosen.name, chosen.due, 0)
        entry = Entry(
            task_id=task_id,
            status=status,
            percent=percent,
            figures=tuple(Figure(t, v, f"{v:g}") for t, v in (figures or {}).items()),
            note=note,
        )
        reporter = self.reporters[department]
        with session_scope(self.engine) as session:
            submit_entries(
                session=session,
                reporter=reporter,
                chat_id=reporter.telegram_user_id,
                entries=[entry],
                raw_text=note or status.value,
                period=period,
                now=self.clock,
            )
        made = Made(
            task_id,
            self.departments[department],
            deadline,
            status,
            percent,
            dict(figures or {}),
            note,
            self.clock,
        )
        self.made.append(made)


@pytest.fixture
def seeded(engine: Engine, seed_path: Path) -> Seeded:
    outcome = import_notice(
        engine=engine, data=seed_path.read_bytes(), name="seed.txt", now=T0, group_members=GROUPS
    )
    assert outcome.result is not None
    with session_scope(engine) as session:
        departments = {d.name: d.id for d in session.exec(select(Department)).all() if d.id}
        deadlines = {d.name: d for d in session.exec(select(Deadline)).all()}
        for d in deadlines.values():
            session.expunge(d)
        answers = _answers(session)
    reporters = {
        name: bind_liaison(engine, name, 7000 + i, now=T0) for i, name in enumerate(REPORTERS)
    }
    return Seeded(engine, departments, deadlines, reporters, answers)


def _answers(session: Session) -> dict[int, set[int]]:
    """Department → tasks, from the assignment rows, expanding groups in plain Python."""
    members: dict[int, list[int]] = defaultdict(list)
    for row in session.exec(select(DepartmentGroupMember)).all():
        members[row.group_id].append(row.department_id)
    shown = {t.id for t in session.exec(select(Task)).all() if t.removed_at is None}
    answers: dict[int, set[int]] = defaultdict(set)
    for a in session.exec(select(TaskAssignment)).all():
        if a.task_id not in shown:
            continue
        for department_id in [a.department_id] if a.department_id else members[a.group_id or 0]:
            answers[department_id].add(a.task_id)
    return dict(answers)


@pytest.fixture
def reported(seeded: Seeded) -> Seeded:
    """A few dozen reports across departments, statuses, figures and both deadlines, with
    corrections; made from a fixed random seed so every run is the same."""
    rng = random.Random(2021)
    with session_scope(seeded.engine) as session:
        targets = defaultdict(list)
        for target in session.exec(select(Target)).all():
            targets[target.task_id].append((target.id, target.value))
    statuses = list(ReportStatus)
    for name in REPORTERS:
        mine = sorted(seeded.answers[seeded.departments[name]])
        for task_id in rng.sample(mine, k=max(1, len(mine) * 3 // 5)):
            figures = {
                t: round(goal * rng.uniform(0.1, 1.2), 1)
                for t, goal in targets[task_id]
                if rng.random() < 0.7
            }
            percent = rng.choice([None, None, 20.0, 45.0, 60.0, 95.0])
            seeded.report(
                name,
                task_id,
                rng.choice(statuses),
                percent=percent,
                figures=figures,
                note=rng.choice(NOTES),
            )
    # corrections: the same department reports the same task again, newer wins
    for made in rng.sample(seeded.made, k=6):
        name = next(n for n, i in seeded.departments.items() if i == made.department_id)
        seeded.report(name, made.task_id, ReportStatus.DONE, percent=100.0, note="更正：已完成")
    # the second occurrence: a few reports for 全年 that must not count for 上半年
    for name in REPORTERS[:3]:
        task_id = min(seeded.answers[seeded.departments[name]])
        seeded.report(name, task_id, ReportStatus.BEHIND, deadline="全年", note="下半年加快")
    return seeded


# --- the test's own counting ------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    latest: dict[int, Made]  # task -> its latest report for the occurrence
    figures: dict[int, float]  # target -> latest figure
    pace: float
    days_left: int


def expect(seeded: Seeded, deadline: str, today: date) -> Expected:
    due = seeded.deadlines[deadline].due
    latest: dict[int, Made] = {}
    figures: dict[int, tuple[datetime, float]] = {}
    for made in seeded.made:
        if made.deadline != deadline:
            continue
        if made.task_id not in latest or made.at > latest[made.task_id].at:
            latest[made.task_id] = made
        for target_id, value in made.figures.items():
            if target_id not in figures or made.at > figures[target_id][0]:
                figures[target_id] = (made.at, value)
    # the targets are the year's: the expected share is the elapsed share of 2021
    start, end = date(2021, 1, 1), date(2021, 12, 31)
    pace = min(1.0, max(0.0, (today - start).days / (end - start).days))
    return Expected(latest, {t: v for t, (_, v) in figures.items()}, pace, (due - today).days)


def check_tasks(summary: Summary, seeded: Seeded, exp: Expected) -> None:
    with session_scope(seeded.engine) as session:
        goals = {t.id: t for t in session.exec(select(Target)).all()}
        for t in goals.values():
            session.expunge(t)
    for line in summary.tasks:
        made = exp.latest.get(line.task_id)
        assert line.status == (made.status if made else None), line.code
        assert line.percent == (made.percent if made else None)
        assert line.note == ((made.note or None) if made else None)
        names = {i: n for n, i in seeded.departments.items()}
        assert line.reported_for == (names[made.department_id] if made else None)
        mine = []
        for target in line.targets:
            goal = goals[target.target_id]
            latest = exp.figures.get(target.target_id)
            assert target.latest == latest
            share = latest / goal.value if latest is not None else None
            assert (
                target.share == pytest.approx(share) if share is not None else target.share is None
            )
            cumulative = goal.kind is TargetKind.LEVEL
            assert target.cumulative == cumulative
            assert target.pace == (exp.pace if cumulative else None)
            behind = cumulative and share is not None and share < exp.pace
            assert target.behind == behind
            mine.append(
                TargetLine(0, "", "", goal.value, "", cumulative, latest, share, None, behind)
            )
        light = task_light(
            status=made.status if made else None,
            percent=made.percent if made else None,
            targets=mine,
            pace=exp.pace,
            days_left=exp.days_left,
        )
        assert line.light is light, line.code


def check_counts(summary: Summary, exp: Expected) -> None:
    by_status: dict[str, int] = defaultdict(int)
    by_light: dict[str, int] = defaultdict(int)
    per_section: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in summary.tasks:
        made = exp.latest.get(line.task_id)
        key = made.status.value if made else "unreported"
        by_status[key] += 1
        by_light[line.light.value] += 1
        per_section[line.section][key] += 1
    assert {k: v for k, v in summary.by_status.items() if v} == dict(by_status)
    assert {k: v for k, v in summary.by_light.items() if v} == dict(by_light)
    assert summary.tasks_total == len(summary.tasks)
    assert summary.tasks_reported == sum(1 for line in summary.tasks if line.task_id in exp.latest)
    assert [s.numeral for s in summary.sections] == list(per_section)
    for section in summary.sections:
        assert {k: v for k, v in section.by_status.items() if v} == dict(
            per_section[section.numeral]
        )
        assert section.tasks == sum(per_section[section.numeral].values())


def check_departments(
    summary: Summary, seeded: Seeded, deadline: str, today: date, paused: set[int]
) -> None:
    tasks = {line.task_id for line in summary.tasks}
    reported_pairs = {(m.department_id, m.task_id) for m in seeded.made if m.deadline == deadline}
    expected = {}
    for department_id, answers in seeded.answers.items():
        mine = answers & tasks
        if not mine:
            continue
        reported = sum(1 for task_id in mine if (department_id, task_id) in reported_pairs)
        missing = len(mine) - reported
        late = missing > 0 and summary.days_left is not None and summary.days_left < 0
        expected[department_id] = (
            len(mine),
            reported,
            missing,
            late and department_id not in paused,
        )
    got = {d.department_id: (d.tasks, d.reported, d.missing, d.late) for d in summary.departments}
    assert got == expected
    assert summary.departments_total == len(expected)
    assert summary.departments_reported == sum(1 for e in expected.values() if e[2] == 0)
    assert [d.name for d in summary.late] == [
        d.name for d in sorted(summary.departments, key=lambda d: -d.missing) if d.late
    ]
    assert all(d.late for d in summary.late)
    assert today == summary.today


# --- the tests ---------------------------------------------------------------------------------


def test_every_number_of_the_half_year_summary_matches_the_tests_own_count(
    reported: Seeded,
) -> None:
    with session_scope(reported.engine) as session:
        paused_id = reported.departments["区民政局"]
        session.add(
            DepartmentPause(
                department_id=paused_id, until=date(2021, 7, 20), set_by=1, updated_at=T0
            )
        )
    with session_scope(reported.engine) as session:
        summary = build_summary(session=session, settings=SETTINGS, now=AFTER_HALF)
    today = date(2021, 7, 18)
    exp = expect(reported, "上半年", today)
    assert (summary.deadline, summary.due, summary.days_left) == ("上半年", date(2021, 7, 15), -3)
    assert summary.pace == pytest.approx(198 / 364) and exp.pace == summary.pace
    assert len(summary.tasks) == 132
    assert [line.position for line in summary.tasks] == sorted(
        line.position for line in summary.tasks
    )
    assert 20 <= len([m for m in reported.made if m.deadline == "上半年"]) <= 80
    check_tasks(summary, reported, exp)
    check_counts(summary, exp)
    check_departments(summary, reported, "上半年", today, {paused_id})
    paused = next(d for d in summary.departments if d.department_id == paused_id)
    assert paused.missing > 0 and not paused.late and paused.paused_until == date(2021, 7, 20)
    assert summary.late, "after the deadline someone is late"
    # unreported after the deadline is red; the counts of lights say so too
    assert all(t.light is Light.RED for t in summary.tasks if t.status is None)


def test_the_second_occurrence_counts_only_its_own_reports(reported: Seeded) -> None:
    with session_scope(reported.engine) as session:
        summary = build_summary(session=session, settings=SETTINGS, now=AFTER_HALF, deadline="全年")
    today = date(2021, 7, 18)
    exp = expect(reported, "全年", today)
    assert (summary.deadline, summary.due, summary.days_left) == ("全年", date(2021, 12, 31), 166)
    assert summary.pace == pytest.approx(198 / 364)
    assert summary.tasks_reported == 3
    assert summary.by_status["behind"] == 3
    check_tasks(summary, reported, exp)
    check_counts(summary, exp)
    check_departments(summary, reported, "全年", today, set())
    assert summary.late == ()  # before the deadline nobody is late
    assert all(t.light is Light.NONE for t in summary.tasks if t.status is None)


@pytest.mark.parametrize(
    ("words", "kind"),
    [("区商务委", "department"), ("三", "section"), ("滞后", "behind"), ("未报送", "missing")],
)
def test_a_scope_filters_the_tasks_and_every_count_describes_the_filtered_set(
    reported: Seeded, words: str, kind: str
) -> None:
    with session_scope(reported.engine) as session:
        scope = parse_scope(session=session, words=words)
        summary = build_summary(session=session, settings=SETTINGS, now=AFTER_HALF, scope=scope)
        everything = build_summary(session=session, settings=SETTINGS, now=AFTER_HALF)
    assert summary.scope.kind == kind
    exp = expect(reported, "上半年", date(2021, 7, 18))
    wanted = {
        "department": lambda t: t.task_id in reported.answers[reported.departments["区商务委"]],
        "section": lambda t: t.section == "三",
        "behind": lambda t: t.light in (Light.YELLOW, Light.RED),
        "missing": lambda t: t.task_id not in exp.latest,
    }[kind]
    assert [t.task_id for t in summary.tasks] == [t.task_id for t in everything.tasks if wanted(t)]
    assert summary.tasks
    check_tasks(summary, reported, exp)
    check_counts(summary, exp)
    if kind == "department":
        only = reported.departments["区商务委"]
        assert [d.department_id for d in summary.departments] == [only]
        line = summary.departments[0]
        made = {
            m.task_id for m in reported.made if m.department_id == only and m.deadline == "上半年"
        }
        assert (line.tasks, line.reported) == (len(reported.answers[only]), len(made))
    else:
        check_departments(summary, reported, "上半年", date(2021, 7, 18), set())
    if kind == "missing":
        assert summary.tasks_reported == 0
        assert summary.by_status["unreported"] == summary.tasks_total


def test_the_number_of_queries_does_not_grow_with_the_reports(
    seeded: Seeded, engine: Engine
) -> None:
    def statements() -> list[str]:
        log = StatementLog(engine)
        try:
            with session_scope(engine) as session:
                build_summary(session=session, settings=SETTINGS, now=AFTER_HALF)
        finally:
            log.close()
        return log.statements

    tasks = [(n, t) for n in REPORTERS for t in sorted(seeded.answers[seeded.departments[n]])]
    for name, task_id in tasks[:10]:
        seeded.report(name, task_id, ReportStatus.ON_TRACK, note="第一轮")
    few = statements()
    for i in range(190):
        name, task_id = tasks[i % len(tasks)]
        seeded.report(name, task_id, ReportStatus.BEHIND, percent=float(i % 100), note="再报")
    assert len(seeded.made) == 200
    assert len(statements()) == len(few)
    # one statement per concern: BEGIN, plan, its head, deadlines (twice: the reporting period
    # reads them too), units, targets with their latest figures, tasks with their latest
    # reports, department counts, liaisons
    assert len(few) <= 10, "\n".join(few)


def test_a_task_past_its_own_time_limit_and_not_done_is_red(seeded: Seeded) -> None:
    # 2021-07-10, five days before 上半年: an unreported task is not judged yet…
    before_half = datetime(2021, 7, 10, 1, 0, tzinfo=UTC)
    mine = sorted(seeded.answers[seeded.departments["区发改委"]])
    late, on_time, late_on_track, on_track, late_done, done_elsewhere = mine[:6]
    june, september = date(2021, 6, 30), date(2021, 9, 30)
    due = {late: june, on_time: september, late_on_track: june, on_track: september}
    due |= {late_done: june, done_elsewhere: june}
    with session_scope(seeded.engine) as session:
        for task in session.exec(select(Task).where(col(Task.id).in_(due))).all():
            task.due = due[task.id]  # type: ignore[index]
    seeded.report("区发改委", late_on_track, ReportStatus.ON_TRACK, note="按计划推进")
    seeded.report("区发改委", on_track, ReportStatus.ON_TRACK, note="按计划推进")
    seeded.report("区发改委", late_done, ReportStatus.DONE, note="已完成")
    # …and done is done whichever deadline it was reported for
    seeded.report("区发改委", done_elsewhere, ReportStatus.DONE, deadline="全年", note="已完成")
    with session_scope(seeded.engine) as session:
        summary = build_summary(session=session, settings=SETTINGS, now=before_half)
    assert summary.deadline == "上半年" and summary.days_left == 5
    lights = {line.task_id: (line.due, line.light) for line in summary.tasks}
    assert lights[late] == (june, Light.RED)
    assert lights[on_time] == (september, Light.NONE)
    assert lights[late_on_track] == (june, Light.RED)
    assert lights[on_track] == (september, Light.GREEN)
    assert lights[late_done] == (june, Light.GREEN)
    assert lights[done_elsewhere] == (june, Light.NONE)
    assert summary.by_light["red"] == sum(1 for line in summary.tasks if line.light is Light.RED)


def test_a_correction_from_another_department_supersedes_on_the_task(seeded: Seeded) -> None:
    """The latest report on a task is the newest from any department."""
    task_id = min(
        seeded.answers[seeded.departments["区发改委"]]
        & seeded.answers[seeded.departments["区商务委"]]
    )
    seeded.report("区发改委", task_id, ReportStatus.BEHIND, note="资金未到位")
    seeded.report("区商务委", task_id, ReportStatus.ON_TRACK, percent=70.0, note="资金已到位")
    with session_scope(seeded.engine) as session:
        summary = build_summary(
            session=session, settings=SETTINGS, now=datetime(2021, 7, 1, tzinfo=UTC)
        )
    line = next(t for t in summary.tasks if t.task_id == task_id)
    assert (line.status, line.percent, line.note, line.reported_for) == (
        ReportStatus.ON_TRACK,
        70.0,
        "资金已到位",
        "区商务委",
    )
    both = {d.name: d.reported for d in summary.departments if d.name in ("区发改委", "区商务委")}
    assert both == {"区发改委": 1, "区商务委": 1}


# --- deadline, scope words and errors ------------------------------------------------------------


def test_the_deadline_is_the_one_reports_count_for_and_the_pace_is_the_years(
    seeded: Seeded,
) -> None:
    with session_scope(seeded.engine) as session:
        april = build_summary(session=session, settings=SETTINGS, now=T0)
        late_july = build_summary(
            session=session, settings=SETTINGS, now=datetime(2021, 7, 25, 1, tzinfo=UTC)
        )
        january = build_summary(
            session=session, settings=SETTINGS, now=datetime(2022, 1, 20, 1, tzinfo=UTC)
        )
    # 1 April: 上半年 is next; a quarter of the year has gone (序时进度 runs over the year)
    assert (april.deadline, april.days_left) == ("上半年", 105)
    assert april.pace == pytest.approx(90 / 364)
    # 25 July: past 上半年's grace, so 全年; the pace is still the year's
    assert (late_july.deadline, late_july.days_left) == ("全年", 159)
    assert late_july.pace == pytest.approx(205 / 364)
    # after every deadline and its grace: the last one, still
    assert (january.deadline, january.days_left, january.pace) == ("全年", -20, 1.0)


def test_scope_words(seeded: Seeded) -> None:
    with session_scope(seeded.engine) as session:

        def scope(words: str) -> Scope:
            return parse_scope(session=session, words=words)

        assert scope("") == Scope("all")
        assert (
            scope("三")
            == scope("第三部分")
            == scope("3")
            == scope(" 三、")
            == Scope("section", "三")
        )
        assert scope("滞后") == scope("behind") == scope("Behind") == Scope("behind")
        assert scope("未报送") == scope("missing") == scope("late") == Scope("missing")
        assert scope("发改委") == Scope("department", "区发改委")
        with pytest.raises(SummaryError) as many:
            scope("管委会")
        assert many.value.code == "ambiguous_department"
        assert "解放碑CBD管委会" in many.value.params["names"]
        with pytest.raises(SummaryError) as none:
            scope("海关总署")
        assert (none.value.code, none.value.params) == ("unknown_department", {"query": "海关总署"})
        with pytest.raises(SummaryError) as section:
            scope("第十部分")
        assert section.value.code == "unknown_section"
        assert section.value.params["sections"][-1] == "九"


def test_errors_carry_codes(engine: Engine, seeded: Seeded) -> None:
    with session_scope(seeded.engine) as session:
        with pytest.raises(SummaryError) as unknown:
            build_summary(session=session, settings=SETTINGS, now=T0, deadline="第三季度")
        assert unknown.value.code == "unknown_deadline"
        assert unknown.value.params["names"] == ["上半年", "全年"]
        with pytest.raises(SummaryError) as gone:
            build_summary(
                session=session, settings=SETTINGS, now=T0, scope=Scope("department", "无此单位")
            )
        assert gone.value.code == "unknown_department"


def test_no_plan_and_no_deadline(session: Session, engine: Engine) -> None:
    with pytest.raises(SummaryError) as no_plan:
        build_summary(session=session, settings=SETTINGS, now=T0)
    assert no_plan.value.code == "no_plan"
    with pytest.raises(SummaryError) as again:
        parse_scope(session=session, words="三")
    assert again.value.code == "no_plan"


@pytest.fixture
def no_deadline_engine(engine: Engine) -> Iterator[Engine]:
    from tests.db.factories import make_plan, store

    store(engine, make_plan(deadlines=[]))
    yield engine


def test_a_plan_without_deadlines_says_so(no_deadline_engine: Engine) -> None:
    with session_scope(no_deadline_engine) as session, pytest.raises(SummaryError) as error:
        build_summary(session=session, settings=SETTINGS, now=T0)
    assert error.value.code == "no_deadline"
    with session_scope(no_deadline_engine) as session:
        sections = session.exec(select(Section.numeral)).all()
    assert sections  # the plan is there; only its deadlines are missing

"""Late reports (逾期报送) and co-led tasks in the summary, on a real SQLite file.

A report after a deadline's grace fills that deadline's gap for its task, late, with its date;
the next deadline is untouched. A task with several lead units is credited to the units that
reported, under each ``[reports] co_leads`` rule. Every expectation is the test's own reading
of the rule, stated next to it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.reports.history import ReportView
from bot.reports.intake import Entry, submit_entries
from bot.reports.rounds import Reporter, reporting_period
from bot.settings import Settings
from bot.summary.build import build_summary
from bot.summary.model import DepartmentLine, Light, Scope, Summary, TaskLine
from db.engine import session_scope
from db.enums import ReportStatus
from db.models import Report, Task
from handlers.summary_views import summary_pages
from tests.db.factories import bind_liaison, make_plan, store, task

# 上半年 is due 2030-07-15 and 全年 2030-12-31 (make_plan); grace_days 5 by default
ON_TIME = datetime(2030, 7, 10, 2, 0, tzinfo=UTC)
IN_GRACE = datetime(2030, 7, 19, 2, 0, tzinfo=UTC)  # four days after, within the grace
THIRTY_DAYS_LATE = datetime(2030, 8, 14, 2, 0, tzinfo=UTC)  # 10:00 in Chongqing
LATER = datetime(2030, 8, 20, 2, 0, tzinfo=UTC)

TASKS = [
    task("一.1", "推动科技创新平台建设。", lead=["区科技局"]),
    task(
        "一.2",
        "优化营商环境，新增市场主体。",
        lead=["区商务委", "区发改委", "区财政局"],
        support=["区统计局"],
    ),
    task("一.3", "扩大有效投资。", lead=["区商务委"]),
    task("一.4", "推进数字经济发展。", lead=["区发改委"]),
]


def settings(**reports: object) -> Settings:
    return Settings.model_validate({"reports": reports})


@pytest.fixture
def reporters(engine: Engine) -> dict[str, Reporter]:
    store(engine, make_plan(tasks=TASKS))
    names = ["区科技局", "区商务委", "区发改委"]
    return {name: bind_liaison(engine, name, 700 + i) for i, name in enumerate(names)}


def report(engine: Engine, reporter: Reporter, code: str, at: datetime) -> list[ReportView]:
    """The department reports ``code`` at ``at`` for the period a report then counts for;
    what the bot then says was saved."""
    with session_scope(engine) as session:
        plan_id = session.exec(select(Task.plan_id)).first()
        assert plan_id is not None
        task_id = session.exec(select(Task.id).where(Task.code == code)).one()
        assert task_id is not None
        today = at.astimezone(settings().locale.tz).date()
        period = reporting_period(session=session, plan_id=plan_id, today=today, grace_days=5)
        return submit_entries(
            session=session,
            reporter=reporter,
            chat_id=reporter.telegram_user_id,
            entries=[Entry(task_id=task_id, status=ReportStatus.ON_TRACK, note="按计划推进")],
            raw_text=f"{code} 序时推进",
            period=period,
            now=at,
        )


def summary(
    engine: Engine, now: datetime, deadline: str | None = None, **reports: object
) -> Summary:
    with Session(engine) as session:
        return build_summary(
            session=session, settings=settings(**reports), now=now, deadline=deadline
        )


def line(result: Summary, code: str) -> TaskLine:
    return next(t for t in result.tasks if t.code == code)


def department(result: Summary, name: str) -> DepartmentLine:
    return next(d for d in result.departments if d.name == name)


def test_a_report_thirty_days_late_counts_for_the_deadline_just_passed(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    report(engine, reporters["区商务委"], "一.3", ON_TIME)
    report(engine, reporters["区发改委"], "一.4", IN_GRACE)
    report(engine, reporters["区科技局"], "一.1", THIRTY_DAYS_LATE)

    with Session(engine) as session:
        stored = session.exec(select(Report).order_by(Report.id)).all()
    # stored for 上半年 itself, at the time it came
    assert [(r.deadline_due, r.created_at) for r in stored][-1] == (
        date(2030, 7, 15),
        THIRTY_DAYS_LATE,
    )

    half = summary(engine, THIRTY_DAYS_LATE, "上半年")
    late = line(half, "一.1")
    assert late.status is ReportStatus.ON_TRACK and late.light is Light.GREEN
    assert (late.late_reported, late.days_late) == (True, 30)
    assert late.reported_units == ("区科技局",)
    # on time and within the grace are not late
    assert (line(half, "一.3").late_reported, line(half, "一.3").days_late) == (False, None)
    assert line(half, "一.4").late_reported is False
    assert half.tasks_reported == 3  # 一.1 late, 一.3, 一.4; 一.2 nobody
    science = department(half, "区科技局")
    assert (science.reported, science.missing, science.late_reported, science.late) == (
        1,
        0,
        1,
        False,
    )
    assert department(half, "区发改委").late_reported == 0
    # 区财政局 never reported (its one task, 一.2): still late
    assert department(half, "区财政局").late is True
    assert "区科技局" not in {d.name for d in half.late}

    # 全年's counts are untouched: 一.1 still needs its own report for it
    year = summary(engine, THIRTY_DAYS_LATE)
    assert year.deadline == "全年"
    assert line(year, "一.1").status is None and year.tasks_reported == 0

    # the next report on 一.1 (上半年 now has one) counts for 全年, on time
    report(engine, reporters["区科技局"], "一.1", LATER)
    year = summary(engine, LATER)
    assert line(year, "一.1").status is ReportStatus.ON_TRACK
    assert line(year, "一.1").late_reported is False
    half = summary(engine, LATER, "上半年")
    assert (line(half, "一.1").late_reported, line(half, "一.1").days_late) == (True, 30)


def test_before_the_grace_ends_nothing_is_late(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    report(engine, reporters["区科技局"], "一.1", IN_GRACE)
    result = summary(engine, IN_GRACE)
    assert result.deadline == "上半年"
    assert line(result, "一.1").late_reported is False
    assert all(d.late_reported == 0 for d in result.departments)


def test_after_the_last_deadline_reports_count_for_it_late(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    after_year = datetime(2031, 1, 20, 2, 0, tzinfo=UTC)  # 20 days after 全年, no deadline left
    report(engine, reporters["区科技局"], "一.1", after_year)
    result = summary(engine, after_year)
    assert result.deadline == "全年"
    assert (line(result, "一.1").late_reported, line(result, "一.1").days_late) == (True, 20)
    assert department(result, "区科技局").late_reported == 1


@pytest.mark.parametrize("rule", ["each", "any", "all"])
def test_a_co_led_task_is_credited_to_the_unit_that_reported(
    engine: Engine, reporters: dict[str, Reporter], rule: str
) -> None:
    report(engine, reporters["区商务委"], "一.2", ON_TIME)
    after = datetime(2030, 7, 25, 2, 0, tzinfo=UTC)  # past 上半年's grace
    result = summary(engine, after, "上半年", co_leads=rule)
    shared = line(result, "一.2")
    assert shared.reported_units == ("区商务委",)  # never the other two leads
    commerce = department(result, "区商务委")
    assert (commerce.reported, commerce.missing) == (1, 1)  # 一.2 reported, 一.3 not
    development = department(result, "区发改委")  # leads 一.2 with others, and 一.4 alone
    names = {d.name for d in result.departments}
    if rule == "each":
        # the light follows the report there is; each silent co-lead is named and owes it
        assert shared.status is ReportStatus.ON_TRACK
        assert shared.unreported_leads == ("区发改委", "区财政局")
        assert (development.tasks, development.reported, development.missing) == (2, 0, 2)
        assert department(result, "区财政局").late is True
        assert result.tasks_reported == 1
    elif rule == "any":
        # one lead's report settles it: the other leads are not owed it (not counted at all)
        assert shared.status is ReportStatus.ON_TRACK
        assert shared.unreported_leads == ()
        assert (development.tasks, development.reported, development.missing) == (1, 0, 1)
        assert "区财政局" not in names  # its only task is settled by 区商务委
        assert result.tasks_reported == 1
    else:
        # not reported until every lead has: 未报送, red after the deadline
        assert shared.status is None and shared.light is Light.RED
        assert shared.unreported_leads == ("区发改委", "区财政局")
        assert (development.tasks, development.missing) == (2, 2)
        assert result.tasks_reported == 0
        assert result.by_status["unreported"] == 4
    # a supporting unit owes its report under every rule (lead_units_only is separate)
    statistics = department(result, "区统计局")
    assert (statistics.tasks, statistics.missing) == (1, 1)


def test_any_lead_in_a_department_scope_still_sees_the_other_leads_report(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    report(engine, reporters["区商务委"], "一.2", ON_TIME)
    with Session(engine) as session:
        result = build_summary(
            session=session,
            settings=settings(co_leads="any"),
            now=datetime(2030, 7, 25, 2, 0, tzinfo=UTC),
            scope=Scope("department", "区发改委"),
            deadline="上半年",
        )
    (development,) = result.departments
    assert (development.tasks, development.missing) == (1, 1)  # 一.4 only: 一.2 is settled


def test_any_lead_with_no_lead_report_names_every_lead(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    result = summary(engine, datetime(2030, 7, 25, 2, 0, tzinfo=UTC), "上半年", co_leads="any")
    assert line(result, "一.2").unreported_leads == ("区商务委", "区发改委", "区财政局")
    assert department(result, "区财政局").missing == 1


def test_departments_carry_their_first_place_in_the_notice(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    result = summary(engine, ON_TIME)
    position = {d.name: d.position for d in result.departments}
    by_task = {t.code: t.position for t in result.tasks}
    assert position["区科技局"] == by_task["一.1"]
    assert position["区商务委"] == position["区财政局"] == by_task["一.2"]
    assert position["区发改委"] == by_task["一.2"]
    assert by_task["一.1"] < by_task["一.2"]


def test_the_summary_screen_says_it_in_both_languages(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    report(engine, reporters["区商务委"], "一.2", ON_TIME)
    report(engine, reporters["区科技局"], "一.1", THIRTY_DAYS_LATE)
    result = summary(engine, THIRTY_DAYS_LATE, "上半年")
    zh = "\n".join(summary_pages(result, "zh"))
    assert "其中逾期报送 1 项" in zh
    assert "• 一.1 推动科技创新平台建设：区科技局 逾期 30 天报送" in zh
    assert "• 区发改委：缺 2 项（共 2 项）" in zh
    en = "\n".join(summary_pages(result, "en"))
    assert "of which reported late: 1" in en
    assert "区科技局, 30 days late" in en
    department_view = summary_pages(
        build_summary_for(engine, THIRTY_DAYS_LATE, Scope("department", "区财政局")), "en"
    )
    assert "lead units not reported: 区发改委, 区财政局" in "\n".join(department_view)


def build_summary_for(engine: Engine, now: datetime, scope: Scope) -> Summary:
    with Session(engine) as session:
        return build_summary(
            session=session, settings=settings(), now=now, scope=scope, deadline="上半年"
        )


def test_the_reply_names_the_deadline_a_late_report_went_to_only_when_it_is_late(
    engine: Engine, reporters: dict[str, Reporter]
) -> None:
    (late,) = report(engine, reporters["区科技局"], "一.1", THIRTY_DAYS_LATE)
    assert (late.late_for, late.days_late) == ("上半年", 30)
    (next_round,) = report(engine, reporters["区科技局"], "一.1", LATER)  # for 全年
    assert next_round.late_for is None
    # after 全年, with no deadline left: a first report is late, an update of one is not
    report(engine, reporters["区商务委"], "一.3", ON_TIME)  # 上半年, on time
    (on_time,) = report(  # 全年, before it (上半年 has its report)
        engine, reporters["区商务委"], "一.3", datetime(2030, 12, 20, 2, tzinfo=UTC)
    )
    assert on_time.late_for is None
    after = datetime(2031, 1, 20, 2, 0, tzinfo=UTC)
    (update,) = report(engine, reporters["区商务委"], "一.3", after)
    assert (update.version, update.late_for) == (2, None)
    (first,) = report(engine, reporters["区发改委"], "一.4", after)
    assert (first.late_for, first.days_late) == ("全年", 20)
    result = summary(engine, after)
    assert line(result, "一.3").late_reported is False  # its first report was on time
    assert line(result, "一.4").late_reported is True

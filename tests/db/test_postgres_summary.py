"""The coordinator's picture on a real PostgreSQL server, compared with SQLite: the summary of
the sample notice after a few reports (every scope), the ledger's report history and liaisons,
and the digests owed after a deadline.

Skipped without a server, as ``test_postgres`` is (and failed under ``CI``): ``.ci/run`` starts
one and sets ``DUBAN_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

import bot
from bot.cli.demo import SAMPLE_GROUPS
from bot.exports.digest import digests_owed
from bot.plans.importing import import_notice
from bot.plans.taskview import tasks_for_departments
from bot.reminders.controls import pause_departments
from bot.reports.intake import Entry, Figure, submit_entries
from bot.reports.rounds import Period, reporting_period
from bot.settings import Settings
from bot.summary.build import build_summary
from bot.summary.model import Light, Scope, Summary
from db import deliveries
from db.engine import session_scope
from db.enums import ReportStatus
from db.ledger import HistoryRow, liaisons_by_department, report_history
from db.models import Deadline, Department, Report
from db.schema import upgrade
from db.tasks import active_targets, current_plan_id
from tests.db.factories import bind_liaison

SAMPLE = Path(bot.__file__).parent / "data" / "sample_notice.txt"
COORDINATOR = 1001
SETTINGS = Settings.model_validate(
    {"roles": {"coordinators": [COORDINATOR]}, "departments": {"groups": SAMPLE_GROUPS}}
)
IMPORTED = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)
REPORTED = datetime(2026, 7, 6, 2, 0, tzinfo=UTC)
# Monday 13 July 2026, 09:00 in Beijing: the first working day after 上半年 (Friday 10 July),
# inside the grace days; the digest after the deadline is owed from 16:00
AFTER_H1 = datetime(2026, 7, 13, 1, 0, tzinfo=UTC)
DIGEST_TIME = datetime(2026, 7, 13, 8, 0, tzinfo=UTC)
REPORTERS = ("区商务委", "区科技局", "区人社局", "区发改委")
STATUSES = (ReportStatus.DONE, ReportStatus.ON_TRACK, ReportStatus.BEHIND, ReportStatus.NOT_STARTED)
SHARES = (1.0, 0.6, 0.4, 0.0)  # of each task's first target, with the status above


def period(session: Session, name: str) -> Period:
    deadline = session.exec(select(Deadline).where(Deadline.name == name)).one()
    assert deadline.id is not None
    return Period(deadline.id, deadline.name, deadline.due, (deadline.due - REPORTED.date()).days)


def office(engine: Engine) -> int:
    """The sample notice with four liaisons: each reports on its first four tasks for 上半年 (one
    status each, with a figure for the first target), the first corrects one report, one
    reports for 全年 as well, one department is paused. The plan's id."""
    upgrade(engine)
    outcome = import_notice(
        engine=engine,
        data=SAMPLE.read_bytes(),
        name=SAMPLE.name,
        now=IMPORTED,
        group_members=SAMPLE_GROUPS,
    )
    assert outcome.result is not None
    at = REPORTED
    for n, name in enumerate(REPORTERS):
        reporter = bind_liaison(engine, name, 2001 + n, now=IMPORTED)
        with session_scope(engine) as s:
            plan_id = current_plan_id(session=s)
            assert plan_id is not None
            lines = tasks_for_departments(
                session=s, plan_id=plan_id, department_ids=reporter.department_ids
            )
            entries = []
            for i, line in enumerate(lines[:4]):
                targets = active_targets(session=s, task_id=line.task_id)[:1]
                figures = tuple(
                    Figure(t.id or 0, t.value * SHARES[i], f"{t.value * SHARES[i]:g}{t.unit}")
                    for t in targets
                )
                entries.append(
                    Entry(
                        line.task_id,
                        STATUSES[i],
                        percent=50.0 if i == 1 else None,
                        figures=figures,
                        note=f"第{i + 1}项按计划推进",
                    )
                )
        for name_of, chosen in (("上半年", entries), ("全年", entries[:1] if n == 1 else [])):
            if not chosen:
                continue
            at += timedelta(minutes=13)
            with session_scope(engine) as s:
                submit_entries(
                    session=s,
                    reporter=reporter,
                    chat_id=reporter.telegram_user_id,
                    entries=chosen,
                    raw_text=f"{name}的进展",
                    period=period(s, name_of),
                    now=at,
                )
        if n == 0:  # a correction: the second task is done after all
            with session_scope(engine) as s:
                fixed = [Entry(entries[1].task_id, ReportStatus.DONE, note="已全部完成")]
                submit_entries(
                    session=s,
                    reporter=reporter,
                    chat_id=reporter.telegram_user_id,
                    entries=fixed,
                    raw_text="更正",
                    period=period(s, "上半年"),
                    now=at + timedelta(days=2),
                )
    with session_scope(engine) as s:
        labour = s.exec(select(Department.id).where(Department.name == "区财政局")).one()
        assert labour is not None
        pause_departments(
            session=s,
            department_ids=[labour],
            until=date(2026, 7, 20),
            reason="集中培训",
            set_by=2003,
            today=REPORTED.date(),
            now=REPORTED,
        )
    return plan_id


SCOPES = (
    Scope("all"),
    Scope("department", "区科技局"),
    Scope("section", "二"),
    Scope("behind"),
    Scope("missing"),
)


def summaries(engine: Engine) -> list[Summary]:
    with Session(engine) as s:
        found = [
            build_summary(session=s, settings=SETTINGS, now=AFTER_H1, scope=scope)
            for scope in SCOPES
        ]
        found.append(build_summary(session=s, settings=SETTINGS, now=AFTER_H1, deadline="全年"))
    return found


def test_the_summary_counts_the_same_on_both(pg: Engine, lite: Engine) -> None:
    office(pg)
    office(lite)
    on_pg, on_lite = summaries(pg), summaries(lite)
    for scope, mine, theirs in zip((*SCOPES, "全年"), on_pg, on_lite, strict=True):
        counts = [
            (
                s.tasks_total,
                s.tasks_reported,
                s.departments_total,
                s.departments_reported,
                s.by_status,
                s.by_light,
                s.pace,
                s.due,
            )
            for s in (mine, theirs)
        ]
        assert counts[0] == counts[1], scope
        assert [(t.code, t.status, t.light, t.percent, t.reported_for) for t in mine.tasks] == [
            (t.code, t.status, t.light, t.percent, t.reported_for) for t in theirs.tasks
        ], scope
        assert mine.departments == theirs.departments, scope
        assert mine == theirs, scope  # and everything else: targets, sections, liaisons
    everything = on_pg[0]
    # sixteen reports on up to sixteen tasks (tasks shared by two reporters count once)
    assert 10 <= everything.tasks_reported <= 16 < everything.tasks_total
    assert everything.by_light[Light.RED] >= everything.tasks_total - everything.tasks_reported
    assert everything.by_status["done"] >= 4 and everything.late
    assert all(everything.by_light[light] for light in (Light.GREEN, Light.YELLOW, Light.RED))
    assert "区财政局" not in {d.name for d in everything.late}  # paused
    assert on_pg[-1].deadline == "全年" and on_pg[-1].tasks_reported == 1


def history_and_digests(
    engine: Engine,
) -> tuple[list[HistoryRow], dict[int, list[object]], list[object]]:
    plan_id = office(engine)
    with Session(engine) as s:
        history = report_history(session=s, plan_id=plan_id)
        people: dict[int, list[object]] = dict(liaisons_by_department(session=s).items())
        owed = [
            digests_owed(session=s, settings=SETTINGS, now=now)
            for now in (AFTER_H1, DIGEST_TIME, DIGEST_TIME + timedelta(hours=17))
        ]
    with session_scope(engine) as s:
        added = deliveries.enqueue(session=s, rows=owed[1])
    with Session(engine) as s:
        again = digests_owed(session=s, settings=SETTINGS, now=DIGEST_TIME + timedelta(hours=1))
    dumped = [[row.model_dump(exclude={"id"}) for row in rows] for rows in owed]
    return history, people, [*dumped, added, again]


def test_the_ledger_history_and_the_digests_are_the_same_on_both(pg: Engine, lite: Engine) -> None:
    history, people, digests = history_and_digests(pg)
    assert (history, people, digests) == history_and_digests(lite)
    assert len(history) == 4 * 4 + 1 + 1  # every report, the correction and 全年 too
    (correction,) = [row for row in history if row.raw_text == "更正"]
    assert (correction.version, correction.supersedes_version) == (2, 1)
    assert any(row.figures for row in history)
    assert all(row.created_at.tzinfo is not None for row in history)
    assert sum(len(rows) for rows in people.values()) == len(REPORTERS)
    early, owed, too_late, added, again = digests
    assert early == [] and too_late == [] and again == []
    assert [(row["chat_id"], row["kind"]) for row in owed] == [(COORDINATOR, "digest")]
    assert str(owed[0]["slot"]).startswith("after-") and added == 1


# 10:00 in Beijing on 9 August 2026: thirty days after 上半年 (10 July), past its grace
LATE = datetime(2026, 8, 9, 2, 0, tzinfo=UTC)


def late_office(engine: Engine) -> None:
    """The office above, and then 区大数据局 reports a task nobody reported thirty days after
    上半年 — for the period a report then counts for (上半年's gap, late)."""
    office(engine)
    reporter = bind_liaison(engine, "区大数据局", 2101, now=IMPORTED)
    with session_scope(engine) as s:
        plan_id = current_plan_id(session=s)
        assert plan_id is not None
        reported = set(s.exec(select(Report.task_id)).all())
        line = next(  # one nobody reported for 上半年
            line
            for line in tasks_for_departments(
                session=s, plan_id=plan_id, department_ids=reporter.department_ids
            )
            if line.task_id not in reported
        )
        submit_entries(
            session=s,
            reporter=reporter,
            chat_id=reporter.telegram_user_id,
            entries=[Entry(line.task_id, ReportStatus.ON_TRACK, note="补报")],
            raw_text="补报",
            period=reporting_period(
                session=s, plan_id=plan_id, today=date(2026, 8, 9), grace_days=5
            ),
            now=LATE,
        )


def late_summaries(engine: Engine) -> list[Summary]:
    late_office(engine)
    with Session(engine) as s:
        return [
            build_summary(
                session=s,
                settings=SETTINGS.model_copy(
                    update={"reports": SETTINGS.reports.model_copy(update={"co_leads": rule})}
                ),
                now=LATE,
                deadline="上半年",
            )
            for rule in ("each", "any", "all")
        ]


def test_late_reports_and_co_leads_count_the_same_on_both(pg: Engine, lite: Engine) -> None:
    on_pg, on_lite = late_summaries(pg), late_summaries(lite)
    for mine, theirs in zip(on_pg, on_lite, strict=True):
        assert mine.tasks == theirs.tasks
        assert mine.departments == theirs.departments
        assert mine == theirs
    each = on_pg[0]
    assert [(t.late_reported, t.days_late) for t in each.tasks if t.late_reported] == [(True, 30)]
    assert sum(d.late_reported for d in each.departments) == 1

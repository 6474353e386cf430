"""The report service on a real SQLite file: the deadline a report counts for, a submission
decided once, versions, and what is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.importer.model import ParsedDeadline
from bot.reports.history import history, latest_reports
from bot.reports.intake import (
    Entry,
    confirm_submission,
    discard_submission,
    read_message,
    submit_entries,
)
from bot.reports.rounds import Period, Reporter, ReportError, reporting_period
from db.engine import session_scope
from db.enums import ReportStatus, SubmissionSource
from db.models import Task
from tests.db.factories import bind_liaison, default_tasks, make_plan, store
from tests.support.database import NOW

TODAY = date(2030, 7, 1)


def period(engine: Engine, plan_id: int, today: date, grace_days: int = 5) -> Period | None:
    with Session(engine) as session:
        return reporting_period(
            session=session, plan_id=plan_id, today=today, grace_days=grace_days
        )


def test_a_report_counts_for_the_next_deadline_or_the_one_just_passed(engine: Engine) -> None:
    plan_id = store(engine, make_plan())  # 上半年 2030-07-15, 全年 2030-12-31
    ahead = period(engine, plan_id, date(2030, 7, 1))
    on_the_day = period(engine, plan_id, date(2030, 7, 15))
    late = period(engine, plan_id, date(2030, 7, 20))
    after_grace = period(engine, plan_id, date(2030, 7, 21))
    no_grace = period(engine, plan_id, date(2030, 7, 16), grace_days=0)
    assert ahead is not None and (ahead.name, ahead.due, ahead.days_left) == (
        "上半年",
        date(2030, 7, 15),
        14,
    )
    assert on_the_day is not None and (on_the_day.name, on_the_day.days_left) == ("上半年", 0)
    assert late is not None and (late.name, late.days_left) == ("上半年", -5)
    assert after_grace is not None and after_grace.name == "全年"
    assert no_grace is not None and no_grace.name == "全年"
    # after 上半年's grace, 全年 is reported for, and 上半年 is the deadline just passed (whose
    # gaps a report fills late); within the grace nothing has passed yet
    assert after_grace.passed is not None and after_grace.passed.name == "上半年"
    assert (after_grace.passed.late, after_grace.passed.days_late) == (True, 6)
    assert ahead.passed is None and late.passed is None and not late.late
    # past 全年 and its grace, with no deadline after it: reports count for 全年, late
    last = period(engine, plan_id, date(2031, 1, 6))
    assert last is not None and (last.name, last.late, last.days_late) == ("全年", True, 6)


def test_a_recurring_deadline_reports_for_its_occurrence(engine: Engine) -> None:
    monthly = ParsedDeadline("每月", date(2030, 4, 25), "FREQ=MONTHLY;BYMONTHDAY=25")
    plan_id = store(engine, make_plan(deadlines=[monthly]))
    mid_month = period(engine, plan_id, date(2030, 6, 10))
    just_after = period(engine, plan_id, date(2030, 6, 27))
    assert mid_month is not None and mid_month.due == date(2030, 6, 25)
    assert just_after is not None and (just_after.due, just_after.days_left) == (
        date(2030, 6, 25),
        -2,
    )


@pytest.fixture
def reporter(engine: Engine) -> Reporter:
    """区科技局's liaison (tasks 一.1 with a 家 target, and others of the default plan)."""
    store(engine, make_plan(tasks=default_tasks()))
    return bind_liaison(engine, "区科技局", 501)


def read(engine: Engine, reporter: Reporter, text: str, message_id: int = 1) -> int:
    with session_scope(engine) as session:
        preview = read_message(
            session=session,
            reporter=reporter,
            chat_id=reporter.telegram_user_id,
            message_id=message_id,
            text=text,
            reply_to=None,
            source=SubmissionSource.TEXT,
            today=TODAY,
            grace_days=5,
            now=NOW,
        )
    assert preview.submission_id is not None, preview
    return preview.submission_id


def test_a_submission_is_decided_once(engine: Engine, reporter: Reporter) -> None:
    first = read(engine, reporter, "一.1 序时推进，新增高新技术企业12家", 1)
    with session_scope(engine) as session:
        (saved,) = confirm_submission(
            session=session, reporter=reporter, submission_id=first, now=NOW
        )
    assert (saved.code, saved.status, saved.version) == ("一.1", ReportStatus.ON_TRACK, 1)
    for decide, code in (
        (confirm_submission, "already_confirmed"),
        (discard_submission, "already_confirmed"),
    ):
        with pytest.raises(ReportError) as refused, session_scope(engine) as session:
            decide(session=session, reporter=reporter, submission_id=first, now=NOW)
        assert refused.value.code == code

    second = read(engine, reporter, "一.1 已完成，新增高新技术企业31家", 2)
    with session_scope(engine) as session:
        discard_submission(session=session, reporter=reporter, submission_id=second, now=NOW)
    with pytest.raises(ReportError, match="discarded"), session_scope(engine) as session:
        confirm_submission(session=session, reporter=reporter, submission_id=second, now=NOW)
    stranger = Reporter(999, reporter.liaison_id, reporter.department_ids)
    with pytest.raises(ReportError, match="gone"), session_scope(engine) as session:
        confirm_submission(session=session, reporter=stranger, submission_id=first, now=NOW)


def test_a_correction_is_a_new_version_and_history_keeps_both(
    engine: Engine, reporter: Reporter
) -> None:
    for number, text in enumerate(
        ("一.1 序时推进，新增高新技术企业12家", "一.1 已完成，新增高新技术企业31家")
    ):
        submission = read(engine, reporter, text, number + 1)
        with session_scope(engine) as session:
            confirm_submission(
                session=session,
                reporter=reporter,
                submission_id=submission,
                now=NOW + timedelta(minutes=number),
            )
    with Session(engine) as session:
        now_due = reporting_period(session=session, plan_id=1, today=TODAY, grace_days=5)
        assert now_due is not None and now_due.due == date(2030, 7, 15)
        kwargs = {"deadline_id": now_due.deadline_id, "deadline_due": now_due.due}
        (latest,) = latest_reports(
            session=session, department_ids=reporter.department_ids, **kwargs
        )
        task_id = session.exec(select(Task.id).where(Task.code == "一.1")).one()
        versions = history(
            session=session, department_ids=reporter.department_ids, task_id=task_id or 0, **kwargs
        )
        # nothing was reported outside a deadline
        outside = latest_reports(
            session=session,
            department_ids=reporter.department_ids,
            deadline_id=None,
            deadline_due=None,
        )
    assert outside == []
    assert (latest.status, latest.version, [(f.subject, f.value) for f in latest.figures]) == (
        ReportStatus.DONE,
        2,
        [("高新技术企业", 31)],
    )
    assert [(v.version, v.status) for v in versions] == [
        (1, ReportStatus.ON_TRACK),
        (2, ReportStatus.DONE),
    ]


def test_only_the_departments_own_tasks_and_only_tasks_still_in_the_plan(
    engine: Engine, reporter: Reporter
) -> None:
    with Session(engine) as session:
        others = session.exec(select(Task.id).where(Task.code == "一.2")).one()  # 区商务委's
        mine = session.exec(select(Task.id).where(Task.code == "一.1")).one()
    entry = Entry(task_id=others or 0, status=ReportStatus.DONE)
    with pytest.raises(ReportError, match="not_yours"), session_scope(engine) as session:
        submit_entries(
            session=session,
            reporter=reporter,
            chat_id=501,
            entries=[entry],
            raw_text="x",
            period=None,
            now=NOW,
        )

    pending = read(engine, reporter, "一.1 已完成", 7)
    with session_scope(engine) as session:  # a revised notice drops 一.1 before Confirm
        task = session.get(Task, mine)
        assert task is not None
        task.removed_at = NOW
    with pytest.raises(ReportError) as refused, session_scope(engine) as session:
        confirm_submission(session=session, reporter=reporter, submission_id=pending, now=NOW)
    assert (refused.value.code, refused.value.params) == ("task_removed", {"codes": ["一.1"]})

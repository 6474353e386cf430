"""What the tables themselves guarantee, whoever writes to them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from db.enums import DeadlineSource, ReportStatus, Role, SubmissionSource, SubmissionStatus
from db.models import (
    Deadline,
    Department,
    DepartmentGroup,
    InboundMessage,
    Liaison,
    Plan,
    Report,
    Section,
    Submission,
    Task,
    TaskAssignment,
)
from tests.support.database import NOW


@pytest.fixture
def task_id(session: Session) -> int:
    plan = Plan(
        title="计划",
        title_key="计划",
        source_name="a.txt",
        source_sha256="0" * 64,
        imported_at=NOW,
        updated_at=NOW,
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    section = Section(plan_id=plan.id, numeral="一", ordinal=1, title="第一部分")
    session.add(section)
    session.flush()
    assert section.id is not None
    task = Task(plan_id=plan.id, section_id=section.id, code="一.1", number=1, text="t", position=0)
    session.add_all([task, Department(name="区科技局", created_at=NOW)])
    session.add(DepartmentGroup(name="各街道办事处", created_at=NOW))
    session.commit()
    assert task.id is not None
    return task.id


@pytest.mark.parametrize(("department_id", "group_id"), [(None, None), (1, 1)])
def test_an_assignment_names_exactly_one_department_or_group(
    session: Session, task_id: int, department_id: int | None, group_id: int | None
) -> None:
    session.add(
        TaskAssignment(
            task_id=task_id,
            department_id=department_id,
            group_id=group_id,
            role=Role.LEAD,
            position=0,
        )
    )
    with pytest.raises(IntegrityError, match="one_assignee"):
        session.flush()


def test_a_department_is_assigned_once_per_role(session: Session, task_id: int) -> None:
    for position in (0, 1):
        session.add(
            TaskAssignment(task_id=task_id, department_id=1, role=Role.LEAD, position=position)
        )
    with pytest.raises(IntegrityError, match="UNIQUE"):
        session.flush()


def _report(task_id: int, *, message_id: int | None, submission_id: int | None = None) -> Report:
    return Report(
        task_id=task_id,
        department_id=1,
        status=ReportStatus.DONE,
        raw_text="1. 已完成",
        chat_id=10**12,
        message_id=message_id,
        submission_id=submission_id,
        created_at=NOW,
        updated_at=NOW,
    )


def _submission(session: Session) -> int:
    row = Submission(
        telegram_user_id=5,
        chat_id=10**12,
        message_id=77,
        source=SubmissionSource.TEXT,
        raw_text="1. 已完成",
        reading="{}",
        status=SubmissionStatus.PENDING,
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def test_a_submission_confirmed_twice_is_stored_once(session: Session, task_id: int) -> None:
    submission_id = _submission(session)
    session.add(_report(task_id, message_id=77, submission_id=submission_id))
    session.commit()
    session.add(_report(task_id, message_id=77, submission_id=submission_id))
    with pytest.raises(IntegrityError, match="UNIQUE"):
        session.commit()


def test_a_message_read_again_after_an_edit_may_report_again(
    session: Session, task_id: int
) -> None:
    first, second = _submission(session), _submission(session)
    session.add_all(
        [
            _report(task_id, message_id=77, submission_id=first),
            _report(task_id, message_id=77, submission_id=second),
        ]
    )
    session.commit()
    assert len(session.exec(select(Report)).all()) == 2


def test_reports_without_a_submission_are_not_deduplicated(session: Session, task_id: int) -> None:
    session.add_all([_report(task_id, message_id=None), _report(task_id, message_id=None)])
    session.commit()
    assert len(session.exec(select(Report)).all()) == 2


def test_a_task_with_reports_cannot_be_deleted(session: Session, task_id: int) -> None:
    session.add(_report(task_id, message_id=1))
    session.commit()
    session.delete(session.get(Task, task_id))
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        session.commit()


def test_an_inbound_message_is_kept_once(session: Session) -> None:
    for _ in range(2):
        session.add(InboundMessage(chat_id=5, message_id=9, user_id=5, text="？", received_at=NOW))
    with pytest.raises(IntegrityError, match="UNIQUE"):
        session.flush()


def test_enums_are_stored_as_their_values(engine: Engine, session: Session, task_id: int) -> None:
    session.add(
        Deadline(plan_id=1, name="上半年", due=date(2030, 7, 15), source=DeadlineSource.MANUAL)
    )
    session.commit()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT source FROM deadline").scalar() == "manual"
    session.expire_all()
    assert session.exec(select(Deadline)).one().source is DeadlineSource.MANUAL


def test_an_unknown_enum_value_is_refused(session: Session, task_id: int) -> None:
    session.add(Deadline(plan_id=1, name="上半年", due=date(2030, 7, 15), source="someday"))  # type: ignore[arg-type]
    with pytest.raises(StatementError, match="someday"):
        session.flush()


def test_telegram_ids_beyond_32_bits_round_trip(session: Session) -> None:
    session.add(
        Liaison(
            telegram_user_id=7_000_000_000, full_name="张三", chat_id=-1001234567890, created_at=NOW
        )
    )
    session.commit()
    session.expire_all()
    liaison = session.exec(select(Liaison)).one()
    assert (liaison.telegram_user_id, liaison.chat_id) == (7_000_000_000, -1001234567890)

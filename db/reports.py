"""Queries behind progress reports: submissions and the reports they become, the tasks a bot
message listed, and the edits users make to their messages.

Every function takes the caller's ``session``. Those that write say so; none commits, so a
service can make several of them one transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from db.enums import SubmissionStatus
from db.models import (
    Department,
    InboundMessage,
    Liaison,
    ListedTask,
    MessageEdit,
    Report,
    ReportFigure,
    Section,
    Submission,
    Target,
    Task,
)


def task_numbers(*, session: Session, task_ids: Collection[int]) -> dict[int, tuple[int, int, str]]:
    """``task_id → (number, section ordinal, section numeral)`` for these tasks."""
    if not task_ids:
        return {}
    rows = session.exec(
        select(Task.id, Task.number, Section.ordinal, Section.numeral)
        .join(Section, col(Section.id) == col(Task.section_id))
        .where(col(Task.id).in_(list(task_ids)))
    ).all()
    return {
        task_id: (number, ordinal, numeral) for task_id, number, ordinal, numeral in rows if task_id
    }


def targets_of(*, session: Session, task_ids: Collection[int]) -> list[Target]:
    """The active targets of these tasks, by task and position."""
    if not task_ids:
        return []
    return list(
        session.exec(
            select(Target)
            .where(col(Target.task_id).in_(list(task_ids)), col(Target.removed_at).is_(None))
            .order_by(col(Target.task_id), col(Target.position), col(Target.id))
        ).all()
    )


def task_codes(*, session: Session, task_ids: Collection[int]) -> dict[int, str]:
    """``task_id → code`` for these tasks."""
    if not task_ids:
        return {}
    rows = session.exec(select(Task.id, Task.code).where(col(Task.id).in_(list(task_ids)))).all()
    return {task_id: code for task_id, code in rows if task_id is not None}


def removed_task_codes(*, session: Session, task_ids: Collection[int]) -> list[str]:
    """The codes of those tasks a revised notice removed."""
    if not task_ids:
        return []
    return list(
        session.exec(
            select(Task.code).where(
                col(Task.id).in_(list(task_ids)), col(Task.removed_at).is_not(None)
            )
        ).all()
    )


def targets_by_id(*, session: Session, ids: Collection[int]) -> dict[int, Target]:
    if not ids:
        return {}
    rows = session.exec(select(Target).where(col(Target.id).in_(list(ids)))).all()
    return {row.id: row for row in rows if row.id is not None}


# --- submissions ---------------------------------------------------------------------------


def add_submission(*, session: Session, submission: Submission) -> int:
    """Writes. The new submission's id."""
    session.add(submission)
    session.flush()
    assert submission.id is not None
    return submission.id


def submission(*, session: Session, submission_id: int) -> Submission | None:
    return session.get(Submission, submission_id)


def claim_submission(
    *, session: Session, submission_id: int, status: SubmissionStatus, now: datetime
) -> bool:
    """Writes. Move a pending submission to ``status``; False when it was no longer pending
    (a second tap, a redelivered press): only one of them may act on it."""
    result = session.execute(
        update(Submission)
        .where(
            col(Submission.id) == submission_id,
            col(Submission.status) == SubmissionStatus.PENDING,
        )
        .values(status=status, decided_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def discard_pending_for_message(
    *, session: Session, chat_id: int, message_id: int, now: datetime
) -> None:
    """Writes. A message read again (edited) makes its earlier unconfirmed reading stale."""
    session.execute(
        update(Submission)
        .where(
            col(Submission.chat_id) == chat_id,
            col(Submission.message_id) == message_id,
            col(Submission.status) == SubmissionStatus.PENDING,
        )
        .values(status=SubmissionStatus.DISCARDED, decided_at=now)
    )


def set_preview_message(*, session: Session, submission_id: int, message_id: int) -> None:
    """Writes. Which bot message shows the submission (to edit it when decided)."""
    session.execute(
        update(Submission)
        .where(col(Submission.id) == submission_id)
        .values(preview_message_id=message_id)
    )


# --- reports ---------------------------------------------------------------------------------


def latest_report(
    *,
    session: Session,
    task_id: int,
    department_id: int,
    deadline_id: int | None,
    deadline_due: date | None,
) -> Report | None:
    """The department's newest report on the task for that deadline occurrence."""
    return session.exec(
        select(Report)
        .where(
            col(Report.task_id) == task_id,
            col(Report.department_id) == department_id,
            col(Report.deadline_id) == deadline_id,
            col(Report.deadline_due) == deadline_due,
        )
        .order_by(col(Report.created_at).desc(), col(Report.id).desc())
        .limit(1)
    ).first()


def add_report(*, session: Session, report: Report, figures: Sequence[ReportFigure]) -> int:
    """Writes. A report and its figures; the report's id."""
    session.add(report)
    session.flush()
    assert report.id is not None
    for figure in figures:
        figure.report_id = report.id
        session.add(figure)
    session.flush()
    return report.id


def period_reports(
    *,
    session: Session,
    department_ids: Collection[int],
    deadline_id: int | None,
    deadline_due: date | None,
    task_id: int | None = None,
) -> list[tuple[Report, Task, str, str | None]]:
    """``(report, task, department name, liaison name)`` of these departments for one deadline
    occurrence, oldest first; one task's only when ``task_id`` is given."""
    if not department_ids:
        return []
    query = (
        select(Report, Task, Department.name, Liaison.full_name)
        .join(Task, col(Task.id) == col(Report.task_id))
        .join(Department, col(Department.id) == col(Report.department_id))
        .join(Liaison, col(Liaison.id) == col(Report.liaison_id), isouter=True)
        .where(
            col(Report.department_id).in_(list(department_ids)),
            col(Report.deadline_id) == deadline_id,
            col(Report.deadline_due) == deadline_due,
        )
        .order_by(col(Report.created_at), col(Report.id))
    )
    if task_id is not None:
        query = query.where(col(Report.task_id) == task_id)
    return list(session.exec(query).all())


def figures_of(
    *, session: Session, report_ids: Collection[int]
) -> list[tuple[ReportFigure, Target]]:
    """The figures of these reports with their targets, in target order."""
    if not report_ids:
        return []
    return list(
        session.exec(
            select(ReportFigure, Target)
            .join(Target, col(Target.id) == col(ReportFigure.target_id))
            .where(col(ReportFigure.report_id).in_(list(report_ids)))
            .order_by(col(ReportFigure.report_id), col(Target.position))
        ).all()
    )


def reported_task_ids(
    *,
    session: Session,
    department_ids: Collection[int],
    deadline_id: int | None,
    deadline_due: date | None,
) -> set[int]:
    """Tasks any of these departments has reported on for that deadline occurrence."""
    if not department_ids:
        return set()
    rows = session.exec(
        select(Report.task_id)
        .where(
            col(Report.department_id).in_(list(department_ids)),
            col(Report.deadline_id) == deadline_id,
            col(Report.deadline_due) == deadline_due,
        )
        .distinct()
    ).all()
    return set(rows)


# --- what bot messages list, what users edit ------------------------------------------------


def replace_listing(
    *, session: Session, chat_id: int, message_id: int, task_ids: Sequence[int], now: datetime
) -> None:
    """Writes. The tasks a bot message lists now (a page turned in place lists others)."""
    session.execute(
        delete(ListedTask).where(
            col(ListedTask.chat_id) == chat_id, col(ListedTask.message_id) == message_id
        )
    )
    for position, task_id in enumerate(dict.fromkeys(task_ids)):
        session.add(
            ListedTask(
                chat_id=chat_id,
                message_id=message_id,
                task_id=task_id,
                position=position,
                listed_at=now,
            )
        )
    session.flush()


def listed_task_ids(*, session: Session, chat_id: int, message_id: int) -> list[int]:
    return list(
        session.exec(
            select(ListedTask.task_id)
            .where(col(ListedTask.chat_id) == chat_id, col(ListedTask.message_id) == message_id)
            .order_by(col(ListedTask.position))
        ).all()
    )


def add_edit(*, session: Session, edit: MessageEdit) -> bool:
    """Writes. One version of an edited message; the original stays in ``inbound_message``.
    False (and nothing written) when this very edit was stored already (delivered twice)."""
    seen = session.exec(
        select(MessageEdit.id).where(
            col(MessageEdit.chat_id) == edit.chat_id,
            col(MessageEdit.message_id) == edit.message_id,
            col(MessageEdit.edited_at) == edit.edited_at,
        )
    ).first()
    if seen is not None:
        return False
    session.add(edit)
    session.execute(
        update(InboundMessage)
        .where(
            col(InboundMessage.chat_id) == edit.chat_id,
            col(InboundMessage.message_id) == edit.message_id,
        )
        .values(edited_at=edit.edited_at)
    )
    session.flush()
    return True


def message_was_read(*, session: Session, chat_id: int, message_id: int) -> bool:
    """Whether any reading (pending, confirmed or set aside) came from this message."""
    found = session.exec(
        select(Submission.id)
        .where(col(Submission.chat_id) == chat_id, col(Submission.message_id) == message_id)
        .limit(1)
    ).first()
    return found is not None


def task_texts(*, session: Session, task_ids: Collection[int]) -> dict[int, str]:
    """``task_id → the task's full text`` (what a reply naming it by content is matched to)."""
    if not task_ids:
        return {}
    rows = session.exec(select(Task.id, Task.text).where(col(Task.id).in_(list(task_ids)))).all()
    return {task_id: text for task_id, text in rows if task_id is not None}

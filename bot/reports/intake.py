"""Progress reports: a message read and kept as a submission until Confirm, and the reports it
becomes. Who reports on what, and the round a report counts for, is ``bot.reports.rounds``.

Two ways in, one way to storage. A free-text message is read (``bot.reading``) and kept as a
*pending* submission that the liaison confirms; the guided /report flow builds the same entries
with buttons and confirms at once. ``confirm_submission`` / ``submit_entries`` write the
submission's reports and figures in the caller's one transaction, each report superseding the
department's previous one on that task for that deadline, so history is never overwritten.
Nothing here imports Telegram; the SQL lives in ``db.reports`` and ``db.tasks``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session

from bot.plans.taskview import TaskLine, current_plan_id, tasks_for_departments
from bot.reading import (
    FigureReading,
    Reading,
    TaskReading,
    read_reply,
)
from bot.reports.history import FigureView, ReportView, latest_reports
from bot.reports.rounds import Period, Reporter, ReportError, department_tasks, reporting_period
from db import reports as store
from db.enums import ReportStatus, SubmissionSource, SubmissionStatus
from db.models import Report, ReportFigure, Submission

__all__ = [
    "Entry",
    "EntryView",
    "Figure",
    "Preview",
    "confirm_submission",
    "discard_submission",
    "effective_status",
    "read_for_department",
    "read_message",
    "reread_submission",
    "submit_entries",
]


@dataclass(frozen=True)
class Figure:
    target_id: int
    value: float  # in the target's unit
    raw: str  # the words it came from


@dataclass(frozen=True)
class Entry:
    """What is reported on one task."""

    task_id: int
    status: ReportStatus
    percent: float | None = None
    figures: tuple[Figure, ...] = ()
    note: str = ""
    stated: bool = True  # False: the status was not said and is inferred (see effective_status)


@dataclass(frozen=True)
class EntryView:
    task_id: int
    code: str
    title: str
    status: ReportStatus
    stated: bool
    percent: float | None
    figures: tuple[FigureView, ...]
    note: str
    # named by content and unsure: where in the message (for ``reread_submission``) and the
    # other tasks, as (task_id, code), it may be about instead
    at: int = -1
    candidates: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Preview:
    """What the bot read in a message, for the liaison to confirm."""

    submission_id: int | None  # None when nothing could be tied to a task (nothing to confirm)
    period: Period | None
    entries: tuple[EntryView, ...]
    unattributed: str
    foreign_codes: tuple[str, ...]  # task codes named that are not the department's
    # a reply to several tasks naming none: the listed tasks as (task_id, code, title), to ask
    ask: tuple[tuple[int, str, str], ...] = ()


# --- free text -------------------------------------------------------------------------------


def read_message(
    *,
    session: Session,
    reporter: Reporter,
    chat_id: int,
    message_id: int,
    text: str,
    reply_to: int | None,
    source: SubmissionSource,
    today: date,
    grace_days: int,
    now: datetime,
    scope_ids: Sequence[int] | None = None,
    assign: Mapping[int, int] | None = None,
) -> Preview:
    """Read a liaison's message as a report and keep what was read as a pending submission.

    ``reply_to`` is the bot message it answers: the tasks that message listed are the
    candidates (``scope_ids``, when given, are them instead). ``assign``: the liaison's choice
    of task for clauses read unsure (offset → task id). A message read again (``source`` EDIT)
    discards its earlier unconfirmed reading.
    """
    plan_id, lines, refs = department_tasks(session, reporter.department_ids)
    period = reporting_period(session=session, plan_id=plan_id, today=today, grace_days=grace_days)
    scope = None
    mine = {ref.task_id for ref in refs}
    if scope_ids is not None:
        scope = [task_id for task_id in scope_ids if task_id in mine] or None
    elif reply_to is not None:
        listed = store.listed_task_ids(session=session, chat_id=chat_id, message_id=reply_to)
        scope = [task_id for task_id in listed if task_id in mine] or None
    assign = {at: task_id for at, task_id in (assign or {}).items() if task_id in mine}
    reading = read_reply(text, refs, scope=scope, assign=assign)
    entries = tuple(_entry(task) for task in reading.tasks)
    if source is SubmissionSource.EDIT:
        store.discard_pending_for_message(
            session=session, chat_id=chat_id, message_id=message_id, now=now
        )
    by_code = {ref.code: ref.task_id for ref in refs}
    titles = {line.task_id: line.title for line in lines}
    ask = tuple(
        (by_code[code], code, titles.get(by_code[code], ""))
        for code in reading.ask
        if code in by_code
    )
    submission_id = None
    if entries or ask:  # a question to ask keeps the text too, to read it again once answered
        submission_id = store.add_submission(
            session=session,
            submission=Submission(
                telegram_user_id=reporter.telegram_user_id,
                liaison_id=reporter.liaison_id,
                chat_id=chat_id,
                message_id=message_id,
                source=source,
                raw_text=text,
                reading=_dump(entries, reading, scope=scope, assign=assign),
                unattributed=reading.unattributed or None,
                deadline_id=period.deadline_id if period else None,
                deadline_due=period.due if period else None,
                status=SubmissionStatus.PENDING,
                created_at=now,
            ),
        )
    unsure = {
        t.task_id: (t.at, tuple((by_code[c], c) for c in t.candidates if c in by_code))
        for t in reading.tasks
        if t.unsure
    }
    views = [
        replace(view, at=unsure[view.task_id][0], candidates=unsure[view.task_id][1])
        if view.task_id in unsure
        else view
        for view in _entry_views(session, entries, lines)
    ]
    return Preview(
        submission_id=submission_id,
        period=period,
        entries=tuple(views),
        unattributed=reading.unattributed,
        foreign_codes=tuple(reading.foreign_codes),
        ask=ask,
    )


def reread_submission(
    *,
    session: Session,
    reporter: Reporter,
    submission_id: int,
    task_id: int,
    at: int | None,
    today: date,
    grace_days: int,
    now: datetime,
) -> Preview:
    """The liaison chose ``task_id``: for the unsure clause at offset ``at``, or (``at`` None)
    as the task a reply naming none is about. The pending reading is set aside and the message
    read again with that choice (and the earlier ones), kept as a new pending submission."""
    row = store.submission(session=session, submission_id=submission_id)
    if row is None or row.telegram_user_id != reporter.telegram_user_id:
        raise ReportError("gone")
    kept = json.loads(row.reading)
    scope = [task_id] if at is None else kept.get("scope")
    assign = {int(k): int(v) for k, v in (kept.get("assign") or {}).items()}
    if at is not None:
        assign[at] = task_id
    _decide(session, reporter, submission_id, SubmissionStatus.DISCARDED, now)
    return read_message(
        session=session,
        reporter=reporter,
        chat_id=row.chat_id,
        message_id=row.message_id or 0,
        text=row.raw_text,
        reply_to=None,
        source=row.source,
        today=today,
        grace_days=grace_days,
        now=now,
        scope_ids=scope,
        assign=assign,
    )


def _entry(task: TaskReading) -> Entry:
    status, stated = effective_status(task)
    return Entry(
        task_id=task.task_id,
        status=status,
        percent=task.percent,
        figures=tuple(_figure(f) for f in task.figures),
        note=task.note,
        stated=stated,
    )


def _figure(figure: FigureReading) -> Figure:
    return Figure(target_id=figure.target_id, value=figure.value, raw=figure.raw)


def effective_status(task: TaskReading) -> tuple[ReportStatus, bool]:
    """The status to store, and whether the liaison said it.

    When they did not: 100% or more reads as done, anything else as on pace (序时推进) — a
    liaison who sends figures without a word of trouble is reporting progress. The preview
    says the status was inferred, so a wrong guess is one tap (Edit) away.
    """
    if task.status is not None:
        return task.status, True
    if task.percent is not None and task.percent >= 100:
        return ReportStatus.DONE, False
    return ReportStatus.ON_TRACK, False


def _dump(
    entries: Sequence[Entry],
    reading: Reading,
    *,
    scope: Sequence[int] | None = None,
    assign: Mapping[int, int] | None = None,
) -> str:
    return json.dumps(
        {
            "scope": list(scope) if scope else None,
            "assign": {str(k): v for k, v in (assign or {}).items()},
            "entries": [
                {
                    "task_id": e.task_id,
                    "status": e.status.value,
                    "stated": e.stated,
                    "percent": e.percent,
                    "figures": [
                        {"target_id": f.target_id, "value": f.value, "raw": f.raw}
                        for f in e.figures
                    ],
                    "note": e.note,
                }
                for e in entries
            ],
            "unattributed": reading.unattributed,
            "foreign_codes": list(reading.foreign_codes),
        },
        ensure_ascii=False,
    )


def _load(reading: str) -> list[Entry]:
    data = json.loads(reading)
    return [
        Entry(
            task_id=int(e["task_id"]),
            status=ReportStatus(e["status"]),
            percent=e["percent"],
            figures=tuple(
                Figure(int(f["target_id"]), float(f["value"]), str(f["raw"])) for f in e["figures"]
            ),
            note=str(e["note"]),
            stated=bool(e["stated"]),
        )
        for e in data["entries"]
    ]


# --- storing ---------------------------------------------------------------------------------


def confirm_submission(
    *,
    session: Session,
    reporter: Reporter,
    submission_id: int,
    now: datetime,
    period: Period | None = None,
) -> list[ReportView]:
    """Confirm a pending submission: its reports are stored, once, whoever taps twice.

    ``period`` is the reporting period now (``reporting_period``): when it carries a deadline
    just passed, a task not yet reported for that one is stored for it, late (see ``_store``)."""
    row = _decide(session, reporter, submission_id, SubmissionStatus.CONFIRMED, now)
    return _store(session, reporter, row, _load(row.reading), now, period)


def discard_submission(
    *, session: Session, reporter: Reporter, submission_id: int, now: datetime
) -> list[tuple[int, str]]:
    """Edit pressed: the reading is set aside (kept, never stored as reports). Its tasks, as
    (id, code), to offer filling each in with buttons."""
    row = _decide(session, reporter, submission_id, SubmissionStatus.DISCARDED, now)
    ids = [entry.task_id for entry in _load(row.reading)]
    codes = store.task_codes(session=session, task_ids=ids)
    return [(task_id, codes[task_id]) for task_id in ids if task_id in codes]


def _decide(
    session: Session,
    reporter: Reporter,
    submission_id: int,
    status: SubmissionStatus,
    now: datetime,
) -> Submission:
    """The reporter's own pending submission, moved to ``status`` — by one tap only."""
    row = store.submission(session=session, submission_id=submission_id)
    if row is None or row.telegram_user_id != reporter.telegram_user_id:
        raise ReportError("gone")
    if not store.claim_submission(
        session=session, submission_id=submission_id, status=status, now=now
    ):
        code = "already_confirmed" if row.status is SubmissionStatus.CONFIRMED else "discarded"
        raise ReportError(code)
    return row


def submit_entries(
    *,
    session: Session,
    reporter: Reporter,
    chat_id: int,
    entries: Sequence[Entry],
    raw_text: str,
    period: Period | None,
    now: datetime,
) -> list[ReportView]:
    """Store what the guided flow gathered: a confirmed submission and its reports."""
    row = Submission(
        telegram_user_id=reporter.telegram_user_id,
        liaison_id=reporter.liaison_id,
        chat_id=chat_id,
        source=SubmissionSource.GUIDED,
        raw_text=raw_text,
        reading=_dump(entries, Reading(tasks=(), unattributed="", foreign_codes=())),
        deadline_id=period.deadline_id if period else None,
        deadline_due=period.due if period else None,
        status=SubmissionStatus.CONFIRMED,
        created_at=now,
        decided_at=now,
    )
    store.add_submission(session=session, submission=row)
    return _store(session, reporter, row, list(entries), now, period)


def _store(
    session: Session,
    reporter: Reporter,
    row: Submission,
    entries: list[Entry],
    now: datetime,
    period: Period | None,
) -> list[ReportView]:
    """Store each entry as a report for the submission's occurrence — or, when ``period``
    carries a deadline just passed beyond its grace (``period.passed``) and the department has
    no report on the task for it, for that one, as 逾期报送: a late report fills the gap of the
    deadline it was owed for, and the next deadline still needs its own report. A task already
    reported for the passed deadline counts for the next one as usual."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise ReportError("no_plan")
    lines = {
        line.task_id: line
        for line in tasks_for_departments(
            session=session, plan_id=plan_id, department_ids=reporter.department_ids
        )
    }
    foreign = [entry.task_id for entry in entries if entry.task_id not in lines]
    removed = store.removed_task_codes(session=session, task_ids=foreign)
    if removed:  # a revised notice dropped the task between reading and Confirm
        raise ReportError("task_removed", codes=removed)
    if foreign:  # the liaison lost a department, or a forged button: store nothing
        raise ReportError("not_yours")
    targets = store.targets_by_id(
        session=session, ids=[f.target_id for e in entries for f in e.figures]
    )
    passed = _passed(row, period)
    chosen: dict[int, tuple[int | None, date | None]] = {}
    for entry in entries:
        department_id = lines[entry.task_id].department_ids[0]
        occurrence = (row.deadline_id, row.deadline_due)
        if passed is not None and not _has_report(session, entry.task_id, department_id, passed):
            occurrence = (passed.deadline_id, passed.due)
        previous = store.latest_report(
            session=session,
            task_id=entry.task_id,
            department_id=department_id,
            deadline_id=occurrence[0],
            deadline_due=occurrence[1],
        )
        chosen[entry.task_id] = occurrence
        store.add_report(
            session=session,
            report=Report(
                task_id=entry.task_id,
                department_id=department_id,
                liaison_id=reporter.liaison_id,
                deadline_id=occurrence[0],
                deadline_due=occurrence[1],
                submission_id=row.id,
                status=entry.status,
                percent=entry.percent,
                note=entry.note or None,
                raw_text=row.raw_text,
                chat_id=row.chat_id,
                message_id=row.message_id,
                supersedes_id=previous.id if previous else None,
                created_at=now,
                updated_at=now,
            ),
            figures=[
                ReportFigure(report_id=0, target_id=f.target_id, value=f.value, raw=f.raw)
                for f in entry.figures
                if f.target_id in targets and targets[f.target_id].task_id == entry.task_id
            ],
        )
    late = _late_occurrences(period, passed)
    views: list[ReportView] = []
    for occurrence in dict.fromkeys(chosen.values()):
        mine = {task_id for task_id, used in chosen.items() if used == occurrence}
        overdue = late.get(occurrence)
        views += [
            replace(view, late_for=overdue.name, days_late=overdue.days_late)
            if overdue and view.version == 1
            else view
            for view in latest_reports(
                session=session,
                department_ids=reporter.department_ids,
                deadline_id=occurrence[0],
                deadline_due=occurrence[1],
            )
            if view.task_id in mine
        ]
    order = {entry.task_id: i for i, entry in enumerate(entries)}
    return sorted(views, key=lambda view: order.get(view.task_id, len(order)))


def _passed(row: Submission, period: Period | None) -> Period | None:
    """The deadline just passed whose gaps this submission's reports fill late, if any: the
    period's ``passed``, unless it is the submission's own occurrence."""
    passed = period.passed if period is not None else None
    if passed is None or (passed.deadline_id, passed.due) == (row.deadline_id, row.deadline_due):
        return None
    return passed


def _late_occurrences(
    period: Period | None, passed: Period | None
) -> dict[tuple[int | None, date | None], Period]:
    """The occurrences a first report stored now is 逾期报送 for, keyed as stored (a later
    version on a task already reported for it is an update, not late)."""
    late: dict[tuple[int | None, date | None], Period] = {}
    if passed is not None:
        late[(passed.deadline_id, passed.due)] = passed
    if period is not None and period.late:
        late[(period.deadline_id, period.due)] = period
    return late


def _has_report(session: Session, task_id: int, department_id: int, period: Period) -> bool:
    return (
        store.latest_report(
            session=session,
            task_id=task_id,
            department_id=department_id,
            deadline_id=period.deadline_id,
            deadline_due=period.due,
        )
        is not None
    )


def _entry_views(
    session: Session, entries: Sequence[Entry], lines: Sequence[TaskLine]
) -> list[EntryView]:
    by_id = {line.task_id: line for line in lines}
    targets = store.targets_by_id(
        session=session, ids=[f.target_id for e in entries for f in e.figures]
    )
    return [
        EntryView(
            task_id=entry.task_id,
            code=by_id[entry.task_id].code,
            title=by_id[entry.task_id].title,
            status=entry.status,
            stated=entry.stated,
            percent=entry.percent,
            figures=tuple(
                FigureView(targets[f.target_id].subject, f.value, targets[f.target_id].unit)
                for f in entry.figures
                if f.target_id in targets
            ),
            note=entry.note,
        )
        for entry in entries
        if entry.task_id in by_id
    ]


def read_for_department(
    *, session: Session, department_id: int, text: str, reply_to_codes: Sequence[str] = ()
) -> Reading:
    """What the bot would read in ``text`` from this department's liaison — nothing stored.

    ``reply_to_codes`` stand for the tasks of the bot message replied to (``duban read-reply
    --reply-to``); a code the department does not have is refused (``unknown_codes``).
    """
    _, _, refs = department_tasks(session, [department_id])
    by_code = {_code_key(ref.code): ref.task_id for ref in refs}
    unknown = [code for code in reply_to_codes if _code_key(code) not in by_code]
    if unknown:
        raise ReportError("unknown_codes", codes=unknown, known=[ref.code for ref in refs])
    scope = [by_code[_code_key(code)] for code in reply_to_codes] or None
    return read_reply(text, refs, scope=scope)


def _code_key(code: str) -> str:
    return code.strip().replace("．", ".").replace("、", ".")

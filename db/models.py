"""The tables of duban, for the whole product: plans and their tasks, departments and liaisons,
reports, reminders, invites, uploads awaiting confirmation and each user's language.

Rules every table follows, so the same schema runs on SQLite now and PostgreSQL later:

- portable types only; Telegram ids are ``BIGINT``; free text is ``TEXT``;
- every datetime is timezone-aware and stored as UTC (``DateTime(timezone=True)``, via
  SQLModel's ``UTCDateTime``; a naive datetime is refused on write);
- enums (``db.enums``) are short strings holding the ``StrEnum`` value (see ``db.types``);
- constraints and indexes are declared here, with names from one naming convention, so
  Alembic migrations can alter them by name;
- nothing a user reported is ever deleted by a cascade: a task dropped by a revised notice is
  marked ``removed_at``, and so are targets and notice deadlines.

Timestamps have no defaults: the caller passes ``now`` (time is an argument).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.enums import (
    Comparator,
    DeadlineSource,
    DeliveryStatus,
    PauseRequestStatus,
    ReportStatus,
    Role,
    SubmissionSource,
    SubmissionStatus,
    TargetKind,
    UploadStatus,
)
from db.types import StrEnumType

__all__ = [
    "Comparator",
    "Coordinator",
    "Deadline",
    "DeadlineSource",
    "DeliveryStatus",
    "Department",
    "DepartmentAlias",
    "DepartmentGroup",
    "DepartmentGroupMember",
    "DepartmentPause",
    "InboundMessage",
    "Invite",
    "Liaison",
    "LiaisonDepartment",
    "ListedTask",
    "MessageEdit",
    "PauseRequest",
    "PauseRequestStatus",
    "Plan",
    "ReminderDelivery",
    "ReminderSnooze",
    "Report",
    "ReportFigure",
    "ReportStatus",
    "Role",
    "Section",
    "Submission",
    "SubmissionSource",
    "SubmissionStatus",
    "Target",
    "TargetKind",
    "Task",
    "TaskAssignment",
    "Upload",
    "UploadStatus",
    "UserPreference",
]

# Deterministic constraint names: Alembic batch mode and PostgreSQL need them to alter or drop.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# --- departments -------------------------------------------------------------------------


class Department(SQLModel, table=True):
    """A unit that can be given tasks (区发展改革委); global, shared by every plan."""

    __tablename__ = "department"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: datetime


class DepartmentAlias(SQLModel, table=True):
    """Another name a notice used for a department (区康翔公司 → 康翔公司)."""

    __tablename__ = "department_alias"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    alias: str = Field(max_length=200, unique=True)


class DepartmentGroup(SQLModel, table=True):
    """A collective name standing for many departments (各管委会, 区政府各部门)."""

    __tablename__ = "department_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    created_at: datetime


class DepartmentGroupMember(SQLModel, table=True):
    """Which departments a group stands for; the coordinator fills it in."""

    __tablename__ = "department_group_member"

    group_id: int = Field(foreign_key="department_group.id", primary_key=True, ondelete="CASCADE")
    department_id: int = Field(
        foreign_key="department.id", primary_key=True, index=True, ondelete="CASCADE"
    )


# --- people ------------------------------------------------------------------------------


class Liaison(SQLModel, table=True):
    """A department's 联络员, known by their Telegram account."""

    __tablename__ = "liaison"

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, unique=True)
    full_name: str = Field(max_length=200)
    username: str | None = Field(default=None, max_length=64)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)
    unreachable_since: datetime | None = None  # set when Telegram refuses delivery (blocked bot)
    created_at: datetime


class LiaisonDepartment(SQLModel, table=True):
    """A liaison may serve several departments, and a department may have several liaisons."""

    __tablename__ = "liaison_department"

    liaison_id: int = Field(foreign_key="liaison.id", primary_key=True, ondelete="CASCADE")
    department_id: int = Field(foreign_key="department.id", primary_key=True, index=True)


class Coordinator(SQLModel, table=True):
    """A coordinator added from the command line, beyond those named in the settings."""

    __tablename__ = "coordinator"

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, unique=True)
    added_at: datetime


class UserPreference(SQLModel, table=True):
    """The language a Telegram user chose (/lang); anyone may choose, not only liaisons."""

    __tablename__ = "user_preference"

    # Telegram's id, never generated here
    telegram_user_id: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    language: str = Field(max_length=16)
    updated_at: datetime


# --- the plan read from a notice ---------------------------------------------------------


class Plan(SQLModel, table=True):
    """One notice's task list (任务分解); a revised notice updates the same plan."""

    __tablename__ = "plan"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=Text)
    # the normalized title: how a revised notice finds the plan it updates
    title_key: str = Field(max_length=500, unique=True)
    issuer: str | None = Field(default=None, sa_type=Text)
    issued_on: date | None = None
    year: int | None = None
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: str | None = Field(default=None, max_length=100)
    contact_email: str | None = Field(default=None, max_length=200)
    source_name: str = Field(max_length=500)
    source_sha256: str = Field(max_length=64, index=True)
    imported_at: datetime
    updated_at: datetime


class Section(SQLModel, table=True):
    """A numbered part of the notice's table (三、…)."""

    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("plan_id", "numeral"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    numeral: str = Field(max_length=16)  # "三"
    ordinal: int  # 3
    title: str = Field(sa_type=Text)


class Task(SQLModel, table=True):
    """A numbered task of the notice (三.2); never deleted, only marked ``removed_at``."""

    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    section_id: int = Field(foreign_key="section.id", index=True)
    code: str = Field(max_length=32)  # "三.2"
    number: int  # 2
    category: str | None = Field(default=None, max_length=200)
    text: str = Field(sa_type=Text)
    position: int  # order in the notice, 0-based
    removed_at: datetime | None = None  # a revised notice dropped it
    due: date | None = None  # its own time limit (完成时限) as a day; None: none, or open
    due_text: str | None = Field(default=None, max_length=100)  # that limit as the notice words it


class TaskAssignment(SQLModel, table=True):
    """A unit answerable for a task: a department or a group, as lead or support."""

    __tablename__ = "task_assignment"
    __table_args__ = (
        CheckConstraint(
            "(department_id IS NOT NULL AND group_id IS NULL)"
            " OR (department_id IS NULL AND group_id IS NOT NULL)",
            name="one_assignee",
        ),
        # NULLs are distinct, so each pair only constrains the rows it applies to
        UniqueConstraint("task_id", "department_id", "role"),
        UniqueConstraint("task_id", "group_id", "role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="department_group.id", index=True)
    role: Role = Field(sa_type=StrEnumType(Role))
    position: int  # order within the role's list, as the notice names them


class Target(SQLModel, table=True):
    """A quantitative target inside a task's text (新增发明专利200件)."""

    __tablename__ = "target"
    # not unique: a removed target keeps its old place while a new one takes it
    __table_args__ = (Index(None, "task_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    position: int
    subject: str = Field(sa_type=Text)
    comparator: Comparator = Field(sa_type=StrEnumType(Comparator))
    value: float
    unit: str = Field(max_length=32)
    kind: TargetKind = Field(sa_type=StrEnumType(TargetKind))
    text: str = Field(sa_type=Text)
    # a revision dropped it; kept because reported figures point at it
    removed_at: datetime | None = None


class Deadline(SQLModel, table=True):
    """A reporting deadline (上半年, due 7月15日), from the notice or set by hand."""

    __tablename__ = "deadline"
    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    name: str = Field(max_length=100)
    due: date
    rule: str | None = Field(default=None, sa_type=Text)  # RFC 5545 RRULE when recurring
    source: DeadlineSource = Field(sa_type=StrEnumType(DeadlineSource))
    removed_at: datetime | None = None


# --- what users sent ---------------------------------------------------------------------


class Submission(SQLModel, table=True):
    """One thing a liaison sent as a report — a message read by the bot, or a /report filled
    in with buttons — with what the bot understood; Confirm turns it into ``report`` rows."""

    __tablename__ = "submission"
    __table_args__ = (Index(None, "chat_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, index=True)
    liaison_id: int | None = Field(default=None, foreign_key="liaison.id")
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)  # the user's message read
    source: SubmissionSource = Field(sa_type=StrEnumType(SubmissionSource))
    raw_text: str = Field(sa_type=Text)  # what the user typed, verbatim
    reading: str = Field(sa_type=Text)  # what the bot understood, as JSON
    unattributed: str | None = Field(default=None, sa_type=Text)  # words tied to no task
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id")
    deadline_due: date | None = None  # the occurrence reported for (recurring deadlines)
    status: SubmissionStatus = Field(sa_type=StrEnumType(SubmissionStatus))
    preview_message_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime
    decided_at: datetime | None = None


class Report(SQLModel, table=True):
    """A department's progress on a task, as a liaison reported it; a correction supersedes."""

    __tablename__ = "report"
    __table_args__ = (
        # a submission confirmed twice (a double tap, a redelivered press) is stored once
        UniqueConstraint("submission_id", "task_id", "department_id"),
        # a task's newest report for a deadline occurrence is this index's first entry
        # (db/summary.py); explicit names: the convention's would pass PostgreSQL's 63 bytes
        Index(
            "ix_report_latest_per_task",
            "task_id",
            "deadline_id",
            "deadline_due",
            "created_at",
            "id",
        ),
        # a department's reports on a task for an occurrence, newest first: "did it report?"
        # and "its latest report" are one seek
        Index(
            "ix_report_per_department",
            "task_id",
            "department_id",
            "deadline_id",
            "deadline_due",
            "created_at",
            "id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id")
    department_id: int = Field(foreign_key="department.id", index=True)
    liaison_id: int | None = Field(default=None, foreign_key="liaison.id", index=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)
    deadline_due: date | None = None  # the occurrence reported for (recurring deadlines)
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    status: ReportStatus = Field(sa_type=StrEnumType(ReportStatus))
    percent: float | None = None
    note: str | None = Field(default=None, sa_type=Text)
    raw_text: str = Field(sa_type=Text)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    supersedes_id: int | None = Field(default=None, foreign_key="report.id", index=True)
    created_at: datetime
    updated_at: datetime


class ReportFigure(SQLModel, table=True):
    """A number a report gave for one of the task's targets (新增发明专利215件 → 215)."""

    __tablename__ = "report_figure"
    __table_args__ = (UniqueConstraint("report_id", "target_id"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id")
    target_id: int = Field(foreign_key="target.id", index=True)
    value: float
    raw: str = Field(sa_type=Text)


class InboundMessage(SQLModel, table=True):
    """Every message a user sent the bot, kept raw even when it could not be read."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    user_id: int = Field(sa_type=BigInteger, index=True)
    text: str | None = Field(default=None, sa_type=Text)  # None: no text (a sticker, a photo)
    # the Telegram app's language when it was sent (IETF tag): what scheduled messages, which
    # have no update to read it from, speak when the user never chose one with /lang
    language_code: str | None = Field(default=None, max_length=35)
    received_at: datetime
    edited_at: datetime | None = None
    # a file, photo, voice note or video sent with the message (its caption is ``text``): what
    # the coordinator's /files lists and the bot re-sends by file_id; all None for plain text
    file_kind: str | None = Field(default=None, max_length=16)  # photo, document, voice, …
    file_id: str | None = Field(default=None, max_length=255)
    file_unique_id: str | None = Field(default=None, max_length=64)
    file_name: str | None = Field(default=None, max_length=255)
    file_size: int | None = Field(default=None, sa_type=BigInteger)
    mime_type: str | None = Field(default=None, max_length=100)


class MessageEdit(SQLModel, table=True):
    """A message the user edited in Telegram: every version is kept, the original too."""

    __tablename__ = "message_edit"
    __table_args__ = (Index(None, "chat_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    user_id: int = Field(sa_type=BigInteger)
    text: str | None = Field(default=None, sa_type=Text)
    edited_at: datetime  # Telegram's edit_date


class Upload(SQLModel, table=True):
    """A notice file a coordinator sent in Telegram, kept until they press Confirm or Cancel."""

    __tablename__ = "upload"

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, index=True)
    chat_id: int = Field(sa_type=BigInteger)
    file_name: str = Field(max_length=255)
    content: bytes = Field(sa_type=LargeBinary)
    sha256: str = Field(max_length=64)
    status: UploadStatus = Field(sa_type=StrEnumType(UploadStatus))
    plan_id: int | None = Field(default=None, foreign_key="plan.id")  # the plan it became
    created_at: datetime
    decided_at: datetime | None = None  # when Confirm or Cancel was pressed


# --- what the bot sent -------------------------------------------------------------------


class ListedTask(SQLModel, table=True):
    """The tasks a bot message lists (a task list page, a reminder), so that a reply to that
    message is read as being about them."""

    __tablename__ = "listed_task"

    chat_id: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    message_id: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    position: int
    listed_at: datetime


class ReminderDelivery(SQLModel, table=True):
    """The ledger of what the scheduler sends: one row per message owed (a reminder to a
    liaison, an escalation or a digest to a coordinator, a calendar warning), keyed so that the
    same thing is never enqueued twice; the sender drains the ``pending`` rows."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (Index(None, "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)  # derived from what is due; idempotency key
    kind: str = Field(max_length=32)  # before, due, after, snoozed, escalation, digest, calendar
    slot: str = Field(max_length=32)  # which slot of the rhythm: before-14, due, after-2, …
    chat_id: int = Field(sa_type=BigInteger)  # the recipient's private chat
    liaison_id: int | None = Field(default=None, foreign_key="liaison.id", index=True)
    deadline_id: int | None = Field(default=None, foreign_key="deadline.id", index=True)
    deadline_due: date | None = None  # the occurrence (recurring deadlines)
    due_at: datetime  # when the planner said it was owed
    status: DeliveryStatus = Field(sa_type=StrEnumType(DeliveryStatus))
    attempts: int = 0
    next_attempt_at: datetime  # not before this (retry_after, backoff)
    last_error: str | None = Field(default=None, sa_type=Text)
    sent_at: datetime | None = None
    telegram_message_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime
    updated_at: datetime


class DepartmentPause(SQLModel, table=True):
    """A department on leave (休假, 出差) until a date: no reminders, and not counted late."""

    __tablename__ = "department_pause"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", unique=True)
    until: date  # the last day of the pause, inclusive
    reason: str | None = Field(default=None, sa_type=Text)
    set_by: int = Field(sa_type=BigInteger)  # Telegram user id
    updated_at: datetime


class PauseRequest(SQLModel, table=True):
    """A liaison asked to pause their departments' reminders (出差, 休假) until a date; a
    coordinator approves (the pause is set) or declines. Kept after the decision."""

    __tablename__ = "pause_request"

    id: int | None = Field(default=None, primary_key=True)
    liaison_id: int = Field(foreign_key="liaison.id", index=True)
    telegram_user_id: int = Field(sa_type=BigInteger)  # who asked (their private chat's id)
    department_ids: str = Field(max_length=500)  # the departments, as comma-separated ids
    until: date  # the last day of the pause asked for, inclusive
    reason: str | None = Field(default=None, sa_type=Text)
    status: PauseRequestStatus = Field(sa_type=StrEnumType(PauseRequestStatus))
    decided_by: int | None = Field(default=None, sa_type=BigInteger)  # a coordinator's id
    created_at: datetime
    decided_at: datetime | None = None


class ReminderSnooze(SQLModel, table=True):
    """A liaison's 下个工作日再提醒 on one deadline occurrence: nothing before ``until``, then once."""

    __tablename__ = "reminder_snooze"
    __table_args__ = (UniqueConstraint("liaison_id", "deadline_id", "deadline_due"),)

    id: int | None = Field(default=None, primary_key=True)
    liaison_id: int = Field(foreign_key="liaison.id")
    deadline_id: int = Field(foreign_key="deadline.id")
    deadline_due: date
    until: datetime
    created_at: datetime


class Invite(SQLModel, table=True):
    """A one-time invite link for a department's liaison; only the code's hash is stored."""

    __tablename__ = "invite"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)  # sha256 hex of the code
    department_id: int = Field(foreign_key="department.id", index=True)
    created_by: int | None = Field(default=None, sa_type=BigInteger)  # Telegram user id
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by_liaison_id: int | None = Field(default=None, foreign_key="liaison.id")

"""The domain's words that the importer, the services, the views and the tables share: a unit's
role on a task, how a target is measured and compared, a report's status, and the states of
deadlines, deliveries, submissions, pause requests and uploads. Stored as their string values
(``db.types``); nothing here imports anything of the project."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


class Comparator(StrEnum):
    AT_LEAST = "at_least"
    ABOUT = "about"
    EQUAL = "equal"


class TargetKind(StrEnum):
    LEVEL = "level"  # an amount: 200件, 10亿元
    GROWTH = "growth"  # a growth rate: 增长6%
    RATIO = "ratio"  # a share or rate: 参保率96%, 利用率38%


class ReportStatus(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_STARTED = "not_started"


class DeadlineSource(StrEnum):
    NOTICE = "notice"  # read from the notice; a revised notice may remove it
    MANUAL = "manual"  # set by the coordinator; an import never touches it


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # owed; the sender picks it up at next_attempt_at
    SENDING = "sending"  # handed to Telegram; back to pending if the process died meanwhile
    SENT = "sent"
    SKIPPED = "skipped"  # no longer owed when its turn came (reported, paused, removed)
    FAILED = "failed"  # gave up after the retries (the error is kept)
    UNREACHABLE = "unreachable"  # the user blocked the bot


class SubmissionStatus(StrEnum):
    PENDING = "pending"  # shown to the liaison, waiting for Confirm
    CONFIRMED = "confirmed"  # its reports are stored
    DISCARDED = "discarded"  # Edit pressed, or replaced by a newer reading of the same message


class SubmissionSource(StrEnum):
    TEXT = "text"  # a free-text message
    EDIT = "edit"  # a message the user edited in Telegram, read again
    GUIDED = "guided"  # the /report buttons


class PauseRequestStatus(StrEnum):
    PENDING = "pending"  # waiting for a coordinator's 批准 / 不批准
    APPROVED = "approved"  # the pause was applied
    DECLINED = "declined"


class UploadStatus(StrEnum):
    PENDING = "pending"  # waiting for the coordinator to press Confirm or Cancel
    IMPORTED = "imported"
    CANCELLED = "cancelled"

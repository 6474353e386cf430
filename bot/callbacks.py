"""Inline buttons as plain data: typed callback data ``v1:<action>:<arg>:…`` (always under 64
bytes), rows of (label, data), and a ``View``, a message's text with its buttons, which every
view function returns. Nothing here knows Telegram's types: the handlers' ``reply`` and the
scheduler's sender turn a view's buttons into Telegram's markup (``scheduler.sender.keyboard``).

The version prefix lets a later release change the format and still recognise (and politely
refuse) a button pressed on an old message. Arguments are short integers or codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

VERSION = "v1"
MAX_BYTES = 64  # Telegram's limit for callback_data


class Action(StrEnum):
    IMPORT_CONFIRM = "ic"  # (upload_id)
    IMPORT_CANCEL = "ix"  # (upload_id)
    INVITE_PICK = "ip"  # (department_id)
    INVITES_ALL = "ia"  # ()
    DEPARTMENTS_PAGE = "dp"  # (page)
    TASKS_PAGE = "tp"  # (department_id or 0 for "my departments", page)
    TASK_DETAIL = "td"  # (task_id, department_id or 0, page to go back to)
    LANGUAGE = "lg"  # (zh | en)
    # the guided /report flow; only the task pick also starts it from any message
    REPORT_TASK = "rt"  # (task_id)
    REPORT_PAGE = "rl"  # (page of the task pick)
    REPORT_STATUS = "rs"  # (d | o | b | n: done, on track, behind, not started)
    REPORT_SKIP = "rk"  # ()
    REPORT_BACK = "rb"  # ()
    REPORT_SAVE = "rv"  # ()
    REPORT_CANCEL = "rx"  # ()
    # a free-text message read as a report
    READING_CONFIRM = "fc"  # (submission_id)
    READING_EDIT = "fe"  # (submission_id)
    READING_PICK = "fp"  # (submission_id, offset of the unsure clause, task_id)
    READING_WHICH = "fw"  # (submission_id, task_id): the task a reply naming none is about
    # /myreports
    MY_REPORTS_PAGE = "mp"  # (page)
    REPORT_HISTORY = "mh"  # (task_id)
    # reminders
    REMINDER_SNOOZE = "zs"  # (delivery_id): remind me on the next working day
    # /summary and what hangs off it
    SUMMARY_PAGE = "sp"  # (scope kind, scope argument, page) — see handlers/summary.py
    EXPORT_LEDGER = "sx"  # ([deadline_id]): the 台账 as xlsx, of that deadline or the current one
    EXPORT_BULLETIN = "sb"  # ([deadline_id]): the draft 通报 as docx, likewise
    NOOP = "no"  # a label-only button (page counter)
    # /files: a department's files, and one of them sent again
    FILES_PAGE = "fl"  # (department_id, page)
    FILE_FETCH = "ff"  # (department_id, inbound message row id)
    # a liaison's pause request, decided by a coordinator
    PAUSE_APPROVE = "pa"  # (pause request id)
    PAUSE_DECLINE = "pd"  # (pause request id)
    TEMPLATE = "tt"  # (): the standard task sheet, offered under an import failure
    # a notice imported with every deadline past: set the next one
    DEADLINE_RENEW = "dn"  # (past deadline_id, new due as yyyymmdd)


# Steps of a /report in progress: the conversation handles them; reaching the router means the
# conversation is over (timed out, cancelled, or the bot restarted).
GUIDED_STEPS = frozenset(
    {
        Action.REPORT_PAGE,
        Action.REPORT_STATUS,
        Action.REPORT_SKIP,
        Action.REPORT_BACK,
        Action.REPORT_SAVE,
        Action.REPORT_CANCEL,
    }
)

# Buttons only a coordinator may press; everyone else is refused.
COORDINATOR_ACTIONS = frozenset(
    {
        Action.IMPORT_CONFIRM,
        Action.IMPORT_CANCEL,
        Action.INVITE_PICK,
        Action.INVITES_ALL,
        Action.DEPARTMENTS_PAGE,
        Action.SUMMARY_PAGE,
        Action.EXPORT_LEDGER,
        Action.EXPORT_BULLETIN,
        Action.FILES_PAGE,
        Action.FILE_FETCH,
        Action.PAUSE_APPROVE,
        Action.PAUSE_DECLINE,
        Action.TEMPLATE,
        Action.DEADLINE_RENEW,
    }
)


Buttons = list[list[tuple[str, str]]]  # rows of (label, callback data)


@dataclass(frozen=True)
class View:
    """A message: its text, its buttons, and the tasks it lists (a reply to it is about them)."""

    text: str
    buttons: Buttons
    task_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Callback:
    action: Action
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        return int(self.args[index])


def encode(action: Action, *args: object) -> str:
    data = ":".join([VERSION, action.value, *map(str, args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


# How many integer arguments each action carries; the others are listed in TEXT_ARGS.
INT_ARGS = {
    Action.IMPORT_CONFIRM: 1,
    Action.IMPORT_CANCEL: 1,
    Action.INVITE_PICK: 1,
    Action.INVITES_ALL: 0,
    Action.DEPARTMENTS_PAGE: 1,
    Action.TASKS_PAGE: 2,
    Action.TASK_DETAIL: 3,
    Action.NOOP: 0,
    Action.REPORT_TASK: 1,
    Action.REPORT_PAGE: 1,
    Action.REPORT_SKIP: 0,
    Action.REPORT_BACK: 0,
    Action.REPORT_SAVE: 0,
    Action.REPORT_CANCEL: 0,
    Action.READING_CONFIRM: 1,
    Action.READING_EDIT: 1,
    Action.READING_PICK: 3,
    Action.READING_WHICH: 2,
    Action.MY_REPORTS_PAGE: 1,
    Action.REPORT_HISTORY: 1,
    Action.REMINDER_SNOOZE: 1,
    Action.EXPORT_LEDGER: 0,
    Action.EXPORT_BULLETIN: 0,
    Action.FILES_PAGE: 2,
    Action.FILE_FETCH: 2,
    Action.PAUSE_APPROVE: 1,
    Action.PAUSE_DECLINE: 1,
    Action.TEMPLATE: 0,
    Action.DEADLINE_RENEW: 2,
}
TEXT_ARGS = {Action.LANGUAGE: 1, Action.REPORT_STATUS: 1, Action.SUMMARY_PAGE: 3}
# Integer arguments an action may carry after its INT_ARGS: the export buttons' deadline id
# (a button from before it was carried has none and exports the current round).
OPTIONAL_INT_ARGS = {Action.EXPORT_LEDGER: 1, Action.EXPORT_BULLETIN: 1}


def pattern(*actions: Action) -> str:
    """A regex for ``CallbackQueryHandler(pattern=…)`` matching these actions' data."""
    return rf"^{VERSION}:(?:{'|'.join(a.value for a in actions)})(?::|$)"


def decode(data: str | None) -> Callback | None:
    """The callback, or None for data this version does not understand (an old or forged button)."""
    if not data:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION:
        return None
    try:
        action = Action(parts[1])
    except ValueError:
        return None
    args = tuple(parts[2:])
    if action in TEXT_ARGS:
        return Callback(action, args) if len(args) == TEXT_ARGS[action] else None
    least = INT_ARGS[action]
    if not least <= len(args) <= least + OPTIONAL_INT_ARGS.get(action, 0):
        return None
    if not all(a.isdigit() and len(a) < 12 for a in args):
        return None
    return Callback(action, args)

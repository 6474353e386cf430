"""Reminder messages as text and buttons: a liaison's reminder, a coordinator's list of late
departments, the calendar warning — and the replies to /deadline, /pause (and a liaison's pause
request with its 批准 / 不批准 buttons) and the snooze button.

Pure functions of plain data and the catalog, like ``handlers.views``. A reminder always fits
one message (4096 UTF-16 units) and Telegram's 100-button limit: when the list is long the text
turns compact and the buttons stop at ``TASK_BUTTONS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from telegram import InlineKeyboardMarkup

from bot.plans.deadlines import DeadlineRow
from bot.reminders.controls import PauseRequestView, PauseView, Snoozed
from bot.reminders.owed import CALENDAR_KIND, ReminderContent, TaskItem
from bot.texts import format_date, format_due, t
from handlers.callbacks import Action, encode
from handlers.common import MAX_TEXT, keyboard
from handlers.views import Buttons, View

__all__ = [
    "TASK_BUTTONS",
    "control_error",
    "deadline_done",
    "deadline_error",
    "deadline_line",
    "deadlines_view",
    "listed_task_ids",
    "pause_decided_view",
    "pause_request_view",
    "paused_view",
    "pauses_view",
    "render",
    "resumed_view",
    "snoozed_view",
]

TASK_BUTTONS = 48  # report buttons at most: well under Telegram's 100 per message
BUTTONS_PER_ROW = 4
ESCALATION_LINES = 150  # departments named in one escalation before "… and n more"


def render(content: ReminderContent, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message for one ledger row, in ``lang``."""
    if content.kind == CALENDAR_KIND:
        return t("remind.calendar", lang, year=content.year), None
    if content.late:
        return _escalation(content, lang), None
    return _reminder(content, lang)


def listed_task_ids(content: ReminderContent) -> list[int]:
    """The tasks the message lists, in order: a reply to it is read as about them."""
    return [item.task_id for _, items in content.departments for item in items]


# --- a liaison's reminder ------------------------------------------------------------------------


def _reminder(content: ReminderContent, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    items = [item for _, tasks in content.departments for item in tasks]
    head = [_heading(content, lang), _due_line(content, lang), ""]
    tail = ["", t("remind.how", lang, code=items[0].code if items else "一.1")]
    if len(items) > TASK_BUTTONS:
        tail.append(t("remind.more_buttons", lang, shown=TASK_BUTTONS))
    body = _fitting(head, tail, content, lang)
    return "\n".join([*head, *body, *tail]), keyboard(_buttons(content, items, lang))


def _heading(content: ReminderContent, lang: str) -> str:
    kind = content.kind if content.kind in ("before", "due", "after", "snoozed") else "before"
    return t(f"remind.heading_{kind}", lang, deadline=content.deadline or "")


def _due_line(content: ReminderContent, lang: str) -> str:
    if content.due is None or content.days_left is None:
        return ""
    when = format_due(content.due, content.days_left, lang)
    if content.days_left > 0:
        return t("remind.due_ahead", lang, date=when, days=content.days_left)
    if content.days_left == 0:
        return t("remind.due_today", lang, date=when)
    return t("remind.due_late", lang, date=when, days=-content.days_left)


def _full_list(content: ReminderContent, lang: str) -> list[str]:
    lines: list[str] = []
    for department, items in content.departments:
        lines.append(t("remind.department", lang, department=department, count=len(items)))
        lines += [t("remind.task_line", lang, code=i.code, title=i.title) for i in items]
    return lines


def _compact_list(content: ReminderContent, lang: str) -> list[str]:
    sep = "、" if lang == "zh" else ", "
    return [
        t(
            "remind.department_compact",
            lang,
            department=department,
            count=len(items),
            codes=sep.join(i.code for i in items),
        )
        for department, items in content.departments
    ]


def _fitting(head: list[str], tail: list[str], content: ReminderContent, lang: str) -> list[str]:
    """The task list that fits one message with ``head`` and ``tail``: in full with titles,
    else codes only, else (hundreds of tasks) as many code lines as fit and a pointer."""
    compact = _compact_list(content, lang)
    for body in (_full_list(content, lang), compact):
        if _units("\n".join([*head, *body, *tail])) <= MAX_TEXT:
            return body
    pointer = t("remind.truncated", lang)
    room = MAX_TEXT - _units("\n".join([*head, pointer, *tail])) - 1
    kept: list[str] = []
    for line in compact:
        cost = _units(line) + 1  # with its line break
        if cost > room:
            if room > 1:
                kept.append(_clip(line, room - 1))
            break
        kept.append(line)
        room -= cost
    return [*kept, pointer]


def _clip(line: str, room: int) -> str:
    """``line`` cut to at most ``room`` UTF-16 units, ending with "…"."""
    out = ""
    for char in line:
        if _units(out + char) + 1 > room:
            break
        out += char
    return out + "…"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _buttons(content: ReminderContent, items: Sequence[TaskItem], lang: str) -> Buttons:
    shown = [
        (t("remind.button_report", lang, code=item.code), encode(Action.REPORT_TASK, item.task_id))
        for item in items[:TASK_BUTTONS]
    ]
    rows: Buttons = [shown[i : i + BUTTONS_PER_ROW] for i in range(0, len(shown), BUTTONS_PER_ROW)]
    snooze = encode(Action.REMINDER_SNOOZE, content.delivery_id)
    rows.append([(t("remind.button_snooze", lang), snooze)])
    return rows


# --- a coordinator's list of late departments --------------------------------------------------


def _escalation(content: ReminderContent, lang: str) -> str:
    days = -(content.days_left or 0)
    when = format_due(content.due, -days, lang) if content.due else ""
    lines = [
        t("remind.escalation_heading", lang, deadline=content.deadline or "", date=when, days=days),
        t(
            "remind.escalation_count",
            lang,
            count=len(content.late),
            tasks=sum(n for _, n in content.late),
        ),
    ]
    shown = content.late[:ESCALATION_LINES]
    lines += [t("remind.escalation_line", lang, department=d, missing=n) for d, n in shown]
    if len(content.late) > len(shown):
        lines.append(t("remind.escalation_more", lang, count=len(content.late) - len(shown)))
    lines.append(t("remind.escalation_hint", lang))
    text = "\n".join(lines)
    return text if _units(text) <= MAX_TEXT else _clip(text, MAX_TEXT)


# --- /deadline ---------------------------------------------------------------------------------


def deadline_line(row: DeadlineRow, lang: str) -> str:
    """One deadline: name, next date (or the rule and its next date), where it came from."""
    source = t(f"remind.source_{row.source.value}", lang)
    if row.removed:
        return t("remind.deadline_line_removed", lang, name=row.name, source=source)
    if row.next_due is None:
        when = format_date(row.due, lang, year=True)
        return t("remind.deadline_line_over", lang, name=row.name, date=when, source=source)
    when = format_date(row.next_due, lang, year=True)
    if row.rule:
        return t(
            "remind.deadline_line_rule",
            lang,
            name=row.name,
            rule=row.rule,
            date=when,
            source=source,
        )
    return t("remind.deadline_line", lang, name=row.name, date=when, source=source)


def deadlines_view(rows: Sequence[DeadlineRow], lang: str, *, usage: bool) -> str:
    """The plan's deadlines (removed ones last), then how to change them."""
    ordered = [r for r in rows if not r.removed] + [r for r in rows if r.removed]
    lines = [t("remind.deadline_title", lang, count=len(ordered))] if ordered else []
    lines += [deadline_line(row, lang) for row in ordered] or [t("remind.deadline_none", lang)]
    if usage:
        lines += ["", t("remind.deadline_usage", lang)]
    return "\n".join(lines)


def deadline_done(what: str, row: DeadlineRow, lang: str) -> str:
    """``what`` is added, moved or removed."""
    return t(f"remind.deadline_{what}", lang, name=row.name) + "\n" + deadline_line(row, lang)


def deadline_error(code: str, params: Mapping[str, object], lang: str) -> str:
    return t(f"remind.deadline_error_{code}", lang, **_readable(params, lang))


# --- snooze and pauses -------------------------------------------------------------------------


def snoozed_view(snoozed: Snoozed, lang: str) -> str:
    key = "remind.snoozed_tomorrow" if snoozed.tomorrow else "remind.snoozed_workday"
    return t(key, lang, date=format_date(snoozed.day, lang, today=snoozed.today), time=snoozed.at)


def pause_line(pause: PauseView, lang: str) -> str:
    when = format_date(pause.until, lang, year=True)
    if pause.reason:
        return t(
            "remind.pause_line_reason",
            lang,
            department=pause.department,
            date=when,
            reason=pause.reason,
        )
    return t("remind.pause_line", lang, department=pause.department, date=when)


def pauses_view(
    pauses: Sequence[PauseView], lang: str, *, liaison: bool, mode: str | None = None
) -> str:
    """The pauses running now, then the usage (a liaison's, by ``[reminders] liaison_pause``
    ``mode``, or a coordinator's)."""
    lines = [t("remind.pauses_title", lang)] if pauses else [t("remind.pauses_none", lang)]
    lines += [pause_line(p, lang) for p in pauses]
    usage = "remind.pause_usage_coordinator"
    if liaison:
        usage = {"request": "remind.pause_usage_request", "off": "remind.pause_off"}.get(
            mode or "", "remind.pause_usage_liaison"
        )
    return "\n".join([*lines, "", t(usage, lang)])


def _request_params(request: PauseRequestView, lang: str) -> dict[str, object]:
    return {
        "liaison": request.liaison,
        "departments": list(request.departments),
        "date": format_date(request.until, lang, year=True),
        "reason": request.reason or t("remind.pause_request_no_reason", lang),
    }


def pause_request_view(request: PauseRequestView, lang: str) -> View:
    """What a coordinator gets: who asks to pause which departments until when, and why."""
    text = t("remind.pause_request", lang, **_request_params(request, lang))
    buttons = [
        [
            (t("remind.button_approve", lang), encode(Action.PAUSE_APPROVE, request.id)),
            (t("remind.button_decline", lang), encode(Action.PAUSE_DECLINE, request.id)),
        ]
    ]
    return View(text, buttons)


def pause_decided_view(
    request: PauseRequestView, lang: str, *, pending: bool = False, by: str | None = None
) -> str:
    """Where a request stands: to the liaison (pending, approved, declined), or to the
    coordinator ``by`` who just decided it."""
    status = "pending" if pending else request.status.value
    key = f"remind.pause_request_{status}" + ("_by" if by else "")
    return t(key, lang, who=by or "", **_request_params(request, lang))


def paused_view(pauses: Sequence[PauseView], lang: str) -> str:
    lines = [t("remind.paused", lang, count=len(pauses))]
    lines += [pause_line(p, lang) for p in pauses]
    lines.append(t("remind.paused_resume", lang))
    return "\n".join(lines)


def resumed_view(names: Sequence[str], lang: str) -> str:
    if not names:
        return t("remind.resumed_none", lang)
    return t("remind.resumed", lang, departments=list(names))


def control_error(code: str, params: Mapping[str, object], lang: str) -> str:
    return t(f"remind.control_error_{code}", lang, **_readable(params, lang))


def _readable(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """Dates as the language writes them; the rest as it is."""
    return {
        key: format_date(value, lang, year=True) if isinstance(value, date) else value
        for key, value in params.items()
    }

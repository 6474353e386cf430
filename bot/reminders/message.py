"""The reminder message as a plain view: a liaison's reminder (the tasks still owed, a report
button for each and the snooze button), a coordinator's list of late departments, and the
calendar warning.

Pure functions of ``bot.reminders.owed.ReminderContent`` and the catalog; the scheduler's sender
turns the view's buttons into Telegram's markup. A reminder always fits one message (4096 UTF-16
units) and Telegram's 100-button limit: when the list is long the text turns compact and the
buttons stop at ``TASK_BUTTONS``. The view's ``task_ids`` are the tasks it lists, in order: a
reply to the reminder is read as about them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.callbacks import Action, Buttons, View, encode
from bot.reminders.owed import CALENDAR_KIND, ReminderContent, TaskItem
from bot.texts import MAX_TEXT, format_due, t, text_units

__all__ = ["TASK_BUTTONS", "reminder_view"]

TASK_BUTTONS = 48  # report buttons at most: well under Telegram's 100 per message
BUTTONS_PER_ROW = 4
ESCALATION_LINES = 150  # departments named in one escalation before "… and n more"


def reminder_view(content: ReminderContent, lang: str) -> View:
    """The message for one ledger row, in ``lang``: its text, its buttons, the tasks it lists."""
    if content.kind == CALENDAR_KIND:
        return View(t("remind.calendar", lang, year=content.year), [])
    if content.late:
        return View(_escalation(content, lang), [])
    return _reminder(content, lang)


# --- a liaison's reminder ------------------------------------------------------------------------


def _reminder(content: ReminderContent, lang: str) -> View:
    items = [item for _, tasks in content.departments for item in tasks]
    head = [_heading(content, lang), _due_line(content, lang), ""]
    tail = ["", t("remind.how", lang, code=items[0].code if items else "一.1")]
    if len(items) > TASK_BUTTONS:
        tail.append(t("remind.more_buttons", lang, shown=TASK_BUTTONS))
    body = _fitting(head, tail, content, lang)
    text = "\n".join([*head, *body, *tail])
    return View(text, _buttons(content, items, lang), tuple(item.task_id for item in items))


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
        if text_units("\n".join([*head, *body, *tail])) <= MAX_TEXT:
            return body
    pointer = t("remind.truncated", lang)
    room = MAX_TEXT - text_units("\n".join([*head, pointer, *tail])) - 1
    kept: list[str] = []
    for line in compact:
        cost = text_units(line) + 1  # with its line break
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
        if text_units(out + char) + 1 > room:
            break
        out += char
    return out + "…"


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
    return text if text_units(text) <= MAX_TEXT else _clip(text, MAX_TEXT)

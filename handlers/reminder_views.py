"""The replies to /deadline, /pause (and a liaison's pause request with its 批准 / 不批准
buttons) and the snooze button, as text and buttons.

Pure functions of plain data and the catalog, like ``handlers.views``. The reminder message
itself is ``bot.reminders.message``: the scheduler sends it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.callbacks import Action, View, encode
from bot.plans.deadlines import DeadlineRow
from bot.reminders.controls import PauseRequestView, PauseView, Snoozed
from bot.texts import format_date, t

__all__ = [
    "control_error",
    "deadline_done",
    "deadline_error",
    "deadline_line",
    "deadlines_view",
    "pause_decided_view",
    "pause_request_view",
    "paused_view",
    "pauses_view",
    "resumed_view",
    "snoozed_view",
]

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

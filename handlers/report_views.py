"""The progress-report messages as text and buttons: the deadline being reported for, the task
pick, each step of /report, the reading of a free-text message, /myreports and a task's history.

Pure functions of plain data and the catalog, like ``handlers.views``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import tzinfo

from bot.callbacks import Action, Buttons, View, encode
from bot.plans.taskview import TaskLine
from bot.reading import TargetRef
from bot.reports.guided import CODE_OF, GuidedDraft, Step, StepKind
from bot.reports.history import FigureView, ReportView
from bot.reports.intake import EntryView, Preview
from bot.reports.rounds import Period
from bot.texts import format_datetime, format_due, t
from db.enums import ReportStatus
from handlers.views import TASKS_PER_PAGE, pager

STATUS_ORDER = (
    ReportStatus.DONE,
    ReportStatus.ON_TRACK,
    ReportStatus.BEHIND,
    ReportStatus.NOT_STARTED,
)


def status_label(status: ReportStatus, lang: str) -> str:
    return t(f"report.status_{status.value}", lang)


def period_line(period: Period | None, lang: str) -> str:
    if period is None:
        return t("report.no_period", lang)
    when = format_due(period.due, period.days_left, lang)
    if period.late:
        return t("report.period_overdue", lang, name=period.name, date=when, days=period.days_late)
    if period.passed is not None:
        passed = period.passed
        return "\n".join(
            [
                t("report.period", lang, name=period.name, date=when, days=period.days_left),
                t(
                    "report.period_passed",
                    lang,
                    name=passed.name,
                    date=format_due(
                        passed.due, period.days_left + (passed.due - period.due).days, lang
                    ),
                ),
            ]
        )
    if period.days_left < 0:
        return t("report.period_late", lang, name=period.name, date=when, days=-period.days_left)
    return t("report.period", lang, name=period.name, date=when, days=period.days_left)


def figure_text(figure: FigureView) -> str:
    return f"{figure.subject} {figure.value:g}{figure.unit}"


def _cancel_row(lang: str, *, back: bool = True) -> list[tuple[str, str]]:
    row = [(t("report.button_back", lang), encode(Action.REPORT_BACK))] if back else []
    return [*row, (t("report.button_cancel", lang), encode(Action.REPORT_CANCEL))]


# --- the guided flow -------------------------------------------------------------------------


def pick_view(
    lines: Sequence[TaskLine],
    reported: Collection[int],
    period: Period | None,
    page: int,
    lang: str,
) -> View:
    """Choose a task: unreported ones first (in notice order), then the reported ones ✅."""
    ordered = [line for line in lines if line.task_id not in reported]
    ordered += [line for line in lines if line.task_id in reported]
    pages = max(1, -(-len(ordered) // TASKS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * TASKS_PER_PAGE : (page + 1) * TASKS_PER_PAGE]
    done = sum(1 for line in lines if line.task_id in reported)
    text = [
        t("report.pick_title", lang),
        period_line(period, lang),
        t("report.pick_progress", lang, done=done, total=len(lines)),
    ]
    if not lines:
        text.append(t("chat.no_tasks", lang))
    buttons: Buttons = [
        [
            (
                ("✅ " if line.task_id in reported else "") + f"{line.code} {line.title}"[:40],
                encode(Action.REPORT_TASK, line.task_id),
            )
        ]
        for line in shown
    ]
    buttons.append(pager(Action.REPORT_PAGE, page, pages))
    buttons.append(_cancel_row(lang, back=False))
    return View("\n".join(text), buttons)


def step_view(draft: GuidedDraft, step: Step, period: Period | None, lang: str) -> View:
    """The question for one step of /report, with its buttons."""
    head = t("report.step_task", lang, code=draft.code, title=draft.title)
    if step.kind is StepKind.STATUS:
        text = [head, period_line(period, lang), "", t("report.ask_status", lang)]
        statuses = [
            (status_label(s, lang), encode(Action.REPORT_STATUS, CODE_OF[s])) for s in STATUS_ORDER
        ]
        return View("\n".join(text), [statuses[:2], statuses[2:], _cancel_row(lang)])
    skip = [(t("report.button_skip", lang), encode(Action.REPORT_SKIP))]
    if step.kind is StepKind.FIGURE:
        assert step.target is not None
        text = [head, "", _ask_figure(step.target, lang)]
        return View("\n".join(text), [skip, _cancel_row(lang)])
    if step.kind is StepKind.PERCENT:
        return View("\n".join([head, "", t("report.ask_percent", lang)]), [skip, _cancel_row(lang)])
    if step.kind is StepKind.NOTE:
        return View("\n".join([head, "", t("report.ask_note", lang)]), [skip, _cancel_row(lang)])
    text = [
        t("report.confirm_title", lang),
        period_line(period, lang),
        "",
        *draft_lines(draft, lang),
    ]
    text += ["", t("report.confirm_question", lang)]
    save = [(t("report.button_save", lang), encode(Action.REPORT_SAVE))]
    return View("\n".join(text), [save, _cancel_row(lang)])


def _ask_figure(target: TargetRef, lang: str) -> str:
    return t(
        "report.ask_figure",
        lang,
        subject=target.subject,
        target=f"{target.value:g}{target.unit}",
        unit=target.unit,
    )


def draft_lines(draft: GuidedDraft, lang: str) -> list[str]:
    lines = [t("report.step_task", lang, code=draft.code, title=draft.title)]
    if draft.status is not None:
        lines.append(t("report.line_status", lang, status=status_label(draft.status, lang)))
    for target in draft.targets:
        figure = draft.figures.get(target.target_id)
        if figure is not None:
            lines.append(f"• {target.subject}：{figure.value:g}{target.unit}")
    if draft.percent is not None:
        lines.append(t("report.line_percent", lang, percent=f"{draft.percent:g}"))
    if draft.note:
        lines.append(t("report.line_note", lang, note=draft.note))
    return lines


def with_report_button(view: View, task_id: int, lang: str) -> View:
    """A task's detail, for its own liaison: a button that starts /report on it."""
    button = [(t("report.button_report_this", lang), encode(Action.REPORT_TASK, task_id))]
    return View(view.text, [button, *view.buttons], view.task_ids)


# --- a free-text message read --------------------------------------------------------------


def reading_view(preview: Preview, lang: str) -> View:
    """What the bot read, task by task, with Confirm and Edit (or how to write it, if nothing)."""
    text: list[str] = []
    if not preview.entries and preview.ask and preview.submission_id is not None:
        return _ask_view(preview, preview.submission_id, lang)
    if preview.entries:
        text += [t("report.read_title", lang), period_line(preview.period, lang), ""]
        for entry in preview.entries:
            text += _entry_lines(entry, lang)
    else:
        text.append(t("report.read_nothing", lang))
    if preview.foreign_codes:
        text += ["", t("report.read_foreign", lang, codes=list(preview.foreign_codes))]
    if preview.unattributed:
        text += ["", t("report.read_unattributed", lang, text=preview.unattributed)]
    if preview.submission_id is None:
        text += ["", t("report.read_how", lang)]
        return View("\n".join(text), [])
    text += ["", t("report.read_question", lang)]
    picks: Buttons = [
        [
            (
                t("report.button_pick", lang, code=entry.code, other=code),
                encode(Action.READING_PICK, preview.submission_id, entry.at, task_id),
            )
            for task_id, code in entry.candidates
        ]
        for entry in preview.entries
        if entry.candidates
    ]
    buttons: Buttons = [
        *picks,
        [
            (
                t("report.button_confirm", lang),
                encode(Action.READING_CONFIRM, preview.submission_id),
            ),
            (t("report.button_edit", lang), encode(Action.READING_EDIT, preview.submission_id)),
        ],
    ]
    return View("\n".join(text), buttons)


def _ask_view(preview: Preview, submission_id: int, lang: str) -> View:
    """A reply to several tasks naming none: which one is it about? One button per task."""
    text = [
        t("report.read_ask", lang, text=_shortened(preview.unattributed)),
        "",
        t("report.read_which_question", lang),
    ]
    which: Buttons = [
        [
            (
                t("report.button_which", lang, code=code, title=title),
                encode(Action.READING_WHICH, submission_id, task_id),
            )
        ]
        for task_id, code, title in preview.ask
    ]
    return View("\n".join(text), which)


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entry_lines(entry: EntryView, lang: str) -> list[str]:
    status = status_label(entry.status, lang)
    if not entry.stated:
        status = t("report.status_inferred", lang, status=status)
    lines = [f"▪️ {entry.code} {entry.title}", "   " + t("report.line_status", lang, status=status)]
    lines += [f"   • {figure_text(f)}" for f in entry.figures]
    if entry.percent is not None:
        lines.append("   " + t("report.line_percent", lang, percent=f"{entry.percent:g}"))
    if entry.note:
        lines.append("   " + t("report.line_note", lang, note=entry.note))
    if entry.candidates:
        codes = ("、" if lang == "zh" else ", ").join(code for _id, code in entry.candidates)
        lines.append(t("report.read_unsure", lang, codes=codes))
    return lines


def edit_view(entries: Sequence[tuple[int, str]], lang: str) -> View:
    """After Edit: send the corrected text, or fill a task in with buttons."""
    buttons: Buttons = [
        [(t("report.button_fill", lang, code=code), encode(Action.REPORT_TASK, task_id))]
        for task_id, code in entries
    ]
    return View(t("report.edit_how", lang), buttons)


def saved_view(saved: Sequence[ReportView], period: Period | None, lang: str) -> str:
    lines = [t("report.saved_title", lang, count=len(saved)), period_line(period, lang)]
    for view in saved:
        line = f"• {view.code} {status_label(view.status, lang)}"
        if view.version > 1:
            line += t("report.version_suffix", lang, version=view.version)
        if view.late_for is not None:
            line += t("report.late_suffix", lang, name=view.late_for, days=view.days_late or 0)
        lines.append(line)
    lines.append(t("report.saved_hint", lang))
    return "\n".join(lines)


# --- /myreports and history ----------------------------------------------------------------


def my_reports_view(
    reports: Sequence[ReportView],
    lines: Sequence[TaskLine],
    period: Period | None,
    page: int,
    departments: Sequence[str],
    tz: tzinfo,
    lang: str,
) -> View:
    reported = {view.task_id for view in reports}
    text = [
        t("report.mine_title", lang, departments=list(departments)),
        period_line(period, lang),
        t("report.pick_progress", lang, done=len(reported), total=len(lines)),
    ]
    pages = max(1, -(-len(reports) // TASKS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = reports[page * TASKS_PER_PAGE : (page + 1) * TASKS_PER_PAGE]
    if not reports:
        text += ["", t("report.mine_none", lang)]
    for view in shown:
        text += ["", *report_lines(view, tz, lang)]
    missing = [line.code for line in lines if line.task_id not in reported]
    if missing:
        text += ["", t("report.mine_missing", lang, codes=missing)]
    buttons: Buttons = [
        [
            (
                t("report.button_fix", lang, code=view.code),
                encode(Action.REPORT_TASK, view.task_id),
            ),
            (t("report.button_history", lang), encode(Action.REPORT_HISTORY, view.task_id)),
        ]
        for view in shown
    ]
    buttons.append(pager(Action.MY_REPORTS_PAGE, page, pages))
    return View("\n".join(text), buttons)


def report_lines(view: ReportView, tz: tzinfo, lang: str) -> list[str]:
    head = f"▪️ {view.code} {view.title}"
    if view.version > 1:
        head += t("report.version_suffix", lang, version=view.version)
    lines = [head, "   " + t("report.line_status", lang, status=status_label(view.status, lang))]
    lines += [f"   • {figure_text(f)}" for f in view.figures]
    if view.percent is not None:
        lines.append("   " + t("report.line_percent", lang, percent=f"{view.percent:g}"))
    if view.note:
        lines.append("   " + t("report.line_note", lang, note=view.note))
    who = view.liaison or t("chat.no_liaison", lang)
    lines.append(
        "   " + t("report.line_by", lang, who=who, when=format_datetime(view.created_at, tz, lang))
    )
    return lines


def history_view(
    versions: Sequence[ReportView], period: Period | None, tz: tzinfo, lang: str
) -> View:
    if not versions:
        return View(t("report.history_none", lang), [])
    first = versions[0]
    text = [t("report.history_title", lang, code=first.code, title=first.title)]
    text.append(period_line(period, lang))
    for view in versions:
        text += ["", t("report.history_version", lang, version=view.version)]
        text += report_lines(view, tz, lang)[1:]
    buttons: Buttons = [
        [
            (
                t("report.button_fix", lang, code=first.code),
                encode(Action.REPORT_TASK, first.task_id),
            )
        ],
        [(t("report.button_back_mine", lang), encode(Action.MY_REPORTS_PAGE, 0))],
    ]
    return View("\n".join(text), buttons)

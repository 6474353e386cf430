"""The bot's messages as text and buttons, built from the services' plain data.

Pure functions of their arguments (and the catalog): no database, no Telegram calls, so each
view can be read and tested on its own. Long lists are paged here, so no message runs past
Telegram's limit and no button list past its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from bot.callbacks import Action, Buttons, View, encode
from bot.importer import NoticeError, ParsedPlan
from bot.importer.where import describe_where
from bot.people.directory import DepartmentRef, DepartmentRow
from bot.plans.storing import SaveResult
from bot.plans.taskview import DeadlineView, TaskDetail, TaskLine, Workload
from bot.plans.words import counts_line, due_words, format_target
from bot.texts import format_date, format_datetime, format_due, format_time_limit, message, t
from db.enums import Role

TASKS_PER_PAGE = 6  # with the pager, fits a phone screen without scrolling
DEPARTMENTS_PER_PAGE = 15
PREVIEW_WARNINGS = 12
DUE_WORDS_IN_LIST = 16  # a time limit in words (按国家部署要求推进…) is cut in a task list


def deadline_line(deadline: DeadlineView | None, lang: str) -> str:
    if deadline is None:
        return t("chat.no_deadline", lang)
    key = "chat.deadline_today" if deadline.days_left == 0 else "chat.deadline_next"
    return t(
        key,
        lang,
        name=deadline.name,
        date=format_due(deadline.due, deadline.days_left, lang),
        days=deadline.days_left,
    )


def greeting(
    name: str,
    departments: Sequence[str],
    load: Workload,
    deadline: DeadlineView | None,
    lang: str,
    *,
    joined: str | None = None,
) -> str:
    """The liaison's welcome: whose liaison they are, how many tasks, the next deadline."""
    parts = [t("chat.hello", lang, name=name)]
    if joined:
        parts.append(t("chat.joined", lang, department=joined))
    parts.append(t("chat.your_departments", lang, departments=list(departments)))
    key = "chat.workload" if load.support else "chat.workload_lead_only"
    parts.append(t(key, lang, lead=load.lead, support=load.support))
    parts.append(deadline_line(deadline, lang))
    parts.append(t("chat.liaison_next_steps", lang))
    return "\n".join(parts)


def task_list(
    lines: Sequence[TaskLine],
    *,
    heading: str,
    department_id: int,
    page: int,
    deadline: DeadlineView | None,
    lang: str,
    year: int | None = None,
) -> View:
    """One page of a task list: a line per task (with its time limit, whose year shows when it
    is not ``year``), a button per task, and ◀ n/m ▶."""
    pages = max(1, -(-len(lines) // TASKS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = lines[page * TASKS_PER_PAGE : (page + 1) * TASKS_PER_PAGE]
    text = [heading, deadline_line(deadline, lang), ""]
    if not lines:
        text.append(t("chat.no_tasks", lang))
    for line in shown:
        due = format_time_limit(line.due, line.due_text, lang, year=year)
        if due and len(due) > DUE_WORDS_IN_LIST:  # words from a column, not a day: keep it short
            due = due[: DUE_WORDS_IN_LIST - 1] + "…"
        limit = t("chat.task_line_due", lang, due=due) if due else ""
        text.append(f"{_role_mark(line.role, lang)} {line.code}  {line.title}{limit}")
    if lines:
        text += ["", t("chat.tasks_hint", lang)]
    buttons: Buttons = [
        [
            (
                f"{line.code} {line.title}"[:40],
                encode(Action.TASK_DETAIL, line.task_id, department_id, page),
            )
        ]
        for line in shown
    ]
    buttons.append(pager(Action.TASKS_PAGE, page, pages, department_id))
    return View("\n".join(text), buttons, tuple(line.task_id for line in shown))


def task_detail(
    detail: TaskDetail, *, department_id: int, page: int, lang: str, year: int | None = None
) -> View:
    section = f"{detail.section_numeral}、{detail.section_title}" if detail.section_title else ""
    text = [t("chat.task_title", lang, code=detail.code)]
    if section:
        text.append(t("chat.task_section", lang, section=section))
    if detail.category:
        text.append(t("chat.task_category", lang, category=detail.category))
    text += ["", detail.text, ""]
    text.append(t("chat.task_leads", lang, units=detail.leads or [t("cli.none", lang)]))
    if detail.supports:
        text.append(t("chat.task_supports", lang, units=detail.supports))
    due = format_time_limit(detail.due, detail.due_text, lang, year=year)
    if due and detail.due and detail.due_text:
        text.append(t("chat.task_due_words", lang, due=due, words=detail.due_text))
    elif due:
        text.append(t("chat.task_due", lang, due=due))
    if detail.targets:
        text += ["", t("chat.task_targets", lang)]
        text += [f"• {format_target(target, lang)}" for target in detail.targets]
    back = [(t("chat.back_to_list", lang), encode(Action.TASKS_PAGE, department_id, page))]
    return View("\n".join(text), [back], (detail.task_id,))


def import_failed(error: NoticeError, file_name: str, lang: str) -> str:
    """Why the file could not be read, and that nothing changed."""
    where = describe_where(error.where, lang) if error.where else file_name
    sentence = message("error", error.code, error.params, lang)
    text = t("cli.import_failed", lang, where=where, message=sentence)
    return text + "\n" + t("chat.import_nothing_changed", lang)


def preview(plan: ParsedPlan, file_name: str, upload_id: int, lang: str) -> View:
    """What the importer read, for the coordinator to check before pressing Confirm."""
    text = [t("chat.preview_title", lang, name=file_name)]
    none = t("cli.none", lang)
    text.append(t("chat.field", lang, label=t("cli.field_title", lang), value=plan.title or none))
    if plan.issuer or plan.issued_on:
        issued = format_date(plan.issued_on, lang, year=True) if plan.issued_on else ""
        text.append(
            t(
                "chat.field",
                lang,
                label=t("cli.field_issuer", lang),
                value=" ".join(x for x in (plan.issuer, issued) if x),
            )
        )
    text.append(counts_line(plan, lang))
    limits = [task for task in plan.tasks if task.due_text]
    if limits:
        year = plan.issued_on.year if plan.issued_on else None
        example = f"{limits[0].code} {due_words(limits[0], lang, year)}"
        text.append(t("chat.preview_due", lang, count=len(limits), example=example))
    deadlines = [f"{d.name} {format_date(d.due, lang, year=True)}" for d in plan.deadlines]
    text.append(
        t("chat.field", lang, label=t("cli.field_deadlines", lang), value=deadlines or [none])
    )
    if plan.warnings:
        text += ["", t("cli.warnings_title", lang, count=len(plan.warnings))]
        for warning in plan.warnings[:PREVIEW_WARNINGS]:
            where = describe_where(warning.where, lang) if warning.where else ""
            sentence = message("warning", warning.code, warning.params, lang)
            note = t("chat.field", lang, label=where, value=sentence) if where else sentence
            text.append(f"• {note}")
        if len(plan.warnings) > PREVIEW_WARNINGS:
            text.append(t("chat.more_warnings", lang, count=len(plan.warnings) - PREVIEW_WARNINGS))
    else:
        text += ["", t("cli.no_warnings", lang)]
    text += ["", t("chat.preview_question", lang)]
    buttons: Buttons = [
        [
            (t("chat.button_confirm_import", lang), encode(Action.IMPORT_CONFIRM, upload_id)),
            (t("chat.button_cancel", lang), encode(Action.IMPORT_CANCEL, upload_id)),
        ]
    ]
    return View("\n".join(text), buttons)


def import_result(result: SaveResult, unstaffed: int, lang: str) -> View:
    if result.created:
        text = [t("cli.imported_new", lang, plan_id=result.plan_id, added=len(result.added))]
    elif result.is_noop:
        text = [t("cli.imported_same", lang, plan_id=result.plan_id)]
    else:
        text = [
            t(
                "cli.imported_update",
                lang,
                plan_id=result.plan_id,
                added=len(result.added),
                removed=len(result.removed),
                changed=len(result.changed),
                unchanged=result.unchanged,
            )
        ]
        for label, codes in (
            ("cli.label_added", result.added),
            ("cli.label_removed", result.removed),
            ("cli.label_changed", result.changed),
        ):
            if codes:
                text.append(t("cli.changed_codes", lang, label=t(label, lang), codes=codes[:40]))
    buttons: Buttons = []
    if unstaffed:
        text.append(t("chat.unstaffed", lang, count=unstaffed))
        buttons.append(
            [(t("chat.button_invites", lang, count=unstaffed), encode(Action.INVITES_ALL))]
        )
    else:
        text.append(t("chat.all_staffed", lang))
    return View("\n".join(text), buttons)


def invite_reply(department: str, link: str, expires_at: datetime, tz: tzinfo, lang: str) -> str:
    return t(
        "chat.invite_link",
        lang,
        department=department,
        link=link,
        expires=format_datetime(expires_at, tz, lang, year=True),
    )


def department_choices(
    query: str, matches: Sequence[DepartmentRef], lang: str, *, for_tasks: bool = False
) -> View:
    """Several departments answer to ``query``: a button for each."""
    buttons: Buttons = [
        [
            (
                m.name,
                encode(Action.TASKS_PAGE, m.id, 0)
                if for_tasks
                else encode(Action.INVITE_PICK, m.id),
            )
        ]
        for m in matches
    ]
    return View(t("chat.pick_department", lang, query=query), buttons)


def departments(rows: Sequence[DepartmentRow], page: int, lang: str) -> View:
    pages = max(1, -(-len(rows) // DEPARTMENTS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = rows[page * DEPARTMENTS_PER_PAGE : (page + 1) * DEPARTMENTS_PER_PAGE]
    staffed = sum(1 for row in rows if row.liaisons)
    text = [t("chat.departments_title", lang, count=len(rows), staffed=staffed), ""]
    for row in shown:
        people = list(row.liaisons) or t("chat.no_liaison", lang)
        text.append(
            t(
                "chat.department_line" if row.support else "chat.department_line_lead_only",
                lang,
                name=row.name,
                lead=row.lead,
                support=row.support,
                open=row.open,
                liaisons=people,
            )
        )
    buttons: Buttons = [pager(Action.DEPARTMENTS_PAGE, page, pages)]
    if staffed < len(rows):
        buttons.append(
            [
                (
                    t("chat.button_invites", lang, count=len(rows) - staffed),
                    encode(Action.INVITES_ALL),
                )
            ]
        )
    return View("\n".join(text), buttons)


def _role_mark(role: Role, lang: str) -> str:
    return t("chat.mark_lead" if role is Role.LEAD else "chat.mark_support", lang)


def pager(action: Action, page: int, pages: int, *prefix: object) -> list[tuple[str, str]]:
    if pages <= 1:
        return []
    row: list[tuple[str, str]] = []
    if page > 0:
        row.append(("◀", encode(action, *prefix, page - 1)))
    row.append((f"{page + 1}/{pages}", encode(Action.NOOP)))
    if page < pages - 1:
        row.append(("▶", encode(action, *prefix, page + 1)))
    return row

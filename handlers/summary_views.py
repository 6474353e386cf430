"""The /summary screen as text pages and buttons, built from a ``Summary``; pure functions.

One screen in blocks: the head (deadline, days left, pace, scope, counts by status and by
light, how many came late), then the targets short of pace, the tasks reported late (逾期报送,
with the days), the late (or not yet complete) departments, and the tasks behind — or, for a department's or a section's summary, all its tasks, and for the
unreported scope, the unreported tasks. The blocks are cut into pages that each fit one
Telegram message; a block running over a page goes on under its title marked "continued", so
nothing is ever dropped: ◀ n/m ▶ turns the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.callbacks import Action, Buttons, View, encode
from bot.summary.model import DepartmentLine, Light, Summary, TaskLine
from bot.texts import format_date, format_time_limit, t
from handlers.views import pager

PAGE_UNITS = 3600  # UTF-16 units: under Telegram's 4096 with room for the page's head
PAGE_LINES = 36  # a page a phone shows in two or three swipes
MARK = {Light.GREEN: "🟢", Light.YELLOW: "🟡", Light.RED: "🔴", Light.NONE: "⚪"}

Block = tuple[str, list[str]]  # (title, lines)


def summary_pages(summary: Summary, lang: str) -> list[str]:
    """Every page of the summary's text, in order; the first holds the head."""
    head = head_lines(summary, lang)
    title = head[0]
    return _paginate(head, title, blocks(summary, lang), lang)


def summary_view(summary: Summary, lang: str, *, page: int, kind: str, arg: str) -> View:
    """One page with ◀ n/m ▶ (callback args ``kind``, ``arg``, page) and the export buttons,
    which carry the summary's deadline id: they export the round on the screen."""
    pages = summary_pages(summary, lang)
    page = min(max(page, 0), len(pages) - 1)
    buttons: Buttons = [pager(Action.SUMMARY_PAGE, page, len(pages), kind, arg)]
    round_ = () if summary.deadline_id is None else (summary.deadline_id,)
    buttons.append(
        [
            (t("summary.button_ledger", lang), encode(Action.EXPORT_LEDGER, *round_)),
            (t("summary.button_bulletin", lang), encode(Action.EXPORT_BULLETIN, *round_)),
        ]
    )
    return View(pages[page], buttons)


def head_lines(summary: Summary, lang: str) -> list[str]:
    pace = _percent(summary.pace or 0.0)
    days = summary.days_left or 0
    if days > 0:
        when = t("summary.days_left", lang, days=days, pace=pace)
    elif days == 0:
        when = t("summary.due_today", lang, pace=pace)
    else:
        when = t("summary.days_late", lang, days=-days, pace=pace)
    due = format_date(summary.due, lang, today=summary.today) if summary.due else ""
    lines = [
        t("summary.title", lang, deadline=summary.deadline or "", date=due),
        when,
        _scope_line(summary, lang),
        t(
            "summary.counts",
            lang,
            departments_reported=summary.departments_reported,
            departments_total=summary.departments_total,
            tasks_reported=summary.tasks_reported,
            tasks_total=summary.tasks_total,
        ),
        t("summary.statuses", lang, **summary.by_status),
        t("summary.lights", lang, **summary.by_light),
    ]
    late = sum(1 for task in summary.tasks if task.late_reported)
    if late:
        lines.append(t("summary.late_reported_count", lang, count=late))
    if not summary.tasks:
        lines.append(t("summary.no_tasks", lang))
    return lines


def blocks(summary: Summary, lang: str) -> list[Block]:
    """The body's blocks, in the order they are shown; empty blocks are left out."""
    found: list[Block] = []
    targets = [
        t(
            "summary.target_line",
            lang,
            code=task.code,
            subject=target.label,
            latest=_number(target.latest or 0.0),
            goal=_number(target.goal),
            unit=target.unit,
            share=_percent(target.share or 0.0),
            pace=_percent(target.pace or 0.0),
        )
        for task in summary.tasks
        for target in task.targets
        if target.behind
    ]
    found.append((t("summary.targets_title", lang), targets))
    overdue = [
        t(
            "summary.late_reported_line",
            lang,
            code=task.code,
            title=task.title,
            units=list(task.reported_units or (task.reported_for or "—",)),
            days=task.days_late or 0,
        )
        for task in summary.tasks
        if task.late_reported
    ]
    found.append((t("summary.late_reported_title", lang), overdue))
    late = summary.late
    if late or (summary.days_left or 0) < 0:
        found.append((t("summary.late_title", lang), [_department(d, lang) for d in late]))
    else:
        still = sorted((d for d in summary.departments if d.missing), key=lambda d: -d.missing)
        found.append((t("summary.open_title", lang), [_department(d, lang) for d in still]))
    kind = summary.scope.kind
    if kind in ("department", "section", "missing"):
        # a narrowed summary is read for its tasks: they come first
        key = "summary.missing_title" if kind == "missing" else "summary.tasks_title"
        found.insert(0, (t(key, lang), _tasks(summary.tasks, lang, summary.today)))
    else:
        found.append((t("summary.behind_title", lang), _tasks(summary.behind, lang, summary.today)))
    return [(title, lines) for title, lines in found if lines]


def _scope_line(summary: Summary, lang: str) -> str:
    scope = summary.scope
    if scope.kind == "section":
        title = next((s.title for s in summary.sections if s.numeral == scope.value), "")
        return t("summary.scope_section", lang, numeral=scope.value, title=title)
    if scope.kind == "department":
        return t("summary.scope_department", lang, name=scope.value)
    return t(f"summary.scope_{scope.kind}", lang)


def _department(line: DepartmentLine, lang: str) -> str:
    if line.paused_until is not None:
        until = format_date(line.paused_until, lang)
        return t(
            "summary.department_paused",
            lang,
            name=line.name,
            missing=line.missing,
            tasks=line.tasks,
            until=until,
        )
    text = t(
        "summary.department_line", lang, name=line.name, missing=line.missing, tasks=line.tasks
    )
    if line.late_reported:
        text += t("summary.department_late_reported", lang, count=line.late_reported)
    return text


def _tasks(tasks: Sequence[TaskLine], lang: str, today: date) -> list[str]:
    """Two lines per task: light, code, title and time limit; then status, percent, who, and
    the sentence."""
    lines = []
    for task in tasks:
        line = t(
            "summary.task_line", lang, light=MARK[task.light], code=task.code, title=task.title
        )
        lines.append(line + _due(task, lang, today))
        if task.status is None:
            if task.reported_units:  # co_leads "all": some leads reported, not every one
                lines.append(
                    t(
                        "summary.task_partly_reported",
                        lang,
                        reported=list(task.reported_units),
                        missing=list(task.unreported_leads),
                    )
                )
                continue
            lead = list(task.lead) or ["—"]
            lines.append(t("summary.task_unreported", lang, lead=lead))
            continue
        percent = (
            t("summary.task_percent", lang, percent=_number(task.percent))
            if task.percent is not None
            else ""
        )
        key = "summary.task_status" if task.note else "summary.task_status_no_note"
        status = t(f"report.status_{task.status.value}", lang)
        if task.late_reported:
            status += t("summary.task_late_mark", lang, days=task.days_late or 0)
        units = "、".join(task.reported_units) if task.reported_units else task.reported_for
        lines.append(
            t(
                key,
                lang,
                status=status,
                percent=percent,
                department=units or "",
                note=task.note or "",
            )
        )
        if task.unreported_leads:
            leads = list(task.unreported_leads)
            lines.append(t("summary.task_unreported_leads", lang, leads=leads))
    return lines


def _due(task: TaskLine, lang: str, today: date) -> str:
    """The task's own time limit after its title; marked when it is past and made the task red
    (a red light is never a done task)."""
    due = format_time_limit(task.due, None, lang, year=today.year)
    if task.due is None or due is None:
        return ""
    past = task.due < today and task.light is Light.RED
    return t("summary.task_past_due" if past else "summary.task_due", lang, due=due)


def _paginate(head: list[str], title: str, body: list[Block], lang: str) -> list[str]:
    """Cut the head and the blocks into pages within ``PAGE_UNITS`` and ``PAGE_LINES``.

    A block's title never ends a page alone; a block continued on the next page repeats its
    title marked "continued"; every page after the first opens with the summary's title.
    """
    pages: list[list[str]] = []
    current = list(head)
    for block_title, lines in body:
        heading = ["", block_title]
        for line in lines:
            for piece in _pieces(line):
                added = [*heading, piece]
                if _fits(current + added):
                    current += added
                else:
                    pages.append(current)
                    again = t("summary.continued", lang, title=block_title) if not heading else None
                    current = [title, "", again or block_title, piece]
                heading = []
    pages.append(current)
    return ["\n".join(page) for page in pages]


def _fits(lines: list[str]) -> bool:
    return len(lines) <= PAGE_LINES and _units("\n".join(lines)) <= PAGE_UNITS


def _pieces(line: str) -> list[str]:
    """A line short enough for a page; a rare very long one (a long sentence) in pieces."""
    limit = PAGE_UNITS // 2
    pieces = []
    while _units(line) > limit:
        cut = limit // 2  # a character is at most two units
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _percent(share: float) -> str:
    return f"{share * 100:.0f}"


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""

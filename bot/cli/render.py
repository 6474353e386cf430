"""Terminal views of plans for the CLI: the import preview, what an import changed, stored plans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, tzinfo

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.importer.model import ParsedDeadline, ParsedPlan
from bot.importer.where import describe_where
from bot.plans.deadlines import renewals
from bot.plans.storing import PlanOverview, PlanSummary, SaveResult
from bot.plans.words import counts_line, due_words, format_target
from bot.texts import message, t
from db.overview import DeadlineInfo

PREVIEW_TASK_LIMIT = 300


def _fold(table: Table) -> Table:
    """Chinese text has no spaces to wrap at: fold long cells instead of cutting them short."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def _contact(*parts: str | None) -> str:
    return " ".join(x for x in parts if x)


def _deadlines(deadlines: Sequence[ParsedDeadline] | Sequence[DeadlineInfo], lang: str) -> str:
    """``上半年 2026-07-10、全年 2026-12-25``; a recurring one shows its rule."""
    return _join(
        [f"{d.name} {d.due.isoformat()}" + (f" ({d.rule})" if d.rule else "") for d in deadlines],
        lang,
    )


def _join(names: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names) if names else ""


def render_preview(out: Console, plan: ParsedPlan, lang: str, today: date | None = None) -> None:
    """Everything the importer read, as a coordinator checks it before confirming; with
    ``today``, a warning when every deadline is past (and the next ones to set)."""
    none = t("cli.none", lang)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    contact = _contact(plan.contact.name, plan.contact.phone, plan.contact.email)
    deadlines = _deadlines(plan.deadlines, lang)
    rows = [
        ("cli.field_title", plan.title or none),
        ("cli.field_issuer", plan.issuer or none),
        ("cli.field_issued_on", plan.issued_on.isoformat() if plan.issued_on else none),
        ("cli.field_contact", contact or none),
        ("cli.field_deadlines", deadlines or none),
        ("cli.field_counts", counts_line(plan, lang)),
    ]
    for key, value in rows:
        head.add_row(t(key, lang), value)
    out.rule(t("cli.preview_title", lang, source=plan.source))
    out.print(_fold(head))
    suggested = renewals(plan.deadlines, today) if today is not None else []
    if suggested:
        last = max(plan.deadlines, key=lambda d: d.due)
        say(out, t("cli.deadlines_all_past", lang, name=last.name, date=last.due.isoformat()))
        for r in suggested:
            say(out, t("cli.deadline_suggest", lang, name=r.name, date=r.due.isoformat()))

    sections = Table(title=None, show_lines=False)
    for key in ("cli.col_section", "cli.field_title", "cli.col_tasks", "cli.col_category"):
        sections.add_column(t(key, lang))
    for s in plan.sections:
        count = sum(1 for task in plan.tasks if task.section == s.numeral)
        sections.add_row(s.numeral, s.title, str(count), _join(s.categories, lang))
    if plan.sections:
        out.print(_fold(sections))

    tasks = Table(show_lines=True, expand=True)
    tasks.add_column(t("cli.col_code", lang), no_wrap=True)
    tasks.add_column(t("cli.col_task", lang), ratio=5)
    tasks.add_column(t("cli.col_lead", lang), ratio=2)
    tasks.add_column(t("cli.col_support", lang), ratio=2)
    tasks.add_column(t("cli.col_targets", lang), ratio=3)
    with_due = any(task.due_text for task in plan.tasks)
    if with_due:
        tasks.add_column(t("cli.col_due", lang), ratio=2)
    year = plan.issued_on.year if plan.issued_on else None
    for task in plan.tasks[:PREVIEW_TASK_LIMIT]:
        text = (f"[{task.category}] " if task.category else "") + task.text
        row = [
            task.code,
            text,
            _join(task.lead, lang),
            _join(task.support, lang),
            "\n".join(format_target(g, lang) for g in task.targets),
        ]
        tasks.add_row(*row, *([due_words(task, lang, year)] if with_due else []))
    out.print(_fold(tasks), markup=False)
    if len(plan.tasks) > PREVIEW_TASK_LIMIT:
        out.print(f"… +{len(plan.tasks) - PREVIEW_TASK_LIMIT} (--json)", markup=False)
    if plan.groups:
        out.print(t("cli.groups", lang, names=_join(plan.groups, lang)), markup=False)
    render_warnings(out, plan, lang)


def render_warnings(out: Console, plan: ParsedPlan, lang: str) -> None:
    if not plan.warnings:
        out.print(t("cli.no_warnings", lang), markup=False)
        return
    table = Table(title=t("cli.warnings_title", lang, count=len(plan.warnings)), expand=True)
    table.add_column(t("cli.col_where", lang), no_wrap=True)
    table.add_column(t("cli.col_warning", lang), ratio=1)
    for w in plan.warnings:
        table.add_row(
            describe_where(w.where, lang) if w.where else "",
            message("warning", w.code, w.params, lang),
        )
    out.print(_fold(table), markup=False)


@contextmanager
def working(out: Console, label: str) -> Iterator[None]:
    """A pulsing bar with the step's name and the time taken, while a long step runs.

    Shown only on a terminal and cleared when the step ends, so piped output stays clean.
    """
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True) as progress:
        progress.add_task(label, total=None)
        yield


def say(out: Console, text: str) -> None:
    """One sentence for the user: no markup, no highlighting, not broken at the terminal width."""
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def render_save_result(out: Console, result: SaveResult, lang: str) -> None:
    """One line on what the import changed, then the task codes involved."""
    if result.created:
        say(out, t("cli.imported_new", lang, plan_id=result.plan_id, added=len(result.added)))
    elif result.is_noop:
        say(out, t("cli.imported_same", lang, plan_id=result.plan_id))
        return
    else:
        counts = {
            "added": len(result.added),
            "removed": len(result.removed),
            "changed": len(result.changed),
            "unchanged": result.unchanged,
        }
        say(out, t("cli.imported_update", lang, plan_id=result.plan_id, **counts))
    fields = {t(f"cli.plan_field.{f}", lang) for f in result.plan_fields if f != "title_key"}
    lists = [
        ("cli.label_added", result.added),
        ("cli.label_removed", result.removed),
        ("cli.label_changed", result.changed),
        ("cli.label_sections", result.sections),
        ("cli.label_deadlines_added", result.deadlines_added),
        ("cli.label_deadlines_removed", result.deadlines_removed),
        ("cli.label_deadlines_changed", result.deadlines_changed),
        ("cli.label_plan_fields", sorted(fields)),
    ]
    if result.created:  # the preview above already showed everything a new plan holds
        lists = []
    lists.append(("cli.label_group_members", result.new_group_members))
    for label, items in lists:
        if items:
            say(out, t("cli.changed_codes", lang, label=t(label, lang), codes=_join(items, lang)))


def render_plans(out: Console, plans: Sequence[PlanSummary], lang: str, tz: tzinfo) -> None:
    table = Table(title=t("cli.plans_title", lang))
    for key in (
        "cli.col_plan",
        "cli.field_title",
        "cli.field_issued_on",
        "cli.col_tasks",
        "cli.col_imported",
    ):
        table.add_column(t(key, lang))
    for p in plans:
        table.add_row(
            str(p.id),
            p.title or "",
            p.issued_on.isoformat() if p.issued_on else "",
            str(p.tasks),
            p.imported_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        )
    out.print(_fold(table), markup=False)


def render_stored_plan(out: Console, overview: PlanOverview, lang: str) -> None:
    """A stored plan: its header, counts, sections and deadlines."""
    none = t("cli.none", lang)
    c = overview.counts
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    contact = _contact(overview.contact_name, overview.contact_phone, overview.contact_email)
    deadlines = _deadlines(overview.deadlines, lang)
    counts = t(
        "cli.stored_counts",
        lang,
        sections=c.sections,
        tasks=c.tasks,
        removed=c.removed_tasks,
        departments=c.departments,
        groups=c.groups,
        targets=c.targets,
    )
    for key, value in (
        ("cli.field_title", overview.title),
        ("cli.field_issuer", overview.issuer or none),
        ("cli.field_issued_on", overview.issued_on.isoformat() if overview.issued_on else none),
        ("cli.field_contact", contact or none),
        ("cli.field_deadlines", deadlines or none),
        ("cli.field_counts", counts),
        ("cli.source", overview.source_name),
    ):
        head.add_row(t(key, lang), value)
    out.rule(f"#{overview.id} {overview.title}")
    out.print(_fold(head))
    sections = Table()
    for key in ("cli.col_section", "cli.field_title", "cli.col_tasks"):
        sections.add_column(t(key, lang))
    for s in overview.sections:
        sections.add_row(s.numeral, s.title, str(s.tasks))
    out.print(_fold(sections), markup=False)

"""Command-line command ``duban summary``: the coordinator's picture of the current deadline in
the terminal — the head (deadline, days left, pace, counts by status and light), the sections,
every task with its light, and the departments — or, with ``--json``, the same for scripts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from rich.table import Table
from sqlmodel import Session

from bot.cli.context import CliError, Context
from bot.cli.render import say
from bot.summary.build import SummaryError, build_summary, parse_scope
from bot.summary.model import Light, Scope, Summary, TaskLine
from bot.texts import format_date, format_time_limit
from db.engine import session_scope

MARK = {Light.GREEN: "🟢", Light.YELLOW: "🟡", Light.RED: "🔴", Light.NONE: "⚪"}
JSON_KEYS = """\
--json prints one object: plan_id, plan_title, scope {kind, value}, deadline_id, deadline, due
(ISO date), days_left (negative after the deadline), today, pace (0..1, the expected share of
the plan's year), departments_total, departments_reported, tasks_total, tasks_reported, by_status
and by_light (value -> count; "unreported" and "none" included), sections [{numeral, title,
tasks, by_status, by_light}], tasks [{task_id, code, section, position, category, title, text,
lead, support, status, percent, note, reported_by, reported_for, reported_at (ISO), light,
due (ISO date of the task's own time limit, or null),
targets [{target_id, subject, unit, goal, comparator, cumulative, latest, share, pace,
behind, kind}], due (ISO or null), late_reported (逾期报送: first report after the deadline's
grace), days_late, reported_units (the units that reported), unreported_leads (lead units
that have not)}], departments [{department_id, name, tasks, reported, missing, late,
paused_until, liaisons, late_reported (of reported, how many late), position (first place in
the notice)}], late (department names, most missing first), generated_at (ISO)."""


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``duban summary`` on the ``duban`` parser."""
    summary = sub.add_parser(
        "summary",
        parents=[common],
        help="the summary of the current deadline: traffic lights, departments' reporting",
        epilog=JSON_KEYS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    only = summary.add_mutually_exclusive_group()
    only.add_argument("--department", metavar="NAME", help="only this department's tasks")
    only.add_argument("--section", metavar="NUMERAL", help="only this part (三, 第三部分, 3)")
    only.add_argument("--behind", action="store_true", help="only tasks with a yellow or red light")
    only.add_argument("--missing", action="store_true", help="only tasks not reported yet")
    summary.add_argument(
        "--deadline", metavar="NAME", help="another deadline of the plan (全年); default: current"
    )
    summary.add_argument("--json", action="store_true", help="print JSON for scripts (see below)")
    summary.set_defaults(handler=cmd_summary)


def cmd_summary(ctx: Context, args: argparse.Namespace) -> int:
    with session_scope(ctx.engine()) as session:
        try:
            scope = _scope(session, args)
            result = build_summary(
                session=session,
                settings=ctx.settings,
                now=datetime.now(UTC),
                scope=scope,
                deadline=args.deadline,
            )
        except SummaryError as exc:
            raise CliError(ctx.t(f"summary.error_{exc.code}", **exc.params), 2) from None
    if args.json:
        ctx.out.print_json(json.dumps(summary_json(result), ensure_ascii=False))
        return 0
    _print(ctx, result)
    return 0


def _scope(session: Session, args: argparse.Namespace) -> Scope:
    if args.behind:
        return Scope("behind")
    if args.missing:
        return Scope("missing")
    if args.section is not None:
        scope = parse_scope(session=session, words=args.section)
        if scope.kind != "section":
            raise SummaryError("unknown_section", section=args.section, sections=[])
        return scope
    if args.department is not None:
        scope = parse_scope(session=session, words=args.department)
        if scope.kind != "department":
            raise SummaryError("unknown_department", query=args.department)
        return scope
    return Scope("all")


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data: dates in ISO form, enums as their values."""
    data = _plain(dataclasses.asdict(summary))
    data["late"] = [line.name for line in summary.late]
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# --- the terminal ------------------------------------------------------------------------------


def _print(ctx: Context, summary: Summary) -> None:
    pace = f"{(summary.pace or 0) * 100:.0f}"
    days = summary.days_left or 0
    when = (
        ctx.t("summary.days_left", days=days, pace=pace)
        if days > 0
        else ctx.t("summary.due_today", pace=pace)
        if days == 0
        else ctx.t("summary.days_late", days=-days, pace=pace)
    )
    due = format_date(summary.due, ctx.lang, today=summary.today) if summary.due else ""
    ctx.out.rule(ctx.t("summary.title", deadline=summary.deadline, date=due), style="bold")
    for line in (
        when,
        _scope_line(ctx, summary),
        ctx.t(
            "summary.counts",
            departments_reported=summary.departments_reported,
            departments_total=summary.departments_total,
            tasks_reported=summary.tasks_reported,
            tasks_total=summary.tasks_total,
        ),
        ctx.t("summary.statuses", **summary.by_status),
        ctx.t("summary.lights", **summary.by_light),
    ):
        say(ctx.out, line)
    ctx.out.print(_sections(ctx, summary), markup=False)
    ctx.out.print(_tasks(ctx, summary.tasks, summary.today), markup=False)
    ctx.out.print(_departments(ctx, summary), markup=False)


def _scope_line(ctx: Context, summary: Summary) -> str:
    scope = summary.scope
    if scope.kind == "section":
        title = next((s.title for s in summary.sections if s.numeral == scope.value), "")
        return ctx.t("summary.scope_section", numeral=scope.value, title=title)
    if scope.kind == "department":
        return ctx.t("summary.scope_department", name=scope.value)
    return ctx.t(f"summary.scope_{scope.kind}")


def _sections(ctx: Context, summary: Summary) -> Table:
    table = Table(expand=False)
    table.add_column(ctx.t("cli.summary_col_section"))
    table.add_column(ctx.t("cli.summary_col_tasks"), justify="right")
    statuses = ["done", "on_track", "behind", "not_started"]
    for status in statuses:
        table.add_column(ctx.t(f"report.status_{status}"), justify="right")
    table.add_column(ctx.t("cli.summary_unreported"), justify="right")
    for light in Light:
        table.add_column(MARK[light], justify="right")
    for s in summary.sections:
        table.add_row(
            f"{s.numeral} {s.title}",
            str(s.tasks),
            *(str(s.by_status[key]) for key in [*statuses, "unreported"]),
            *(str(s.by_light[light.value]) for light in Light),
        )
    return _fold(table)


def _tasks(ctx: Context, tasks: tuple[TaskLine, ...], today: date) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column(ctx.t("cli.summary_col_light"), no_wrap=True)
    table.add_column(ctx.t("cli.summary_col_code"), no_wrap=True)
    table.add_column(ctx.t("cli.summary_col_task"), ratio=3)
    table.add_column(ctx.t("cli.summary_col_status"), ratio=1)
    table.add_column(ctx.t("cli.summary_col_figures"), ratio=2)
    table.add_column(ctx.t("cli.summary_col_note"), ratio=3)
    for task in tasks:
        status = (
            ctx.t(f"report.status_{task.status.value}")
            + (f" {task.percent:g}%" if task.percent is not None else "")
            + (
                ctx.t("summary.task_late_mark", days=task.days_late or 0)
                if task.late_reported
                else ""
            )
            + (
                f"\n{'、'.join(task.reported_units) or task.reported_for}"
                if task.reported_for
                else ""
            )
            if task.status
            else ctx.t("cli.summary_unreported")
        )
        if task.unreported_leads:
            status += (
                "\n"
                + ctx.t("summary.task_unreported_leads", leads=list(task.unreported_leads)).strip()
            )
        figures = "\n".join(
            f"{g.label}: {g.latest:g}/{g.goal:g}{g.unit}"
            + (f" ({g.share * 100:.0f}%)" if g.share is not None else "")
            + (" ↓" if g.behind else "")
            for g in task.targets
            if g.latest is not None
        )
        due = format_time_limit(task.due, None, ctx.lang, year=today.year)
        title = f"{task.title}\n{ctx.t('chat.task_due', due=due)}" if due else task.title
        table.add_row(MARK[task.light], task.code, title, status, figures, task.note or "")
    return _fold(table)


def _departments(ctx: Context, summary: Summary) -> Table:
    table = Table(expand=True)
    table.add_column(ctx.t("cli.summary_col_department"), ratio=2)
    for key in ("tasks", "reported", "late_reported", "missing"):
        table.add_column(ctx.t(f"cli.summary_col_{key}"), justify="right")
    table.add_column(ctx.t("cli.summary_col_late"))
    table.add_column(ctx.t("cli.summary_col_liaisons"), ratio=2)
    for d in sorted(summary.departments, key=lambda d: (-d.missing, d.name)):
        late = ctx.t("cli.summary_late_yes") if d.late else ""
        if d.paused_until is not None:
            late = ctx.t("cli.summary_paused", until=d.paused_until.isoformat())
        table.add_row(
            d.name,
            str(d.tasks),
            str(d.reported),
            str(d.late_reported),
            str(d.missing),
            late,
            "、".join(d.liaisons),
        )
    return _fold(table)


def _fold(table: Table) -> Table:
    """Chinese text has no spaces to wrap at: fold long cells instead of cutting them short."""
    for column in table.columns:
        column.overflow = "fold"
    return table

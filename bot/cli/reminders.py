"""Command-line commands about reminders: ``duban deadline …`` manages the current plan's
reporting deadlines, ``duban reminders plan`` lists every reminder the current state would send
in a window (so a coordinator can check the rhythm before the season starts).

Mistakes exit with status 2 and one sentence, as everywhere in the CLI.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from rich.table import Table
from sqlmodel import Session

from bot.cli.context import CliError, Context
from bot.cli.render import say
from bot.plans.deadlines import (
    DeadlineError,
    DeadlineRow,
    add_deadline,
    list_deadlines,
    move_deadline,
    parse_date,
    remove_deadline,
)
from bot.reminders.owed import plan_rows
from bot.texts import format_date, format_datetime
from db.engine import session_scope
from scheduler.model import Kind, PlanRow

PLAN_DAYS = 60  # the default window of `reminders plan`


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``deadline`` and ``reminders`` on the ``duban`` parser."""
    deadline = sub.add_parser(
        "deadline", parents=[common], help="reporting deadlines: list, add, move, remove"
    )
    actions = deadline.add_subparsers(dest="deadline_command", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[common], help="the current plan's deadlines").set_defaults(
        handler=cmd_deadline_list
    )
    add = actions.add_parser(
        "add",
        parents=[common],
        help="add a deadline on a date, or recurring by an RFC 5545 rule",
        description="e.g. duban deadline add 月报 2026-08-25, or "
        'duban deadline add 季报 --rrule "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30"',
    )
    add.add_argument("name", help="the deadline's name (月报)")
    add.add_argument("date", nargs="?", metavar="YYYY-MM-DD", help="the date it falls due")
    add.add_argument(
        "--rrule", metavar="RULE", help='a recurring rule: "FREQ=MONTHLY;BYMONTHDAY=25"'
    )
    add.set_defaults(handler=cmd_deadline_add)
    move = actions.add_parser("move", parents=[common], help="give a deadline a new date")
    move.add_argument("name", help="the deadline's name, or part of it (上半年)")
    move.add_argument("date", metavar="YYYY-MM-DD")
    move.set_defaults(handler=cmd_deadline_move)
    remove = actions.add_parser(
        "remove", parents=[common], help="remove a deadline (its reports are kept)"
    )
    remove.add_argument("name", help="the deadline's name, or part of it")
    remove.set_defaults(handler=cmd_deadline_remove)

    reminders = sub.add_parser("reminders", parents=[common], help="reminders: the season's plan")
    what = reminders.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)
    plan = what.add_parser(
        "plan",
        parents=[common],
        help="every reminder the current state would send in a window (local dates)",
    )
    plan.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (today)")
    plan.add_argument(
        "--to", dest="end", metavar="YYYY-MM-DD", help=f"last day (today + {PLAN_DAYS} days)"
    )
    plan.add_argument("--json", action="store_true", help="print JSON for scripts")
    plan.set_defaults(handler=cmd_reminders_plan)


# --- deadlines -------------------------------------------------------------------------------


def _today(ctx: Context) -> date:
    return datetime.now(ctx.settings.locale.tz).date()


def _date(ctx: Context, text: str) -> date:
    try:
        return parse_date(text, _today(ctx))
    except DeadlineError as exc:
        raise _failed(ctx, exc) from None


def _failed(ctx: Context, exc: DeadlineError) -> CliError:
    params = {
        key: format_date(value, ctx.lang, year=True) if isinstance(value, date) else value
        for key, value in exc.params.items()
    }
    return CliError(ctx.t(f"remind.deadline_error_{exc.code}", **params), 2)


def cmd_deadline_list(ctx: Context, args: argparse.Namespace) -> int:
    """List the current plan's deadlines."""
    try:
        with session_scope(ctx.engine()) as session:
            rows = list_deadlines(session=session, today=_today(ctx))
    except DeadlineError as exc:
        raise _failed(ctx, exc) from None
    if not rows:
        say(ctx.out, ctx.t("remind.deadline_none"))
        return 0
    _print_deadlines(ctx, rows)
    return 0


def cmd_deadline_add(ctx: Context, args: argparse.Namespace) -> int:
    """Add a one-off or recurring deadline."""
    if (args.date is None) == (args.rrule is None):
        raise CliError(ctx.t("remind.deadline_usage"), 2)
    due = _date(ctx, args.date) if args.date is not None else None
    return _change(
        ctx,
        "added",
        lambda s, today: add_deadline(
            session=s, name=args.name, due=due, rule=args.rrule, today=today
        ),
    )


def cmd_deadline_move(ctx: Context, args: argparse.Namespace) -> int:
    """Give a deadline a new date."""
    due = _date(ctx, args.date)
    return _change(
        ctx,
        "moved",
        lambda s, today: move_deadline(session=s, name=args.name, due=due, today=today),
    )


def cmd_deadline_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Remove a deadline; what was reported for it stays."""
    now = datetime.now(ctx.settings.locale.tz)
    return _change(
        ctx,
        "removed",
        lambda s, today: remove_deadline(session=s, name=args.name, today=today, now=now),
    )


def _change(ctx: Context, what: str, action: Callable[[Session, date], DeadlineRow]) -> int:
    try:
        with session_scope(ctx.engine()) as session:
            row = action(session, _today(ctx))
    except DeadlineError as exc:
        raise _failed(ctx, exc) from None
    say(ctx.out, ctx.t(f"remind.deadline_{what}", name=row.name))
    _print_deadlines(ctx, [row])
    return 0


def _print_deadlines(ctx: Context, rows: Sequence[DeadlineRow]) -> None:
    table = Table(title=ctx.t("remind.cli_deadlines_title"))
    for key in ("name", "next", "rule", "source", "state"):
        table.add_column(ctx.t(f"remind.cli_col_{key}"), overflow="fold")
    for row in rows:
        state = "removed" if row.removed else "over" if row.next_due is None else "active"
        shown = row.next_due or row.due
        table.add_row(
            row.name,
            format_date(shown, ctx.lang, year=True),
            row.rule or "",
            ctx.t(f"remind.source_{row.source.value}"),
            ctx.t(f"remind.cli_state_{state}"),
        )
    ctx.out.print(table, markup=False)


# --- the season's plan -----------------------------------------------------------------------


def cmd_reminders_plan(ctx: Context, args: argparse.Namespace) -> int:
    """Every reminder the current state would send from --from to --to (both inclusive)."""
    tz = ctx.settings.locale.tz
    first = _date(ctx, args.start) if args.start else _today(ctx)
    last = _date(ctx, args.end) if args.end else first + timedelta(days=PLAN_DAYS)
    if last < first:
        raise CliError(
            ctx.t(
                "remind.cli_bad_window",
                start=format_date(first, ctx.lang, year=True),
                end=format_date(last, ctx.lang, year=True),
            ),
            2,
        )
    start = datetime.combine(first, time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)
    with session_scope(ctx.engine()) as session:
        rows = plan_rows(session=session, settings=ctx.settings, start=start, end=end)
    if args.json:
        ctx.out.print_json(json.dumps([_as_json(row, ctx) for row in rows], ensure_ascii=False))
        return 0
    _print_plan(ctx, rows, first, last)
    return 0


def _as_json(row: PlanRow, ctx: Context) -> dict[str, object]:
    return {
        "at": row.at.astimezone(ctx.settings.locale.tz).isoformat(),
        "department": row.department,
        "liaison": row.liaison,
        "deadline": row.deadline,
        "kind": row.kind.value,
    }


def kind_label(row: PlanRow, ctx: Context) -> str:
    """提前14天 / 当天 / 逾期第2次 / 升级, from the slot's label."""
    number = row.slot.rpartition("-")[2]
    if row.kind is Kind.BEFORE:
        return ctx.t("remind.kind_before", days=number)
    if row.kind is Kind.AFTER:
        return ctx.t("remind.kind_after", n=number)
    return ctx.t(f"remind.kind_{row.kind.value}")


def _print_plan(ctx: Context, rows: Sequence[PlanRow], first: date, last: date) -> None:
    tz = ctx.settings.locale.tz
    title = ctx.t(
        "remind.cli_plan_title",
        start=format_date(first, ctx.lang, year=True),
        end=format_date(last, ctx.lang, year=True),
    )
    if not rows:
        say(ctx.out, title)
        say(ctx.out, ctx.t("remind.cli_plan_empty"))
        return
    table = Table(title=title)
    table.add_column(ctx.t("remind.cli_col_at"), no_wrap=True)  # a moment reads as one piece
    for key in ("department", "liaison", "deadline", "kind"):
        table.add_column(ctx.t(f"remind.cli_col_{key}"), overflow="fold")
    for row in rows:
        escalation = row.kind is Kind.ESCALATION
        table.add_row(
            format_datetime(row.at, tz, ctx.lang, year=first.year != last.year),
            row.department or ctx.t("remind.cli_all_late"),
            row.liaison
            or ctx.t("remind.cli_coordinators" if escalation else "remind.cli_no_liaison"),
            row.deadline,
            kind_label(row, ctx),
        )
    ctx.out.print(table, markup=False)
    say(ctx.out, ctx.t("remind.cli_plan_count", count=len(rows)))

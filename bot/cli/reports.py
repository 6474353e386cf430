"""Command-line commands about progress reports: ``duban read-reply``.

``read-reply`` prints what the bot would read in a liaison's message — per task the status,
percentage, figures and note, and the words tied to no task — without storing anything. Support
staff use it to answer "why did the bot read my message like that?", scripts use ``--json``.
"""

from __future__ import annotations

import argparse
import json

from bot.cli.context import CliError, Context
from bot.cli.render import say
from bot.people.directory import match_department
from bot.reading import Reading, reading_as_json
from bot.reports.intake import read_for_department
from bot.reports.rounds import ReportError
from bot.texts import t
from db.engine import session_scope


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    read = sub.add_parser(
        "read-reply",
        parents=[common],
        help="show how the bot reads a progress reply from a department (stores nothing)",
    )
    read.add_argument(
        "--department", required=True, metavar="NAME", help="the reporting department"
    )
    read.add_argument(
        "--reply-to",
        metavar="CODES",
        default="",
        help="task codes of the bot message replied to, comma-separated (二.1,二.9)",
    )
    read.add_argument("--json", action="store_true", help="print JSON for scripts")
    read.add_argument("text", nargs="+", metavar="TEXT", help="the reply, as the liaison wrote it")
    read.set_defaults(handler=cmd_read_reply)


def cmd_read_reply(ctx: Context, args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    codes = [code.strip() for code in args.reply_to.replace("，", ",").split(",") if code.strip()]
    with session_scope(ctx.engine()) as session:
        matches = match_department(session=session, query=args.department)
        if not matches:
            raise CliError(ctx.t("cli.read_no_department", query=args.department), 2)
        if len(matches) > 1:
            names = [m.name for m in matches[:12]]
            raise CliError(
                ctx.t("cli.read_many_departments", query=args.department, names=names), 2
            )
        try:
            reading = read_for_department(
                session=session, department_id=matches[0].id, text=text, reply_to_codes=codes
            )
        except ReportError as exc:
            raise CliError(ctx.t(f"cli.read_{exc.code}", **exc.params), 2) from None
    if args.json:
        data = {"department": matches[0].name, **reading_as_json(reading)}
        ctx.out.print_json(json.dumps(data, ensure_ascii=False))
        return 0
    _print(ctx, matches[0].name, reading)
    return 0


def _print(ctx: Context, department: str, reading: Reading) -> None:
    say(ctx.out, ctx.t("cli.read_title", department=department))
    if not reading.tasks:
        say(ctx.out, ctx.t("cli.read_no_task"))
    for task in reading.tasks:
        status = t(f"report.status_{task.status.value}", ctx.lang) if task.status else "—"
        say(ctx.out, f"{task.code}  {ctx.t('cli.read_status', status=status)}")
        if task.unsure:
            say(ctx.out, "    ❓ " + ctx.t("cli.read_unsure", codes="、".join(task.candidates)))
        if task.percent is not None:
            say(ctx.out, "    " + t("report.line_percent", ctx.lang, percent=f"{task.percent:g}"))
        for figure in task.figures:
            say(ctx.out, f"    • {figure.subject} = {figure.value:g}  ← {figure.raw}")
        if task.note:
            say(ctx.out, "    " + t("report.line_note", ctx.lang, note=task.note))
    if reading.ask:
        say(ctx.out, ctx.t("cli.read_ask", codes="、".join(reading.ask)))
    if reading.foreign_codes:
        say(ctx.out, ctx.t("cli.read_foreign", codes=list(reading.foreign_codes)))
    if reading.unattributed:
        say(ctx.out, ctx.t("cli.read_unattributed", text=reading.unattributed))

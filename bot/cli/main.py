"""The ``duban`` command line: import notices, look at plans, manage the database schema."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine

from bot import __version__
from bot.cli import export as cli_export
from bot.cli import reminders as cli_reminders
from bot.cli import reports as cli_reports
from bot.cli import run as cli_bot
from bot.cli import summary as cli_summary
from bot.cli.context import CliError, Context
from bot.cli.help import help_language, localize
from bot.cli.render import (
    render_plans,
    render_preview,
    render_save_result,
    render_stored_plan,
    say,
    working,
)
from bot.importer import NoticeError, ParsedPlan
from bot.importer.template import template_workbook
from bot.importer.where import describe_where
from bot.plans.importing import read_notice, store_notice
from bot.plans.storing import PlanNotFound, list_plans, plan_overview
from bot.settings import DEFAULT_DATA_DIR, SettingsError, load_settings
from bot.texts import message, t
from db.engine import session_scope
from db.schema import current_revision, head_revision, upgrade

log = logging.getLogger("duban")
SAMPLE = "sample_notice.txt"


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The whole command line; its help in ``lang`` (``bot.cli.help``)."""
    parser = argparse.ArgumentParser(
        prog="duban",
        description=t("cli.description", lang),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"duban {__version__}")
    _add_common(parser, default=None)
    # The same options after the subcommand (`duban import --sample --lang en`) work too.
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import a notice (.txt .docx .xlsx .csv) and show what was read",
    )
    imp.add_argument("file", nargs="?", type=Path, help="the notice file")
    imp.add_argument("--sample", action="store_true", help="import the bundled sample notice")
    imp.add_argument("--dry-run", action="store_true", help="show the preview; write nothing")
    imp.add_argument("--json", action="store_true", help="print the preview as JSON on stdout")
    imp.add_argument(
        "--plan",
        type=int,
        metavar="ID",
        help="update plan ID instead of the plan with the same title",
    )
    imp.set_defaults(handler=cmd_import)

    template = sub.add_parser(
        "template", parents=[common], help="write the standard task sheet (.xlsx) to fill in"
    )
    template.add_argument("file", type=Path, help="the .xlsx file to write")
    template.set_defaults(handler=cmd_template)

    plans = sub.add_parser("plans", parents=[common], help="list the imported plans")
    plans.set_defaults(handler=cmd_plans)

    plan = sub.add_parser(
        "plan", parents=[common], help="show a stored plan (the latest by default)"
    )
    plan.add_argument("plan_id", nargs="?", type=int, metavar="ID")
    plan.set_defaults(handler=cmd_plan)

    db = sub.add_parser("db", parents=[common], help="database schema: upgrade, status")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser(
        "upgrade", parents=[common], help="upgrade the database to the latest schema"
    ).set_defaults(handler=cmd_db_upgrade)
    db_sub.add_parser("status", parents=[common], help="show the schema revision").set_defaults(
        handler=cmd_db_status
    )

    cli_bot.add_commands(sub, common)
    cli_reports.add_commands(sub, common)
    cli_reminders.add_commands(sub, common)
    cli_summary.add_commands(sub, common)
    cli_export.add_commands(sub, common)
    localize(parser, lang)
    return parser


def _add_common(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="settings file (default: $DUBAN_CONFIG, then ./config.toml)",
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=default,
        help="language of the output (default: [locale] language)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(help_language(words))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        lang = args.lang or "zh"
        text = t("cli.settings_error", lang, file=exc.file, key=exc.key or "-", problem=exc.problem)
        say(Console(stderr=True), text)
        return 2
    ctx = Context(settings, args.lang or settings.locale.language)
    handler: Callable[[Context, argparse.Namespace], int] = args.handler
    try:
        return handler(ctx, args)
    except CliError as exc:
        say(ctx.err, exc.text)
        return exc.code
    except Exception:  # the last line of defence: log the traceback, show a sentence
        logfile = _log_unexpected()
        say(ctx.err, ctx.t("cli.unexpected", log=logfile))
        return 1


def _log_unexpected() -> Path:
    DEFAULT_DATA_DIR.mkdir(parents=True, exist_ok=True)
    logfile = DEFAULT_DATA_DIR / "duban.log"
    handler = logging.FileHandler(logfile, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.exception("unexpected error")
    handler.close()
    log.removeHandler(handler)
    return logfile


# --- import ----------------------------------------------------------------------------------


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    """Read a notice, show the preview, and store it unless --dry-run."""
    name, data = _import_source(ctx, args)
    settings = ctx.settings.departments
    try:
        with working(ctx.err, ctx.t("cli.step_parse")):
            plan = read_notice(
                data,
                name,
                aliases=settings.aliases,
                groups=settings.groups,
                first_unit_leads=ctx.settings.importer.first_unit_leads,
            )
    except NoticeError as exc:
        failed = _import_failed(ctx, exc, name)
        raise CliError(failed.text + "\n" + ctx.t("cli.template_hint"), failed.code) from None
    if args.json:
        _print_json(ctx, plan)
    else:
        today = datetime.now(UTC).astimezone(ctx.settings.locale.tz).date()
        render_preview(ctx.out, plan, ctx.lang, today)
    report = ctx.err if args.json else ctx.out
    if args.dry_run:
        say(report, ctx.t("cli.dry_run"))
        return 0
    engine = ctx.engine()
    try:
        with working(ctx.err, ctx.t("cli.step_save")):
            now = datetime.now(UTC)
            result = store_notice(
                engine=engine,
                plan=plan,
                data=data,
                now=now,
                plan_id=args.plan,
                group_members=settings.groups,
            )
    except NoticeError as exc:
        raise _import_failed(ctx, exc, name) from None
    except PlanNotFound as exc:
        raise CliError(ctx.t("cli.plan_not_found", plan_id=exc.plan_id)) from None
    render_save_result(report, result, ctx.lang)
    return 0


def _import_failed(ctx: Context, exc: NoticeError, name: str) -> CliError:
    """One sentence: where in the file, and what is wrong."""
    where = describe_where(exc.where, ctx.lang) if exc.where else ctx.t("cli.where_file", name=name)
    params = {"name": name, **exc.params}
    if "kind" in params:
        params["kind"] = ctx.t(f"cli.kind_{params['kind']}")
    text = message("error", exc.code, params, ctx.lang)
    return CliError(ctx.t("cli.import_failed", where=where, message=text))


def _import_source(ctx: Context, args: argparse.Namespace) -> tuple[str, bytes]:
    if args.sample:
        resource = resources.files("bot") / "data" / SAMPLE
        if not args.json:
            say(ctx.out, ctx.t("cli.sample_note", name=SAMPLE))
        return SAMPLE, resource.read_bytes()
    if args.file is None:
        raise CliError("duban import FILE | duban import --sample", 2)
    try:
        return args.file.name, args.file.read_bytes()
    except OSError as exc:
        error = NoticeError("cannot_open", "", detail=exc.strerror or str(exc))
        raise _import_failed(ctx, error, str(args.file)) from None


def _print_json(ctx: Context, plan: ParsedPlan) -> None:
    doc = plan.to_json()
    for w, raw in zip(doc["warnings"], plan.warnings, strict=True):
        w["message"] = message("warning", raw.code, raw.params, ctx.lang)
        w["where_text"] = describe_where(raw.where, ctx.lang) if raw.where else ""
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def cmd_template(ctx: Context, args: argparse.Namespace) -> int:
    """Write the standard task sheet for a notice the importer cannot read."""
    path: Path = args.file
    if path.suffix.lower() != ".xlsx":
        raise CliError(ctx.t("cli.template_suffix"), 2)
    if path.exists():
        raise CliError(ctx.t("cli.template_exists", path=path))
    try:
        path.write_bytes(template_workbook(ctx.lang))
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise CliError(ctx.t("cli.template_unwritable", path=path, detail=detail)) from None
    say(ctx.out, ctx.t("cli.template_written", path=path))
    return 0


# --- plans -----------------------------------------------------------------------------------


def cmd_plans(ctx: Context, args: argparse.Namespace) -> int:
    """List the stored plans."""
    with session_scope(ctx.engine()) as session:
        plans = list_plans(session=session)
    if not plans:
        raise CliError(ctx.t("cli.no_plan"))
    render_plans(ctx.out, plans, ctx.lang, ctx.settings.locale.tz)
    return 0


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    """Show one stored plan: header, sections, deadlines, counts."""
    with session_scope(ctx.engine()) as session:
        plan_id = args.plan_id
        if plan_id is None:
            plans = list_plans(session=session)
            if not plans:
                raise CliError(ctx.t("cli.no_plan"))
            plan_id = plans[-1].id
        overview = plan_overview(session=session, plan_id=plan_id)
    if overview is None:
        raise CliError(ctx.t("cli.plan_not_found", plan_id=plan_id))
    render_stored_plan(ctx.out, overview, ctx.lang)
    return 0


# --- db --------------------------------------------------------------------------------------


def cmd_db_upgrade(ctx: Context, args: argparse.Namespace) -> int:
    """Upgrade the schema to the latest revision."""
    engine = ctx.engine(check=False)
    upgrade(engine)
    url = _safe_url(engine)
    say(ctx.out, ctx.t("cli.db_upgraded", revision=head_revision(), url=url))
    return 0


def cmd_db_status(ctx: Context, args: argparse.Namespace) -> int:
    """Show the current and latest schema revisions."""
    engine = ctx.engine(check=False)
    current, head = current_revision(engine), head_revision()
    url = _safe_url(engine)
    say(ctx.out, ctx.t("cli.db_status", url=url, current=current or "-", head=head))
    say(ctx.out, ctx.t("cli.db_status_ok" if current == head else "cli.db_status_behind"))
    return 0 if current == head else 3


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


if __name__ == "__main__":
    raise SystemExit(main())

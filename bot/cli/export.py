"""Command-line commands that write the coordinator's files: ``duban export FILE``.

The format follows the file name's extension: ``.xlsx`` writes the ledger (台账: every task,
the report history, the departments and their liaisons), ``.docx`` the draft bulletin (通报).
Both cover the current plan for the deadline reports count for today, as /export and /bulletin
do in Telegram; ``--deadline 上半年`` covers that deadline's round instead (as ``duban summary
--deadline`` and ``/export 上半年``). After a bulletin it says which office fonts the draft names are missing here
(the chat's caption says it always: the bot cannot see the reader's machine).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.cli.context import CliError, Context
from bot.cli.render import say
from bot.exports.bulletin import bulletin_file, fonts_note
from bot.exports.ledger import ledger_file
from bot.summary.build import SummaryError
from db.engine import session_scope

# (session, settings, now, lang, deadline) -> (name, bytes)
Maker = Callable[..., tuple[str, bytes]]
# extension -> (what it is, as export.cli.kind_<what>; the service that makes it)
FORMATS: dict[str, tuple[str, Maker]] = {
    ".xlsx": ("ledger", ledger_file),
    ".docx": ("bulletin", bulletin_file),
}


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register this module's subcommands on the ``duban`` parser."""
    export = sub.add_parser(
        "export",
        parents=[common],
        help="write the ledger (FILE.xlsx) or a draft bulletin (FILE.docx) of the current plan",
    )
    export.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="where to write: ledger.xlsx (台账) or bulletin.docx (通报); the extension decides",
    )
    export.add_argument(
        "--deadline",
        metavar="NAME",
        help="the round of another deadline of the plan (上半年); default: current",
    )
    export.set_defaults(handler=cmd_export)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """Write the ledger or the bulletin, by the file's extension, and say where."""
    path: Path = args.file
    chosen = FORMATS.get(path.suffix.lower())
    if chosen is None:
        raise CliError(ctx.t("export.cli.unknown_format", name=path.name), 2)
    kind, make = chosen
    with session_scope(ctx.engine()) as session:
        try:
            _, data = make(
                session=session,
                settings=ctx.settings,
                now=datetime.now(UTC),
                lang=ctx.lang,
                deadline=args.deadline,
            )
        except SummaryError as exc:
            raise CliError(ctx.t(f"summary.error_{exc.code}", **exc.params), 2) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise CliError(
            ctx.t("export.cli.write_failed", path=str(path), problem=exc.strerror or str(exc))
        ) from None
    what = ctx.t(f"export.cli.kind_{kind}")
    say(ctx.out, ctx.t("export.cli.written", kind=what, path=str(path.resolve())))
    if kind == "bulletin":
        # the file is likely opened on this machine: say which office fonts it lacks
        note = fonts_note(ctx.lang)
        if note:
            say(ctx.out, note)
    return 0

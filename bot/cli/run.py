"""The bot's commands on the command line: ``run``, ``demo``, ``sandbox`` and ``coordinator``.

python-telegram-bot is imported inside the commands that need it, so ``duban import`` and the
other offline commands start without it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.context import CliError, Context
from bot.cli.render import say
from bot.logs import setup_logging, teardown_logging
from bot.people.roles import add_coordinator, coordinator_ids, remove_coordinator
from bot.settings import DEFAULT_DATA_DIR
from db.engine import session_scope

if TYPE_CHECKING:
    from telegram import Bot

log = logging.getLogger("duban")


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run = sub.add_parser(
        "run", parents=[common], help="run the bot: long polling with the token from the settings"
    )
    run.set_defaults(handler=cmd_run)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="watch the bot at work: a local Bot API sandbox, the real bot, a scripted chat",
    )
    demo.add_argument(
        "--dir",
        type=Path,
        metavar="PATH",
        help="keep the demo's database here (default: temporary)",
    )
    demo.set_defaults(handler=cmd_demo)

    sandbox = sub.add_parser(
        "sandbox", parents=[common], help="serve the local Bot API sandbox in the foreground"
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8081)
    sandbox.add_argument(
        "--token",
        default=None,
        help="accept only this token (default: any well-formed token, digits:35 characters)",
    )
    sandbox.add_argument("--rate-limit", type=float, metavar="N", help="answer 429 above N calls/s")
    sandbox.set_defaults(handler=cmd_sandbox)

    coord = sub.add_parser("coordinator", parents=[common], help="coordinators: add, remove, list")
    coord_sub = coord.add_subparsers(dest="coordinator_command", metavar="ACTION", required=True)
    for action, handler, text in (
        ("add", cmd_coordinator_add, "make a Telegram user a coordinator"),
        ("remove", cmd_coordinator_remove, "remove a coordinator added with `add`"),
    ):
        parser = coord_sub.add_parser(action, parents=[common], help=text)
        parser.add_argument("user_id", type=int, metavar="TELEGRAM_USER_ID")
        parser.set_defaults(handler=handler)
    coord_sub.add_parser("list", parents=[common], help="list the coordinators").set_defaults(
        handler=cmd_coordinator_list
    )


def cmd_run(ctx: Context, args: argparse.Namespace) -> int:
    """Poll Telegram (or the server at ``[telegram] api_url``) until interrupted."""
    from telegram import Update
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application

    try:
        token = ctx.settings.telegram.require_token()
    except ValueError:
        raise CliError(ctx.t("cli.no_token"), 2) from None
    handlers = setup_logging(secrets=[token], log_file=DEFAULT_DATA_DIR / "duban.log")
    try:
        engine = ctx.engine()
        application = build_application(ctx.settings, token=token, engine=engine)
        say(ctx.err, ctx.t("cli.bot_starting", api=ctx.settings.telegram.api_url))
        asyncio.run(_check_token(application.bot))
        # updates that arrived while the bot was down are handled, not dropped
        application.run_polling(drop_pending_updates=False, allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        log.error("the Bot API rejected the token")
        raise CliError(ctx.t("cli.token_rejected"), 2) from None
    except NetworkError as exc:
        log.error("cannot reach the Bot API: %s", exc)
        raise CliError(ctx.t("cli.api_unreachable", api=ctx.settings.telegram.api_url), 1) from None
    finally:
        teardown_logging(handlers)
    return 0


async def _check_token(bot: Bot) -> None:
    """Ask the Bot API who we are, and close the connection either way: a rejected token or an
    unreachable server is reported before polling starts, with nothing left open."""
    try:
        await bot.initialize()
    finally:
        await bot.shutdown()


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    """The sandbox, the real bot and a scripted conversation, printed as a chat log."""
    from bot.cli.demo import DATABASE, run_demo

    if args.dir is not None and (args.dir / DATABASE).exists():
        # the script plays a first day; on yesterday's data its people would already be there
        raise CliError(ctx.t("cli.demo_dir_used", path=args.dir / DATABASE), 2)
    run_demo(ctx.settings, workdir=args.dir, lang=ctx.lang, out=ctx.out)
    return 0


def cmd_sandbox(ctx: Context, args: argparse.Namespace) -> int:
    """Serve the sandbox until interrupted; point ``[telegram] api_url`` at it."""
    from bot.sandbox import Sandbox, serve

    def ready(sandbox: Sandbox) -> None:
        say(ctx.err, ctx.t("cli.sandbox_running", url=sandbox.url))
        # the token itself is never printed: it may be a real one
        say(ctx.err, ctx.t("cli.sandbox_token_given" if args.token else "cli.sandbox_any_token"))

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how one stops it
        serve(args.host, args.port, args.token, args.rate_limit, on_ready=ready)
    return 0


def cmd_coordinator_add(ctx: Context, args: argparse.Namespace) -> int:
    with session_scope(ctx.engine()) as session:
        added = add_coordinator(
            session=session, telegram_user_id=args.user_id, now=datetime.now(UTC)
        )
    key = "cli.coordinator_added" if added else "cli.coordinator_exists"
    say(ctx.out, ctx.t(key, user_id=args.user_id))
    return 0


def cmd_coordinator_remove(ctx: Context, args: argparse.Namespace) -> int:
    with session_scope(ctx.engine()) as session:
        removed = remove_coordinator(session=session, telegram_user_id=args.user_id)
    if removed:
        say(ctx.out, ctx.t("cli.coordinator_removed", user_id=args.user_id))
        return 0
    if args.user_id in ctx.settings.roles.coordinators:
        raise CliError(
            ctx.t("cli.coordinator_in_settings", user_id=args.user_id, file=ctx.settings.source)
        )
    raise CliError(ctx.t("cli.coordinator_not_found", user_id=args.user_id))


def cmd_coordinator_list(ctx: Context, args: argparse.Namespace) -> int:
    configured = ctx.settings.roles.coordinators
    with session_scope(ctx.engine()) as session:
        ids = coordinator_ids(session=session, configured=configured)
    if not ids:
        say(ctx.out, ctx.t("cli.no_coordinators"))
    for user_id in ids:
        where = (
            "cli.coordinator_from_settings" if user_id in configured else "cli.coordinator_from_db"
        )
        say(ctx.out, f"{user_id}  {ctx.t(where)}")
    return 0

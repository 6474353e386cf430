"""/export and /bulletin (and their buttons under /summary): the ledger (台账) as an Excel file
and the draft bulletin (通报) as a Word file, for coordinators. ``/export 上半年`` and
``/bulletin 上半年`` cover that deadline's round (the name matched as ``/summary 上半年``
matches it); bare, the round reports count for today, as ``/summary``. The buttons under a
summary carry its deadline id and export the round on the screen; a button from before they
carried it exports the current round. The bulletin's caption always names the office fonts the
draft asks for and what stands in for them: the bot cannot see the fonts of the machine the
file is opened on (``duban export`` checks its own)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from telegram import Update
from telegram.constants import ChatAction

from bot.callbacks import Callback
from bot.exports.bulletin import bulletin_file
from bot.exports.ledger import ledger_file
from bot.settings import Settings
from bot.summary.build import Rounds, SummaryError, deadline_name, parse_deadline, rounds_now
from bot.texts import t
from db.engine import session_scope
from handlers.common import (
    Context,
    arg_text,
    asker,
    coordinator_only,
    reply,
    runtime,
    unit_of_work,
)

# (session, settings, now, lang, deadline) -> (file name, bytes)
Maker = Callable[..., tuple[str, bytes]]


@coordinator_only
async def cmd_export(update: Update, context: Context) -> None:
    """/export [deadline]: the ledger (台账) of the current plan as an .xlsx file."""
    await _command(update, context, ledger_file, "export.ledger.caption")


@coordinator_only
async def cmd_bulletin(update: Update, context: Context) -> None:
    """/bulletin [deadline]: a draft bulletin (通报) on a deadline as a .docx file."""
    await _command(update, context, bulletin_file, "export.bulletin.caption")


async def on_export_ledger(update: Update, context: Context, callback: Callback) -> None:
    """The 台账 button under a summary (the router has checked the role)."""
    await _button(update, context, callback, ledger_file, "export.ledger.caption")


async def on_export_bulletin(update: Update, context: Context, callback: Callback) -> None:
    """The 通报 button under a summary."""
    await _button(update, context, callback, bulletin_file, "export.bulletin.caption")


async def _command(update: Update, context: Context, make: Maker, caption: str) -> None:
    who = asker(update, context)
    words = arg_text(context)
    try:
        with unit_of_work(context) as session:
            deadline = parse_deadline(session=session, words=words)
    except SummaryError as exc:
        await reply(update, t(f"summary.error_{exc.code}", who.lang, **exc.params))
        return
    await _send(update, context, make, caption, deadline)


async def _button(
    update: Update, context: Context, callback: Callback, make: Maker, caption: str
) -> None:
    deadline = None
    if callback.args:
        with unit_of_work(context) as session:
            deadline = deadline_name(session=session, deadline_id=callback.int_arg(0))
        if deadline is None:  # the deadline was removed, or the plan replaced since
            await reply(update, t("chat.button_expired", asker(update, context).lang))
            return
    await _send(update, context, make, caption, deadline)


async def _send(
    update: Update, context: Context, make: Maker, caption: str, deadline: str | None
) -> None:
    who = asker(update, context)
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)  # building takes a moment
    try:
        # its own session in a worker thread: a big ledger must not stall other chats
        name, data, rounds = await asyncio.to_thread(
            _make, make, rt.settings, rt.engine, rt.now(), who.lang, deadline
        )
    except SummaryError as exc:
        await reply(update, t(f"summary.error_{exc.code}", who.lang, **exc.params))
        return
    text = t(caption, who.lang)
    if deadline is not None:
        text = t("export.round_caption", who.lang, deadline=deadline) + "\n" + text
    elif rounds is not None and rounds.passed is not None:
        # after a deadline's grace the bare command is on the next round: say how to get the
        # one just passed, with its late reports
        command = "/bulletin" if make is bulletin_file else "/export"
        hint = t(
            "export.round_hint",
            who.lang,
            current=rounds.current,
            passed=rounds.passed,
            command=command,
        )
        text = hint + "\n" + text
    await chat.send_document(data, filename=name, caption=text)


def _make(
    make: Maker,
    settings: Settings,
    engine: Engine,
    now: datetime,
    lang: str,
    deadline: str | None,
) -> tuple[str, bytes, Rounds | None]:
    with session_scope(engine) as session:
        name, data = make(session=session, settings=settings, now=now, lang=lang, deadline=deadline)
        rounds = None if deadline else rounds_now(session=session, settings=settings, now=now)
        return name, data, rounds

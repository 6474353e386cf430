"""/export and /bulletin (and their buttons under /summary): the ledger (台账) as an Excel file
and the draft bulletin (通报) as a Word file, for coordinators. The bulletin's caption always
names the office fonts the draft asks for and what stands in for them: the bot cannot see the
fonts of the machine the file is opened on (``duban export`` checks its own)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from telegram import Update
from telegram.constants import ChatAction

from bot.bulletin import bulletin_file
from bot.ledger import ledger_file
from bot.settings import Settings
from bot.summary import SummaryError
from bot.texts import t
from db.engine import session_scope
from handlers.callbacks import Callback
from handlers.common import Context, asker, coordinator_only, reply, runtime

Maker = Callable[..., tuple[str, bytes]]  # (session, settings, now, lang) -> (file name, bytes)


@coordinator_only
async def cmd_export(update: Update, context: Context) -> None:
    """/export: the ledger (台账) of the current plan as an .xlsx file."""
    await _send(update, context, ledger_file, "export.ledger.caption")


@coordinator_only
async def cmd_bulletin(update: Update, context: Context) -> None:
    """/bulletin: a draft bulletin (通报) on the current deadline as a .docx file."""
    await _send(update, context, bulletin_file, "export.bulletin.caption")


async def on_export_ledger(update: Update, context: Context, callback: Callback) -> None:
    """The 台账 button under a summary (the router has checked the role)."""
    await _send(update, context, ledger_file, "export.ledger.caption")


async def on_export_bulletin(update: Update, context: Context, callback: Callback) -> None:
    """The 通报 button under a summary."""
    await _send(update, context, bulletin_file, "export.bulletin.caption")


async def _send(update: Update, context: Context, make: Maker, caption: str) -> None:
    who = asker(update, context)
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)  # building takes a moment
    try:
        # its own session in a worker thread: a big ledger must not stall other chats
        name, data = await asyncio.to_thread(
            _make, make, rt.settings, rt.engine, rt.now(), who.lang
        )
    except SummaryError as exc:
        await reply(update, t(f"summary.error_{exc.code}", who.lang, **exc.params))
        return
    await chat.send_document(data, filename=name, caption=t(caption, who.lang))


def _make(
    make: Maker, settings: Settings, engine: Engine, now: datetime, lang: str
) -> tuple[str, bytes]:
    with session_scope(engine) as session:
        return make(session=session, settings=settings, now=now, lang=lang)

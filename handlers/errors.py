"""The error handler: log with the traceback first, then tell the coordinators and the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.people.roles import coordinator_ids
from bot.texts import t
from handlers.common import Context, asker, runtime, unit_of_work

log = logging.getLogger("duban.errors")


async def on_error(update: object, context: Context) -> None:
    """Log the failure, send each coordinator a short notice, and apologise to the user."""
    error = context.error
    log.error("error while handling an update", exc_info=error)
    rt = runtime(context)
    what = _describe(update)
    lang = rt.settings.locale.language
    try:
        with unit_of_work(context) as session:
            coordinators = coordinator_ids(
                session=session, configured=rt.settings.roles.coordinators
            )
    except Exception:  # the database itself may be what failed
        log.exception("could not read the coordinators to tell them")
        coordinators = list(rt.settings.roles.coordinators)
    notice = t("chat.error_coordinator", lang, kind=type(error).__name__, what=what)
    for chat_id in coordinators:
        await _try_send(context, chat_id, notice)
    if isinstance(update, Update) and update.effective_chat is not None:
        chat_id = update.effective_chat.id
        if chat_id not in coordinators:
            await _try_send(context, chat_id, t("chat.error_user", _language(update, context)))


def _language(update: Update, context: Context) -> str:
    """The user's language if it can still be read; the office's default otherwise."""
    if update.effective_user is not None:
        try:
            return asker(update, context).lang
        except Exception:
            log.exception("could not read the user's language")
    return runtime(context).settings.locale.language


def _describe(update: object) -> str:
    if not isinstance(update, Update):
        return "-"
    if update.callback_query is not None:
        return f"button {update.callback_query.data}"
    message = update.effective_message
    if message is not None and message.text:
        return message.text.split()[0][:40] if message.text.startswith("/") else "text"
    if message is not None and message.document is not None:
        return "document"
    return f"update {update.update_id}"


async def _try_send(context: Context, chat_id: int, text: str) -> None:
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as exc:  # never let the error handler raise in turn
        log.warning("could not send the error notice to %s: %s", chat_id, exc)

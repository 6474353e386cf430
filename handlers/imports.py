"""A coordinator sends a notice file: preview it, then import on Confirm or drop it on Cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Message, Update
from telegram.ext import BaseUpdateProcessor

from bot.callbacks import Action, Callback, View, decode, encode
from bot.importer import NoticeError
from bot.importer.template import template_workbook
from bot.people.directory import department_rows
from bot.plans.importing import read_notice
from bot.plans.uploads import UploadError, cancel_upload, check_file, confirm_upload, keep_upload
from bot.texts import message, t
from handlers import deadline_offer
from handlers.common import Context, asker, coordinator_only, reply, runtime, unit_of_work
from handlers.views import import_failed, import_result, preview
from scheduler.sender import keyboard


@coordinator_only
async def on_document(update: Update, context: Context) -> None:
    """A file arrived: check it, read it, and show what would be imported."""
    who = asker(update, context)
    rt = runtime(context)
    msg, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert msg is not None and msg.document is not None and chat is not None and user is not None
    document = msg.document
    try:
        name = check_file(
            document.file_name, document.file_size, max_bytes=rt.settings.bot.max_upload_bytes
        )
    except UploadError as exc:
        await reply(update, t(f"chat.upload_{exc.code}", who.lang, **exc.params))
        return
    await reply(update, t("chat.reading_file", who.lang, name=name))
    content = bytes(await (await document.get_file()).download_as_bytearray())
    settings = rt.settings.departments
    try:
        plan = await asyncio.to_thread(
            read_notice,
            content,
            name,
            aliases=settings.aliases,
            groups=list(settings.groups),
            first_unit_leads=rt.settings.importer.first_unit_leads,
        )
    except NoticeError as exc:
        await _failed(update, exc, name, who.lang)
        return
    with unit_of_work(context) as session:
        upload_id = keep_upload(
            session=session,
            telegram_user_id=user.id,
            chat_id=chat.id,
            file_name=name,
            content=content,
            now=rt.now(),
        )
    view = preview(plan, name, upload_id, who.lang)
    if note := deadline_offer.preview_note(plan, rt.today(), who.lang):
        head, _, question = view.text.rpartition("\n\n")  # the warning, then the question
        view = View("\n\n".join(part for part in (head, note, question) if part), view.buttons)
    await reply(update, view.text, keyboard(view.buttons))


async def on_import_confirm(update: Update, context: Context, callback: Callback) -> None:
    """Confirm: store the plan read from the kept file, in one transaction."""
    who = asker(update, context)
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    await _drop_buttons(update)
    settings = rt.settings.departments
    try:
        confirmed = await asyncio.to_thread(
            confirm_upload,
            engine=rt.engine,
            upload_id=callback.int_arg(0),
            telegram_user_id=user.id,
            now=rt.now(),
            aliases=settings.aliases,
            group_members=settings.groups,
            first_unit_leads=rt.settings.importer.first_unit_leads,
        )
    except UploadError as exc:
        await reply(update, t(f"chat.upload_{exc.code}", who.lang, **exc.params))
        return
    except NoticeError as exc:
        await _failed(update, exc, None, who.lang)
        return
    with unit_of_work(context) as session:
        rows = department_rows(session=session, plan_id=confirmed.result.plan_id)
    unstaffed = sum(1 for row in rows if not row.liaisons)
    view = import_result(confirmed.result, unstaffed, who.lang)
    await reply(update, view.text, keyboard(view.buttons))
    await deadline_offer.offer_after_import(update, context)


async def on_import_cancel(update: Update, context: Context, callback: Callback) -> None:
    """Cancel: the kept file is marked cancelled; nothing is imported."""
    who = asker(update, context)
    user = update.effective_user
    assert user is not None
    await _drop_buttons(update)
    try:
        with unit_of_work(context) as session:
            name = cancel_upload(
                session=session,
                upload_id=callback.int_arg(0),
                telegram_user_id=user.id,
                now=runtime(context).now(),
            )
    except UploadError as exc:
        await reply(update, t(f"chat.upload_{exc.code}", who.lang, **exc.params))
        return
    await reply(update, t("chat.import_cancelled", who.lang, name=name))


async def on_template(update: Update, context: Context, callback: Callback) -> None:
    """The template button under an import failure: the standard task sheet as an .xlsx."""
    who = asker(update, context)
    chat = update.effective_chat
    assert chat is not None
    data = await asyncio.to_thread(template_workbook, who.lang)
    await chat.send_document(
        data,
        filename=t("chat.template_file", who.lang),
        caption=t("chat.template_caption", who.lang),
    )


async def _failed(update: Update, error: NoticeError, name: str | None, lang: str) -> None:
    """Why the file could not be read; for a file without tasks the layouts looked for; and
    the way forward: the standard task sheet, one button away."""
    if name is None:
        text = message("error", error.code, error.params, lang)
    else:
        text = import_failed(error, name, lang)
    if error.code == "no_tasks":
        text += "\n\n" + t("chat.import_layouts", lang)
    text += "\n" + t("chat.template_offer", lang)
    button = (t("chat.button_template", lang), encode(Action.TEMPLATE))
    await reply(update, text, keyboard([[button]]))


async def _drop_buttons(update: Update) -> None:
    """Take Confirm/Cancel off the preview (its text stays, as the record of what was decided)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is not None and isinstance(message, Message) and message.reply_markup:
        await query.edit_message_reply_markup(reply_markup=None)


class FilesAside(BaseUpdateProcessor):
    """Updates are handled one at a time in the order they came, except notice files.

    Reading a file (and importing it on Confirm) runs in a child process that may take up to
    its time limit; those updates run beside the queue, so everyone else is answered meanwhile.
    Every other update waits for the one before it, as PTB's default sequential processing does.
    At most ``files_at_once`` files are read at a time (each child may take its memory limit).
    """

    def __init__(self, max_concurrent_updates: int = 32, files_at_once: int = 2) -> None:
        super().__init__(max_concurrent_updates)
        self._in_order = asyncio.Lock()  # FIFO: the waiting updates keep their order
        self._files = asyncio.Semaphore(files_at_once)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if _reads_a_file(update):
            async with self._files:
                await coroutine
            return
        async with self._in_order:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _reads_a_file(update: object) -> bool:
    if not isinstance(update, Update):
        return False
    message = update.message
    if message is not None and message.document is not None:
        return True
    query = update.callback_query
    callback = decode(query.data) if query is not None else None
    return callback is not None and callback.action == Action.IMPORT_CONFIRM

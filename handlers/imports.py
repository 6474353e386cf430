"""A coordinator sends a notice file: preview it, then import on Confirm or drop it on Cancel."""

from __future__ import annotations

import asyncio

from telegram import Message, Update

from bot.directory import department_rows
from bot.importer import NoticeError
from bot.imports import read_notice
from bot.texts import message, t
from bot.uploads import UploadError, cancel_upload, check_file, confirm_upload, keep_upload
from handlers.callbacks import Callback
from handlers.common import Context, asker, coordinator_only, keyboard, reply, runtime, unit_of_work
from handlers.views import import_failed, import_result, preview


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
        await reply(update, import_failed(exc, name, who.lang))
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
        await reply(update, message("error", exc.code, exc.params, who.lang))
        return
    with unit_of_work(context) as session:
        rows = department_rows(session=session, plan_id=confirmed.result.plan_id)
    unstaffed = sum(1 for row in rows if not row.liaisons)
    view = import_result(confirmed.result, unstaffed, who.lang)
    await reply(update, view.text, keyboard(view.buttons))


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


async def _drop_buttons(update: Update) -> None:
    """Take Confirm/Cancel off the preview (its text stays, as the record of what was decided)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is not None and isinstance(message, Message) and message.reply_markup:
        await query.edit_message_reply_markup(reply_markup=None)

"""Files, photos, voice notes and videos sent to the bot: a liaison's are kept (the gate stored
them with the raw message) and acknowledged; a coordinator's document is a notice to import.
``/files 部门`` lists a department's files, with a button that has the bot send each again."""

from __future__ import annotations

import logging
from datetime import tzinfo

from telegram import Chat, Update
from telegram.error import TelegramError

from bot.callbacks import Action, Buttons, Callback, View, encode
from bot.people.directory import department_names, match_department
from bot.reports.inbound import FILES_PAGE, FileRow, department_file, department_files
from bot.texts import format_datetime, t
from handlers import imports, start
from handlers.common import (
    Context,
    arg_text,
    asker,
    coordinator_only,
    reply,
    runtime,
    show,
    unit_of_work,
)
from handlers.views import pager
from scheduler.sender import keyboard

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # Telegram's limit for a caption
CAPTION_SHOWN = 80  # characters of a caption shown in the list
_ICON = {"photo": "🖼", "document": "📄", "voice": "🎤", "video": "🎬", "audio": "🎵"}


async def on_file(update: Update, context: Context) -> None:
    """A file arrived: a coordinator's document is a notice; anyone else's is kept and thanked."""
    who = asker(update, context)
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    if who.is_coordinator:
        if message.document is not None:
            await imports.on_document(update, context)
        elif chat.type == Chat.PRIVATE:
            await start.on_other(update, context)
        return
    if who.is_liaison:
        await reply(update, t("chat.file_kept", who.lang))
    else:  # kept raw by the gate, but it belongs to no department the office could look at
        await reply(update, t("chat.file_stranger", who.lang, user_id=who.person.telegram_user_id))


@coordinator_only
async def cmd_files(update: Update, context: Context) -> None:
    """/files <department>: the files its liaisons sent, newest first, a button to fetch each."""
    who = asker(update, context)
    query = arg_text(context)
    if not query:
        await reply(update, t("chat.files_usage", who.lang))
        return
    with unit_of_work(context) as session:
        matches = match_department(session=session, query=query)
    if not matches:
        await reply(update, t("chat.no_department_match", who.lang, query=query))
        return
    if len(matches) > 1:
        buttons = [[(m.name, encode(Action.FILES_PAGE, m.id, 0))] for m in matches]
        await reply(update, t("chat.pick_department", who.lang, query=query), keyboard(buttons))
        return
    view = _page_view(context, matches[0].id, 0, who.lang)
    await reply(update, view.text, keyboard(view.buttons))


async def on_files_page(update: Update, context: Context, callback: Callback) -> None:
    """A page of /files (or the department picked from its list)."""
    who = asker(update, context)
    view = _page_view(context, callback.int_arg(0), callback.int_arg(1), who.lang)
    await show(update, view.text, keyboard(view.buttons))


async def on_file_fetch(update: Update, context: Context, callback: Callback) -> None:
    """Send one kept file again, by its Telegram file_id, with who sent it and when."""
    who = asker(update, context)
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    department_id = callback.int_arg(0)
    with unit_of_work(context) as session:
        row = department_file(
            session=session, department_id=department_id, message_row_id=callback.int_arg(1)
        )
        names = department_names(session=session, ids=[department_id])
    if row is None:
        await reply(update, t("chat.file_gone", who.lang))
        return
    when = format_datetime(row.received_at, rt.settings.locale.tz, who.lang, year=True)
    head = t("chat.file_caption", who.lang, department="".join(names), sender=row.sender, when=when)
    caption = f"{head}\n{row.caption}" if row.caption else head
    caption = caption[:CAPTION_LIMIT]
    try:
        await _send(update, row, caption)
    except TelegramError as exc:  # Telegram no longer has it, or refuses this kind
        log.warning("could not send kept file %s again: %s", row.id, exc)
        await reply(update, t("chat.file_send_failed", who.lang))


async def _send(update: Update, row: FileRow, caption: str) -> None:
    """The file, by its file_id, with the Bot API method for its kind."""
    chat = update.effective_chat
    assert chat is not None
    if row.kind == "photo":
        await chat.send_photo(row.file_id, caption=caption)
    elif row.kind == "voice":
        await chat.send_voice(row.file_id, caption=caption)
    elif row.kind == "video":
        await chat.send_video(row.file_id, caption=caption)
    elif row.kind == "audio":
        await chat.send_audio(row.file_id, caption=caption)
    elif row.kind == "video_note":  # a round video takes no caption
        await chat.send_video_note(row.file_id)
        await reply(update, caption)
    else:
        await chat.send_document(row.file_id, caption=caption)


def _page_view(context: Context, department_id: int, page: int, lang: str) -> View:
    rt = runtime(context)
    with unit_of_work(context) as session:
        found = department_files(session=session, department_id=department_id, page=page)
        names = department_names(session=session, ids=[department_id])
    department = "".join(names)
    if not found.total:
        return View(t("chat.files_none", lang, department=department), [])
    lines = [t("chat.files_title", lang, department=department, count=found.total), ""]
    buttons: Buttons = []
    first = found.page * FILES_PAGE + 1
    for number, row in enumerate(found.files, start=first):
        lines.append(_line(number, row, lang, rt.settings.locale.tz))
        label = t("chat.files_fetch", lang, number=number, name=_name(row, lang)[:40])
        buttons.append([(label, encode(Action.FILE_FETCH, department_id, row.id))])
    buttons.append(pager(Action.FILES_PAGE, found.page, found.pages, department_id))
    return View("\n".join(lines), buttons)


def _line(number: int, row: FileRow, lang: str, tz: tzinfo) -> str:
    """``1. 2026年6月3日（周三）14:20 · 李娜 · 📄 总结.docx（120 KB）`` and the caption under it."""
    when = format_datetime(row.received_at, tz, lang, year=True)
    text = f"{number}. {when} · {row.sender} · {_ICON.get(row.kind, '📎')} {_name(row, lang)}"
    if size := _size(row.file_size):
        text += f"（{size}）" if lang == "zh" else f" ({size})"
    if row.caption:
        caption = (
            row.caption
            if len(row.caption) <= CAPTION_SHOWN
            else row.caption[: CAPTION_SHOWN - 1] + "…"
        )
        text += "\n   " + caption.replace("\n", " ")
    return text


def _name(row: FileRow, lang: str) -> str:
    return row.file_name or t(f"chat.file_kind_{row.kind}", lang)


def _size(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1048576:.1f} MB"

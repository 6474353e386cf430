"""Runs before every other handler: keeps what users send, finds out who is asking, and keeps
the bot quiet in groups.

Every message is stored raw before anything reads it, and every edit of it too, so nothing a
user sent is lost. A message Telegram delivers a second time (it does, after a restart) stops
here: it was handled the first time. In a group the bot answers only coordinators (digests and
summaries go there later); for everyone else it stops the update here, silently.

The gate's transaction is each update's first: the raw message and who sent it, committed
before any handler runs, so a handler that fails loses nothing the user sent. The person is
kept on the update's context (``Context.who``): no handler looks them up again. The handler's
own work is the update's second transaction.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Chat, Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.reports.chatlog import keep_edit
from bot.reports.inbound import MediaFile, keep_message
from handlers.common import Context, identify_asker, runtime, unit_of_work
from handlers.menus import ensure_coordinator_menu


async def gate(update: Update, context: Context) -> None:
    """Store the raw message; give a coordinator their menu; in a group, stop unless a coordinator."""
    user, chat = update.effective_user, update.effective_chat
    if chat is None or user is None:
        return
    with unit_of_work(context) as session:
        first_time = _kept_first_time(session, update, context, chat.id, user.id)
        who = identify_asker(session, update, context) if first_time else None
    if who is None:
        raise ApplicationHandlerStop  # Telegram delivered this message (or edit) before
    if chat.type == Chat.PRIVATE:
        if who.is_coordinator:  # Telegram lets a chat have its own menu only once it exists
            await ensure_coordinator_menu(context, update, who.lang)
        return
    if not who.is_coordinator:
        raise ApplicationHandlerStop


def _kept_first_time(
    session: Session, update: Update, context: Context, chat_id: int, user_id: int
) -> bool:
    """Keep a new message or a new edit as sent; False when it was kept before."""
    now = runtime(context).now()
    message, edited = update.message, update.edited_message
    if message is not None:
        return keep_message(
            session=session,
            chat_id=chat_id,
            message_id=message.message_id,
            user_id=user_id,
            text=message.text or message.caption,
            now=now,
            language_code=message.from_user.language_code if message.from_user else None,
            media=media_of(message),
        )
    if edited is not None:
        return keep_edit(
            session=session,
            chat_id=chat_id,
            message_id=edited.message_id,
            user_id=user_id,
            text=edited.text or edited.caption,
            edited_at=edited.edit_date or now,
        )
    return True  # a button press, a member update …: nothing to keep


def media_of(message: Message) -> MediaFile | None:
    """The file a message carries (the largest size of a photo), as Telegram describes it."""
    if message.photo:
        photo = message.photo[-1]
        return MediaFile("photo", photo.file_id, photo.file_unique_id, file_size=photo.file_size)
    for kind in ("document", "video", "audio", "voice", "video_note"):
        found = getattr(message, kind)
        if found is not None:
            return MediaFile(
                kind,
                found.file_id,
                found.file_unique_id,
                file_name=getattr(found, "file_name", None),
                file_size=found.file_size,
                mime_type=getattr(found, "mime_type", None),
            )
    return None

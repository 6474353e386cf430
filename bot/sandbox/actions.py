"""What users do — write, press a button, send a file, edit — turned into the updates Telegram sends.

Each action checks that it could happen in a real client (the user exists and has not blocked the
bot, the button is really on that message) and raises ``SandboxError`` otherwise: a test pressing
a button the bot never sent must fail loudly, not deliver a ghost update. Callers hold the lock.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from bot.sandbox.markup import Entity, utf16_len
from bot.sandbox.records import SandboxError
from bot.sandbox.world import CallbackQuery, Chat, StoredMessage, User, World, inline_buttons

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


def add_user(world: World, user: User) -> None:
    """Add or update a user (their private chat appears when they first write)."""
    known = world.users.get(user.id)
    if known is not None:
        user.blocked = known.blocked
    world.users[user.id] = user
    chat = world.chats.get(user.id)
    if chat is not None:
        chat.user = user


def add_group(world: World, chat_id: int, title: str) -> None:
    """A group the bot is a member of; ids below -10^12 are supergroups, as in Telegram."""
    if chat_id >= 0:
        raise SandboxError("bad_group_id", chat_id=chat_id)
    kind = "supergroup" if chat_id < -1_000_000_000_000 else "group"
    world.chats[chat_id] = Chat(id=chat_id, type=kind, title=title)


def _user_chat(world: World, user_id: int, chat_id: int | None) -> tuple[User, Chat]:
    user = world.users.get(user_id)
    if user is None:
        raise SandboxError("unknown_user", user_id=user_id)
    if user.blocked:
        raise SandboxError("user_blocked_bot", user_id=user_id)
    if chat_id is None or chat_id == user_id:
        return user, world.private_chat(user)
    chat = world.chats.get(chat_id)
    if chat is None or chat.type == "private":
        raise SandboxError("unknown_chat", chat_id=chat_id)
    return user, chat


def command_entities(text: str) -> list[Entity]:
    """A ``bot_command`` entity when the text starts with a command, as clients mark it."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def send_text(
    world: World, user_id: int, text: str, *, chat_id: int | None, reply_to: int | None
) -> int:
    """A ``message`` update; ``reply_to`` must be a message of that chat."""
    user, chat = _user_chat(world, user_id, chat_id)
    if reply_to is not None and (chat.id, reply_to) not in world.messages:
        raise SandboxError("no_such_message", chat_id=chat.id, message_id=reply_to)
    message = world.new_message(
        chat, from_id=user.id, text=text, entities=command_entities(text), reply_to=reply_to
    )
    return world.push("message", world.message_json(message))


# what a user can send as a file: kind → (the store's folder, the message field, default MIME)
UPLOAD_KINDS: dict[str, tuple[str, str, str | None]] = {
    "document": ("documents", "document", None),
    "photo": ("photos", "photo", "image/jpeg"),  # one size: the image as sent
    "voice": ("voice", "voice", "audio/ogg"),  # OGG/Opus bytes
}


def upload(
    world: World,
    user_id: int,
    kind: str,
    content: bytes,
    *,
    file_name: str | None = None,
    mime_type: str | None = None,
    caption: str | None,
    chat_id: int | None,
) -> int:
    """A ``message`` update carrying a file of ``kind`` (see ``UPLOAD_KINDS``) that the bot can
    then fetch with getFile."""
    folder, field, default_mime = UPLOAD_KINDS[kind]
    user, chat = _user_chat(world, user_id, chat_id)
    stored = world.store_file(folder, file_name, mime_type or default_mime, content)
    message = world.new_message(chat, from_id=user.id, caption=caption, **{field: stored.file_id})
    return world.push("message", world.message_json(message))


def edit_text(
    world: World, user_id: int, message_id: int, text: str, *, chat_id: int | None
) -> int:
    """An ``edited_message`` update for a text the user sent earlier."""
    user, chat = _user_chat(world, user_id, chat_id)
    message = world.messages.get((chat.id, message_id))
    if message is None or message.from_id != user.id or message.text is None:
        raise SandboxError("no_such_message", chat_id=chat.id, message_id=message_id)
    message.text = text
    message.entities = command_entities(text)
    message.edit_date = world.now()
    return world.push("edited_message", world.message_json(message))


def press_button(
    world: World,
    user_id: int,
    message_id: int,
    data: str | None,
    *,
    text: str | None,
    chat_id: int | None,
) -> int:
    """A ``callback_query`` update for a button that is on that bot message right now."""
    if data is None and text is None:
        raise SandboxError("bad_request", reason="press_button needs data or text")
    user, chat = _user_chat(world, user_id, chat_id)
    message = _bot_message(world, chat.id, message_id)
    buttons = [button for row in inline_buttons(message.reply_markup) for button in row]
    matching = [
        button
        for button in buttons
        if (data is None or button.data == data) and (text is None or button.text == text)
    ]
    if not matching:
        raise SandboxError(
            "no_such_button",
            message_id=message_id,
            data=data,
            text=text,
            buttons=[(button.text, button.data) for button in buttons],
        )
    pressed = matching[0]
    if pressed.data is None:
        raise SandboxError("not_a_callback_button", message_id=message_id, text=pressed.text)
    return _callback(world, user, chat, message, pressed.data)


def forge_callback(
    world: World, user_id: int, message_id: int, data: str, *, chat_id: int | None
) -> int:
    """A ``callback_query`` with any data on a bot message, as a modified client can send.

    For testing that the bot distrusts callback data: stale buttons, other people's actions.
    """
    user, chat = _user_chat(world, user_id, chat_id)
    return _callback(world, user, chat, _bot_message(world, chat.id, message_id), data)


def _callback(world: World, user: User, chat: Chat, message: StoredMessage, data: str) -> int:
    query_id = str(4_000_000_000_000_000_000 + len(world.callback_queries) + 1)
    world.callback_queries[query_id] = CallbackQuery(
        query_id, user.id, chat.id, message.message_id, data
    )
    payload: dict[str, Any] = {
        "id": query_id,
        "from": user.json(),
        "message": world.message_json(message),
        "chat_instance": world.chat_instance(chat.id),
        "data": data,
    }
    return world.push("callback_query", payload)


def _bot_message(world: World, chat_id: int, message_id: int) -> StoredMessage:
    message = world.messages.get((chat_id, message_id))
    if message is None or message.deleted or message.from_id != world.bot_id:
        raise SandboxError("no_such_message", chat_id=chat_id, message_id=message_id)
    return message


def redeliver(world: World, update_id: int) -> int:
    """Queue an update already queued once again, payload unchanged, under a new update_id.

    What Telegram does when a bot stopped before confirming an offset: the same message (same
    chat, message_id, date) or the same callback query (same id) arrives a second time.
    """
    update = world.pushed.get(update_id)
    if update is None:
        raise SandboxError("no_such_update", update_id=update_id)
    return world.push(update.kind, copy.deepcopy(update.payload))


def set_blocked(world: World, user_id: int, blocked: bool) -> None:
    """Block or unblock the bot on behalf of a user."""
    user = world.users.get(user_id)
    if user is None:
        raise SandboxError("unknown_user", user_id=user_id)
    user.blocked = blocked

"""The sandbox's state — users, chats, messages, files, the update queue — and its JSON shapes.

One ``threading.Condition`` guards everything: HTTP handler threads, the test thread and
long-polling ``getUpdates`` all meet on it, and every change notifies it, which is what lets
``getUpdates`` return the moment an update is queued and ``wait_for`` re-check on every call.
The JSON built here follows the Bot API's field names exactly, because PTB's ``de_json`` reads it.
"""

from __future__ import annotations

import mimetypes
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from bot.sandbox.markup import Entity
from bot.sandbox.records import Button, Call, SentFile, SentMessage

# Updates Telegram sends when getUpdates never named any (it leaves these out by default).
_NOT_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_PREFIX = {
    "documents": "BQACAgIAAxkBAAE",
    "photos": "AgACAgIAAxkBAAE",
    "voice": "AwACAgIAAxkBAAE",
}
# What Telegram calls each kind when a file_id of one is sent as another.
KIND_NAMES = {"documents": "Document", "photos": "Photo", "voice": "Voice"}


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data


@dataclass
class Chat:
    id: int
    type: str  # private, group or supergroup
    title: str | None = None
    user: User | None = None  # the other side of a private chat
    next_message_id: int = 1  # shared by the bot's and the users' messages, as in Telegram

    def json(self) -> dict[str, Any]:
        if self.user is None:
            return {"id": self.id, "type": self.type, "title": self.title}
        data = self.user.json()
        data.pop("is_bot")
        data.pop("language_code", None)
        data["type"] = "private"
        return data


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # documents, photos or voice: the folder of its file_path
    file_name: str | None
    mime_type: str | None
    content: bytes
    file_path: str
    width: int = 0
    height: int = 0

    def sent(self) -> SentFile:
        return SentFile(
            file_id=self.file_id,
            file_unique_id=self.file_unique_id,
            file_size=len(self.content),
            file_name=self.file_name,
            mime_type=self.mime_type,
        )

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.kind == "photos":
            data.update(width=self.width, height=self.height)
            return data
        if self.kind == "voice":
            data["duration"] = max(1, len(self.content) // 2000)  # ~16 kbit/s Opus
        if self.file_name is not None:
            data["file_name"] = self.file_name
        if self.mime_type is not None:
            data["mime_type"] = self.mime_type
        return data


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    from_id: int
    date: int
    text: str | None = None
    entities: list[Entity] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[Entity] = field(default_factory=list)
    raw_text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: str | None = None  # file_id
    photo: str | None = None  # file_id
    voice: str | None = None  # file_id
    reply_to: int | None = None
    edit_date: int | None = None
    deleted: bool = False


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass
class Update:
    update_id: int
    kind: str
    payload: dict[str, Any]

    def json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


class World:
    """Everything the emulated Telegram knows; callers hold ``cond`` while touching it."""

    def __init__(
        self, *, bot_id: int, bot_username: str, bot_first_name: str, clock: Callable[[], datetime]
    ) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.clock = clock
        self.cond = threading.Condition(threading.RLock())
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.in_order: list[StoredMessage] = []
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.updates: list[Update] = []
        self.pushed: dict[int, Update] = {}  # every update ever queued, for ``redeliver``
        self.next_update_id = 100_000_001
        self.confirmed_below = 0  # highest getUpdates offset seen
        self.allowed_updates: frozenset[str] | None = None
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.poll_generation = 0
        self.waiting_polls = 0  # getUpdates calls blocked in a long poll right now
        self.stopping = False

    # --- time and ids ---------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock().timestamp())

    def bot_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def chat_instance(self, chat_id: int) -> str:
        # Stable per chat like Telegram's, and visibly not the chat id itself.
        return str((chat_id * 2_654_435_761) % 10**19)

    # --- chats and messages ---------------------------------------------------------------

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(id=user.id, type="private", user=user)
        return chat

    def new_message(self, chat: Chat, *, from_id: int, **fields: Any) -> StoredMessage:
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id,
            from_id=from_id,
            date=self.now(),
            **fields,
        )
        chat.next_message_id += 1
        self.messages[(chat.id, message.message_id)] = message
        self.in_order.append(message)
        return message

    def message_json(self, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        sender = (
            self.bot_json()
            if message.from_id == self.bot_id
            else self.users[message.from_id].json()
        )
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": sender,
            "chat": self.chats[message.chat_id].json(),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.reply_to is not None and with_reply:
            # Telegram nests the replied-to message one level deep, never its own reply.
            target = self.messages.get((message.chat_id, message.reply_to))
            if target is not None:
                data["reply_to_message"] = self.message_json(target, with_reply=False)
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.document is not None:
            data["document"] = self.files[message.document].json()
        if message.photo is not None:
            data["photo"] = [self.files[message.photo].json()]
        if message.voice is not None:
            data["voice"] = self.files[message.voice].json()
        if message.caption is not None:
            data["caption"] = message.caption
            if message.caption_entities:
                data["caption_entities"] = message.caption_entities
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = {"inline_keyboard": message.reply_markup["inline_keyboard"]}
        return data

    def sent(self, message: StoredMessage) -> SentMessage:
        """A detached copy for tests."""
        document = self.files[message.document].sent() if message.document else None
        photo = self.files[message.photo].sent() if message.photo else None
        voice = self.files[message.voice].sent() if message.voice else None
        return SentMessage(
            message_id=message.message_id,
            chat_id=message.chat_id,
            text=message.text if message.text is not None else message.caption,
            buttons=inline_buttons(message.reply_markup),
            document=document,
            photo=photo,
            voice=voice,
            reply_to=message.reply_to,
            parse_mode=message.parse_mode,
            date=datetime.fromtimestamp(message.date, self.clock().tzinfo),
            from_id=message.from_id,
            raw_text=message.raw_text,
            edited=message.edit_date is not None,
            reply_markup=message.reply_markup,
        )

    # --- files ----------------------------------------------------------------------------

    def store_file(
        self, kind: str, file_name: str | None, mime_type: str | None, content: bytes
    ) -> StoredFile:
        number = len(self.files) + 1
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name, strict=False)[0]
        suffix = PurePosixPath(file_name or "").suffix
        if kind == "photos":
            suffix = ".png" if content.startswith(b"\x89PNG") else ".jpg"
        if kind == "voice":
            suffix = ".oga"
        stored = StoredFile(
            file_id=f"{_PREFIX[kind]}{number:08d}",
            file_unique_id=f"AgAD{number:08d}",
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
            content=content,
            file_path=f"{kind}/file_{number}{suffix}",
        )
        if kind == "photos":
            stored.width, stored.height = image_size(content)
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # --- updates --------------------------------------------------------------------------

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update = Update(self.next_update_id, kind, payload)
        self.next_update_id += 1
        self.updates.append(update)
        self.pushed[update.update_id] = update
        self.cond.notify_all()
        return update.update_id

    def allowed(self, kind: str) -> bool:
        if self.allowed_updates is None:
            return kind not in _NOT_DEFAULT_UPDATES
        return kind in self.allowed_updates


def inline_buttons(markup: dict[str, Any] | None) -> list[list[Button]]:
    """The inline keyboard of a markup as Buttons (empty for other keyboards)."""
    if not markup or not isinstance(markup.get("inline_keyboard"), list):
        return []
    return [
        [
            Button(
                text=str(button.get("text", "")),
                data=button.get("callback_data"),
                url=button.get("url"),
            )
            for button in row
            if isinstance(button, dict)
        ]
        for row in markup["inline_keyboard"]
        if isinstance(row, list)
    ]


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (Telegram reports them on every PhotoSize)."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(content) and content[i] == 0xFF:
            marker, length = content[i + 1], struct.unpack(">H", content[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):  # start of frame: height, then width
                height, width = struct.unpack(">HH", content[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return 512, 512  # unknown format: a plausible square, as PhotoSize needs numbers

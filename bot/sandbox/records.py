"""What a test reads back from the sandbox: the bot's messages, files, calls, and its one error.

These are plain frozen values, detached from the sandbox's live state, so a test can keep them
across later calls. ``to_json``/``from_json`` carry them over the HTTP control API unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class SandboxError(Exception):
    """A test used the sandbox wrongly or waited in vain; ``code`` says which, ``params`` the rest.

    Codes: ``timeout``, ``stopped`` (waiting on a sandbox that stopped), ``unknown_user``,
    ``unknown_chat``, ``no_such_message``, ``no_such_button``, ``not_a_callback_button``,
    ``no_messages``, ``no_such_file``, ``user_blocked_bot``, ``bad_group_id``,
    ``bad_request`` (control API input), ``unknown_fault``, ``no_such_update`` (redeliver).
    """

    def __init__(self, code: str, **params: Any) -> None:
        detail = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SentFile:
    """A file stored in the sandbox (uploaded by the bot or by a user)."""

    file_id: str
    file_unique_id: str
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class SentMessage:
    """A message in its current state (edits applied).

    ``text`` is what the user reads (markup parsed away; the caption for files); ``raw_text`` is
    exactly what the bot sent, tags included. ``reply_markup`` is the raw markup of the last
    send or edit, for keyboards other than inline ones.
    """

    message_id: int
    chat_id: int
    text: str | None
    buttons: list[list[Button]] = field(default_factory=list)
    document: SentFile | None = None
    photo: SentFile | None = None
    voice: SentFile | None = None
    reply_to: int | None = None
    parse_mode: str | None = None
    date: datetime = datetime(1970, 1, 1, tzinfo=UTC)
    from_id: int = 0
    raw_text: str | None = None
    edited: bool = False
    reply_markup: dict[str, Any] | None = None

    def button_texts(self) -> list[str]:
        """Every button label, row by row — handy in assertions."""
        return [button.text for row in self.buttons for button in row]


@dataclass(frozen=True)
class Call:
    """One Bot API call as the sandbox answered it; ``status`` 0 means it was dropped unanswered."""

    method: str
    params: dict[str, Any]
    at: float
    status: int


def file_to_json(file: SentFile | None) -> dict[str, Any] | None:
    """A SentFile as plain JSON."""
    if file is None:
        return None
    return {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.file_size,
        "file_name": file.file_name,
        "mime_type": file.mime_type,
    }


def file_from_json(data: dict[str, Any] | None) -> SentFile | None:
    """The inverse of ``file_to_json``."""
    return None if data is None else SentFile(**data)


def message_to_json(message: SentMessage) -> dict[str, Any]:
    """A SentMessage as plain JSON (the date as a Unix timestamp)."""
    return {
        "message_id": message.message_id,
        "chat_id": message.chat_id,
        "text": message.text,
        "buttons": [
            [{"text": b.text, "data": b.data, "url": b.url} for b in row] for row in message.buttons
        ],
        "document": file_to_json(message.document),
        "photo": file_to_json(message.photo),
        "voice": file_to_json(message.voice),
        "reply_to": message.reply_to,
        "parse_mode": message.parse_mode,
        "date": int(message.date.timestamp()),
        "from_id": message.from_id,
        "raw_text": message.raw_text,
        "edited": message.edited,
        "reply_markup": message.reply_markup,
    }


def message_from_json(data: dict[str, Any]) -> SentMessage:
    """The inverse of ``message_to_json``."""
    return SentMessage(
        message_id=data["message_id"],
        chat_id=data["chat_id"],
        text=data["text"],
        buttons=[[Button(**button) for button in row] for row in data["buttons"]],
        document=file_from_json(data["document"]),
        photo=file_from_json(data["photo"]),
        voice=file_from_json(data.get("voice")),
        reply_to=data["reply_to"],
        parse_mode=data["parse_mode"],
        date=datetime.fromtimestamp(data["date"], UTC),
        from_id=data["from_id"],
        raw_text=data["raw_text"],
        edited=data["edited"],
        reply_markup=data["reply_markup"],
    )


def call_to_json(call: Call) -> dict[str, Any]:
    """A Call as plain JSON."""
    return {"method": call.method, "params": call.params, "at": call.at, "status": call.status}


def call_from_json(data: dict[str, Any]) -> Call:
    """The inverse of ``call_to_json``."""
    return Call(method=data["method"], params=data["params"], at=data["at"], status=data["status"])

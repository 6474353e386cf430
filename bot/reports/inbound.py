"""Every message a user sends is kept as it came, before anything tries to read it — and a
file, photo, voice note or video with it, by Telegram's file_id, so that the coordinator can
list a department's files (``/files``) and have the bot send any of them again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import deliveries, people
from db import files as store
from db.files import FileRow
from db.models import InboundMessage

__all__ = [
    "FILES_PAGE",
    "FILE_KINDS",
    "FilePage",
    "FileRow",
    "MediaFile",
    "department_file",
    "department_files",
    "keep_message",
]

# What Telegram can carry in a message that the bot keeps and can send again by file_id.
FILE_KINDS = ("photo", "document", "voice", "video", "audio", "video_note")
FILES_PAGE = 10  # files listed per page of /files


@dataclass(frozen=True)
class MediaFile:
    """The file a message carried, as Telegram describes it (nothing is downloaded)."""

    kind: str  # one of FILE_KINDS
    file_id: str
    file_unique_id: str
    file_name: str | None = None
    file_size: int | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class FilePage:
    files: list[FileRow]
    page: int  # 0-based
    pages: int
    total: int


def keep_message(
    *,
    session: Session,
    chat_id: int,
    message_id: int,
    user_id: int,
    text: str | None,
    now: datetime,
    language_code: str | None = None,
    media: MediaFile | None = None,
) -> bool:
    """Store one message; the same message delivered twice is stored once. True if new."""
    if people.inbound_message_stored(session=session, chat_id=chat_id, message_id=message_id):
        return False
    row = InboundMessage(
        chat_id=chat_id,
        message_id=message_id,
        user_id=user_id,
        text=text,
        language_code=(language_code or None) and language_code[:35],
        received_at=now,
    )
    if media is not None:
        row.file_kind = media.kind
        row.file_id = media.file_id[:255]
        row.file_unique_id = media.file_unique_id[:64]
        row.file_name = media.file_name[:255] if media.file_name else None
        row.file_size = media.file_size
        row.mime_type = media.mime_type[:100] if media.mime_type else None
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # stored by a concurrent delivery in the meantime
        return False
    deliveries.reachable_again(session=session, telegram_user_id=user_id)  # wrote: not blocked
    return True


def department_files(*, session: Session, department_id: int, page: int) -> FilePage:
    """One page of the files the department's liaisons sent, newest first."""
    total = store.department_file_count(session=session, department_id=department_id)
    pages = max(1, -(-total // FILES_PAGE))
    page = min(max(page, 0), pages - 1)
    rows = store.department_files(
        session=session, department_id=department_id, offset=page * FILES_PAGE, limit=FILES_PAGE
    )
    return FilePage(rows, page, pages, total)


def department_file(*, session: Session, department_id: int, message_row_id: int) -> FileRow | None:
    """One file of the department (None when the id is not one of its files)."""
    return store.department_file(
        session=session, department_id=department_id, message_row_id=message_row_id
    )

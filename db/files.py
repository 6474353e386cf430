"""Queries behind a department's files: the photos, documents, voice notes and videos its
liaisons sent the bot, kept on their ``inbound_message`` rows. Every function takes the caller's
``session`` and only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import InboundMessage, Liaison, LiaisonDepartment


@dataclass(frozen=True)
class FileRow:
    """One file a liaison sent, with who sent it."""

    id: int  # the inbound_message row
    received_at: datetime
    sender: str
    kind: str
    file_id: str
    file_name: str | None
    file_size: int | None
    mime_type: str | None
    caption: str | None


def _of_department(department_id: int) -> Any:
    """The inbound messages with a file from the department's liaisons (a select to refine)."""
    return (
        select(InboundMessage, Liaison.full_name)
        .join(Liaison, col(Liaison.telegram_user_id) == InboundMessage.user_id)
        .join(LiaisonDepartment, col(LiaisonDepartment.liaison_id) == Liaison.id)
        .where(
            LiaisonDepartment.department_id == department_id,
            col(InboundMessage.file_id).is_not(None),
        )
    )


def department_file_count(*, session: Session, department_id: int) -> int:
    query = (
        select(func.count(col(InboundMessage.id)))
        .join(Liaison, col(Liaison.telegram_user_id) == InboundMessage.user_id)
        .join(LiaisonDepartment, col(LiaisonDepartment.liaison_id) == Liaison.id)
        .where(
            LiaisonDepartment.department_id == department_id,
            col(InboundMessage.file_id).is_not(None),
        )
    )
    return int(session.exec(query).one())


def department_files(
    *, session: Session, department_id: int, offset: int, limit: int
) -> list[FileRow]:
    """The department's files, newest first, ``limit`` of them from ``offset``."""
    rows = session.exec(
        _of_department(department_id)
        .order_by(col(InboundMessage.received_at).desc(), col(InboundMessage.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [_row(message, sender) for message, sender in rows]


def department_file(*, session: Session, department_id: int, message_row_id: int) -> FileRow | None:
    """One of the department's files by its row id; None when it is not one of them."""
    found = session.exec(
        _of_department(department_id).where(col(InboundMessage.id) == message_row_id)
    ).first()
    return _row(*found) if found is not None else None


def _row(message: InboundMessage, sender: str) -> FileRow:
    assert message.id is not None and message.file_id is not None
    return FileRow(
        id=message.id,
        received_at=message.received_at,
        sender=sender,
        kind=message.file_kind or "document",
        file_id=message.file_id,
        file_name=message.file_name,
        file_size=message.file_size,
        mime_type=message.mime_type,
        caption=message.text,
    )

"""What happened in the chats around reports: which tasks a bot message lists (so a reply to
it is about them) and every edit users make to their messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from db import reports as store
from db.models import MessageEdit

__all__ = ["keep_edit", "listed_tasks", "remember_listing", "was_read"]


def remember_listing(
    *, session: Session, chat_id: int, message_id: int, task_ids: Sequence[int], now: datetime
) -> None:
    """Record which tasks a bot message lists, so a reply to it is read as about them."""
    store.replace_listing(
        session=session, chat_id=chat_id, message_id=message_id, task_ids=task_ids, now=now
    )


def listed_tasks(*, session: Session, chat_id: int, message_id: int) -> list[int]:
    return store.listed_task_ids(session=session, chat_id=chat_id, message_id=message_id)


def keep_edit(
    *,
    session: Session,
    chat_id: int,
    message_id: int,
    user_id: int,
    text: str | None,
    edited_at: datetime,
) -> bool:
    """Keep one edited version of a message (the original stays in ``inbound_message``);
    False when Telegram delivered this edit before."""
    return store.add_edit(
        session=session,
        edit=MessageEdit(
            chat_id=chat_id, message_id=message_id, user_id=user_id, text=text, edited_at=edited_at
        ),
    )


def was_read(*, session: Session, chat_id: int, message_id: int) -> bool:
    """Whether the bot read this message as a report before (whatever became of the reading)."""
    return store.message_was_read(session=session, chat_id=chat_id, message_id=message_id)

"""Every message a user sends is kept as it came, before anything tries to read it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from db import deliveries, people
from db.models import InboundMessage


def keep_message(
    *,
    session: Session,
    chat_id: int,
    message_id: int,
    user_id: int,
    text: str | None,
    now: datetime,
    language_code: str | None = None,
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
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # stored by a concurrent delivery in the meantime
        return False
    deliveries.reachable_again(session=session, telegram_user_id=user_id)  # wrote: not blocked
    return True

"""Queries behind liaisons' pause requests (``pause_request``): store one, find one, decide it.
Every function takes the caller's ``session``; those that write say so; none commits.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlmodel import Session, col, select

from db.enums import PauseRequestStatus
from db.models import PauseRequest


def add_request(
    *,
    session: Session,
    liaison_id: int,
    telegram_user_id: int,
    department_ids: Collection[int],
    until: date,
    reason: str | None,
    now: datetime,
) -> PauseRequest:
    """Writes. A pending request."""
    row = PauseRequest(
        liaison_id=liaison_id,
        telegram_user_id=telegram_user_id,
        department_ids=",".join(str(d) for d in dict.fromkeys(department_ids)),
        until=until,
        reason=reason,
        status=PauseRequestStatus.PENDING,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def request(*, session: Session, request_id: int) -> PauseRequest | None:
    return session.get(PauseRequest, request_id)


def pending_requests(*, session: Session, limit: int) -> list[PauseRequest]:
    """The requests still waiting for a decision, oldest first."""
    return list(
        session.exec(
            select(PauseRequest)
            .where(PauseRequest.status == PauseRequestStatus.PENDING)
            .order_by(col(PauseRequest.id))
            .limit(limit)
        ).all()
    )


def decide(
    *,
    session: Session,
    row: PauseRequest,
    status: PauseRequestStatus,
    decided_by: int,
    now: datetime,
) -> None:
    """Writes. The request is approved or declined by ``decided_by``."""
    row.status, row.decided_by, row.decided_at = status, decided_by, now
    session.add(row)
    session.flush()


def department_ids_of(row: PauseRequest) -> tuple[int, ...]:
    return tuple(int(part) for part in row.department_ids.split(",") if part)

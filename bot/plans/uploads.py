"""Notice files sent in a chat: kept in the database until the coordinator confirms or cancels.

The file is read once to show the preview and kept as it was sent; Confirm reads the same bytes
again and stores the plan and the upload's new status in one transaction, so a second press (or
a press after a restart) finds the upload already decided and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.importer import ParsedPlan
from bot.plans.importing import read_notice
from bot.plans.storing import SaveResult, save_plan
from db.departments import add_group_members
from db.engine import session_scope
from db.enums import UploadStatus
from db.models import Upload

SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")


class UploadError(Exception):
    """The upload cannot be used. Codes: ``too_big``, ``bad_type``, ``gone`` (not there or not
    yours), ``already_imported``, ``already_cancelled``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Confirmed:
    plan: ParsedPlan
    result: SaveResult


def check_file(name: str | None, size: int | None, *, max_bytes: int) -> str:
    """The file's name if the bot accepts it; ``UploadError`` says what is wrong otherwise."""
    name = name or "notice.txt"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError("bad_type", suffix=suffix or "-", allowed=" ".join(SUFFIXES))
    if size is not None and size > max_bytes:
        raise UploadError("too_big", size_mb=round(size / 1048576, 1), max_mb=max_bytes // 1048576)
    return name


def keep_upload(
    *,
    session: Session,
    telegram_user_id: int,
    chat_id: int,
    file_name: str,
    content: bytes,
    now: datetime,
) -> int:
    """Store a file that read cleanly, pending the coordinator's decision; returns its id."""
    upload = Upload(
        telegram_user_id=telegram_user_id,
        chat_id=chat_id,
        file_name=file_name,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        status=UploadStatus.PENDING,
        created_at=now,
    )
    session.add(upload)
    session.flush()
    assert upload.id is not None
    return upload.id


def confirm_upload(
    *,
    engine: Engine,
    upload_id: int,
    telegram_user_id: int,
    now: datetime,
    aliases: Mapping[str, str] | None = None,
    group_members: Mapping[str, Sequence[str]] | None = None,
    first_unit_leads: bool = True,
) -> Confirmed:
    """Import a pending upload: the plan and the upload's status change together or not at all."""
    with session_scope(engine) as session:
        upload = _pending(session, upload_id, telegram_user_id)
        plan = read_notice(
            upload.content,
            upload.file_name,
            aliases=aliases,
            groups=list(group_members or ()),
            first_unit_leads=first_unit_leads,
        )
        result = save_plan(session=session, plan=plan, now=now, source_sha256=upload.sha256)
        if group_members:
            result.new_group_members = add_group_members(
                session=session, members=group_members, now=now
            )
        upload.status = UploadStatus.IMPORTED
        upload.plan_id = result.plan_id
        upload.decided_at = now
        session.add(upload)
        return Confirmed(plan, result)


def cancel_upload(*, session: Session, upload_id: int, telegram_user_id: int, now: datetime) -> str:
    """Drop a pending upload without importing it; returns its file name."""
    upload = _pending(session, upload_id, telegram_user_id)
    upload.status = UploadStatus.CANCELLED
    upload.decided_at = now
    session.add(upload)
    return upload.file_name


def _pending(session: Session, upload_id: int, telegram_user_id: int) -> Upload:
    upload = session.get(Upload, upload_id)
    if upload is None or upload.telegram_user_id != telegram_user_id:
        raise UploadError("gone")
    if upload.status != UploadStatus.PENDING:
        raise UploadError(f"already_{upload.status.value}")
    return upload

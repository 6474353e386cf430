"""Importing a notice: read it, then store it in one transaction — the path the CLI and the bot share.

Reading happens in a bounded child process, before the transaction opens, so a file that cannot
be read never touches the database; storing happens in one transaction, so a failure half-way
leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot.importer import ParsedPlan
from bot.importer.worker import read_isolated
from bot.plans.storing import SaveResult, save_plan
from db.departments import add_group_members
from db.engine import session_scope


@dataclass(frozen=True)
class ImportOutcome:
    plan: ParsedPlan
    result: SaveResult | None  # None for a dry run


def read_notice(
    data: bytes,
    name: str,
    *,
    aliases: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
    first_unit_leads: bool = True,
) -> ParsedPlan:
    """The preview: everything read from the file, nothing stored. Raises ``NoticeError``.

    The file is read in a child process with a time and a memory limit (``bot.importer.worker``):
    a hostile file costs the caller one refusal, never its memory or its event loop.
    """
    return read_isolated(
        data, name, aliases=aliases, groups=groups, first_unit_leads=first_unit_leads
    )


def store_notice(
    *,
    engine: Engine,
    plan: ParsedPlan,
    data: bytes,
    now: datetime,
    plan_id: int | None = None,
    group_members: Mapping[str, Sequence[str]] | None = None,
) -> SaveResult:
    """Store a read notice in one transaction: the whole plan or nothing.

    ``group_members`` (``[departments] groups`` in the settings) fills in the members of
    collective names such as 各管委会; members are only added, never removed.
    """
    with session_scope(engine) as session:
        result = save_plan(
            session=session,
            plan=plan,
            now=now,
            source_sha256=hashlib.sha256(data).hexdigest(),
            plan_id=plan_id,
        )
        if group_members:
            result.new_group_members = add_group_members(
                session=session, members=group_members, now=now
            )
        return result


def import_notice(
    *,
    engine: Engine,
    data: bytes,
    name: str,
    now: datetime,
    aliases: Mapping[str, str] | None = None,
    plan_id: int | None = None,
    group_members: Mapping[str, Sequence[str]] | None = None,
    dry_run: bool = False,
    first_unit_leads: bool = True,
) -> ImportOutcome:
    """Read and (unless ``dry_run``) store a notice. Raises ``NoticeError`` or ``PlanNotFound``."""
    plan = read_notice(
        data,
        name,
        aliases=aliases,
        groups=list(group_members or ()),
        first_unit_leads=first_unit_leads,
    )
    if dry_run:
        return ImportOutcome(plan, None)
    result = store_notice(
        engine=engine, plan=plan, data=data, now=now, plan_id=plan_id, group_members=group_members
    )
    return ImportOutcome(plan, result)

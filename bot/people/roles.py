"""Who a Telegram user is to duban: a coordinator, a department's liaison, or a stranger.

Coordinators come from two places: the ids in the settings (``[roles] coordinators``) and the
``coordinator`` table (``duban coordinator add``). Liaisons are bound to departments through
invites (``bot.people.invites``). Anyone may choose a language; the choice is stored per Telegram user
in ``user_preference``, the one source of truth for it.

Every function is keyword-only where it touches the database, takes the caller's ``session``
and only flushes: the caller owns the transaction.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from db import people
from db.models import Coordinator, UserPreference

__all__ = [
    "Person",
    "Standing",
    "add_coordinator",
    "coordinator_ids",
    "identify",
    "liaisons_of",
    "remove_coordinator",
    "resolve_language",
    "set_language",
]

# the languages duban speaks, keyed by the primary subtag of an IETF tag ("zh-hans" → "zh")
_TELEGRAM_LANGUAGES = {"zh": "zh", "en": "en"}
_SUBTAG_SEPARATOR = re.compile(r"[-_]")


class Standing(StrEnum):
    COORDINATOR = "coordinator"
    LIAISON = "liaison"
    STRANGER = "stranger"


@dataclass(frozen=True)
class Person:
    """What duban knows about one Telegram user."""

    telegram_user_id: int
    standing: Standing  # coordinator wins over liaison when both
    is_coordinator: bool
    liaison_id: int | None
    department_ids: tuple[int, ...]  # the liaison's departments, ordered by name
    language: str | None  # stored preference, None if never set


def identify(*, session: Session, telegram_user_id: int, configured: Collection[int]) -> Person:
    """Look the user up: coordinator (settings or table), liaison and their departments, language."""
    is_coordinator = telegram_user_id in configured or _in_table(session, telegram_user_id)
    liaison = people.liaison_by_user(session=session, telegram_user_id=telegram_user_id)
    department_ids: tuple[int, ...] = ()
    if liaison is not None and liaison.id is not None:
        department_ids = people.liaison_department_ids(session=session, liaison_id=liaison.id)
    preference = session.get(UserPreference, telegram_user_id)
    if is_coordinator:
        standing = Standing.COORDINATOR
    elif liaison is not None:
        standing = Standing.LIAISON
    else:
        standing = Standing.STRANGER
    return Person(
        telegram_user_id=telegram_user_id,
        standing=standing,
        is_coordinator=is_coordinator,
        liaison_id=liaison.id if liaison is not None else None,
        department_ids=department_ids,
        language=preference.language if preference is not None else None,
    )


def coordinator_ids(*, session: Session, configured: Collection[int]) -> list[int]:
    """Every coordinator's Telegram id, from the settings and the table: sorted, each once."""
    return sorted({*configured, *people.stored_coordinator_ids(session=session)})


def add_coordinator(*, session: Session, telegram_user_id: int, now: datetime) -> bool:
    """Add a coordinator to the table; ``False`` when they were in it already."""
    if _in_table(session, telegram_user_id):
        return False
    session.add(Coordinator(telegram_user_id=telegram_user_id, added_at=now))
    session.flush()
    return True


def remove_coordinator(*, session: Session, telegram_user_id: int) -> bool:
    """Remove a coordinator from the table; ``False`` when they were not in it.

    Coordinators named in the settings stay coordinators: only the settings file can drop them.
    """
    row = people.coordinator_row(session=session, telegram_user_id=telegram_user_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def set_language(*, session: Session, telegram_user_id: int, language: str, now: datetime) -> None:
    """Store the language the user chose, replacing any earlier choice."""
    preference = session.get(UserPreference, telegram_user_id)
    if preference is None:
        session.add(
            UserPreference(telegram_user_id=telegram_user_id, language=language, updated_at=now)
        )
    elif preference.language != language:
        preference.language = language
        preference.updated_at = now
    session.flush()


def resolve_language(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The language to speak: the stored choice, else Telegram's ``language_code``, else default.

    Telegram sends IETF tags ("zh-hans", "en-US"); only the primary subtag decides, and a
    language duban does not speak falls back to ``default``.
    """
    if stored:
        return stored
    if telegram_code:
        primary = _SUBTAG_SEPARATOR.split(telegram_code.strip().lower(), maxsplit=1)[0]
        if primary in _TELEGRAM_LANGUAGES:
            return _TELEGRAM_LANGUAGES[primary]
    return default


def liaisons_of(*, session: Session, department_ids: Collection[int]) -> dict[int, list[str]]:
    """Department id → its liaisons' full names, sorted; every id asked for has an entry."""
    found: dict[int, list[str]] = {department_id: [] for department_id in department_ids}
    for department_id, full_name in people.liaison_names(session=session, department_ids=found):
        found[department_id].append(full_name)
    for names in found.values():
        names.sort()
    return found


def _in_table(session: Session, telegram_user_id: int) -> bool:
    return people.coordinator_row(session=session, telegram_user_id=telegram_user_id) is not None

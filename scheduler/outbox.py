"""What the scheduler sends: the message a ledger row becomes (``Outgoing``), and the registry
that says who writes it (a composer per ``kind``) and who decides what is owed (producers).

A producer looks at the database at a moment and returns the unsaved ledger rows owed then;
the tick enqueues them under their keys. A composer turns one claimed row into the message to
send — or None when it is no longer owed (the sender then marks it skipped). Composers run at
send time, in a short transaction of their own, so a message says what is true when it leaves.

Adding a kind of message is one line in ``COMPOSERS``; adding a source of rows is one line in
``PRODUCERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.callbacks import Buttons
from bot.exports.digest import DIGEST_KIND, digest_message, digests_owed
from bot.people.roles import identify, resolve_language
from bot.reminders.message import reminder_view
from bot.reminders.owed import CALENDAR_KIND, content, owed
from bot.settings import Settings
from bot.summary.build import SummaryError
from bot.texts import format_datetime, t
from db import deliveries
from db import people as people_store
from db.models import Department, Liaison, ReminderDelivery
from scheduler.model import Kind

__all__ = [
    "COMPOSERS",
    "PRODUCERS",
    "UNREACHABLE_KIND",
    "Composer",
    "Outgoing",
    "Producer",
    "compose_digest",
    "compose_reminder",
    "compose_unreachable",
    "recipient_language",
    "unreachable_notices",
]

UNREACHABLE_KIND = "unreachable"
# a later row of the same family makes an earlier one stale (see ``deliveries.superseded``)
LIAISON_REMINDER_KINDS = frozenset({Kind.BEFORE, Kind.DUE, Kind.AFTER, Kind.SNOOZED})
ESCALATION_KINDS = frozenset({Kind.ESCALATION})


@dataclass(frozen=True)
class Outgoing:
    """One message to send: an optional photo first, the text (with its buttons), then files."""

    text: str
    buttons: Buttons = field(default_factory=list)  # on the text's last piece
    photo: tuple[str, bytes] | None = None  # (file name, content), e.g. a digest's chart
    documents: tuple[tuple[str, bytes], ...] = ()  # e.g. the ledger workbook
    listed_task_ids: tuple[int, ...] = ()  # remembered, so a reply to the text is about them


# (session, settings, the claimed row, now, the recipient's language) → the message, or None
Composer = Callable[[Session, Settings, ReminderDelivery, datetime, str], Outgoing | None]
# (session, settings, now) → unsaved PENDING rows owed at ``now``
Producer = Callable[[Session, Settings, datetime], list[ReminderDelivery]]


def recipient_language(session: Session, settings: Settings, chat_id: int) -> str:
    """The language the recipient chose (/lang), else their Telegram app's language on their
    latest message, else the office's default (a private chat's id is its user's id)."""
    person = identify(
        session=session, telegram_user_id=chat_id, configured=settings.roles.coordinators
    )
    app_language = people_store.last_language_code(session=session, user_id=chat_id)
    return resolve_language(person.language, app_language, settings.locale.language)


# --- reminders (bot.reminders.owed and bot.reminders.message) -----------------------------------


def compose_reminder(
    session: Session, settings: Settings, delivery: ReminderDelivery, now: datetime, lang: str
) -> Outgoing | None:
    """A reminder, an escalation or a calendar warning, as it reads now; None when no longer
    owed, or when a later reminder of the same deadline to the same person exists."""
    family = ESCALATION_KINDS if delivery.kind in ESCALATION_KINDS else LIAISON_REMINDER_KINDS
    if deliveries.superseded(session=session, delivery=delivery, kinds=family):
        return None
    found = content(session=session, settings=settings, delivery=delivery, now=now)
    if found is None:
        return None
    view = reminder_view(found, lang)
    return Outgoing(text=view.text, buttons=view.buttons, listed_task_ids=view.task_ids)


def produce_reminders(
    session: Session, settings: Settings, now: datetime
) -> list[ReminderDelivery]:
    return owed(session=session, settings=settings, now=now)


# --- unreachable liaisons ----------------------------------------------------------------------


def unreachable_notices(
    *, liaison_id: int, since: datetime, coordinator_chats: list[int], now: datetime
) -> list[ReminderDelivery]:
    """The rows that tell each coordinator, once, that a liaison cannot be reached since
    ``since``; a later episode (the liaison came back, then blocked the bot again) has a new
    ``since`` and so new keys."""
    stamp = int(since.timestamp())
    return [
        deliveries.owed(
            key=f"unr:{chat}:{liaison_id}:{stamp}",
            kind=UNREACHABLE_KIND,
            slot=UNREACHABLE_KIND,
            chat_id=chat,
            liaison_id=liaison_id,
            due_at=since,
            now=now,
        )
        for chat in coordinator_chats
    ]


def compose_unreachable(
    session: Session, settings: Settings, delivery: ReminderDelivery, now: datetime, lang: str
) -> Outgoing | None:
    """The notice to a coordinator; None if the liaison has written to the bot since."""
    liaison = session.get(Liaison, delivery.liaison_id) if delivery.liaison_id else None
    if liaison is None or liaison.unreachable_since is None:
        return None
    names = [
        department.name
        for department_id in people_store.liaison_department_ids(
            session=session, liaison_id=delivery.liaison_id or 0
        )
        if (department := session.get(Department, department_id)) is not None
    ]
    text = t(
        "sender.unreachable",
        lang,
        name=liaison.full_name,
        departments=names or t("sender.no_department", lang),
        since=format_datetime(delivery.due_at, settings.locale.tz, lang),
    )
    return Outgoing(text=text)


# --- the coordinators' digest (bot.exports.digest) ---------------------------------------------------


def compose_digest(
    session: Session, settings: Settings, delivery: ReminderDelivery, now: datetime, lang: str
) -> Outgoing | None:
    """The digest as things stand when it leaves: the chart, the summary's lines, the ledger;
    None (skipped) when there is no plan or deadline to sum up."""
    try:
        text, chart, ledger = digest_message(session=session, settings=settings, now=now, lang=lang)
    except SummaryError:
        return None
    day = now.astimezone(settings.locale.tz).date().isoformat()
    return Outgoing(
        text=text,
        photo=(f"summary_{day}.png", chart),
        documents=((t("export.ledger.file", lang, date=day), ledger),),
    )


def produce_digests(session: Session, settings: Settings, now: datetime) -> list[ReminderDelivery]:
    return digests_owed(session=session, settings=settings, now=now)


# --- the registry ------------------------------------------------------------------------------

COMPOSERS: dict[str, Composer] = {
    Kind.BEFORE.value: compose_reminder,
    Kind.DUE.value: compose_reminder,
    Kind.AFTER.value: compose_reminder,
    Kind.SNOOZED.value: compose_reminder,
    Kind.ESCALATION.value: compose_reminder,
    CALENDAR_KIND: compose_reminder,
    UNREACHABLE_KIND: compose_unreachable,
    DIGEST_KIND: compose_digest,
}

PRODUCERS: list[Producer] = [produce_reminders, produce_digests]

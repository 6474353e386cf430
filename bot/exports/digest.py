"""The coordinators' digest: the summary in a few lines, the chart and the ledger, sent weekly
and on the working day after each deadline.

``digests_owed`` is a producer for the scheduler's delivery ledger (``reminder_delivery``): a
pure question of ``now`` and the stored plan, it returns the unsaved PENDING rows owed at that
moment, one per coordinator chat, each under a key that names the chat, the local day and the
slot, so that asking again (every tick) never owes the same digest twice:

- ``weekly``: on ``[digest] weekday`` at ``[digest] time``, moved to the working day before when
  that day is not a working day (a holiday, a weekend), per ``scheduler.calendar``;
- ``after-<deadline id>``: on the first working day after each occurrence of a deadline, at
  ``[digest] time`` (``[digest] after_deadline``); on such a day the weekly digest is not also
  sent — it would say the same thing at the same moment.

A digest is owed from its moment until the end of that local day (a bot down all day does not
send yesterday's digest the next morning). Nothing is owed with ``[digest] enabled = false``,
before the first import, or with no coordinator. ``digest_message`` makes its content.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.exports.ledger import ledger_for
from bot.people.roles import coordinator_ids
from bot.plans.taskview import due_dates
from bot.settings import Settings
from bot.summary.build import build_summary
from bot.summary.model import Summary
from bot.texts import format_date, t
from db import deliveries
from db.models import ReminderDelivery
from db.reminders import existing_keys
from db.tasks import active_deadlines, current_plan_id
from scheduler.calendar import WorkCalendar, calendar_from

__all__ = ["DIGEST_KIND", "WEEKLY", "digest_key", "digest_message", "digest_slots", "digests_owed"]

DIGEST_KIND = "digest"
WEEKLY = "weekly"
LATE_NAMED = 10  # late departments named in the text; the ledger lists them all


def digest_key(chat_id: int, day: date, slot: str) -> str:
    return f"dig:{chat_id}:{day.isoformat()}:{slot}"


def digest_slots(
    *, session: Session, settings: Settings, day: date, calendar: WorkCalendar
) -> list[str]:
    """The digest slots falling on the local date ``day`` (empty on most days)."""
    plan_id = current_plan_id(session=session)
    if not settings.digest.enabled or plan_id is None:
        return []
    slots: list[str] = []
    if settings.digest.after_deadline:
        for deadline in active_deadlines(session=session, plan_id=plan_id):
            before, _ = due_dates(deadline, day)  # the last occurrence before ``day``
            if before is not None and calendar.add_workdays(before, 1) == day:
                slots.append(f"after-{deadline.id}")
    if not slots and _weekly_day(day, settings.digest.weekday, calendar):
        slots.append(WEEKLY)
    return slots


def _weekly_day(day: date, weekday: int, calendar: WorkCalendar) -> bool:
    """Whether ``day`` is the weekly digest's day: the week's chosen weekday, or the working day
    before it when it is not one (which may fall in the week before, hence two weeks)."""
    monday = day - timedelta(days=day.weekday())
    for week in (0, 7):
        nominal = monday + timedelta(days=week + weekday - 1)
        if calendar.previous_workday(nominal) == day:
            return True
    return False


def digests_owed(*, session: Session, settings: Settings, now: datetime) -> list[ReminderDelivery]:
    """The digests owed at ``now`` and not yet in the ledger, as unsaved PENDING rows."""
    tz = settings.locale.tz
    local = now.astimezone(tz)
    moment = datetime.combine(local.date(), time.fromisoformat(settings.digest.time), tzinfo=tz)
    if local < moment:  # owed from the digest's time until the end of its day
        return []
    calendar = calendar_from(settings)
    slots = digest_slots(session=session, settings=settings, day=local.date(), calendar=calendar)
    chats = coordinator_ids(session=session, configured=settings.roles.coordinators)
    wanted = {
        digest_key(chat, local.date(), slot): (chat, slot) for slot in slots for chat in chats
    }
    if not wanted:
        return []
    known = existing_keys(session=session, keys=list(wanted))
    return [
        deliveries.owed(key=key, kind=DIGEST_KIND, slot=slot, chat_id=chat, due_at=moment, now=now)
        for key, (chat, slot) in wanted.items()
        if key not in known
    ]


def digest_message(
    *, session: Session, settings: Settings, now: datetime, lang: str
) -> tuple[str, bytes, bytes]:
    """(summary text, chart PNG, ledger xlsx) for the current plan and deadline. Raises
    ``bot.summary.build.SummaryError`` (``no_plan``, ``no_deadline``) when there is nothing to say."""
    summary = build_summary(session=session, settings=settings, now=now)
    ledger = ledger_for(summary, session=session, settings=settings, lang=lang)
    from bot.exports.chart import (
        summary_chart,  # matplotlib loads with the first digest, not at start
    )

    return digest_text(summary, lang), summary_chart(summary, lang), ledger


def digest_text(summary: Summary, lang: str) -> str:
    """A few lines: the deadline, reported counts, statuses, lights, the late departments."""
    lines = [t("export.digest.title", lang, date=format_date(summary.today, lang))]
    if summary.due is not None and summary.days_left is not None:
        due = format_date(summary.due, lang, today=summary.today)
        name = summary.deadline or ""
        if summary.days_left >= 0:
            lines.append(
                t("export.digest.ahead", lang, deadline=name, due=due, days=summary.days_left)
            )
        else:
            lines.append(
                t("export.digest.passed", lang, deadline=name, due=due, days=-summary.days_left)
            )
    lines.append(
        t(
            "export.digest.reported",
            lang,
            reported=summary.tasks_reported,
            total=summary.tasks_total,
            complete=summary.departments_reported,
            departments=summary.departments_total,
        )
    )
    counts = {key: summary.by_status.get(key, 0) for key in _STATUSES}
    lines.append(t("export.digest.statuses", lang, **counts))
    lights = {key: summary.by_light.get(key, 0) for key in ("green", "yellow", "red")}
    lines.append(t("export.digest.lights", lang, **lights))
    late = summary.late
    if late:
        sep = "、" if lang == "zh" else ", "
        names = sep.join(
            t("export.digest.unit", lang, name=d.name, missing=d.missing) for d in late[:LATE_NAMED]
        )
        key = "export.digest.late_more" if len(late) > LATE_NAMED else "export.digest.late"
        lines.append(t(key, lang, names=names, count=len(late)))
    late_reported = [d for d in summary.departments if d.late_reported]
    if late_reported:  # 逾期报送: reported, but after the deadline's grace
        sep = "、" if lang == "zh" else ", "
        names = sep.join(
            t("export.digest.unit", lang, name=d.name, missing=d.late_reported)
            for d in late_reported[:LATE_NAMED]
        )
        lines.append(t("export.digest.late_reported", lang, names=names))
    lines.append(t("export.digest.footer", lang))
    return "\n".join(lines)


_STATUSES = ("done", "on_track", "behind", "not_started", "unreported")

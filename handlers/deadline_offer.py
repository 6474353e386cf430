"""A notice whose reporting deadlines are all past: a warning under the import preview, and
after the import an offer to set the next ones, one tap each (``bot.plans.deadlines.renewals``).

Until a next deadline is set, reports count as 逾期报送 for the last one (``bot.reports.intake``).
"""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.callbacks import Action, Buttons, Callback, encode
from bot.importer.model import ParsedPlan
from bot.plans.deadlines import DeadlineError, renew_deadline, renewal_offers, renewals
from bot.texts import format_date, t
from handlers.common import Context, asker, reply, runtime, unit_of_work
from handlers.reminder_views import deadline_done, deadline_error
from scheduler.sender import keyboard


def preview_note(plan: ParsedPlan, today: date, lang: str) -> str:
    """The warning for the preview ("" when some deadline is still ahead)."""
    suggested = renewals(plan.deadlines, today)
    if not suggested:
        return ""
    last = max(plan.deadlines, key=lambda d: d.due)
    lines = [
        t(
            "chat.deadlines_all_past",
            lang,
            name=last.name,
            date=format_date(last.due, lang, year=True),
        )
    ]
    lines += [
        t("chat.deadline_suggest", lang, name=r.name, date=r.due.isoformat()) for r in suggested
    ]
    return "\n".join(lines)


async def offer_after_import(update: Update, context: Context) -> None:
    """After an import: when every deadline of the plan is past, offer the next ones."""
    who = asker(update, context)
    today = runtime(context).today()
    with unit_of_work(context) as session:
        offers = renewal_offers(session=session, today=today)
    if not offers:
        return
    lang = who.lang
    buttons: Buttons = [
        [
            (
                t("chat.button_renew", lang, name=r.name, date=format_date(r.due, lang, year=True)),
                encode(Action.DEADLINE_RENEW, deadline_id, r.due.strftime("%Y%m%d")),
            )
        ]
        for deadline_id, r in offers
    ]
    await reply(update, t("chat.deadlines_renew_offer", who.lang), keyboard(buttons))


async def on_renew(update: Update, context: Context, callback: Callback) -> None:
    """➕ under the offer: add that next deadline (a manual one; /deadline changes it)."""
    who = asker(update, context)
    try:
        due = date(int(callback.args[1][:4]), int(callback.args[1][4:6]), int(callback.args[1][6:]))
        with unit_of_work(context) as session:
            row = renew_deadline(
                session=session,
                deadline_id=callback.int_arg(0),
                due=due,
                today=runtime(context).today(),
            )
    except (IndexError, ValueError):
        await reply(update, t("chat.button_expired", who.lang))
        return
    except DeadlineError as exc:
        await reply(update, deadline_error(exc.code, exc.params, who.lang))
        return
    await reply(update, deadline_done("added", row, who.lang))

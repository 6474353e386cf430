"""Progress reports in a chat: a liaison's message read as a report (Confirm / Edit), a message
edited in Telegram read again, /myreports with corrections, and a task's report history.

The guided /report flow lives in ``handlers.guided``; both end in ``bot.reports.intake``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlmodel import Session
from telegram import Message, Update

from bot.callbacks import Action, Callback
from bot.people.directory import department_names
from bot.plans.taskview import task_concerns
from bot.reports.chatlog import remember_listing, was_read
from bot.reports.history import ReportView, history, latest_reports
from bot.reports.intake import (
    Preview,
    confirm_submission,
    discard_submission,
    read_message,
    reread_submission,
)
from bot.reports.rounds import Period, Reporter, ReportError, current_period, reportable_tasks
from bot.texts import t
from db.enums import SubmissionSource
from handlers import start
from handlers.common import Asker, Context, asker, reply, runtime, show, unit_of_work
from handlers.report_views import (
    edit_view,
    history_view,
    my_reports_view,
    reading_view,
    saved_view,
)
from scheduler.sender import keyboard

Decided = TypeVar("Decided")


def reporter_of(who: Asker) -> Reporter | None:
    if who.person.liaison_id is None:
        return None
    return Reporter(
        telegram_user_id=who.person.telegram_user_id,
        liaison_id=who.person.liaison_id,
        department_ids=who.person.department_ids,
    )


def period_in(session: Session, context: Context) -> Period | None:
    """The round a report sent now counts for, read in the caller's transaction."""
    rt = runtime(context)
    return current_period(
        session=session, today=rt.today(), grace_days=rt.settings.reports.grace_days
    )


def listing(context: Context, sent: Message | None, task_ids: Sequence[int]) -> None:
    """Remember which tasks a message the bot sent lists, so a reply to it is about them.

    An update's last transaction, after its answer is sent: the answer's message id exists only
    then, and no transaction is held open across a call to Telegram."""
    if sent is None or not task_ids:
        return
    with unit_of_work(context) as session:
        remember_listing(
            session=session,
            chat_id=sent.chat_id,
            message_id=sent.message_id,
            task_ids=task_ids,
            now=runtime(context).now(),
        )


async def liaison(update: Update, context: Context) -> tuple[Asker, Reporter] | None:
    """Who is asking, as a reporter; None (and told why) for anyone who is not a liaison."""
    who = asker(update, context)
    reporter = reporter_of(who)
    if reporter is None:
        await reply(update, t("report.only_liaisons", who.lang))
        return None
    return who, reporter


async def report_error(update: Update, who: Asker, error: ReportError) -> None:
    await reply(update, t(f"report.{error.code}", who.lang, **error.params))


# --- free text -------------------------------------------------------------------------------


async def on_text(update: Update, context: Context) -> None:
    """A liaison's message that is not a command: read it as a report and show the reading."""
    who = asker(update, context)
    reporter = reporter_of(who)
    message = update.message
    if reporter is None or message is None or not message.text:
        await start.on_other(update, context)
        return
    preview = await _reading(update, context, who, reporter, message, SubmissionSource.TEXT)
    if preview is not None:
        await _show_reading(update, context, who, preview)


async def on_edited(update: Update, context: Context) -> None:
    """A message edited in Telegram: both versions are kept (the gate did that); a liaison's
    edited report is read again and offered for confirmation as a new version."""
    who = asker(update, context)
    reporter = reporter_of(who)
    message = update.edited_message
    if reporter is None or message is None or not message.text or message.text.startswith("/"):
        return
    with unit_of_work(context) as session:
        read_before = was_read(
            session=session, chat_id=message.chat_id, message_id=message.message_id
        )
    preview = await _reading(update, context, who, reporter, message, SubmissionSource.EDIT)
    if preview is None:
        return
    if not preview.entries and not preview.ask:  # names no task: say so if it was a report
        if read_before:
            await reply(update, t("report.edit_noted_nothing", who.lang))
        return
    await reply(update, t("report.edit_noted", who.lang))
    await _show_reading(update, context, who, preview)


async def _reading(
    update: Update,
    context: Context,
    who: Asker,
    reporter: Reporter,
    message: Message,
    source: SubmissionSource,
) -> Preview | None:
    """The message read and kept as a pending submission; None (and told why) if it cannot be."""
    rt = runtime(context)
    replied = message.reply_to_message
    reply_to = (
        replied.message_id
        if replied is not None and replied.from_user is not None and replied.from_user.is_bot
        else None
    )
    try:
        with unit_of_work(context) as session:
            return read_message(
                session=session,
                reporter=reporter,
                chat_id=message.chat_id,
                message_id=message.message_id,
                text=message.text or "",
                reply_to=reply_to,
                source=source,
                today=rt.today(),
                grace_days=rt.settings.reports.grace_days,
                now=rt.now(),
            )
    except ReportError as exc:
        await report_error(update, who, exc)
        return None


async def _show_reading(update: Update, context: Context, who: Asker, preview: Preview) -> None:
    view = reading_view(preview, who.lang)
    sent = await reply(update, view.text, keyboard(view.buttons))
    listing(context, sent, [entry.task_id for entry in preview.entries])


async def on_reading_confirm(update: Update, context: Context, callback: Callback) -> None:
    """✅ under a reading: store its reports (once, however often it is tapped)."""

    def confirm(*, session: Session, **decision: Any) -> tuple[list[ReportView], Period | None]:
        period = period_in(session, context)  # a deadline just passed: its gaps are filled late
        return confirm_submission(session=session, period=period, **decision), period

    if (decided := await _decide(update, context, callback, confirm)) is None:
        return
    who, (saved, period) = decided
    await _settle(update, t("report.read_confirmed", who.lang))
    sent = await reply(update, saved_view(saved, period, who.lang))
    listing(context, sent, [view.task_id for view in saved])


async def on_reading_pick(update: Update, context: Context, callback: Callback) -> None:
    """A task chosen under a reading (an unsure clause's, or which task a reply naming none is
    about): the message is read again with that choice and shown, with Confirm, in its place."""
    if (found := await liaison(update, context)) is None:
        return
    who, reporter = found
    rt = runtime(context)
    pick = callback.action is Action.READING_PICK
    try:
        with unit_of_work(context) as session:
            preview = reread_submission(
                session=session,
                reporter=reporter,
                submission_id=callback.int_arg(0),
                task_id=callback.int_arg(2 if pick else 1),
                at=callback.int_arg(1) if pick else None,
                today=rt.today(),
                grace_days=rt.settings.reports.grace_days,
                now=rt.now(),
            )
    except ReportError as exc:
        await report_error(update, who, exc)
        return
    view = reading_view(preview, who.lang)
    sent = await show(update, view.text, keyboard(view.buttons))
    listing(context, sent, [entry.task_id for entry in preview.entries])


async def on_reading_edit(update: Update, context: Context, callback: Callback) -> None:
    """✏️ under a reading: set it aside; the liaison writes it again or fills tasks in."""
    if (decided := await _decide(update, context, callback, discard_submission)) is None:
        return
    who, tasks = decided
    await _settle(update, t("report.read_set_aside", who.lang))
    view = edit_view(tasks, who.lang)
    await reply(update, view.text, keyboard(view.buttons))


async def _decide(
    update: Update, context: Context, callback: Callback, decide: Callable[..., Decided]
) -> tuple[Asker, Decided] | None:
    """The liaison's decision on the reading the button sits under, made by ``decide``;
    None when it could not be made (and the liaison was told why)."""
    if (found := await liaison(update, context)) is None:
        return None
    who, reporter = found
    try:
        with unit_of_work(context) as session:
            result = decide(
                session=session,
                reporter=reporter,
                submission_id=callback.int_arg(0),
                now=runtime(context).now(),
            )
    except ReportError as exc:
        await report_error(update, who, exc)
        return None
    return who, result


async def _settle(update: Update, outcome: str) -> None:
    """The reading's message, decided: its closing question gives way to ``outcome`` and its
    buttons go, so the chat shows what became of it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    text = query.message.text or ""
    body = text.rsplit("\n\n", 1)[0] if "\n\n" in text else text
    await show(update, f"{body}\n\n{outcome}")


# --- /myreports ------------------------------------------------------------------------------


async def cmd_myreports(update: Update, context: Context) -> None:
    """/myreports: this round's latest report per task, with Correct and History buttons."""
    await _my_reports(update, context, 0)


async def on_my_reports_page(update: Update, context: Context, callback: Callback) -> None:
    await _my_reports(update, context, callback.int_arg(0))


async def _my_reports(update: Update, context: Context, page: int) -> None:
    if (found := await liaison(update, context)) is None:
        return
    who, reporter = found
    rt = runtime(context)
    try:
        with unit_of_work(context) as session:
            period = period_in(session, context)
            lines, _ = reportable_tasks(
                session=session, department_ids=reporter.department_ids, period=period
            )
            reports = latest_reports(
                session=session,
                department_ids=reporter.department_ids,
                deadline_id=period.deadline_id if period else None,
                deadline_due=period.due if period else None,
            )
            names = department_names(session=session, ids=reporter.department_ids)
    except ReportError as exc:
        await report_error(update, who, exc)
        return
    view = my_reports_view(reports, lines, period, page, names, rt.settings.locale.tz, who.lang)
    if update.callback_query is not None:
        sent = await show(update, view.text, keyboard(view.buttons))
    else:
        sent = await reply(update, view.text, keyboard(view.buttons))
    listing(context, sent, [r.task_id for r in reports])


async def on_report_history(update: Update, context: Context, callback: Callback) -> None:
    """🕘 on /myreports: every version reported on one task this round."""
    if (found := await liaison(update, context)) is None:
        return
    who, reporter = found
    task_id = callback.int_arg(0)
    with unit_of_work(context) as session:
        period = period_in(session, context)
        if not task_concerns(
            session=session, task_id=task_id, department_ids=reporter.department_ids
        ):
            versions = None
        else:
            versions = history(
                session=session,
                department_ids=reporter.department_ids,
                task_id=task_id,
                deadline_id=period.deadline_id if period else None,
                deadline_due=period.due if period else None,
            )
    if versions is None:
        await reply(update, t("report.not_yours", who.lang))
        return
    view = history_view(versions, period, runtime(context).settings.locale.tz, who.lang)
    sent = await show(update, view.text, keyboard(view.buttons))
    listing(context, sent, [task_id])

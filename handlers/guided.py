"""/report: the guided flow, on python-telegram-bot's ``ConversationHandler``.

task → status → a figure per target (or skip) → a percentage for work under way → a sentence
(or skip) → Save. « Back and ✖ Cancel work at every step; a flow left idle for
``[reports] idle_minutes`` ends with a message saying so. The draft (``bot.reports.guided``) lives in
the chat's data only while the flow runs: nothing is stored until Save, and then all at once.
A button of a flow that has ended reaches the router instead, which says so.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.callbacks import GUIDED_STEPS, Action, decode, pattern
from bot.plans.taskview import TaskLine
from bot.reading.model import TaskRef
from bot.reports.guided import (
    STATUS_CODES,
    GuidedDraft,
    StepKind,
    parse_amount,
    parse_percent,
    parse_status,
)
from bot.reports.intake import submit_entries
from bot.reports.rounds import Reporter, ReportError, reportable_tasks, task_named, task_refs
from bot.settings import Settings
from bot.texts import t
from handlers.common import Asker, Context, asker, reply, runtime, show, unit_of_work
from handlers.report_views import pick_view, saved_view, step_view
from handlers.reports import liaison, listing, period_in, report_error
from scheduler.sender import keyboard

STEP = 1  # the conversation's one state: which step is in the draft
DRAFT_KEY = "report_draft"


def conversation(settings: Settings) -> ConversationHandler:
    """The /report conversation, per chat and user, ending after the configured idle time."""
    private = filters.ChatType.PRIVATE
    step_buttons = CallbackQueryHandler(
        on_step_button, pattern=pattern(*GUIDED_STEPS, Action.REPORT_TASK)
    )
    states: dict[object, list[BaseHandler[Any, Any, Any]]] = {
        STEP: [
            step_buttons,
            # an edit of an earlier message is not an answer to the step: on_edited reads it
            MessageHandler(
                private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
                on_step_text,
            ),
        ],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
    }
    with warnings.catch_warnings():
        # PTB notes that with per_message=False a button is tracked per chat, not per message:
        # that is what we want (the flow moves across messages), so the note is not a problem.
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler("report", cmd_report, filters=private),
                CallbackQueryHandler(on_task_button, pattern=pattern(Action.REPORT_TASK)),
            ],
            states=states,
            fallbacks=[CommandHandler("cancel", cmd_cancel)],
            allow_reentry=True,
            conversation_timeout=timedelta(minutes=settings.reports.idle_minutes),
            name="report",
        )


def _draft(context: Context) -> GuidedDraft | None:
    chat_data = context.chat_data
    value = chat_data.get(DRAFT_KEY) if chat_data is not None else None
    return value if isinstance(value, GuidedDraft) else None


def _set_draft(context: Context, draft: GuidedDraft | None) -> None:
    chat_data = context.chat_data
    if chat_data is None:
        return
    if draft is None:
        chat_data.pop(DRAFT_KEY, None)
    else:
        chat_data[DRAFT_KEY] = draft


async def cmd_report(update: Update, context: Context) -> int:
    """/report (the task pick) or /report 二.1 (straight to that task's status)."""
    started = await liaison(update, context)
    if started is None:
        return ConversationHandler.END
    who, reporter = started
    words = " ".join(context.args or []).strip()
    try:
        with unit_of_work(context) as session:  # the round, the task named, the first step
            draft = GuidedDraft(period=period_in(session, context))
            task_id = (
                task_named(session=session, department_ids=reporter.department_ids, words=words)
                if words
                else None
            )
            if task_id is not None:
                choice = _choice_of(session, reporter, draft, task_id)
            else:
                pick = _pick_of(session, reporter, draft)
    except ReportError as exc:
        await report_error(update, who, exc)
        return ConversationHandler.END
    _set_draft(context, draft)
    if task_id is not None:
        return await _take(update, context, who, draft, choice)
    return await _offer_pick(update, who, draft, pick)


async def on_task_button(update: Update, context: Context) -> int:
    """A task's report button anywhere (/myreports, a reading set aside, a reminder)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    started = await liaison(update, context)
    callback = decode(query.data)
    if started is None or callback is None:
        return ConversationHandler.END
    who, reporter = started
    draft = _draft(context)
    try:
        with unit_of_work(context) as session:
            draft = draft or GuidedDraft(period=period_in(session, context))
            choice = _choice_of(session, reporter, draft, callback.int_arg(0))
    except ReportError as exc:
        await report_error(update, who, exc)
        return ConversationHandler.END
    _set_draft(context, draft)
    return await _take(update, context, who, draft, choice)


async def on_step_button(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    draft = _draft(context)
    await query.answer()
    started = await liaison(update, context)
    if started is None or callback is None:
        return ConversationHandler.END
    who, reporter = started
    if draft is None:
        await reply(update, t("report.step_expired", who.lang))
        return ConversationHandler.END
    action, kind = callback.action, draft.step.kind
    if action is Action.REPORT_TASK:
        return await _choose(update, context, who, reporter, draft, callback.int_arg(0))
    if action is Action.REPORT_CANCEL:
        _set_draft(context, None)
        await show(update, t("report.cancelled", who.lang))
        return ConversationHandler.END
    if action is Action.REPORT_PAGE:
        draft.page, draft.position = callback.int_arg(0), 0
        return await _show_pick(update, context, who, reporter, draft)
    if action is Action.REPORT_BACK:
        if draft.back().kind is StepKind.PICK:
            return await _show_pick(update, context, who, reporter, draft)
    elif action is Action.REPORT_STATUS and kind is StepKind.STATUS:
        status = STATUS_CODES.get(callback.args[0])
        if status is not None:
            draft.set_status(status)
    elif action is Action.REPORT_SKIP and kind in (
        StepKind.FIGURE,
        StepKind.PERCENT,
        StepKind.NOTE,
    ):
        draft.advance()
    elif action is Action.REPORT_SAVE and kind is StepKind.CONFIRM:
        return await _save(update, context, who, reporter, draft)
    # any other press is a button of an earlier step: show the step the flow is at
    return await _show_step(update, who, draft, edit=True)


async def on_step_text(update: Update, context: Context) -> int:
    """Typed input: a status word, a figure, a percentage or the sentence, by the step."""
    message = update.message
    draft = _draft(context)
    who = asker(update, context)
    if message is None or draft is None or not message.text:
        return STEP
    text, kind = message.text.strip(), draft.step.kind
    if kind is StepKind.PICK:
        await reply(update, t("report.press_buttons", who.lang))
        return STEP
    if kind is StepKind.STATUS:
        status = parse_status(text)
        if status is None:
            problem = t("report.bad_status", who.lang)
            return await _show_step(update, who, draft, edit=False, problem=problem)
        draft.set_status(status)
    elif kind is StepKind.FIGURE:
        target = draft.step.target
        assert target is not None
        value = parse_amount(text, target.unit)
        if value is None:
            problem = t("report.bad_figure", who.lang, text=text[:40])
            return await _show_step(update, who, draft, edit=False, problem=problem)
        draft.set_figure(value, text)
    elif kind is StepKind.PERCENT:
        percent = parse_percent(text)
        if percent is None or not 0 <= percent <= 100:
            problem = t("report.bad_percent", who.lang, text=text[:40])
            return await _show_step(update, who, draft, edit=False, problem=problem)
        draft.set_percent(percent, text)
    elif kind is StepKind.NOTE:
        draft.set_note(text)
    else:
        await reply(update, t("report.confirm_question", who.lang))
        return STEP
    return await _show_step(update, who, draft, edit=False)


async def cmd_cancel(update: Update, context: Context) -> int:
    who = asker(update, context)
    _set_draft(context, None)
    await reply(update, t("report.cancelled", who.lang))
    return ConversationHandler.END


async def on_timeout(update: object, context: Context) -> None:
    """The flow sat idle: say it ended and that nothing was saved."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    who = asker(update, context)
    _set_draft(context, None)
    minutes = runtime(context).settings.reports.idle_minutes
    await update.effective_chat.send_message(t("report.timed_out", who.lang, minutes=minutes))


# --- steps -----------------------------------------------------------------------------------


Pick = tuple[list[TaskLine], set[int]]  # the liaison's tasks, and those reported this round
Choice = tuple[TaskLine | None, list[TaskRef]]  # the task chosen (None: not the liaison's)


def _pick_of(session: Session, reporter: Reporter, draft: GuidedDraft) -> Pick:
    return reportable_tasks(
        session=session, department_ids=reporter.department_ids, period=draft.period
    )


def _choice_of(session: Session, reporter: Reporter, draft: GuidedDraft, task_id: int) -> Choice:
    lines, _ = _pick_of(session, reporter, draft)
    line = next((line for line in lines if line.task_id == task_id), None)
    return line, task_refs(session=session, lines=[line]) if line is not None else []


async def _show_pick(
    update: Update, context: Context, who: Asker, reporter: Reporter, draft: GuidedDraft
) -> int:
    try:
        with unit_of_work(context) as session:
            pick = _pick_of(session, reporter, draft)
    except ReportError as exc:
        await report_error(update, who, exc)
        return ConversationHandler.END
    return await _offer_pick(update, who, draft, pick)


async def _offer_pick(update: Update, who: Asker, draft: GuidedDraft, pick: Pick) -> int:
    lines, reported = pick
    draft.position = 0
    view = pick_view(lines, reported, draft.period, draft.page, who.lang)
    if update.callback_query is not None:
        await show(update, view.text, keyboard(view.buttons))
    else:
        await reply(update, view.text, keyboard(view.buttons))
    return STEP


async def _choose(
    update: Update,
    context: Context,
    who: Asker,
    reporter: Reporter,
    draft: GuidedDraft,
    task_id: int,
) -> int:
    try:
        with unit_of_work(context) as session:
            choice = _choice_of(session, reporter, draft, task_id)
    except ReportError as exc:
        await report_error(update, who, exc)
        return ConversationHandler.END
    return await _take(update, context, who, draft, choice)


async def _take(
    update: Update, context: Context, who: Asker, draft: GuidedDraft, choice: Choice
) -> int:
    """The task chosen, into the draft, and its first step shown; refused if not the liaison's."""
    line, refs = choice
    if line is None or not refs:
        _set_draft(context, None)
        await reply(update, t("report.not_yours", who.lang))
        return ConversationHandler.END
    draft.choose(line.task_id, line.code, line.title, refs[0].targets)
    return await _show_step(update, who, draft, edit=update.callback_query is not None)


async def _show_step(
    update: Update, who: Asker, draft: GuidedDraft, *, edit: bool, problem: str = ""
) -> int:
    """The step the flow is at; after input it could not take, what was wrong comes first."""
    view = step_view(draft, draft.step, draft.period, who.lang)
    text = f"{problem}\n\n{view.text}" if problem else view.text
    if edit:
        await show(update, text, keyboard(view.buttons))
    else:
        await reply(update, text, keyboard(view.buttons))
    return STEP


async def _save(
    update: Update, context: Context, who: Asker, reporter: Reporter, draft: GuidedDraft
) -> int:
    message = update.effective_message
    try:
        with unit_of_work(context) as session:
            saved = submit_entries(
                session=session,
                reporter=reporter,
                chat_id=message.chat_id if message is not None else reporter.telegram_user_id,
                entries=[draft.entry()],
                raw_text=draft.raw_text(),
                period=draft.period,
                now=runtime(context).now(),
            )
    except ReportError as exc:
        _set_draft(context, None)
        await report_error(update, who, exc)
        return ConversationHandler.END
    _set_draft(context, None)
    sent = await show(update, saved_view(saved, draft.period, who.lang))
    listing(context, sent, [view.task_id for view in saved])
    return ConversationHandler.END

"""Reminder controls in a chat: /deadline (coordinators manage reporting deadlines), /pause and
/resume (a department on leave is not reminded; a liaison's pause may need a coordinator's 批准),
and the 下个工作日再提醒 button on a reminder."""

from __future__ import annotations

import logging
from datetime import date

from sqlmodel import Session
from telegram import Message, Update
from telegram.error import TelegramError

from bot.callbacks import Callback
from bot.people.directory import match_department
from bot.people.roles import coordinator_ids
from bot.plans.deadlines import (
    DeadlineError,
    add_deadline,
    list_deadlines,
    move_deadline,
    parse_date,
    remove_deadline,
)
from bot.reminders.controls import (
    ControlError,
    current_pauses,
    decide_pause_request,
    pause_departments,
    pending_pause_requests,
    request_pause,
    resume_departments,
    snooze,
)
from bot.runtime import Runtime
from bot.texts import t
from handlers.common import (
    Asker,
    Context,
    asker,
    coordinator_only,
    one_department,
    refusal,
    reply,
    runtime,
    unit_of_work,
)
from handlers.reminder_views import (
    control_error,
    deadline_done,
    deadline_error,
    deadlines_view,
    pause_decided_view,
    pause_request_view,
    paused_view,
    pauses_view,
    resumed_view,
    snoozed_view,
)
from scheduler.outbox import recipient_language
from scheduler.sender import keyboard

log = logging.getLogger(__name__)

ADD = {"add", "新增", "添加", "增加"}
MOVE = {"move", "调整", "改期", "推迟"}
REMOVE = {"remove", "delete", "删除", "取消"}


@coordinator_only
async def cmd_deadline(update: Update, context: Context) -> None:
    """/deadline: list; /deadline add|move|remove … changes the reporting deadlines."""
    who = asker(update, context)
    words = [str(word) for word in context.args or []]
    try:
        with unit_of_work(context) as session:
            text = _deadline_action(session, runtime(context), words, who.lang)
    except DeadlineError as exc:
        text = deadline_error(exc.code, exc.params, who.lang)
    await reply(update, text)


def _deadline_action(session: Session, rt: Runtime, words: list[str], lang: str) -> str:
    """Do what the /deadline words ask; the reply."""
    today = rt.today()
    verb = words[0].lower() if words else ""
    if not words:
        return deadlines_view(list_deadlines(session=session, today=today), lang, usage=True)
    if verb in ADD and len(words) >= 3:
        name, value = " ".join(words[1:-1]), words[-1]
        if "FREQ=" in value.upper():
            row = add_deadline(session=session, name=name, rule=value, today=today)
        else:
            due = parse_date(value, today)
            row = add_deadline(session=session, name=name, due=due, today=today)
        return deadline_done("added", row, lang)
    if verb in MOVE and len(words) >= 3:
        due = parse_date(words[-1], today)
        row = move_deadline(session=session, name=" ".join(words[1:-1]), due=due, today=today)
        return deadline_done("moved", row, lang)
    if verb in REMOVE and len(words) >= 2:
        name = " ".join(words[1:])
        row = remove_deadline(session=session, name=name, today=today, now=rt.now())
        return deadline_done("removed", row, lang)
    return t("remind.deadline_usage", lang)


async def cmd_pause(update: Update, context: Context) -> None:
    """/pause 2026-08-01 出差: no reminders for your departments through that day; a
    coordinator names the department: /pause 区商务委 2026-08-01 出差."""
    who = asker(update, context)
    if not (who.is_liaison or who.is_coordinator):
        await reply(update, refusal(who))
        return
    words = [str(word) for word in context.args or []]
    today = runtime(context).today()
    at = next((i for i, w in enumerate(words) if _date_or_none(w, today) is not None), None)
    if at is None or (at == 0 and not who.is_liaison):
        await _show_pauses(update, context, who, liaison=not who.is_coordinator)
        return
    until = _date_or_none(words[at], today)
    assert until is not None
    ids = who.person.department_ids if at == 0 else await _named(update, context, who, words[:at])
    if not ids:
        return
    reason = " ".join(words[at + 1 :])
    mode = runtime(context).settings.reminders.liaison_pause
    if who.is_coordinator or mode == "direct":
        await _pause(update, context, who, ids, until, reason)
    elif mode == "request":
        await _request(update, context, who, ids, until, reason)
    else:
        await reply(update, t("remind.pause_off", who.lang))


async def cmd_resume(update: Update, context: Context) -> None:
    """/resume: reminders again for your departments; a coordinator names one."""
    who = asker(update, context)
    if not (who.is_liaison or who.is_coordinator):
        await reply(update, refusal(who))
        return
    words = [str(word) for word in context.args or []]
    if not words and not who.is_liaison:
        await reply(update, t("remind.resume_usage_coordinator", who.lang))
        return
    ids = await _named(update, context, who, words) if words else who.person.department_ids
    if not ids:
        return
    try:
        with unit_of_work(context) as session:
            names = resume_departments(
                session=session, department_ids=ids, today=runtime(context).today()
            )
    except ControlError as exc:
        await reply(update, control_error(exc.code, exc.params, who.lang))
        return
    await reply(update, resumed_view(names, who.lang))


async def _named(update: Update, context: Context, who: Asker, words: list[str]) -> tuple[int, ...]:
    """The department the words name: any for a coordinator (asking back when unclear), only
    their own for a liaison (anything else is refused). Empty when there is none."""
    query = " ".join(words)
    if who.is_coordinator:
        department_id = await one_department(update, context, who, query)
        return (department_id,) if department_id is not None else ()
    with unit_of_work(context) as session:
        matches = match_department(session=session, query=query)
    own = tuple(m.id for m in matches if m.id in who.person.department_ids)
    if not own:
        await reply(update, refusal(who))
    return own


async def on_snooze(update: Update, context: Context, callback: Callback) -> None:
    """下个工作日再提醒 on a reminder: that reminder comes back on the next working day."""
    who = asker(update, context)
    rt = runtime(context)
    try:
        with unit_of_work(context) as session:
            snoozed = snooze(
                session=session,
                settings=rt.settings,
                delivery_id=callback.int_arg(0),
                liaison_id=who.person.liaison_id,
                now=rt.now(),
            )
    except ControlError as exc:
        await reply(update, control_error(exc.code, exc.params, who.lang))
        return
    await reply(update, snoozed_view(snoozed, who.lang))


def _date_or_none(word: str, today: date) -> date | None:
    try:
        return parse_date(word, today)
    except DeadlineError:
        return None


async def _pause(
    update: Update,
    context: Context,
    who: Asker,
    department_ids: tuple[int, ...],
    until: date,
    reason: str,
) -> None:
    rt = runtime(context)
    try:
        with unit_of_work(context) as session:
            paused = pause_departments(
                session=session,
                department_ids=department_ids,
                until=until,
                reason=reason,
                set_by=who.person.telegram_user_id,
                today=rt.today(),
                now=rt.now(),
            )
    except ControlError as exc:
        await reply(update, control_error(exc.code, exc.params, who.lang))
        return
    await reply(update, paused_view(paused, who.lang))


async def _show_pauses(update: Update, context: Context, who: Asker, *, liaison: bool) -> None:
    rt = runtime(context)
    with unit_of_work(context) as session:
        pauses = current_pauses(
            session=session,
            department_ids=who.person.department_ids if liaison else None,
            today=rt.today(),
        )
        pending = [] if liaison else pending_pause_requests(session=session)
    mode = rt.settings.reminders.liaison_pause if liaison else None
    await reply(update, pauses_view(pauses, who.lang, liaison=liaison, mode=mode))
    for request in pending:  # each with its 批准 / 不批准 buttons
        view = pause_request_view(request, who.lang)
        await reply(update, view.text, keyboard(view.buttons))


async def _request(
    update: Update,
    context: Context,
    who: Asker,
    department_ids: tuple[int, ...],
    until: date,
    reason: str,
) -> None:
    """Store the liaison's request, tell them it waits, and ask every coordinator to decide."""
    rt = runtime(context)
    assert who.person.liaison_id is not None
    try:
        with unit_of_work(context) as session:
            request = request_pause(
                session=session,
                liaison_id=who.person.liaison_id,
                telegram_user_id=who.person.telegram_user_id,
                department_ids=department_ids,
                until=until,
                reason=reason,
                today=rt.today(),
                now=rt.now(),
            )
            chats = coordinator_ids(session=session, configured=rt.settings.roles.coordinators)
            languages = {c: recipient_language(session, rt.settings, c) for c in chats}
    except ControlError as exc:
        await reply(update, control_error(exc.code, exc.params, who.lang))
        return
    await reply(update, pause_decided_view(request, who.lang, pending=True))
    for chat_id in chats:
        view = pause_request_view(request, languages[chat_id])
        try:
            await context.bot.send_message(chat_id, view.text, reply_markup=keyboard(view.buttons))
        except TelegramError as exc:  # never opened a chat with the bot, blocked it …
            log.warning("pause request %s not delivered to a coordinator: %s", request.id, exc)


async def on_pause_approve(update: Update, context: Context, callback: Callback) -> None:
    """批准 on a pause request: the departments are paused and the liaison told."""
    await _decide(update, context, callback.int_arg(0), approve=True)


async def on_pause_decline(update: Update, context: Context, callback: Callback) -> None:
    """不批准 on a pause request: nothing is paused; the liaison is told."""
    await _decide(update, context, callback.int_arg(0), approve=False)


async def _decide(update: Update, context: Context, request_id: int, *, approve: bool) -> None:
    who = asker(update, context)
    rt = runtime(context)
    try:
        with unit_of_work(context) as session:
            request = decide_pause_request(
                session=session,
                request_id=request_id,
                approve=approve,
                decided_by=who.person.telegram_user_id,
                today=rt.today(),
                now=rt.now(),
            )
            liaison_lang = recipient_language(session, rt.settings, request.telegram_user_id)
    except ControlError as exc:
        await reply(update, control_error(exc.code, exc.params, who.lang))
        return
    query = update.callback_query
    if query is not None and isinstance(query.message, Message) and query.message.reply_markup:
        await query.edit_message_reply_markup(reply_markup=None)  # decided: no second press
    await reply(update, pause_decided_view(request, who.lang, by=who.full_name))
    try:
        await context.bot.send_message(
            request.telegram_user_id, pause_decided_view(request, liaison_lang)
        )
    except TelegramError as exc:
        log.warning("pause decision %s not delivered to the liaison: %s", request.id, exc)
        await reply(update, t("remind.pause_liaison_unreached", who.lang))

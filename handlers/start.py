"""/start (with or without an invite code), /help, and the answer to anything else."""

from __future__ import annotations

from telegram import Update

from bot.people.directory import department_names, department_workload
from bot.people.invites import InviteError, redeem_invite
from bot.plans.taskview import current_plan_id, next_deadline
from bot.texts import format_datetime, t
from handlers.common import (
    Asker,
    Context,
    asker,
    display_name,
    identify_asker,
    reply,
    runtime,
    unit_of_work,
)
from handlers.views import greeting


async def cmd_start(update: Update, context: Context) -> None:
    """/start: join with an invite code, or say who you are to the bot and what to do next."""
    code = context.args[0] if context.args else ""
    if code:
        await _join(update, context, code)
        return
    who = asker(update, context)
    if who.is_coordinator:
        await reply(update, t("chat.help_coordinator", who.lang, name=who.full_name))
    elif who.is_liaison:
        await reply(update, _welcome_back(context, who))
    else:
        await reply(update, t("chat.stranger", who.lang, user_id=who.person.telegram_user_id))


async def cmd_help(update: Update, context: Context) -> None:
    """/help: what this person can do here."""
    who = asker(update, context)
    if who.is_coordinator:
        await reply(update, t("chat.help_coordinator", who.lang, name=who.full_name))
    elif who.is_liaison:
        mode = runtime(context).settings.reminders.liaison_pause
        pause = t(f"chat.help_pause_{mode}", who.lang)
        await reply(update, t("chat.help_liaison", who.lang, pause=pause))
    else:
        await reply(update, t("chat.stranger", who.lang, user_id=who.person.telegram_user_id))


async def on_other(update: Update, context: Context) -> None:
    """Any other private message (a sticker, a photo; text from someone who is not a liaison):
    point people at what they can do. It is already kept by the gate."""
    who = asker(update, context)
    if who.is_coordinator:
        await reply(update, t("chat.hint_coordinator", who.lang))
    elif who.is_liaison:
        await reply(update, t("chat.hint_liaison", who.lang))
    else:
        await reply(update, t("chat.stranger", who.lang, user_id=who.person.telegram_user_id))


async def on_unknown(update: Update, context: Context) -> None:
    """A command the bot does not know (/foo): say so and point at /help; nothing is read."""
    who = asker(update, context)
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    command = text.split(maxsplit=1)[0].split("@", 1)[0][:40] if text else "/"
    await reply(update, t("chat.unknown_command", who.lang, command=command))


async def _join(update: Update, context: Context, code: str) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    who = asker(update, context)
    try:
        with unit_of_work(context) as session:
            joined = redeem_invite(
                session=session,
                code=code,
                telegram_user_id=user.id,
                full_name=display_name(user),
                username=user.username,
                chat_id=chat.id,
                now=rt.now(),
            )
            who = identify_asker(session, update, context)  # now a liaison
    except InviteError as exc:
        params = dict(exc.params)
        if "expired_at" in params:
            params["expired_at"] = format_datetime(
                params["expired_at"], rt.settings.locale.tz, who.lang, year=True
            )
        await reply(update, t(f"chat.invite_{exc.code}", who.lang, **params))
        return
    if joined.already_bound:
        await reply(update, t("chat.already_bound", who.lang, department=joined.department_name))
    await reply(
        update,
        _welcome_back(
            context, who, joined=None if joined.already_bound else joined.department_name
        ),
    )


def _welcome_back(context: Context, who: Asker, *, joined: str | None = None) -> str:
    rt = runtime(context)
    today = rt.today()
    with unit_of_work(context) as session:
        plan_id = current_plan_id(session=session)
        names = department_names(session=session, ids=who.person.department_ids)
        if plan_id is None:
            return (
                t("chat.hello", who.lang, name=who.full_name)
                + "\n"
                + t("chat.no_plan_yet", who.lang)
            )
        load = department_workload(
            session=session, plan_id=plan_id, department_ids=who.person.department_ids
        )
        deadline = next_deadline(session=session, plan_id=plan_id, today=today)
    return greeting(who.full_name, names, load, deadline, who.lang, joined=joined)

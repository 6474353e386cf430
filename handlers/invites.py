"""/invite and /invites: one-time links that bind a liaison to their department."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback
from bot.people.invite_sheet import invites_workbook
from bot.people.invites import InviteError, invite_link, issue_invite, issue_invites_for_unstaffed
from bot.plans.taskview import current_plan_id
from bot.texts import format_datetime, t
from handlers.common import (
    Context,
    arg_text,
    asker,
    coordinator_only,
    one_department,
    reply,
    runtime,
    unit_of_work,
)
from handlers.views import invite_reply


@coordinator_only
async def cmd_invite(update: Update, context: Context) -> None:
    """/invite <department>: a one-time link for that department's liaison."""
    who = asker(update, context)
    query = arg_text(context)
    if not query:
        await reply(update, t("chat.invite_usage", who.lang))
        return
    department_id = await one_department(update, context, who, query)
    if department_id is not None:
        await _issue(update, context, department_id)


async def on_invite_pick(update: Update, context: Context, callback: Callback) -> None:
    """A department picked from the list /invite offered."""
    await _issue(update, context, callback.int_arg(0))


@coordinator_only
async def cmd_invites(update: Update, context: Context) -> None:
    """/invites: an Excel file with a fresh link for every department that has no liaison yet."""
    await send_invites(update, context)


async def on_invites_button(update: Update, context: Context, callback: Callback) -> None:
    """The "invite links" button under an import result or the department list."""
    await send_invites(update, context)


async def send_invites(update: Update, context: Context) -> None:
    who = asker(update, context)
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    with unit_of_work(context) as session:
        plan_id = current_plan_id(session=session)
        invites = (
            issue_invites_for_unstaffed(
                session=session,
                plan_id=plan_id,
                created_by=user.id,
                now=rt.now(),
                valid_days=rt.settings.bot.invite_valid_days,
            )
            if plan_id is not None
            else []
        )
    if plan_id is None:
        await reply(update, t("chat.no_plan_yet_coordinator", who.lang))
        return
    if not invites:
        await reply(update, t("chat.all_staffed", who.lang))
        return
    tz = rt.settings.locale.tz
    headers = [t(f"chat.invites_col_{col}", who.lang) for col in ("department", "link", "expires")]
    data = invites_workbook(
        invites,
        bot_username=context.bot.username,
        headers=headers,
        title=t("chat.invites_sheet_title", who.lang, count=len(invites)),
        tz=tz,
    )
    today = rt.now().astimezone(tz).date()
    caption = t(
        "chat.invites_caption",
        who.lang,
        count=len(invites),
        expires=format_datetime(invites[0].expires_at, tz, who.lang, year=True),
    )
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        data, filename=t("chat.invites_file", who.lang, date=today.isoformat()), caption=caption
    )


async def _issue(update: Update, context: Context, department_id: int) -> None:
    who = asker(update, context)
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    try:
        with unit_of_work(context) as session:
            invite = issue_invite(
                session=session,
                department_id=department_id,
                created_by=user.id,
                now=rt.now(),
                valid_days=rt.settings.bot.invite_valid_days,
            )
    except InviteError as exc:  # a department picked from a list that has since changed
        await reply(update, t(f"chat.invite_{exc.code}", who.lang))
        return
    link = invite_link(context.bot.username, invite.code)
    text = invite_reply(
        invite.department_name, link, invite.expires_at, rt.settings.locale.tz, who.lang
    )
    await reply(update, text)

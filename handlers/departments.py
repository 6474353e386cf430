"""/departments: every department of the current plan, its liaisons and its open tasks."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback
from bot.people.directory import department_rows
from bot.plans.taskview import current_plan_id
from bot.texts import t
from handlers.common import Context, asker, coordinator_only, reply, show, unit_of_work
from handlers.views import departments
from scheduler.sender import keyboard


@coordinator_only
async def cmd_departments(update: Update, context: Context) -> None:
    """/departments: the first page of the list."""
    await _send(update, context, 0)


async def on_departments_page(update: Update, context: Context, callback: Callback) -> None:
    """◀ ▶ on the department list."""
    await _send(update, context, callback.int_arg(0))


async def _send(update: Update, context: Context, page: int) -> None:
    who = asker(update, context)
    with unit_of_work(context) as session:
        plan_id = current_plan_id(session=session)
        rows = department_rows(session=session, plan_id=plan_id) if plan_id is not None else []
    if plan_id is None:
        await reply(update, t("chat.no_plan_yet_coordinator", who.lang))
        return
    view = departments(rows, page, who.lang)
    send = show if update.callback_query is not None else reply
    await send(update, view.text, keyboard(view.buttons))

"""/tasks: a department's tasks, a page at a time, and any one of them in full."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Callback, View
from bot.people.directory import department_names
from bot.plans.taskview import (
    current_plan_id,
    next_deadline,
    task_concerns,
    task_detail,
    tasks_for_departments,
)
from bot.texts import t
from handlers.common import (
    Asker,
    Context,
    arg_text,
    asker,
    one_department,
    refusal,
    reply,
    runtime,
    show,
    unit_of_work,
)
from handlers.report_views import with_report_button
from handlers.reports import listing
from handlers.views import task_detail as detail_view
from handlers.views import task_list
from scheduler.sender import keyboard

MINE = 0  # department id in callbacks meaning "the asker's own departments"


async def cmd_tasks(update: Update, context: Context) -> None:
    """/tasks: your departments' tasks; a coordinator may name a department (/tasks 发改委)."""
    who = asker(update, context)
    query = arg_text(context)
    if who.is_coordinator and (query or not who.is_liaison):
        if not query:
            await reply(update, t("chat.tasks_usage_coordinator", who.lang))
            return
        department_id = await one_department(update, context, who, query, for_tasks=True)
        if department_id is not None:
            await _send_list(update, context, who, department_id, 0)
        return
    if not who.is_liaison:
        await reply(update, refusal(who))
        return
    await _send_list(update, context, who, MINE, 0)


async def on_tasks_page(update: Update, context: Context, callback: Callback) -> None:
    """◀ ▶ on a task list, or a department picked for /tasks."""
    who = asker(update, context)
    department_id, page = callback.int_arg(0), callback.int_arg(1)
    if not _may_see(who, department_id):
        await reply(update, refusal(who))
        return
    await _send_list(update, context, who, department_id, page)


async def on_task_detail(update: Update, context: Context, callback: Callback) -> None:
    """A task's button: the task in full, with its targets."""
    who = asker(update, context)
    task_id, department_id, page = (callback.int_arg(i) for i in range(3))
    with unit_of_work(context) as session:
        task_concerns_me = task_concerns(
            session=session, task_id=task_id, department_ids=who.person.department_ids
        )
        allowed = who.is_coordinator or task_concerns_me
        detail = task_detail(session=session, task_id=task_id) if allowed else None
    if not allowed:
        await reply(update, t("chat.task_not_yours", who.lang))
        return
    if detail is None:
        await reply(update, t("chat.task_gone", who.lang))
        return
    year = runtime(context).today().year
    view = detail_view(detail, department_id=department_id, page=page, lang=who.lang, year=year)
    if who.is_liaison and task_concerns_me:
        view = with_report_button(view, task_id, who.lang)
    sent = await show(update, view.text, keyboard(view.buttons))
    listing(context, sent, view.task_ids)


def _may_see(who: Asker, department_id: int) -> bool:
    if department_id == MINE:
        return who.is_liaison
    return who.is_coordinator or department_id in who.person.department_ids


async def _send_list(
    update: Update, context: Context, who: Asker, department_id: int, page: int
) -> None:
    view = _list_view(context, who, department_id, page)
    if update.callback_query is not None:
        sent = await show(update, view.text, keyboard(view.buttons))
    else:
        sent = await reply(update, view.text, keyboard(view.buttons))
    listing(context, sent, view.task_ids)


def _list_view(context: Context, who: Asker, department_id: int, page: int) -> View:
    rt = runtime(context)
    today = rt.today()
    ids = who.person.department_ids if department_id == MINE else (department_id,)
    with unit_of_work(context) as session:
        plan_id = current_plan_id(session=session)
        if plan_id is None:
            return View(t("chat.no_plan_yet", who.lang), [])
        lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=ids)
        deadline = next_deadline(session=session, plan_id=plan_id, today=today)
        names = department_names(session=session, ids=ids)
    heading = t("chat.tasks_heading", who.lang, departments=names, count=len(lines))
    return task_list(
        lines,
        heading=heading,
        department_id=department_id,
        page=page,
        deadline=deadline,
        lang=who.lang,
        year=today.year,
    )

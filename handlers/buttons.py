"""One entry point for every inline button: decode the typed data, check the role, dispatch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.callbacks import COORDINATOR_ACTIONS, GUIDED_STEPS, Action, Callback, decode
from bot.texts import t
from handlers import deadline_offer, departments, files, imports, invites, lang, reports, tasks
from handlers import exports as export_handlers
from handlers import reminders as reminder_controls
from handlers import summary as summary_handlers
from handlers.common import Context, asker, refusal, reply

ButtonHandler = Callable[[Update, Context, Callback], Awaitable[None]]

ROUTES: dict[Action, ButtonHandler] = {
    Action.IMPORT_CONFIRM: imports.on_import_confirm,
    Action.IMPORT_CANCEL: imports.on_import_cancel,
    Action.INVITE_PICK: invites.on_invite_pick,
    Action.INVITES_ALL: invites.on_invites_button,
    Action.DEPARTMENTS_PAGE: departments.on_departments_page,
    Action.TASKS_PAGE: tasks.on_tasks_page,
    Action.TASK_DETAIL: tasks.on_task_detail,
    Action.LANGUAGE: lang.on_lang_button,
    Action.READING_CONFIRM: reports.on_reading_confirm,
    Action.READING_PICK: reports.on_reading_pick,
    Action.READING_WHICH: reports.on_reading_pick,
    Action.READING_EDIT: reports.on_reading_edit,
    Action.MY_REPORTS_PAGE: reports.on_my_reports_page,
    Action.REPORT_HISTORY: reports.on_report_history,
    Action.REMINDER_SNOOZE: reminder_controls.on_snooze,
    Action.SUMMARY_PAGE: summary_handlers.on_summary_page,
    Action.EXPORT_LEDGER: export_handlers.on_export_ledger,
    Action.EXPORT_BULLETIN: export_handlers.on_export_bulletin,
    Action.FILES_PAGE: files.on_files_page,
    Action.FILE_FETCH: files.on_file_fetch,
    Action.PAUSE_APPROVE: reminder_controls.on_pause_approve,
    Action.PAUSE_DECLINE: reminder_controls.on_pause_decline,
    Action.TEMPLATE: imports.on_template,
    Action.DEADLINE_RENEW: deadline_offer.on_renew,
}


async def on_button(update: Update, context: Context) -> None:
    """Answer the button press at once, then run what it stands for (if this person may)."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    if callback is None:
        who = asker(update, context)
        await query.answer(t("chat.button_expired", who.lang), show_alert=True)
        return
    if callback.action is Action.NOOP:
        await query.answer()
        return
    if callback.action in COORDINATOR_ACTIONS:
        who = asker(update, context)
        if not who.is_coordinator:
            await query.answer()
            await reply(update, refusal(who))
            return
    if callback.action in GUIDED_STEPS or callback.action is Action.REPORT_TASK:
        # a /report step whose conversation has ended (the conversation takes live ones)
        who = asker(update, context)
        await query.answer(t("report.step_expired", who.lang), show_alert=True)
        return
    await query.answer()
    await ROUTES[callback.action](update, context, callback)

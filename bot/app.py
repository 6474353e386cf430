"""The composition root: build the python-telegram-bot ``Application`` from the settings.

``duban run`` and ``duban demo`` and the end-to-end tests all build the bot here, so they run
the very same handlers. Every handler is registered in ``register_handlers`` in one list.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.runtime import RUNTIME_KEY, Runtime, utc_now
from bot.settings import Settings
from db.engine import make_engine
from db.schema import check_schema
from handlers import (
    buttons,
    departments,
    files,
    guided,
    imports,
    invites,
    lang,
    reports,
    start,
    tasks,
)
from handlers import exports as export_handlers
from handlers import reminders as reminder_controls
from handlers import summary as summary_handlers
from handlers.common import Context
from handlers.errors import on_error
from handlers.gate import gate
from handlers.menus import set_default_menus
from scheduler.jobs import schedule

log = logging.getLogger(__name__)

# Opt in to PTB's coming behaviour (RetryAfter.retry_after as a timedelta) rather than have it
# warn about the old one on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# What a message may carry that the bot keeps (bot.reports.inbound.FILE_KINDS).
MEDIA = (
    filters.Document.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.VIDEO
    | filters.AUDIO
    | filters.VIDEO_NOTE
)

# Retries PTB's rate limiter makes on a 429 before giving up (it waits retry_after each time).
RATE_LIMIT_RETRIES = 3


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
    application_class: type[Application] = Application,
) -> Application:
    """The bot, ready for ``run_polling``: handlers, defaults, rate limiter, lifecycle hooks."""
    api = settings.telegram.api_url
    builder = (
        ApplicationBuilder()
        .application_class(application_class)
        .token(token or settings.telegram.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .defaults(Defaults(tzinfo=settings.locale.tz))
        .context_types(ContextTypes(context=Context))  # one per update, with who is asking
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(imports.FilesAside())  # a file being read does not hold up others
    )
    application = builder.build()  # the job queue (APScheduler) comes with the job-queue extra
    engine = engine or make_engine(
        settings.database.resolved_url(), busy_timeout_ms=settings.database.busy_timeout_ms
    )
    application.bot_data[RUNTIME_KEY] = Runtime(settings=settings, engine=engine, clock=clock)
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:
    """Every handler of the bot, in the order Telegram updates meet them."""
    private = filters.ChatType.PRIVATE
    settings = application.bot_data[RUNTIME_KEY].settings
    # Before anything else: keep the raw message; stay quiet in groups unless a coordinator speaks.
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handlers(
        [
            # everyone
            CommandHandler("start", start.cmd_start, filters=private),  # invites bind a person
            CommandHandler("help", start.cmd_help),
            CommandHandler("lang", lang.cmd_lang),
            # liaisons: /report first, so that while it runs, typed text answers its questions
            guided.conversation(settings),
            CommandHandler("myreports", reports.cmd_myreports),
            # liaisons (and coordinators looking at a department)
            CommandHandler("tasks", tasks.cmd_tasks),
            # coordinators
            CommandHandler("departments", departments.cmd_departments),
            CommandHandler("invite", invites.cmd_invite),
            CommandHandler("invites", invites.cmd_invites),
            CommandHandler("summary", summary_handlers.cmd_summary),
            CommandHandler("export", export_handlers.cmd_export),  # the 台账 as .xlsx
            CommandHandler("bulletin", export_handlers.cmd_bulletin),  # a draft 通报 as .docx
            CommandHandler("deadline", reminder_controls.cmd_deadline),
            # liaisons pause (or ask to pause) their own departments; coordinators name one
            CommandHandler("pause", reminder_controls.cmd_pause),
            CommandHandler("resume", reminder_controls.cmd_resume),
            CommandHandler("files", files.cmd_files),  # a department's files, fetched again
            # files: a coordinator's document is a notice to import; a liaison's file is kept
            MessageHandler(MEDIA & filters.UpdateType.MESSAGE, files.on_file),
            # every inline button, routed by its typed data
            CallbackQueryHandler(buttons.on_button),
            # a liaison's message read as a progress report; an edited one read again
            MessageHandler(
                private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
                reports.on_text,
            ),
            MessageHandler(
                private & filters.TEXT & filters.UpdateType.EDITED_MESSAGE, reports.on_edited
            ),
            # a command the bot does not know: say so, point at /help (never read as a report)
            MessageHandler(
                private & filters.COMMAND & filters.UpdateType.MESSAGE, start.on_unknown
            ),
            # anything else said in private: a pointer to what one can do
            MessageHandler(private & ~filters.UpdateType.EDITED, start.on_other),
        ]
    )
    application.add_error_handler(on_error)


async def _post_init(application: Application) -> None:
    """Check the database schema, publish the command menus, schedule the reminders' tick."""
    runtime = application.bot_data[RUNTIME_KEY]
    check_schema(runtime.engine, auto_upgrade=runtime.settings.database.auto_upgrade)
    await set_default_menus(application)
    schedule(application)  # after the schema check: it recovers deliveries left in flight
    log.info("duban is running as @%s", application.bot.username)


async def _post_shutdown(application: Application) -> None:
    application.bot_data[RUNTIME_KEY].engine.dispose()

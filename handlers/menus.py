"""The command menu Telegram shows next to the text box, per language and per role.

Everyone gets the liaison's menu (the default scope, Chinese by default and English for English
clients). A coordinator's private chat gets the coordinator's menu in their language, set when
they talk to the bot (a chat Telegram has not seen yet cannot be given a menu) and again when
they change language.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.texts import t
from handlers.common import Context, runtime

log = logging.getLogger(__name__)

LIAISON_COMMANDS = ("report", "myreports", "tasks", "pause", "help", "lang")
COORDINATOR_COMMANDS = (
    "summary",
    "export",
    "bulletin",
    "departments",
    "files",
    "invite",
    "invites",
    "tasks",
    "deadline",
    "pause",
    "help",
    "lang",
)


def commands(names: tuple[str, ...], lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(f"menu.{name}", lang)) for name in names]


async def set_default_menus(application: Application) -> None:
    bot = application.bot
    await bot.set_my_commands(commands(LIAISON_COMMANDS, "zh"), scope=BotCommandScopeDefault())
    await bot.set_my_commands(
        commands(LIAISON_COMMANDS, "en"), scope=BotCommandScopeDefault(), language_code="en"
    )


async def set_chat_menu(context: Context, chat_id: int, *, coordinator: bool, lang: str) -> None:
    names = COORDINATOR_COMMANDS if coordinator else LIAISON_COMMANDS
    try:
        await context.bot.set_my_commands(
            commands(names, lang), scope=BotCommandScopeChat(chat_id=chat_id)
        )
    except TelegramError as exc:  # the menu is a convenience; never fail the user's request
        log.warning("could not set the command menu for chat %s: %s", chat_id, exc)


async def ensure_coordinator_menu(context: Context, update: Update, lang: str) -> None:
    """Give a coordinator's private chat the coordinator menu once per run."""
    chat = update.effective_chat
    rt = runtime(context)
    if chat is None or chat.type != chat.PRIVATE or chat.id in rt.menus_set:
        return
    await set_chat_menu(context, chat.id, coordinator=True, lang=lang)
    rt.menus_set.add(chat.id)

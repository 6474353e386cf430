"""/lang: choose Chinese or English for everything the bot says to you."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import Action, Callback, encode
from bot.people.roles import set_language
from bot.texts import LANGUAGES, t
from handlers.common import Context, asker, reply, runtime, show, unit_of_work
from handlers.menus import set_chat_menu
from scheduler.sender import keyboard

NAMES = {"zh": "中文", "en": "English"}


async def cmd_lang(update: Update, context: Context) -> None:
    """/lang zh|en sets the language; /lang alone offers both as buttons."""
    who = asker(update, context)
    choice = (context.args[0].lower() if context.args else "").removeprefix("zh-")
    if choice in ("cn", "hans"):
        choice = "zh"
    if choice in LANGUAGES:
        await _switch(update, context, choice)
        return
    buttons = keyboard([[(NAMES[code], encode(Action.LANGUAGE, code)) for code in LANGUAGES]])
    key = "chat.lang_usage" if choice else "chat.lang_choose"
    await reply(update, t(key, who.lang, current=NAMES[who.lang], got=choice), buttons)


async def on_lang_button(update: Update, context: Context, callback: Callback) -> None:
    """A language button was pressed."""
    choice = callback.args[0] if callback.args else ""
    if choice in LANGUAGES:
        await _switch(update, context, choice, edit=True)


async def _switch(update: Update, context: Context, lang: str, *, edit: bool = False) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    with unit_of_work(context) as session:
        set_language(
            session=session, telegram_user_id=user.id, language=lang, now=runtime(context).now()
        )
    who = asker(update, context)
    if chat.type == chat.PRIVATE:
        await set_chat_menu(context, chat.id, coordinator=who.is_coordinator, lang=lang)
        if who.is_coordinator:
            runtime(context).menus_set.add(chat.id)
    text = t("chat.lang_set", lang, language=NAMES[lang])
    await (show(update, text) if edit else reply(update, text))

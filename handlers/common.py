"""What every handler shares: the update's context (who is asking, found once by the gate),
the runtime (settings, engine, clock), a transaction for a step, the role checks, and replies
that always fit Telegram's limits, their buttons turned into markup by the sender's
``keyboard``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import Application, CallbackContext, ExtBot

from bot.people.directory import match_department
from bot.people.roles import Person, identify, resolve_language
from bot.runtime import RUNTIME_KEY, Runtime
from bot.texts import split_text, t
from db.engine import session_scope
from handlers.views import department_choices
from scheduler.sender import keyboard


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context for one update: one object across every handler group (``bot.app`` makes
    it the application's context type), carrying who is asking once the gate has looked, so
    no handler looks the person up again."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.who: Asker | None = None


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def runtime(context: Context) -> Runtime:
    value = context.bot_data[RUNTIME_KEY]
    assert isinstance(value, Runtime)
    return value


@contextmanager
def unit_of_work(context: Context) -> Iterator[Session]:
    """One transaction for one step of one update."""
    with session_scope(runtime(context).engine) as session:
        yield session


@dataclass(frozen=True)
class Asker:
    """The person behind an update and the language to answer them in."""

    person: Person
    lang: str
    full_name: str

    @property
    def is_coordinator(self) -> bool:
        return self.person.is_coordinator

    @property
    def is_liaison(self) -> bool:
        return self.person.liaison_id is not None


def asker(update: Update, context: Context) -> Asker:
    """Who is asking: as the gate found them at the start of this update (it always looks),
    else looked up now in a transaction of its own."""
    if context.who is None:
        with unit_of_work(context) as session:
            return identify_asker(session, update, context)
    return context.who


def identify_asker(session: Session, update: Update, context: Context) -> Asker:
    """Look up who is asking in the caller's transaction, and keep the answer for the rest of
    the update (a handler that changes who someone is, /start with an invite, calls it again)."""
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    person = identify(
        session=session, telegram_user_id=user.id, configured=rt.settings.roles.coordinators
    )
    lang = resolve_language(person.language, user.language_code, rt.settings.locale.language)
    context.who = Asker(person, lang, display_name(user))
    return context.who


def display_name(user: User) -> str:
    """王敏 for first name 敏 and last name 王 (Chinese order, no space); else Telegram's own."""
    first, last = user.first_name, user.last_name or ""
    if last and _is_cjk(first) and _is_cjk(last):
        return last + first
    return user.full_name


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= char <= "\u9fff" or char == "·" for char in text)


async def reply(
    update: Update, text: str, buttons: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the update's chat; a long text goes out in several messages, buttons on the last."""
    chat = update.effective_chat
    if chat is None:
        return None
    pieces = split_text(text)
    sent: Message | None = None
    for index, piece in enumerate(pieces):
        markup = buttons if index == len(pieces) - 1 else None
        sent = await chat.send_message(piece, reply_markup=markup)
    return sent


async def show(
    update: Update, text: str, buttons: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Replace the message a button sits on (paging, detail views); a new message otherwise."""
    query = update.callback_query
    if query is not None and isinstance(query.message, Message) and query.message.text:
        pieces = split_text(text)
        if len(pieces) == 1:
            try:
                await query.edit_message_text(text, reply_markup=buttons)
            except BadRequest as exc:  # pressed twice: the same page again is not an error
                if "not modified" not in str(exc):
                    raise
            return query.message
    return await reply(update, text, buttons)


def refusal(who: Asker) -> str:
    if who.is_liaison:
        return t("chat.only_coordinators", who.lang)
    return t("chat.stranger", who.lang, user_id=who.person.telegram_user_id)


def coordinator_only(handler: Handler) -> Handler:
    """Run the handler for coordinators; refuse everyone else with a sentence, touching nothing."""

    @wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        who = asker(update, context)
        if not who.is_coordinator:
            await reply(update, refusal(who))
            return
        await handler(update, context)

    return guarded


def arg_text(context: Context) -> str:
    """The words after a command, joined (``/invite 区 发改委`` → ``区 发改委``)."""
    args: list[Any] = list(context.args or [])
    return " ".join(str(a) for a in args).strip()


async def one_department(
    update: Update, context: Context, who: Asker, query: str, *, for_tasks: bool = False
) -> int | None:
    """The department ``query`` names; when none or several do, say so (with a pick-list).

    A read of its own before the command's work: when the name is ambiguous the answer is the
    pick-list, sent before any work starts, and the command runs again from the button."""
    with unit_of_work(context) as session:
        matches = match_department(session=session, query=query)
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        await reply(update, t("chat.no_department_match", who.lang, query=query))
    else:
        view = department_choices(query, matches, who.lang, for_tasks=for_tasks)
        await reply(update, view.text, keyboard(view.buttons))
    return None

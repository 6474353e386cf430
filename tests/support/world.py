"""A whole little world for end-to-end tests: the sandbox Bot API, the real bot polling it over
HTTP, a real SQLite file, a clock the test sets, and the people who talk to the bot.

Each action waits until the bot has finished with the update it caused, then returns the
messages of that chat that are new or changed — what a person would see appear on their phone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from bot.cli.demo import SAMPLE_GROUPS
from bot.cli.live import LiveBot
from bot.sandbox import Sandbox, SentMessage
from bot.settings import Settings
from db.engine import make_engine
from db.schema import upgrade
from tests.support.tokens import fake_token

TOKEN = fake_token()  # looks real, is made up for this run
COORDINATOR = 1001
LIAISON = 2001
LIAISON_2 = 2002
STRANGER = 3001
# 2026-06-01 09:00 in Beijing: the sample notice's 上半年 deadline (7月10日) is ahead
START = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)


class Clock:
    """The bot's idea of now; tests move it instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def sample_notice() -> bytes:
    return resources.files("bot.data").joinpath("sample_notice.txt").read_bytes()


@dataclass
class World:
    sandbox: Sandbox
    bot: LiveBot
    engine: Engine
    clock: Clock
    settings: Settings

    def say(self, user: int, text: str, *, chat: int | None = None) -> list[SentMessage]:
        return self._act(chat or user, lambda: self.sandbox.send_text(user, text, chat_id=chat))

    def reply(self, user: int, to: SentMessage, text: str) -> list[SentMessage]:
        """The user answers a message with Telegram's Reply."""
        return self._act(
            to.chat_id, lambda: self.sandbox.send_text(user, text, reply_to=to.message_id)
        )

    def edit(self, user: int, message_id: int, text: str) -> list[SentMessage]:
        """The user edits a message they sent earlier."""
        return self._act(user, lambda: self.sandbox.edit_text(user, message_id, text))

    def redeliver(self, chat: int, update_id: int) -> list[SentMessage]:
        """Telegram delivers update ``update_id`` a second time."""
        return self._act(chat, lambda: self.sandbox.redeliver(update_id))

    def sent_by(self, user: int) -> SentMessage:
        """The user's own latest message in their private chat."""
        return [m for m in self.sandbox.history(user) if m.from_id == user][-1]

    def upload(self, user: int, name: str, content: bytes) -> list[SentMessage]:
        return self._act(user, lambda: self.sandbox.upload_document(user, name, content))

    def photo(self, user: int, content: bytes, caption: str | None = None) -> list[SentMessage]:
        return self._act(user, lambda: self.sandbox.upload_photo(user, content, caption=caption))

    def voice(self, user: int, content: bytes) -> list[SentMessage]:
        return self._act(user, lambda: self.sandbox.upload_voice(user, content))

    def press(
        self, user: int, message: SentMessage, label: str | None = None, *, data: str | None = None
    ) -> list[SentMessage]:
        return self._act(
            message.chat_id,
            lambda: self.sandbox.press_button(
                user, message.message_id, data, text=label, chat_id=message.chat_id
            ),
        )

    def forge(self, user: int, message: SentMessage, data: str) -> list[SentMessage]:
        """Press a button that is not (or no longer) on the message, as a modified client can."""
        return self._act(
            message.chat_id,
            lambda: self.sandbox.forge_callback(
                user, message.message_id, data, chat_id=message.chat_id
            ),
        )

    def _act(self, chat: int, action: Callable[[], int]) -> list[SentMessage]:
        before = {m.message_id: (m.text, m.buttons) for m in self.sandbox.messages(chat)}
        self.bot.wait_processed(action())
        return [
            m
            for m in self.sandbox.messages(chat)
            if before.get(m.message_id) != (m.text, m.buttons)
        ]

    # --- common journeys, through the bot as a user would ---------------------------------

    def import_sample(self) -> list[SentMessage]:
        preview = self.upload(COORDINATOR, "sample.txt", sample_notice())[-1]
        return self.press(COORDINATOR, preview, data=button_data(preview, "ic"))

    def invite_code(self, query: str) -> str:
        """A fresh invite code for the one department ``query`` names, via /invite."""
        text = self.say(COORDINATOR, f"/invite {query}")[-1].text or ""
        link = next(word for word in text.split() if word.startswith("https://t.me/"))
        return link.partition("?start=")[2]

    def join(self, user: int, query: str) -> list[SentMessage]:
        return self.say(user, "/start " + self.invite_code(query))


def button_data(message: SentMessage, action: str) -> str:
    """The callback data of the message's first button for ``action`` (``ic`` = import confirm)."""
    for row in message.buttons:
        for button in row:
            if button.data and button.data.split(":")[1] == action:
                return button.data
    raise AssertionError(f"no {action} button on: {message.text!r} {message.buttons}")


def start_world(folder: Path, **settings_overrides: object) -> World:
    engine = make_engine(f"sqlite:///{folder / 'duban.sqlite3'}")
    upgrade(engine)
    sandbox = Sandbox(token=TOKEN).start()
    for user, name, lang in (
        (COORDINATOR, "王敏", "zh-hans"),
        (LIAISON, "李娜", "zh-hans"),
        (LIAISON_2, "Alex", "en"),
        (STRANGER, "陈晨", "zh-hans"),
    ):
        sandbox.add_user(user, name, language_code=lang)
    settings = Settings.model_validate(
        {
            "telegram": {"api_url": sandbox.url},
            "database": {"url": str(engine.url)},
            "roles": {"coordinators": [COORDINATOR]},
            "departments": {"groups": SAMPLE_GROUPS},
            **settings_overrides,
        }
    )
    clock = Clock(START)
    bot = LiveBot(settings, token=TOKEN, engine=engine, clock=clock)
    try:
        bot.start()
    except BaseException:
        sandbox.stop()
        raise
    return World(sandbox, bot, engine, clock, settings)


def stop_world(world: World) -> None:
    try:
        world.bot.stop()
    finally:
        world.sandbox.stop()
        world.engine.dispose()

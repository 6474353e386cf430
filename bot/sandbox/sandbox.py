"""``Sandbox``: a local Telegram Bot API server to point a real PTB ``Application`` at.

Tests and ``duban demo`` act as users through this object (or over HTTP through ``SandboxClient``)
and read back what the bot did. Every method takes the world's lock, so it is safe to call from
the test thread while the bot's calls are served on the HTTP threads.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from bot.sandbox import actions, control
from bot.sandbox.engine import Engine, Reply
from bot.sandbox.faults import Fault
from bot.sandbox.params import Upload
from bot.sandbox.records import Call, SandboxError, SentFile, SentMessage
from bot.sandbox.server import HttpServer
from bot.sandbox.world import User, World


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _holds(predicate: Callable[[], bool]) -> bool:
    try:
        return predicate()
    except SandboxError:
        return False


class _Backend:
    """Connects the HTTP layer to the engine and the control API."""

    def __init__(self, sandbox: Sandbox, engine: Engine) -> None:
        self._sandbox = sandbox
        self._engine = engine

    def bot_call(
        self, token: str, method: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> Reply:
        return self._engine.bot_call(token, method, params, uploads)

    def download(self, token: str, file_path: str) -> Reply:
        return self._engine.download(token, file_path)

    def control(self, http_method: str, route: str, args: dict[str, Any]) -> Reply:
        return control.handle(self._sandbox, route, args)


class Sandbox:
    """A Bot API emulator over real HTTP; use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 7000000001,
        bot_username: str = "duban_demo_bot",
        bot_first_name: str = "督办助手",
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: float | None = None,
        strict: bool = True,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._world = World(
            bot_id=bot_id, bot_username=bot_username, bot_first_name=bot_first_name, clock=clock
        )
        self._engine = Engine(self._world, token=token, strict=strict, rate_limit=rate_limit)
        self._http = HttpServer(_Backend(self, self._engine), host, port)
        self._lock = self._world.cond
        self.url = ""

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Listen; ``url`` is valid afterwards."""
        if not self.url:
            with self._lock:
                self._world.stopping = False
            self.url = self._http.start()
        return self

    def stop(self) -> None:
        """End long polls, close every connection, stop listening. Idempotent."""
        with self._lock:
            self._world.stopping = True
            self._lock.notify_all()
        self._http.stop()
        self.url = ""

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- acting as users ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> None:
        """A Telegram user; the bot can write to them once they have written to it."""
        with self._lock:
            actions.add_user(
                self._world, User(user_id, first_name, last_name, username, language_code)
            )

    def add_group(self, chat_id: int, title: str) -> None:
        """A group (negative id) with the bot in it; pass ``chat_id=`` to the actions below."""
        with self._lock:
            actions.add_group(self._world, chat_id, title)

    def send_text(
        self, user_id: int, text: str, *, chat_id: int | None = None, reply_to: int | None = None
    ) -> int:
        """The user writes ``text`` (private chat unless ``chat_id``); returns the update_id."""
        with self._lock:
            return actions.send_text(self._world, user_id, text, chat_id=chat_id, reply_to=reply_to)

    def press_button(
        self,
        user_id: int,
        message_id: int,
        data: str | None = None,
        *,
        text: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        """Press an inline button of a bot message, found by callback data or label."""
        with self._lock:
            return actions.press_button(
                self._world, user_id, message_id, data, text=text, chat_id=chat_id
            )

    def forge_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> int:
        """A callback with ``data`` on a bot message whether or not such a button is on it —
        what a modified client can send; for testing that the bot distrusts callback data."""
        with self._lock:
            return actions.forge_callback(self._world, user_id, message_id, data, chat_id=chat_id)

    def upload_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        """The user sends a file; the bot can getFile and download it."""
        with self._lock:
            return actions.upload(
                self._world,
                user_id,
                "document",
                content,
                file_name=file_name,
                mime_type=mime_type,
                caption=caption,
                chat_id=chat_id,
            )

    def upload_photo(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        """The user sends a photo (PNG or JPEG bytes), optionally with a caption."""
        with self._lock:
            return actions.upload(
                self._world, user_id, "photo", content, caption=caption, chat_id=chat_id
            )

    def upload_voice(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        """The user sends a voice note."""
        with self._lock:
            return actions.upload(
                self._world, user_id, "voice", content, caption=caption, chat_id=chat_id
            )

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> int:
        """The user edits a text they sent earlier (an ``edited_message`` update)."""
        with self._lock:
            return actions.edit_text(self._world, user_id, message_id, text, chat_id=chat_id)

    def redeliver(self, update_id: int) -> int:
        """Deliver update ``update_id`` again, as Telegram may (the bot crashed before confirming
        it): the very same payload under a new update_id, which is returned."""
        with self._lock:
            return actions.redeliver(self._world, update_id)

    # --- reading what the bot did ---------------------------------------------------------

    def messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """The bot's messages still in their chats, in order, edits applied."""
        with self._lock:
            return [
                self._world.sent(message)
                for message in self._world.in_order
                if message.from_id == self._world.bot_id
                and not message.deleted
                and (chat_id is None or message.chat_id == chat_id)
            ]

    def history(self, chat_id: int) -> list[SentMessage]:
        """Every message still in a chat, the users' too (``from_id`` tells who), in order."""
        with self._lock:
            return [
                self._world.sent(message)
                for message in self._world.in_order
                if message.chat_id == chat_id and not message.deleted
            ]

    def last_message(self, chat_id: int) -> SentMessage:
        """The bot's latest message in a chat; SandboxError ``no_messages`` if none."""
        sent = self.messages(chat_id)
        if not sent:
            raise SandboxError("no_messages", chat_id=chat_id)
        return sent[-1]

    def calls(self, method: str | None = None) -> list[Call]:
        """Every Bot API call so far (optionally one method, any letter case)."""
        with self._lock:
            return [
                call
                for call in self._world.calls
                if method is None or call.method.lower() == method.lower()
            ]

    def callback_answers(self) -> list[dict[str, Any]]:
        """Every answerCallbackQuery, with the query it answered."""
        with self._lock:
            return [dict(answer) for answer in self._world.callback_answers]

    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        """The command menu per (scope as canonical JSON, language_code or "")."""
        with self._lock:
            return {key: [dict(c) for c in value] for key, value in self._world.commands.items()}

    def file_bytes(self, file: SentFile) -> bytes:
        """The content of a stored file (what the bot uploaded, or a user did)."""
        with self._lock:
            stored = self._world.files.get(file.file_id)
        if stored is None:
            raise SandboxError("no_such_file", file_id=file.file_id)
        return stored.content

    @property
    def violations(self) -> list[str]:
        """Every Telegram limit a call broke (the live list: ``clear()`` works)."""
        return self._world.violations

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Return once ``predicate()`` holds; re-checked after every call and user action.

        A predicate raising SandboxError (``last_message`` before any message) counts as not yet
        true. It runs under the sandbox's lock: read the Sandbox, don't call it over HTTP.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while not _holds(predicate):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SandboxError("timeout", timeout=timeout)
                if self._world.stopping:  # nothing will change any more
                    raise SandboxError("stopped")
                self._lock.wait(remaining)

    def polling(self) -> bool:
        """Whether a getUpdates long poll is waiting right now (the bot is idle and listening)."""
        with self._lock:
            return self._world.waiting_polls > 0

    def wait_until_confirmed(self, update_id: int, timeout: float = 10.0) -> None:
        """Return once the bot called getUpdates with an offset beyond ``update_id``."""
        self.wait_for(lambda: self._world.confirmed_below > update_id, timeout)

    # --- faults ---------------------------------------------------------------------------

    def inject(
        self, method: str, fault: Fault, *, times: int = 1, chat_id: int | None = None
    ) -> None:
        """The next ``times`` calls of ``method`` (to ``chat_id`` only, if given) get ``fault``."""
        with self._lock:
            self._engine.faults.add(method, fault, times=times, chat_id=chat_id)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to their chat get 403."""
        with self._lock:
            actions.set_blocked(self._world, user_id, True)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        with self._lock:
            actions.set_blocked(self._world, user_id, False)

    def set_rate_limit(self, per_second: float | None) -> None:
        """Global calls per second beyond which calls get 429 (None: unlimited)."""
        with self._lock:
            self._engine.limiter.per_second = per_second


def serve(
    host: str,
    port: int,
    token: str | None,
    rate_limit: float | None = None,
    *,
    strict: bool = True,
    on_ready: Callable[[Sandbox], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run a sandbox in the foreground until Ctrl-C (or ``stop`` is set).

    ``on_ready`` gets the started sandbox — the caller prints its URL in its own words.
    """
    with Sandbox(token=token, host=host, port=port, rate_limit=rate_limit, strict=strict) as box:
        if on_ready is not None:
            on_ready(box)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it is meant to end
            (stop or threading.Event()).wait()

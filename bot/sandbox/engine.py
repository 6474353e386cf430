"""The path of one Bot API call: token, injected fault, rate limit, method, record.

The order mirrors what a client meets at Telegram: a wrong token is refused before anything
else; an injected fault stands in for the network or server and so wins over the rate limit;
``getUpdates`` is exempt from the rate limit as PTB's own rate limiter exempts it. Every call is
recorded with the status it got, and the world's condition is notified after each one.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox import api_bot, api_messages
from bot.sandbox.faults import (
    ApiError,
    Fault,
    FaultBook,
    RateLimiter,
    Timeout,
    fault_error,
    too_many_requests,
)
from bot.sandbox.params import CallContext, Upload, recordable
from bot.sandbox.records import Call
from bot.sandbox.world import World

Method = Callable[[World, CallContext], Any]

METHODS: dict[str, Method] = {
    "getMe": api_bot.get_me,
    "getUpdates": api_bot.get_updates,
    "setWebhook": api_bot.set_webhook,
    "deleteWebhook": api_bot.delete_webhook,
    "getWebhookInfo": api_bot.get_webhook_info,
    "setMyCommands": api_bot.set_my_commands,
    "getMyCommands": api_bot.get_my_commands,
    "deleteMyCommands": api_bot.delete_my_commands,
    "setChatMenuButton": api_bot.set_chat_menu_button,
    "getChatMenuButton": api_bot.get_chat_menu_button,
    "getChat": api_bot.get_chat,
    "close": api_bot.accept,
    "logOut": api_bot.accept,
    "sendMessage": api_messages.send_message,
    "editMessageText": api_messages.edit_message_text,
    "editMessageCaption": api_messages.edit_message_caption,
    "editMessageReplyMarkup": api_messages.edit_message_reply_markup,
    "deleteMessage": api_messages.delete_message,
    "answerCallbackQuery": api_messages.answer_callback_query,
    "sendChatAction": api_messages.send_chat_action,
    "sendDocument": api_messages.send_document,
    "sendPhoto": api_messages.send_photo,
    "sendVoice": api_messages.send_voice,
    "getFile": api_messages.get_file,
}
# How @BotFather's tokens look: the bot's id, a colon, about 35 characters of [A-Za-z0-9_-].
TOKEN_SHAPE = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{30,60}")


def token_accepted(expected: str | None, given: str) -> bool:
    """``given`` is the token the sandbox was started with, or, started without one, any token
    shaped like a real one."""
    if expected is not None:
        return given == expected
    return TOKEN_SHAPE.fullmatch(given) is not None


# Telegram matches method names case-insensitively; calls are recorded under the documented name.
_BY_LOWER = {name.lower(): name for name in METHODS}


@dataclass(frozen=True)
class Reply:
    """An HTTP answer; ``hold`` means: wait that long, then drop the connection unanswered."""

    status: int
    body: bytes
    content_type: str = "application/json"
    hold: float | None = None


def json_reply(status: int, body: object) -> Reply:
    """A JSON answer (non-ASCII kept readable, as Telegram sends it)."""
    return Reply(status, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _chat_of(params: dict[str, Any]) -> int | None:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


class Engine:
    """Serves Bot API calls against a world; all state changes happen under its lock."""

    def __init__(
        self, world: World, *, token: str | None, strict: bool, rate_limit: float | None
    ) -> None:
        self.world = world
        self.token = token
        self.strict = strict
        self.faults = FaultBook()
        self.limiter = RateLimiter(rate_limit)

    def bot_call(
        self, token: str, method: str, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> Reply:
        """Answer ``POST /bot<token>/<method>``."""
        at = time.monotonic()
        name = _BY_LOWER.get(method.lower(), method)
        ctx = CallContext(name, params, uploads, strict=self.strict)
        with self.world.cond:
            try:
                result = self._serve(token, name, ctx, at)
            except ApiError as error:
                status, body = error.status, error.body()
            else:
                if isinstance(result, Timeout):
                    self._record(ctx, at, 0)
                    return Reply(0, b"", hold=result.seconds)
                status, body = 200, {"ok": True, "result": result}
            self._record(ctx, at, status)
        return json_reply(status, body)

    def _serve(self, token: str, name: str, ctx: CallContext, at: float) -> Any:
        if not token_accepted(self.token, token):
            raise ApiError(401, "Unauthorized")
        method = METHODS.get(name)
        if method is None:
            raise ApiError(404, "Not Found")
        fault: Fault | None = self.faults.take(name, _chat_of(ctx.params))
        if isinstance(fault, Timeout):
            return fault
        if fault is not None:
            raise fault_error(fault)
        if name != "getUpdates" and (wait := self.limiter.admit(at)) is not None:
            raise too_many_requests(wait)
        return method(self.world, ctx)

    def _record(self, ctx: CallContext, at: float, status: int) -> None:
        self.world.violations.extend(ctx.violations)
        self.world.calls.append(Call(ctx.method, recordable(ctx.params, ctx.uploads), at, status))
        self.world.cond.notify_all()

    def download(self, token: str, file_path: str) -> Reply:
        """Answer ``GET /file/bot<token>/<file_path>`` with the stored bytes."""
        if not token_accepted(self.token, token):
            return json_reply(401, ApiError(401, "Unauthorized").body())
        with self.world.cond:
            stored = self.world.files_by_path.get(file_path)
        if stored is None:
            return json_reply(404, ApiError(404, "Not Found").body())
        return Reply(200, stored.content, content_type="application/octet-stream")

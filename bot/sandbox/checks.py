"""Telegram's limits on what a bot sends: text and captions, keyboards, commands.

Each broken limit goes through ``CallContext.limit`` so it is both recorded as a violation and,
in strict mode, answered 400 with Telegram's wording — the e2e suite asserts no bot message ever
trips one. Lengths are counted after markup parsing and in UTF-16 code units, as Telegram does.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox.markup import Entity, MarkupError, parse_text, utf16_len
from bot.sandbox.params import CallContext

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes of UTF-8
MAX_BUTTONS = 100
MAX_ANSWER_TEXT = 200
MAX_PLACEHOLDER = 64
MAX_COMMANDS = 100

# Exactly one of these makes an inline button do something.
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "web_app",
    "copy_text",
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_SCOPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}
_BAD_MARKUP = "Bad Request: can't parse reply keyboard markup JSON object"


def formatted(ctx: CallContext, name: str) -> tuple[str, list[Entity]] | None:
    """``text`` or ``caption`` as stored: plain text and entities; None if not sent.

    An empty text, markup that does not parse, or a text over the limit are violations.
    """
    raw = ctx.opt_str(name)
    if raw is None:
        return None
    entities_param = "entities" if name == "text" else "caption_entities"
    explicit = ctx.obj(entities_param)
    parse_mode = ctx.opt_str("parse_mode")
    plain, entities = raw, list(explicit) if isinstance(explicit, list) else []
    if parse_mode and not explicit:
        try:
            plain, entities = parse_text(raw, parse_mode)
        except MarkupError as error:
            ctx.limit(f"Bad Request: can't parse entities: {error}")
    if not plain.strip():
        what = "message text" if name == "text" else "message caption"
        ctx.limit(f"Bad Request: {what} is empty")
    units = utf16_len(plain)
    if name == "text" and units > MAX_TEXT:
        ctx.limit("Bad Request: message is too long", detail=f"{units} UTF-16 units > {MAX_TEXT}")
    if name == "caption" and units > MAX_CAPTION:
        ctx.limit(
            "Bad Request: message caption is too long",
            detail=f"{units} UTF-16 units > {MAX_CAPTION}",
        )
    return plain, entities


def reply_markup(ctx: CallContext) -> dict[str, Any] | None:
    """The validated ``reply_markup`` or None."""
    markup = ctx.obj("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ctx.fail(400, _BAD_MARKUP)
    if "inline_keyboard" in markup:
        _check_inline(ctx, markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_keyboard(ctx, markup["keyboard"])
    elif markup.get("force_reply"):
        placeholder = str(markup.get("input_field_placeholder") or "")
        if utf16_len(placeholder) > MAX_PLACEHOLDER:
            ctx.limit("Bad Request: input field placeholder is too long")
    elif not markup.get("remove_keyboard"):
        raise ctx.fail(400, _BAD_MARKUP)
    return markup


def _rows(ctx: CallContext, rows: object) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ctx.fail(400, _BAD_MARKUP)
    return rows


def _check_inline(ctx: CallContext, raw_rows: object) -> None:
    rows = _rows(ctx, raw_rows)
    count = sum(len(row) for row in rows)
    if count > MAX_BUTTONS:
        ctx.limit("Bad Request: reply markup is too long", detail=f"{count} buttons")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict):
            raise ctx.fail(400, "Bad Request: can't parse inline keyboard button: object expected")
        if not str(button.get("text") or "").strip():
            ctx.limit("Bad Request: can't parse inline keyboard button: Text must be non-empty")
        actions = [name for name in _BUTTON_ACTIONS if button.get(name) is not None]
        if len(actions) != 1:
            ctx.limit(
                "Bad Request: can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard",
                detail=f"actions {actions}",
            )
        if "callback_data" in actions:
            size = len(str(button["callback_data"]).encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_DATA:
                ctx.limit(
                    "Bad Request: BUTTON_DATA_INVALID",
                    detail=f"callback_data {button['callback_data']!r} is {size} bytes",
                )
        if "url" in actions and not _url_ok(str(button["url"])):
            ctx.limit(
                f"Bad Request: inline keyboard button URL '{button['url']}' is invalid: "
                "Unsupported URL protocol"
            )


def _check_keyboard(ctx: CallContext, raw_rows: object) -> None:
    for button in (button for row in _rows(ctx, raw_rows) for button in row):
        text = button.get("text") if isinstance(button, dict) else button
        if not isinstance(text, str) or not text.strip():
            ctx.limit("Bad Request: keyboard button text must be non-empty")


def _url_ok(url: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme == "tg"


def commands(ctx: CallContext) -> list[dict[str, str]]:
    """The validated ``commands`` of setMyCommands."""
    raw = ctx.obj("commands")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ctx.fail(400, "Bad Request: can't parse commands JSON object")
    if len(raw) > MAX_COMMANDS:
        ctx.limit("Bad Request: too many commands", detail=f"{len(raw)} commands")
    result = []
    for item in raw:
        command, description = str(item.get("command", "")), str(item.get("description", ""))
        if not _COMMAND.fullmatch(command):
            ctx.limit("Bad Request: BOT_COMMAND_INVALID", detail=f"command {command!r}")
        if not 1 <= len(description.strip()) <= 256:
            ctx.limit("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID", detail=f"command {command!r}")
        result.append({"command": command, "description": description})
    return result


def command_scope(ctx: CallContext) -> dict[str, Any]:
    """The validated ``scope`` (default scope when absent), chat ids as integers."""
    scope = ctx.obj("scope")
    if scope is None:
        return {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise ctx.fail(400, "Bad Request: can't parse BotCommandScope JSON object")
    normalized = dict(scope)
    for key in _SCOPES[scope["type"]]:
        try:
            normalized[key] = int(scope[key])
        except (KeyError, TypeError, ValueError):
            raise ctx.fail(400, f"Bad Request: invalid {key} specified in scope") from None
    return normalized


def scope_key(scope: dict[str, Any]) -> str:
    """One spelling per scope, so a scope set twice is one entry."""
    return json.dumps(scope, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def language_code(ctx: CallContext) -> str:
    """The validated ``language_code``: empty or two ISO 639-1 letters (not ``zh-hans``)."""
    code = ctx.opt_str("language_code") or ""
    if code and not _LANGUAGE.fullmatch(code):
        ctx.limit("Bad Request: LANG_CODE_INVALID", detail=f"language_code {code!r}")
    return code

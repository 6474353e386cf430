"""The control API: the Sandbox's actions and readings as JSON under ``/_sandbox/<route>``.

Arguments come from the query string and/or a JSON body (GET or POST both work). Answers are
``{"ok": true, "result": ...}`` or, for a ``SandboxError``, status 400 with
``{"ok": false, "error": code, "params": {...}}`` — ``SandboxClient`` turns that back into the
same exception. File contents travel as base64.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.engine import Reply, json_reply
from bot.sandbox.faults import fault_from_json
from bot.sandbox.records import (
    SandboxError,
    SentFile,
    call_to_json,
    message_to_json,
)

if TYPE_CHECKING:
    from bot.sandbox.sandbox import Sandbox

Args = dict[str, Any]


def _int(args: Args, name: str) -> int:
    try:
        return int(args[name])
    except (KeyError, TypeError, ValueError):
        raise SandboxError("bad_request", argument=name) from None


def _opt_int(args: Args, name: str) -> int | None:
    return None if args.get(name) in (None, "") else _int(args, name)


def _opt_str(args: Args, name: str) -> str | None:
    value = args.get(name)
    return None if value is None else str(value)


def _str(args: Args, name: str) -> str:
    value = _opt_str(args, name)
    if value is None:
        raise SandboxError("bad_request", argument=name)
    return value


def _float(args: Args, name: str, default: float) -> float:
    try:
        return float(args.get(name, default))
    except (TypeError, ValueError):
        raise SandboxError("bad_request", argument=name) from None


def _users(sb: Sandbox, args: Args) -> None:
    sb.add_user(
        _int(args, "user_id"),
        _str(args, "first_name"),
        last_name=_opt_str(args, "last_name"),
        username=_opt_str(args, "username"),
        language_code=_opt_str(args, "language_code") if "language_code" in args else "zh-hans",
    )


def _send_text(sb: Sandbox, args: Args) -> int:
    return sb.send_text(
        _int(args, "user_id"),
        _str(args, "text"),
        chat_id=_opt_int(args, "chat_id"),
        reply_to=_opt_int(args, "reply_to"),
    )


def _press_button(sb: Sandbox, args: Args) -> int:
    return sb.press_button(
        _int(args, "user_id"),
        _int(args, "message_id"),
        _opt_str(args, "data"),
        text=_opt_str(args, "text"),
        chat_id=_opt_int(args, "chat_id"),
    )


def _forge_callback(sb: Sandbox, args: Args) -> int:
    return sb.forge_callback(
        _int(args, "user_id"),
        _int(args, "message_id"),
        _str(args, "data"),
        chat_id=_opt_int(args, "chat_id"),
    )


def _upload_document(sb: Sandbox, args: Args) -> int:
    try:
        content = base64.b64decode(_str(args, "content"), validate=True)
    except binascii.Error:
        raise SandboxError("bad_request", argument="content") from None
    return sb.upload_document(
        _int(args, "user_id"),
        _str(args, "file_name"),
        content,
        mime_type=_opt_str(args, "mime_type"),
        caption=_opt_str(args, "caption"),
        chat_id=_opt_int(args, "chat_id"),
    )


def _edit_text(sb: Sandbox, args: Args) -> int:
    return sb.edit_text(
        _int(args, "user_id"),
        _int(args, "message_id"),
        _str(args, "text"),
        chat_id=_opt_int(args, "chat_id"),
    )


def _inject(sb: Sandbox, args: Args) -> None:
    raw = args.get("fault")
    if isinstance(raw, str):
        raw = json.loads(raw)
    fault = fault_from_json(raw) if isinstance(raw, dict) else None
    if fault is None:
        raise SandboxError("unknown_fault", fault=raw)
    sb.inject(
        _str(args, "method"),
        fault,
        times=_opt_int(args, "times") or 1,
        chat_id=_opt_int(args, "chat_id"),
    )


def _rate_limit(sb: Sandbox, args: Args) -> None:
    value = args.get("per_second")
    sb.set_rate_limit(None if value in (None, "") else _float(args, "per_second", 0.0))


def _file(sb: Sandbox, args: Args) -> str:
    file = SentFile(file_id=_str(args, "file_id"), file_unique_id="", file_size=0)
    return base64.b64encode(sb.file_bytes(file)).decode("ascii")


def _commands(sb: Sandbox, args: Args) -> list[dict[str, Any]]:
    return [
        {"scope": scope, "language_code": language, "commands": commands}
        for (scope, language), commands in sb.commands().items()
    ]


def _wait_messages(sb: Sandbox, args: Args) -> list[dict[str, Any]]:
    chat_id, count = _int(args, "chat_id"), _int(args, "count")
    sb.wait_for(lambda: len(sb.messages(chat_id)) >= count, _float(args, "timeout", 10.0))
    return [message_to_json(message) for message in sb.messages(chat_id)]


_ROUTES: dict[str, Callable[[Sandbox, Args], Any]] = {
    "users": _users,
    "groups": lambda sb, a: sb.add_group(_int(a, "chat_id"), _str(a, "title")),
    "send_text": _send_text,
    "press_button": _press_button,
    "forge_callback": _forge_callback,
    "upload_document": _upload_document,
    "edit_text": _edit_text,
    "redeliver": lambda sb, a: sb.redeliver(_int(a, "update_id")),
    "messages": lambda sb, a: [message_to_json(m) for m in sb.messages(_opt_int(a, "chat_id"))],
    "history": lambda sb, a: [message_to_json(m) for m in sb.history(_int(a, "chat_id"))],
    "last_message": lambda sb, a: message_to_json(sb.last_message(_int(a, "chat_id"))),
    "calls": lambda sb, a: [call_to_json(c) for c in sb.calls(_opt_str(a, "method"))],
    "callback_answers": lambda sb, a: sb.callback_answers(),
    "commands": _commands,
    "file": _file,
    "violations": lambda sb, a: list(sb.violations),
    "wait_messages": _wait_messages,
    "wait_confirmed": lambda sb, a: sb.wait_until_confirmed(
        _int(a, "update_id"), _float(a, "timeout", 10.0)
    ),
    "inject": _inject,
    "block": lambda sb, a: sb.block(_int(a, "user_id")),
    "unblock": lambda sb, a: sb.unblock(_int(a, "user_id")),
    "rate_limit": _rate_limit,
}


def handle(sb: Sandbox, route: str, args: Args) -> Reply:
    """Serve one control request."""
    action = _ROUTES.get(route.strip("/"))
    if action is None:
        return json_reply(404, {"ok": False, "error": "bad_request", "params": {"route": route}})
    try:
        result = action(sb, args)
    except SandboxError as error:
        params = json.loads(json.dumps(error.params, default=str))
        return json_reply(400, {"ok": False, "error": error.code, "params": params})
    return json_reply(200, {"ok": True, "result": result})

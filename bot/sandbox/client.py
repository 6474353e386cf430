"""``SandboxClient``: drive a sandbox running in another process over its HTTP control API.

Same method names as ``Sandbox`` for the actions and readings. Waiting happens on the server
(``wait_for_messages``, ``wait_until_confirmed``), so the client never polls in a loop.
"""

from __future__ import annotations

import base64
import json
from types import TracebackType
from typing import Any

import httpx

from bot.sandbox.faults import Fault, fault_to_json
from bot.sandbox.records import (
    Call,
    SandboxError,
    SentFile,
    SentMessage,
    call_from_json,
    message_from_json,
)


class SandboxClient:
    """A thin JSON client for ``{url}/_sandbox/…``; close() it or use it as a context manager."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self._timeout = timeout
        self._http = httpx.Client(base_url=f"{self.url}/_sandbox/", timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SandboxClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, route: str, *, wait: float = 0.0, **args: Any) -> Any:
        # A server-side wait must end before the HTTP request times out.
        timeout = max(self._timeout, wait + 5.0)
        response = self._http.post(route, json=args, timeout=timeout)
        try:
            data = response.json()
        except json.JSONDecodeError:
            raise SandboxError("bad_request", status=response.status_code) from None
        if not data.get("ok"):
            raise SandboxError(str(data.get("error", "bad_request")), **data.get("params", {}))
        return data.get("result")

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
        self._call(
            "users",
            user_id=user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    def add_group(self, chat_id: int, title: str) -> None:
        self._call("groups", chat_id=chat_id, title=title)

    def send_text(
        self, user_id: int, text: str, *, chat_id: int | None = None, reply_to: int | None = None
    ) -> int:
        return int(
            self._call("send_text", user_id=user_id, text=text, chat_id=chat_id, reply_to=reply_to)
        )

    def press_button(
        self,
        user_id: int,
        message_id: int,
        data: str | None = None,
        *,
        text: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        return int(
            self._call(
                "press_button",
                user_id=user_id,
                message_id=message_id,
                data=data,
                text=text,
                chat_id=chat_id,
            )
        )

    def forge_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> int:
        return int(
            self._call(
                "forge_callback",
                user_id=user_id,
                message_id=message_id,
                data=data,
                chat_id=chat_id,
            )
        )

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
        return int(
            self._call(
                "upload_document",
                user_id=user_id,
                file_name=file_name,
                content=base64.b64encode(content).decode("ascii"),
                mime_type=mime_type,
                caption=caption,
                chat_id=chat_id,
            )
        )

    def edit_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> int:
        return int(
            self._call(
                "edit_text", user_id=user_id, message_id=message_id, text=text, chat_id=chat_id
            )
        )

    def redeliver(self, update_id: int) -> int:
        return int(self._call("redeliver", update_id=update_id))

    # --- reading what the bot did ---------------------------------------------------------

    def messages(self, chat_id: int | None = None) -> list[SentMessage]:
        return [message_from_json(item) for item in self._call("messages", chat_id=chat_id)]

    def history(self, chat_id: int) -> list[SentMessage]:
        return [message_from_json(item) for item in self._call("history", chat_id=chat_id)]

    def last_message(self, chat_id: int) -> SentMessage:
        return message_from_json(self._call("last_message", chat_id=chat_id))

    def calls(self, method: str | None = None) -> list[Call]:
        return [call_from_json(item) for item in self._call("calls", method=method)]

    def callback_answers(self) -> list[dict[str, Any]]:
        return list(self._call("callback_answers"))

    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        return {
            (item["scope"], item["language_code"]): item["commands"]
            for item in self._call("commands")
        }

    def file_bytes(self, file: SentFile) -> bytes:
        return base64.b64decode(self._call("file", file_id=file.file_id))

    @property
    def violations(self) -> list[str]:
        """A snapshot (unlike ``Sandbox.violations``, clearing it changes nothing)."""
        return list(self._call("violations"))

    def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait until the bot has at least ``count`` messages in the chat; return them all."""
        items = self._call(
            "wait_messages", wait=timeout, timeout=timeout, chat_id=chat_id, count=count
        )
        return [message_from_json(item) for item in items]

    def wait_until_confirmed(self, update_id: int, timeout: float = 10.0) -> None:
        self._call("wait_confirmed", wait=timeout, timeout=timeout, update_id=update_id)

    # --- faults ---------------------------------------------------------------------------

    def inject(
        self, method: str, fault: Fault, *, times: int = 1, chat_id: int | None = None
    ) -> None:
        self._call(
            "inject", method=method, fault=fault_to_json(fault), times=times, chat_id=chat_id
        )

    def block(self, user_id: int) -> None:
        self._call("block", user_id=user_id)

    def unblock(self, user_id: int) -> None:
        self._call("unblock", user_id=user_id)

    def set_rate_limit(self, per_second: float | None) -> None:
        self._call("rate_limit", per_second=per_second)

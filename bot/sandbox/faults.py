"""Telegram's error answers, the faults a test can inject, and the global rate limit.

Every error body has Telegram's shape (``ok``, ``error_code``, ``description`` and, where
Telegram sends them, ``parameters``) because python-telegram-bot picks its exception class from
the HTTP status and ``parameters`` — a body shaped otherwise would test a different code path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any


@dataclass(frozen=True)
class RetryAfter:
    """HTTP 429 with ``parameters.retry_after`` — flood control."""

    seconds: int


@dataclass(frozen=True)
class ServerError:
    """A 5xx answer, as when Telegram's front end has a bad moment."""

    status: int = 502


@dataclass(frozen=True)
class Timeout:
    """Hold the request this long, then drop the connection without answering."""

    seconds: float


@dataclass(frozen=True)
class Forbidden:
    """HTTP 403: the user blocked the bot."""


Fault = RetryAfter | ServerError | Timeout | Forbidden

BLOCKED = "Forbidden: bot was blocked by the user"


class ApiError(Exception):
    """A Bot API error answer; ``violation`` marks the ones that reveal a bug in the bot."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        violation: bool = False,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters
        self.violation = violation

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def too_many_requests(seconds: int) -> ApiError:
    """Telegram's flood-control answer."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {seconds}",
        parameters={"retry_after": seconds},
    )


def fault_error(fault: RetryAfter | ServerError | Forbidden) -> ApiError:
    """The answer an injected fault produces (timeouts have none: they drop the connection)."""
    if isinstance(fault, RetryAfter):
        return too_many_requests(fault.seconds)
    if isinstance(fault, ServerError):
        return ApiError(fault.status, HTTPStatus(fault.status).phrase)
    return ApiError(403, BLOCKED)


def fault_to_json(fault: Fault) -> dict[str, Any]:
    """A fault as plain JSON for the control API."""
    if isinstance(fault, RetryAfter):
        return {"type": "retry_after", "seconds": fault.seconds}
    if isinstance(fault, ServerError):
        return {"type": "server_error", "status": fault.status}
    if isinstance(fault, Timeout):
        return {"type": "timeout", "seconds": fault.seconds}
    return {"type": "forbidden"}


def fault_from_json(data: dict[str, Any]) -> Fault | None:
    """The inverse of ``fault_to_json``; None for an unknown type."""
    kind = data.get("type")
    if kind == "retry_after":
        return RetryAfter(int(data["seconds"]))
    if kind == "server_error":
        return ServerError(int(data.get("status", 502)))
    if kind == "timeout":
        return Timeout(float(data["seconds"]))
    if kind == "forbidden":
        return Forbidden()
    return None


@dataclass
class _Injection:
    method: str  # lower case: Telegram matches method names case-insensitively
    fault: Fault
    remaining: int
    chat_id: int | None


class FaultBook:
    """Injected faults waiting for the calls they will hit, first injected first used."""

    def __init__(self) -> None:
        self._pending: list[_Injection] = []

    def add(self, method: str, fault: Fault, *, times: int, chat_id: int | None) -> None:
        """Queue ``fault`` for the next ``times`` matching calls."""
        if times > 0:
            self._pending.append(_Injection(method.lower(), fault, times, chat_id))

    def take(self, method: str, chat_id: object) -> Fault | None:
        """The fault this call gets, if any, using up one of its times."""
        for injection in self._pending:
            if injection.method != method.lower():
                continue
            if injection.chat_id is not None and injection.chat_id != chat_id:
                continue
            injection.remaining -= 1
            if injection.remaining == 0:
                self._pending.remove(injection)
            return injection.fault
        return None


class RateLimiter:
    """A leaky bucket holding ``per_second`` calls and draining ``per_second`` a second.

    That is the shape of aiolimiter's ``AsyncLimiter(n, 1)`` behind PTB's ``AIORateLimiter``, so
    a bot throttled to the same rate never sees a 429 while a burst beyond it does.
    """

    def __init__(self, per_second: float | None) -> None:
        self.per_second = per_second
        self._level = 0.0
        self._last = 0.0

    def admit(self, now: float) -> int | None:
        """None if the call may pass (and count it), else the seconds to wait before retrying."""
        rate = self.per_second
        if rate is None:
            return None
        capacity = max(rate, 1.0)  # below one call a second the bucket still holds one call
        self._level = max(0.0, self._level - (now - self._last) * rate)
        self._last = now
        if self._level + 1 <= capacity:
            self._level += 1
            return None
        return max(1, math.ceil((self._level + 1 - capacity) / rate))

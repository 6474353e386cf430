"""One Bot API call in progress: its decoded parameters, uploads, and the limits it broke.

python-telegram-bot sends ``application/x-www-form-urlencoded`` where every non-string value is
JSON (numbers, booleans, ``reply_markup``…), other clients send a JSON body. ``normalize`` turns
both into the same dict, keeping the fields that are strings by nature (``text``, ``data``…) as
sent, so ``"123"`` typed by a user stays text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.faults import ApiError

# Parameters that are strings in the Bot API even when they look like numbers or JSON.
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "file_id",
        "url",
        "language_code",
        "action",
        "title",
        "description",
        "filename",
        "secret_token",
        "ip_address",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "document",
        "photo",
        "thumbnail",
    }
)


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    file_name: str | None
    mime_type: str | None
    content: bytes


def normalize(raw: dict[str, Any], *, from_form: bool) -> dict[str, Any]:
    """Decode form values that carry JSON; JSON bodies are already decoded."""
    if not from_form:
        return dict(raw)
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if name in _STRING_FIELDS or not isinstance(value, str):
            decoded[name] = value
            continue
        try:
            decoded[name] = json.loads(value)
        except ValueError:
            decoded[name] = value
    return decoded


def recordable(params: dict[str, Any], uploads: dict[str, Upload]) -> dict[str, Any]:
    """The params as a Call records them: uploads summarised, not copied."""
    recorded = dict(params)
    for name, upload in uploads.items():
        recorded[name] = {
            "upload": upload.file_name,
            "mime_type": upload.mime_type,
            "size": len(upload.content),
        }
    return recorded


@dataclass
class CallContext:
    """A call's inputs plus the violations found while serving it."""

    method: str
    params: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)
    strict: bool = True
    violations: list[str] = field(default_factory=list)

    def limit(self, description: str, *, detail: str | None = None) -> None:
        """A Telegram limit the bot broke: recorded; answered 400 unless the sandbox is lenient.

        ``detail`` goes into the violation only; the answer keeps Telegram's exact wording.
        """
        suffix = f" ({detail})" if detail else ""
        self.violations.append(f"{self.method}: {description}{suffix}")
        if self.strict:
            raise ApiError(400, description, violation=True)

    def fail(self, status: int, description: str, *, violation: bool = True) -> ApiError:
        """An error the call cannot get past (returned for ``raise``)."""
        if violation:
            self.violations.append(f"{self.method}: {description}")
        return ApiError(status, description, violation=violation)

    def has(self, name: str) -> bool:
        """Whether the parameter was sent (and is not null)."""
        return self.params.get(name) is not None

    def obj(self, name: str) -> Any:
        """A JSON parameter (object, list, number, bool) or None; bad JSON is a violation."""
        value = self.params.get(name)
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                return json.loads(value)
            except ValueError:
                raise self.fail(400, f"Bad Request: can't parse {name} JSON object") from None
        return value

    def opt_int(self, name: str) -> int | None:
        """An integer parameter, or None when absent."""
        value = self.params.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(400, f"Bad Request: invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise self.fail(400, f"Bad Request: invalid {name} specified") from None

    def need_int(self, name: str) -> int:
        """A required integer parameter."""
        value = self.opt_int(name)
        if value is None:
            raise self.fail(400, f"Bad Request: {name} is empty")
        return value

    def opt_str(self, name: str) -> str | None:
        """A string parameter, or None when absent."""
        value = self.params.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        """A boolean parameter (absent is false)."""
        value = self.params.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

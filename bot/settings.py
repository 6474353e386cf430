"""One validated settings object, read from TOML, with built-in defaults for everything.

Where the file comes from, first match wins: ``--config PATH``, the ``DUBAN_CONFIG`` environment
variable, ``./config.toml``; with none of them the defaults stand alone. ``DUBAN_BOT_TOKEN``
overrides ``[telegram] token``. A bad file raises ``SettingsError`` naming the file, the key and
the problem.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

DEFAULT_DATA_DIR = Path("data")
TOKEN_ENV = "DUBAN_BOT_TOKEN"
CONFIG_ENV = "DUBAN_CONFIG"
PLACEHOLDER_TOKENS = {"", "123456:ABC", "YOUR-BOT-TOKEN", "<token>"}


class SettingsError(Exception):
    """The settings file cannot be used: ``file``, ``key`` and ``problem`` say why."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramSettings(_Section):
    token: SecretStr | None = None
    api_url: str = "https://api.telegram.org"

    @field_validator("api_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    def require_token(self) -> str:
        """The token, or ``ValueError`` when it is missing or still the example's placeholder."""
        value = self.token.get_secret_value().strip() if self.token else ""
        if value in PLACEHOLDER_TOKENS:
            raise ValueError("missing")
        return value


class DatabaseSettings(_Section):
    url: str = ""
    auto_upgrade: bool = True
    busy_timeout_ms: int = Field(default=5000, ge=0)

    def resolved_url(self) -> str:
        return self.url or f"sqlite:///{DEFAULT_DATA_DIR / 'duban.sqlite3'}"


class LocaleSettings(_Section):
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("not an IANA time zone name (e.g. Asia/Shanghai)") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class RolesSettings(_Section):
    coordinators: list[int] = Field(default_factory=list)


class DepartmentsSettings(_Section):
    aliases: dict[str, str] = Field(default_factory=dict)  # alias -> canonical name
    groups: dict[str, list[str]] = Field(default_factory=dict)  # collective name -> members

    @field_validator("aliases")
    @classmethod
    def _no_chains(cls, value: dict[str, str]) -> dict[str, str]:
        for alias, name in value.items():
            if name in value:
                raise ValueError(f"'{alias}' → '{name}', but '{name}' is itself an alias")
        return value


class BotSettings(_Section):
    invite_valid_days: int = Field(default=14, ge=1, le=365)
    max_upload_mb: int = Field(default=10, ge=1, le=20)  # Bot API downloads stop at 20 MB

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


class ReportsSettings(_Section):
    # days after a deadline during which a report still counts for it (late, but not lost)
    grace_days: int = Field(default=5, ge=0, le=60)
    # minutes of silence after which a half-filled /report is dropped (politely)
    idle_minutes: int = Field(default=15, ge=1, le=24 * 60)


class Settings(_Section):
    telegram: TelegramSettings = TelegramSettings()
    bot: BotSettings = BotSettings()
    reports: ReportsSettings = ReportsSettings()
    database: DatabaseSettings = DatabaseSettings()
    locale: LocaleSettings = LocaleSettings()
    roles: RolesSettings = RolesSettings()
    departments: DepartmentsSettings = DepartmentsSettings()
    source: str = Field(default="(defaults)", exclude=True)


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The file to read: ``--config``, then ``$DUBAN_CONFIG``, then ``./config.toml``."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    local = Path("config.toml")
    return local if local.is_file() else None


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    """Read and validate the settings; raises ``SettingsError`` on any problem."""
    path = find_config(explicit)
    raw: dict[str, Any] = {}
    name = str(path) if path else "(defaults)"
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(name, "", "file not found") from None
        except OSError as exc:
            raise SettingsError(name, "", exc.strerror or str(exc)) from None
        except UnicodeDecodeError:
            raise SettingsError(name, "", "not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(name, "", f"not valid TOML: {exc}") from None
    if token := os.environ.get(TOKEN_ENV):
        raw.setdefault("telegram", {})
        if isinstance(raw["telegram"], dict):
            raw["telegram"]["token"] = token
    try:
        return Settings.model_validate({**raw, "source": name})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SettingsError(name, _key(err["loc"]), _problem(err)) from None


def _key(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) >= 2:
        return f"[{parts[0]}] {'.'.join(parts[1:])}"
    return parts[0] if parts else ""


def _problem(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (see config.example.toml for the keys there are)"
    msg = str(err["msg"]).removeprefix("Value error, ")
    secret = "token" in err["loc"]  # never echo what might be a token
    if "input" in err and not secret and not isinstance(err["input"], dict | list):
        return f"{msg} (got {err['input']!r})"
    return msg

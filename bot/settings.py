"""One validated settings object, read from TOML, with built-in defaults for everything.

Where the file comes from, first match wins: ``--config PATH``, the ``DUBAN_CONFIG`` environment
variable, ``./config.toml``; with none of them the defaults stand alone. ``DUBAN_BOT_TOKEN``
overrides ``[telegram] token``. A bad file raises ``SettingsError`` naming the file, the key and
the problem.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from datetime import date
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


class ImportSettings(_Section):
    # a task that names only 责任单位 (no 牵头/配合 split): true, the first listed unit leads and
    # the rest support (the common convention); false, every listed unit leads
    first_unit_leads: bool = True


class ReportsSettings(_Section):
    # days after a deadline during which a report still counts for it (late, but not lost)
    grace_days: int = Field(default=5, ge=0, le=60)
    # minutes of silence after which a half-filled /report is dropped (politely)
    idle_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # true: a task is owed by its lead units (牵头单位) only — only they are reminded about it
    # and counted late for it; supporting units (配合单位) may still report on it
    lead_units_only: bool = False
    # a task with several lead units (牵头单位): "each" — each lead owes its own report, the
    # task's light follows the reports it has, co-leads that have not reported are named and
    # counted missing; "any" — one lead's report settles it, the others are not owed it;
    # "all" — the task counts as reported only when every lead has reported
    co_leads: Literal["each", "any", "all"] = "each"


def _clock_time(value: str) -> str:
    try:
        dt.time.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("not a time of day as HH:MM (e.g. 09:00)") from exc
    return value


class RemindersSettings(_Section):
    enabled: bool = True
    # days before each deadline that a liaison with unreported tasks is reminded (0: the day)
    days_before: list[int] = Field(default_factory=lambda: [14, 7, 3, 1, 0])
    # local time of day (the office's time zone) every reminder goes out
    time: str = "09:00"
    # after the deadline: a ping every so many working days, at most so many times
    after_every_days: int = Field(default=2, ge=1, le=30)
    after_max: int = Field(default=3, ge=0, le=20)
    # coordinators get the list of late departments with each after-deadline ping
    escalate: bool = True
    # no message between these local times (a reminder owed then waits for the end)
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    # how often (seconds) the scheduler looks at what is owed
    tick_seconds: int = Field(default=60, ge=5, le=3600)
    # a liaison's /pause: "request" asks the coordinators to approve it, "direct" pauses at
    # once, "off" refuses (pauses are set by the office); a coordinator's /pause is always direct
    liaison_pause: Literal["request", "direct", "off"] = "request"

    @field_validator("days_before")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        if any(day < 0 or day > 366 for day in value):
            raise ValueError("each entry is a number of days from 0 to 366")
        return sorted(set(value), reverse=True)

    @field_validator("time", "quiet_start", "quiet_end")
    @classmethod
    def _times(cls, value: str) -> str:
        return _clock_time(value)

    @property
    def at(self) -> dt.time:
        return dt.time.fromisoformat(self.time)


class CalendarSettings(_Section):
    # China's working days come from the chinese-calendar package, which knows the years the
    # State Council has published. For a later year, list its holidays and its make-up working
    # days (调休) here; a year neither knows falls back to Monday–Friday, with a warning.
    holidays: list[date] = Field(default_factory=list)
    workdays: list[date] = Field(default_factory=list)


class DigestSettings(_Section):
    enabled: bool = True
    # the weekly digest to coordinators: ISO weekday (1 Monday … 7 Sunday) and local time;
    # moved to the working day before when that day is not a working day
    weekday: int = Field(default=5, ge=1, le=7)
    time: str = "16:00"
    # also the working day after each deadline
    after_deadline: bool = True

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        return _clock_time(value)


class Settings(_Section):
    telegram: TelegramSettings = TelegramSettings()
    bot: BotSettings = BotSettings()
    reports: ReportsSettings = ReportsSettings()
    reminders: RemindersSettings = RemindersSettings()
    calendar: CalendarSettings = CalendarSettings()
    digest: DigestSettings = DigestSettings()
    database: DatabaseSettings = DatabaseSettings()
    locale: LocaleSettings = LocaleSettings()
    roles: RolesSettings = RolesSettings()
    departments: DepartmentsSettings = DepartmentsSettings()
    importer: ImportSettings = Field(default=ImportSettings(), alias="import")
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

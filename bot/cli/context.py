"""What every command-line command gets: the settings, the language, the consoles, the engine."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import Engine

from bot.settings import Settings
from bot.texts import message, t
from db.engine import make_engine
from db.schema import SchemaError, check_schema


class CliError(Exception):
    """A failure already phrased for the user; the command exits with ``code``."""

    def __init__(self, text: str, code: int = 1) -> None:
        super().__init__(text)
        self.text, self.code = text, code


class Context:
    """What every command needs: settings, language, consoles."""

    def __init__(self, settings: Settings, lang: str) -> None:
        self.settings = settings
        self.lang = lang
        self.out = Console(highlight=False)
        self.err = Console(stderr=True, highlight=False)

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def engine(self, *, check: bool = True) -> Engine:
        """The database engine; with ``check``, upgraded or refused per ``[database] auto_upgrade``."""
        engine = make_engine(
            self.settings.database.resolved_url(),
            busy_timeout_ms=self.settings.database.busy_timeout_ms,
        )
        if check:
            try:
                check_schema(engine, auto_upgrade=self.settings.database.auto_upgrade)
            except SchemaError as exc:
                code = exc.code
                if code == "schema_out_of_date" and exc.params.get("current") is None:
                    code = "schema_missing"
                raise CliError(message("error", code, exc.params, self.lang), 3) from None
        return engine

"""Logging for the bot and the command line, with the bot token scrubbed from every record.

The token is part of every Bot API URL (``…/bot<token>/getUpdates``), and libraries log those
URLs: httpx at INFO, PTB at DEBUG, and exceptions may carry them. So every handler this module
installs runs a filter that replaces the token — and its secret half after the colon — before the
record is written, including its traceback text.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<token>"
# Libraries whose INFO lines are noise for an operator (and carry URLs with the token).
QUIET = ("httpx", "httpcore")


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message, arguments and traceback text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        found: set[str] = set()
        for secret in secrets:
            if secret:
                found.add(secret)
                _, _, tail = secret.partition(":")
                if len(tail) >= 16:  # the secret half alone, should something log just that
                    found.add(tail)
        # longest first, so the whole token is replaced before its tail
        self.secrets = sorted(found, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(
    *,
    secrets: Iterable[str] = (),
    log_file: Path | None = None,
    level: int = logging.INFO,
    stream: bool = True,
) -> list[logging.Handler]:
    """Send the root logger to stderr and/or ``log_file``, every handler scrubbing ``secrets``.

    Returns the handlers installed, so a caller that runs more than once (tests, the demo) can
    remove them again with ``teardown_logging``.
    """
    scrub = RedactSecrets(secrets)
    handlers: list[logging.Handler] = []
    if stream:
        handlers.append(logging.StreamHandler(sys.stderr))
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(scrub)
        root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handlers


def teardown_logging(handlers: Iterable[logging.Handler]) -> None:
    root = logging.getLogger()
    for handler in handlers:
        root.removeHandler(handler)
        handler.close()

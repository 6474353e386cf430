"""A local Telegram Bot API server for tests and ``duban demo``.

Point python-telegram-bot at it exactly as at a self-hosted Bot API server::

    with Sandbox(token=TOKEN) as sb:
        app = Application.builder().token(TOKEN).base_url(f"{sb.url}/bot")
              .base_file_url(f"{sb.url}/file/bot").build()

Started without a token (``Sandbox()``, ``duban sandbox``) it accepts any token shaped like
one from @BotFather (digits, a colon, about 35 characters of ``[A-Za-z0-9_-]``); started with
one it accepts only that one. Then act as users (``send_text``, ``press_button``, ``upload_document``…) and read back what the
bot did (``messages``, ``calls``, ``violations``). ``SandboxClient`` does the same from another
process over ``{url}/_sandbox/``; ``serve`` runs a sandbox in the foreground.
"""

from bot.sandbox.client import SandboxClient
from bot.sandbox.faults import Fault, Forbidden, RetryAfter, ServerError, Timeout
from bot.sandbox.records import Button, Call, SandboxError, SentFile, SentMessage
from bot.sandbox.sandbox import Sandbox, serve

__all__ = [
    "Button",
    "Call",
    "Fault",
    "Forbidden",
    "RetryAfter",
    "Sandbox",
    "SandboxClient",
    "SandboxError",
    "SentFile",
    "SentMessage",
    "ServerError",
    "Timeout",
    "serve",
]

"""Bot tokens for tests: shaped exactly like real ones, made up afresh for each run, so the
tests that hunt for a leaked token look for something realistic that no repository holds."""

from __future__ import annotations

import secrets


def fake_token(bot_id: int = 7123456789) -> str:
    """``<bot id>:<35 characters of [A-Za-z0-9_-]>``, as @BotFather issues them."""
    return f"{bot_id}:AA{secrets.token_urlsafe(32)[:33]}"

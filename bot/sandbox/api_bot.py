"""Bot API methods about the bot itself: getMe, getUpdates, webhooks, commands, menu button.

``get_updates`` is the one method that waits: it blocks on the world's condition (which releases
the lock) until an update is queued, the poll times out, a newer poll replaces it, or the
sandbox stops — the same contract Telegram's long polling gives.
"""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox import checks
from bot.sandbox.api_messages import resolve_chat
from bot.sandbox.params import CallContext
from bot.sandbox.world import Update, World

_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def get_me(world: World, ctx: CallContext) -> dict[str, Any]:
    return world.bot_json() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _confirm(world: World, offset: int) -> None:
    """Drop what the bot confirmed: ids below a positive offset, all but the last -offset."""
    if offset > 0:
        world.updates = [update for update in world.updates if update.update_id >= offset]
        world.confirmed_below = max(world.confirmed_below, offset)
    elif offset < 0:
        world.updates = world.updates[offset:]
        if world.updates:
            world.confirmed_below = max(world.confirmed_below, world.updates[0].update_id)
    world.cond.notify_all()


def _deliverable(world: World, limit: int) -> list[Update]:
    # Telegram never stores updates of types the bot did not ask for.
    world.updates = [update for update in world.updates if world.allowed(update.kind)]
    return world.updates[:limit]


def get_updates(world: World, ctx: CallContext) -> list[dict[str, Any]]:
    if world.webhook is not None:  # before confirming anything, as Telegram refuses outright
        raise ctx.fail(409, _WEBHOOK_CONFLICT, violation=False)
    allowed = ctx.obj("allowed_updates")
    if isinstance(allowed, list):
        world.allowed_updates = frozenset(str(kind) for kind in allowed) if allowed else None
    offset = ctx.opt_int("offset")
    if offset is not None:
        _confirm(world, offset)
    limit = min(max(ctx.opt_int("limit") or 100, 1), 100)
    try:
        timeout = max(float(ctx.params.get("timeout") or 0), 0.0)
    except (TypeError, ValueError):
        raise ctx.fail(400, "Bad Request: invalid timeout specified") from None
    world.poll_generation += 1
    generation = world.poll_generation
    deadline = time.monotonic() + timeout
    # Counted while the lock is released in wait(), the only time others can look.
    world.waiting_polls += 1
    world.cond.notify_all()  # lets a test wait until the bot is really long-polling
    try:
        while True:
            if world.webhook is not None:
                raise ctx.fail(409, _WEBHOOK_CONFLICT, violation=False)
            batch = _deliverable(world, limit)
            remaining = deadline - time.monotonic()
            if batch or world.stopping or remaining <= 0:
                return [update.json() for update in batch]
            world.cond.wait(remaining)
            if world.poll_generation != generation:
                raise ctx.fail(409, _POLL_CONFLICT, violation=False)
    finally:
        world.waiting_polls -= 1


def set_webhook(world: World, ctx: CallContext) -> bool:
    url = ctx.opt_str("url") or ""
    if ctx.flag("drop_pending_updates"):
        world.updates.clear()
    if not url:
        world.webhook = None  # an empty url removes the webhook, as in Telegram
        return True
    if not url.lower().startswith("https://"):
        raise ctx.fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    world.webhook = {"url": url, "max_connections": ctx.opt_int("max_connections") or 40}
    allowed = ctx.obj("allowed_updates")
    if isinstance(allowed, list):
        world.webhook["allowed_updates"] = allowed
        world.allowed_updates = frozenset(str(kind) for kind in allowed) if allowed else None
    world.cond.notify_all()  # a waiting long poll must now end with the webhook conflict
    return True


def delete_webhook(world: World, ctx: CallContext) -> bool:
    world.webhook = None
    if ctx.flag("drop_pending_updates"):
        world.updates.clear()
    return True


def get_webhook_info(world: World, ctx: CallContext) -> dict[str, Any]:
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    if world.webhook is not None:
        info |= world.webhook
    return info


def _commands_key(world: World, ctx: CallContext) -> tuple[str, str]:
    scope = checks.command_scope(ctx)
    if "chat_id" in scope and scope["chat_id"] not in world.chats:
        raise ctx.fail(400, "Bad Request: chat not found")
    return checks.scope_key(scope), checks.language_code(ctx)


def set_my_commands(world: World, ctx: CallContext) -> bool:
    commands = checks.commands(ctx)
    key = _commands_key(world, ctx)
    if commands:
        world.commands[key] = commands
    else:
        world.commands.pop(key, None)  # an empty list deletes, as in Telegram
    return True


def get_my_commands(world: World, ctx: CallContext) -> list[dict[str, str]]:
    return list(world.commands.get(_commands_key(world, ctx), []))


def delete_my_commands(world: World, ctx: CallContext) -> bool:
    world.commands.pop(_commands_key(world, ctx), None)
    return True


def set_chat_menu_button(world: World, ctx: CallContext) -> bool:
    if ctx.has("chat_id"):
        resolve_chat(world, ctx)
    return True


def get_chat_menu_button(world: World, ctx: CallContext) -> dict[str, Any]:
    return {"type": "commands"}


def get_chat(world: World, ctx: CallContext) -> dict[str, Any]:
    chat = resolve_chat(world, ctx)
    # ChatFullInfo fields PTB requires beyond the plain Chat.
    return chat.json() | {"accent_color_id": 0, "max_reaction_count": 11}


def accept(world: World, ctx: CallContext) -> bool:
    """Methods whose effect the sandbox does not model (close, logOut)."""
    return True

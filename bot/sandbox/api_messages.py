"""Bot API methods that put things in chats: send, edit, delete, files, callback answers.

Each function takes the world (lock held) and the call context and returns the ``result`` Telegram
would send, or raises ``ApiError`` through ``ctx.fail``. Errors a well-behaved bot still meets
(a blocked user, "message is not modified") are answered without counting as violations.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import checks
from bot.sandbox.faults import BLOCKED
from bot.sandbox.params import CallContext
from bot.sandbox.world import KIND_NAMES, Chat, StoredFile, StoredMessage, World, inline_buttons

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_MAX_UPLOAD = {"documents": 50 * 1024 * 1024, "photos": 10 * 1024 * 1024, "voice": 50 * 1024 * 1024}
_MAX_DOWNLOAD = 20 * 1024 * 1024


def resolve_chat(world: World, ctx: CallContext) -> Chat:
    """The chat a call addresses; only chats where a user wrote (or added groups) exist."""
    raw = ctx.params.get("chat_id")
    if raw is None:
        raise ctx.fail(400, "Bad Request: chat_id is empty")
    try:
        chat_id = int(raw)
    except (TypeError, ValueError):
        raise ctx.fail(400, "Bad Request: chat not found") from None
    chat = world.chats.get(chat_id)
    if chat is None:
        if chat_id in world.users:
            raise ctx.fail(
                403, "Forbidden: bot can't initiate conversation with a user", violation=False
            )
        raise ctx.fail(400, "Bad Request: chat not found")
    if chat.user is not None and chat.user.blocked:
        raise ctx.fail(403, BLOCKED, violation=False)
    return chat


def _reply_target(world: World, ctx: CallContext, chat: Chat) -> int | None:
    parameters = ctx.obj("reply_parameters")
    if isinstance(parameters, dict):
        message_id = parameters.get("message_id")
        other_chat = parameters.get("chat_id")
        allow_missing = bool(parameters.get("allow_sending_without_reply"))
        if other_chat is not None and str(other_chat) != str(chat.id):
            return None  # a reply into another chat is shown as a quote; not modelled
    else:
        message_id = ctx.opt_int("reply_to_message_id")
        allow_missing = ctx.flag("allow_sending_without_reply")
    if message_id is None:
        return None
    target = world.messages.get((chat.id, int(message_id)))
    if target is None or target.deleted:
        if allow_missing:
            return None
        raise ctx.fail(400, "Bad Request: message to be replied not found")
    return target.message_id


def send_message(world: World, ctx: CallContext) -> dict[str, Any]:
    chat = resolve_chat(world, ctx)
    text = checks.formatted(ctx, "text")
    if text is None:
        raise ctx.fail(400, "Bad Request: message text is empty")
    markup = checks.reply_markup(ctx)
    message = world.new_message(
        chat,
        from_id=world.bot_id,
        text=text[0],
        entities=text[1],
        raw_text=ctx.opt_str("text"),
        parse_mode=ctx.opt_str("parse_mode"),
        reply_markup=markup,
        reply_to=_reply_target(world, ctx, chat),
    )
    return world.message_json(message)


def _input_file(world: World, ctx: CallContext, name: str, kind: str) -> StoredFile:
    """An uploaded part, ``attach://`` reference, or the file_id of a stored file."""
    value = ctx.params.get(name)
    upload = ctx.uploads.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        upload = ctx.uploads.get(value.removeprefix("attach://"))
    if upload is not None:
        if len(upload.content) > _MAX_UPLOAD[kind]:
            ctx.limit("Bad Request: file is too big", detail=f"{len(upload.content)} bytes")
        return world.store_file(kind, upload.file_name, upload.mime_type, upload.content)
    if isinstance(value, str) and value in world.files:
        stored = world.files[value]
        if stored.kind != kind:  # Telegram refuses a photo's file_id in sendDocument, …
            given, wanted = KIND_NAMES[stored.kind], KIND_NAMES[kind]
            raise ctx.fail(400, f"Bad Request: can't use file of type {given} as {wanted}")
        return stored
    if value is None:
        raise ctx.fail(400, f"Bad Request: there is no {name} in the request")
    raise ctx.fail(400, "Bad Request: wrong file identifier/HTTP URL specified")


def _send_file(world: World, ctx: CallContext, name: str, kind: str) -> dict[str, Any]:
    chat = resolve_chat(world, ctx)
    stored = _input_file(world, ctx, name, kind)
    caption = checks.formatted(ctx, "caption")
    markup = checks.reply_markup(ctx)
    message = world.new_message(
        chat,
        from_id=world.bot_id,
        caption=caption[0] if caption else None,
        caption_entities=caption[1] if caption else [],
        raw_text=ctx.opt_str("caption"),
        parse_mode=ctx.opt_str("parse_mode"),
        reply_markup=markup,
        reply_to=_reply_target(world, ctx, chat),
        **{name: stored.file_id},
    )
    return world.message_json(message)


def send_document(world: World, ctx: CallContext) -> dict[str, Any]:
    return _send_file(world, ctx, "document", "documents")


def send_photo(world: World, ctx: CallContext) -> dict[str, Any]:
    return _send_file(world, ctx, "photo", "photos")


def send_voice(world: World, ctx: CallContext) -> dict[str, Any]:
    return _send_file(world, ctx, "voice", "voice")


def _editable(world: World, ctx: CallContext) -> StoredMessage:
    if ctx.has("inline_message_id"):
        raise ctx.fail(400, "Bad Request: inline messages are not supported by the sandbox")
    chat = resolve_chat(world, ctx)
    message = world.messages.get((chat.id, ctx.need_int("message_id")))
    if message is None or message.deleted:
        raise ctx.fail(400, "Bad Request: message to edit not found")
    if message.from_id != world.bot_id:
        raise ctx.fail(400, "Bad Request: message can't be edited")
    return message


def _check_modified(ctx: CallContext, message: StoredMessage, unchanged: bool, markup: Any) -> None:
    # Without reply_markup an edit removes the inline keyboard, as Telegram does, so a missing
    # markup only counts as "the same" when the message had no keyboard either.
    if unchanged and inline_buttons(markup) == inline_buttons(message.reply_markup):
        raise ctx.fail(400, NOT_MODIFIED, violation=False)


def _edited(world: World, message: StoredMessage, markup: Any) -> dict[str, Any]:
    message.reply_markup = markup
    message.edit_date = world.now()
    return world.message_json(message)


def edit_message_text(world: World, ctx: CallContext) -> dict[str, Any]:
    message = _editable(world, ctx)
    text = checks.formatted(ctx, "text")
    if text is None:
        raise ctx.fail(400, "Bad Request: message text is empty")
    if message.text is None:
        raise ctx.fail(400, "Bad Request: there is no text in the message to edit")
    markup = checks.reply_markup(ctx)
    _check_modified(ctx, message, (message.text, message.entities) == text, markup)
    message.text, message.entities = text
    message.raw_text, message.parse_mode = ctx.opt_str("text"), ctx.opt_str("parse_mode")
    return _edited(world, message, markup)


def edit_message_caption(world: World, ctx: CallContext) -> dict[str, Any]:
    message = _editable(world, ctx)
    if message.text is not None:
        raise ctx.fail(400, "Bad Request: there is no caption in the message to edit")
    caption = checks.formatted(ctx, "caption") if ctx.opt_str("caption") else None
    markup = checks.reply_markup(ctx)
    new_caption, new_entities = caption if caption else (None, [])
    unchanged = (message.caption, message.caption_entities) == (new_caption, new_entities)
    _check_modified(ctx, message, unchanged, markup)
    message.caption, message.caption_entities = new_caption, new_entities
    message.raw_text, message.parse_mode = ctx.opt_str("caption"), ctx.opt_str("parse_mode")
    return _edited(world, message, markup)


def edit_message_reply_markup(world: World, ctx: CallContext) -> dict[str, Any]:
    message = _editable(world, ctx)
    markup = checks.reply_markup(ctx)
    _check_modified(ctx, message, True, markup)
    return _edited(world, message, markup)


def delete_message(world: World, ctx: CallContext) -> bool:
    chat = resolve_chat(world, ctx)
    message = world.messages.get((chat.id, ctx.need_int("message_id")))
    if message is None or message.deleted:
        # Deleting twice happens in correct bots (races); deleting what never was does not.
        raise ctx.fail(400, "Bad Request: message to delete not found", violation=message is None)
    message.deleted = True
    return True


def answer_callback_query(world: World, ctx: CallContext) -> bool:
    query = world.callback_queries.get(ctx.opt_str("callback_query_id") or "")
    if query is None or query.answered:
        raise ctx.fail(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    text = ctx.opt_str("text")
    if text is not None and len(text) > checks.MAX_ANSWER_TEXT:
        ctx.limit("Bad Request: MESSAGE_TOO_LONG", detail=f"{len(text)} characters")
    query.answered = True
    world.callback_answers.append(
        {
            "callback_query_id": query.id,
            "user_id": query.user_id,
            "chat_id": query.chat_id,
            "message_id": query.message_id,
            "data": query.data,
            "text": text,
            "show_alert": ctx.flag("show_alert"),
            "url": ctx.opt_str("url"),
            "cache_time": ctx.opt_int("cache_time"),
        }
    )
    return True


def send_chat_action(world: World, ctx: CallContext) -> bool:
    resolve_chat(world, ctx)
    if not ctx.opt_str("action"):
        raise ctx.fail(400, "Bad Request: action is empty")
    return True


def get_file(world: World, ctx: CallContext) -> dict[str, Any]:
    stored = world.files.get(ctx.opt_str("file_id") or "")
    if stored is None:
        raise ctx.fail(400, "Bad Request: invalid file_id")
    if len(stored.content) > _MAX_DOWNLOAD:
        raise ctx.fail(400, "Bad Request: file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }

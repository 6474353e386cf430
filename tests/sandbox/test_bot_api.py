"""The sandbox as python-telegram-bot sees it: a real ``telegram.Bot`` over real HTTP."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import httpx
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from telegram.error import BadRequest
from telegram.request import HTTPXRequest

from bot.sandbox import Sandbox, SandboxError
from tests.support.tokens import fake_token

TOKEN = fake_token(7000000001)
ALICE, BOB = 1001, 1002
T = TypeVar("T")


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as sandbox:
        sandbox.add_user(ALICE, "林晓", username="linxiao")
        sandbox.add_user(BOB, "周文", language_code="en")
        yield sandbox
        assert sandbox.violations == []


def local_bot(url: str, *, token: str = TOKEN, read_timeout: float = 5.0) -> Bot:
    """A PTB Bot pointed at the sandbox the way the application will be.

    ``verify=False`` only skips building an SSL context (~20 ms per client) that plain HTTP
    never uses; the sandbox suite must stay fast.
    """

    def request() -> HTTPXRequest:
        return HTTPXRequest(read_timeout=read_timeout, httpx_kwargs={"verify": False})

    return Bot(
        token,
        base_url=f"{url}/bot",
        base_file_url=f"{url}/file/bot",
        request=request(),
        get_updates_request=request(),
    )


def run(sb: Sandbox, work: Callable[[Bot], Awaitable[T]]) -> T:
    """Run ``work`` with a fresh Bot in a fresh event loop, from a sync test."""

    async def main() -> T:
        async with local_bot(sb.url) as bot:
            return await work(bot)

    return asyncio.run(main())


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in pairs]
    )


def test_get_me_describes_the_configured_bot(sb: Sandbox) -> None:
    me = run(sb, lambda bot: bot.get_me())
    assert (me.id, me.username, me.first_name, me.is_bot) == (
        7000000001,
        "duban_demo_bot",
        "督办助手",
        True,
    )


def test_a_users_command_arrives_with_a_bot_command_entity(sb: Sandbox) -> None:
    update_id = sb.send_text(ALICE, "/start 9f8e7d")
    updates = run(sb, lambda bot: bot.get_updates(timeout=0))
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.from_user is not None
    assert message.text == "/start 9f8e7d"
    assert message.chat.type == "private" and message.chat.id == ALICE
    assert message.from_user.username == "linxiao" and message.from_user.language_code == "zh-hans"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 6)]
    assert message.parse_entities() == {message.entities[0]: "/start"}


def test_updates_are_redelivered_until_an_offset_confirms_them(sb: Sandbox) -> None:
    first = sb.send_text(ALICE, "第一条")
    second = sb.send_text(BOB, "第二条")

    async def work(bot: Bot) -> tuple[list[int], list[int], list[int]]:
        unconfirmed = [u.update_id for u in await bot.get_updates(timeout=0)]
        again = [u.update_id for u in await bot.get_updates(timeout=0)]
        after = [u.update_id for u in await bot.get_updates(offset=first + 1, timeout=0)]
        return unconfirmed, again, after

    assert run(sb, work) == ([first, second], [first, second], [second])
    sb.wait_until_confirmed(first, timeout=1)
    with pytest.raises(SandboxError) as waited:
        sb.wait_until_confirmed(second, timeout=0.05)
    assert waited.value.code == "timeout"


def test_limit_and_allowed_updates_are_honoured(sb: Sandbox) -> None:
    sb.send_text(ALICE, "一")
    sb.send_text(ALICE, "二")
    message_id = run(
        sb, lambda bot: bot.send_message(ALICE, "请选择", reply_markup=keyboard(("好", "ok")))
    ).message_id
    sb.press_button(ALICE, message_id, "ok")

    async def work(bot: Bot) -> tuple[int, list[str | None]]:
        one = await bot.get_updates(limit=1, timeout=0)
        only_callbacks = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
        return len(one), [u.callback_query.data for u in only_callbacks if u.callback_query]

    assert run(sb, work) == (1, ["ok"])


def test_a_long_poll_returns_as_soon_as_an_update_is_queued(sb: Sandbox) -> None:
    queued: list[int] = []

    def user_writes_once_the_bot_listens() -> None:
        sb.wait_for(sb.polling, timeout=5)
        queued.append(sb.send_text(ALICE, "在吗"))

    writer = threading.Thread(target=user_writes_once_the_bot_listens)
    writer.start()
    started = time.monotonic()
    updates = run(sb, lambda bot: bot.get_updates(timeout=20, read_timeout=25))
    elapsed = time.monotonic() - started
    writer.join()
    assert [u.update_id for u in updates] == queued
    assert elapsed < 5  # far below the 20 s poll: it returned on the update, not the timeout


def test_sent_inline_keyboard_is_visible_and_pressing_it_delivers_a_callback(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/tasks")
    sent = run(
        sb,
        lambda bot: bot.send_message(
            ALICE, "第1页", reply_markup=keyboard(("下一页", "v1:p:2"), ("详情", "v1:t:7"))
        ),
    )
    shown = sb.last_message(ALICE)
    assert shown.message_id == sent.message_id == 2  # ids shared with the user's message
    assert [[(b.text, b.data) for b in row] for row in shown.buttons] == [
        [("下一页", "v1:p:2")],
        [("详情", "v1:t:7")],
    ]

    update_id = sb.press_button(ALICE, shown.message_id, text="详情")

    async def work(bot: Bot) -> None:
        updates = await bot.get_updates(offset=update_id, timeout=0)
        query = updates[0].callback_query
        assert query is not None and query.message is not None
        assert (query.data, query.from_user.id, query.message.message_id) == (
            "v1:t:7",
            ALICE,
            sent.message_id,
        )
        assert isinstance(query.message, Message) and query.message.text == "第1页"
        assert query.chat_instance
        await query.answer("已打开")

    run(sb, work)
    assert [(a["data"], a["text"], a["user_id"]) for a in sb.callback_answers()] == [
        ("v1:t:7", "已打开", ALICE)
    ]


def test_pressing_a_button_that_is_not_there_fails_loudly(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/tasks")
    sent = run(
        sb, lambda bot: bot.send_message(ALICE, "列表", reply_markup=keyboard(("第2页", "v1:p:2")))
    )
    with pytest.raises(SandboxError) as ghost:
        sb.press_button(ALICE, sent.message_id, "v1:p:3")
    assert ghost.value.code == "no_such_button"
    with pytest.raises(SandboxError) as not_bots:
        sb.press_button(ALICE, 1, "v1:p:2")  # message 1 is Alice's own /tasks
    assert not_bots.value.code == "no_such_message"


def test_edits_apply_and_an_identical_edit_is_not_modified(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/tasks")

    async def work(bot: Bot) -> BadRequest:
        sent = await bot.send_message(ALICE, "第1页", reply_markup=keyboard(("下一页", "v1:p:2")))
        await bot.edit_message_text(
            "第2页",
            chat_id=ALICE,
            message_id=sent.message_id,
            reply_markup=keyboard(("上一页", "v1:p:1")),
        )
        with pytest.raises(BadRequest) as same:
            await bot.edit_message_text(
                "第2页",
                chat_id=ALICE,
                message_id=sent.message_id,
                reply_markup=keyboard(("上一页", "v1:p:1")),
            )
        await bot.edit_message_reply_markup(
            chat_id=ALICE, message_id=sent.message_id, reply_markup=None
        )
        return same.value

    not_modified = run(sb, work)
    assert "message is not modified" in not_modified.message.lower()
    shown = sb.last_message(ALICE)
    assert (shown.text, shown.buttons, shown.edited) == ("第2页", [], True)
    assert [c.status for c in sb.calls("editMessageText")] == [200, 400]
    # sb fixture: a "not modified" answer is not a violation


def test_a_users_edit_and_reply_arrive_as_telegram_sends_them(sb: Sandbox) -> None:
    sb.send_text(ALICE, "进度：完成一半")
    sent = run(sb, lambda bot: bot.send_message(ALICE, "收到"))
    sb.edit_text(ALICE, 1, "进度：完成大半")
    sb.send_text(ALICE, "补充说明", reply_to=sent.message_id)

    updates = run(sb, lambda bot: bot.get_updates(timeout=0))
    edited, reply = updates[1].edited_message, updates[2].message
    assert edited is not None and edited.text == "进度：完成大半" and edited.edit_date is not None
    assert reply is not None and reply.reply_to_message is not None
    assert (reply.reply_to_message.message_id, reply.reply_to_message.text) == (
        sent.message_id,
        "收到",
    )
    assert reply.reply_to_message.from_user is not None and reply.reply_to_message.from_user.is_bot


def test_the_bot_replies_to_a_message_with_reply_parameters(sb: Sandbox) -> None:
    sb.send_text(ALICE, "请问截止日期？")
    run(
        sb,
        lambda bot: bot.send_message(
            ALICE, "7月15日", reply_parameters=ReplyParameters(message_id=1)
        ),
    )
    assert sb.last_message(ALICE).reply_to == 1


def test_other_clients_may_send_json_and_any_letter_case(sb: Sandbox) -> None:
    sb.send_text(ALICE, "hi")
    with httpx.Client(base_url=f"{sb.url}/bot{TOKEN}/") as client:
        sent = client.post(
            "SENDMESSAGE",
            json={
                "chat_id": ALICE,
                "text": "你好",
                "reply_markup": {"inline_keyboard": [[{"text": "好", "callback_data": "x"}]]},
            },
        )
        query = client.get("getMe", params={"unused": "1"})
        missing = client.post("sendPigeon", data={"chat_id": ALICE})
        chunked = client.post(
            "sendMessage",
            content=iter([f"chat_id={ALICE}&".encode(), b"text=%E5%88%86%E5%9D%97"]),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert sent.status_code == 200 and sent.json()["result"]["text"] == "你好"
    assert query.json()["result"]["username"] == "duban_demo_bot"
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert chunked.json()["result"]["text"] == "分块"
    assert [c.method for c in sb.calls()] == ["sendMessage", "getMe", "sendPigeon", "sendMessage"]
    assert sb.messages(ALICE)[0].buttons[0][0].data == "x"


def test_wait_for_rechecks_on_every_call_and_times_out_with_a_code(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/help")
    with pytest.raises(SandboxError) as nothing_yet:
        sb.wait_for(lambda: sb.last_message(ALICE).text == "帮助", timeout=0.05)
    assert nothing_yet.value.code == "timeout"  # not "no_messages": that only means "not yet"

    replier = threading.Thread(target=run, args=(sb, lambda bot: bot.send_message(ALICE, "帮助")))
    replier.start()
    sb.wait_for(lambda: sb.last_message(ALICE).text == "帮助", timeout=5)
    replier.join()


def test_a_forged_callback_carries_any_data_but_only_on_a_bot_message(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/tasks")
    sent = run(
        sb, lambda bot: bot.send_message(ALICE, "列表", reply_markup=keyboard(("第2页", "p2")))
    )
    update_id = sb.forge_callback(ALICE, sent.message_id, "v1:ic:99")
    updates = run(sb, lambda bot: bot.get_updates(offset=update_id, timeout=0))
    query = updates[0].callback_query
    assert query is not None and query.data == "v1:ic:99"
    with pytest.raises(SandboxError) as not_bots:
        sb.forge_callback(ALICE, 1, "v1:ic:99")
    assert not_bots.value.code == "no_such_message"


def test_stopping_ends_a_waiting_long_poll_at_once(sb: Sandbox) -> None:
    def stop_once_the_bot_listens() -> None:
        sb.wait_for(sb.polling, 5)
        sb.stop()

    stopper = threading.Thread(target=stop_once_the_bot_listens)
    stopper.start()
    started = time.monotonic()
    updates = run(sb, lambda bot: bot.get_updates(timeout=20, read_timeout=25))
    stopper.join()
    assert updates == () and time.monotonic() - started < 5
    with pytest.raises(SandboxError) as waited:
        sb.wait_for(lambda: False, timeout=5)
    assert waited.value.code == "stopped"

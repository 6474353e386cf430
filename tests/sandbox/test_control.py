"""The HTTP control API: a sandbox started by ``serve`` and driven only through ``SandboxClient``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, RetryAfter

from bot.sandbox import RetryAfter as RetryAfterFault
from bot.sandbox import Sandbox, SandboxClient, SandboxError, serve
from tests.sandbox.test_bot_api import TOKEN, local_bot

ALICE, BOB = 1001, 1002
T = TypeVar("T")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxClient]:
    """A sandbox served in the foreground of another thread, as ``duban sandbox`` will run it."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    ready: list[Sandbox] = []
    started, stop = threading.Event(), threading.Event()

    def on_ready(sandbox: Sandbox) -> None:
        ready.append(sandbox)
        started.set()

    server = threading.Thread(
        target=serve,
        args=("127.0.0.1", 0, TOKEN, None),
        kwargs={"on_ready": on_ready, "stop": stop},
    )
    server.start()
    assert started.wait(5)
    with SandboxClient(ready[0].url) as sandbox_client:
        yield sandbox_client
    stop.set()
    server.join(5)
    assert not server.is_alive()


def run(url: str, work: Callable[[Bot], Awaitable[T]]) -> T:
    async def main() -> T:
        async with local_bot(url) as bot:
            return await work(bot)

    return asyncio.run(main())


def in_background(url: str, work: Callable[[Bot], Awaitable[object]]) -> threading.Thread:
    """The bot side, running while the test thread acts as the user."""
    thread = threading.Thread(target=run, args=(url, work))
    thread.start()
    return thread


def test_a_client_acts_as_users_and_reads_what_the_bot_did(client: SandboxClient) -> None:
    client.add_user(ALICE, "林晓", username="linxiao")

    async def bot_side(bot: Bot) -> None:
        update = (await bot.get_updates(timeout=5))[0]
        assert update.message is not None and update.message.text == "/tasks"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("详情", callback_data="v1:t:3")]])
        await bot.send_message(ALICE, "共3项任务", reply_markup=keyboard)
        press = (await bot.get_updates(offset=update.update_id + 1, timeout=5))[0]
        assert press.callback_query is not None
        await press.callback_query.answer()
        await bot.edit_message_text("任务3：全文", chat_id=ALICE, message_id=2)
        await bot.get_updates(offset=press.update_id + 1, timeout=0)

    bot = in_background(client.url, bot_side)
    first = client.send_text(ALICE, "/tasks")
    [listing] = client.wait_for_messages(ALICE, 1, timeout=5)
    assert (listing.text, listing.button_texts()) == ("共3项任务", ["详情"])
    pressed = client.press_button(ALICE, listing.message_id, "v1:t:3")
    client.wait_until_confirmed(pressed, timeout=5)
    bot.join()

    assert pressed > first
    assert client.last_message(ALICE).text == "任务3：全文"
    assert [m.from_id for m in client.history(ALICE)] == [ALICE, 7000000001]
    assert [a["data"] for a in client.callback_answers()] == ["v1:t:3"]
    assert [c.method for c in client.calls("editmessagetext")] == ["editMessageText"]
    assert client.violations == []


def test_files_travel_both_ways_through_the_client(client: SandboxClient) -> None:
    client.add_user(ALICE, "林晓")
    notice = "关于印发重点任务的通知\n一、总体要求".encode()
    client.upload_document(ALICE, "通知.txt", notice, caption="请导入")

    async def bot_side(bot: Bot) -> bytes:
        message = (await bot.get_updates(timeout=0))[0].message
        assert message is not None and message.document is not None
        downloaded = await (await message.document.get_file()).download_as_bytearray()
        await bot.send_document(ALICE, b"PK\x03\x04report", filename="汇总.xlsx")
        return bytes(downloaded)

    assert run(client.url, bot_side) == notice
    document = client.last_message(ALICE).document
    assert document is not None and document.file_name == "汇总.xlsx"
    assert client.file_bytes(document) == b"PK\x03\x04report"


def test_faults_blocks_and_commands_through_the_client(client: SandboxClient) -> None:
    client.add_user(ALICE, "林晓")
    client.add_user(BOB, "周文")
    client.add_group(-100555, "督办群")
    client.send_text(ALICE, "/start")
    client.send_text(BOB, "/start")
    client.edit_text(BOB, 1, "/start again")
    client.inject("sendMessage", RetryAfterFault(4), chat_id=ALICE)
    client.block(BOB)

    async def bot_side(bot: Bot) -> list[str]:
        outcomes = []
        for chat in (ALICE, BOB, -100555):
            try:
                await bot.send_message(chat, "提醒")
                outcomes.append("ok")
            except RetryAfter as error:
                outcomes.append(f"retry {error.retry_after}")
            except Forbidden:
                outcomes.append("forbidden")
        await bot.set_my_commands([BotCommand("tasks", "任务")], language_code="zh")
        return outcomes

    assert run(client.url, bot_side) == [f"retry {dtm.timedelta(seconds=4)}", "forbidden", "ok"]
    client.unblock(BOB)
    client.set_rate_limit(30)
    client.set_rate_limit(None)
    assert client.commands() == {
        ('{"type":"default"}', "zh"): [{"command": "tasks", "description": "任务"}]
    }
    assert [m.chat_id for m in client.messages()] == [-100555]


def test_client_errors_carry_the_sandbox_code(client: SandboxClient) -> None:
    client.add_user(ALICE, "林晓")
    client.send_text(ALICE, "hi")
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: client.send_text(9999, "谁"), "unknown_user"),
        (lambda: client.press_button(ALICE, 1, "v1:x"), "no_such_message"),
        (lambda: client.last_message(ALICE), "no_messages"),
        (lambda: client.wait_for_messages(ALICE, 1, timeout=0.05), "timeout"),
        (lambda: client.add_group(5, "正数"), "bad_group_id"),
        (lambda: client.send_text(ALICE, "x", chat_id=-1), "unknown_chat"),
    ]
    for action, code in cases:
        with pytest.raises(SandboxError) as error:
            action()
        assert error.value.code == code

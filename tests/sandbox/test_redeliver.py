"""``Sandbox.redeliver``: the same update a second time, as Telegram sends it when a bot stopped
before confirming the offset — same message or callback, new update_id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from telegram import Bot, Update

from bot.sandbox import Sandbox, SandboxClient, SandboxError
from db.models import InboundMessage
from tests.sandbox.test_bot_api import ALICE, BOB, TOKEN, keyboard, run
from tests.support.world import LIAISON, start_world, stop_world


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as sandbox:
        sandbox.add_user(ALICE, "林晓")
        sandbox.add_user(BOB, "周文")
        yield sandbox
        assert sandbox.violations == []


def _fetch_all(sandbox: Sandbox) -> list[Update]:
    """Every queued update, then confirm them all (the next bot sees only what comes later)."""

    async def work(bot: Bot) -> list[Update]:
        updates = list(await bot.get_updates(timeout=0))
        if updates:
            await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
        return updates

    return run(sandbox, work)


def test_a_confirmed_message_comes_again_unchanged_under_a_new_id(sb: Sandbox) -> None:
    sb.send_text(ALICE, "先发一条")
    first = sb.send_text(ALICE, "二.1 已完成", reply_to=1)
    [_, original] = _fetch_all(sb)
    sb.wait_until_confirmed(first, timeout=1)

    again = sb.redeliver(first)

    assert again > first
    [copy] = _fetch_all(sb)
    assert copy.update_id == again
    assert copy.message is not None and original.message is not None
    assert copy.message.to_dict() == original.message.to_dict()  # id, chat, date, reply, text
    # Redelivery is not a new message: the chat still holds the two the user wrote.
    assert [m.text for m in sb.history(ALICE)] == ["先发一条", "二.1 已完成"]


def test_a_pressed_button_comes_again_with_the_same_query(sb: Sandbox) -> None:
    async def send(bot: Bot) -> int:
        message = await bot.send_message(
            BOB, "选择状态", reply_markup=keyboard(("已完成", "v1:s:1"))
        )
        return message.message_id

    sb.send_text(BOB, "/report")  # a private chat exists once the user has written
    _fetch_all(sb)
    press = sb.press_button(BOB, run(sb, send), "v1:s:1")
    [original] = _fetch_all(sb)

    assert _fetch_all(sb) == []  # confirmed: gone from the queue
    again = sb.redeliver(press)
    [copy] = _fetch_all(sb)
    assert copy.update_id == again != press
    assert copy.callback_query is not None and original.callback_query is not None
    assert copy.callback_query.to_dict() == original.callback_query.to_dict()


def test_an_update_never_queued_cannot_be_redelivered(sb: Sandbox) -> None:
    first = sb.send_text(ALICE, "你好")
    with pytest.raises(SandboxError) as missing:
        sb.redeliver(first + 1)
    assert (missing.value.code, missing.value.params) == (
        "no_such_update",
        {"update_id": first + 1},
    )


def test_the_control_api_redelivers_too(sb: Sandbox) -> None:
    with SandboxClient(sb.url) as client:
        first = client.send_text(ALICE, "三.2 序时推进")
        again = client.redeliver(first)
        with pytest.raises(SandboxError) as missing:
            client.redeliver(again + 10)
    assert missing.value.code == "no_such_update"
    updates = _fetch_all(sb)
    assert [u.update_id for u in updates] == [first, again]
    assert updates[0].message is not None and updates[1].message is not None
    assert updates[0].message.to_dict() == updates[1].message.to_dict()


def test_the_real_bot_finishes_a_redelivered_message_and_keeps_it_once(tmp_path: Path) -> None:
    world = start_world(tmp_path)
    try:
        first = world.sandbox.send_text(LIAISON, "一.4 推进中")
        world.bot.wait_processed(first)
        answers = len(world.sandbox.messages(LIAISON))

        again = world.sandbox.redeliver(first)
        world.bot.wait_processed(again)  # the new id is the one the bot reports as done

        with Session(world.engine) as session:
            rows = session.exec(
                select(InboundMessage).where(InboundMessage.chat_id == LIAISON)
            ).all()
        assert [row.text for row in rows] == ["一.4 推进中"]
        assert len(world.sandbox.messages(LIAISON)) >= answers
        assert world.sandbox.violations == []
    finally:
        stop_world(world)

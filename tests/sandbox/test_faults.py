"""Injected faults, blocking, the global rate limit and a wrong token raise PTB's real exceptions."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.sandbox import Sandbox, faults
from tests.sandbox.test_bot_api import TOKEN, local_bot
from tests.support.tokens import fake_token

ALICE, BOB = 1001, 1002
T = TypeVar("T")


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    # PTB 22 warns on reading RetryAfter.retry_after as int unless opted in to timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    with Sandbox(token=TOKEN) as sandbox:
        for user_id, name in ((ALICE, "林晓"), (BOB, "周文")):
            sandbox.add_user(user_id, name)
            sandbox.send_text(user_id, "/start")
        yield sandbox
        assert sandbox.violations == []  # faults are the network's doing, not the bot's


def run(
    sb: Sandbox, work: Callable[[Bot], Awaitable[T]], *, token: str = TOKEN, read_timeout: float = 5
) -> T:
    async def main() -> T:
        async with local_bot(sb.url, token=token, read_timeout=read_timeout) as bot:
            return await work(bot)

    return asyncio.run(main())


def failure(
    sb: Sandbox, work: Callable[[Bot], Awaitable[object]], *, read_timeout: float = 5
) -> Exception:
    async def expect(bot: Bot) -> Exception:
        try:
            await work(bot)
        except Exception as error:
            return error
        raise AssertionError("the call succeeded")

    return run(sb, expect, read_timeout=read_timeout)


def test_retry_after_raises_ptbs_retry_after_with_the_delay(sb: Sandbox) -> None:
    sb.inject("sendmessage", faults.RetryAfter(7))  # method names are case-insensitive
    error = failure(sb, lambda bot: bot.send_message(ALICE, "提醒"))
    assert isinstance(error, RetryAfter)
    assert error.retry_after == dtm.timedelta(seconds=7)
    run(sb, lambda bot: bot.send_message(ALICE, "提醒"))  # only once by default
    assert [c.status for c in sb.calls("sendMessage")] == [429, 200]


def test_server_errors_raise_network_error(sb: Sandbox) -> None:
    sb.inject("sendMessage", faults.ServerError(), times=2)
    for _ in range(2):
        error = failure(sb, lambda bot: bot.send_message(ALICE, "提醒"))
        assert type(error) is NetworkError  # not BadRequest, its subclass
        assert "Bad Gateway" in str(error)
    sb.inject("sendMessage", faults.ServerError(500))
    assert type(failure(sb, lambda bot: bot.send_message(ALICE, "提醒"))) is NetworkError


def test_a_held_request_times_out_on_the_client(sb: Sandbox) -> None:
    sb.inject("sendMessage", faults.Timeout(30))  # stop() releases it; the test does not wait
    error = failure(sb, lambda bot: bot.send_message(ALICE, "提醒"), read_timeout=0.2)
    assert isinstance(error, TimedOut)
    assert [c.status for c in sb.calls("sendMessage")] == [0]
    assert sb.messages(ALICE) == []  # the lost call had no effect


def test_a_dropped_connection_is_a_network_error(sb: Sandbox) -> None:
    sb.inject("sendMessage", faults.Timeout(0.05))
    error = failure(sb, lambda bot: bot.send_message(ALICE, "提醒"))
    assert type(error) is NetworkError


def test_faults_can_target_one_chat(sb: Sandbox) -> None:
    sb.inject("sendMessage", faults.Forbidden(), chat_id=BOB)
    run(sb, lambda bot: bot.send_message(ALICE, "给林晓"))
    assert isinstance(failure(sb, lambda bot: bot.send_message(BOB, "给周文")), Forbidden)
    assert [m.text for m in sb.messages()] == ["给林晓"]


def test_a_user_who_blocked_the_bot_answers_forbidden_until_unblocked(sb: Sandbox) -> None:
    sb.block(ALICE)
    error = failure(sb, lambda bot: bot.send_message(ALICE, "提醒"))
    assert isinstance(error, Forbidden)
    assert "bot was blocked by the user" in str(error)
    sb.unblock(ALICE)
    run(sb, lambda bot: bot.send_message(ALICE, "提醒"))
    assert [m.text for m in sb.messages(ALICE)] == ["提醒"]


def test_a_user_who_never_wrote_cannot_be_messaged(sb: Sandbox) -> None:
    sb.add_user(1003, "吴敏")
    error = failure(sb, lambda bot: bot.send_message(1003, "你好"))
    assert isinstance(error, Forbidden)
    assert "can't initiate conversation" in str(error)


def test_the_global_rate_limit_answers_429_beyond_the_rate(sb: Sandbox) -> None:
    async def burst(bot: Bot) -> list[str]:
        sb.set_rate_limit(5)  # after the getMe of bot start-up
        results = []
        for n in range(7):
            try:
                await bot.send_message(ALICE, f"第{n}条")
                results.append("ok")
            except RetryAfter as error:
                assert error.retry_after == dtm.timedelta(seconds=1)
                results.append("429")
        await bot.get_updates(timeout=0)  # polling is exempt, as PTB's rate limiter exempts it
        return results

    assert run(sb, burst) == ["ok"] * 5 + ["429"] * 2
    assert [c.status for c in sb.calls("getUpdates")] == [200]
    sb.set_rate_limit(None)
    run(sb, lambda bot: bot.send_message(ALICE, "不再限速"))


def test_a_wrong_token_raises_invalid_token(sb: Sandbox) -> None:
    wrong = fake_token(7000000001)
    with pytest.raises(InvalidToken):  # raised by Bot.initialize's getMe
        run(sb, lambda bot: bot.get_me(), token=wrong)
    assert [(c.method, c.status) for c in sb.calls()] == [("getMe", 401)]


def test_strict_checks_answer_400_like_telegram() -> None:
    with Sandbox(token=TOKEN) as sandbox:
        sandbox.add_user(ALICE, "林晓")
        sandbox.send_text(ALICE, "/start")
        error = failure(sandbox, lambda bot: bot.send_message(ALICE, "x" * 4097))
        assert isinstance(error, BadRequest) and "too long" in str(error)
        assert len(sandbox.violations) == 1

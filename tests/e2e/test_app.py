"""The application as a whole: command menus per role and language, the error handler, and the
raw text of every message kept before anything reads it."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from telegram.ext import AIORateLimiter

from bot.sandbox import RetryAfter, ServerError
from db.models import InboundMessage
from tests.support.world import COORDINATOR, LIAISON, STRANGER, World

DEFAULT = json.dumps({"type": "default"}, separators=(",", ":"))


def chat_scope(chat_id: int) -> str:
    return json.dumps({"chat_id": chat_id, "type": "chat"}, sort_keys=True, separators=(",", ":"))


def names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


def test_menus_per_language_and_role(imported: World) -> None:
    menus = imported.sandbox.commands()
    liaison_menu = ["report", "myreports", "tasks", "pause", "help", "lang"]
    assert names(menus[(DEFAULT, "")]) == liaison_menu  # liaisons and strangers
    assert menus[(DEFAULT, "")][0]["description"] == "报送进展"
    assert menus[(DEFAULT, "en")][0]["description"] == "Report progress"
    # the coordinator's own chat got the coordinator menu when they first spoke to the bot
    coordinator = imported.sandbox.commands()[(chat_scope(COORDINATOR), "")]
    assert {"invite", "invites", "departments"} <= set(names(coordinator))

    imported.join(LIAISON, "区财政局")
    imported.say(LIAISON, "/lang en")
    liaison = imported.sandbox.commands()[(chat_scope(LIAISON), "")]
    assert names(liaison) == liaison_menu  # no coordinator command is offered
    assert liaison[0]["description"] == "Report progress"


def test_a_failure_is_logged_told_to_coordinators_and_apologised_for(imported: World) -> None:
    imported.join(LIAISON, "区财政局")
    imported.sandbox.inject("sendMessage", ServerError(502), chat_id=LIAISON)
    imported.say(LIAISON, "/tasks")  # the answer fails with a 502
    apology = imported.sandbox.last_message(LIAISON).text or ""
    assert "抱歉，处理您的消息时出了问题，已通知督办室" in apology
    notice = imported.sandbox.last_message(COORDINATOR).text or ""
    assert "/tasks" in notice and "NetworkError" in notice
    assert "Traceback" not in apology + notice


def test_every_message_is_kept_raw_even_from_strangers(imported: World) -> None:
    imported.say(STRANGER, "请问怎么加入？")
    imported.say(STRANGER, "请问怎么加入？")  # a second message with the same words is kept too
    with Session(imported.engine) as session:
        texts = session.exec(
            select(InboundMessage.text).where(InboundMessage.user_id == STRANGER)
        ).all()
    assert texts == ["请问怎么加入？", "请问怎么加入？"]


def test_a_button_from_an_older_release_is_answered_not_crashed_on(imported: World) -> None:
    anchor = imported.say(COORDINATOR, "/help")[-1]
    imported.forge(COORDINATOR, anchor, "v0:old:1")
    answers = imported.sandbox.callback_answers()
    assert "这个按钮已失效" in str(answers[-1])


def test_a_429_is_waited_out_and_the_answer_still_arrives(imported: World) -> None:
    imported.join(LIAISON, "区财政局")
    imported.sandbox.inject("sendMessage", RetryAfter(1), chat_id=LIAISON)
    reply = imported.say(LIAISON, "/help")[-1].text or ""
    assert reply.startswith("您可以")  # PTB's rate limiter waited retry_after and sent it again
    statuses = [c.status for c in imported.sandbox.calls("sendMessage")[-2:]]
    assert statuses == [429, 200]


def test_the_application_uses_the_office_time_zone_and_ptbs_rate_limiter(world: World) -> None:
    bot = world.bot.application.bot
    assert bot.defaults is not None and str(bot.defaults.tzinfo) == "Asia/Shanghai"
    assert isinstance(bot.rate_limiter, AIORateLimiter)
    assert bot.base_url == f"{world.sandbox.url}/bot{world.bot.application.bot.token}"

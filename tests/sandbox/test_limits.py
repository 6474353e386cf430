"""Strict checks: every Telegram limit a bot can break is answered 400 and recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.sandbox import Sandbox
from bot.sandbox.markup import MarkupError, parse_text, utf16_len
from tests.sandbox.test_bot_api import TOKEN, local_bot

ALICE = 1001
EMOJI = "📌"  # outside the BMP: two UTF-16 code units


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as sandbox:
        sandbox.add_user(ALICE, "林晓")
        sandbox.send_text(ALICE, "/start")
        yield sandbox


Attempt = Callable[[Bot], Awaitable[object]]


def outcomes(sb: Sandbox, *attempts: Attempt) -> list[str]:
    """Run each attempt with one PTB Bot; "ok" or the error's message for each."""

    async def main() -> list[str]:
        results = []
        async with local_bot(sb.url) as bot:
            for attempt in attempts:
                try:
                    await attempt(bot)
                    results.append("ok")
                except TelegramError as error:
                    results.append(error.message)
        return results

    return asyncio.run(main())


def buttons(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("选项", callback_data=d)] for d in data])


def test_text_length_is_counted_in_utf16_units(sb: Sandbox) -> None:
    assert utf16_len(EMOJI) == 2
    results = outcomes(
        sb,
        lambda bot: bot.send_message(ALICE, "督" * 4096),
        lambda bot: bot.send_message(ALICE, "办" * 4094 + EMOJI),
        lambda bot: bot.send_message(ALICE, "办" * 4095 + EMOJI),
        lambda bot: bot.send_message(ALICE, "x" * 4097),
    )
    assert results == ["ok", "ok", "Message is too long", "Message is too long"]
    assert sb.violations == [
        "sendMessage: Bad Request: message is too long (4097 UTF-16 units > 4096)",
        "sendMessage: Bad Request: message is too long (4097 UTF-16 units > 4096)",
    ]


def test_length_counts_the_text_after_markup_is_parsed(sb: Sandbox) -> None:
    tagged = "<b>" + "任" * 4096 + "</b>"
    assert outcomes(sb, lambda bot: bot.send_message(ALICE, tagged, parse_mode="HTML")) == ["ok"]
    assert sb.last_message(ALICE).text == "任" * 4096
    assert sb.violations == []


def test_callback_data_is_limited_to_64_bytes(sb: Sandbox) -> None:
    results = outcomes(
        sb,
        lambda bot: bot.send_message(ALICE, "选", reply_markup=buttons("v1:" + "任" * 20 + "x")),
        lambda bot: bot.send_message(ALICE, "选", reply_markup=buttons("v1:" + "任" * 20 + "xy")),
        lambda bot: bot.send_message(ALICE, "选", reply_markup=buttons("x" * 65)),
    )
    assert results == ["ok", "Button_data_invalid", "Button_data_invalid"]
    assert len(sb.violations) == 2
    assert "is 65 bytes" in sb.violations[0] and "is 65 bytes" in sb.violations[1]


def test_keyboards_with_too_many_buttons_or_bad_urls_are_refused(sb: Sandbox) -> None:
    many = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(n), callback_data=str(n)) for n in range(10)]] * 11
    )
    link = InlineKeyboardMarkup(
        [[InlineKeyboardButton("加入", url="https://t.me/duban_demo_bot?start=abc")]]
    )
    ftp = InlineKeyboardMarkup([[InlineKeyboardButton("下载", url="ftp://files.example.org/a")]])
    results = outcomes(
        sb,
        lambda bot: bot.send_message(ALICE, "多", reply_markup=many),
        lambda bot: bot.send_message(ALICE, "链接", reply_markup=link),
        lambda bot: bot.send_message(ALICE, "链接", reply_markup=ftp),
    )
    assert results[0] == "Reply markup is too long"
    assert results[1] == "ok"
    assert "unsupported url protocol" in results[2]  # PTB capitalizes: the rest is lower case
    assert len(sb.violations) == 2
    assert sb.messages(ALICE)[0].buttons[0][0].url == "https://t.me/duban_demo_bot?start=abc"


def test_empty_texts_long_captions_and_broken_html_are_refused(sb: Sandbox) -> None:
    results = outcomes(
        sb,
        lambda bot: bot.send_message(ALICE, "  \n"),
        lambda bot: bot.send_document(ALICE, b"data", filename="a.txt", caption="注" * 1025),
        lambda bot: bot.send_message(ALICE, "任务 <进行中>", parse_mode="HTML"),
        lambda bot: bot.send_message(ALICE, "<b>牵头单位", parse_mode="HTML"),
        lambda bot: bot.send_message(ALICE, "<b>一</i>", parse_mode="HTML"),
        lambda bot: bot.send_message(ALICE, "完成 80%.", parse_mode="MarkdownV2"),
    )
    assert results[0] == "Message text is empty"
    assert results[1] == "Message caption is too long"
    assert results[2].startswith("Can't parse entities: unsupported start tag")
    assert "can't find end tag" in results[3]
    assert "unmatched end tag" in results[4]
    assert "character '.' is reserved" in results[5]
    assert len(sb.violations) == 6


def test_unknown_chats_and_messages_that_are_not_the_bots_are_violations(sb: Sandbox) -> None:
    results = outcomes(
        sb,
        lambda bot: bot.send_message(424242, "谁"),
        lambda bot: bot.edit_message_text("改", chat_id=ALICE, message_id=1),  # Alice's /start
        lambda bot: bot.edit_message_text("改", chat_id=ALICE, message_id=99),
        lambda bot: bot.answer_callback_query("123"),
    )
    assert results == [
        "Chat not found",
        "Message can't be edited",
        "Message to edit not found",
        "Query is too old and response timeout expired or query id is invalid",
    ]
    assert [v.split(":")[0] for v in sb.violations] == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
        "answerCallbackQuery",
    ]


def test_command_menus_need_valid_commands_and_two_letter_languages(sb: Sandbox) -> None:
    results = outcomes(
        sb,
        lambda bot: bot.set_my_commands([BotCommand("tasks", "任务")], language_code="zh-hans"),
        lambda bot: bot.set_my_commands([BotCommand("Tasks!", "任务")]),
        lambda bot: bot.set_my_commands([BotCommand("tasks", "任务")], language_code="zh"),
    )
    assert results == ["Lang_code_invalid", "Bot_command_invalid", "ok"]
    assert len(sb.violations) == 2


def test_a_lenient_sandbox_records_violations_but_delivers() -> None:
    with Sandbox(token=TOKEN, strict=False) as sandbox:
        sandbox.add_user(ALICE, "林晓")
        sandbox.send_text(ALICE, "/start")
        assert outcomes(sandbox, lambda bot: bot.send_message(ALICE, "长" * 5000)) == ["ok"]
        assert len(sandbox.last_message(ALICE).text or "") == 5000
        assert len(sandbox.violations) == 1


def test_html_parses_to_plain_text_and_utf16_entities() -> None:
    text, entities = parse_text(
        f'{EMOJI}<b>任务</b> &lt;一&gt; <a href="https://t.me/x?a=1&amp;b=2">链接</a>'
        '<pre><code class="language-python">x</code></pre>',
        "HTML",
    )
    assert text == f"{EMOJI}任务 <一> 链接x"
    assert entities == [
        {"type": "bold", "offset": 2, "length": 2},
        {"type": "text_link", "offset": 9, "length": 2, "url": "https://t.me/x?a=1&b=2"},
        {"type": "pre", "offset": 11, "length": 1, "language": "python"},
    ]


def test_markdown_v2_and_legacy_markdown_parse_or_say_where_they_fail() -> None:
    text, entities = parse_text(r"*重点* 任务 \(3\) [详情](https://t.me/x) `a.b`", "MarkdownV2")
    assert text == "重点 任务 (3) 详情 a.b"
    assert [e["type"] for e in entities] == ["bold", "text_link", "code"]
    with pytest.raises(MarkupError, match="Can't find end of Bold entity at byte offset 0"):
        parse_text("*未闭合", "MarkdownV2")
    assert parse_text("*重点* _注意_", "Markdown") == (
        "重点 注意",
        [{"type": "bold", "offset": 0, "length": 2}, {"type": "italic", "offset": 3, "length": 2}],
    )
    with pytest.raises(MarkupError, match="byte offset 3"):
        parse_text("任*务", "Markdown")
    with pytest.raises(MarkupError, match="unsupported parse_mode"):
        parse_text("x", "BBCode")

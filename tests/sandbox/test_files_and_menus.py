"""Files, command menus, webhooks and groups, through a real ``telegram.Bot``."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import Conflict

from bot.sandbox import Sandbox
from tests.sandbox.test_bot_api import ALICE, TOKEN, run


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as sandbox:
        sandbox.add_user(ALICE, "林晓")
        yield sandbox
        assert sandbox.violations == []


def test_an_uploaded_document_downloads_byte_for_byte(sb: Sandbox) -> None:
    content = bytes(range(256)) * 40 + "任务清单\r\n--boundary".encode()
    sb.upload_document(ALICE, '2024年"重点"任务.docx', content, caption="请导入")

    async def work(bot: Bot) -> tuple[str | None, str | None, bytes]:
        message = (await bot.get_updates(timeout=0))[0].message
        assert message is not None and message.document is not None
        assert message.caption == "请导入" and message.document.file_size == len(content)
        file = await message.document.get_file()
        assert file.file_path is not None and "/documents/file_1.docx" in file.file_path
        return (
            message.document.file_name,
            message.document.mime_type,
            bytes(await file.download_as_bytearray()),
        )

    name, mime, downloaded = run(sb, work)
    assert name == '2024年"重点"任务.docx'
    assert mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert downloaded == content


def test_documents_and_photos_the_bot_sends_are_stored(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/invites")
    workbook = b"PK\x03\x04" + bytes(range(200))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 360) + b"\x08\x02"

    async def work(bot: Bot) -> tuple[str, int, int]:
        document = await bot.send_document(
            ALICE, workbook, filename="邀请链接.xlsx", caption="各单位邀请链接"
        )
        assert document.document is not None
        again = await bot.send_document(ALICE, document.document.file_id)  # resend by file_id
        assert again.document is not None and again.document.file_id == document.document.file_id
        photo = await bot.send_photo(ALICE, png)
        return document.document.file_id, photo.photo[-1].width, photo.photo[-1].height

    file_id, width, height = run(sb, work)
    first, _, picture = sb.messages(ALICE)
    assert first.document is not None and first.document.file_id == file_id
    assert (first.document.file_name, first.text) == ("邀请链接.xlsx", "各单位邀请链接")
    assert (
        first.document.mime_type
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert sb.file_bytes(first.document) == workbook
    assert picture.photo is not None and sb.file_bytes(picture.photo) == png
    assert (width, height) == (640, 360)


def test_commands_are_kept_per_scope_and_language(sb: Sandbox) -> None:
    sb.send_text(ALICE, "/start")

    async def work(bot: Bot) -> tuple[list[str], list[str]]:
        await bot.set_my_commands(
            [BotCommand("tasks", "我的任务"), BotCommand("help", "帮助")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code="zh",
        )
        await bot.set_my_commands(
            [BotCommand("tasks", "My tasks")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code="en",
        )
        await bot.set_my_commands(
            [BotCommand("invite", "生成邀请")], scope=BotCommandScopeChat(ALICE)
        )
        await bot.set_my_commands([BotCommand("gone", "将被删除")])
        await bot.delete_my_commands()
        zh = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="zh")
        en = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="en")
        return [c.command for c in zh], [c.description for c in en]

    assert run(sb, work) == (["tasks", "help"], ["My tasks"])
    menus = sb.commands()
    assert set(menus) == {
        ('{"type":"all_private_chats"}', "zh"),
        ('{"type":"all_private_chats"}', "en"),
        (f'{{"chat_id":{ALICE},"type":"chat"}}', ""),
    }
    assert menus[(f'{{"chat_id":{ALICE},"type":"chat"}}', "")] == [
        {"command": "invite", "description": "生成邀请"}
    ]


def test_a_webhook_blocks_polling_until_deleted_and_can_drop_pending_updates(sb: Sandbox) -> None:
    sb.send_text(ALICE, "早")

    async def work(bot: Bot) -> tuple[str, int, int]:
        await bot.set_webhook("https://duban.example.org/hook")
        info = await bot.get_webhook_info()
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook(drop_pending_updates=True)
        return info.url, info.pending_update_count, len(await bot.get_updates(timeout=0))

    assert run(sb, work) == ("https://duban.example.org/hook", 1, 0)


def test_groups_delete_and_chat_actions(sb: Sandbox) -> None:
    sb.add_group(-100123, "督办工作群")
    sb.send_text(ALICE, "/digest@duban_demo_bot", chat_id=-100123)

    async def work(bot: Bot) -> tuple[str, str | None, int]:
        message = (await bot.get_updates(timeout=0))[0].message
        assert message is not None
        sent = await bot.send_message(-100123, "本周汇总")
        await bot.send_chat_action(-100123, "typing")
        notice = await bot.send_message(-100123, "临时通知")
        await bot.delete_message(-100123, notice.message_id)
        return message.chat.type, message.chat.title, sent.message_id

    assert run(sb, work) == ("group", "督办工作群", 2)
    assert [m.text for m in sb.messages(-100123)] == ["本周汇总"]
    assert [m.text for m in sb.history(-100123)] == ["/digest@duban_demo_bot", "本周汇总"]

"""A liaison's photos and files end to end: kept with the raw log (file_id, name, size, MIME
type, caption) and acknowledged, never refused as a coordinator's import; the coordinator lists a
department's files with /files and has the bot send any of them again, by its file_id. A
stranger's file is kept in the raw log too, but they are told to join first: it belongs to no
department the office could look at. Also: a command the bot does not know."""

from __future__ import annotations

import struct
import zlib

from sqlmodel import Session, col, func, select

from bot.sandbox import ServerError
from db.models import InboundMessage, Submission, Upload
from tests.support.world import COORDINATOR, LIAISON, LIAISON_2, STRANGER, World

KEPT = "已收到并保存，督办室可以查看。"
WORD = b"PK\x03\x04 an invented report, not a notice"


def png(width: int = 64, height: int = 48) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def kept_files(world: World, user: int) -> list[InboundMessage]:
    with Session(world.engine) as session:
        return list(
            session.exec(
                select(InboundMessage)
                .where(InboundMessage.user_id == user, col(InboundMessage.file_id).is_not(None))
                .order_by(col(InboundMessage.id))
            ).all()
        )


def count(world: World, table: type) -> int:
    with Session(world.engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_a_liaisons_photo_and_word_file_are_kept_and_acknowledged(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    uploads = count(imported, Upload)

    said = imported.photo(LIAISON, png(), caption="二.1 现场推进照片")
    assert [m.text for m in said] == [KEPT]
    said = imported.upload(LIAISON, "上半年工作总结.docx", WORD)
    assert [m.text for m in said] == [KEPT]
    assert not any("仅限督办室" in (m.text or "") for m in imported.sandbox.messages(LIAISON))

    photo, document = kept_files(imported, LIAISON)
    assert (photo.file_kind, photo.text, photo.file_name) == ("photo", "二.1 现场推进照片", None)
    assert photo.file_size == len(png()) and photo.file_unique_id
    assert (document.file_kind, document.file_name, document.file_size) == (
        "document",
        "上半年工作总结.docx",
        len(WORD),
    )
    assert document.file_id and document.file_id != photo.file_id
    # nothing imported or read as a report: a file is not a coordinator's notice
    assert count(imported, Upload) == uploads and count(imported, Submission) == 0


def test_the_coordinator_lists_a_departments_files_and_fetches_each(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    imported.join(LIAISON_2, "区商务委")
    imported.photo(LIAISON, png(), caption="专利授权证书")
    imported.clock.advance(hours=2)
    imported.upload(LIAISON, "上半年工作总结.docx", WORD)
    imported.upload(LIAISON_2, "商务委材料.docx", WORD)  # another department's: not listed

    listing = imported.say(COORDINATOR, "/files 科技局")[-1]  # a partial name, as /invite
    text = listing.text or ""
    assert text.startswith("📎 区科技局的联络员发来的文件（共 2 个，最新的在前）")
    lines = text.splitlines()
    assert lines[2].startswith("1. 2026年6月1日（周一）11:00 · 李娜 · 📄 上半年工作总结.docx")
    assert lines[3].startswith("2. 2026年6月1日（周一）09:00 · 李娜 · 🖼 照片")
    assert lines[4].strip() == "专利授权证书"  # the caption, kept as text
    assert "商务委材料" not in text
    assert listing.button_texts() == ["1. 获取 上半年工作总结.docx", "2. 获取 照片"]

    sent = imported.press(COORDINATOR, listing, "1. 获取 上半年工作总结.docx")
    document = sent[-1]
    assert document.document is not None and document.document.file_name == "上半年工作总结.docx"
    assert imported.sandbox.file_bytes(document.document) == WORD  # the very file, by file_id
    assert (document.text or "").startswith("区科技局 · 李娜 · 2026年6月1日（周一）11:00")

    photo = imported.press(COORDINATOR, listing, "2. 获取 照片")[-1]
    assert photo.photo is not None and imported.sandbox.file_bytes(photo.photo) == png()
    assert (photo.text or "").endswith("\n专利授权证书")
    sends = [c.params for c in imported.sandbox.calls("sendDocument")]
    assert sends and all(isinstance(p.get("document"), str) for p in sends)  # file_id, no upload


def test_a_voice_note_is_kept_listed_and_sent_back_as_a_voice_note(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    voice = b"OggS" + bytes(6000)
    assert [m.text for m in imported.voice(LIAISON, voice)] == [KEPT]
    [row] = kept_files(imported, LIAISON)
    assert (row.file_kind, row.mime_type, row.file_size) == ("voice", "audio/ogg", len(voice))
    listing = imported.say(COORDINATOR, "/files 区科技局")[-1]
    assert "🎤 语音" in (listing.text or "")
    sent = imported.press(COORDINATOR, listing, "1. 获取 语音")[-1]
    # the sandbox, like Telegram, takes a voice note's file_id only in sendVoice
    assert sent.voice is not None and imported.sandbox.file_bytes(sent.voice) == voice


def test_files_is_paged_and_says_when_there_are_none(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    assert "区财政局的联络员还没有发来文件或照片" in (
        imported.say(COORDINATOR, "/files 区财政局")[-1].text or ""
    )
    assert "用法：/files 单位名称" in (imported.say(COORDINATOR, "/files")[-1].text or "")
    for n in range(12):
        imported.upload(LIAISON, f"材料{n:02d}.docx", WORD)
    first = imported.say(COORDINATOR, "/files 区科技局")[-1]
    assert "共 12 个" in (first.text or "")
    assert first.button_texts()[-2:] == ["1/2", "▶"] and len(first.buttons) == 11
    second = imported.press(COORDINATOR, first, "▶")[-1]
    assert second.message_id == first.message_id
    assert (second.text or "").count("材料") == 2 and "11. " in (second.text or "")
    assert "材料00.docx" in (second.text or "")  # the oldest, last


def test_a_strangers_file_is_kept_but_they_are_told_to_join_first(imported: World) -> None:
    said = imported.upload(STRANGER, "材料.docx", WORD)
    assert len(said) == 1 and "请先点开督办室发给您的邀请链接" in (said[0].text or "")
    assert KEPT not in (said[0].text or "")
    assert [row.file_name for row in kept_files(imported, STRANGER)] == ["材料.docx"]


def test_an_english_liaison_is_acknowledged_in_english(imported: World) -> None:
    imported.join(LIAISON_2, "区商务委")
    said = imported.photo(LIAISON_2, png())
    assert [m.text for m in said] == ["Received and kept; the office can see it."]


def test_the_coordinators_document_is_still_a_notice_import(imported: World) -> None:
    said = imported.upload(COORDINATOR, "notice.txt", "一、\n1. 无\n".encode())
    assert not any(KEPT in (m.text or "") for m in said)
    assert any("notice.txt" in (m.text or "") for m in said)  # read as a notice


def test_an_unknown_command_is_not_stored_as_a_report(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    said = imported.say(LIAISON, "/foo 二.1 已完成")
    assert [m.text for m in said] == ["没有这个命令：/foo。发送 /help 查看可以使用的命令。"]
    assert count(imported, Submission) == 0
    english = imported.say(LIAISON_2, "/frobnicate")  # not joined: a stranger, in English
    assert [m.text for m in english] == [
        "There is no command /frobnicate. Send /help to see what you can use."
    ]
    coordinator = imported.say(COORDINATOR, "/sumary")
    assert "没有这个命令：/sumary" in (coordinator[-1].text or "")


def test_a_file_telegram_no_longer_sends_is_explained(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    imported.upload(LIAISON, "总结.docx", WORD)
    listing = imported.say(COORDINATOR, "/files 区科技局")[-1]
    imported.sandbox.inject("sendDocument", ServerError(502), chat_id=COORDINATOR)
    said = imported.press(COORDINATOR, listing, "1. 获取 总结.docx")
    assert said[-1].text == "Telegram 未能再次发送这个文件（可能已失效），请联络员重新发送。"

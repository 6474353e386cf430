"""The token a sandbox accepts (any well-formed one when started without one, as the README
says for ``duban sandbox``), and a photo a user sends, through a real ``telegram.Bot``."""

from __future__ import annotations

import struct
import zlib

import pytest
from telegram import Bot
from telegram.error import BadRequest, InvalidToken

from bot.sandbox import Sandbox
from tests.sandbox.test_faults import run
from tests.support.tokens import fake_token

ALICE = 1001


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_without_a_token_it_accepts_any_well_formed_one() -> None:
    with Sandbox() as sb:
        chosen = fake_token(123456789)  # what a reader of the README makes up
        me = run(sb, lambda bot: bot.get_me(), token=chosen)
        assert me.is_bot
        other = fake_token(987654321)
        assert run(sb, lambda bot: bot.get_me(), token=other).is_bot


@pytest.mark.parametrize(
    "token", ["123456789:short", "no-colon-at-all-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_without_a_token_it_still_refuses_a_malformed_one(token: str) -> None:
    with Sandbox() as sb:
        with pytest.raises(InvalidToken):
            run(sb, lambda bot: bot.get_me(), token=token)
        assert [(c.method, c.status) for c in sb.calls()] == [("getMe", 401)]


def test_started_with_a_token_it_accepts_only_that_one() -> None:
    mine = fake_token(7000000001)
    with Sandbox(token=mine) as sb:
        assert run(sb, lambda bot: bot.get_me(), token=mine).is_bot
        with pytest.raises(InvalidToken):
            run(sb, lambda bot: bot.get_me(), token=fake_token(7000000001))


def test_a_photo_a_user_sends_arrives_with_its_size_and_caption_and_can_be_sent_back() -> None:
    token = fake_token()
    with Sandbox(token=token) as sb:
        sb.add_user(ALICE, "林晓")
        sb.upload_photo(ALICE, _png(640, 480), caption="现场照片")

        async def work(bot: Bot) -> tuple[int, int, str | None]:
            message = (await bot.get_updates(timeout=0))[0].message
            assert message is not None and message.photo
            photo = message.photo[-1]
            await bot.send_photo(ALICE, photo.file_id, caption="转发")  # by file_id
            return photo.width, photo.height, message.caption

        assert run(sb, work, token=token) == (640, 480, "现场照片")
        sent = sb.last_message(ALICE)
        assert sent.photo is not None and sent.text == "转发"
        assert sb.violations == []


def test_a_voice_note_arrives_and_a_file_id_is_only_good_for_its_own_kind() -> None:
    token = fake_token()
    with Sandbox(token=token) as sb:
        sb.add_user(ALICE, "林晓")
        sb.upload_voice(ALICE, b"OggS" + bytes(8000), caption="语音汇报")

        async def work(bot: Bot) -> tuple[object, str | None, str]:
            message = (await bot.get_updates(timeout=0))[0].message
            assert message is not None and message.voice is not None
            voice = message.voice
            await bot.send_voice(ALICE, voice.file_id, caption="转发")
            try:
                await bot.send_document(ALICE, voice.file_id)
            except BadRequest as exc:
                return voice.duration, message.caption, exc.message
            raise AssertionError("a voice file_id was accepted as a document")

        duration, caption, refusal = run(sb, work, token=token)
        assert duration and caption == "语音汇报"
        assert refusal == "Can't use file of type voice as document"
        assert sb.last_message(ALICE).voice is not None

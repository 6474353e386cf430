"""Hostile files sent to the bot: one sentence each, nothing kept, and everyone else is answered
while such a file is being read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, func, select

import handlers.imports
from bot.importer import guard
from db.models import Plan, Upload
from tests.importer import hostile
from tests.support.world import COORDINATOR, LIAISON, World

BOMB_MB = guard.MAX_UNPACKED_BYTES // guard.MB + 10  # just past the limit: quick to build


def count(world: World, model: type) -> int:
    with Session(world.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize(
    ("name", "build", "words"),
    [
        ("合并.xlsx", hostile.whole_sheet_merge_xlsx, "A1:XFD1048576"),
        ("炸弹.xlsx", lambda: hostile.xlsx_bomb(BOMB_MB), "压缩炸弹"),
        ("炸弹.docx", lambda: hostile.docx_bomb(BOMB_MB), "压缩炸弹"),
        ("嵌套.docx", lambda: hostile.nested_tables_docx(60), "嵌套超过 40 层"),
    ],
)
def test_a_hostile_file_gets_one_sentence_and_nothing_is_kept(
    world: World, name: str, build: Callable[[], bytes], words: str
) -> None:
    reply = world.upload(COORDINATOR, name, build())[-1]
    text = reply.text or ""
    assert words in text and name in text
    assert "文件未导入，数据库没有变化" in text
    assert count(world, Upload) == 0 and count(world, Plan) == 0


def test_others_are_answered_while_a_file_is_being_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's reading is held at a gate until another user's /help has been answered."""
    reading, release = threading.Event(), threading.Event()
    real = handlers.imports.read_notice

    def held(*args: Any, **kwargs: Any) -> Any:
        reading.set()
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(handlers.imports, "read_notice", held)
    upload = world.sandbox.upload_document(
        COORDINATOR, "合并.xlsx", hostile.whole_sheet_merge_xlsx()
    )
    assert reading.wait(15)  # the bot has started reading the file
    try:
        answer = world.say(LIAISON, "/help")[-1]
        assert "督办机器人" in (answer.text or "")  # an unbound user's /help
        assert upload not in world.bot.application.done  # the file is still being read
    finally:
        release.set()
    world.bot.wait_processed(upload)
    refusal = world.sandbox.messages(COORDINATOR)[-1]
    assert "A1:XFD1048576" in (refusal.text or "")
    assert count(world, Upload) == 0

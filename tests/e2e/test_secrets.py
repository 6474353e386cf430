"""The bot token never reaches a log or the terminal, even at DEBUG level and through errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.logs import setup_logging, teardown_logging
from bot.sandbox import Sandbox, ServerError
from tests.support.tokens import fake_token
from tests.support.world import COORDINATOR, LIAISON, TOKEN, start_world, stop_world

SECRET_HALF = TOKEN.partition(":")[2]


def test_no_token_in_the_log_of_a_session_with_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "bot.log"
    handlers = setup_logging(secrets=[TOKEN], log_file=log_file, level=logging.DEBUG)
    try:
        world = start_world(tmp_path)
        try:
            world.import_sample()
            world.sandbox.inject("sendMessage", ServerError(502), chat_id=LIAISON)
            world.say(LIAISON, "/help")  # the reply fails: the error handler logs a traceback
            notice = world.sandbox.last_message(COORDINATOR).text or ""
            assert "出错" in notice  # the coordinators were told
        finally:
            stop_world(world)
    finally:
        teardown_logging(handlers)
    written = log_file.read_text(encoding="utf-8")
    out, err = capfd.readouterr()
    # the log did record token-bearing material: PTB logs its API URL, httpx every request
    assert "Traceback" in written and "<token>" in written
    for text in (written, out, err):
        assert TOKEN not in text
        assert SECRET_HALF not in text


def test_a_rejected_token_is_reported_without_echoing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = fake_token()
    with Sandbox(token=TOKEN).start() as sandbox:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[telegram]\napi_url = "{sandbox.url}"\n[database]\nurl = "sqlite:///{tmp_path}/d.db"\n',
            encoding="utf-8",
        )
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("DUBAN_BOT_TOKEN", wrong)
        code = main(["run", "--config", str(config)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "拒绝了这个令牌" in err
    log = (tmp_path / "data" / "duban.log").read_text(encoding="utf-8")
    for text in (out, err, log):
        assert wrong not in text and wrong.partition(":")[2] not in text

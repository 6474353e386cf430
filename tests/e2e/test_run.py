"""`duban run` as an operator starts it: a separate process, polling a Bot API server over HTTP
(here the sandbox, as any self-hosted server would be), stopped with Ctrl+C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.sandbox import Sandbox
from tests.support.world import STRANGER, TOKEN


def test_run_answers_messages_sent_while_it_was_down(tmp_path: Path) -> None:
    with Sandbox(token=TOKEN).start() as sandbox:
        sandbox.add_user(STRANGER, "陈晨")
        sandbox.send_text(STRANGER, "/start")  # before the bot is up: must not be dropped
        config = tmp_path / "config.toml"
        config.write_text(
            f'[telegram]\napi_url = "{sandbox.url}"\n'
            f'[database]\nurl = "sqlite:///{tmp_path / "duban.sqlite3"}"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "DUBAN_BOT_TOKEN": TOKEN}
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli.main", "run", "--config", str(config)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            sandbox.wait_for(lambda: bool(sandbox.messages(STRANGER)), timeout=60)
        finally:
            bot.send_signal(signal.SIGINT)
            out, err = bot.communicate(timeout=60)
        assert "请向督办室索取本单位的邀请链接" in (sandbox.last_message(STRANGER).text or "")
        assert sandbox.violations == []
    assert bot.returncode == 0, err
    assert "机器人启动中" in err
    log = (tmp_path / "data" / "duban.log").read_text(encoding="utf-8")
    assert "duban is running as @duban_demo_bot" in log
    for text in (out, err, log):
        assert TOKEN not in text

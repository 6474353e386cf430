"""The issue's restart acceptance, with a real process: `duban run` fans a reminder out to 300
liaisons through a rate-limited sandbox, is killed with SIGKILL half-way, and started again.
Every liaison ends up with the reminder, at most one of them twice (the message that was in
flight when the process died), and the ledger has nothing left pending or sending.

The clock is real here, so the settings make a reminder owed *now*, whatever the date: the
deadline is tomorrow (office time), reminders go out one day before at 00:00, today and the
days around it are working days, and there are no quiet hours.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from bot.importer.model import ParsedDeadline
from bot.sandbox import Sandbox
from db import deliveries
from db.engine import make_engine
from db.enums import DeliveryStatus
from db.schema import upgrade
from tests.db.factories import bind_liaison, make_plan, store
from tests.support.world import COORDINATOR, TOKEN

LIAISONS = 300
FIRST_USER = 4_300_001
DEPARTMENTS = ("区科技局", "区财政局", "区商务委", "区住房城乡建委", "区城市管理局")
RATE = 30  # messages a second, Telegram's limit, in the sandbox too
KILL_AFTER = 100  # reminders received before the first process is killed
TIMEOUT = 90.0


def users() -> range:
    return range(FIRST_USER, FIRST_USER + LIAISONS)


def open_chats(sandbox: Sandbox) -> None:
    """Every user writes to the bot once (a private chat exists only then); those updates are
    confirmed with getUpdates, as an earlier run of the bot would have, so none is pending."""
    last = 0
    for user in (COORDINATOR, *users()):
        sandbox.add_user(user, f"联络员{user - FIRST_USER:03d}")
        last = sandbox.send_text(user, "/start")
    answer = httpx.post(
        f"{sandbox.url}/bot{TOKEN}/getUpdates", json={"offset": last + 1, "timeout": 0}
    )
    assert answer.json() == {"ok": True, "result": []}


def prepare_database(path: Path, today: datetime) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    tomorrow = today.date() + timedelta(days=1)
    store(engine, make_plan(deadlines=[ParsedDeadline("本期", tomorrow)]), now=today)
    for index, user in enumerate(users()):
        bind_liaison(engine, DEPARTMENTS[index % len(DEPARTMENTS)], user, now=today)
    return engine


def write_config(folder: Path, sandbox: Sandbox, engine: Engine, today: datetime) -> Path:
    days = ", ".join(str(today.date() + timedelta(days=n)) for n in range(-2, 3))
    config = folder / "config.toml"
    config.write_text(
        f'[telegram]\napi_url = "{sandbox.url}"\n'
        f'[database]\nurl = "{engine.url}"\n'
        f"[roles]\ncoordinators = [{COORDINATOR}]\n"
        f"[calendar]\nworkdays = [{days}]\n"
        "[reminders]\n"
        'days_before = [1]\ntime = "00:00"\nquiet_start = "00:00"\nquiet_end = "00:00"\n'
        "after_max = 0\nescalate = false\ntick_seconds = 5\n"
        # the real clock may be in the coordinators' digest slot: keep the ledger to reminders
        "[digest]\nenabled = false\n",
        encoding="utf-8",
    )
    return config


def start_bot(folder: Path, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "run", "--config", str(config)],
        cwd=folder,
        env={**os.environ, "DUBAN_BOT_TOKEN": TOKEN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def received(sandbox: Sandbox) -> Counter[int]:
    """Reminders per liaison so far (the bot wrote nothing else to them)."""
    first, last = FIRST_USER, FIRST_USER + LIAISONS
    return Counter(m.chat_id for m in sandbox.messages() if first <= m.chat_id < last)


def ledger(engine: Engine) -> dict[DeliveryStatus, int]:
    with Session(engine) as session:
        return {s: n for s, n in deliveries.counts(session=session).items() if n}


def wait_until_settled(engine: Engine, timeout: float) -> dict[DeliveryStatus, int]:
    """Poll the ledger (a file another process writes) until nothing is owed or in flight."""
    deadline = time.monotonic() + timeout
    while True:
        counts = ledger(engine)
        if not counts.get(DeliveryStatus.PENDING) and not counts.get(DeliveryStatus.SENDING):
            return counts
        if time.monotonic() > deadline:
            raise AssertionError(f"the ledger did not settle in {timeout} s: {counts}")
        time.sleep(0.1)


def test_kill_9_mid_fanout_then_restart_sends_everyone_once(tmp_path: Path) -> None:
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    with Sandbox(token=TOKEN).start() as sandbox:
        open_chats(sandbox)
        engine = prepare_database(tmp_path / "duban.sqlite3", today)
        config = write_config(tmp_path, sandbox, engine, today)
        sandbox.set_rate_limit(RATE)
        try:
            first = start_bot(tmp_path, config)
            try:
                sandbox.wait_for(lambda: received(sandbox).total() >= KILL_AFTER, TIMEOUT)
            finally:
                first.send_signal(signal.SIGKILL)
                first.communicate(timeout=30)
            at_kill = received(sandbox).total()
            left = ledger(engine)
            assert at_kill < LIAISONS, "the fan-out ended before the kill; slow the sandbox"
            assert left.get(DeliveryStatus.PENDING, 0) + left.get(DeliveryStatus.SENDING, 0) > 0

            second = start_bot(tmp_path, config)
            try:
                sandbox.wait_for(lambda: len(received(sandbox)) == LIAISONS, TIMEOUT)
                settled = wait_until_settled(engine, TIMEOUT)
            finally:
                second.send_signal(signal.SIGINT)
                _, err = second.communicate(timeout=60)
            assert second.returncode == 0, err
        finally:
            engine.dispose()
        per_liaison = received(sandbox)
        assert sandbox.violations == []
    assert set(per_liaison) == set(users())  # nobody lost
    twice = [user for user, count in per_liaison.items() if count > 1]
    assert len(twice) <= 1, f"more than the one message in flight went out twice: {twice}"
    assert max(per_liaison.values()) <= 2
    assert settled == {DeliveryStatus.SENT: LIAISONS}

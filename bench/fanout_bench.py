"""Reminder fan-out: 1,000 liaisons owed the same slot, one tick, Telegram's 30 messages/s.

The real application (``bot.cli.live.LiveBot`` over ``bot.app.build_application``, PTB's
``AIORateLimiter`` included) polls a local sandbox (``bot.sandbox.Sandbox``) over HTTP; the
sandbox answers 429 to anything beyond ``--rate`` calls a second, as Telegram would. The
database is a temporary SQLite file holding a small invented plan (tests/db/factories) whose
上半年 deadline is 14 days after the bot's clock, and N liaisons spread over its departments,
each of whom has written to the bot once (so their private chat exists).

A run: the bot starts with its clock before the slot (nothing owed), then the clock is moved
to the slot and the tick is fired once by hand; the tick enqueues the N reminders and drains
them. Timed from the tick to its end (``tick s``, the figure to read) and from the first to the
last message the sandbox accepted (``send s``). Afterwards: 429s the sandbox sent, liaisons with
no reminder (lost) and with more than one (duplicates), and the ledger's statuses.

Usage: ``.venv/bin/python -m bench.fanout_bench [--n 1000] [--rate 30] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import telegram
from rich.console import Console
from sqlmodel import Session

from bot.cli.live import LiveBot
from bot.importer.model import ParsedDeadline
from bot.sandbox import Sandbox
from bot.settings import Settings
from db import deliveries
from db.engine import make_engine
from db.schema import upgrade
from scheduler import sender
from scheduler.jobs import JOB_ID
from tests.db.factories import bind_liaison, make_plan, store
from tests.support.tokens import fake_token
from tests.support.world import COORDINATOR, Clock

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
FIRST_USER = 6_000_001
DEPARTMENTS = ("区科技局", "区财政局", "区商务委", "区住房城乡建委", "区城市管理局")
DEADLINE = date(2026, 7, 10)  # a Friday; 2026 is a year chinese-calendar knows
BEFORE = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)  # nothing owed yet
SLOT = datetime(2026, 6, 26, 1, 0, tzinfo=UTC)  # 09:00 in Beijing, 14 days before
TICK_TIMEOUT_S = 600.0


def open_chats(sandbox: Sandbox, token: str, users: range) -> None:
    """Each user writes once (a private chat exists only then); the updates are confirmed with
    getUpdates so that the bot under test does not spend the run answering them."""
    last = 0
    for user in (COORDINATOR, *users):
        sandbox.add_user(user, f"联络员{user - FIRST_USER:04d}")
        last = sandbox.send_text(user, "/start")
    httpx.post(f"{sandbox.url}/bot{token}/getUpdates", json={"offset": last + 1, "timeout": 0})


def run(n: int, rate: float, concurrency: int | None) -> dict[str, Any]:
    token = fake_token()
    users = range(FIRST_USER, FIRST_USER + n)
    with tempfile.TemporaryDirectory(prefix="duban-fanout-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'duban.sqlite3'}")
        upgrade(engine)
        store(engine, make_plan(deadlines=[ParsedDeadline("上半年", DEADLINE)]), now=BEFORE)
        for index, user in enumerate(users):
            bind_liaison(engine, DEPARTMENTS[index % len(DEPARTMENTS)], user, now=BEFORE)
        with Sandbox(token=token).start() as sandbox:
            open_chats(sandbox, token, users)
            settings = Settings.model_validate(
                {
                    "telegram": {"api_url": sandbox.url},
                    "database": {"url": str(engine.url)},
                    "roles": {"coordinators": [COORDINATOR]},
                    "reminders": {"tick_seconds": 3600},  # only the tick fired below
                }
            )
            clock = Clock(BEFORE)
            if concurrency is not None:
                sender.CONCURRENCY = concurrency
            with LiveBot(settings, token=token, engine=engine, clock=clock) as bot:
                sandbox.wait_for(sandbox.polling, timeout=30)
                sandbox.set_rate_limit(rate)
                calls_before = len(sandbox.calls())
                clock.now = SLOT
                started = time.perf_counter()
                bot.run_jobs_now(JOB_ID, timeout=TICK_TIMEOUT_S)
                tick_s = time.perf_counter() - started
            calls = sandbox.calls()[calls_before:]
            per_chat = Counter(m.chat_id for m in sandbox.messages() if m.chat_id in users)
            violations = list(sandbox.violations)
        with Session(engine) as session:
            ledger = {str(s): c for s, c in deliveries.counts(session=session).items() if c}
        engine.dispose()
    accepted = [c.at for c in calls if c.method == "sendMessage" and c.status == 200]
    send_s = max(accepted) - min(accepted) if len(accepted) > 1 else 0.0
    return {
        "n": n,
        "limit_per_s": rate,
        "concurrency": concurrency or sender.CONCURRENCY,
        "tick_s": round(tick_s, 2),
        "send_s": round(send_s, 2),
        "sent": len(accepted),
        "rate_per_s": round(len(accepted) / tick_s, 2),
        "share_of_limit": round(len(accepted) / tick_s / rate, 3),
        "send_rate_per_s": round((len(accepted) - 1) / send_s, 2) if send_s else None,
        "http_429": sum(1 for c in calls if c.status == 429),
        "lost": sum(1 for user in users if per_chat[user] == 0),
        "duplicates": sum(1 for user in users if per_chat[user] > 1),
        "ledger": ledger,
        "violations": violations[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=1000, help="liaisons (default 1000)")
    parser.add_argument("--rate", type=float, default=30, help="sandbox limit, calls/s (30)")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="sends in flight (default: the sender's)"
    )
    parser.add_argument("--json", action="store_true", help="write bench/out/fanout-<stamp>.json")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    if args.n < 1 or args.rate <= 0:
        parser.error("--n must be at least 1 and --rate positive")

    console = Console()
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "ptb": telegram.__version__,
        "sqlite": sqlite3.sqlite_version,
    }
    result = run(args.n, args.rate, args.concurrency)
    console.print(
        f"fan-out benchmark {meta['date']} — {meta['cpus']} cores, Python {meta['python']}, "
        f"PTB {meta['ptb']}, SQLite {meta['sqlite']}"
    )
    console.print(
        f"N={result['n']} limit={result['limit_per_s']:g}/s concurrency={result['concurrency']}: "
        f"tick {result['tick_s']} s → {result['rate_per_s']} msgs/s = "
        f"{result['share_of_limit']:.1%} of the limit (aim ≥ 90%); first→last send "
        f"{result['send_s']} s ({result['send_rate_per_s']} msgs/s)"
    )
    console.print(
        f"429s {result['http_429']}, lost {result['lost']}, duplicates {result['duplicates']} "
        f"(aim 0 and 0); ledger {result['ledger']}"
    )
    if args.json:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = args.out / f"fanout-{stamp}.json"
        path.write_text(json.dumps({**meta, **result}, indent=2), encoding="utf-8")
        console.print(f"wrote {path}")
    failed = result["lost"] or result["duplicates"] or result["violations"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

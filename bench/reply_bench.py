"""Progress-reply throughput: duban against a bare python-telegram-bot echo bot, same sandbox.

Both bots poll ONE local sandbox (``bot.sandbox.Sandbox``) over HTTP, one at a time:

- echo: a plain PTB ``Application`` (same PTB, no rate limiter, no database) whose only handler
  answers every text with the text itself — the cost of PTB, HTTP and the sandbox alone;
- duban: the real application (``bot.cli.live.LiveBot`` over ``bot.app.build_application``) on a
  temporary SQLite file, with the sample notice imported and a liaison of 区商务委 bound, all
  through the bot as in the end-to-end tests; the liaison sends the replies.

A run: start the bot, wait until it long-polls, then send N texts at once and stop the clock when
the bot has finished the last of them (its answers are sent by then); afterwards the bot's
answers in that chat are counted — at least N, or the run fails. The answers' content is never
looked at. Each run uses a fresh chat, so counts start at zero. Rounds alternate which bot goes
first, so a machine getting busier or quieter slows both alike; the figure to read is the ratio
duban/echo per round and its median (the aim is at least 0.8).

Usage: ``.venv/bin/python -m bench.reply_bench [--n 500] [--rounds 3] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import telegram
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import RATE_LIMIT_RETRIES
from bot.cli.demo import SAMPLE_GROUPS
from bot.cli.live import LiveBot, PollingThread, TracedApplication
from bot.sandbox import Sandbox
from bot.settings import Settings
from db.engine import make_engine
from db.schema import upgrade
from tests.support.world import COORDINATOR, START, Clock, World

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
DEPARTMENT = "区商务委"  # five tasks in the sample notice: 一.4 二.5 三.2 三.3 三.8
FIRST_USER = 5_000_001  # each run writes from a user of its own: a fresh chat
RUN_TIMEOUT_S = 300.0
LIMITERS = ("duban", "both", "none")  # which bots run with PTB's AIORateLimiter, see --limiter

# Invented replies from 区商务委 about its tasks in bot/data/sample_notice.txt, cycled to N.
REPLIES = [
    "一.4 序时推进，1-5月社会消费品零售总额累计176.3亿元，同比增长6.1%",
    "二.5 已完成上半年目标，实际利用外资1.42亿美元",
    "三.2 新增A级物流企业3家，另有2家正在评审，序时推进",
    "三.3 村级物流服务站点已建成74个，完成全年任务的六成左右",
    "三.8 旅游总收入同比增长11.5%，已完成",
    "一.4 滞后，受汽车消费回落影响，社零总额仅完成全年的38%",
    "二.5 推进中：新签外资项目5个，到位资金0.9亿美元",
    "三.2 已完成。新增A级物流企业6家（其中4A级2家）",
    "三.3 尚未启动第二批站点建设，计划7月招标",
    "三.8 有序推进，五一假期接待游客同比增长23%，旅游收入增长9.8%",
    "一.4 完成 210亿元；三.8 旅游总收入增长10.6%",
    "二.5 未达序时，外资到位1.1亿美元，主要是两个项目延期",
    "三.2、三.3 均序时推进，物流企业新增4家，服务站点建成81个",
    "报告一下：本月举办促消费活动12场，发放消费券3000万元",
    "3.3 建成站点九十二个，过半了",
    "二.5 正在推进，实际利用外资一点八亿美元",
    "三．八 已办结，全年目标提前完成",
    "一．4 社零总额突破二百亿元，序时推进",
    "三.2 进度滞后，A级物流企业仅新增1家，已约谈两家企业加快申报",
    "三.3 已完成120个站点建设，正在组织验收",
]


@dataclass
class Run:
    round: int
    bot: str  # "echo" or "duban"
    n: int
    seconds: float
    answers: int
    # duban only, counted on its engine during the timed run, per message sent
    statements: float = 0.0  # SQL statements executed
    commits: float = 0.0  # transactions committed
    checkouts: float = 0.0  # connections taken from the pool (about one per session)

    @property
    def per_second(self) -> float:
        return self.n / self.seconds


def make_token(bot_id: int = 7123456789) -> str:
    """A made-up token shaped like a real one (the sandbox checks only that it matches)."""
    return f"{bot_id}:AA{secrets.token_urlsafe(32)[:33]}"


def replies(n: int) -> list[str]:
    return list(islice(cycle(REPLIES), n))


# --- the echo bot -----------------------------------------------------------------------------


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def echo_application(url: str, token: str, *, limiter: bool = False) -> TracedApplication:
    """A bare PTB bot: no database, one handler that echoes the text; no rate limiter unless
    ``limiter`` (then duban's own: ``AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)``)."""
    builder = (
        ApplicationBuilder()
        .application_class(TracedApplication)  # only adds "which updates are done"
        .token(token)
        .base_url(f"{url}/bot")
        .base_file_url(f"{url}/file/bot")
    )
    app = (
        builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)).build()
        if limiter
        else builder.build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    assert isinstance(app, TracedApplication)
    return app


# --- one timed run ----------------------------------------------------------------------------


def wait_done(app: TracedApplication, update_ids: set[int], timeout: float) -> None:
    """Block until the bot has finished every update in ``update_ids``.

    Waiting on the bot's own record costs the sandbox nothing; a ``sandbox.wait_for`` counting
    messages would rebuild the message list under the sandbox's lock after every call and slow
    the very bot being timed.
    """
    with app.done_changed:
        if not app.done_changed.wait_for(lambda: update_ids <= app.done, timeout):
            missing = len(update_ids - app.done)
            raise TimeoutError(f"{missing} of {len(update_ids)} updates unfinished in {timeout} s")


def timed_run(
    sandbox: Sandbox, app: TracedApplication, user: int, texts: list[str]
) -> tuple[float, int, int]:
    """Send ``texts`` from ``user``: seconds until the bot finished them all, its answers, and
    the last update id."""
    sandbox.wait_for(sandbox.polling, timeout=30)  # started and listening, not mid-setup
    before = len(sandbox.messages(user))
    start = time.perf_counter()
    ids = {sandbox.send_text(user, text) for text in texts}
    wait_done(app, ids, RUN_TIMEOUT_S)
    seconds = time.perf_counter() - start
    return seconds, len(sandbox.messages(user)) - before, max(ids)


class Bench:
    """One sandbox, one duban database; runs echo and duban in turns."""

    def __init__(self, folder: Path, token: str, limiter: str) -> None:
        self.token = token
        self.limiter = limiter
        self.engine: Engine = make_engine(f"sqlite:///{folder / 'duban.sqlite3'}")
        upgrade(self.engine)
        self.sandbox = Sandbox(token=token).start()
        self.sandbox.add_user(COORDINATOR, "王敏", language_code="zh-hans")
        self.settings = Settings.model_validate(
            {
                "telegram": {"api_url": self.sandbox.url},
                "database": {"url": str(self.engine.url)},
                "roles": {"coordinators": [COORDINATOR]},
                "departments": {"groups": SAMPLE_GROUPS},
            }
        )
        self.clock = Clock(START)
        self._next_user = FIRST_USER
        self.counts = {"statements": 0, "commits": 0, "checkouts": 0}
        event.listen(self.engine, "before_cursor_execute", self._count("statements"))
        event.listen(self.engine, "commit", self._count("commits"))
        event.listen(self.engine.pool, "checkout", self._count("checkouts"))

    def _count(self, name: str) -> Callable[..., None]:
        def count(*_: Any) -> None:
            self.counts[name] += 1

        return count

    def close(self) -> None:
        self.sandbox.stop()
        self.engine.dispose()

    def _fresh_user(self, name: str) -> int:
        user = self._next_user
        self._next_user += 1
        self.sandbox.add_user(user, name, language_code="zh-hans")
        return user

    def _world(self, bot: LiveBot) -> World:
        return World(self.sandbox, bot, self.engine, self.clock, self.settings)

    def setup(self) -> None:
        """Import the sample notice as the coordinator, through the bot."""
        bot = LiveBot(self.settings, token=self.token, engine=self.engine, clock=self.clock)
        with bot:
            self._world(bot).import_sample()

    def echo(self, texts: list[str]) -> tuple[float, int]:
        user = self._fresh_user("回声")
        app = echo_application(self.sandbox.url, self.token, limiter=self.limiter == "both")
        runner = PollingThread(app).start()
        try:
            seconds, answers, last = timed_run(self.sandbox, runner.application, user, texts)
        finally:
            runner.stop()
        self._confirmed(last)
        return seconds, answers

    def duban(self, texts: list[str]) -> tuple[float, int, dict[str, int]]:
        user = self._fresh_user("赵磊")
        bot = LiveBot(self.settings, token=self.token, engine=self.engine, clock=self.clock)
        if self.limiter == "none":
            # Diagnosis only: without PTB's rate limiter (30 messages/s, Telegram's own cap),
            # what remains is duban's own cost. ExtBot has no public way to drop it once built.
            bot.application.bot._rate_limiter = None
        with bot:
            self._world(bot).join(user, DEPARTMENT)  # untimed: bind the liaison first
            self.counts = dict.fromkeys(self.counts, 0)
            seconds, answers, last = timed_run(self.sandbox, bot.application, user, texts)
            counts = dict(self.counts)
        self._confirmed(last)
        return seconds, answers, counts

    def _confirmed(self, update_id: int) -> None:
        """A stopped bot must have confirmed its updates, or the next bot would get them too."""
        self.sandbox.wait_until_confirmed(update_id, timeout=10)


def run(n: int, rounds: int, limiter: str, progress: Callable[[str], None]) -> list[Run]:
    texts = replies(n)
    results: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="duban-reply-bench-") as tmp:
        bench = Bench(Path(tmp), make_token(), limiter)
        try:
            bench.setup()
            for round_ in range(1, rounds + 1):
                order = ("echo", "duban") if round_ % 2 else ("duban", "echo")
                for name in order:
                    if name == "echo":
                        seconds, answers = bench.echo(texts)
                        results.append(Run(round_, name, n, seconds, answers))
                    else:
                        seconds, answers, counts = bench.duban(texts)
                        per = {k: v / n for k, v in counts.items()}
                        results.append(Run(round_, name, n, seconds, answers, **per))
                    progress(f"  round {round_}: {name} {n / seconds:,.1f} msgs/s")
                    if answers < n:  # more is fine: a bot may answer a reply in two messages
                        raise SystemExit(f"{name} answered {answers} of {n} messages")
            if bench.sandbox.violations:
                raise SystemExit(f"Bot API limits broken: {bench.sandbox.violations[:5]}")
        finally:
            bench.close()
    return results


def ratios(results: list[Run]) -> dict[int, float]:
    """duban msgs/s over echo msgs/s, per round."""
    rate = {(r.round, r.bot): r.per_second for r in results}
    return {k: rate[(k, "duban")] / rate[(k, "echo")] for k in sorted({r.round for r in results})}


def table(results: list[Run], meta: dict[str, Any]) -> Table:
    out = Table(
        title=f"reply benchmark {meta['date']} — N={meta['n']}, limiter {meta['limiter']}, "
        f"{meta['cpus']} cores, "
        f"Python {meta['python']}, PTB {meta['ptb']}, SQLite {meta['sqlite']}"
    )
    columns = ("round", "echo s", "echo msgs/s", "duban s", "duban msgs/s", "duban/echo")
    for name in (*columns, "SQL/msg", "commits/msg", "checkouts/msg"):
        out.add_column(name, justify="right")
    by = {(r.round, r.bot): r for r in results}
    for k, ratio in ratios(results).items():
        echo, duban = by[(k, "echo")], by[(k, "duban")]
        out.add_row(
            str(k),
            f"{echo.seconds:.2f}",
            f"{echo.per_second:,.1f}",
            f"{duban.seconds:.2f}",
            f"{duban.per_second:,.1f}",
            f"{ratio:.2f}",
            f"{duban.statements:.1f}",
            f"{duban.commits:.1f}",
            f"{duban.checkouts:.1f}",
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=500, help="replies per run (default 500)")
    parser.add_argument("--rounds", type=int, default=3, help="echo+duban rounds (default 3)")
    parser.add_argument(
        "--limiter",
        choices=LIMITERS,
        default="duban",
        help="who has PTB's AIORateLimiter: duban (as built, default), both, none (diagnosis)",
    )
    parser.add_argument("--json", action="store_true", help="write bench/out/reply-<stamp>.json")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    if args.n < 1 or args.rounds < 1:
        parser.error("--n and --rounds must be at least 1")

    console = Console()
    meta: dict[str, Any] = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "n": args.n,
        "rounds": args.rounds,
        "limiter": args.limiter,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "ptb": telegram.__version__,
        "sqlite": sqlite3.sqlite_version,
    }
    started = time.perf_counter()
    results = run(args.n, args.rounds, args.limiter, console.print)
    meta["wall_s"] = round(time.perf_counter() - started, 1)
    per_round = ratios(results)
    median = statistics.median(per_round.values())
    console.print(table(results, meta))
    console.print(f"median duban/echo: {median:.2f} (aim: at least 0.8)")

    if args.json:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = args.out / f"reply-{stamp}.json"
        payload = {
            "meta": meta,
            "runs": [asdict(r) | {"msgs_per_s": r.per_second} for r in results],
            "ratios": {str(k): v for k, v in per_round.items()},
            "median_ratio": median,
        }
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How the notice importer scales: parse, parse+store and re-import of 1k- and 10k-task notices.

Everything runs in one process, sizes interleaved round by round, so that a shared, noisy
machine slows both sizes alike and the 10k/1k time ratios stay meaningful (near 10 means
linear). Each figure is the best of a few runs:

- parse: ``bot.importer.parse_bytes`` on the bytes of a generated notice (see
  ``bench/generate.py``), in this process: how the reader itself scales;
- parse+store: ``read_notice`` (the reader in its bounded child process, as ``duban import`` and
  the bot run it) then ``store_notice`` into a fresh SQLite file (migrated first, untimed) — the
  whole ``duban import`` path; the store part is also reported on its own;
- re-import: the same notice again into the database that already holds it, which must write
  nothing (``SaveResult.is_noop``).

Prints a table and writes it as JSON to ``bench/out/``. ``--profile`` prints where the time of
one parse+store of the largest notice goes.

Usage: ``.venv/bin/python bench/import_bench.py [--sizes 1000 10000] [--repeats 3 2]``
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from generate import generate_notice  # bench/generate.py, next to this script
from sqlalchemy import Engine

from bot.importer import parse_bytes
from bot.plans.importing import read_notice, store_notice
from db.engine import make_engine
from db.schema import upgrade

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
DEFAULT_LIMIT_S = 120.0


@dataclass
class SizeResult:
    tasks: int
    notice_bytes: int
    repeats: int
    sections: int = 0
    units: int = 0
    targets: int = 0
    warnings: int = 0
    parse_s: list[float] = field(default_factory=list)
    parse_store_s: list[float] = field(default_factory=list)
    store_s: list[float] = field(default_factory=list)  # the store part of parse_store_s
    reimport_s: list[float] = field(default_factory=list)
    reimport_noop: bool | None = None
    too_slow: bool = False

    def best(self, name: str) -> float | None:
        runs: list[float] = getattr(self, name)
        return min(runs) if runs else None


@dataclass
class _Notice:
    name: str
    data: bytes


_GC_OFF = False  # --gc-off: keep the cyclic garbage collector out of the timed sections


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``fn`` from a clean heap; with ``--gc-off``, without the cyclic collector."""
    gc.collect()
    if _GC_OFF:
        gc.disable()
    try:
        start = time.perf_counter()
        value = fn()
        return time.perf_counter() - start, value
    finally:
        gc.enable()


def _fresh_engine(folder: Path, label: str) -> Engine:
    engine = make_engine(f"sqlite:///{folder / label}.sqlite3")
    upgrade(engine)
    return engine


def _parse_store(notice: _Notice, engine: Engine, now: datetime) -> tuple[float, float, Any]:
    """One ``duban import``: read then store. Returns (total, store part, SaveResult)."""
    marks: list[float] = []

    def both() -> Any:
        plan = read_notice(notice.data, notice.name)
        marks.append(time.perf_counter())
        result = store_notice(engine=engine, plan=plan, data=notice.data, now=now)
        marks.append(time.perf_counter())
        return result

    total, result = _timed(both)
    return total, marks[1] - marks[0], result


def run(sizes: list[int], repeats: list[int], seed: int, limit_s: float) -> list[SizeResult]:
    notices: dict[int, _Notice] = {}
    results: dict[int, SizeResult] = {}
    for n, r in zip(sizes, repeats, strict=True):
        data = generate_notice(n, seed=seed).encode("utf-8")
        notices[n] = _Notice(f"bench-{n}.txt", data)
        results[n] = SizeResult(tasks=n, notice_bytes=len(data), repeats=r)
        plan = read_notice(data, notices[n].name)  # warm-up, and a check of what was read
        if len(plan.tasks) != n:
            raise SystemExit(f"generated {n} tasks but the importer read {len(plan.tasks)}")
        res = results[n]
        res.sections = len(plan.sections)
        res.units = len(plan.departments) + len(plan.groups)
        res.targets = sum(len(t.targets) for t in plan.tasks)
        res.warnings = len(plan.warnings)

    with tempfile.TemporaryDirectory(prefix="duban-bench-") as tmp:
        folder = Path(tmp)
        last_db: dict[int, Engine] = {}
        for round_ in range(max(repeats)):
            for n in sizes:
                res = results[n]
                if round_ >= res.repeats or res.too_slow:
                    continue
                notice = notices[n]
                t, _ = _timed(partial(parse_bytes, notice.data, notice.name))
                res.parse_s.append(t)
                engine = _fresh_engine(folder, f"n{n}-r{round_}")
                total, store, result = _parse_store(notice, engine, NOW)
                if not result.created or len(result.added) != n:
                    raise SystemExit(f"storing {n} tasks added {len(result.added)}")
                res.parse_store_s.append(total)
                res.store_s.append(store)
                if n in last_db:
                    last_db[n].dispose()
                last_db[n] = engine
                if total > limit_s:
                    res.too_slow = True
                print(f"  round {round_ + 1}: {n} tasks parse {t:.3f}s, parse+store {total:.3f}s")
        for round_ in range(max(repeats)):
            for n in sizes:
                res = results[n]
                if round_ >= res.repeats or res.too_slow:
                    continue
                later = NOW + timedelta(days=1 + round_)
                total, _, result = _parse_store(notices[n], last_db[n], later)
                res.reimport_s.append(total)
                res.reimport_noop = bool(result.is_noop) and res.reimport_noop is not False
        for engine in last_db.values():
            engine.dispose()
    return [results[n] for n in sizes]


def _rate(tasks: int, seconds: float | None) -> str:
    return f"{tasks / seconds:,.0f}" if seconds else "-"


def _secs(seconds: float | None) -> str:
    return f"{seconds:.3f}" if seconds is not None else "-"


def ratios(results: list[SizeResult]) -> dict[str, float | None]:
    """Time of the largest size over time of the smallest, per measure (10 = linear for 10k/1k)."""
    small, large = results[0], results[-1]
    out: dict[str, float | None] = {}
    for name in ("parse_s", "parse_store_s", "store_s", "reimport_s"):
        a, b = small.best(name), large.best(name)
        out[name.removesuffix("_s")] = round(b / a, 2) if a and b else None
    return out


def table(results: list[SizeResult], meta: dict[str, Any]) -> str:
    head = (
        f"import benchmark {meta['date']} — {meta['cpus']} cores, Python {meta['python']}, "
        f"SQLite {meta['sqlite']}, seed {meta['seed']}, gc {'off' if meta['gc_off'] else 'on'}, best of "
        + "/".join(str(r.repeats) for r in results)
    )
    rows = [
        head,
        f"{'tasks':>6} {'MB':>5} {'parse s':>8} {'tasks/s':>8} {'p+store s':>10} {'tasks/s':>8}"
        f" {'store s':>8} {'re-imp s':>9} {'no-op':>5}",
    ]
    for r in results:
        rows.append(
            f"{r.tasks:>6} {r.notice_bytes / 1e6:>5.2f} {_secs(r.best('parse_s')):>8}"
            f" {_rate(r.tasks, r.best('parse_s')):>8} {_secs(r.best('parse_store_s')):>10}"
            f" {_rate(r.tasks, r.best('parse_store_s')):>8} {_secs(r.best('store_s')):>8}"
            f" {_secs(r.best('reimport_s')):>9} {r.reimport_noop!s:>5}"
            + ("  TOO SLOW: run with --profile" if r.too_slow else "")
        )
    if len(results) > 1:
        k = results[-1].tasks / results[0].tasks
        ratio = ratios(results)
        rows.append(
            f"ratio {results[-1].tasks}/{results[0].tasks} (linear = {k:g}): "
            + ", ".join(f"{name} {value}" for name, value in ratio.items())
        )
    return "\n".join(rows)


def profile(n: int, seed: int, top: int) -> None:
    """Print the ``top`` functions by cumulative time of one parse+store of ``n`` tasks."""
    notice = _Notice(f"bench-{n}.txt", generate_notice(n, seed=seed).encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="duban-bench-") as tmp:
        engine = _fresh_engine(Path(tmp), "profile")
        profiler = cProfile.Profile()
        profiler.enable()
        _parse_store(notice, engine, NOW)
        profiler.disable()
        engine.dispose()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--repeats",
        type=int,
        nargs="+",
        default=None,
        help="runs per size (default 3 for 1k, 2 above)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--limit",
        type=float,
        default=DEFAULT_LIMIT_S,
        help="seconds; stop repeating a size slower than this",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile one parse+store of the largest size"
    )
    parser.add_argument("--top", type=int, default=40, help="rows of the profile")
    parser.add_argument(
        "--gc-off", action="store_true", help="disable the cyclic GC inside timed runs (diagnosis)"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    sizes = sorted(args.sizes)
    repeats = args.repeats or [3 if n <= 1000 else 2 for n in sizes]
    if len(repeats) == 1:
        repeats = repeats * len(sizes)
    if len(repeats) != len(sizes) or min(repeats) < 1:
        parser.error("give one --repeats for all sizes, or one per size, each at least 1")

    global _GC_OFF  # a flag for the whole run, set once here
    _GC_OFF = args.gc_off
    if args.profile:
        profile(sizes[-1], args.seed, args.top)
        return 0

    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "seed": args.seed,
        "gc_off": args.gc_off,
    }
    started = time.perf_counter()
    results = run(sizes, repeats, args.seed, args.limit)
    meta["wall_s"] = round(time.perf_counter() - started, 1)
    text = table(results, meta)
    print(text)

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"import-{stamp}.json"
    payload = {
        "meta": meta,
        "results": [
            {
                **asdict(r),
                "best": {
                    name: r.best(name)
                    for name in ("parse_s", "parse_store_s", "store_s", "reimport_s")
                },
                "tasks_per_s": {
                    "parse": r.tasks / b if (b := r.best("parse_s")) else None,
                    "parse_store": r.tasks / b if (b := r.best("parse_store_s")) else None,
                },
            }
            for r in results
        ],
        "ratios": ratios(results) if len(results) > 1 else {},
        "table": text,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if any(r.too_slow or r.reimport_noop is False for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How the summary scales, against a hand-written SQL aggregate of the same numbers.

Two generated databases — 1× (1,000 tasks, 100 departments, 20,000 reports) and 10× (10,000
tasks, 1,000 departments, 200,000 reports) — are written straight through SQLAlchemy Core
(``executemany``; the importer is not what is measured here) into migrated SQLite files. Then,
in one process, sizes and contenders taking turns round by round:

- **summary**: ``bot.summary.build.build_summary`` for the current deadline, everything included
  (task lines with units, targets and figures, lights, sections, departments with liaisons);
- **baseline**: three hand-written SQL statements giving the summary's numbers — tasks per
  latest status (so totals and reported; each task's newest report for the occurrence by an
  ``ORDER BY … LIMIT 1`` probe of ``ix_report_latest_per_task``), per department its tasks and
  reported tasks (so missing; an ``EXISTS`` per pair), and per target its latest figure's share
  of the goal — the least any correct summary has to ask the database, written the fast way
  the schema allows;
- **window**: the earlier baseline, for comparison: the status counts by a ``ROW_NUMBER()``
  window (which sorts the occurrence's reports) and the departments as above, no targets.

Each figure is the median of ``--repeats`` runs (a full GC before each). Reports the ratio
summary / baseline per size (aim ≤ 2), summary / window, and the growth 10× / 1× (aim ≤ 10),
and checks that the summary and both baselines agree on the numbers they share. Writes JSON to ``bench/out/``.

Usage: ``.venv/bin/python bench/summary_bench.py [--scales 1 10] [--repeats 7] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.settings import Settings  # noqa: E402
from bot.summary.build import build_summary  # noqa: E402
from bot.summary.model import Summary  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.enums import DeadlineSource, ReportStatus, Role, TargetKind  # noqa: E402
from db.models import (  # noqa: E402
    Deadline,
    Department,
    DepartmentGroup,
    DepartmentGroupMember,
    Liaison,
    LiaisonDepartment,
    Plan,
    Report,
    ReportFigure,
    Section,
    Target,
    Task,
    TaskAssignment,
)
from db.schema import upgrade  # noqa: E402

OUT_DIR = ROOT / "bench" / "out"
T0 = datetime(2027, 3, 20, 1, 0, tzinfo=UTC)
NOW = datetime(2027, 7, 18, 1, 0, tzinfo=UTC)  # three days after 上半年, within its grace
HALF, WHOLE = date(2027, 7, 15), date(2027, 12, 31)
STATUSES = list(ReportStatus)
NOTES = ("按计划推进", "已完成阶段目标", "资金未到位，进度滞后", "前期手续办理中", "正在组织验收")

# each task's newest report for the occurrence: the first entry of ix_report_latest_per_task
BASELINE_STATUS = """
SELECT r.status, count(*)
FROM task t
LEFT JOIN report r ON r.id = (
    SELECT n.id FROM report n
    WHERE n.task_id = t.id AND n.deadline_id = :deadline AND n.deadline_due = :due
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT 1
)
WHERE t.plan_id = :plan AND t.removed_at IS NULL
GROUP BY r.status
"""
BASELINE_DEPARTMENTS = """
WITH owed AS (
    SELECT a.task_id, a.department_id
    FROM task_assignment a JOIN task t ON t.id = a.task_id
    WHERE t.plan_id = :plan AND t.removed_at IS NULL AND a.department_id IS NOT NULL
    UNION
    SELECT a.task_id, m.department_id
    FROM task_assignment a JOIN task t ON t.id = a.task_id
    JOIN department_group_member m ON m.group_id = a.group_id
    WHERE t.plan_id = :plan AND t.removed_at IS NULL
)
SELECT owed.department_id, count(*),
       sum(CASE WHEN EXISTS (
           SELECT 1 FROM report r
           WHERE r.task_id = owed.task_id AND r.department_id = owed.department_id
             AND r.deadline_id = :deadline AND r.deadline_due = :due
       ) THEN 1 ELSE 0 END)
FROM owed
GROUP BY owed.department_id
"""
# each active target's newest figure on its own task's reports, as a share of the goal
BASELINE_TARGETS = """
SELECT g.id, (
    SELECT f.value FROM report r JOIN report_figure f ON f.report_id = r.id AND f.target_id = g.id
    WHERE r.task_id = g.task_id AND r.deadline_id = :deadline AND r.deadline_due = :due
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT 1
) / g.value
FROM target g JOIN task t ON t.id = g.task_id
WHERE t.plan_id = :plan AND t.removed_at IS NULL AND g.removed_at IS NULL
"""
# the earlier baseline's status counts: a window numbering every report of the occurrence
WINDOW_STATUS = """
SELECT status, count(*) FROM (
    SELECT r.status,
           ROW_NUMBER() OVER (PARTITION BY r.task_id ORDER BY r.created_at DESC, r.id DESC) AS n
    FROM report r JOIN task t ON t.id = r.task_id
    WHERE t.plan_id = :plan AND t.removed_at IS NULL
      AND r.deadline_id = :deadline AND r.deadline_due = :due
) AS ranked
WHERE n = 1
GROUP BY status
UNION ALL
SELECT NULL, count(*) FROM task WHERE plan_id = :plan AND removed_at IS NULL
"""
CONTENDERS = ("summary", "baseline", "window")


# --- the generated database ------------------------------------------------------------------


def generate(engine: Engine, scale: int, *, seed: int = 0) -> dict[str, int]:
    """Fill a migrated database: ``scale`` × (1,000 tasks, 100 departments, 20,000 reports)."""
    rng = random.Random(seed)
    tasks, departments, reports = 1000 * scale, 100 * scale, 20_000 * scale
    with engine.begin() as conn:

        def put(model: Any, rows: list[dict[str, Any]]) -> None:
            if rows:
                conn.execute(insert(model), rows)

        put(Plan, [_plan()])
        put(
            Deadline,
            [
                {
                    "id": 1,
                    "plan_id": 1,
                    "name": "上半年",
                    "due": HALF,
                    "source": DeadlineSource.NOTICE,
                },
                {
                    "id": 2,
                    "plan_id": 1,
                    "name": "全年",
                    "due": WHOLE,
                    "source": DeadlineSource.NOTICE,
                },
            ],
        )
        put(
            Department,
            [
                {"id": d, "name": f"单位{d:05d}", "created_at": T0}
                for d in range(1, departments + 1)
            ],
        )
        put(DepartmentGroup, [{"id": 1, "name": "各街道办事处", "created_at": T0}])
        streets = rng.sample(range(1, departments + 1), k=max(5, departments // 20))
        put(DepartmentGroupMember, [{"group_id": 1, "department_id": d} for d in streets])
        put(
            Liaison,
            [
                {
                    "id": d,
                    "telegram_user_id": 10_000 + d,
                    "full_name": f"联络员{d}",
                    "created_at": T0,
                }
                for d in range(1, departments + 1)
            ],
        )
        put(
            LiaisonDepartment,
            [{"liaison_id": d, "department_id": d} for d in range(1, departments + 1)],
        )
        sections = max(1, tasks // 15)
        put(
            Section,
            [
                {
                    "id": s,
                    "plan_id": 1,
                    "numeral": str(s),
                    "ordinal": s,
                    "title": f"第{s}部分重点工作",
                }
                for s in range(1, sections + 1)
            ],
        )
        task_rows: list[dict[str, Any]] = []
        assignment_rows: list[dict[str, Any]] = []
        target_rows: list[dict[str, Any]] = []
        owners: dict[int, list[int]] = {}
        targets_of: dict[int, list[tuple[int, float]]] = {}
        for task_id in range(1, tasks + 1):
            section = min(sections, (task_id - 1) // 15 + 1)
            task_rows.append(
                {
                    "id": task_id,
                    "plan_id": 1,
                    "section_id": section,
                    "code": f"{section}.{task_id}",
                    "number": task_id,
                    "text": f"推进第{task_id}项重点工作，确保按期完成。",
                    "position": task_id - 1,
                }
            )
            units = rng.sample(range(1, departments + 1), k=rng.choice((1, 1, 2, 3)))
            owners[task_id] = units
            for position, department_id in enumerate(units):
                role = Role.LEAD if position == 0 else Role.SUPPORT
                assignment_rows.append(
                    {
                        "task_id": task_id,
                        "department_id": department_id,
                        "group_id": None,
                        "role": role,
                        "position": position,
                    }
                )
            if rng.random() < 0.05:
                assignment_rows.append(
                    {
                        "task_id": task_id,
                        "department_id": None,
                        "group_id": 1,
                        "role": Role.LEAD,
                        "position": 9,
                    }
                )
                owners[task_id] = owners[task_id] + streets[:3]
            if rng.random() < 0.6:
                goal = float(rng.choice((10, 50, 200, 1000)))
                kind = rng.choice((TargetKind.LEVEL, TargetKind.LEVEL, TargetKind.GROWTH))
                target_id = len(target_rows) + 1
                target_rows.append(
                    {
                        "id": target_id,
                        "task_id": task_id,
                        "position": 0,
                        "subject": "新增项目",
                        "comparator": "at_least",
                        "value": goal,
                        "unit": "个",
                        "kind": kind,
                        "text": f"新增项目{goal:g}个",
                    }
                )
                targets_of[task_id] = [(target_id, goal)]
        put(Task, task_rows)
        put(TaskAssignment, assignment_rows)
        put(Target, target_rows)
        report_rows, figure_rows = [], []
        for report_id in range(1, reports + 1):
            task_id = rng.randint(1, tasks)
            department_id = rng.choice(owners[task_id])
            half = rng.random() < 0.75
            at = T0 + timedelta(minutes=report_id)
            report_rows.append(
                {
                    "id": report_id,
                    "task_id": task_id,
                    "department_id": department_id,
                    "liaison_id": department_id if department_id <= departments else None,
                    "deadline_id": 1 if half else 2,
                    "deadline_due": HALF if half else WHOLE,
                    "status": rng.choice(STATUSES),
                    "percent": rng.choice((None, 30.0, 60.0, 90.0)),
                    "note": rng.choice(NOTES),
                    "raw_text": "进展",
                    "created_at": at,
                    "updated_at": at,
                }
            )
            for target_id, goal in targets_of.get(task_id, []):
                if rng.random() < 0.5:
                    figure_rows.append(
                        {
                            "report_id": report_id,
                            "target_id": target_id,
                            "value": round(goal * rng.uniform(0.1, 1.1), 1),
                            "raw": "数据",
                        }
                    )
        put(Report, report_rows)
        put(ReportFigure, figure_rows)
    return {
        "tasks": tasks,
        "departments": departments,
        "reports": reports,
        "figures": len(figure_rows),
        "targets": len(target_rows),
    }


def _plan() -> dict[str, Any]:
    return {
        "id": 1,
        "title": "关于印发云岭市桂川区2027年重点工作任务分解的通知",
        "title_key": "bench",
        "year": 2027,
        "source_name": "bench",
        "source_sha256": "0" * 64,
        "imported_at": T0,
        "updated_at": T0,
    }


# --- the contenders ----------------------------------------------------------------------------


def run_summary(engine: Engine, settings: Settings) -> Summary:
    with Session(engine) as session:
        return build_summary(session=session, settings=settings, now=NOW)


PARAMS = {"plan": 1, "deadline": 1, "due": HALF}


def run_baseline(engine: Engine) -> dict[str, Any]:
    """The summary's numbers by hand: tasks per latest status (None: unreported), per
    department its tasks and how many of them it reported, per target its latest share."""
    with engine.connect() as conn:
        statuses: dict[str | None, int] = dict(
            iter(conn.execute(text(BASELINE_STATUS), PARAMS).tuples())
        )
        departments = {d: (n, r) for d, n, r in conn.execute(text(BASELINE_DEPARTMENTS), PARAMS)}
        shares: dict[int, float | None] = dict(
            iter(conn.execute(text(BASELINE_TARGETS), PARAMS).tuples())
        )
    return {"statuses": statuses, "departments": departments, "shares": shares}


def run_window(engine: Engine) -> dict[str, Any]:
    """The earlier baseline: status counts by a window (None: all tasks), the departments."""
    with engine.connect() as conn:
        statuses: dict[str | None, int] = dict(
            iter(conn.execute(text(WINDOW_STATUS), PARAMS).tuples())
        )
        departments = {d: (n, r) for d, n, r in conn.execute(text(BASELINE_DEPARTMENTS), PARAMS)}
    return {"statuses": statuses, "departments": departments}


def agree(summary: Summary, baseline: dict[str, Any], window: dict[str, Any]) -> bool:
    """Do the summary and the baselines give the same shared numbers?"""
    mine = {k: v for k, v in summary.by_status.items() if v}
    statuses = {k or "unreported": v for k, v in baseline["statuses"].items() if v}
    windowed = {k: v for k, v in window["statuses"].items() if k is not None}
    windowed["unreported"] = window["statuses"][None] - sum(windowed.values())
    departments = {d.department_id: (d.tasks, d.reported) for d in summary.departments}
    shares = {t.target_id: t.share for line in summary.tasks for t in line.targets}
    return (
        mine == statuses == {k: v for k, v in windowed.items() if v}
        and departments == baseline["departments"] == window["departments"]
        and shares.keys() == baseline["shares"].keys()
        and all(_close(shares[k], v) for k, v in baseline["shares"].items())
    )


def _close(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) < 1e-9)


def timed(call: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one summary of the largest"
    )
    args = parser.parse_args(argv)
    settings = Settings.model_validate({})
    folder = Path(tempfile.mkdtemp(prefix="summary-bench-"))
    engines: dict[int, Engine] = {}
    sizes: dict[int, dict[str, int]] = {}
    for scale in args.scales:
        engine = make_engine(f"sqlite:///{folder / f'x{scale}.sqlite3'}")
        upgrade(engine)
        started = time.perf_counter()
        sizes[scale] = generate(engine, scale)
        print(
            f"generated {scale}×: {sizes[scale]} in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        engines[scale] = engine
        if not agree(run_summary(engine, settings), run_baseline(engine), run_window(engine)):
            print(f"{scale}×: the summary and the baselines disagree", file=sys.stderr)
            return 1
    runs: dict[str, Callable[[Engine], object]] = {
        "summary": lambda e: run_summary(e, settings),
        "baseline": run_baseline,
        "window": run_window,
    }
    times: dict[int, dict[str, list[float]]] = {
        s: {name: [] for name in CONTENDERS} for s in args.scales
    }
    for round_ in range(args.repeats):
        for scale in args.scales:
            engine = engines[scale]
            # the contenders take turns, and the order turns with the rounds
            shift = round_ % len(CONTENDERS)
            for name in CONTENDERS[shift:] + CONTENDERS[:shift]:
                times[scale][name].append(timed(partial(runs[name], engine)))
    header = (
        f"summary benchmark {datetime.now(UTC).isoformat(timespec='seconds')} — {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, median of {args.repeats}"
    )
    print(header)
    print(
        f"{'scale':>5} {'tasks':>6} {'depts':>6} {'reports':>8} {'summary s':>10}"
        f" {'baseline s':>11} {'ratio':>6} {'window s':>9} {'ratio':>6}"
    )
    medians: dict[int, dict[str, float]] = {}
    for scale in args.scales:
        m = {name: statistics.median(times[scale][name]) for name in CONTENDERS}
        medians[scale] = m
        size = sizes[scale]
        print(
            f"{scale:>4}× {size['tasks']:>6} {size['departments']:>6} {size['reports']:>8}"
            f" {m['summary']:>10.3f} {m['baseline']:>11.3f} {m['summary'] / m['baseline']:>6.2f}"
            f" {m['window']:>9.3f} {m['summary'] / m['window']:>6.2f}"
        )
    if len(args.scales) >= 2:
        low, high = min(args.scales), max(args.scales)
        growth = {name: medians[high][name] / medians[low][name] for name in CONTENDERS}
        print(
            f"growth {high}×/{low}× (linear = {high // low}): "
            + ", ".join(f"{name} {growth[name]:.2f}" for name in CONTENDERS)
        )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"summary-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps({"header": header, "sizes": sizes, "times": times}, indent=1))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_summary, engines[max(args.scales)], settings)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    for engine in engines.values():
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`duban summary`: the table in the terminal, the JSON for scripts, and errors in one sentence."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.reports.intake import Entry, submit_entries
from bot.reports.rounds import reporting_period
from db.engine import make_engine, session_scope
from db.enums import ReportStatus
from db.models import Task
from db.tasks import current_plan_id
from tests.cli.test_commands import env, run  # noqa: F401  (env is a fixture)
from tests.db.factories import bind_liaison


def report_two(config: Path) -> None:
    """区商务委 reports 三.3 done and 一.4 behind, for whatever deadline counts today."""
    engine = make_engine(f"sqlite:///{config.parent / 'db.sqlite3'}")
    now = datetime.now(UTC)
    reporter = bind_liaison(engine, "区商务委", 4242, now=now)
    with session_scope(engine) as session:
        plan_id = current_plan_id(session=session)
        assert plan_id is not None
        period = reporting_period(
            session=session,
            plan_id=plan_id,
            today=now.astimezone(ZoneInfo("Asia/Shanghai")).date(),
            grace_days=5,
        )
        if period is not None:  # for the current deadline itself, not 上半年's gaps (late)
            period = replace(period, passed=None)
        codes = dict(session.exec(select(Task.code, Task.id)).all())
        entries = [
            Entry(task_id=codes["三.3"], status=ReportStatus.DONE, note="站点全部建成"),
            Entry(task_id=codes["一.4"], status=ReportStatus.BEHIND, percent=30.0, note="消费偏弱"),
        ]
        submit_entries(
            session=session,
            reporter=reporter,
            chat_id=4242,
            entries=entries,
            raw_text="三.3 已完成；一.4 滞后",
            period=period,
            now=now,
        )
    engine.dispose()


def tasks_in(config: Path) -> int:
    engine = make_engine(f"sqlite:///{config.parent / 'db.sqlite3'}")
    with Session(engine) as session:
        count = int(session.exec(select(func.count()).select_from(Task)).one())
    engine.dispose()
    return count


def test_the_table(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    assert run(env, "import", "--sample") == 0
    report_two(env)
    capsys.readouterr()
    assert run(env, "summary") == 0
    out = capsys.readouterr().out
    assert "📋 督办汇总" in out and "范围：全部任务" in out
    assert f"任务已报 2/{tasks_in(env)}" in out
    assert f"完成 1　序时推进 0　滞后 1　未启动 0　未报送 {tasks_in(env) - 2}" in out
    assert "站点全部建成" in out and "消费偏弱" in out
    assert "区商务委" in out and "李娜" in out  # the department's liaison in its row


def test_each_tasks_time_limit_in_the_table_and_the_json(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    notice = Path(__file__).resolve().parents[1] / "data" / "notices" / "time-limits-in-text.txt"
    assert run(env, "import", str(notice)) == 0
    capsys.readouterr()
    assert run(env, "summary", "--department", "县教育局") == 0
    out = capsys.readouterr().out
    assert "完成时限：" in out and "5月31日" in out  # 一.1's limit, under its title
    assert run(env, "summary", "--json") == 0
    tasks = {t["code"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert tasks["一.1"]["due"] == "2026-05-31" and tasks["二.3"]["due"] is None
    # the clock is the real one, long past 2026-05-31: 一.1 is late and unreported
    assert tasks["一.1"]["light"] == "red"


def test_a_narrowed_table(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    assert run(env, "import", "--sample") == 0
    report_two(env)
    capsys.readouterr()
    assert run(env, "summary", "--department", "商务委") == 0
    out = capsys.readouterr().out
    assert "范围：区商务委承担的任务" in out and "三.3" in out
    assert run(env, "summary", "--section", "第三部分") == 0
    assert "范围：第三部分" in capsys.readouterr().out
    assert run(env, "summary", "--missing") == 0
    assert "任务已报 0/" in capsys.readouterr().out


def test_json_for_scripts(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    assert run(env, "import", "--sample") == 0
    report_two(env)
    capsys.readouterr()
    assert run(env, "summary", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    total = tasks_in(env)
    assert data["scope"] == {"kind": "all", "value": ""}
    assert (data["tasks_total"], data["tasks_reported"]) == (total, 2)
    assert data["by_status"] == {
        "done": 1,
        "on_track": 0,
        "behind": 1,
        "not_started": 0,
        "unreported": total - 2,
    }
    assert sum(data["by_light"].values()) == total
    assert len(data["tasks"]) == total and data["tasks"][0]["code"] == "一.1"
    done = next(t for t in data["tasks"] if t["code"] == "三.3")
    assert (done["status"], done["light"], done["reported_for"]) == ("done", "green", "区商务委")
    assert datetime.fromisoformat(done["reported_at"]).tzinfo is not None
    # reported for the current deadline itself: not late; credited to the unit that reported
    assert (done["late_reported"], done["days_late"]) == (False, None)
    assert done["reported_units"] == ["区商务委"] and "unreported_leads" in done
    assert data["due"] == datetime.fromisoformat(data["due"]).date().isoformat()
    mine = next(d for d in data["departments"] if d["name"] == "区商务委")
    assert (mine["reported"], mine["missing"]) == (2, mine["tasks"] - 2)
    assert mine["late_reported"] == 0 and mine["position"] >= 0
    assert set(data) >= {"sections", "departments", "late", "pace", "days_left", "generated_at"}


def test_errors_are_one_sentence_and_exit_2(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(env, "summary") == 2
    assert "还没有导入任务分解通知" in capsys.readouterr().err
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    assert run(env, "summary", "--department", "海关总署") == 2
    err = capsys.readouterr().err
    assert "没有找到与“海关总署”相符的单位" in err and "Traceback" not in err
    assert run(env, "summary", "--deadline", "第三季度") == 2
    assert "没有名为“第三季度”的报送节点" in capsys.readouterr().err
    assert run(env, "summary", "--section", "第九部分") == 2
    assert "通知中没有第“九”部分" in capsys.readouterr().err

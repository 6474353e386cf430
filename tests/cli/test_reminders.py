"""`duban deadline …` and `duban reminders plan` as a coordinator uses them on the sample notice:
deadlines listed, added (a date, a rule), moved and removed; the season's reminders as a table
and as JSON, each on a working day at nine, exactly the planner's slots."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.settings import Settings
from db.engine import make_engine
from db.enums import DeadlineSource
from db.models import Deadline
from scheduler.calendar import WorkCalendar
from scheduler.model import Policy
from scheduler.planner import slots
from tests.cli.test_commands import env, run  # noqa: F401  (env is a fixture)

SHANGHAI = ZoneInfo("Asia/Shanghai")
H1, FULL_YEAR = date(2026, 7, 10), date(2026, 12, 25)  # the sample notice's deadlines


@pytest.fixture
def sample(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """The sample notice imported; a wide terminal so table rows stay on one line."""
    monkeypatch.setenv("COLUMNS", "220")
    assert run(env, "import", "--sample") == 0
    return env


def today() -> date:
    return datetime.now(SHANGHAI).date()


def stored(config: Path) -> dict[str, tuple[date, str | None, DeadlineSource, bool]]:
    engine = make_engine(f"sqlite:///{config.parent / 'db.sqlite3'}")
    with Session(engine) as session:
        rows = session.exec(select(Deadline)).all()
        result = {d.name: (d.due, d.rule, d.source, d.removed_at is not None) for d in rows}
    engine.dispose()
    return result


def test_deadline_list_add_move_remove(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(sample, "deadline", "list") == 0
    out = capsys.readouterr().out
    assert "上半年" in out and "全年" in out and "来自通知" in out

    later = today() + timedelta(days=20)
    assert run(sample, "deadline", "add", "专项督查", later.isoformat()) == 0
    assert "已新增报送节点“专项督查”" in capsys.readouterr().out
    assert run(sample, "deadline", "add", "月报", "--rrule", "FREQ=MONTHLY;BYMONTHDAY=25") == 0
    out = capsys.readouterr().out
    assert "FREQ=MONTHLY;BYMONTHDAY=25" in out and "手动添加" in out
    due, rule, source, removed = stored(sample)["月报"]
    assert due.day == 25 and today() <= due < today() + timedelta(days=32)
    assert (rule, source, removed) == ("FREQ=MONTHLY;BYMONTHDAY=25", DeadlineSource.MANUAL, False)

    moved = today() + timedelta(days=40)
    assert run(sample, "deadline", "move", "专项", moved.isoformat()) == 0
    assert "已调整报送节点“专项督查”" in capsys.readouterr().out
    assert stored(sample)["专项督查"][0] == moved

    assert run(sample, "deadline", "remove", "月报") == 0
    assert "已删除报送节点“月报”" in capsys.readouterr().out
    assert stored(sample)["月报"][3] is True
    assert run(sample, "deadline", "list", "--lang", "en") == 0
    assert "removed" in capsys.readouterr().out


def test_deadline_mistakes_exit_2_with_one_sentence(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    cases = [
        (("move", "三季度", "2099-09-01"), "没有找到名称包含“三季度”的报送节点。"),
        (("add", "补报", "2020-01-02"), "已经过去"),
        (("add", "补报", "下周五"), "“下周五”不是有效日期"),
        (("add", "周报", "--rrule", "FREQ=HOURLY"), "不是可用的重复规则"),
        (("add", "二月", "--rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), "不会再出现"),
        (("add", "全年", "2099-01-01"), "已有名为“全年”的报送节点"),
        (("add", "两样", "2099-01-01", "--rrule", "FREQ=DAILY"), "用法"),
    ]
    for args, sentence in cases:
        assert run(sample, "deadline", *args) == 2, args
        captured = capsys.readouterr()
        assert sentence in captured.err and captured.out == "", args
    assert set(stored(sample)) == {"上半年", "全年"}


def test_without_a_plan(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    assert run(env, "deadline", "list") == 2
    assert "还没有导入任务分解通知" in capsys.readouterr().err


# --- reminders plan ----------------------------------------------------------------------------


def planned(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert run(config, "reminders", "plan", *args, "--json") == 0
    rows: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return rows


def test_the_plan_as_json_falls_on_working_days_at_the_planners_slots(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = planned(sample, capsys, "--from", "2026-06-01", "--to", "2026-07-31")
    assert rows and all(
        set(row) == {"at", "department", "liaison", "deadline", "kind"} for row in rows
    )
    calendar = WorkCalendar()
    moments = [datetime.fromisoformat(row["at"]) for row in rows]
    assert all(m.utcoffset() == timedelta(hours=8) for m in moments)  # local time, with offset
    assert all(calendar.is_workday(m.date()) and (m.hour, m.minute) == (9, 0) for m in moments)
    assert moments == sorted(moments)
    policy = Policy(tz=Settings().locale.tz)
    expected = {slot.at for slot in slots(H1, policy, calendar)}
    assert {m.astimezone(SHANGHAI) for m in moments} == expected
    assert {row["deadline"] for row in rows} == {"上半年"}
    assert {row["kind"] for row in rows} == {"before", "due", "after", "escalation"}
    assert all(row["liaison"] is None for row in rows)  # nobody has joined yet
    escalations = [row for row in rows if row["kind"] == "escalation"]
    assert len(escalations) == 3 and all(row["department"] is None for row in escalations)
    per_slot = {}
    for row in rows:
        if row["kind"] != "escalation":
            per_slot.setdefault(row["at"], set()).add(row["department"])
    assert len({frozenset(d) for d in per_slot.values()}) == 1  # every department, every slot
    assert "区商务委" in next(iter(per_slot.values()))


def test_the_plan_as_a_table(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(sample, "reminders", "plan", "--from", "2026-12-01", "--to", "2026-12-31") == 0
    out = capsys.readouterr().out
    assert "提醒计划：2026年12月1日（周二） 至 2026年12月31日（周四）" in out
    assert "12月11日（周五）09:00" in out  # 14 days before 全年 (Friday 25 December)
    assert "区商务委" in out and "未绑定联络员" in out and "全年" in out
    assert "提前14天" in out and "提前7天" in out and "当天" in out and "逾期第1次" in out
    assert "升级" in out and "督办室" in out
    lines = [line for line in out.splitlines() if "09:00" in line]
    assert "条提醒" in out and str(len(lines)) in out.splitlines()[-1]


def test_plan_window_mistakes(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(sample, "reminders", "plan", "--from", "2026-08-01", "--to", "2026-07-01") == 2
    assert "早于开始日期" in capsys.readouterr().err
    assert run(sample, "reminders", "plan", "--from", "8/1") == 2
    assert "不是有效日期" in capsys.readouterr().err
    assert planned(sample, capsys, "--from", "2027-06-01", "--to", "2027-06-30") == []

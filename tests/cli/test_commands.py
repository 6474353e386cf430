"""The `duban` command line as a coordinator uses it: import, re-import, preview, errors, schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

import bot.cli.main
from bot.cli.main import main
from db.engine import make_engine
from db.models import DepartmentGroupMember, Plan, Task

SAMPLE = (resources.files("bot") / "data" / "sample_notice.txt").read_text(encoding="utf-8")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with its own settings file and database; returns the config path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    monkeypatch.delenv("DUBAN_BOT_TOKEN", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite3"}"\n', encoding="utf-8"
    )
    return config


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def count(config: Path, model: type) -> int:
    engine = make_engine(f"sqlite:///{config.parent / 'db.sqlite3'}")
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_import_sample_then_again_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, "import", "--sample") == 0
    out = capsys.readouterr().out
    assert "31 项任务" in out and "已导入为新计划 #1" in out
    assert count(env, Task) == 31
    assert run(env, "import", "--sample") == 0
    assert "计划 #1 已是最新，没有任何变化。" in capsys.readouterr().out
    assert count(env, Plan) == 1 and count(env, Task) == 31


def test_english_output(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "import", "--sample", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "31 tasks" in out and "Imported as new plan #1" in out


def test_revised_notice_reports_what_changed(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, "import", "--sample") == 0
    lines = SAMPLE.split("\n")
    last_task = max(i for i, line in enumerate(lines) if line.startswith("\t3."))
    revised = "\n".join(lines[:last_task]).replace("6.5%左右", "7%左右") + "\n"
    path = tmp_path / "revised.txt"
    path.write_text(revised, encoding="utf-8")
    capsys.readouterr()
    assert run(env, "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "已更新计划 #1" in out
    assert "删除 1 项" in out and "修改 1 项" in out
    assert count(env, Plan) == 1


def test_dry_run_writes_nothing(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "import", "--sample", "--dry-run") == 0
    assert "试运行：未写入数据库。" in capsys.readouterr().out
    assert not (env.parent / "db.sqlite3").exists()


def test_json_preview_has_the_public_keys(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "import", "--sample", "--json", "--dry-run") == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {
        "title", "issued_on", "contact", "deadlines", "departments", "groups", "tasks", "warnings",
    }  # fmt: skip
    assert len(doc["tasks"]) == 31
    task = doc["tasks"][0]
    assert set(task) == {
        "code", "section", "number", "category", "text", "lead", "support", "targets", "due",
        "due_text",
    }  # fmt: skip
    assert task["code"] == "一.1" and task["targets"][0]["kind"] == "growth"
    assert task["due"] is None and task["due_text"] is None  # the sample gives no time limits
    assert {"name", "due"} <= set(doc["deadlines"][0])
    assert all(w["where"] and w["message"] for w in doc["warnings"])


def test_json_and_preview_give_each_tasks_time_limit(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = Path(__file__).resolve().parents[1] / "data" / "notices" / "time-limits-in-text.txt"
    assert run(env, "import", str(notice), "--json", "--dry-run") == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(t["code"], t["due"], t["due_text"]) for t in doc["tasks"]] == [
        ("一.1", "2026-05-31", "5月底前"),
        ("一.2", "2026-12-31", "年内完成"),
        ("一.3", None, "长期坚持"),
        ("二.1", "2026-09-30", "三季度末前完成"),
        ("二.2", "2027-06-30", "2027年6月底前完成"),
        ("二.3", None, None),
    ]
    assert run(env, "import", str(notice), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "完成时" in out  # the column's header (it may wrap in a narrow terminal)
    assert "9月30日" in out and "长期坚持" in out


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("empty.txt", b"", "文件是空的"),
        ("junk.txt", bytes(range(256)) * 8, "不是可读的文本文件"),
        ("notice.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("half.docx", b"PK\x03\x04" + b"\x00" * 40, "已损坏或不完整"),
        ("plain.txt", "这是一段没有任何任务的文字。\n第二行。\n".encode(), "没有找到任务"),
    ],
)
def test_bad_file_gives_one_sentence_and_touches_nothing(
    env: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    fragment: str,
) -> None:
    assert run(env, "import", "--sample") == 0
    path = tmp_path / name
    path.write_bytes(data)
    capsys.readouterr()
    assert run(env, "import", str(path)) == 1
    captured = capsys.readouterr()
    assert fragment in captured.err
    assert name in captured.err or "第" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert count(env, Plan) == 1 and count(env, Task) == 31


def test_missing_file(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "import", "nope.txt") == 1
    assert "无法读取文件 nope.txt" in capsys.readouterr().err


def test_bad_settings_file_names_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[locale]\ntimezone = "Mars/Base"\n', encoding="utf-8")
    assert main(["--config", str(bad), "plans"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "[locale] timezone" in err and "Traceback" not in err


def test_schema_refused_without_auto_upgrade_then_upgraded(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env.write_text(env.read_text() + "auto_upgrade = false\n", encoding="utf-8")
    assert run(env, "import", "--sample") == 3
    assert "duban db upgrade" in capsys.readouterr().err
    assert run(env, "db", "status") == 3
    assert run(env, "db", "upgrade") == 0
    assert run(env, "db", "status") == 0
    assert run(env, "import", "--sample") == 0


def test_plans_and_plan(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "plans") == 1
    assert "还没有计划" in capsys.readouterr().err
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    assert run(env, "plans") == 0
    assert "2026-03-18" in capsys.readouterr().out
    assert run(env, "plan") == 0
    out = capsys.readouterr().out
    assert "上半年 2026-07-10" in out and "31 项任务" in out
    assert run(env, "plan", "9") == 1
    assert "#9" in capsys.readouterr().err


def test_update_a_plan_that_does_not_exist(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "import", "--sample", "--plan", "5") == 1
    assert "没有编号为 #5 的计划" in capsys.readouterr().err
    assert count(env, Plan) == 0


def test_unexpected_error_is_logged_not_shown(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.cli.main, "store_notice", broken)
    assert run(env, "import", "--sample") == 1
    captured = capsys.readouterr()
    assert "出现意外错误" in captured.err and "disk on fire" not in captured.err
    log = (env.parent / "data" / "duban.log").read_text(encoding="utf-8")
    assert "RuntimeError: disk on fire" in log


def test_console_script_help_runs_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "import", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 0
    assert "--dry-run" in done.stdout and "--json" in done.stdout


def test_group_members_from_settings_are_added_once(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env.write_text(
        env.read_text() + '[departments.groups]\n"各街道办事处" = ["滨江街道", "清溪街道"]\n',
        encoding="utf-8",
    )
    assert run(env, "import", "--sample") == 0
    out = capsys.readouterr().out
    assert "各街道办事处：滨江街道" in out and "各街道办事处：清溪街道" in out
    assert count(env, DepartmentGroupMember) == 2
    assert run(env, "import", "--sample") == 0
    assert "没有任何变化" in capsys.readouterr().out
    assert count(env, DepartmentGroupMember) == 2


def test_a_plain_numbered_list_without_sections_is_stored(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        "关于2026年为民办实事项目的通知\n1.新建公办幼儿园2所\n牵头单位：区教委\n"
        "2.改造农贸市场3个\n牵头单位：区商务委\n",
        encoding="utf-8",
    )
    assert run(env, "import", str(path)) == 0
    assert "已导入为新计划 #1：新增 2 项任务。" in capsys.readouterr().out
    assert count(env, Task) == 2


# --- coordinators and the bot's commands ---------------------------------------------------


def test_coordinators_are_added_listed_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[roles]\ncoordinators = [111]\n[database]\nurl = "sqlite:///{tmp_path / "d.db"}"\n',
        encoding="utf-8",
    )
    base = ["--config", str(config)]
    assert main([*base, "coordinator", "add", "222"]) == 0
    assert main([*base, "coordinator", "add", "222"]) == 0
    out = capsys.readouterr().out
    assert "已将 222 设为督办员" in out and "222 已经是督办员" in out
    assert main([*base, "coordinator", "list"]) == 0
    listing = capsys.readouterr().out
    assert "111  （配置文件）" in listing and "222  （duban coordinator add）" in listing
    assert main([*base, "coordinator", "remove", "111"]) == 1  # it lives in the settings file
    assert str(config) in capsys.readouterr().err
    assert main([*base, "coordinator", "remove", "222"]) == 0
    assert main([*base, "coordinator", "remove", "222", "--lang", "en"]) == 1
    assert "was not added with duban coordinator add" in capsys.readouterr().err


def test_run_without_a_token_says_where_to_put_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_BOT_TOKEN", raising=False)
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "DUBAN_BOT_TOKEN" in err and "duban demo" in err


@pytest.mark.parametrize(
    ("setting", "lead"), [("", ["市城管局"]), ("false", ["市城管局", "市住建局"])]
)
def test_import_first_unit_leads_setting(
    env: Path, capsys: pytest.CaptureFixture[str], setting: str, lead: list[str]
) -> None:
    """A task naming only 责任单位: the first unit leads unless ``[import] first_unit_leads``
    is turned off, in which case every unit leads."""
    if setting:
        env.write_text(
            env.read_text(encoding="utf-8") + f"[import]\nfirst_unit_leads = {setting}\n",
            encoding="utf-8",
        )
    notice = env.parent / "n.txt"
    notice.write_text(
        "城市管理重点任务\n\n一、市容整治\n1.整治背街小巷80条\n责任单位：市城管局、市住建局\n",
        encoding="utf-8",
    )
    assert run(env, "import", str(notice), "--json", "--dry-run") == 0
    task = json.loads(capsys.readouterr().out)["tasks"][0]
    assert task["lead"] == lead
    assert task["support"] == ([] if setting else ["市住建局"])

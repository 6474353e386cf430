"""`duban demo`: the sandbox, the real bot and the scripted conversation, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main


def test_demo_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--dir", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    for line in (
        "导入预览",
        "已导入为新计划 #1",
        "联络员邀请链接",
        "有多个单位与“管委会”相符",
        "绑定成功：您已成为【区商务委】的联络员",
        "绑定成功：您已成为【清溪高新区管委会】的联络员",
        "请向督办室索取本单位的邀请链接",
        "这个功能仅限督办室工作人员使用",
        "责任单位共 28 个，其中 2 个已有联络员",
        "我从您的消息中读到",
        "社会消费品零售总额 215亿元",
        "✅ 已保存 2 项报送。",
        "✅ 已保存 1 项报送。",
        "说明：园区招商项目已签约3个，下月集中开工。",
        "本期已报送 2 / 8 项。",
        # 09:00: the reminders, one answered by a reply, one snoozed
        "⏰ 报送提醒：上半年",
        "【区商务委】尚未报送 6 项",
        "【清溪高新区管委会】尚未报送 1 项",
        "↩ 已完成，营业收入目标提前实现。",
        "下个工作日 6月29日（周一） 09:00 再提醒您",
        # the coordinator's picture and files
        "📋 督办汇总 · 上半年（7月10日（周五）截止）",
        "任务已报 4/31",
        "📎 summary_2026-06-26.png",
        "📎 台账_2026-06-26.xlsx",
        "📎 通报_2026-06-26.docx",
        "导出的文件已保存",
    ):
        assert line in out, line
    assert (tmp_path / "demo" / "duban.sqlite3").is_file()
    for name in ("summary_2026-06-26.png", "台账_2026-06-26.xlsx", "通报_2026-06-26.docx"):
        assert str(tmp_path / "demo" / name) in out
        assert (tmp_path / "demo" / name).stat().st_size > 10_000
    assert "Traceback" not in out


def test_demo_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # without --dir the exported files go to ./data/demo
    assert main(["demo", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for line in (
        "Import preview",
        "Imported as new plan #1",
        "You are now the liaison for 区商务委",
        "ask the supervision office for your department's invite link",
        "Only the supervision office can use this",
        "28 departments are responsible for tasks; 2 have a liaison",
        "This is what I read in your message",
        "Saved 2 report(s).",
        "Saved 1 report(s).",
        "Reported this round: 2 of 8.",
        "⏰ Reporting reminder: 上半年",
        "I will remind you again on the next working day (Mon 29 Jun) at 09:00",
        "📋 Summary · 上半年 (due Fri 10 Jul)",
        "📎 ledger_2026-06-26.xlsx",
        "📎 bulletin_2026-06-26.docx",
    ):
        assert line in out, line
    written = tmp_path / "data" / "demo"
    assert sorted(p.name for p in written.iterdir()) == [
        "bulletin_2026-06-26.docx",
        "ledger_2026-06-26.xlsx",
        "summary_2026-06-26.png",
    ]
    assert not list(tmp_path.glob("**/*.sqlite3"))  # the database was temporary


def test_demo_refuses_a_folder_that_already_has_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "duban.sqlite3").write_bytes(b"")
    assert main(["demo", "--dir", str(tmp_path)]) == 2
    assert "已经有数据库了" in capsys.readouterr().err

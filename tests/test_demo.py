"""`duban demo`: the sandbox, the real bot and the scripted conversation, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


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
    ):
        assert line in out, line
    assert (tmp_path / "demo" / "duban.sqlite3").is_file()
    assert "Traceback" not in out


def test_demo_in_english(capsys: pytest.CaptureFixture[str]) -> None:
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
    ):
        assert line in out, line


def test_demo_refuses_a_folder_that_already_has_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "duban.sqlite3").write_bytes(b"")
    assert main(["demo", "--dir", str(tmp_path)]) == 2
    assert "已经有数据库了" in capsys.readouterr().err

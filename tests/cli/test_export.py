"""`duban export FILE`: the ledger or the bulletin by the file's extension, written where asked,
and one sentence when the extension is neither or there is no plan."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.cli.main import main
from bot.exports import fonts
from bot.exports.ledger import HEADER_ROW


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with its own settings file and database; returns the config path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite3"}"\n', encoding="utf-8"
    )
    return config


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


@pytest.fixture
def imported(env: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    return env


def test_export_ledger_xlsx(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = imported.parent / "out" / "台账.xlsx"
    assert run(imported, "export", str(target)) == 0
    assert capsys.readouterr().out.strip() == f"已写入台账：{target}"
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["台账", "报送记录", "单位与联络员"]
    # two title rows, the header, the sample notice's 31 tasks
    assert book["台账"].max_row == HEADER_ROW + 31
    assert book["报送记录"].max_row == HEADER_ROW  # nothing reported yet: the header alone


def test_export_bulletin_docx(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(imported, "export", "bulletin.docx", "--lang", "en") == 0
    written = imported.parent / "bulletin.docx"
    assert capsys.readouterr().out.strip() == f"Wrote the draft bulletin: {written}"
    lines = [p.text for p in Document(str(written)).paragraphs]
    assert lines[0].startswith("Key tasks 2026: progress report for")


def test_a_bulletin_says_which_office_fonts_this_machine_lacks(
    imported: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"SimHei", "FangSong"}))
    assert run(imported, "export", "通报.docx") == 0
    written, note = capsys.readouterr().out.strip().split("\n")
    assert written == f"已写入通报草稿：{imported.parent / '通报.docx'}"
    assert note.startswith("注意：本机未安装方正小标宋简体、楷体_GB2312、仿宋_GB2312")
    everything = {"FZXiaoBiaoSong-B05S", "SimHei", "KaiTi_GB2312", "FangSong_GB2312"}
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset(everything))
    assert run(imported, "export", "通报.docx") == 0
    assert capsys.readouterr().out.count("\n") == 1  # only the file written


def test_an_unknown_extension_is_one_sentence(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(imported, "export", "summary.pdf") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "summary.pdf" in err and ".xlsx" in err and ".docx" in err
    assert not (imported.parent / "summary.pdf").exists()


def test_no_plan_yet_is_said(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, "export", "台账.xlsx") == 2
    assert "还没有导入任务分解通知" in capsys.readouterr().err
    assert not (env.parent / "台账.xlsx").exists()


@pytest.mark.parametrize("deadline", ["上半年", "全年"])
def test_deadline_chooses_the_round(
    imported: Path, capsys: pytest.CaptureFixture[str], deadline: str
) -> None:
    """``--deadline`` exports that deadline's round, whatever the current one is today."""
    ledger, bulletin = imported.parent / "台账.xlsx", imported.parent / "通报.docx"
    assert run(imported, "export", str(ledger), "--deadline", deadline) == 0
    assert run(imported, "export", str(bulletin), "--deadline", deadline) == 0
    assert capsys.readouterr().err == ""
    subtitle = str(load_workbook(io.BytesIO(ledger.read_bytes()))["台账"].cell(2, 1).value)
    assert subtitle.startswith(f"报送节点：{deadline}（")
    title = Document(str(bulletin)).paragraphs[0].text
    assert title == f"关于2026年重点任务{deadline}推进情况的通报"


def test_an_unknown_deadline_is_one_sentence(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(imported, "export", "台账.xlsx", "--deadline", "三季度") == 2
    err = capsys.readouterr().err.strip()
    assert err == "没有名为“三季度”的报送节点：现有节点为 上半年、全年。"
    assert not (imported.parent / "台账.xlsx").exists()

"""``duban import`` of hostile files and ``duban template``, as a coordinator runs them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli.main import main
from bot.importer.template import NOTES_SHEET, TASK_SHEET
from tests.importer import hostile


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite3"}"\n', encoding="utf-8")
    return path


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def test_a_whole_sheet_merge_is_one_sentence_and_exit_1(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config.parent / "merge.xlsx").write_bytes(hostile.whole_sheet_merge_xlsx())
    assert run(config, "import", "merge.xlsx") == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0].startswith("导入失败（文件 merge.xlsx）：工作表“任务”的合并单元格")
    assert "duban template" in lines[-1]
    assert len(lines) == 2 and "Traceback" not in err
    assert not (config.parent / "db.sqlite3").exists()  # nothing stored, not even a database


def test_a_zip_bomb_in_english(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (config.parent / "bomb.docx").write_bytes(hostile.docx_bomb(60))
    assert run(config, "import", "bomb.docx", "--lang", "en") == 1
    assert "may be a zip bomb" in capsys.readouterr().err


def test_template_writes_a_sheet_that_imports(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config, "template", "任务表.xlsx") == 0
    assert "任务表.xlsx" in capsys.readouterr().out
    path = config.parent / "任务表.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == [TASK_SHEET, NOTES_SHEET]
    book[TASK_SHEET].append([1, "推进城市更新行动", "区住建局", "区财政局", "年内", None])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert run(config, "import", "任务表.xlsx") == 0
    assert "新增 1 项任务" in capsys.readouterr().out


def test_template_refuses_to_overwrite_and_wants_xlsx(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config.parent / "mine.xlsx").write_bytes(b"keep me")
    assert run(config, "template", "mine.xlsx") == 1
    assert (config.parent / "mine.xlsx").read_bytes() == b"keep me"
    assert "已经存在" in capsys.readouterr().err
    assert run(config, "template", "tasks.csv") == 2
    assert ".xlsx" in capsys.readouterr().err


def test_template_in_english_adds_english_notes(config: Path) -> None:
    assert run(config, "template", "t.xlsx", "--lang", "en") == 0
    notes = load_workbook(config.parent / "t.xlsx")[NOTES_SHEET]
    assert any("not imported" in str(c.value) for c in notes["A"])

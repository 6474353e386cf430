"""`duban export FILE`: the ledger or the bulletin by the file's extension, written where asked,
and one sentence when the extension is neither or there is no plan."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.cli import main


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
    assert book["台账"].max_row == 31 + 1  # the sample notice's 31 tasks and the header
    assert book["报送记录"].max_row == 1  # nothing reported yet: the header alone


def test_export_bulletin_docx(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(imported, "export", "bulletin.docx", "--lang", "en") == 0
    written = imported.parent / "bulletin.docx"
    assert capsys.readouterr().out.strip() == f"Wrote the draft bulletin: {written}"
    lines = [p.text for p in Document(str(written)).paragraphs]
    assert lines[0].startswith("Key tasks 2026: progress report for")


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

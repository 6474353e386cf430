"""``duban --help`` and every subcommand's help in the user's language: ``--lang``, else the
settings' ``[locale] language``, else Chinese; every help string has its Chinese line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.help import help_language, help_strings
from bot.cli.main import build_parser, main
from bot.locale.cli_help_zh import HELP


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no config.toml here
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    return tmp_path


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_every_help_string_has_a_chinese_line() -> None:
    missing = [text for text in help_strings(build_parser("en")) if text not in HELP]
    assert missing == [], "add these to bot/locale/cli_help_zh.py"


def test_help_is_chinese_by_default(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = help_text(capsys, "--help")
    assert top.startswith("用法：duban")
    assert "导入任务分解通知" in top and "选项" in top and "显示本帮助并退出" in top
    assert "import a notice" not in top and "show this help" not in top
    sub = help_text(capsys, "import", "--help")
    assert "只显示预览，不写入" in sub and "--dry-run" in sub and "show the preview" not in sub


def test_lang_en_gives_english_help(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = help_text(capsys, "--lang", "en", "--help")
    assert top.startswith("usage: duban") and "import a notice" in top and "用法" not in top
    sub = help_text(capsys, "summary", "--help", "--lang=en")
    assert "only tasks not reported yet" in sub and "--json prints one object" in sub


def test_the_settings_language_decides_when_no_lang_is_given(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = folder / "english.toml"
    config.write_text('[locale]\nlanguage = "en"\n', encoding="utf-8")
    assert "show the preview; write nothing" in help_text(
        capsys, "--config", str(config), "import", "--help"
    )
    assert help_language(["--config", str(config), "--lang", "zh"]) == "zh"  # --lang wins


def test_a_broken_settings_file_still_gets_help(folder: Path) -> None:
    bad = folder / "bad.toml"
    bad.write_text("[locale\n", encoding="utf-8")
    assert help_language(["--config", str(bad), "--help"]) == "zh"

"""The message catalog: both languages complete, and a sentence for every importer code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bot.texts import EN, ZH, format_due, format_time_limit, message, t

BOT = Path(__file__).resolve().parents[1] / "bot"
CODE = re.compile(r"(NoticeError|ParseWarning|self\.warn)\(\s*\"([a-z_]+)\"")


def codes_in_source() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in BOT.rglob("*.py"):
        for kind, code in CODE.findall(path.read_text(encoding="utf-8")):
            found.add(("error" if kind == "NoticeError" else "warning", code))
    return found


def test_both_languages_have_the_same_keys() -> None:
    assert set(ZH) == set(EN)


def test_every_importer_code_has_a_sentence_in_both_languages() -> None:
    codes = codes_in_source()
    assert len(codes) > 20  # the scan itself works
    missing = sorted(f"{kind}.{code}" for kind, code in codes if f"{kind}.{code}" not in ZH)
    assert missing == []


def test_placeholders_agree_between_languages() -> None:
    field = re.compile(r"{(\w+)}")
    for key in ZH:
        assert set(field.findall(ZH[key])) == set(field.findall(EN[key])), key


def test_rendering_fills_params_and_joins_lists() -> None:
    text = message(
        "warning", "deadline_names_mismatch", {"dates": ["7月1日", "9月1日"], "names": ["上半年"]}
    )
    assert "7月1日、9月1日" in text
    assert "7月1日, 9月1日" in t(
        "warning.deadline_names_mismatch", "en", dates=["7月1日", "9月1日"], names=[]
    )
    assert (
        t("cli.imported_same", "en", plan_id=3) == "Plan #3 is already up to date; nothing changed."
    )
    assert t("cli.imported_same", "zh", plan_id=3) == "计划 #3 已是最新，没有任何变化。"


def test_a_time_limit_reads_as_a_day_with_its_year_only_when_it_is_another() -> None:
    june = date(2021, 6, 30)
    assert format_time_limit(june, "6月底前", "zh", year=2021) == "6月30日"
    assert format_time_limit(june, "6月底前", "en", year=2021) == "Jun 30"
    assert format_time_limit(june, None, "zh", year=2022) == "2021年6月30日"
    assert format_time_limit(june, None, "en", year=2022) == "Jun 30, 2021"
    assert format_time_limit(None, "长期坚持", "en", year=2021) == "长期坚持"  # the notice's words
    assert format_time_limit(None, None, "zh", year=2021) is None


def test_a_date_shows_its_year_only_when_it_is_not_this_year() -> None:
    from datetime import date

    from bot.texts import format_date

    today = date(2026, 12, 20)
    assert format_date(date(2026, 12, 25), today=today) == "12月25日（周五）"
    assert format_date(date(2027, 1, 15), today=today) == "2027年1月15日（周五）"
    assert format_date(date(2027, 1, 15), "en", today=today) == "Fri 15 Jan 2027"
    # a deadline seen through its days left: 26 days after 20 Dec 2026 is next year
    assert format_due(date(2027, 1, 15), 26) == "2027年1月15日（周五）"
    assert format_due(date(2026, 7, 10), 39, "en") == "Fri 10 Jul"
    assert (
        format_due(date(2025, 12, 31), -2) == "2025年12月31日（周三）"
    )  # late, across the new year

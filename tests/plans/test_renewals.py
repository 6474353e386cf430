"""A notice whose deadlines are all past: which next deadlines are suggested
(``bot.plans.deadlines.renewals``), and the warning in ``duban import``'s preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.importer.model import ParsedDeadline
from bot.plans.deadlines import Renewal, renewal_name, renewals
from tests.cli.test_commands import env, run  # noqa: F401  (env is a fixture)
from tests.support.world import sample_notice

HALF = ParsedDeadline("上半年", date(2021, 7, 15))
YEAR = ParsedDeadline("全年", date(2021, 12, 25))


def test_every_deadline_past_suggests_each_in_the_first_year_it_is_ahead() -> None:
    assert renewals([HALF, YEAR], date(2022, 3, 1)) == [
        Renewal("上半年", "2022年上半年", date(2022, 7, 15)),
        Renewal("全年", "2022年全年", date(2022, 12, 25)),
    ]
    # after this year's 上半年 day, that one goes to next year (and comes after 全年)
    assert [(r.name, r.due) for r in renewals([HALF, YEAR], date(2026, 8, 1))] == [
        ("2026年全年", date(2026, 12, 25)),
        ("2027年上半年", date(2027, 7, 15)),
    ]


@pytest.mark.parametrize(
    "deadlines",
    [
        [HALF, ParsedDeadline("全年", date(2022, 12, 25))],  # one still ahead
        [HALF, ParsedDeadline("全年", date(2022, 3, 1))],  # due today is not past
        [ParsedDeadline("每月", date(2021, 1, 25), "FREQ=MONTHLY;BYMONTHDAY=25")],  # recurs
        [],  # nothing to renew
    ],
)
def test_nothing_is_suggested_while_a_deadline_is_ahead(deadlines: list[ParsedDeadline]) -> None:
    assert renewals(deadlines, date(2022, 3, 1)) == []


def test_a_rule_that_ended_is_past_too() -> None:
    ended = ParsedDeadline("季报", date(2021, 3, 30), "FREQ=MONTHLY;INTERVAL=3;COUNT=2")
    assert [r.due for r in renewals([ended], date(2022, 3, 1))] == [date(2022, 3, 30)]


def test_names_carry_the_new_year_once() -> None:
    assert renewal_name("2021年上半年", 2027) == "2027年上半年"
    assert renewal_name("上半年", 2027) == "2027年上半年"
    leap = ParsedDeadline("二月", date(2024, 2, 29))
    assert [r.due for r in renewals([leap], date(2025, 1, 1))] == [date(2025, 2, 28)]


def test_duban_import_warns_when_every_deadline_is_past(
    env: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = tmp_path / "旧通知.txt"
    old.write_bytes(sample_notice().replace(b"2026", b"2019"))
    assert run(env, "import", str(old), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "⚠️ 通知中的报送节点都已过去（最晚的是“全年”，2019-12-25）" in out
    assert "duban deadline add" in out and "年上半年" in out


def test_duban_import_of_a_current_notice_has_no_such_warning(
    env: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ahead = tmp_path / "新通知.txt"
    ahead.write_bytes(sample_notice().replace(b"2026", b"2099"))
    assert run(env, "import", str(ahead), "--dry-run") == 0
    assert "报送节点都已过去" not in capsys.readouterr().out

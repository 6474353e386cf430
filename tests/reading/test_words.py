"""Status words with their negations, and spoken percentages."""

from __future__ import annotations

import pytest

from bot.reading.words import find_percent_words, first_status
from db.enums import ReportStatus

DONE, ON, BEHIND, NOT = (
    ReportStatus.DONE,
    ReportStatus.ON_TRACK,
    ReportStatus.BEHIND,
    ReportStatus.NOT_STARTED,
)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已完成", DONE),
        ("完成", DONE),
        ("已办结", DONE),
        ("全面完成", DONE),
        ("已完层", DONE),
        ("均已完成", DONE),
        ("序时推进", ON),
        ("序时推近", ON),
        ("有序推进中", ON),
        ("稳步推进", ON),
        ("按计划推进", ON),
        ("基本完成序时任务", ON),
        ("滞后", BEHIND),
        ("进度滞后", BEHIND),
        ("未达序时", BEHIND),
        ("推进较慢", BEHIND),
        ("未启动", NOT),
        ("尚未启动", NOT),
        ("还没开始", NOT),
        ("未滞后", ON),
        ("没有滞后", ON),
    ],
)
def test_status_words(text: str, status: ReportStatus) -> None:
    assert first_status(text) is status


@pytest.mark.parametrize(
    "text",
    [
        "未完成",
        "还没有完成",
        "完成投资3亿元",
        "已完成全年任务的60%",
        "完成八成",
        "预计6月底完成",
        "9月底前完成",
        "筹备中",
    ],
)
def test_no_status(text: str) -> None:
    assert first_status(text) is None


def test_a_correction_drops_what_came_before() -> None:
    assert first_status("未启动？不对，已落地2个项目，序时推进") is ON


@pytest.mark.parametrize(("text", "value"), [("五成", 50), ("过半", 50), ("七成五", 75)])
def test_percent_words(text: str, value: float) -> None:
    [word] = find_percent_words(text)
    assert word.percent == value


def test_completion_is_not_a_percent_word() -> None:
    assert find_percent_words("已完成") == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("done", ReportStatus.DONE),
        ("Completed last week", ReportStatus.DONE),
        ("on track", ReportStatus.ON_TRACK),
        ("still in progress", ReportStatus.ON_TRACK),
        ("behind schedule", ReportStatus.BEHIND),
        ("delayed by the rain", ReportStatus.BEHIND),
        ("not started yet", ReportStatus.NOT_STARTED),
        ("not yet started", ReportStatus.NOT_STARTED),
        ("not done", None),
        ("abandoned", None),  # "done" inside a word is not the word
    ],
)
def test_english_status_words(text: str, status: ReportStatus | None) -> None:
    assert first_status(text) is status


def test_started_is_on_track_unless_negated() -> None:
    from bot.reading.words import first_status
    from db.enums import ReportStatus

    assert first_status("形象提升行动已启动") is ReportStatus.ON_TRACK
    assert first_status("形象提升行动尚未正式启动") is ReportStatus.NOT_STARTED
    assert first_status("还没有正式启动") is ReportStatus.NOT_STARTED

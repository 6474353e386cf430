"""The reminder message as a plain view: it fits one message and Telegram's button limit
however long the list, and the escalation and calendar warning read as written."""

from __future__ import annotations

from datetime import date

from bot.reminders.message import TASK_BUTTONS, reminder_view
from bot.reminders.owed import ReminderContent, TaskItem

H1 = date(2026, 7, 10)


def test_a_huge_reminder_still_fits_one_message() -> None:
    items = tuple(
        TaskItem(i, f"九.{i}", "推进重点项目建设并按期完成年度投资计划") for i in range(300)
    )
    huge = ReminderContent(
        kind="after",
        deadline="全年",
        due=H1,
        days_left=-3,
        departments=(("区发改委", items[:150]), ("区财政局", items[150:])),
        late=(),
        year=None,
        delivery_id=12,
    )
    for lang in ("zh", "en"):
        view = reminder_view(huge, lang)
        text = view.text
        assert len(text.encode("utf-16-le")) // 2 <= 4096
        count = sum(len(row) for row in view.buttons)
        assert count == TASK_BUTTONS + 1 <= 100
        assert "九.0" in text and "九.299" in text  # every code still listed, compactly
    assert "其余请发送 /report 报送" in reminder_view(huge, "zh").text


def test_escalation_and_calendar_messages() -> None:
    late = ReminderContent(
        kind="escalation",
        deadline="上半年",
        due=H1,
        days_left=-4,
        departments=(),
        late=(("区发改委", 6), ("区商务委", 2)),
        year=None,
        delivery_id=3,
    )
    view = reminder_view(late, "zh")
    assert view.buttons == [] and view.task_ids == ()
    assert view.text.splitlines() == [
        "📋 逾期未报送：上半年，7月10日（周五）截止，已逾期 4 天",
        "以下 2 个单位仍有 8 项任务未报送：",
        "• 区发改委：6 项",
        "• 区商务委：2 项",
        "发送 /summary 未报送 查看逐项明细，/export 导出台账。",
    ]
    warning = ReminderContent("calendar", None, None, None, (), (), 2027, 4)
    for lang in ("zh", "en"):
        said = reminder_view(warning, lang).text
        assert "2027" in said and "[calendar] holidays" in said and "[calendar] workdays" in said

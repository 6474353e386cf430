"""Reminder controls end to end through the real bot in the sandbox: the coordinator's /deadline,
/pause and /resume for liaisons and coordinators, and the 下个工作日再提醒 button — plus the
reminder message itself as the sender will post it (text and buttons within Telegram's limits).

A liaison's own pause is set at once here (``[reminders] liaison_pause = "direct"``); the default,
a request a coordinator decides, is in ``test_pause_requests.py``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from bot.callbacks import Action, decode, encode
from bot.reminders.message import reminder_view
from bot.reminders.owed import content
from db.enums import DeadlineSource, DeliveryStatus
from db.models import (
    Deadline,
    Department,
    DepartmentPause,
    Liaison,
    ReminderDelivery,
    ReminderSnooze,
)
from tests.support.world import (
    COORDINATOR,
    LIAISON,
    LIAISON_2,
    STRANGER,
    World,
    start_world,
    stop_world,
)

H1 = date(2026, 7, 10)  # the sample notice's 上半年


@pytest.fixture
def liaison(imported: World) -> World:
    """李娜 is the liaison of 区商务委; Alex (English) of 区科技局."""
    imported.join(LIAISON, "区商务委")
    imported.join(LIAISON_2, "区科技局")
    return imported


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[World]:
    """The same liaisons, with liaison_pause = "direct": a liaison's /pause takes effect at once."""
    world = start_world(tmp_path, reminders={"liaison_pause": "direct"})
    try:
        world.import_sample()
        world.join(LIAISON, "区商务委")
        world.join(LIAISON_2, "区科技局")
        yield world
        assert world.sandbox.violations == []
    finally:
        stop_world(world)


def deadlines(world: World) -> dict[str, tuple[date, str | None, DeadlineSource, bool]]:
    with Session(world.engine) as session:
        return {
            d.name: (d.due, d.rule, d.source, d.removed_at is not None)
            for d in session.exec(select(Deadline)).all()
        }


def pauses(world: World) -> dict[str, tuple[date, str | None]]:
    with Session(world.engine) as session:
        rows = session.exec(
            select(Department.name, DepartmentPause.until, DepartmentPause.reason).join(
                Department, col(Department.id) == col(DepartmentPause.department_id)
            )
        ).all()
    return {name: (until, reason) for name, until, reason in rows}


def text_of(world: World, user: int, command: str) -> str:
    return world.say(user, command)[-1].text or ""


# --- /deadline ---------------------------------------------------------------------------------


def test_the_coordinator_lists_adds_moves_and_removes_deadlines(imported: World) -> None:
    listing = text_of(imported, COORDINATOR, "/deadline")
    assert "上半年：2026年7月10日（周五），来自通知" in listing
    assert "全年：2026年12月25日（周五），来自通知" in listing
    assert "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=30" in listing  # the usage's examples

    added = text_of(imported, COORDINATOR, "/deadline add 月报 FREQ=MONTHLY;BYMONTHDAY=25")
    assert "已新增报送节点“月报”" in added and "下次 2026年6月25日（周四）" in added
    assert deadlines(imported)["月报"] == (
        date(2026, 6, 25),
        "FREQ=MONTHLY;BYMONTHDAY=25",
        DeadlineSource.MANUAL,
        False,
    )
    once = text_of(imported, COORDINATOR, "/deadline add 专项督查 2026-06-30")
    assert "已新增报送节点“专项督查”" in once

    moved = text_of(imported, COORDINATOR, "/deadline move 上半 2026-07-13")
    assert "已调整报送节点“上半年”" in moved and "2026年7月13日（周一）" in moved
    assert deadlines(imported)["上半年"][0] == date(2026, 7, 13)

    removed = text_of(imported, COORDINATOR, "/deadline remove 月报")
    assert "已删除报送节点“月报”" in removed
    assert deadlines(imported)["月报"][3] is True
    assert "月报：已删除" in text_of(imported, COORDINATOR, "/deadline")


def test_deadline_mistakes_are_explained(imported: World) -> None:
    assert "没有找到名称包含“三季度”" in text_of(
        imported, COORDINATOR, "/deadline move 三季度 2026-09-01"
    )
    assert "已经过去" in text_of(imported, COORDINATOR, "/deadline add 补报 2026-05-01")
    assert "不是有效日期" in text_of(imported, COORDINATOR, "/deadline add 补报 下周五")
    assert "不是可用的重复规则" in text_of(imported, COORDINATOR, "/deadline add 周报 FREQ=HOURLY")
    assert "用法" in text_of(imported, COORDINATOR, "/deadline shift 上半年")
    assert set(deadlines(imported)) == {"上半年", "全年"}


def test_deadline_is_for_coordinators_only(liaison: World) -> None:
    assert "仅限督办室" in text_of(liaison, LIAISON, "/deadline add 月报 2026-08-25")
    assert str(STRANGER) in text_of(liaison, STRANGER, "/deadline")  # who they are, not a list
    assert set(deadlines(liaison)) == {"上半年", "全年"}


# --- /pause and /resume ------------------------------------------------------------------------


def test_a_liaison_pauses_and_resumes_their_department(direct: World) -> None:
    liaison = direct
    shown = text_of(liaison, LIAISON, "/pause")
    assert "目前没有暂停提醒的单位" in shown and "/pause 2026-08-01 出差" in shown

    paused = text_of(liaison, LIAISON, "/pause 2026-08-01 出差")
    assert "已暂停 1 个单位的报送提醒" in paused
    assert "区商务委：暂停至 2026年8月1日（周六），事由：出差" in paused
    assert pauses(liaison) == {"区商务委": (date(2026, 8, 1), "出差")}
    assert "区商务委：暂停至" in text_of(liaison, LIAISON, "/pause")

    assert "已恢复报送提醒：区商务委" in text_of(liaison, LIAISON, "/resume")
    assert pauses(liaison) == {}
    assert "没有暂停中的单位" in text_of(liaison, LIAISON, "/resume")


def test_a_pause_in_the_past_or_too_far_is_refused(liaison: World) -> None:
    assert "已经过去" in text_of(liaison, LIAISON, "/pause 2026-05-20")
    assert "暂停最长一年" in text_of(liaison, LIAISON, "/pause 2027-07-01 长期借调")
    english = text_of(liaison, LIAISON_2, "/pause 2026-05-20")
    assert "has passed" in english
    assert pauses(liaison) == {}


def test_the_coordinator_pauses_a_named_department(liaison: World) -> None:
    paused = text_of(liaison, COORDINATOR, "/pause 商务委 2026-06-20 外出学习")
    assert "区商务委：暂停至 2026年6月20日（周六），事由：外出学习" in paused
    assert pauses(liaison) == {"区商务委": (date(2026, 6, 20), "外出学习")}
    listing = text_of(liaison, COORDINATOR, "/pause")
    assert "区商务委：暂停至" in listing and "/pause 单位名称 日期" in listing
    assert "已恢复报送提醒：区商务委" in text_of(liaison, COORDINATOR, "/resume 商务委")
    assert pauses(liaison) == {}
    assert "/resume 单位名称" in text_of(liaison, COORDINATOR, "/resume")


def test_a_liaison_may_name_their_own_department_but_no_other(direct: World) -> None:
    liaison = direct
    assert "区商务委：暂停至" in text_of(liaison, LIAISON, "/pause 商务委 2026-07-01 培训")
    assert "仅限督办室" in text_of(liaison, LIAISON, "/pause 区科技局 2026-07-01")
    assert "仅限督办室" in text_of(liaison, LIAISON, "/resume 区科技局")
    assert pauses(liaison) == {"区商务委": (date(2026, 7, 1), "培训")}
    assert "已恢复报送提醒：区商务委" in text_of(liaison, LIAISON, "/resume 商务委")


def test_a_coordinator_without_a_department_gets_the_usage(imported: World) -> None:
    assert "/pause 单位名称 日期" in text_of(imported, COORDINATOR, "/pause 2026-08-01")
    assert pauses(imported) == {}


def test_a_stranger_cannot_pause(imported: World) -> None:
    assert str(STRANGER) in text_of(imported, STRANGER, "/pause 2026-08-01")
    assert pauses(imported) == {}


# --- the snooze button -------------------------------------------------------------------------


def ledger_row(world: World, user: int, *, kind: str = "before") -> int:
    """A reminder for ``user``'s liaison in the ledger, as the scheduler would have stored it."""
    now = world.clock.now
    with Session(world.engine) as session, session.begin():
        liaison = session.exec(select(Liaison).where(Liaison.telegram_user_id == user)).one()
        deadline = session.exec(select(Deadline).where(Deadline.name == "上半年")).one()
        row = ReminderDelivery(
            key=f"rem:{liaison.id}:{deadline.id}:{H1.isoformat()}:{kind}",
            kind=kind,
            slot="before-7",
            chat_id=user,
            liaison_id=liaison.id,
            deadline_id=deadline.id,
            deadline_due=H1,
            due_at=now,
            status=DeliveryStatus.SENT,
            next_attempt_at=now,
            sent_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def snoozes(world: World) -> list[tuple[int, date, datetime]]:
    with Session(world.engine) as session:
        rows = session.exec(select(ReminderSnooze)).all()
    return [(r.liaison_id, r.deadline_due, r.until.astimezone(UTC)) for r in rows]


def test_snooze_comes_back_tomorrow_at_nine_and_twice_is_once(liaison: World) -> None:
    delivery = ledger_row(liaison, LIAISON)
    message = liaison.sandbox.history(LIAISON)[-1]
    answer = liaison.forge(LIAISON, message, encode(Action.REMINDER_SNOOZE, delivery))
    # Monday 1 June 2026 in Beijing: back on Tuesday at 09:00 (01:00 UTC)
    assert answer[-1].text == "好的，明天 6月2日（周二） 09:00 再提醒您。"
    tuesday = datetime(2026, 6, 2, 1, 0, tzinfo=UTC)
    [(liaison_id, due, until)] = snoozes(liaison)
    assert (due, until) == (H1, tuesday)

    liaison.forge(LIAISON, message, encode(Action.REMINDER_SNOOZE, delivery))
    assert snoozes(liaison) == [(liaison_id, H1, tuesday)]


def test_snooze_on_a_friday_waits_for_monday(liaison: World) -> None:
    liaison.clock.now = datetime(2026, 6, 5, 2, 0, tzinfo=UTC)  # Friday 10:00 in Beijing
    delivery = ledger_row(liaison, LIAISON_2)
    message = liaison.sandbox.history(LIAISON_2)[-1]
    answer = liaison.forge(LIAISON_2, message, encode(Action.REMINDER_SNOOZE, delivery))
    assert "next working day (Mon 8 Jun) at 09:00" in (answer[-1].text or "")
    assert [until for _, _, until in snoozes(liaison)] == [datetime(2026, 6, 8, 1, 0, tzinfo=UTC)]


def test_only_the_liaison_it_was_for_can_snooze(liaison: World) -> None:
    delivery = ledger_row(liaison, LIAISON)
    message = liaison.sandbox.history(LIAISON_2)[-1]
    answer = liaison.forge(LIAISON_2, message, encode(Action.REMINDER_SNOOZE, delivery))
    assert "was not sent to you" in (answer[-1].text or "")
    gone = liaison.forge(LIAISON_2, message, encode(Action.REMINDER_SNOOZE, 999))
    assert "no longer current" in (gone[-1].text or "")
    assert snoozes(liaison) == []


# --- the reminder message ----------------------------------------------------------------------


def test_the_reminder_lists_the_missing_tasks_with_buttons(liaison: World) -> None:
    delivery = ledger_row(liaison, LIAISON)
    with Session(liaison.engine) as session:
        row = session.get_one(ReminderDelivery, delivery)
        said = content(
            session=session, settings=liaison.settings, delivery=row, now=liaison.clock.now
        )
    assert said is not None
    view = reminder_view(said, "zh")
    text = view.text
    assert text.startswith("⏰ 报送提醒：上半年\n截止日期：7月10日（周五），还有 39 天。")
    [(department, items)] = said.departments
    assert department == "区商务委" and f"【区商务委】尚未报送 {len(items)} 项：" in text
    assert all(f"• {item.code} {item.title}" in text for item in items)
    assert "直接回复本消息即可报送" in text
    buttons = [button for row in view.buttons for button in row]
    assert [label for label, _ in buttons[:-1]] == [f"📝 {item.code}" for item in items]
    pressed = [decode(data) for _, data in buttons]
    assert [c.action for c in pressed if c] == [Action.REPORT_TASK] * len(items) + [
        Action.REMINDER_SNOOZE
    ]
    assert buttons[-1][0] == "⏰ 下个工作日再提醒"
    assert view.task_ids == tuple(item.task_id for item in items)

    # the report button opens the guided flow on that task
    message = liaison.sandbox.history(LIAISON)[-1]
    opened = liaison.forge(LIAISON, message, buttons[0][1])
    assert items[0].code in (opened[-1].text or "")

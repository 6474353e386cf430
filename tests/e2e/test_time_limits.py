"""Per-task time limits (完成时限) end to end: a notice whose tasks state them is imported in the
chat, /tasks and a task's detail show them, and /summary shows a task past its own limit and
not reported done in red — until its department reports it done. The real bot, the sandbox, a
real SQLite file; the notice is invented (tests/data/notices/time-limits-in-text.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.sandbox import SentMessage
from db.models import Task
from tests.support.world import (
    COORDINATOR,
    LIAISON,
    LIAISON_2,
    World,
    button_data,
)

NOTICE = Path(__file__).resolve().parents[1] / "data" / "notices" / "time-limits-in-text.txt"


@pytest.fixture
def world(quiet_world: World) -> World:
    """The notice's monthly deadline is past on the world's day: no reminders (``quiet_world``)."""
    return quiet_world


def _import(world: World) -> SentMessage:
    preview = world.upload(COORDINATOR, NOTICE.name, NOTICE.read_bytes())[-1]
    world.press(COORDINATOR, preview, data=button_data(preview, "ic"))
    return preview


def test_time_limits_are_read_stored_and_shown_in_the_task_list_and_detail(world: World) -> None:
    preview = _import(world)
    # the world's clock: 2026-06-01; the notice is dated 2026-02-16
    assert "读到完成时限：5 项（如 一.1 5月31日（5月底前））" in (preview.text or "")
    with Session(world.engine) as session:
        stored = {t.code: (t.due, t.due_text) for t in session.exec(select(Task)).all()}
    assert {code: text for code, (_, text) in stored.items()} == {
        "一.1": "5月底前",
        "一.2": "年内完成",
        "一.3": "长期坚持",
        "二.1": "三季度末前完成",
        "二.2": "2027年6月底前完成",
        "二.3": None,
    }
    assert str(stored["二.2"][0]) == "2027-06-30" and stored["一.3"][0] is None

    listing = world.say(COORDINATOR, "/tasks 县住建局")[-1]
    text = listing.text or ""
    assert "【牵头】 二.1  改造老旧小区12个，三季度末前完成（时限 9月30日）" in text
    assert "二.2  建成县城污水处理厂二期，2027年6月底前完成（时限 2027年6月30日）" in text
    assert "【配合】 一.1  新建城区幼儿园2所，5月底前完成主体工程（时限 5月31日）" in text

    health = world.say(COORDINATOR, "/tasks 县卫健局")[-1]
    assert "（时限 长期坚持）" in (health.text or "")  # an open limit in the notice's words

    detail = world.press(COORDINATOR, listing, label=next(
        b for b in listing.button_texts() if b.startswith("二.1 ")
    ))[-1]  # fmt: skip
    assert "完成时限：9月30日（三季度末前完成）" in (detail.text or "")


def test_an_english_liaison_reads_the_limit_the_english_way(world: World) -> None:
    _import(world)
    world.join(LIAISON_2, "县住建局")
    text = world.say(LIAISON_2, "/tasks")[-1].text or ""
    assert "(due Sep 30)" in text and "(due Jun 30, 2027)" in text


def test_a_task_past_its_own_limit_and_not_done_is_red_until_reported_done(world: World) -> None:
    _import(world)
    # 一.1 was due 5月31日; 2026-06-01 is before every reporting deadline's occurrence ends
    pages = world.say(COORDINATOR, "/summary 县教育局")
    text = pages[0].text or ""
    assert "🔴 一.1 新建城区幼儿园2所，5月底前完成主体工程（已过时限 5月31日）" in text
    health = world.say(COORDINATOR, "/summary 县卫健局")[0].text or ""
    assert "🔴 一." not in health  # within their limits and not yet due to report: no light
    assert "⚪ 一.2 完成乡镇卫生院标准化改造10个，年内完成（时限 12月31日）" in health

    world.join(LIAISON, "县教育局")
    preview = world.say(LIAISON, "一.1 已完成，两所幼儿园主体工程已封顶")[-1]
    world.press(LIAISON, preview, data=button_data(preview, "fc"))
    text = world.say(COORDINATOR, "/summary 县教育局")[0].text or ""
    # the May round (25 May + 5 days' grace) had no report: this one fills it as 逾期报送, and
    # the June round still waits for its own report — no longer red, as the task is done
    assert "🔴 一.1" not in text
    assert "⚪ 一.1 新建城区幼儿园2所，5月底前完成主体工程（时限 5月31日）" in text

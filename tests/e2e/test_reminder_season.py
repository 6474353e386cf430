"""A reminder season through the real bot, slot by slot with the clock moved by the test: the
half-year deadline of the sample (Friday 10 July 2026), two liaisons, the coordinator.

- 14 and 7 days before, at 09:00 Beijing time, each liaison gets one reminder listing their
  department's unreported tasks; a second tick in the same slot sends nothing;
- nothing on a weekend;
- a liaison answers by replying to the reminder (no task code: the reminder names the task) and
  is not reminded again; the other keeps getting reminders, on the day and after it;
- after the deadline the coordinator gets the late departments with their missing counts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from db.models import Report
from scheduler.jobs import JOB_ID
from tests.support.world import COORDINATOR, LIAISON, LIAISON_2, World


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Beijing time (UTC+8, no DST), as the bot's clock holds it (UTC)."""
    return datetime(2026, month, day, hour - 8, minute, 30, tzinfo=UTC)


def tick_at(world: World, moment: datetime) -> dict[int, list[str]]:
    """Move the clock, fire the scheduler's tick, and return the texts each person received."""
    people = (LIAISON, LIAISON_2, COORDINATOR)
    before = {p: len(world.sandbox.messages(p)) for p in people}
    world.clock.now = moment
    assert world.bot.run_jobs_now(JOB_ID) == 1
    return {p: [m.text or "" for m in world.sandbox.messages(p)[before[p] :]] for p in people}


def test_a_season_of_reminders(imported: World) -> None:
    world = imported
    world.join(LIAISON, "区商务委")  # eight tasks
    world.join(LIAISON_2, "区教委")  # one task; Alex's Telegram is in English

    assert tick_at(world, at(6, 25)) == {LIAISON: [], LIAISON_2: [], COORDINATOR: []}

    got = tick_at(world, at(6, 26))  # Friday, 14 days before
    assert len(got[LIAISON]) == 1 and len(got[LIAISON_2]) == 1 and got[COORDINATOR] == []
    assert got[LIAISON][0].startswith("⏰ 报送提醒：上半年")
    assert "还有 14 天" in got[LIAISON][0]
    assert "【区商务委】尚未报送 8 项" in got[LIAISON][0]
    assert got[LIAISON_2][0].startswith("⏰ Reporting reminder: 上半年")
    assert tick_at(world, at(6, 26, 9, 5)) == {LIAISON: [], LIAISON_2: [], COORDINATOR: []}
    assert tick_at(world, at(6, 27, 10)) == {LIAISON: [], LIAISON_2: [], COORDINATOR: []}

    got = tick_at(world, at(7, 3))  # 7 days before
    assert len(got[LIAISON]) == 1 and len(got[LIAISON_2]) == 1
    # Alex replies to the reminder: it names one task, so "done" is enough
    reminder = world.sandbox.messages(LIAISON_2)[-1]
    reading = world.reply(LIAISON_2, reminder, "done, the new school building is in use")[-1]
    world.press(LIAISON_2, reading, "✅ Confirm")
    with Session(world.engine) as session:
        stored = session.exec(select(Report)).all()
    assert [(r.status.value, r.deadline_due) for r in stored] == [
        ("done", datetime(2026, 7, 10).date())
    ]

    got = tick_at(world, at(7, 7))  # 3 days before: only the department still owing
    assert len(got[LIAISON]) == 1 and got[LIAISON_2] == []
    got = tick_at(world, at(7, 10))  # the day
    assert got[LIAISON][0].startswith("⏰ 今天截止：上半年") and got[LIAISON_2] == []

    # after the deadline: every 2 working days (Fri 10 → Tue 14 July), and the escalation
    assert tick_at(world, at(7, 13)) == {LIAISON: [], LIAISON_2: [], COORDINATOR: []}
    got = tick_at(world, at(7, 14))
    assert len(got[LIAISON]) == 1 and got[LIAISON][0].startswith("⚠️ 逾期提醒：上半年")
    assert got[LIAISON_2] == []
    (escalation,) = got[COORDINATOR]
    assert escalation.startswith("📋 逾期未报送：上半年")
    assert "• 区商务委：8 项" in escalation
    assert "区教委" not in escalation
    assert escalation.endswith("发送 /summary 未报送 查看逐项明细，/export 导出台账。")

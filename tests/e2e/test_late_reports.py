"""Late reports and co-led tasks end to end: a liaison reports thirty days after 上半年 and the
coordinator's /summary counts it as 逾期报送 for 上半年 (not for 全年); a task with two lead units
reported by one is credited to that one; a notice whose deadlines are all past warns in the
preview and offers the next ones. The real bot, the sandbox, a real SQLite file."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from bot.sandbox import SentMessage
from db.models import Deadline, Report, Task
from tests.support.world import COORDINATOR, LIAISON, World, button_data, sample_notice

# the sample's 上半年 is 2026-07-10; the world starts on 2026-06-01 09:00 in Beijing
TO_THIRTY_DAYS_LATE = 69  # days: 2026-08-09, thirty days after 上半年 (past its 5 grace days)
QUESTION = "核对无误后请点“确认导入”。"


def confirm(world: World, user: int, text: str) -> tuple[SentMessage, SentMessage]:
    """The liaison sends ``text`` and confirms the reading: (the reading, the saved reply)."""
    reading = world.say(user, text)[-1]
    saved = world.press(user, reading, data=button_data(reading, "fc"))[-1]
    return reading, saved


def summary_text(world: World, words: str = "") -> str:
    sent = world.say(COORDINATOR, f"/summary {words}".strip())
    return next(m.text or "" for m in sent if m.photo is None)


def test_a_report_thirty_days_after_the_deadline_counts_as_late_for_it(imported: World) -> None:
    imported.join(LIAISON, "区商务委")
    imported.clock.advance(days=TO_THIRTY_DAYS_LATE)
    reading, saved = confirm(imported, LIAISON, "一.4 序时推进，社会消费品零售总额300亿元")
    # before Confirm the liaison is told what a report on a task not reported for 上半年 becomes
    assert "上半年（7月10日（周五）截止）已过报送期" in (reading.text or "")
    assert "已记为上半年逾期报送，逾期 30 天" in (saved.text or "")
    with Session(imported.engine) as session:
        (stored,) = session.exec(select(Report)).all()
    assert stored.deadline_due == date(2026, 7, 10)  # for 上半年, dated when it came
    assert stored.created_at == imported.clock.now

    half = summary_text(imported, "上半年")
    assert "其中逾期报送 1 项" in half
    assert "【逾期报送的任务】" in half and "一.4" in half
    assert "区商务委 逾期 30 天报送" in half
    # /summary 区商务委 上半年: the task itself, reported, marked late
    mine = summary_text(imported, "区商务委 上半年")
    assert "序时推进（逾期报送，逾期 30 天）" in mine
    assert "逾期报送 1 项" in mine  # the department's line

    # 全年 (the current deadline) is untouched: nothing reported for it yet
    year = summary_text(imported)
    assert year.startswith("📋 督办汇总 · 全年")
    assert "任务已报 0/" in year and "逾期报送" not in year

    # a second report on 一.4 now counts for 全年 (上半年 already has one)
    _, again = confirm(imported, LIAISON, "一.4 序时推进，社会消费品零售总额320亿元")
    assert "• 一.4 序时推进" in (again.text or "") and "已记为" not in (again.text or "")
    assert "任务已报 1/" in summary_text(imported)


def test_a_department_that_never_reported_stays_late(imported: World) -> None:
    imported.join(LIAISON, "区商务委")
    imported.clock.advance(days=TO_THIRTY_DAYS_LATE)
    confirm(imported, LIAISON, "一.4 序时推进")
    late = summary_text(imported, "上半年").split("【逾期未报齐的单位】", 1)[1]
    assert "区文旅委" in late  # reported nothing
    assert "区商务委：缺" in late  # 一.4 came late, its other tasks never did


def test_a_co_led_task_reported_by_one_lead_is_credited_to_that_unit_only(
    imported: World,
) -> None:
    imported.join(LIAISON, "区商务委")
    confirm(imported, LIAISON, "三.8 序时推进，线路已开通")  # led by 区文旅委 and 区商务委
    text = summary_text(imported, "区文旅委")
    block = text.split("三.8", 1)[1]
    assert "序时推进（区商务委）" in block
    assert "未报送的牵头单位：区文旅委" in block
    # 区文旅委 did not report 三.8: it is still missing it (co_leads = "each", the default)
    with Session(imported.engine) as session:
        tasks = session.exec(select(Task.code)).all()
    assert "三.8" in tasks
    open_ = text.split("【尚未报齐的单位】", 1)[1]
    assert "区文旅委：缺" in open_
    commerce = summary_text(imported, "区商务委")
    assert "未报送的牵头单位：区文旅委" in commerce


def test_a_notice_with_every_deadline_past_warns_and_offers_the_next_ones(
    quiet_world: World,
) -> None:
    world = quiet_world  # 2027 is a year the calendar does not know: no calendar note between
    world.clock.advance(days=220)  # 2027-01-07: after 全年 (2026-12-25)
    preview = world.upload(COORDINATOR, "清溪区任务.txt", sample_notice())[-1]
    text = preview.text or ""
    assert "⚠️ 通知中的报送节点都已过去（最晚的是“全年”，2026年12月25日" in text
    assert "/deadline add 2027年上半年 2027-07-10" in text
    assert "/deadline add 2027年全年 2027-12-25" in text
    assert text.index("报送节点都已过去") < text.index(QUESTION)  # the question stays last
    after = world.press(COORDINATOR, preview, data=button_data(preview, "ic"))
    offer = after[-1]
    assert "通知中的报送节点都已过去" in (offer.text or "")
    labels = offer.button_texts()
    assert labels[0].startswith("➕ 2027年上半年（2027年7月10日")
    added = world.press(COORDINATOR, offer, labels[0])[-1]
    assert "已新增报送节点“2027年上半年”" in (added.text or "")
    with Session(world.engine) as session:
        names = session.exec(
            select(Deadline.name, Deadline.due).where(col(Deadline.removed_at).is_(None))
        ).all()
    assert ("2027年上半年", date(2027, 7, 10)) in names
    # pressed again: the deadline exists, said in one sentence
    again = world.press(COORDINATOR, offer, labels[0])[-1]
    assert "2027年上半年" in (again.text or "") and "Traceback" not in (again.text or "")


def test_a_notice_with_a_deadline_ahead_has_no_such_warning(world: World) -> None:
    preview = world.upload(COORDINATOR, "清溪区任务.txt", sample_notice())[-1]
    assert "报送节点都已过去" not in (preview.text or "")
    after = world.press(COORDINATOR, preview, data=button_data(preview, "ic"))
    assert all("报送节点都已过去" not in (m.text or "") for m in after)

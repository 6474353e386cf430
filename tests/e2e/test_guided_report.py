"""/report end to end: task → status → figures → percentage → sentence → Save, with Back,
Cancel and the idle timeout, through the real bot and the sandbox."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from bot.sandbox import SentMessage
from db.enums import ReportStatus, SubmissionSource
from db.models import Report, Submission
from tests.e2e.test_reports import figures, reports, task_code
from tests.support.world import LIAISON, STRANGER, World


@pytest.fixture
def liaison(imported: World) -> World:
    imported.join(LIAISON, "区商务委")
    return imported


def tap(world: World, message: SentMessage, label: str) -> SentMessage:
    """Tap the button whose label starts with ``label``; the message shown after it."""
    full = next((b for b in message.button_texts() if b.startswith(label)), None)
    assert full is not None, f"no {label!r} button on {message.text!r}: {message.button_texts()}"
    return world.press(LIAISON, message, label=full)[-1]


def test_a_report_tapped_through_every_step_is_stored(liaison: World) -> None:
    pick = liaison.say(LIAISON, "/report")[-1]
    assert "请选择任务" in (pick.text or "") and "上半年" in (pick.text or "")
    assert "本期已报送 0 /" in (pick.text or "")
    status = tap(liaison, pick, "一.4")
    assert "任务 一.4" in (status.text or "")
    assert status.button_texts()[:4] == ["已完成", "序时推进", "滞后", "未启动"]

    figure = tap(liaison, status, "序时推进")
    assert "社会消费品零售总额" in (figure.text or "") and "亿元" in (figure.text or "")
    percent = liaison.say(LIAISON, "215")[-1]
    assert "百分比" in (percent.text or "")
    note = liaison.say(LIAISON, "55%")[-1]
    assert "一句话" in (note.text or "")
    confirm = liaison.say(LIAISON, "节后消费回暖，下半年加力")[-1]
    text = confirm.text or ""
    assert "社会消费品零售总额：215亿元" in text and "完成进度：55%" in text
    assert "说明：节后消费回暖，下半年加力" in text

    saved = tap(liaison, confirm, "✅ 保存")
    assert "已保存 1 项" in (saved.text or "")
    (report,) = reports(liaison)
    assert task_code(liaison, report.task_id) == "一.4"
    assert (report.status, report.percent, report.note) == (
        ReportStatus.ON_TRACK,
        55,
        "节后消费回暖，下半年加力",
    )
    assert figures(liaison, report.id or 0) == {"社会消费品零售总额": 215}
    with Session(liaison.engine) as session:
        (submission,) = session.exec(select(Submission)).all()
    assert submission.source is SubmissionSource.GUIDED
    assert "215" in report.raw_text and "节后消费回暖" in report.raw_text

    # the pick now lists the unreported tasks first, and the reported one last, marked
    page = liaison.say(LIAISON, "/report")[-1]
    assert "本期已报送 1 /" in (page.text or "")
    assert not any("一.4" in label for label in page.button_texts())
    while "▶" in page.button_texts():
        page = tap(liaison, page, "▶")
    assert next(label for label in page.button_texts() if "一.4" in label).startswith("✅ 一.4")


def test_back_undoes_a_step_and_skip_leaves_a_figure_out(liaison: World) -> None:
    status = tap(liaison, liaison.say(LIAISON, "/report 三.2")[-1], "已完成")
    # 三.2 has one target; done skips the percentage
    assert "新增A级物流企业" in (status.text or "")
    back = tap(liaison, status, "« 上一步")
    assert "请选择进展状态" in (back.text or "")
    figure = tap(liaison, back, "滞后")
    liaison.say(LIAISON, "abc")  # not a number: asked again, nothing moves
    assert "没看懂“abc”" in (liaison.sandbox.last_message(LIAISON).text or "")
    percent = tap(liaison, liaison.sandbox.last_message(LIAISON), "跳过")
    assert "百分比" in (percent.text or "")
    note = liaison.say(LIAISON, "30")[-1]
    confirm = tap(liaison, note, "跳过")
    saved = tap(liaison, confirm, "✅ 保存")
    assert "已保存 1 项" in (saved.text or "")
    (report,) = reports(liaison)
    assert (report.status, report.percent, report.note) == (ReportStatus.BEHIND, 30, None)
    assert figures(liaison, report.id or 0) == {}
    del figure


def test_cancel_at_any_step_stores_nothing(liaison: World) -> None:
    status = tap(liaison, liaison.say(LIAISON, "/report")[-1], "三.3")
    figure = tap(liaison, status, "已完成")
    cancelled = tap(liaison, figure, "✖ 取消")
    assert "已取消本次报送" in (cancelled.text or "")
    assert reports(liaison) == []
    with Session(liaison.engine) as session:
        assert session.exec(select(Submission)).all() == []
    # a button of the ended flow says so instead of acting
    liaison.forge(LIAISON, cancelled, "v1:rs:d")
    assert "已经结束" in liaison.sandbox.callback_answers()[-1].get("text", "")


def test_an_idle_report_times_out_politely(liaison: World) -> None:
    status = tap(liaison, liaison.say(LIAISON, "/report")[-1], "三.3")
    ran = liaison.bot.run_jobs_now("_trigger_timeout")  # as if the idle minutes had passed
    assert ran == 1
    notice = liaison.sandbox.last_message(LIAISON)
    assert "15 分钟没有操作" in (notice.text or "") and "没有保存" in (notice.text or "")
    liaison.press(LIAISON, status, label="已完成")
    assert "已经结束" in liaison.sandbox.callback_answers()[-1].get("text", "")
    assert reports(liaison) == []
    # free text works as usual afterwards
    preview = liaison.say(LIAISON, "三.3 已完成")[-1]
    assert "三.3" in (preview.text or "") and preview.buttons


def test_typed_text_during_report_answers_the_step_not_the_reader(liaison: World) -> None:
    status = tap(liaison, liaison.say(LIAISON, "/report")[-1], "三.8")
    figure = liaison.say(LIAISON, "推进中")[-1]  # the status typed instead of tapped
    assert "旅游总收入" in (figure.text or "")
    with Session(liaison.engine) as session:
        assert session.exec(select(Submission)).all() == []  # not read as a free-text report
    del status


def test_only_liaisons_report(liaison: World) -> None:
    answer = liaison.say(STRANGER, "/report")[-1]
    assert "只有已绑定单位的联络员" in (answer.text or "")


def test_a_task_detail_offers_to_report_it(liaison: World) -> None:
    listing = liaison.say(LIAISON, "/tasks")[-1]
    detail = tap(liaison, listing, "三.2")
    status = tap(liaison, detail, "📝 报送这项任务")
    assert "任务 三.2" in (status.text or "") and "请选择进展状态" in (status.text or "")
    with Session(liaison.engine) as session:
        assert session.exec(select(Report).order_by(col(Report.id))).all() == []

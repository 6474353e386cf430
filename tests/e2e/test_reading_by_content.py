"""Replies that name their tasks by content, end to end through the real bot and the sandbox:
read and confirmed, an unsure one settled with a button, and 已完成 to a task list asking which."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from db.enums import ReportStatus, SubmissionStatus
from db.models import Report, ReportFigure, Submission, Target, Task
from tests.support.world import LIAISON, World, button_data


@pytest.fixture
def liaison(imported: World) -> World:
    """李娜 is the liaison of 区商务委 (一.4 社零, 三.2 物流企业, 三.3 物流服务站点 …)."""
    imported.join(LIAISON, "区商务委")
    return imported


def stored(world: World) -> list[tuple[str, ReportStatus, dict[str, float]]]:
    with Session(world.engine) as session:
        out = []
        for report in session.exec(select(Report).order_by(col(Report.id))).all():
            task = session.get(Task, report.task_id)
            assert task is not None
            figures = session.exec(
                select(Target.subject, ReportFigure.value)
                .join(Target, col(Target.id) == col(ReportFigure.target_id))
                .where(ReportFigure.report_id == report.id)
            ).all()
            out.append((task.code, report.status, dict(figures)))
        return out


def test_a_reply_naming_its_task_by_content_is_read_and_stored_on_confirm(
    liaison: World,
) -> None:
    preview = liaison.say(LIAISON, "社零完成230亿元，序时推进")[-1]
    text = preview.text or ""
    assert "一.4" in text and "社会消费品零售总额 230亿元" in text and "序时推进" in text
    assert "不确定" not in text
    assert stored(liaison) == []  # nothing before Confirm
    saved = liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    assert "已保存 1 项" in (saved[-1].text or "")
    assert stored(liaison) == [("一.4", ReportStatus.ON_TRACK, {"社会消费品零售总额": 230})]


def test_an_unsure_reply_offers_the_likely_tasks_and_the_one_tapped_is_stored(
    liaison: World,
) -> None:
    preview = liaison.say(LIAISON, "物流服务站点和物流企业培育正常推进")[-1]
    text = preview.text or ""
    assert "三.3" in text and "不确定" in text and "三.2" in text
    assert all(len(b.data.encode()) < 64 for row in preview.buttons for b in row if b.data)
    assert "三.3 改为 三.2" in preview.button_texts()
    assert stored(liaison) == []
    # the tapped task replaces the guess in the same message, still waiting for Confirm
    chosen = liaison.press(LIAISON, preview, label="三.3 改为 三.2")[-1]
    assert chosen.message_id == preview.message_id
    assert "三.2" in (chosen.text or "") and "不确定" not in (chosen.text or "")
    assert stored(liaison) == []
    liaison.press(LIAISON, chosen, data=button_data(chosen, "fc"))
    assert stored(liaison) == [("三.2", ReportStatus.ON_TRACK, {})]
    # the first reading was set aside, never stored
    with Session(liaison.engine) as session:
        statuses = session.exec(select(Submission.status).order_by(col(Submission.id))).all()
    assert list(statuses) == [SubmissionStatus.DISCARDED, SubmissionStatus.CONFIRMED]
    # its old button, pressed again, changes nothing
    again = liaison.forge(LIAISON, preview, button_data(preview, "fp"))
    assert "已作废" in (again[-1].text or "")
    assert len(stored(liaison)) == 1


def test_done_replied_to_a_task_list_asks_which_task(liaison: World) -> None:
    listing = liaison.say(LIAISON, "/tasks")[-1]
    asked = liaison.reply(LIAISON, listing, "已完成")[-1]
    text = asked.text or ""
    assert "请选择这条报送（“已完成”）是关于哪一项" in text
    assert "没能从您的消息中认出" not in text
    labels = asked.button_texts()
    assert any(label.startswith("一.4") for label in labels)
    assert any(label.startswith("三.3") for label in labels)
    assert stored(liaison) == []
    label = next(label for label in labels if label.startswith("三.3"))
    preview = liaison.press(LIAISON, asked, label=label)[-1]
    assert "三.3" in (preview.text or "") and "已完成" in (preview.text or "")
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    assert stored(liaison) == [("三.3", ReportStatus.DONE, {})]


def test_report_with_a_task_named_by_content_goes_straight_to_it(liaison: World) -> None:
    status = liaison.say(LIAISON, "/report 社零")[-1]
    assert "任务 一.4" in (status.text or "")
    assert status.button_texts()[:4] == ["已完成", "序时推进", "滞后", "未启动"]
    # words naming no task surely still show the pick
    pick = liaison.say(LIAISON, "/report 物流")[-1]
    assert "请选择任务" in (pick.text or "")

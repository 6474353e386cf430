"""Progress reports end to end: a liaison writes, replies, taps through /report, corrects and
looks back; the real bot reads and stores, through the sandbox, into a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from db.enums import ReportStatus, SubmissionStatus
from db.models import (
    Department,
    InboundMessage,
    MessageEdit,
    Report,
    ReportFigure,
    Submission,
    Target,
    Task,
)
from tests.support.world import COORDINATOR, LIAISON, LIAISON_2, World, button_data

TWO_TASKS = "一.4 序时推进，社会消费品零售总额215亿元；三.3 已完成，建成村级物流服务站点120个"


@pytest.fixture
def liaison(imported: World) -> World:
    """李娜 is the liaison of 区商务委 (一.4, 二.5, 三.2, 三.3, 三.8 and group tasks)."""
    imported.join(LIAISON, "区商务委")
    return imported


def reports(world: World) -> list[Report]:
    with Session(world.engine) as session:
        return list(session.exec(select(Report).order_by(col(Report.id))).all())


def task_code(world: World, task_id: int) -> str:
    with Session(world.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.code


def figures(world: World, report_id: int) -> dict[str, float]:
    with Session(world.engine) as session:
        rows = session.exec(
            select(Target.subject, ReportFigure.value)
            .join(Target, col(Target.id) == col(ReportFigure.target_id))
            .where(ReportFigure.report_id == report_id)
        ).all()
    return dict(rows)


def submissions(world: World) -> list[Submission]:
    with Session(world.engine) as session:
        return list(session.exec(select(Submission).order_by(col(Submission.id))).all())


# --- free text -------------------------------------------------------------------------------


def test_a_message_is_read_task_by_task_and_stored_on_confirm(liaison: World) -> None:
    preview = liaison.say(LIAISON, TWO_TASKS)[-1]
    text = preview.text or ""
    assert "一.4" in text and "序时推进" in text and "社会消费品零售总额 215亿元" in text
    assert "三.3" in text and "已完成" in text and "建成村级物流服务站点 120个" in text
    assert "上半年" in text  # the deadline it is reported for
    assert reports(liaison) == []  # nothing is stored before Confirm

    saved = liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    assert "已保存 2 项" in (saved[-1].text or "")
    stored = reports(liaison)
    assert [(task_code(liaison, r.task_id), r.status) for r in stored] == [
        ("一.4", ReportStatus.ON_TRACK),
        ("三.3", ReportStatus.DONE),
    ]
    assert figures(liaison, stored[0].id or 0) == {"社会消费品零售总额": 215}
    assert figures(liaison, stored[1].id or 0) == {"建成村级物流服务站点": 120}
    message = liaison.sent_by(LIAISON)
    assert {(r.raw_text, r.chat_id, r.message_id) for r in stored} == {
        (TWO_TASKS, LIAISON, message.message_id)
    }
    assert {r.deadline_due for r in stored} == {date(2026, 7, 10)}
    # the buttons are gone; a second (forged) tap stores nothing more
    settled = liaison.sandbox.messages(LIAISON)[-2]
    assert settled.buttons == [] and (settled.text or "").endswith("✅ 已确认。")
    assert "社会消费品零售总额 215亿元" in (settled.text or "")  # the reading stays readable
    again = liaison.forge(LIAISON, preview, button_data(preview, "fc"))
    assert "已经确认保存过了" in (again[-1].text or "")
    assert len(reports(liaison)) == 2


def test_edit_sets_a_reading_aside_and_the_corrected_message_is_stored(liaison: World) -> None:
    preview = liaison.say(LIAISON, "三.3 已完成，建成站点102个")[-1]
    answer = liaison.press(LIAISON, preview, data=button_data(preview, "fe"))[-1]
    assert "请直接发送更正后的完整内容" in (answer.text or "")
    assert answer.button_texts() == ["逐项填报 三.3"]
    assert [s.status for s in submissions(liaison)] == [SubmissionStatus.DISCARDED]
    assert (liaison.sandbox.messages(LIAISON)[-2].text or "").endswith("已作废，未保存。")
    assert reports(liaison) == []

    corrected = liaison.say(LIAISON, "三.3 已完成，建成站点120个")[-1]
    liaison.press(LIAISON, corrected, data=button_data(corrected, "fc"))
    (stored,) = reports(liaison)
    assert figures(liaison, stored.id or 0) == {"建成村级物流服务站点": 120}
    # a tap on the set-aside reading does not bring it back
    late = liaison.forge(LIAISON, preview, button_data(preview, "fc"))
    assert "已作废" in (late[-1].text or "")
    assert len(reports(liaison)) == 1


def test_a_message_naming_no_task_is_kept_and_explained(liaison: World) -> None:
    answer = liaison.say(LIAISON, "本月工作都在推进，下周报数")[-1]
    assert "没能从您的消息中认出" in (answer.text or "")
    assert answer.buttons == []
    with Session(liaison.engine) as session:
        kept = session.exec(select(InboundMessage.text).where(InboundMessage.user_id == LIAISON))
        assert "本月工作都在推进，下周报数" in kept.all()
    assert submissions(liaison) == []


def test_another_departments_task_is_refused(liaison: World) -> None:
    answer = liaison.say(LIAISON, "二.1 已完成")[-1]  # 区科技局's task
    assert "不属于您负责的单位" in (answer.text or "") and "二.1" in (answer.text or "")
    assert submissions(liaison) == []
    # a forged /report button for it is refused too, and nothing is stored
    with Session(liaison.engine) as session:
        other = session.exec(select(Task.id).where(Task.code == "二.1")).one()
    refused = liaison.forge(LIAISON, answer, f"v1:rt:{other}")
    assert "不属于您负责的单位" in (refused[-1].text or "")
    assert reports(liaison) == []


def test_someone_elses_reading_cannot_be_confirmed(liaison: World) -> None:
    preview = liaison.say(LIAISON, "三.2 已完成")[-1]
    # a second liaison of the same department sends the same button data from their own chat
    welcome = liaison.join(LIAISON_2, "区商务委")[-1]
    refused = liaison.forge(LIAISON_2, welcome, button_data(preview, "fc"))
    assert "cannot find that report" in (refused[-1].text or "")
    assert reports(liaison) == []


def test_a_message_delivered_twice_is_read_and_stored_once(liaison: World) -> None:
    update_id = liaison.sandbox.send_text(LIAISON, "三.2 已完成，新增A级物流企业7家")
    liaison.bot.wait_processed(update_id)
    before = len(liaison.sandbox.messages(LIAISON))
    assert liaison.redeliver(LIAISON, update_id) == []  # no second answer
    assert len(liaison.sandbox.messages(LIAISON)) == before
    assert len(submissions(liaison)) == 1
    with Session(liaison.engine) as session:
        assert (
            len(session.exec(select(InboundMessage).where(InboundMessage.user_id == LIAISON)).all())
            == 2
        )  # /start and this one


def test_a_coordinators_text_is_not_read_as_a_report(liaison: World) -> None:
    answer = liaison.say(COORDINATOR, "三.2 已完成")[-1]
    assert "要导入通知请直接发送文件" in (answer.text or "")
    assert submissions(liaison) == []


# --- reply-to --------------------------------------------------------------------------------


def test_a_reply_to_a_task_is_about_that_task(liaison: World) -> None:
    listing = liaison.say(LIAISON, "/tasks")[-1]
    detail = liaison.press(
        LIAISON,
        listing,
        label=next(label for label in listing.button_texts() if label.startswith("三.3")),
    )[-1]
    preview = liaison.reply(LIAISON, detail, "已完成")[-1]
    assert "三.3" in (preview.text or "") and "已完成" in (preview.text or "")
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    (stored,) = reports(liaison)
    assert task_code(liaison, stored.task_id) == "三.3"


def test_a_reply_to_a_task_list_may_name_a_task_by_number(liaison: World) -> None:
    listing = liaison.say(LIAISON, "/tasks")[-1]
    preview = liaison.reply(LIAISON, listing, "一.4 滞后，受外部因素影响")[-1]
    assert "一.4" in (preview.text or "") and "滞后" in (preview.text or "")


# --- edits in Telegram -----------------------------------------------------------------------


def test_editing_a_message_keeps_both_versions_and_the_stored_report(liaison: World) -> None:
    preview = liaison.say(LIAISON, "三.2 序时推进，新增A级物流企业3家")[-1]
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    original = liaison.sent_by(LIAISON)
    answers = liaison.edit(LIAISON, original.message_id, "三.2 已完成，新增A级物流企业6家")
    assert "修改前后的内容都已保存" in (answers[0].text or "")
    assert len(reports(liaison)) == 1  # the confirmed report stays as it was
    with Session(liaison.engine) as session:
        edits = session.exec(select(MessageEdit.text)).all()
        kept = session.exec(
            select(InboundMessage.text).where(InboundMessage.message_id == original.message_id)
        ).one()
    assert (
        edits == ["三.2 已完成，新增A级物流企业6家"] and kept == "三.2 序时推进，新增A级物流企业3家"
    )

    liaison.press(LIAISON, answers[-1], data=button_data(answers[-1], "fc"))
    first, second = reports(liaison)
    assert (first.status, second.status) == (ReportStatus.ON_TRACK, ReportStatus.DONE)
    assert second.supersedes_id == first.id


# --- /myreports and history ------------------------------------------------------------------


def test_my_reports_shows_the_latest_version_and_the_history(liaison: World) -> None:
    for text in ("三.2 序时推进，新增A级物流企业3家", "三.2 已完成，新增A级物流企业6家"):
        preview = liaison.say(LIAISON, text)[-1]
        liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    mine = liaison.say(LIAISON, "/myreports")[-1]
    text = mine.text or ""
    assert "本期已报送 1 /" in text and "三.2" in text and "第 2 版" in text
    assert "新增A级物流企业 6家" in text and "新增A级物流企业 3家" not in text
    assert "尚未报送" in text and "一.4" in text
    history = liaison.press(LIAISON, mine, label="🕘 历史")[-1]
    assert "第 1 版" in (history.text or "") and "第 2 版" in (history.text or "")
    assert "3家" in (history.text or "") and "6家" in (history.text or "")


def test_a_report_after_the_deadline_counts_for_it_within_the_grace(liaison: World) -> None:
    liaison.clock.advance(days=41)  # 2026-07-12: two days after 上半年 (7月10日)
    preview = liaison.say(LIAISON, "三.2 已完成")[-1]
    assert "已过 2 天" in (preview.text or "")
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    liaison.clock.advance(days=10)  # past the 5-day grace: the next report is for 全年
    preview = liaison.say(LIAISON, "三.2 已完成")[-1]
    assert "全年" in (preview.text or "")
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    assert [r.deadline_due for r in reports(liaison)] == [date(2026, 7, 10), date(2026, 12, 25)]


def test_an_edit_delivered_twice_is_kept_and_read_once(liaison: World) -> None:
    liaison.say(LIAISON, "三.2 序时推进")
    original = liaison.sent_by(LIAISON)
    update_id = liaison.sandbox.edit_text(LIAISON, original.message_id, "三.2 已完成")
    liaison.bot.wait_processed(update_id)
    assert liaison.redeliver(LIAISON, update_id) == []
    with Session(liaison.engine) as session:
        assert len(session.exec(select(MessageEdit)).all()) == 1
    assert len(submissions(liaison)) == 2  # the message's reading, and the edit's


def test_an_english_speaking_liaison_reports_and_reads_in_english(liaison: World) -> None:
    liaison.join(LIAISON_2, "区商务委")
    preview = liaison.say(LIAISON_2, "三.2 done, 新增A级物流企业6家")[-1]
    text = preview.text or ""
    assert "This is what I read" in text and "Status: done" in text
    assert "新增A级物流企业 6家" in text and "Reporting for: 上半年" in text
    saved = liaison.press(LIAISON_2, preview, data=button_data(preview, "fc"))[-1]
    assert "Saved 1 report(s)." in (saved.text or "")


def test_a_liaison_of_two_departments_reports_for_each_in_one_message(liaison: World) -> None:
    liaison.join(LIAISON, "区科技局")  # 李娜 now serves 区商务委 and 区科技局
    preview = liaison.say(LIAISON, "二.1 已完成，新增发明专利330件；三.3 序时推进")[-1]
    liaison.press(LIAISON, preview, data=button_data(preview, "fc"))
    with Session(liaison.engine) as session:
        rows = session.exec(
            select(Task.code, Department.name)
            .join(Report, col(Report.task_id) == col(Task.id))
            .join(Department, col(Department.id) == col(Report.department_id))
            .order_by(col(Task.code))
        ).all()
    assert sorted(rows) == [("三.3", "区商务委"), ("二.1", "区科技局")]
    mine = liaison.say(LIAISON, "/myreports")[-1]
    assert "区商务委" in (mine.text or "") and "区科技局" in (mine.text or "")

"""A coordinator imports a notice by sending the file: preview, then Confirm or Cancel."""

from __future__ import annotations

from sqlmodel import Session, func, select

from db.enums import UploadStatus
from db.models import Plan, Task, Upload
from tests.support.world import COORDINATOR, World, button_data, sample_notice


def count(world: World, model: type) -> int:
    with Session(world.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_upload_shows_a_preview_and_confirm_imports(world: World) -> None:
    reading, preview = world.upload(COORDINATOR, "清溪区任务.txt", sample_notice())
    assert "清溪区任务.txt" in (reading.text or "")
    text = preview.text or ""
    assert "导入预览" in text
    assert "6 个部分，31 项任务" in text
    assert "上半年 2026年7月10日（周五）" in text  # deadlines, dated the Chinese way
    assert "需要核对的内容" in text  # the importer's warnings are shown before confirming
    assert [b.text for b in preview.buttons[0]] == ["✅ 确认导入", "✖ 取消"]
    assert count(world, Plan) == 0  # nothing stored before Confirm

    changed = world.press(COORDINATOR, preview, "✅ 确认导入")
    edited, result = changed
    assert edited.message_id == preview.message_id and edited.buttons == []  # cannot press twice
    assert "已导入为新计划 #1：新增 31 项任务" in (result.text or "")
    assert "28 个单位没有联络员" in (result.text or "")
    assert "生成邀请链接" in result.buttons[0][0].text
    assert count(world, Task) == 31


def test_cancel_imports_nothing(world: World) -> None:
    preview = world.upload(COORDINATOR, "sample.txt", sample_notice())[-1]
    reply = world.press(COORDINATOR, preview, "✖ 取消")[-1]
    assert "已取消" in (reply.text or "") and "未导入" in (reply.text or "")
    assert count(world, Plan) == 0
    with Session(world.engine) as session:
        assert session.exec(select(Upload.status)).one() is UploadStatus.CANCELLED


def test_a_second_confirm_changes_nothing(world: World) -> None:
    preview = world.upload(COORDINATOR, "sample.txt", sample_notice())[-1]
    data = button_data(preview, "ic")
    world.press(COORDINATOR, preview, data=data)
    # the buttons are gone, so a second press can only come from a stale client: forge it
    reply = world.forge(COORDINATOR, preview, data)[-1]
    assert "已经导入过了" in (reply.text or "")
    assert count(world, Plan) == 1 and count(world, Task) == 31


def test_reimporting_the_same_notice_says_nothing_changed(imported: World) -> None:
    preview = imported.upload(COORDINATOR, "sample.txt", sample_notice())[-1]
    result = imported.press(COORDINATOR, preview, data=button_data(preview, "ic"))[-1]
    assert "计划 #1 已是最新，没有任何变化" in (result.text or "")
    assert count(imported, Plan) == 1


def test_wrong_file_type_is_refused_with_the_types_accepted(world: World) -> None:
    reply = world.upload(COORDINATOR, "任务.pdf", b"%PDF-1.7 ...")[-1]
    assert "不支持“.pdf”文件" in (reply.text or "") and ".docx" in (reply.text or "")
    assert count(world, Upload) == 0


def test_a_file_without_tasks_is_explained_and_nothing_is_kept(world: World) -> None:
    reply = world.upload(COORDINATOR, "随笔.txt", "今天天气很好，大家辛苦了。\n".encode())[-1]
    assert "没有找到任务" in (reply.text or "")
    assert "数据库没有变化" in (reply.text or "")
    assert count(world, Upload) == 0 and count(world, Plan) == 0


def test_english_coordinator_gets_the_preview_in_english(world: World) -> None:
    world.say(COORDINATOR, "/lang en")
    preview = world.upload(COORDINATOR, "sample.txt", sample_notice())[-1]
    assert "Import preview" in (preview.text or "")
    assert "6 sections, 31 tasks" in (preview.text or "")
    assert "Fri 10 Jul 2026" in (preview.text or "")
    assert [b.text for b in preview.buttons[0]] == ["✅ Confirm import", "✖ Cancel"]

"""A notice the bot cannot read: the failure names the layouts it looked for and offers the
standard task sheet; the button sends it, and the sheet filled in imports."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.importer.template import HEADERS, TASK_SHEET
from db.models import Task
from tests.support.world import COORDINATOR, World, button_data


def test_a_file_without_tasks_gets_the_layouts_and_the_template(world: World) -> None:
    failure = world.upload(COORDINATOR, "随笔.txt", "今天开会，讨论了很多事情。\n".encode())[-1]
    text = failure.text or ""
    assert "文件中没有找到任务" in text
    assert "我能识别的通知格式" in text and "牵头单位" in text
    assert "标准任务表" in text
    assert [b.text for b in failure.buttons[0]] == ["📄 获取任务表模板"]

    sent = world.press(COORDINATOR, failure, "📄 获取任务表模板")
    files = [m for m in sent if m.document is not None]
    assert len(files) == 1 and files[0].document is not None
    assert files[0].document.file_name == "任务表模板.xlsx"
    book = load_workbook(io.BytesIO(world.sandbox.file_bytes(files[0].document)))
    sheet = book[TASK_SHEET]
    assert [c.value for c in sheet[2]] == list(HEADERS)

    sheet.append([1, "推进城市更新行动", "区住建局", "区财政局", "年内", "改造老旧小区15个"])
    sheet.append([2, "稳定和扩大就业", "区人社局", None, "6月底前", None])
    out = io.BytesIO()
    book.save(out)
    preview = world.upload(COORDINATOR, "任务表.xlsx", out.getvalue())[-1]
    assert "2 项任务" in (preview.text or "")
    world.press(COORDINATOR, preview, data=button_data(preview, "ic"))
    with Session(world.engine) as session:
        assert sorted(t.text for t in session.exec(select(Task))) == [
            "推进城市更新行动",
            "稳定和扩大就业",
        ]


def test_a_hostile_file_is_offered_the_template_too(world: World) -> None:
    from tests.importer.hostile import whole_sheet_merge_xlsx

    failure = world.upload(COORDINATOR, "合并.xlsx", whole_sheet_merge_xlsx())[-1]
    assert "A1:XFD1048576" in (failure.text or "")
    assert "我能识别的通知格式" not in (failure.text or "")  # the file was not read at all
    assert button_data(failure, "tt")

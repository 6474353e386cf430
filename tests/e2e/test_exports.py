"""/export and /bulletin end to end, and their buttons under /summary: the coordinator gets the
ledger (台账) and the draft bulletin (通报) as files that open; before any import, a sentence.
The real bot, the sandbox, a real SQLite file."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import Session, col, func, select

from bot.exports.ledger import HEADER_ROW
from bot.sandbox import SentMessage
from db.models import Report, Task
from tests.support.world import COORDINATOR, LIAISON, World, button_data


@pytest.fixture
def reported(imported: World) -> World:
    """李娜 (区商务委) reports 一.4 on track and 三.3 done, then corrects 三.3."""
    imported.join(LIAISON, "区商务委")
    for text in (
        "一.4 序时推进，社会消费品零售总额198亿元；三.3 已完成，建成村级物流服务站点96个",
        "三.3 已完成，建成村级物流服务站点104个，覆盖全部行政村",
    ):
        preview = imported.say(LIAISON, text)[-1]
        imported.press(LIAISON, preview, data=button_data(preview, "fc"))
    return imported


def document_of(world: World, sent: list[SentMessage]) -> tuple[str, bytes]:
    files = [m for m in sent if m.document is not None]
    assert len(files) == 1, [m.text for m in sent]
    file = files[0].document
    assert file is not None and file.file_name is not None
    return file.file_name, world.sandbox.file_bytes(file)


def current_codes(world: World) -> list[str]:
    with Session(world.engine) as session:
        return list(
            session.exec(
                select(Task.code).where(col(Task.removed_at).is_(None)).order_by(col(Task.position))
            ).all()
        )


def report_count(world: World) -> int:
    with Session(world.engine) as session:
        return int(session.exec(select(func.count()).select_from(Report)).one())


def test_export_sends_the_ledger_as_an_excel_file(reported: World) -> None:
    sent = reported.say(COORDINATOR, "/export")
    name, data = document_of(reported, sent)
    assert name == "台账_2026-06-01.xlsx"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["台账", "报送记录", "单位与联络员"]
    tasks = book["台账"]
    header = [cell.value for cell in tasks[HEADER_ROW]]
    code, status, note = (header.index(h) for h in ("编号", "最新状态", "进展情况"))
    rows = list(tasks.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [row[code] for row in rows] == current_codes(reported)  # every task, in order
    by_code = {row[code]: row for row in rows}
    assert by_code["三.3"][status] == "已完成"
    assert "覆盖全部行政村" in str(by_code["三.3"][note])  # the correction is the latest
    assert book["报送记录"].max_row - HEADER_ROW == report_count(reported) == 3
    assert tasks.freeze_panes == "E4" and tasks.auto_filter.ref is not None
    assert any("upload_document" in str(c.params) for c in reported.sandbox.calls("sendChatAction"))


def test_bulletin_sends_a_draft_word_file(reported: World) -> None:
    sent = reported.say(COORDINATOR, "/bulletin")
    name, data = document_of(reported, sent)
    assert name == "通报_2026-06-01.docx"
    lines = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert lines[0] == "关于2026年重点任务上半年推进情况的通报"
    for heading in ("一、总体进展", "二、工作亮点", "三、存在问题", "四、下步工作"):
        assert heading in lines
    assert any(line.startswith("（一）三.3") for line in lines)  # done: a highlight
    # the bot cannot see the reader's fonts: the caption names them and their stand-ins
    caption = next(m.text for m in sent if m.document is not None) or ""
    assert "方正小标宋简体" in caption and "仿宋_GB2312" in caption and "代替" in caption


def test_the_buttons_under_the_summary_send_the_same_files(reported: World) -> None:
    text = next(m for m in reported.say(COORDINATOR, "/summary") if m.buttons)
    ledger = reported.press(COORDINATOR, text, data=button_data(text, "sx"))
    assert document_of(reported, ledger)[0] == "台账_2026-06-01.xlsx"
    bulletin = reported.press(COORDINATOR, text, data=button_data(text, "sb"))
    assert document_of(reported, bulletin)[0] == "通报_2026-06-01.docx"


def test_before_any_import_the_coordinator_is_told_why(world: World) -> None:
    for command in ("/export", "/bulletin"):
        sent = world.say(COORDINATOR, command)
        assert [m.document for m in sent] == [None]
        assert "还没有导入任务分解通知" in (sent[-1].text or "")


def test_an_english_speaking_coordinator_gets_english_files(reported: World) -> None:
    reported.say(COORDINATOR, "/lang en")
    name, data = document_of(reported, reported.say(COORDINATOR, "/export"))
    assert name == "ledger_2026-06-01.xlsx"
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Ledger", "Report history", "Departments"]

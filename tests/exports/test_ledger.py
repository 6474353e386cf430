"""The ledger (台账) workbook, opened again with openpyxl: rows in the notice's order, the
lights as fills, frozen header, filters, the full report history and the liaisons."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.ledger import LIGHT_FILLS, TASK_COLUMNS, ledger_file, ledger_xlsx
from bot.settings import Settings
from bot.summary import SummaryError
from bot.summary_model import Light
from db.ledger import FigureValue, HistoryRow, LiaisonRow, report_history
from db.models import Report, ReportStatus
from tests.exports.builders import make_summary
from tests.exports.conftest import AFTER_DEADLINE, Office

SHANGHAI = ZoneInfo("Asia/Shanghai")
SETTINGS = Settings.model_validate({})
HISTORY = [
    HistoryRow(
        report_id=1,
        task_code="一.1",
        task_removed=False,
        department="区科创局",
        liaison="周敏",
        deadline="上半年",
        deadline_due=date(2030, 7, 15),
        status=ReportStatus.ON_TRACK,
        percent=50,
        note="已认定高新技术企业30家",
        raw_text="一.1 序时推进，已认定30家",
        created_at=datetime(2030, 7, 1, 2, 0, tzinfo=UTC),
        version=1,
        supersedes_version=None,
        figures=(FigureValue("高新技术企业", 30, "家"),),
    ),
    HistoryRow(
        report_id=2,
        task_code="一.1",
        task_removed=False,
        department="区科创局",
        liaison="周敏",
        deadline="上半年",
        deadline_due=date(2030, 7, 15),
        status=ReportStatus.DONE,
        percent=None,
        note="已认定高新技术企业42家",
        raw_text="一.1 已完成，42家",
        created_at=datetime(2030, 7, 10, 2, 0, tzinfo=UTC),
        version=2,
        supersedes_version=1,
        figures=(FigureValue("高新技术企业", 42, "家"),),
    ),
]
PEOPLE = {1: [LiaisonRow(1, "冯涛", "fengtao", False), LiaisonRow(1, "韩梅", None, True)]}


def open_book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def column(sheet: Worksheet, header: str) -> list[object]:
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header) + 1
    return [sheet.cell(row, index).value for row in range(2, sheet.max_row + 1)]


@pytest.fixture
def book() -> Workbook:
    return open_book(ledger_xlsx(make_summary(), HISTORY, PEOPLE, "zh", tz=SHANGHAI))


def test_one_row_per_task_in_the_notices_order(book: Workbook) -> None:
    assert book.sheetnames == ["台账", "报送记录", "单位与联络员"]
    sheet = book["台账"]
    summary = make_summary()
    assert [c.value for c in sheet[1]] == [
        "部分", "类别", "编号", "任务内容", "牵头单位", "配合单位", "完成时限", "目标",
        "最新状态", "数据", "进展情况", "报送人", "报送时间", "红绿灯",
    ]  # fmt: skip
    assert sheet.max_row == len(summary.tasks) + 1
    assert column(sheet, "编号") == [t.code for t in summary.tasks]
    assert column(sheet, "部分")[0] == "一、着力推动科技创新和产业升级"
    assert column(sheet, "任务内容")[0] == "新培育高新技术企业40家以上，研发投入强度达到3%。"


def test_each_row_says_where_the_task_stands(book: Workbook) -> None:
    sheet = book["台账"]
    first = {c.value: sheet.cell(2, c.column).value for c in sheet[1]}
    assert first["牵头单位"] == "区科创局" and first["配合单位"] == "区财政局"
    assert first["目标"] == "高新技术企业 ≥ 40家\n研发投入强度 ≈ 3%"
    assert first["最新状态"] == "已完成"
    assert first["数据"] == "高新技术企业: 42家（完成105%）"
    assert first["进展情况"] == "已认定高新技术企业42家，提前完成全年目标。"
    assert first["报送人"] == "周敏"
    # 08:15 UTC is 16:15 in Beijing; Excel gets the wall-clock time, no zone
    assert first["报送时间"] == datetime(2030, 7, 10, 16, 15)
    assert column(sheet, "最新状态")[3] == "序时推进（60%）"  # 二.1 gave a percent
    assert column(sheet, "最新状态")[4] == "未报送"  # 二.2
    assert column(sheet, "报送人")[4] is None


def test_a_tasks_own_time_limit_has_its_column() -> None:
    summary = make_summary()
    tasks = list(summary.tasks)
    tasks[0] = replace(tasks[0], due=date(2030, 6, 30))
    tasks[1] = replace(tasks[1], due=date(2031, 3, 31))  # another year: written with it
    summary = replace(summary, tasks=tuple(tasks))
    zh = open_book(ledger_xlsx(summary, HISTORY, PEOPLE, "zh", tz=SHANGHAI))["台账"]
    assert column(zh, "完成时限")[:3] == ["6月30日", "2031年3月31日", None]
    en = open_book(ledger_xlsx(summary, HISTORY, PEOPLE, "en", tz=SHANGHAI)).active
    assert en is not None
    assert column(en, "Time limit")[:3] == ["Jun 30", "Mar 31, 2031", None]


def test_the_lights_are_coloured_cells(book: Workbook) -> None:
    sheet = book["台账"]
    light_column = len(TASK_COLUMNS)
    for row, task in enumerate(make_summary().tasks, start=2):
        cell = sheet.cell(row, light_column)
        assert cell.value == {"green": "绿", "yellow": "黄", "red": "红"}[task.light.value]
        assert cell.fill.fgColor.rgb == LIGHT_FILLS[task.light].fgColor.rgb
    colours = {LIGHT_FILLS[light].fgColor.rgb for light in Light}
    assert len(colours) == 4  # green, yellow, red and grey are told apart


def test_header_frozen_filtered_and_styled(book: Workbook) -> None:
    tasks, history, departments = (book[name] for name in book.sheetnames)
    assert tasks.freeze_panes == "D2"  # the header row and the section, category, code
    assert history.freeze_panes == "B2" and departments.freeze_panes == "B2"
    assert tasks.auto_filter.ref == "A1:N11"
    assert history.auto_filter.ref == "A1:L3"
    assert departments.auto_filter.ref == f"A1:G{departments.max_row}"
    for sheet in (tasks, history, departments):
        assert all(cell.font.b for cell in sheet[1])
        assert sheet["A1"].fill.fgColor.rgb == "FFD9E1F2"
    assert tasks.cell(2, 4).alignment.wrap_text  # the task's text wraps
    widths = {c: tasks.column_dimensions[c].width for c in "ACDK"}
    assert widths["C"] <= 8 and 30 <= widths["D"] <= 48 and widths["K"] >= 24  # the progress note
    assert (tasks.row_dimensions[2].height or 0) >= 30  # two targets: two lines shown


def test_the_plan_and_deadline_are_in_the_page_header(book: Workbook) -> None:
    sheet = book["台账"]
    header = sheet.oddHeader.center.text or ""
    assert "示范区2030年重点工作任务分解" in header and "上半年" in header
    assert "&P" in (sheet.oddFooter.center.text or "")
    assert book.properties.title is not None and "上半年" in book.properties.title


def test_the_history_lists_every_version(book: Workbook) -> None:
    sheet = book["报送记录"]
    assert sheet.max_row == len(HISTORY) + 1
    assert column(sheet, "版本") == ["第1版", "第2版（更正第1版）"]
    assert column(sheet, "数据") == ["高新技术企业: 30家", "高新技术企业: 42家"]
    assert column(sheet, "完成比例") == [0.5, None]
    assert column(sheet, "原始消息")[1] == "一.1 已完成，42家"
    assert column(sheet, "时间")[0] == datetime(2030, 7, 1, 10, 0)


def test_departments_with_their_liaisons(book: Workbook) -> None:
    sheet = book["单位与联络员"]
    summary = make_summary()
    assert column(sheet, "单位") == [d.name for d in summary.departments]
    assert column(sheet, "未报送") == [d.missing for d in summary.departments]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["区人社局"][6] == "冯涛 @fengtao、韩梅（已屏蔽机器人）"  # from the database
    assert rows["区经信委"][6] == "吴磊、郑洁"  # from the summary when the database has none
    assert rows["区商务局"][4] == "是"  # late
    assert rows["区卫健委"][4] is None and rows["区卫健委"][5] == datetime(2030, 7, 31)


def test_english_headers_with_lang_en() -> None:
    book = open_book(ledger_xlsx(make_summary(), HISTORY, PEOPLE, "en", tz=SHANGHAI))
    assert book.sheetnames == ["Ledger", "Report history", "Departments"]
    sheet = book["Ledger"]
    assert [c.value for c in sheet[1]][:4] == ["Section", "Category", "Code", "Task"]
    assert column(sheet, "Light")[0] == "green"
    assert column(sheet, "Latest status")[4] == "not reported"
    assert column(book["Report history"], "Version") == ["v1", "v2 (corrects v1)"]


# --- from the database -----------------------------------------------------------------------


def test_the_history_is_every_report_in_the_database(office: Office, session: Session) -> None:
    history = report_history(session=session, plan_id=office.plan_id)
    stored = session.exec(select(func.count()).select_from(Report)).one()
    assert len(history) == stored == office.reports == 5
    # by the task's place in the notice, then oldest first
    assert [(h.task_code, h.version, h.supersedes_version) for h in history] == [
        ("一.1", 1, None),
        ("一.1", 2, 1),
        ("一.2", 1, None),
        ("二.1", 1, None),
        ("二.1", 2, 1),
    ]
    assert history[0].figures == (FigureValue("高新技术企业", 18, "家"),)
    assert history[2].figures == ()
    assert history[0].liaison == "李娜" and history[0].deadline == "上半年"


def test_the_ledger_file_from_the_database(office: Office, session: Session) -> None:
    name, data = ledger_file(session=session, settings=SETTINGS, now=AFTER_DEADLINE, lang="zh")
    assert name == "台账_2030-07-18.xlsx"
    book = open_book(data)
    tasks = book["台账"]
    assert column(tasks, "编号") == ["一.1", "一.2", "二.1", "二.2"]
    assert column(tasks, "最新状态") == ["已完成", "滞后", "序时推进", "未报送"]
    assert column(tasks, "数据")[0].startswith("高新技术企业: 31家")  # type: ignore[union-attr]
    assert column(tasks, "目标")[0] == "高新技术企业 ≥ 30家"  # the stored comparator as a sign
    assert book["报送记录"].max_row == office.reports + 1
    departments = column(book["单位与联络员"], "单位")
    assert "区科技局" in departments and "区财政局" in departments


def test_no_plan_is_an_error_with_a_code(engine: Engine, session: Session) -> None:
    with pytest.raises(SummaryError) as raised:
        ledger_file(session=session, settings=SETTINGS, now=AFTER_DEADLINE, lang="zh")
    assert raised.value.code == "no_plan"

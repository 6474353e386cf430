"""The ledger (台账) workbook, opened again with openpyxl: the title rows, rows in the notice's
order with a 序号, statuses in words, late reports with their days, co-leads credited per unit,
the lights as fills, frozen header and print settings, the full report history and the
liaisons."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.exports.ledger import HEADER_ROW, LIGHT_FILLS, TASK_COLUMNS, ledger_file, ledger_xlsx
from bot.plans.words import format_target
from bot.settings import Settings
from bot.summary.build import SummaryError
from bot.summary.model import Light
from db.enums import Comparator, ReportStatus, TargetKind
from db.ledger import FigureValue, HistoryRow, LiaisonRow, report_history
from db.models import Report
from tests.exports.builders import Season, make_summary, season
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
        raw_text="一.1 | on_track | 30 | 已认定30家",  # the guided flow's record
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


def headers(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[HEADER_ROW]]


def column(sheet: Worksheet, header: str) -> list[object]:
    index = headers(sheet).index(header) + 1
    return [sheet.cell(row, index).value for row in range(HEADER_ROW + 1, sheet.max_row + 1)]


def record(sheet: Worksheet, code: str) -> dict[object, object]:
    """The task row of ``code``, by header."""
    row = column(sheet, "编号").index(code) + HEADER_ROW + 1
    return {h: sheet.cell(row, i).value for i, h in enumerate(headers(sheet), start=1)}


@pytest.fixture
def book() -> Workbook:
    return open_book(
        ledger_xlsx(make_summary(), HISTORY, PEOPLE, "zh", tz=SHANGHAI, office="示范区督查室")
    )


def test_title_rows_name_the_plan_the_date_and_the_office(book: Workbook) -> None:
    sheet = book["台账"]
    assert sheet["A1"].value == "示范区2030年重点工作任务分解推进情况台账"
    assert sheet["A1"].font.b and sheet["A1"].alignment.horizontal == "center"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:P1", "A2:P2"} <= merged  # across the table
    subtitle = str(sheet["A2"].value)
    assert "报送节点：上半年（7月15日截止）" in subtitle  # this year's deadline: no year
    assert "截至日期：2030年7月18日" in subtitle and "制表单位：示范区督查室" in subtitle
    assert "任务10项，已报送8项，未报送2项" in subtitle  # the summary's counts
    assert book["报送记录"]["A1"].value == "示范区2030年重点工作任务分解报送记录"
    assert "截至日期：2030年7月18日" in str(book["单位与联络员"]["A2"].value)


def test_one_row_per_task_in_the_notices_order(book: Workbook) -> None:
    assert book.sheetnames == ["台账", "报送记录", "单位与联络员"]
    sheet = book["台账"]
    summary = make_summary()
    assert headers(sheet) == [
        "序号", "部分", "类别", "编号", "任务内容", "牵头单位", "配合单位", "完成时限", "目标",
        "最新状态", "报送情况", "数据", "进展情况", "报送人", "报送时间", "红绿灯",
    ]  # fmt: skip
    assert sheet.max_row == HEADER_ROW + len(summary.tasks)
    assert column(sheet, "序号") == list(range(1, len(summary.tasks) + 1))
    assert column(sheet, "编号") == [t.code for t in summary.tasks]
    assert column(sheet, "部分")[0] == "一、着力推动科技创新和产业升级"
    assert column(sheet, "任务内容")[0] == "新培育高新技术企业40家以上，研发投入强度达到3%。"


def test_each_row_says_where_the_task_stands(book: Workbook) -> None:
    sheet = book["台账"]
    first = record(sheet, "一.1")
    assert first["牵头单位"] == "区科创局" and first["配合单位"] == "区财政局"
    assert first["最新状态"] == "已完成" and first["报送情况"] == "按时报送"
    assert first["数据"] == "高新技术企业: 42家（完成105%）"
    assert first["进展情况"] == "已认定高新技术企业42家，提前完成全年目标。"
    assert first["报送人"] == "周敏"
    # 08:15 UTC is 16:15 in Beijing; Excel gets the wall-clock time, no zone
    assert first["报送时间"] == datetime(2030, 7, 10, 16, 15)
    assert record(sheet, "二.1")["最新状态"] == "序时推进（60%）"  # 二.1 gave a percent
    unreported = record(sheet, "二.2")
    assert unreported["最新状态"] == "未报送" and unreported["报送人"] is None
    assert unreported["报送情况"] == "逾期未报送"  # three days after the deadline


def test_targets_are_worded_by_the_shared_formatter(book: Workbook) -> None:
    """One wording for targets everywhere: ``bot.plans.words``."""
    expected = [
        format_target(SimpleNamespace(subject=s, comparator=c, value=v, unit=u, kind=k))
        for s, c, v, u, k in (
            ("高新技术企业", Comparator.AT_LEAST, 40, "家", TargetKind.LEVEL),
            ("研发投入强度", Comparator.ABOUT, 3, "%", TargetKind.LEVEL),
        )
    ]
    assert record(book["台账"], "一.1")["目标"] == "\n".join(expected)


def test_statuses_read_in_words_everywhere(book: Workbook) -> None:
    codes = {status.value for status in ReportStatus}
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not codes & set(re.split(r"[\s|]+", value)), value


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
    for row, task in enumerate(make_summary().tasks, start=HEADER_ROW + 1):
        cell = sheet.cell(row, light_column)
        assert cell.value == {"green": "绿", "yellow": "黄", "red": "红"}[task.light.value]
        assert cell.fill.fgColor.rgb == LIGHT_FILLS[task.light].fgColor.rgb
    colours = {LIGHT_FILLS[light].fgColor.rgb for light in Light}
    assert len(colours) == 4  # green, yellow, red and grey are told apart


def test_header_frozen_filtered_repeated_and_printed_landscape(book: Workbook) -> None:
    tasks, history, departments = (book[name] for name in book.sheetnames)
    # the title rows and the header stay visible; 序号 to 编号 too on the main sheet
    assert tasks.freeze_panes == "E4"
    assert history.freeze_panes == "B4" and departments.freeze_panes == "C4"
    assert tasks.auto_filter.ref == "A3:P13"
    assert history.auto_filter.ref == "A3:L5"
    assert departments.auto_filter.ref == f"A3:I{departments.max_row}"
    for sheet in (tasks, history, departments):
        assert all(cell.font.b for cell in sheet[HEADER_ROW])
        assert sheet.cell(HEADER_ROW, 1).fill.fgColor.rgb == "FFD9E1F2"
        assert sheet.print_title_rows == "$3:$3"  # the header repeats on every page
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert tasks.cell(HEADER_ROW + 1, 5).alignment.wrap_text  # the task's text wraps
    widths = {c: tasks.column_dimensions[c].width for c in "ADEM"}
    assert widths["A"] <= 6 and widths["D"] <= 8 and 30 <= widths["E"] <= 48
    assert widths["M"] >= 24
    assert (tasks.row_dimensions[HEADER_ROW + 1].height or 0) >= 30  # two targets: two lines


def test_the_plan_and_deadline_are_in_the_page_header(book: Workbook) -> None:
    sheet = book["台账"]
    header = sheet.oddHeader.center.text or ""
    assert "示范区2030年重点工作任务分解" in header and "上半年" in header
    assert "&P" in (sheet.oddFooter.center.text or "")
    assert book.properties.title is not None and "上半年" in book.properties.title


def test_a_deadline_in_another_year_shows_its_year() -> None:
    summary = replace(make_summary(), due=date(2031, 1, 15), deadline="全年", days_left=181)
    sheet = open_book(ledger_xlsx(summary, [], {}, "zh", tz=SHANGHAI))["台账"]
    assert "报送节点：全年（2031年1月15日截止）" in str(sheet["A2"].value)
    assert "制表单位" not in str(sheet["A2"].value)  # no office given: left out


# --- late reports and co-leads, counted as /summary counts them ------------------------------

LATE_SEASON = [
    Season("一.1", "地区生产总值增长6%左右。", ("区发改委",), ReportStatus.ON_TRACK),
    Season("一.2", "新建污水管网30公里。", ("区水务局",), ReportStatus.DONE, days_late=30),
    Season(
        "一.3",
        "改造老旧小区20个。",
        ("区住建委", "区水务局", "区城管局"),
        ReportStatus.ON_TRACK,
        ("区住建委",),
    ),
    Season("一.4", "新增学位2000个。", ("区教委",)),
]


@pytest.fixture
def late_book() -> Workbook:
    summary = season(LATE_SEASON, today=date(2030, 8, 14))
    return open_book(ledger_xlsx(summary, [], {}, "zh", tz=SHANGHAI))


def test_a_late_report_reads_late_with_its_days(late_book: Workbook) -> None:
    sheet = late_book["台账"]
    late = record(sheet, "一.2")
    assert late["最新状态"] == "已完成" and late["报送情况"] == "逾期报送（30天）"
    assert record(sheet, "一.1")["报送情况"] == "按时报送"
    assert record(sheet, "一.4")["报送情况"] == "逾期未报送"
    row = column(sheet, "编号").index("一.2") + HEADER_ROW + 1
    reporting = headers(sheet).index("报送情况") + 1
    assert sheet.cell(row, reporting).fill.fgColor.rgb == LIGHT_FILLS[Light.YELLOW].fgColor.rgb
    assert "已报送3项（其中逾期报送1项），未报送1项" in str(sheet["A2"].value)


def test_a_co_led_task_is_credited_to_the_unit_that_reported(late_book: Workbook) -> None:
    assert record(late_book["台账"], "一.3")["报送情况"] == (
        "区住建委：按时报送\n区水务局：逾期未报送\n区城管局：逾期未报送"
    )


def test_departments_in_the_notices_order_with_their_late_reports(late_book: Workbook) -> None:
    sheet = late_book["单位与联络员"]
    summary = season(LATE_SEASON, today=date(2030, 8, 14))
    # the order the notice first names them, not by character code
    assert column(sheet, "单位") == ["区发改委", "区水务局", "区住建委", "区城管局", "区教委"]
    assert column(sheet, "序号") == [1, 2, 3, 4, 5]
    by_name = {d.name: d for d in summary.departments}
    rows = {r[1]: r for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    for name, row in rows.items():
        line = by_name[str(name)]
        assert row[2:6] == (line.tasks, line.reported, line.late_reported, line.missing)
    assert rows["区水务局"][2:6] == (2, 1, 1, 1)  # 一.2 reported late; 一.3 not by it


def test_the_history_lists_every_version(book: Workbook) -> None:
    sheet = book["报送记录"]
    assert sheet.max_row == HEADER_ROW + len(HISTORY)
    assert column(sheet, "版本") == ["第1版", "第2版（更正第1版）"]
    assert column(sheet, "数据") == ["高新技术企业: 30家", "高新技术企业: 42家"]
    assert column(sheet, "完成比例") == [0.5, None]
    assert column(sheet, "原始消息")[1] == "一.1 已完成，42家"
    assert column(sheet, "原始消息")[0] == "一.1 | 序时推进 | 30 | 已认定30家"  # a button's code
    assert column(sheet, "时间")[0] == datetime(2030, 7, 1, 10, 0)


def test_departments_with_their_liaisons(book: Workbook) -> None:
    sheet = book["单位与联络员"]
    summary = make_summary()
    ordered = sorted(summary.departments, key=lambda d: d.position)
    assert column(sheet, "单位") == [d.name for d in ordered]
    assert column(sheet, "未报送") == [d.missing for d in ordered]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert rows["区人社局"][8] == "冯涛 @fengtao、韩梅（已屏蔽机器人）"  # from the database
    assert rows["区经信委"][8] == "吴磊、郑洁"  # from the summary when the database has none
    assert rows["区商务局"][6] == "是"  # late
    assert rows["区卫健委"][6] is None and rows["区卫健委"][7] == datetime(2030, 7, 31)


def test_english_headers_with_lang_en() -> None:
    book = open_book(ledger_xlsx(make_summary(), HISTORY, PEOPLE, "en", tz=SHANGHAI))
    assert book.sheetnames == ["Ledger", "Report history", "Departments"]
    sheet = book["Ledger"]
    assert headers(sheet)[:5] == ["No.", "Section", "Category", "Code", "Task"]
    english = {h: i for i, h in enumerate(headers(sheet), start=1)}
    values = [sheet.cell(HEADER_ROW + 1, english["Light"]).value]
    assert values == ["green"]
    status = [sheet.cell(r, english["Latest status"]).value for r in range(4, sheet.max_row + 1)]
    assert status[4] == "not reported"
    assert str(sheet["A2"].value).startswith("Deadline: 上半年 (due 15 Jul)")
    history = book["Report history"]
    versions = [c.value for c in history["L"][HEADER_ROW:]]
    assert versions == ["v1", "v2 (corrects v1)"]


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
    assert "制表单位：示范区人民政府办公室" in str(tasks["A2"].value)  # the plan's issuer
    assert book["报送记录"].max_row == HEADER_ROW + office.reports
    departments = column(book["单位与联络员"], "单位")
    assert "区科技局" in departments and "区财政局" in departments


def test_no_plan_is_an_error_with_a_code(engine: Engine, session: Session) -> None:
    with pytest.raises(SummaryError) as raised:
        ledger_file(session=session, settings=SETTINGS, now=AFTER_DEADLINE, lang="zh")
    assert raised.value.code == "no_plan"


def test_without_positions_units_follow_the_tasks_order() -> None:
    """A summary whose departments carry no position lists them as the tasks name them."""
    summary = make_summary()
    summary = replace(
        summary, departments=tuple(replace(d, position=0) for d in summary.departments)
    )
    sheet = open_book(ledger_xlsx(summary, [], {}, "zh", tz=SHANGHAI))["单位与联络员"]
    named = dict.fromkeys(n for t in summary.tasks for n in (*t.lead, *t.support))
    assert column(sheet, "单位") == list(named)
    assert column(sheet, "单位")[:3] == ["区科创局", "区财政局", "区经信委"]  # not by code point


def test_a_title_without_quotes_loses_its_notice_frame() -> None:
    title = "示范区人民政府办公室关于印发2030年重点工作任务分解的通知"
    summary = replace(make_summary(), plan_title=title)
    sheet = open_book(ledger_xlsx(summary, [], {}, "zh", tz=SHANGHAI))["台账"]
    assert sheet["A1"].value == "2030年重点工作任务分解推进情况台账"

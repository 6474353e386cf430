"""The table layouts the importer must read: a CSV export with one column per field, and Word and
Excel tables with merged cells, built at test time from the data below (python-docx, openpyxl).

The expectations are the spec: codes, units by role, targets, sections, warnings. Merged cells
mean "the same as the cell above"; a blank cell that is not merged means none.
"""

from __future__ import annotations

import pytest
from docx import Document as WordDocument

from bot.importer import parse_bytes
from bot.importer.model import ParsedPlan
from tests.support.layouts import (
    DATA,
    A,
    E,
    G,
    L,
    R,
    Targets,
    Units,
    assert_no_task_warnings,
    by_code,
    parse_file,
    sections_of,
    targets_of,
    units_of,
)
from tests.support.office import build_workbook, save

# d) CSV with 序号,任务,牵头单位,配合单位,完成时限

CSV_UNITS: Units = {
    "一.1": (["区经信委"], ["区发改委", "区科技局"]),  # quoted multi-line cell
    "一.2": (["区发改委"], ["区投促局", "区规划自然资源局"]),
    "一.3": (["区经信委"], []),  # blank 配合单位: none
    "二.1": (["区住建委"], ["区规划自然资源局", "区交通局", "区城发公司"]),
    "二.2": (["区水利局"], ["区生态环境局"]),
    "二.3": (["区城管局"], []),
}
CSV_TARGETS: Targets = {
    "一.1": [("规上工业增加值", A, 8, "%", G)],
    "一.2": [("完成产业投资", E, 150, "亿元", L)],
    "一.3": [("新增市级以上专精特新企业", E, 30, "家", L)],
    "二.2": [("完成河道整治", E, 12, "公里", L)],
    "二.3": [("完成背街小巷照明改造", E, 80, "条", L)],
}


def check_columns(plan: ParsedPlan) -> None:
    assert units_of(plan) == CSV_UNITS
    assert targets_of(plan) == CSV_TARGETS
    assert sections_of(plan) == [("一", "产业发展", []), ("二", "城市建设", [])]
    assert by_code(plan)["一.3"].text == "培育专精特新中小企业，新增市级以上专精特新企业30家"
    assert by_code(plan)["一.1"].where == "R3"  # header R1, section row R2
    assert plan.fmt == "csv"
    assert_no_task_warnings(plan)


def test_columns_csv() -> None:
    check_columns(parse_file("columns.csv"))


@pytest.mark.parametrize(("encoding", "newline"), [("gb18030", "\r\n"), ("utf-8-sig", "\r\n")])
def test_columns_csv_as_excel_saves_it(encoding: str, newline: str) -> None:
    text = (DATA / "columns.csv").read_text(encoding="utf-8").replace("\n", newline)
    check_columns(parse_bytes(text.encode(encoding), "columns_gbk.csv"))


# e) Word table with merged cells

MERGED = None  # merged with the cell above
WORD_ROWS: list[tuple[str | None, ...]] = [
    ("序号", "任务", "牵头单位", "配合单位"),
    ("一、乡村振兴",),
    ("1", "建设高标准农田1.2万亩", "区农业农村委", "区财政局"),
    ("2", "发展特色种养业，新增市级农业产业化龙头企业5家", MERGED, MERGED),
    ("3", "实施农村人居环境整治提升行动，完成农村户厕改造2000户", "区生态环境局", MERGED),
    ("二、城乡建设",),
    ("1", "推进农村公路提档升级，改造农村公路85公里", "区交通局", "区农业农村委\n区财政局"),
    ("2", "完善农村客运网络，实现建制村通客车全覆盖", MERGED, ""),
    ("3", "推进城乡供水一体化，农村自来水普及率达到95%以上", "区水利局", "区农业农村委"),
]


def build_word_table(rows: list[tuple[str | None, ...]]) -> bytes:
    doc = WordDocument()
    doc.add_paragraph("清溪区2026年乡村振兴和城乡建设重点任务")
    table = doc.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        if len(values) == 1:
            table.cell(r, 0).merge(table.cell(r, 3)).text = values[0] or ""
            continue
        for c, value in enumerate(values):
            if value is MERGED:
                continue
            bottom = r
            while bottom + 1 < len(rows) and len(rows[bottom + 1]) > 1:
                if rows[bottom + 1][c] is not MERGED:
                    break
                bottom += 1
            cell = table.cell(r, c).merge(table.cell(bottom, c)) if bottom > r else table.cell(r, c)
            first, *more = value.split("\n")
            cell.text = first
            for line in more:
                cell.add_paragraph(line)  # one unit per paragraph, as offices type them
    return save(doc)


def test_word_table_with_merged_cells() -> None:
    plan = parse_bytes(build_word_table(WORD_ROWS), "tasks.docx")
    assert units_of(plan) == {
        "一.1": (["区农业农村委"], ["区财政局"]),
        "一.2": (["区农业农村委"], ["区财政局"]),  # both unit cells merged with the row above
        "一.3": (["区生态环境局"], ["区财政局"]),  # only 配合单位 merged
        "二.1": (["区交通局"], ["区农业农村委", "区财政局"]),
        "二.2": (["区交通局"], []),  # 牵头单位 merged, 配合单位 blank (not merged): none
        "二.3": (["区水利局"], ["区农业农村委"]),
    }
    assert targets_of(plan) == {
        "一.1": [("建设高标准农田", E, 1.2, "万亩", L)],
        "一.2": [("新增市级农业产业化龙头企业", E, 5, "家", L)],
        "一.3": [("完成农村户厕改造", E, 2000, "户", L)],
        "二.1": [("改造农村公路", E, 85, "公里", L)],
        "二.3": [("农村自来水普及率", A, 95, "%", R)],
    }
    assert sections_of(plan) == [("一", "乡村振兴", []), ("二", "城乡建设", [])]
    assert by_code(plan)["一.1"].where == "T1:R3"
    assert plan.fmt == "docx"
    assert_no_task_warnings(plan)


# f) Excel sheet with merged cells

EXCEL_ROWS: list[tuple[object, ...]] = [
    ("清溪区2026年生态环境保护重点任务",),
    ("序号", "任务", "牵头单位", "配合单位"),
    ("一、大气污染防治",),
    (1, "空气质量优良天数比率达到88%以上", "区生态环境局", "区住建委\n区交通局"),
    (2, "淘汰老旧营运柴油货车300辆", None, "区交通局、区公安分局"),
    (3, "开展道路扬尘精细化管控，主次干道机械化清扫率达到95%以上", "区城管局", "区住建委"),
    ("二、水污染防治",),
    (1, "完成雨污分流改造管网30公里", "区住建委", "区水利局"),
    (2, "提升城镇污水处理能力，新增日处理能力2万吨", None, None),
    (3, "巩固河长制工作成效，国控断面水质达标率保持100%", "区水利局", None),
]
EXCEL_MERGES = ["A1:D1", "A3:D3", "C4:C5", "A7:D7", "C8:C9", "D8:D9"]  # D10 is blank, not merged


def test_excel_sheet_with_merged_cells() -> None:
    plan = parse_bytes(build_workbook(EXCEL_ROWS, EXCEL_MERGES, "任务分解"), "tasks.xlsx")
    assert units_of(plan) == {
        "一.1": (["区生态环境局"], ["区住建委", "区交通局"]),
        "一.2": (["区生态环境局"], ["区交通局", "区公安分局"]),  # only 牵头单位 merged
        "一.3": (["区城管局"], ["区住建委"]),
        "二.1": (["区住建委"], ["区水利局"]),
        "二.2": (["区住建委"], ["区水利局"]),  # both merged
        "二.3": (["区水利局"], []),  # blank 配合单位: none
    }
    assert targets_of(plan) == {
        "一.1": [("空气质量优良天数比率", A, 88, "%", R)],
        "一.2": [("淘汰老旧营运柴油货车", E, 300, "辆", L)],
        "一.3": [("主次干道机械化清扫率", A, 95, "%", R)],
        "二.1": [("完成雨污分流改造管网", E, 30, "公里", L)],
        "二.2": [("新增日处理能力", E, 2, "万吨", L)],
        "二.3": [("国控断面水质达标率", E, 100, "%", R)],
    }
    assert sections_of(plan) == [("一", "大气污染防治", []), ("二", "水污染防治", [])]
    assert by_code(plan)["一.1"].where == "任务分解!4"
    assert plan.fmt == "xlsx"
    assert_no_task_warnings(plan)

"""The standard task sheet: written by ``template_workbook``, filled in as a user would with
openpyxl, and read back by the importer field by field."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.importer import parse_bytes
from bot.importer.template import HEADERS, NOTES_SHEET, TASK_SHEET, template_workbook
from bot.importer.worker import read_isolated

ROWS = [
    # 序号, 任务, 牵头单位, 配合单位, 完成时限, 指标
    (
        1,
        "推进城市更新行动",
        "区住建局",
        "区财政局、区自然资源局",
        "2026年12月底前",
        "改造老旧小区15个",
    ),
    (2, "稳定和扩大就业", "区人社局", None, "年内", "新增城镇就业4000人"),
    (
        "3",
        "优化营商环境",
        "区发展改革局\n区市场监管局",
        "各街道办事处",
        "6月底前",
        "完成省下达任务",
    ),
    (4, "抓好安全生产", "区应急局", "区公安分局", "长期坚持", None),
]


def filled(keep_examples: bool = True) -> bytes:
    """The template with ``ROWS`` typed under the examples (or over them)."""
    book = load_workbook(io.BytesIO(template_workbook()))
    sheet = book[TASK_SHEET]
    if not keep_examples:
        sheet.delete_rows(3, 2)
    for row in ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_has_the_standard_columns_examples_and_notes() -> None:
    book = load_workbook(io.BytesIO(template_workbook("en")))
    sheet = book[TASK_SHEET]
    assert [c.value for c in sheet[2]] == list(HEADERS)
    assert [sheet.cell(r, 1).value for r in (3, 4)] == ["示例", "示例"]
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold
    notes = [c.value for c in book[NOTES_SHEET]["A"] if c.value]
    assert any("序号" in n and "示例" in n for n in notes)  # Chinese notes
    assert any("not imported" in n for n in notes)  # and English ones for --lang en
    zh_only = load_workbook(io.BytesIO(template_workbook("zh")))[NOTES_SHEET]
    assert not any("imported" in str(c.value) for c in zh_only["A"])


def test_a_filled_template_reads_back_exactly() -> None:
    plan = parse_bytes(filled(), "任务表.xlsx")
    assert plan.title == "重点工作任务分解表"
    got = [(t.code, t.number, t.text, t.lead, t.support, t.due_text) for t in plan.tasks]
    assert got == [
        ("1", 1, "推进城市更新行动", ["区住建局"], ["区财政局", "区自然资源局"], "2026年12月底前"),
        ("2", 2, "稳定和扩大就业", ["区人社局"], [], "年内"),
        (
            "3",
            3,
            "优化营商环境；指标：完成省下达任务",  # no number to read: the words are kept
            ["区发展改革局", "区市场监管局"],
            ["各街道办事处"],
            "6月底前",
        ),
        ("4", 4, "抓好安全生产", ["区应急局"], ["区公安分局"], "长期坚持"),
    ]
    targets = {t.code: [(g.subject, g.value, g.unit) for g in t.targets] for t in plan.tasks}
    assert targets == {
        "1": [("改造老旧小区", 15.0, "个")],
        "2": [("新增城镇就业", 4000.0, "人")],
        "3": [],
        "4": [],
    }
    assert plan.departments[:2] == ["区住建局", "区财政局"]
    # the examples are left out without a word; the notes sheet is not read
    assert not any("示例" in str(w.params) for w in plan.warnings)
    assert not any(w.code == "text_ignored" for w in plan.warnings)
    assert not any("老旧小区改造" in t.text for t in plan.tasks)


def test_deleting_the_examples_reads_the_same_tasks() -> None:
    kept = parse_bytes(filled(keep_examples=True), "a.xlsx")
    deleted = parse_bytes(filled(keep_examples=False), "a.xlsx")
    fields = [
        [(t.code, t.text, t.lead, t.support, t.due_text, t.targets) for t in p.tasks]
        for p in (kept, deleted)
    ]
    assert fields[0] == fields[1]


def test_an_example_given_a_number_is_a_task() -> None:
    book = load_workbook(io.BytesIO(template_workbook()))
    book[TASK_SHEET]["A3"] = 1
    out = io.BytesIO()
    book.save(out)
    plan = parse_bytes(out.getvalue(), "a.xlsx")
    assert [(t.number, t.lead, t.due_text) for t in plan.tasks] == [
        (1, ["区住建局"], "2026年12月底前")
    ]


def test_the_template_reads_the_same_through_the_bounded_child() -> None:
    data = filled()
    assert read_isolated(data, "任务表.xlsx") == parse_bytes(data, "任务表.xlsx")

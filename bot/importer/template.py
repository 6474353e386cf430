"""The standard task sheet (``duban template``, the chat's template button) and its exact reading.

When the importer cannot read an office's notice, the coordinator can copy its tasks into this
workbook: a title, the header 序号 / 任务 / 牵头单位 / 配合单位 / 完成时限 / 指标, two example rows
marked 示例 in the 序号 column, and a 填写说明 sheet (which the Excel reader skips, see
``bot.importer.readers.excel.INSTRUCTION_SHEETS``).

The general table reader reads the numbers, tasks and units; ``complete_from_template`` then
takes what only this sheet states exactly: the 完成时限 cell becomes the task's ``due_text`` (when
the reader has not set one), the 指标 cell's targets join the task's targets (and, when no
target can be read from it, its words are appended to the task's text so nothing written is
lost), and rows still marked 示例 are left out without a warning. A user who keeps the examples
as real tasks writes a number in their 序号 cell.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from bot.importer.model import Cell, Document, ParsedPlan, Row
from bot.importer.readers.excel import INSTRUCTION_SHEETS
from bot.importer.targets import extract_targets
from bot.texts import t

HEADERS = ("序号", "任务", "牵头单位", "配合单位", "完成时限", "指标")
EXAMPLE = "示例"
TASK_SHEET = "任务"
NOTES_SHEET = "填写说明"
assert NOTES_SHEET in INSTRUCTION_SHEETS
_WIDTHS = (8, 60, 22, 30, 16, 30)
_EXAMPLES = (
    (
        EXAMPLE,
        "完成老旧小区改造，惠及居民3000户",
        "区住建局",
        "区财政局、各街道办事处",
        "2026年12月底前",
        "改造老旧小区12个",
    ),
    (
        EXAMPLE,
        "新增城镇就业岗位，城镇登记失业率控制在4.5%以内",
        "区人社局",
        "区发展改革局",
        "年内",
        "新增城镇就业5000人",
    ),
)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
_EXAMPLE_FONT = Font(italic=True, color="FF808080")
NOTE_KEYS = tuple(f"template.note_{i}" for i in range(1, 8))


def template_workbook(lang: str = "zh") -> bytes:
    """The task sheet as .xlsx bytes; the notes are Chinese, followed by English for ``en``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = TASK_SHEET
    sheet.append([t("template.title", "zh")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for example in _EXAMPLES:
        sheet.append(list(example))
        for cell in sheet[sheet.max_row]:
            cell.font = _EXAMPLE_FONT
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    notes = book.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 100
    languages = ["zh", "en"] if lang == "en" else ["zh"]
    for language in languages:
        notes.append([t("template.notes_title", language)])
        notes.cell(notes.max_row, 1).font = Font(bold=True)
        for key in NOTE_KEYS:
            notes.append([t(key, language)])
            notes.cell(notes.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        notes.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def complete_from_template(document: Document, plan: ParsedPlan) -> ParsedPlan:
    """``plan`` with what the template's own columns say; unchanged for any other document."""
    header = next(
        (
            i
            for i, block in enumerate(document.blocks)
            if isinstance(block, Row) and _texts(block.cells)[: len(HEADERS)] == list(HEADERS)
        ),
        None,
    )
    if header is None:
        return plan
    first = document.blocks[header]
    assert isinstance(first, Row)
    table = first.table
    by_where = {task.where: task for task in plan.tasks}
    examples: set[str] = set()
    above = ["", ""]  # 完成时限 and 指标 of the row above, for merged cells
    for block in document.blocks[header + 1 :]:
        if not isinstance(block, Row) or block.table != table:
            continue
        cells = [*block.cells, *[Cell(())] * len(HEADERS)][: len(HEADERS)]
        texts = _texts(cells)
        if texts[0].startswith(EXAMPLE):
            examples.add(block.where)
            continue
        due, target = (above[k] if cells[4 + k].merged else texts[4 + k] for k in range(2))
        above = [due, target]
        task = by_where.get(block.where)
        if task is None:
            continue
        if task.due_text is None and due:
            task.due_text = due
        if target and task.text.endswith(f"；{target}"):  # the table reader's detail column
            task.text = task.text.removesuffix(f"；{target}")
        if target:
            read = extract_targets(target)
            task.targets.extend(g for g in read if g not in task.targets)
            if not read and target not in task.text:
                task.text = f"{task.text}；{HEADERS[5]}：{target}"
    plan.warnings = [w for w in plan.warnings if w.where not in examples]
    return plan


def _texts(cells: tuple[Cell, ...] | list[Cell]) -> list[str]:
    return ["".join(cell.text.split()) for cell in cells]

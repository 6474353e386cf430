"""Tables that reach the importer as text: web-page tables (one cell per paragraph or per line)
and box-drawn tables, read into the same rows as a Word table; header roles 完成时限/分管领导."""

from __future__ import annotations

import io

import docx
from openpyxl import Workbook

from bot.importer.headers import header_role, header_roles
from bot.importer.layout import Heading, TaskItem, read_layout
from bot.importer.model import Cell, Document, Paragraph, Row
from bot.importer.readers import boxtable, read_document, webtable
from bot.importer.readers.text import parse_text


def rows(text: str) -> list[tuple[tuple[str, ...], ...]]:
    return [tuple(c.lines for c in b.cells) for b in parse_text(text) if isinstance(b, Row)]


def merged(text: str) -> list[tuple[bool, ...]]:
    return [tuple(c.merged for c in b.cells) for b in parse_text(text) if isinstance(b, Row)]


def tasks(text: str | bytes, name: str = "n.txt") -> list[TaskItem]:
    doc = read_document(text.encode() if isinstance(text, str) else text, name)
    return [i for i in read_layout(doc).items if isinstance(i, TaskItem)]


def headings(text: str) -> list[tuple[str, str]]:
    doc = read_document(text.encode(), "n.txt")
    return [(h.numeral, h.title) for h in read_layout(doc).items if isinstance(h, Heading)]


def paragraphs(*cells: str) -> str:
    return "\n\n".join(cells) + "\n"


# header roles ----------------------------------------------------------------------------


def test_header_words_give_the_new_roles() -> None:
    assert header_role("完成时限") == "due"
    assert header_role("完成时间") == "due"
    assert header_role("分管领导") == "leader"
    assert header_role("责任领导") == "leader"  # a person, not 责任单位
    assert header_role("分管区领导") == "leader"
    assert header_role("牵头组织实施单位") == "lead"
    assert header_role("预期目标") == "task"
    assert header_role("目标任务") == "task"
    assert header_role("重点任务") == "task"
    assert header_role("责任单位") == "responsible"
    assert header_role("工作任务及要求") == "task"
    assert header_role("牵头单位：区住建局") == "unknown"  # a labelled line, not a header


def test_a_second_task_column_is_a_detail_added_to_the_task_text() -> None:
    row = Row(tuple(Cell((t,)) for t in ("序号", "重点任务", "目标要求", "责任单位")), "")
    assert header_roles(row) == ["seq", "task", "detail", "responsible"]
    text = "\t序号\t重点任务\t目标要求\t责任单位\n\n\t1\t建设数据中心\t上架率达到80%\t区大数据局\n"
    (task,) = tasks(text)
    assert task.text == "建设数据中心；上架率达到80%"


# web-page tables ---------------------------------------------------------------------------

WEB = paragraphs(
    "附件1",
    "2026年重点任务清单",
    "序号",
    "工作任务",
    "牵头单位",
    "配合单位",
    "1",
    "建设社区食堂10个",
    "区民政局",
    "区财政局\n各街道办事处",
    "2",
    "新增停车泊位500个",
    "区交通局",  # 配合单位 dropped: the next 序号 starts the next row
    "3",
    "改造供水管网20公里，",
    "保障老旧小区用水",  # the task cell in two paragraphs
    "区水务局",
    "区住建局",
    "联系人：刘洋",
)


def test_web_table_cells_are_regrouped_into_rows_by_the_header_width() -> None:
    assert rows(WEB) == [
        (("序号",), ("工作任务",), ("牵头单位",), ("配合单位",)),
        (("1",), ("建设社区食堂10个",), ("区民政局",), ("区财政局", "各街道办事处")),
        (("2",), ("新增停车泊位500个",), ("区交通局",), ()),
        (("3",), ("改造供水管网20公里，保障老旧小区用水",), ("区水务局",), ("区住建局",)),
    ]
    text = [b.text for b in parse_text(WEB) if isinstance(b, Paragraph)]
    assert text[:2] == ["附件1", "2026年重点任务清单"] and text[-1] == "联系人：刘洋"


def test_web_table_pasted_one_cell_per_line() -> None:
    text = "序号\n重点任务\n责任单位\n完成时限\n1\n建设口袋公园\n区城管局\n6月底前\n2\n修缮古桥\n年内\n"
    assert rows(text)[1:] == [
        (("1",), ("建设口袋公园",), ("区城管局",), ("6月底前",)),
        (("2",), ("修缮古桥",), (), ("年内",)),  # 年内 fits the time-limit column, not units
    ]


def test_three_blank_lines_are_an_empty_cell() -> None:
    text = (
        "序号\n\n任务\n\n牵头单位\n\n配合单位\n\n完成时限\n\n1\n\n修路\n\n区交通局\n\n\n\n9月底前\n"
    )
    assert rows(text)[1] == (("1",), ("修路",), ("区交通局",), (), ("9月底前",))


def test_web_table_ends_where_a_number_was_due_and_text_came() -> None:
    text = paragraphs("序号", "任务", "牵头单位", "1", "修路", "区交通局", "请各单位抓好落实。")
    blocks = parse_text(text)
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].text == "请各单位抓好落实。"
    assert len([b for b in blocks if isinstance(b, Row)]) == 2


def test_a_heading_cell_is_a_section_row() -> None:
    text = paragraphs("序号", "任务", "牵头单位", "一、城市建设", "1", "修路", "区交通局")
    assert rows(text)[1] == (("一、城市建设",),)
    assert headings(text) == [("一", "城市建设")]


def test_a_section_numeral_and_its_title_in_two_cells_are_a_section_row() -> None:
    text = paragraphs(
        "序号", "任务", "牵头单位", "配合单位", "一", "城市建设", "1", "修路", "区交通局"
    )
    assert rows(text)[1] == (("一",), ("城市建设",), (), ())
    assert headings(text) == [("一", "城市建设")]
    assert [t.number for t in tasks(text)] == [1]


def test_a_lone_line_before_the_next_number_is_a_category_row() -> None:
    text = paragraphs(
        "序号", "任务", "牵头单位", "1", "修路", "区交通局", "民生保障类", "2", "建学校", "区教育局"
    )
    assert rows(text)[2] == (("民生保障类",),)
    got = read_layout(read_document(text.encode(), "n.txt"))
    assert [(t.number, t.units.lead if t.units else None) for t in tasks(text)] == [
        (1, ["区交通局"]),
        (2, ["区教育局"]),
    ]
    assert any(getattr(i, "name", None) == "民生保障类" for i in got.items)


def test_a_category_column_written_once_for_several_rows() -> None:
    text = paragraphs(
        "领域", "序号", "工作任务", "牵头单位", "配合单位",
        "产业发展", "1", "建园区", "区工信局", "区财政局",
        "2", "引企业", "区商务局", "区工信局",
        "社会民生", "3", "建学校", "区教育局", "区住建局",
    )  # fmt: skip
    got = read_layout(read_document(text.encode(), "n.txt"))
    found = [(t.number, t.category, t.units.lead if t.units else None) for t in tasks(text)]
    assert found == [(1, None, ["区工信局"]), (2, None, ["区商务局"]), (3, None, ["区教育局"])]
    assert [getattr(i, "name", None) for i in got.items if not isinstance(i, TaskItem)] == [
        "产业发展",
        "社会民生",
    ]


def test_without_a_number_column_the_task_texts_numbers_start_the_rows() -> None:
    text = paragraphs(
        "工作任务", "牵头单位", "配合单位",
        "1.修路", "区交通局",  # 配合单位 dropped
        "2.修桥", "区住建局", "区财政局",
    )  # fmt: skip
    assert rows(text)[1:] == [
        (("1.修路",), ("区交通局",), ()),
        (("2.修桥",), ("区住建局",), ("区财政局",)),
    ]


def test_a_two_column_header_before_numbered_tasks() -> None:
    text = paragraphs("重点任务", "责任单位", "1.修路", "区交通局、区财政局", "2.修桥", "区住建局")
    assert rows(text)[1:] == [(("1.修路",), ("区交通局、区财政局",)), (("2.修桥",), ("区住建局",))]
    assert rows(paragraphs("重点任务", "责任单位", "各单位要高度重视。")) == []


def test_a_header_on_one_line_over_cells_one_per_paragraph() -> None:
    text = "序号 工作任务 牵头单位 配合单位\n\n" + paragraphs(
        "1", "修路", "区交通局", "区财政局", "2", "修桥", "区住建局"
    )
    assert rows(text) == [
        (("序号",), ("工作任务",), ("牵头单位",), ("配合单位",)),
        (("1",), ("修路",), ("区交通局",), ("区财政局",)),
        (("2",), ("修桥",), ("区住建局",), ()),
    ]


def test_a_responsible_cell_in_several_paragraphs_stays_one_cell() -> None:
    text = paragraphs(
        "序号", "预期目标", "责任单位", "1", "增长6%", "区发改委", "区统计局", "2", "x", "区财政局"
    )
    assert rows(text)[1] == (("1",), ("增长6%",), ("区发改委", "区统计局"))


def test_short_lines_that_are_not_a_task_header_stay_paragraphs() -> None:
    text = paragraphs("序号", "工作任务", "备注", "1", "修路")  # no unit column
    assert rows(text) == []


def test_two_annex_tables_are_two_sections_numbered_by_the_annex() -> None:
    second = paragraphs(
        "附件2：民生实事清单", "序号", "工作任务", "责任单位", "1", "建设托育园", "区卫健委"
    )
    text = WEB.replace("联系人：刘洋\n", "") + "\n" + second
    assert headings(text) == [("一", "2026年重点任务清单"), ("二", "民生实事清单")]
    doc = read_document(text.encode(), "n.txt")
    assert len({b.table for b in doc.blocks if isinstance(b, Row)}) == 2
    # the 附件2 line is the table's title, not text of the task above
    assert [t.text for t in tasks(text)][2] == "改造供水管网20公里，保障老旧小区用水"


def test_tables_without_annex_lines_are_numbered_by_their_place() -> None:
    one = paragraphs("甲表", "序号", "任务", "牵头单位", "1", "修路", "区交通局")
    two = paragraphs("乙表", "序号", "任务", "牵头单位", "1", "修桥", "区住建局")
    assert headings(one + "\n" + two) == [("一", "甲表"), ("二", "乙表")]


def test_a_table_continued_with_its_header_repeated_stays_one_section() -> None:
    one = paragraphs("序号", "任务", "牵头单位", "1", "修路", "区交通局")
    two = paragraphs("序号", "任务", "牵头单位", "2", "修桥", "区住建局")
    assert headings(one + "\n" + two) == []
    assert [t.number for t in tasks(one + "\n" + two)] == [1, 2]


def test_tables_with_their_own_sections_are_not_renumbered() -> None:
    one = paragraphs("序号", "任务", "牵头单位", "一、交通", "1", "修路", "区交通局")
    two = paragraphs("序号", "任务", "牵头单位", "二、住房", "2", "修房", "区住建局")
    assert headings(one + "\n" + two) == [("一", "交通"), ("二", "住房")]


def test_browser_copied_tab_separated_rows() -> None:
    text = (
        "说明如下\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t修路\t区交通局\t区财政局\t6月底前\n2\t修桥\t\t\t\n联系人：刘洋\n"
    )
    assert rows(text)[1:] == [
        (("1",), ("修路",), ("区交通局",), ("区财政局",), ("6月底前",)),
        (("2",), ("修桥",), (), (), ()),
    ]
    assert merged(text)[2] == (False, False, True, False, False)  # 牵头单位 spans both rows
    found = [(t.number, t.units.lead if t.units else None, t.due) for t in tasks(text)]
    assert found == [(1, ["区交通局"], "6月底前"), (2, ["区交通局"], None)]


def test_a_web_row_missing_its_lead_unit_shares_the_one_above() -> None:
    text = paragraphs(
        "序号", "任务", "牵头单位", "1", "修路", "区交通局", "2", "修桥", "3", "修房", "区住建局"
    )
    found = [(t.number, t.units.lead if t.units else None) for t in tasks(text)]
    assert found == [(1, ["区交通局"]), (2, ["区交通局"]), (3, ["区住建局"])]


def test_a_tab_export_table_is_read_as_before() -> None:
    text = "\t任务内容\n\t牵头责任单位\n\n\t1.修路\n\t区交通局\n"
    assert rows(text) == [(("任务内容",), ("牵头责任单位",)), (("1.修路",), ("区交通局",))]


# box-drawn tables --------------------------------------------------------------------------

BOX = """\
┌──┬──────┬────┬────┐
│序│工作任务│牵头单│完成│
│号│      │位  │时限│
├──┴──────┴────┴────┤
│一、产业发展        │
├──┬──────┬────┬────┤
│1 │培育企业│区工信│2026│
│  │15家  │局  │年6 │
├──┼──────┼────┤月底│
│2 │建设园区│区商务│前  │
│  │      │局  │    │
└──┴──────┴────┴────┘
"""


def test_box_cells_join_their_wrapped_lines_and_merged_cells_span_rows() -> None:
    assert rows(BOX) == [
        (("序号",), ("工作任务",), ("牵头单位",), ("完成时限",)),
        (("一、产业发展",),),
        (("1",), ("培育企业15家",), ("区工信局",), ("2026年6月底前",)),
        (("2",), ("建设园区",), ("区商务局",), ()),
    ]
    assert merged(BOX)[3] == (False, False, False, True)


def test_a_merged_time_limit_applies_to_every_row_it_spans() -> None:
    assert [(t.number, t.due) for t in tasks(BOX)] == [
        (1, "2026年6月底前"),
        (2, "2026年6月底前"),
    ]


def test_a_merged_leader_and_unit_cell_apply_to_every_row() -> None:
    text = """\
+----+--------+--------+--------+
|序号|任务    |牵头单位|分管领导|
+----+--------+--------+--------+
|1   |修路    |区交通局|王五    |
+----+--------+        +        +
|2   |修桥    |        |        |
+----+--------+--------+--------+
"""
    got = [(t.number, t.units.lead if t.units else None, t.leader) for t in tasks(text)]
    assert got == [(1, ["区交通局"], "王五"), (2, ["区交通局"], "王五")]


def test_ascii_box_keeps_plus_signs_inside_cells() -> None:
    text = "+----+----------+\n|序号|任务      |\n+====+==========+\n|1   |5G+工业   |\n+----+----------+\n"
    assert rows(text)[1] == (("1",), ("5G+工业",))


def test_markdown_and_unruled_rows_split_on_the_number_column() -> None:
    text = "| 序号 | 任务 | 牵头单位 |\n|---|---|---|\n| 1 | 修路 | 区交通局 |\n| 2 | 修桥 | 区住建局 |\n"
    assert rows(text)[1:] == [
        (("1",), ("修路",), ("区交通局",)),
        (("2",), ("修桥",), ("区住建局",)),
    ]


def test_one_unit_per_line_stays_apart_and_a_wrapped_name_is_joined() -> None:
    text = """\
┌──┬────┬──────┐
│序│任务│配合单位│
├──┼────┼──────┤
│1 │修路│区住建局│
│  │    │区财政局│
│  │    │区自然资│
│  │    │源局  │
└──┴────┴──────┘
"""
    assert rows(text)[1][2] == ("区住建局", "区财政局", "区自然资源局")


# tables laid out with spaces -------------------------------------------------------------------

SPACED = """\
 序号      工作任务              牵头单位      配合单位      完成时限
  1    修路，全长3公里，       区交通局    区财政局、区    6月底前
       双向四车道                          自然资源局
  2    修桥                    区住建局                    年内

请各单位抓好落实。
"""


def test_space_aligned_columns_are_read_by_position() -> None:
    assert rows(SPACED)[1:] == [
        (("1",), ("修路，全长3公里，双向四车道",), ("区交通局",), ("区财政局、区自然资源局",), ("6月底前",)),
        (("2",), ("修桥",), ("区住建局",), (), ("年内",)),
    ]  # fmt: skip
    assert [b.text for b in parse_text(SPACED) if isinstance(b, Paragraph)] == [
        "请各单位抓好落实。"
    ]


def test_a_line_of_words_that_is_not_a_task_header_stays_text() -> None:
    assert rows("序号  说明  备注\n 1    甲    乙\n") == []


# bounds ------------------------------------------------------------------------------------


def test_an_absurdly_wide_box_is_text_and_read_in_one_pass(monkeypatch) -> None:
    calls = 0
    real = boxtable.is_box_line

    def counted(line: str) -> bool:
        nonlocal calls
        calls += 1
        return real(line)

    monkeypatch.setattr(boxtable, "is_box_line", counted)
    wide = 100_000
    lines = ["┌" + "┬".join(["─"] * wide) + "┐", *["│" + "│".join(["x"] * wide) + "│"] * 4]
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) > 1_000_000
    blocks = parse_text(text)
    assert all(isinstance(b, Paragraph) for b in blocks) and len(blocks) == 5
    # each line is looked at a bounded number of times, not once per line above it
    tall = "\n".join(["┌" + "┬".join(["─"] * 50) + "┐", *["│" + "│".join("x" * 51) + "│"] * 3000])
    calls = 0
    parse_text(tall)
    assert calls <= 3 * 3001


def test_thousands_of_cells_are_each_read_a_bounded_number_of_times(monkeypatch) -> None:
    calls = 0
    real = webtable._cell_at

    def counted(lines: list[str], p: int, by_line: bool) -> object:
        nonlocal calls
        calls += 1
        return real(lines, p, by_line)

    monkeypatch.setattr(webtable, "_cell_at", counted)
    body = [c for n in range(1, 901) for c in (str(n), f"任务{n}", "区住建局", "区财政局")]
    text = paragraphs("序号", "工作任务", "牵头单位", "配合单位", *body)
    got = rows(text)
    assert len(got) == 901 and got[-1] == (("900",), ("任务900",), ("区住建局",), ("区财政局",))
    assert calls <= 2 * (len(body) + 4) + 10


# other readers share the header roles ---------------------------------------------------------


def test_xlsx_time_limit_and_leader_columns_with_merged_cells() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "牵头单位", "分管领导", "完成时限"])
    sheet.append([1, "修路", "区交通局", "王五", "6月底前"])
    sheet.append([2, "修桥", "区住建局", None, "年内"])
    sheet.append([3, "修房", "区住建局", "赵六", None])
    sheet.merge_cells("D2:D3")
    sheet.merge_cells("E3:E4")
    buffer = io.BytesIO()
    book.save(buffer)
    got = [(t.number, t.leader, t.due) for t in tasks(buffer.getvalue(), "n.xlsx")]
    assert got == [(1, "王五", "6月底前"), (2, "王五", "年内"), (3, "赵六", "年内")]


def test_csv_time_limit_and_leader_columns() -> None:
    text = (
        "序号,工作任务,牵头单位,配合单位,分管领导,完成时限\n1,修路,区交通局,区财政局,王五,9月底前\n"
    )
    (task,) = tasks(text, "n.csv")
    assert (task.leader, task.due) == ("王五", "9月底前")
    assert task.units is not None and task.units.lead == ["区交通局"]
    assert task.units.support == ["区财政局"]


def test_document_rows_of_a_web_table_are_one_table() -> None:
    doc = Document("n.txt", "txt", parse_text(WEB))
    assert len({b.table for b in doc.blocks if isinstance(b, Row)}) == 1


# two-level headers: 责任单位 over 牵头单位 | 配合单位 -------------------------------------------


def units_of(found: list[TaskItem]) -> list[tuple[int, list[str], list[str], str | None]]:
    return [
        (t.number, t.units.lead if t.units else [], t.units.support if t.units else [], t.due)
        for t in found
    ]


WANT = [(1, ["区交通局"], ["区财政局"], "6月底前"), (2, ["区住建局"], [], "年内")]


def test_a_two_level_box_header() -> None:
    text = """\
┌──┬────┬──────────┬────┐
│序│任务│  责任单位  │完成│
│号│    ├─────┬────┤时限│
│  │    │牵头 │配合│    │
├──┼────┼─────┼────┼────┤
│1 │修路│区交通│区财│6月 │
│  │    │局   │政局│底前│
├──┼────┼─────┼────┼────┤
│2 │修桥│区住建│    │年内│
│  │    │局   │    │    │
└──┴────┴─────┴────┴────┘
"""
    assert units_of(tasks(text)) == WANT


def test_a_two_level_web_header() -> None:
    text = paragraphs(
        "序号", "任务", "责任单位", "完成时限", "牵头单位", "配合单位",
        "1", "修路", "区交通局", "区财政局", "6月底前",
        "2", "修桥", "区住建局", "年内",
    )  # fmt: skip
    assert units_of(tasks(text)) == WANT


def test_a_two_level_csv_header() -> None:
    text = (
        "序号,任务,责任单位,,完成时限\n,,牵头单位,配合单位,\n"
        "1,修路,区交通局,区财政局,6月底前\n2,修桥,区住建局,,年内\n"
    )
    assert units_of(tasks(text, "n.csv")) == WANT


def test_a_two_level_xlsx_header_with_a_merged_group_cell() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "任务", "责任单位", None, "完成时限"])
    sheet.append([None, None, "牵头单位", "配合单位", None])
    sheet.append([1, "修路", "区交通局", "区财政局", "6月底前"])
    sheet.append([2, "修桥", "区住建局", None, "年内"])
    sheet.merge_cells("C1:D1")
    for col in "ABE":
        sheet.merge_cells(f"{col}1:{col}2")
    buffer = io.BytesIO()
    book.save(buffer)
    assert units_of(tasks(buffer.getvalue(), "n.xlsx")) == WANT


def test_two_word_tables_numbered_from_one_are_two_sections() -> None:
    word = docx.Document()
    word.add_paragraph("关于印发两张清单的通知")
    for annex, title, task in (("附件1", "项目清单", "修路"), ("附件2", "实事清单", "建校")):
        word.add_paragraph(annex)
        word.add_paragraph(title)
        table = word.add_table(rows=2, cols=3)
        for j, text in enumerate(("序号", "工作任务", "牵头单位")):
            table.cell(0, j).text = text
        for j, text in enumerate(("1", task, "区住建局")):
            table.cell(1, j).text = text
    buffer = io.BytesIO()
    word.save(buffer)
    doc = read_document(buffer.getvalue(), "n.docx")
    assert [(h.numeral, h.title) for h in read_layout(doc).items if isinstance(h, Heading)] == [
        ("一", "项目清单"),
        ("二", "实事清单"),
    ]


def test_one_column_title_that_is_no_header_word_may_stand_in_the_header() -> None:
    text = paragraphs(
        "序号", "工作任务", "实施步骤", "牵头单位", "1", "修路", "先设计后施工", "区交通局"
    )
    assert rows(text)[1] == (("1",), ("修路",), ("先设计后施工",), ("区交通局",))
    (task,) = tasks(text)  # the unnamed column holds no unit names: it is not read as units
    assert task.units is not None and task.units.lead == ["区交通局"]


def test_unit_cells_are_not_header_words() -> None:
    assert [header_role(w) for w in ("各有关单位", "相关部门", "区直各部门")] == ["unknown"] * 3


def test_more_unit_header_words() -> None:
    assert [header_role(w) for w in ("承办单位", "主管部门", "主办单位", "协同单位")] == [
        "responsible",
        "responsible",
        "lead",
        "support",
    ]


def test_a_task_drawn_over_two_rows_with_a_unit_in_each_is_one_task() -> None:
    text = """\
┌──┬────┬────────┐
│序│任务│牵头单位│
├──┼────┼────────┤
│1 │修路│区交通局│
│  │    ├────────┤
│  │    │区住建局│
├──┼────┼────────┤
│2 │修桥│区水务局│
└──┴────┴────────┘
"""
    assert rows(text)[1:] == [
        (("1",), ("修路",), ("区交通局", "区住建局")),
        (("2",), ("修桥",), ("区水务局",)),
    ]

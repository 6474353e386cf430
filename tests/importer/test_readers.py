"""Readers: every format reads to the same paragraphs and rows; bad files get a code."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bot.importer.model import Cell, Document, NoticeError, Paragraph, Row
from bot.importer.readers import read_document, read_path
from tests.support.render import document_to_docx, document_to_xlsx, text_to_gbk


def rows_of(doc: Document) -> list[tuple[tuple[str, ...], ...]]:
    return [tuple(cell.lines for cell in b.cells) for b in doc.blocks if isinstance(b, Row)]


def paragraphs_of(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def code_of(data: bytes, name: str) -> str:
    with pytest.raises(NoticeError) as caught:
        read_document(data, name)
    return caught.value.code


def docx_bytes(word: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the seed notice ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Document:
    return read_path(seed_path)


@pytest.mark.seed
def test_seed_reads_as_covering_notice_then_one_table(seed: Document, seed_path: Path) -> None:
    rows = [b for b in seed.blocks if isinstance(b, Row)]
    paragraphs = [b for b in seed.blocks if isinstance(b, Paragraph)]
    assert (seed.fmt, seed.encoding, seed.warnings) == ("txt", "utf-8", [])
    assert len(paragraphs) == 10 and len(rows) == 142
    assert seed.blocks[: len(paragraphs)] == paragraphs  # the covering notice comes first
    assert {row.table for row in rows} == {1}
    assert sum(len(row.cells) == 1 for row in rows) == 9  # section headings 一 … 九
    assert all(not text.startswith("[bookmark") for text in paragraphs_of(seed))
    assert paragraphs[2].where == "L3"  # the bookmarked line, found by its own line number
    raw_lines = seed_path.read_text(encoding="utf-8").split("\n")
    for row in rows:  # a row's where is the line of its first cell
        assert raw_lines[int(row.where[1:]) - 1].startswith("\t")


@pytest.mark.seed
def test_seed_lone_tab_is_a_merged_cell(seed: Document, seed_path: Path) -> None:
    lone_tabs = seed_path.read_text(encoding="utf-8").split("\n").count("\t")
    empty_cells = [c for b in seed.blocks if isinstance(b, Row) for c in b.cells if c.empty]
    assert len(empty_cells) == lone_tabs == 41
    row_21 = next(b for b in seed.blocks if b.where == "L21")
    assert isinstance(row_21, Row)
    assert len(row_21.cells) == 2 and row_21.cells[1] == Cell((), merged=True)


@pytest.mark.seed
def test_seed_units_on_following_lines_belong_to_the_cell(seed: Document) -> None:
    row_38 = next(b for b in seed.blocks if b.where == "L38")
    assert isinstance(row_38, Row)
    assert len(row_38.cells) == 2 and len(row_38.cells[1].lines) == 3
    row_99 = next(b for b in seed.blocks if b.where == "L99")  # category merged, 7 units
    assert isinstance(row_99, Row)
    assert [len(c.lines) for c in row_99.cells] == [0, 1, 7]


@pytest.mark.seed
def test_seed_as_word_table_with_merges_reads_the_same(seed: Document, tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    document_to_docx(seed, path)
    again = read_path(path)
    assert again.fmt == "docx"
    assert paragraphs_of(again) == paragraphs_of(seed)
    assert rows_of(again) == rows_of(seed)
    assert [b.where for b in again.blocks[:2]] == ["P1", "P2"]
    assert again.blocks[-1].where == "T1:R142"
    body = docx.Document(str(path)).element.body.xml  # the merges are real, not just blanks
    assert 'w:vMerge w:val="restart"' in body and "<w:vMerge/>" in body and "w:gridSpan" in body


@pytest.mark.seed
def test_seed_as_worksheet_with_merges_reads_the_same(seed: Document, tmp_path: Path) -> None:
    path = tmp_path / "notice.xlsx"
    document_to_xlsx(seed, path)
    again = read_path(path)
    assert again.fmt == "xlsx"
    assert paragraphs_of(again) == paragraphs_of(seed)  # the covering notice in column A
    assert rows_of(again) == rows_of(seed)
    assert [b.where for b in again.blocks[:2]] == ["Sheet1!1", "Sheet1!2"]


@pytest.mark.seed
def test_seed_in_gbk_utf8_bom_and_crlf_reads_the_same(
    seed: Document, seed_path: Path, tmp_path: Path
) -> None:
    original = seed_path.read_bytes()
    gbk = tmp_path / "notice-gbk.txt"
    text_to_gbk(seed_path, gbk)
    bom = tmp_path / "notice-bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + original)
    crlf = tmp_path / "notice-crlf.txt"
    crlf.write_bytes(original.replace(b"\n", b"\r\n"))
    from_gbk, from_bom, from_crlf = read_path(gbk), read_path(bom), read_path(crlf)
    assert from_gbk.blocks == from_bom.blocks == from_crlf.blocks == seed.blocks
    assert (from_gbk.encoding, from_bom.encoding) == ("gb18030", "utf-8-sig")
    assert [(w.code, w.params) for w in from_gbk.warnings] == [
        ("encoding_guessed", {"encoding": "gb18030"})
    ]
    assert from_bom.warnings == []


# --- text -----------------------------------------------------------------------------------

_NOTICE = (
    "清河区2024年民生实事任务分解\n"
    "牵头单位：区民政局\n"
    "\n"
    "\t任务\n"
    "\t责任单位\n"
    "\n"
    "\t1.新建社区老年食堂8个\n"
    "\t区民政局\n"
    "区商务委\n"
    "\n"
    "\t2.改造老旧小区电梯40部\n"
    "\t\n"
    "\n"
    "附：其他事项\n"
    "\t3.新增公办托位300个\t区卫健委\n"
)


def test_text_tab_lines_are_cells_and_other_lines_paragraphs() -> None:
    doc = read_document(_NOTICE.encode(), "任务.TXT")
    assert (doc.source, doc.fmt, doc.encoding) == ("任务.TXT", "txt", "utf-8")
    assert doc.blocks == [
        Paragraph("清河区2024年民生实事任务分解", "L1"),
        Paragraph("牵头单位：区民政局", "L2"),
        Row((Cell(("任务",)), Cell(("责任单位",))), "L4", table=1),
        Row((Cell(("1.新建社区老年食堂8个",)), Cell(("区民政局", "区商务委"))), "L7", table=1),
        Row((Cell(("2.改造老旧小区电梯40部",)), Cell((), merged=True)), "L11", table=1),
        Paragraph("附：其他事项", "L14"),
        Row((Cell(("3.新增公办托位300个",)), Cell(("区卫健委",))), "L15", table=2),
    ]


def test_text_strips_word_bookmarks_and_odd_spaces() -> None:
    data = "[bookmark: _GoBack]附件：\u00a0任务清单\u2002\n\t[bookmark: x]1.修缮道路3公里\n"
    doc = read_document(data.encode(), "a.txt")
    assert doc.blocks == [
        Paragraph("附件： 任务清单", "L1"),
        Row((Cell(("1.修缮道路3公里",)),), "L2", table=1),
    ]


def test_text_old_mac_line_breaks_and_unterminated_row() -> None:
    doc = read_document("标题\r\r\t1.植树1万株\r\t区林业局".encode(), "a.txt")
    assert doc.blocks == [
        Paragraph("标题", "L1"),
        Row((Cell(("1.植树1万株",)), Cell(("区林业局",))), "L3", table=1),
    ]


def test_text_utf16_with_bom() -> None:
    doc = read_document(_NOTICE.encode("utf-16"), "a.txt")
    assert doc.encoding == "utf-16"
    assert doc.blocks == read_document(_NOTICE.encode(), "a.txt").blocks


# --- Word -----------------------------------------------------------------------------------


def test_docx_body_order_merges_and_nested_tables() -> None:
    word = docx.Document()
    word.add_paragraph("清河区2024年重点任务")
    word.add_paragraph("")  # a spacer: not counted as a paragraph
    table = word.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "一、民生保障"
    table.cell(1, 0).text = "养老服务"
    table.cell(1, 1).text = "1.新建老年食堂8个"
    table.cell(1, 2).text = "区民政局"
    table.cell(1, 2).add_paragraph("区商务委")
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(2, 1).text = "2.新增养老床位200张"
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(3, 0).text = "托育服务"
    table.cell(3, 1).text = "3.新增托位300个"
    nested = table.cell(3, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "区卫健委"
    nested.cell(0, 1).text = "区教委"
    word.add_paragraph("第一行\n第二行")
    doc = read_document(docx_bytes(word), "notice.docx")
    assert doc.fmt == "docx" and doc.encoding is None
    assert doc.blocks == [
        Paragraph("清河区2024年重点任务", "P1"),
        Row((Cell(("一、民生保障",)),), "T1:R1", table=1),
        Row(
            (Cell(("养老服务",)), Cell(("1.新建老年食堂8个",)), Cell(("区民政局", "区商务委"))),
            "T1:R2",
            table=1,
        ),
        Row(
            (Cell((), merged=True), Cell(("2.新增养老床位200张",)), Cell((), merged=True)),
            "T1:R3",
            table=1,
        ),
        Row(
            (Cell(("托育服务",)), Cell(("3.新增托位300个",)), Cell(("区卫健委", "区教委"))),
            "T1:R4",
            table=1,
        ),
        Paragraph("第一行", "P2"),
        Paragraph("第二行", "P2"),
    ]


def test_docx_legacy_horizontal_merge_is_one_cell() -> None:
    word = docx.Document()
    table = word.add_table(rows=1, cols=3)
    for col, val in ((0, "restart"), (1, None)):
        merge = OxmlElement("w:hMerge")
        if val:
            merge.set(qn("w:val"), val)
        table.cell(0, col)._tc.get_or_add_tcPr().append(merge)
    table.cell(0, 0).text = "二、城市建设"
    table.cell(0, 2).text = "区住建委"
    doc = read_document(docx_bytes(word), "a.docx")
    assert rows_of(doc) == [(("二、城市建设",), ("区住建委",))]


# --- Excel ----------------------------------------------------------------------------------


def test_xlsx_merges_numbers_sheets_and_lines_around_the_table() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务"
    sheet["B1"] = "清河区2024年民生实事任务表"
    sheet.merge_cells("B1:E1")  # a title above the table: a paragraph
    sheet.append([None, "序号", "任务", "指标", "责任单位"])
    sheet["B3"] = "一、民生保障"
    sheet.merge_cells("B3:E3")  # a heading across the table: one cell
    sheet.append([None, 1, "新建老年食堂", 8.0, "区民政局\n区商务委"])
    sheet.append([None, 2, "养老床位覆盖率", 0.65])
    sheet["D5"].number_format = "0%"
    sheet.merge_cells("E4:E5")  # units merged down, at the end of the row: kept as empty
    sheet.append([None, 3, "托育补贴（万元）", 12.5, None])  # blank, not merged: still a cell
    sheet.append([None, "备注：\n数据截至年底"])
    hidden = workbook.create_sheet("下拉选项")
    hidden["A1"] = "区民政局"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("空表")
    workbook.create_sheet("附表")["A1"] = "说明"
    doc = read_document(xlsx_bytes(workbook), "plan.xlsx")
    assert doc.blocks == [
        Paragraph("清河区2024年民生实事任务表", "任务!1"),
        Row((Cell(("序号",)), Cell(("任务",)), Cell(("指标",)), Cell(("责任单位",))), "任务!2", 1),
        Row((Cell(("一、民生保障",)),), "任务!3", table=1),
        Row(
            (Cell(("1",)), Cell(("新建老年食堂",)), Cell(("8",)), Cell(("区民政局", "区商务委"))),
            "任务!4",
            table=1,
        ),
        Row(
            (Cell(("2",)), Cell(("养老床位覆盖率",)), Cell(("65%",)), Cell((), merged=True)),
            "任务!5",
            table=1,
        ),
        Row((Cell(("3",)), Cell(("托育补贴（万元）",)), Cell(("12.5",)), Cell(())), "任务!6", 1),
        Paragraph("备注：", "任务!7"),
        Paragraph("数据截至年底", "任务!7"),
        Paragraph("说明", "附表!1"),
    ]
    assert [(w.code, w.params) for w in doc.warnings] == [
        ("hidden_sheet_skipped", {"sheet": "下拉选项"})
    ]


def test_xlsx_with_only_an_empty_sheet_has_no_blocks() -> None:
    doc = read_document(xlsx_bytes(Workbook()), "empty.xlsx")
    assert (doc.fmt, doc.blocks) == ("xlsx", [])


# --- CSV ------------------------------------------------------------------------------------


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


_CSV_ROWS = [
    ["清河区任务清单", "", "", ""],
    ["序号", "任务", "牵头单位", ""],
    ["一、民生保障", "", "", ""],
    ["1", "新建老年食堂8个，覆盖率达到90%", "区民政局\n区商务委", ""],
    ["", "", "", ""],
    ["2", "新增养老床位200张", "", ""],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_quoted_multiline_cells(delimiter: str) -> None:
    shifted = [["", *row] for row in _CSV_ROWS]  # the table started in column B
    doc = read_document(_csv(shifted, delimiter).encode("gbk"), "tasks.csv")
    assert (doc.fmt, doc.encoding) == ("csv", "gb18030")
    assert doc.blocks == [
        Paragraph("清河区任务清单", "R1"),
        Row((Cell(("序号",)), Cell(("任务",)), Cell(("牵头单位",))), "R2", table=1),
        Row((Cell(("一、民生保障",)), Cell(()), Cell(())), "R3", table=1),
        Row(
            (
                Cell(("1",)),
                Cell(("新建老年食堂8个，覆盖率达到90%",)),
                Cell(("区民政局", "区商务委")),
            ),
            "R4",
            table=1,
        ),
        Row((Cell(("2",)), Cell(("新增养老床位200张",)), Cell(())), "R6", table=1),
    ]


# --- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.csv"])
@pytest.mark.parametrize("data", [b"", b" \r\n\t\n  ", "\u3000\n".encode(), b"[bookmark: x]\n"])
def test_empty_text_files(data: bytes, name: str) -> None:
    assert code_of(data, name) == "empty_file"


_JUNK = bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (_JUNK, "a.txt", "binary_file"),
        (_JUNK, "a.csv", "binary_file"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * 40, "a.txt", "binary_file"),
        ("task list, no BOM".encode("utf-16-le"), "a.txt", "binary_file"),
        (b"abc\x80\x80 def\xff", "a.txt", "unknown_encoding"),
        (_JUNK, "a.docx", "corrupt_file"),
        (_JUNK, "a.xlsx", "corrupt_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.docx", "legacy_or_encrypted"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.xlsx", "legacy_or_encrypted"),
        (b"%PDF-1.7", "a.pdf", "unsupported_format"),
        (b"text", "notice", "unsupported_format"),
    ],
)
def test_bad_files_get_a_code(data: bytes, name: str, code: str) -> None:
    assert code_of(data, name) == code


def test_unsupported_format_names_the_suffix() -> None:
    with pytest.raises(NoticeError) as caught:
        read_document(b"%PDF-1.7", "uploads/通知.PDF")
    assert caught.value.params == {"name": "通知.PDF", "suffix": ".pdf"}


def test_truncated_office_files_are_corrupt() -> None:
    word = docx.Document()
    word.add_paragraph("清河区2024年重点任务")
    workbook = Workbook()
    assert workbook.active is not None
    workbook.active["A1"] = "清河区2024年重点任务"
    for data, name, fmt in (
        (docx_bytes(word), "a.docx", "docx"),
        (xlsx_bytes(workbook), "a.xlsx", "xlsx"),
    ):
        with pytest.raises(NoticeError) as caught:
            read_document(data[: len(data) // 2], name)
        assert (caught.value.code, caught.value.params) == (
            "corrupt_file",
            {"name": name, "fmt": fmt},
        )


def test_read_path_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NoticeError) as caught:
        read_path(tmp_path / "missing.txt")
    assert caught.value.code == "cannot_open"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".csv", ".docx", ".xlsx"]))
def test_any_bytes_give_a_document_or_a_notice_error(data: bytes, suffix: str) -> None:
    try:
        doc = read_document(data, "x" + suffix)
    except NoticeError:
        return
    assert all(isinstance(block, Paragraph | Row) for block in doc.blocks)

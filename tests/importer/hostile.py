"""Hostile Office files, built at test time: small on disk, absurd once opened.

Each builder starts from a real file written by openpyxl or python-docx and changes only what
the attack needs, so the files are valid packages a reader will try to open. Sizes are
parameters: tests use bombs just past the limits (fast to build), ``bench``-style measurements
the 300 MB ones the issue names.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as new_docx
from openpyxl import Workbook

MB = 1024 * 1024


def small_xlsx() -> bytes:
    """A real one-sheet task table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务"
    sheet.append(["序号", "任务", "牵头单位", "配合单位"])
    sheet.append([1, "完成老旧小区改造12个", "区住建局", "区财政局"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def small_docx() -> bytes:
    document = new_docx()
    document.add_paragraph("关于印发重点工作任务分解的通知")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rewrite(package: bytes, member: str, change: object) -> bytes:
    """``package`` with ``member``'s bytes passed through ``change`` (bytes → bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                data = change(data)  # type: ignore[operator]
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def whole_sheet_merge_xlsx(ref: str = "A1:XFD1048576") -> bytes:
    """A 5 KB workbook whose one merged range covers the whole sheet."""

    def merge(xml: bytes) -> bytes:
        cells = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
        return xml.replace(b"</sheetData>", b"</sheetData>" + cells, 1)

    return _rewrite(small_xlsx(), "xl/worksheets/sheet1.xml", merge)


def many_cells_xlsx(cells: int) -> bytes:
    """A workbook whose sheet writes ``cells`` styled empty cells (a used range far past the data)."""
    rows = (cells + 99) // 100

    def fill(xml: bytes) -> bytes:
        body = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{_col(c)}{r}" s="0"/>' for c in range(1, 101))
            + "</row>"
            for r in range(3, rows + 3)
        )
        return xml.replace(b"</sheetData>", body.encode() + b"</sheetData>", 1)

    return _rewrite(small_xlsx(), "xl/worksheets/sheet1.xml", fill)


def _col(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def bomb(package: bytes, member: str, inflated_mb: int) -> bytes:
    """``package`` with ``member`` padded by whitespace until it inflates to ``inflated_mb`` MB.

    The padding is streamed into the zip, so building a 300 MB bomb needs little memory.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != member:
                dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, sep, tail = data.rpartition(b"</")
            target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w", force_zip64=True) as stream:
                stream.write(head)
                chunk = b" " * MB
                for _ in range(inflated_mb):
                    stream.write(chunk)
                stream.write(sep + tail)
    return out.getvalue()


def xlsx_bomb(inflated_mb: int) -> bytes:
    return bomb(small_xlsx(), "xl/worksheets/sheet1.xml", inflated_mb)


def docx_bomb(inflated_mb: int) -> bytes:
    return bomb(small_docx(), "word/document.xml", inflated_mb)


def nested_tables_docx(levels: int) -> bytes:
    """A valid Word file: a table in a cell of a table … ``levels`` deep, text at the bottom."""
    document = new_docx()
    document.add_paragraph("嵌套表格测试")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    for _ in range(levels - 1):
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "最里层"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

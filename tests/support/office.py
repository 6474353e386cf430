"""Builders of small Word and Excel files at test time (python-docx, openpyxl), as bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def save(doc: Any) -> bytes:
    """A python-docx document or an openpyxl workbook as the bytes of its file."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_workbook(rows: Sequence[tuple[object, ...]], merges: list[str], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for values in rows:
        ws.append(list(values))
    for ref in merges:
        ws.merge_cells(ref)
    return save(wb)

"""The workbook ``/invites`` sends: one row per department with its one-time link, ready for a
coordinator to filter, print or forward."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import tzinfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.people.invites import IssuedInvite, invite_link

# header row under the title row; (min, max) width of each column
_HEADER_ROW = 2
_SHEET_COLUMNS = ((16, 60), (40, 80), (18, 24))
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")


def invites_workbook(
    invites: Sequence[IssuedInvite],
    *,
    bot_username: str,
    headers: Sequence[str],
    title: str,
    tz: tzinfo,
) -> bytes:
    """An .xlsx of the invites: a title row, a header row (department, link, expires), one row
    per invite with the link as a hyperlink and the expiry as a local date-time in ``tz``."""
    if len(headers) != len(_SHEET_COLUMNS):
        raise ValueError(f"headers must name {len(_SHEET_COLUMNS)} columns")
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "invites"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append(list(headers))
    for cell in sheet[_HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for invite in invites:
        link = invite_link(bot_username, invite.code)
        # Excel has no time zones: the coordinator reads the local wall-clock time
        local = invite.expires_at.astimezone(tz).replace(tzinfo=None)
        sheet.append([invite.department_name, link, local])
        row = sheet.max_row
        sheet.cell(row, 2).hyperlink = link
        sheet.cell(row, 2).style = "Hyperlink"
        sheet.cell(row, 3).number_format = "yyyy-mm-dd hh:mm"
    last_row = max(sheet.max_row, _HEADER_ROW)
    sheet.freeze_panes = sheet.cell(_HEADER_ROW + 1, 1)  # title and header stay in view
    sheet.auto_filter.ref = f"A{_HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, (minimum, maximum) in enumerate(_SHEET_COLUMNS, start=1):
        texts = [str(headers[index - 1])]
        if index == 1:
            texts += [invite.department_name for invite in invites]
        elif index == 2:
            texts += [invite_link(bot_username, invite.code) for invite in invites]
        width = max(_display_width(text) for text in texts) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, minimum), maximum)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: CJK characters are twice as wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

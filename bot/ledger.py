"""The ledger (台账) workbook: where every task stands, every report ever stored, and who answers
for what — the file a coordinator files, filters, prints and forwards.

Three sheets:

1. 台账 — one row per task in the notice's order and numbering: section, category, code, the
   full text, lead and supporting units, targets, latest status, figures, the sentence, who
   reported and when (local time), and the traffic light as a coloured cell.
2. 报送记录 — every report version (corrections included) from ``db.ledger.report_history``.
3. 单位与联络员 — every department: tasks, reported, missing, late, paused until, liaisons.

Every sheet keeps its header on row 1, so filters and frozen panes work cleanly; the plan's
title and the deadline go in the printed page header (and the workbook's title property), the
generation time and page numbers in the footer. Pure: data in, bytes out.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from bot.settings import Settings
from bot.summary import build_summary
from bot.summary_model import Light, Summary, TargetLine, TaskLine
from bot.texts import format_date, format_due, t
from db.ledger import HistoryRow, LiaisonRow, liaisons_by_department, report_history
from db.models import ReportStatus

__all__ = ["LIGHT_FILLS", "TASK_COLUMNS", "ledger_file", "ledger_xlsx"]


@dataclass(frozen=True)
class Column:
    key: str  # export.ledger.col_<key>
    width: tuple[int, int]  # (min, max) width in characters
    wrap: bool = False


TASK_COLUMNS = (
    Column("section", (10, 18), wrap=True),
    Column("category", (6, 12), wrap=True),
    Column("code", (6, 8)),
    Column("text", (30, 48), wrap=True),
    Column("lead", (10, 18), wrap=True),
    Column("support", (10, 18), wrap=True),
    Column("due", (8, 14)),  # the task's own time limit (完成时限)
    Column("targets", (14, 26), wrap=True),
    Column("status", (8, 14), wrap=True),
    Column("figures", (14, 28), wrap=True),
    Column("note", (24, 44), wrap=True),
    Column("reporter", (8, 16), wrap=True),
    Column("reported_at", (16, 17)),
    Column("light", (6, 8)),
)
HISTORY_COLUMNS = (
    Column("code", (6, 12)),
    Column("department", (10, 18), wrap=True),
    Column("liaison", (6, 12)),
    Column("deadline", (6, 10)),
    Column("occurrence", (11, 11)),
    Column("status", (6, 10)),
    Column("percent", (6, 8)),
    Column("figures", (14, 28), wrap=True),
    Column("note", (20, 40), wrap=True),
    Column("raw", (24, 48), wrap=True),
    Column("time", (16, 17)),
    Column("version", (6, 20)),
)
DEPARTMENT_COLUMNS = (
    Column("department", (12, 24), wrap=True),
    Column("tasks", (6, 8)),
    Column("reported", (6, 8)),
    Column("missing", (6, 8)),
    Column("late", (4, 6)),
    Column("paused", (10, 11)),
    Column("liaisons", (10, 30), wrap=True),
)
_ARGB = {Light.GREEN: "FFC6EFCE", Light.YELLOW: "FFFFEB9C", Light.RED: "FFFFC7CE"}
LIGHT_FILLS = {
    light: PatternFill(fill_type="solid", start_color=argb, end_color=argb)
    for light, argb in {**_ARGB, Light.NONE: "FFE7E6E6"}.items()
}
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
_THIN = Side(style="thin", color="FFBFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TIME_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_FORMAT = "yyyy-mm-dd"
_COMPARATOR = {"at_least": "≥", "about": "≈", "equal": "="}  # Comparator values as signs
_LINE_HEIGHT = 15  # points per line of 11-point text, CJK included


def ledger_xlsx(
    summary: Summary,
    history: Sequence[HistoryRow],
    people: Mapping[int, Sequence[LiaisonRow]],
    lang: str,
    *,
    tz: tzinfo,
) -> bytes:
    """The workbook as bytes. ``people`` maps a department id to its liaisons (a department
    missing from it falls back to the summary's names); times are shown in ``tz``."""
    book = Workbook()
    tasks = book.active
    assert tasks is not None  # a new workbook has one sheet
    tasks.title = t("export.ledger.sheet_tasks", lang)
    _task_sheet(tasks, summary, lang, tz)
    _history_sheet(book.create_sheet(t("export.ledger.sheet_history", lang)), history, lang, tz)
    _department_sheet(
        book.create_sheet(t("export.ledger.sheet_departments", lang)), summary, people, lang
    )
    header = _page_header(summary, lang)
    footer = t(
        "export.ledger.footer", lang, time=f"{summary.generated_at.astimezone(tz):%Y-%m-%d %H:%M}"
    )
    for sheet in book.worksheets:
        sheet.oddHeader.center.text = _header_safe(header)
        sheet.oddFooter.center.text = footer
    book.properties.title = header
    book.properties.creator = "duban"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- sheet 1: one row per task -------------------------------------------------------------


def _task_sheet(sheet: Worksheet, summary: Summary, lang: str, tz: tzinfo) -> None:
    titles = {s.numeral: s.title for s in summary.sections}
    sep = "、" if lang == "zh" else ", "
    rows = []
    for task in summary.tasks:
        rows.append(
            [
                f"{task.section}、{titles[task.section]}"
                if task.section in titles
                else task.section,
                task.category or "",
                task.code,
                task.text,
                sep.join(task.lead),
                sep.join(task.support),
                format_due(task.due, None, lang, year=summary.today.year),
                "\n".join(_goal(target) for target in task.targets),
                _status(task, lang),
                "\n".join(_figure(target, lang) for target in task.targets if target.latest),
                task.note or "",
                _reporter(task, lang),
                _local(task.reported_at, tz),
                t(f"export.light_{task.light.value}", lang),
            ]
        )
    _fill(sheet, TASK_COLUMNS, rows, lang, frozen_columns=3)
    light_column = len(TASK_COLUMNS)
    for index, task in enumerate(summary.tasks, start=2):
        cell = sheet.cell(index, light_column)
        cell.fill = LIGHT_FILLS[task.light]
        cell.alignment = Alignment(horizontal="center", vertical="top")


def _goal(target: TargetLine) -> str:
    sign = _COMPARATOR.get(target.comparator, target.comparator)
    return f"{target.label} {sign} {_number(target.goal)}{target.unit}"


def _figure(target: TargetLine, lang: str) -> str:
    assert target.latest is not None
    line = f"{target.label}: {_number(target.latest)}{target.unit}"
    if target.share is None:
        return line
    return t("export.ledger.share", lang, line=line, share=round(target.share * 100))


def _status(task: TaskLine, lang: str) -> str:
    if task.status is None:
        return t("export.status_unreported", lang)
    word = _status_word(task.status, lang)
    if task.percent is None:
        return word
    return t("export.ledger.status_percent", lang, status=word, percent=_number(task.percent))


def _reporter(task: TaskLine, lang: str) -> str:
    if task.reported_by is None:
        return ""
    # the department is worth naming only when it is not the (first) lead
    if task.reported_for and task.lead and task.reported_for != task.lead[0]:
        return t(
            "export.ledger.reporter", lang, name=task.reported_by, department=task.reported_for
        )
    return task.reported_by


# --- sheet 2: every report version ---------------------------------------------------------


def _history_sheet(sheet: Worksheet, history: Sequence[HistoryRow], lang: str, tz: tzinfo) -> None:
    rows = [
        [
            t("export.ledger.removed", lang, code=row.task_code)
            if row.task_removed
            else row.task_code,
            row.department,
            row.liaison or "",
            row.deadline or "",
            row.deadline_due,
            _status_word(row.status, lang),
            None if row.percent is None else row.percent / 100,
            "\n".join(f"{f.subject}: {_number(f.value)}{f.unit}" for f in row.figures),
            row.note or "",
            row.raw_text,
            _local(row.created_at, tz),
            _version(row, lang),
        ]
        for row in history
    ]
    _fill(sheet, HISTORY_COLUMNS, rows, lang, frozen_columns=1)
    for index in range(2, len(rows) + 2):
        sheet.cell(index, 5).number_format = _DATE_FORMAT
        sheet.cell(index, 7).number_format = "0%"


def _version(row: HistoryRow, lang: str) -> str:
    if row.supersedes_version is None:
        return t("export.ledger.version", lang, version=row.version)
    return t("export.ledger.corrects", lang, version=row.version, old=row.supersedes_version)


# --- sheet 3: departments and liaisons -----------------------------------------------------


def _department_sheet(
    sheet: Worksheet, summary: Summary, people: Mapping[int, Sequence[LiaisonRow]], lang: str
) -> None:
    sep = "、" if lang == "zh" else ", "
    rows = []
    for line in summary.departments:
        known = people.get(line.department_id)
        names = [_liaison(p, lang) for p in known] if known else list(line.liaisons)
        rows.append(
            [
                line.name,
                line.tasks,
                line.reported,
                line.missing,
                t("export.ledger.yes" if line.late else "export.ledger.no", lang),
                line.paused_until,
                sep.join(names),
            ]
        )
    _fill(sheet, DEPARTMENT_COLUMNS, rows, lang, frozen_columns=1)
    for index, line in enumerate(summary.departments, start=2):
        sheet.cell(index, 6).number_format = _DATE_FORMAT
        if line.late:
            sheet.cell(index, 5).fill = LIGHT_FILLS[Light.RED]


def _liaison(person: LiaisonRow, lang: str) -> str:
    name = f"{person.name} @{person.username}" if person.username else person.name
    return t("export.ledger.unreachable", lang, name=name) if person.unreachable else name


# --- shared --------------------------------------------------------------------------------


def _fill(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    lang: str,
    *,
    frozen_columns: int,
) -> None:
    """Header on row 1 (bold, filled, frozen, filtered), the rows, widths from the content."""
    headers = [t(f"export.ledger.col_{column.key}", lang) for column in columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(list(row))
    for column_index, column in enumerate(columns, start=1):
        alignment = Alignment(vertical="top", wrap_text=column.wrap)
        for row_index in range(2, len(rows) + 2):
            cell = sheet.cell(row_index, column_index)
            cell.alignment = alignment
            cell.border = _BORDER
            if isinstance(cell.value, datetime):
                cell.number_format = _TIME_FORMAT
        texts = [headers[column_index - 1], *(_text(row[column_index - 1]) for row in rows)]
        widest = max(_display_width(line) for text in texts for line in text.split("\n"))
        low, high = column.width
        sheet.column_dimensions[get_column_letter(column_index)].width = min(
            max(widest + 2, low), high
        )
    _fit_rows(sheet, columns, rows)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = sheet.cell(2, frozen_columns + 1)
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _fit_rows(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[object]]
) -> None:
    """Row heights for the wrapped text: Excel grows rows on its own, but LibreOffice and WPS
    keep the default height unless told, which hides every line after the first."""
    widths = [
        sheet.column_dimensions[get_column_letter(index)].width
        for index in range(1, len(columns) + 1)
    ]
    for row_index, row in enumerate(rows, start=2):
        lines = 1
        for column, width, value in zip(columns, widths, row, strict=True):
            if not column.wrap:
                continue
            usable = max(int(width) - 1, 1)
            lines = max(
                lines,
                sum(
                    -(-max(_display_width(line), 1) // usable) for line in _text(value).split("\n")
                ),
            )
        sheet.row_dimensions[row_index].height = _LINE_HEIGHT * lines + 3


def _page_header(summary: Summary, lang: str) -> str:
    if summary.deadline is None:
        return summary.plan_title
    deadline = summary.deadline
    if summary.due is not None:
        due = format_date(summary.due, lang, year=True)
        deadline = t("export.ledger.deadline", lang, deadline=deadline, due=due)
    return t("export.ledger.header", lang, title=summary.plan_title, deadline=deadline)


def _header_safe(text: str) -> str:
    """Excel reads ``&`` as a header code and refuses headers over 255 characters."""
    escaped = text.replace("&", "&&")
    return escaped if len(escaped) <= 200 else escaped[:199] + "…"


def _status_word(status: ReportStatus, lang: str) -> str:
    return t(f"report.status_{status.value}", lang)


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """Excel has no time zones: the office's wall-clock time, without a zone."""
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


def _number(value: float) -> str:
    """1.25 → 1.25, 12000.0 → 12000: as a person writes it, never in scientific notation."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00"
    return str(value)


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: CJK characters are twice as wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- the service: the current plan's ledger, ready to send ---------------------------------


def ledger_file(
    *, session: Session, settings: Settings, now: datetime, lang: str
) -> tuple[str, bytes]:
    """The current plan's ledger for the deadline reports count for now: (file name, bytes).
    Raises ``bot.summary.SummaryError`` (``no_plan``, ``no_deadline``)."""
    summary = build_summary(session=session, settings=settings, now=now)
    history = report_history(session=session, plan_id=summary.plan_id)
    people = liaisons_by_department(session=session)
    data = ledger_xlsx(summary, history, people, lang, tz=settings.locale.tz)
    return t("export.ledger.file", lang, date=summary.today.isoformat()), data

"""The ledger (台账) workbook: where every task stands, every report ever stored, and who answers
for what — the file a coordinator files, filters, prints and forwards.

Three sheets, each opening with two title rows — the plan's name and the sheet's, then the
deadline, 截至日期 (the summary's date) and 制表单位 (the plan's issuer) — and a header row
that stays visible and repeats on every printed page:

1. 台账 — one row per task in the notice's order and numbering, with a 序号: section,
   category, code, the full text, lead and supporting units, targets (worded by the shared
   ``bot.plans.words.format_target``), the latest status, 报送情况 (按时 / 逾期报送 with the days /
   未报送, per lead unit when several lead), figures, the sentence, who reported and when
   (local time), and the traffic light as a coloured cell.
2. 报送记录 — every report version (corrections included) from ``db.ledger.report_history``.
3. 单位与联络员 — every department in the order the notice first names it: tasks, reported, of
   them 逾期报送, missing, late, paused until, liaisons.

Statuses read in the user's language everywhere, the raw message's button code included. A
column is a ``Column`` and a value keyed by its ``key``: adding one is one line in each. The
plan's title and the deadline also go in the printed page header, the generation time and page
numbers in the footer; A4 landscape, one page wide. The cells' wording is ``bot.exports.ledger_words``.
Pure: data in, bytes out.
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

from bot.exports import ledger_words as words
from bot.exports.ledger_words import day_text
from bot.exports.notice_order import in_notice_order
from bot.settings import Settings
from bot.summary.build import build_summary
from bot.summary.model import Light, Summary
from bot.texts import format_time_limit, t
from db.ledger import HistoryRow, LiaisonRow, liaisons_by_department, report_history
from db.models import Plan

__all__ = [
    "DEPARTMENT_COLUMNS",
    "HEADER_ROW",
    "HISTORY_COLUMNS",
    "LIGHT_FILLS",
    "TASK_COLUMNS",
    "day_text",
    "ledger_file",
    "ledger_for",
    "ledger_xlsx",
]


@dataclass(frozen=True)
class Column:
    key: str  # export.ledger.col_<key>
    width: tuple[int, int]  # (min, max) width in characters
    wrap: bool = False


TASK_COLUMNS = (
    Column("number", (4, 6)),
    Column("section", (10, 18), wrap=True),
    Column("category", (6, 12), wrap=True),
    Column("code", (6, 8)),
    Column("text", (30, 48), wrap=True),
    Column("lead", (10, 18), wrap=True),
    Column("support", (10, 18), wrap=True),
    Column("due", (8, 14)),  # the task's own time limit (完成时限)
    Column("targets", (14, 26), wrap=True),
    Column("status", (8, 14), wrap=True),
    Column("reporting", (10, 24), wrap=True),
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
    Column("number", (4, 6)),
    Column("department", (12, 24), wrap=True),
    Column("tasks", (6, 8)),
    Column("reported", (6, 8)),
    Column("late_reported", (8, 10)),
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
_LINE_HEIGHT = 15  # points per line of 11-point text, CJK included
HEADER_ROW = 3  # rows 1-2: the title rows
_TITLE_FONT = Font(bold=True, size=16)


def ledger_xlsx(
    summary: Summary,
    history: Sequence[HistoryRow],
    people: Mapping[int, Sequence[LiaisonRow]],
    lang: str,
    *,
    tz: tzinfo,
    office: str | None = None,
) -> bytes:
    """The workbook as bytes. ``people`` maps a department id to its liaisons (a department
    missing from it falls back to the summary's names); times are shown in ``tz``; ``office``
    is the 制表单位 (left out when None)."""
    book = Workbook()
    tasks = book.active
    assert tasks is not None  # a new workbook has one sheet
    sheets = (
        ("tasks", tasks, lambda sheet, title: _task_sheet(sheet, title, summary, lang, tz)),
        (
            "history",
            book.create_sheet(),
            lambda sheet, title: _history_sheet(sheet, title, history, lang, tz),
        ),
        (
            "departments",
            book.create_sheet(),
            lambda sheet, title: _department_sheet(sheet, title, summary, people, lang),
        ),
    )
    header = words.page_header(summary, lang)
    footer = t(
        "export.ledger.footer", lang, time=f"{summary.generated_at.astimezone(tz):%Y-%m-%d %H:%M}"
    )
    for key, sheet, write in sheets:
        sheet.title = t(f"export.ledger.sheet_{key}", lang)
        title = _Title(
            t(f"export.ledger.title_{key}", lang, plan=words.plan_name(summary.plan_title)),
            words.subtitle(summary, lang, office, with_counts=key == "tasks"),
        )
        write(sheet, title)
        sheet.oddHeader.center.text = words.header_safe(header)
        sheet.oddFooter.center.text = footer
    book.properties.title = header
    book.properties.creator = "duban"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Title:
    """A sheet's two title rows."""

    title: str  # 示范区2030年重点工作任务分解推进情况台账
    subtitle: str  # 报送节点：上半年（7月15日截止）　截至日期：2030年7月18日　制表单位：…


# --- sheet 1: one row per task -------------------------------------------------------------


def _task_sheet(sheet: Worksheet, title: _Title, summary: Summary, lang: str, tz: tzinfo) -> None:
    titles = {s.numeral: s.title for s in summary.sections}
    sep = "、" if lang == "zh" else ", "
    passed = summary.days_left is not None and summary.days_left < 0
    rows = []
    for number, task in enumerate(summary.tasks, start=1):
        values: dict[str, object] = {
            "number": number,
            "section": f"{task.section}、{titles[task.section]}"
            if task.section in titles
            else task.section,
            "category": task.category or "",
            "code": task.code,
            "text": task.text,
            "lead": sep.join(task.lead),
            "support": sep.join(task.support),
            "due": format_time_limit(task.due, None, lang, year=summary.today.year),
            "targets": "\n".join(words.goal(target, lang) for target in task.targets),
            "status": words.status(task, lang),
            "reporting": words.reporting(task, lang, passed),
            "figures": "\n".join(
                words.figure(target, lang) for target in task.targets if target.latest is not None
            ),
            "note": task.note or "",
            "reporter": words.reporter(task, lang),
            "reported_at": _local(task.reported_at, tz),
            "light": t(f"export.light_{task.light.value}", lang),
        }
        rows.append([values[column.key] for column in TASK_COLUMNS])
    _fill(sheet, title, TASK_COLUMNS, rows, lang, frozen_columns=_index(TASK_COLUMNS, "code"))
    light_column = _index(TASK_COLUMNS, "light")
    reporting_column = _index(TASK_COLUMNS, "reporting")
    for index, task in enumerate(summary.tasks, start=HEADER_ROW + 1):
        cell = sheet.cell(index, light_column)
        cell.fill = LIGHT_FILLS[task.light]
        cell.alignment = Alignment(horizontal="center", vertical="top")
        if task.late_reported or (task.status is None and passed):
            sheet.cell(index, reporting_column).fill = LIGHT_FILLS[Light.YELLOW]


# --- sheet 2: every report version ---------------------------------------------------------


def _history_sheet(
    sheet: Worksheet, title: _Title, history: Sequence[HistoryRow], lang: str, tz: tzinfo
) -> None:
    rows = [
        [
            t("export.ledger.removed", lang, code=row.task_code)
            if row.task_removed
            else row.task_code,
            row.department,
            row.liaison or "",
            row.deadline or "",
            row.deadline_due,
            words.status_word(row.status, lang),
            None if row.percent is None else row.percent / 100,
            "\n".join(f"{f.subject}: {words.number(f.value)}{f.unit}" for f in row.figures),
            row.note or "",
            words.raw(row.raw_text, lang),
            _local(row.created_at, tz),
            words.version(row, lang),
        ]
        for row in history
    ]
    _fill(sheet, title, HISTORY_COLUMNS, rows, lang, frozen_columns=1)
    for index in range(HEADER_ROW + 1, len(rows) + HEADER_ROW + 1):
        sheet.cell(index, _index(HISTORY_COLUMNS, "occurrence")).number_format = _DATE_FORMAT
        sheet.cell(index, _index(HISTORY_COLUMNS, "percent")).number_format = "0%"


# --- sheet 3: departments and liaisons -----------------------------------------------------


def _department_sheet(
    sheet: Worksheet,
    title: _Title,
    summary: Summary,
    people: Mapping[int, Sequence[LiaisonRow]],
    lang: str,
) -> None:
    sep = "、" if lang == "zh" else ", "
    ordered = in_notice_order(summary)
    rows = []
    for number, line in enumerate(ordered, start=1):
        known = people.get(line.department_id)
        names = [words.liaison(p, lang) for p in known] if known else list(line.liaisons)
        values: dict[str, object] = {
            "number": number,
            "department": line.name,
            "tasks": line.tasks,
            "reported": line.reported,
            "late_reported": line.late_reported,
            "missing": line.missing,
            "late": t("export.ledger.yes" if line.late else "export.ledger.no", lang),
            "paused": line.paused_until,
            "liaisons": sep.join(names),
        }
        rows.append([values[column.key] for column in DEPARTMENT_COLUMNS])
    _fill(
        sheet,
        title,
        DEPARTMENT_COLUMNS,
        rows,
        lang,
        frozen_columns=_index(DEPARTMENT_COLUMNS, "department"),
    )
    for index, line in enumerate(ordered, start=HEADER_ROW + 1):
        sheet.cell(index, _index(DEPARTMENT_COLUMNS, "paused")).number_format = _DATE_FORMAT
        if line.late:
            sheet.cell(index, _index(DEPARTMENT_COLUMNS, "late")).fill = LIGHT_FILLS[Light.RED]
        if line.late_reported:
            cell = sheet.cell(index, _index(DEPARTMENT_COLUMNS, "late_reported"))
            cell.fill = LIGHT_FILLS[Light.YELLOW]


# --- shared --------------------------------------------------------------------------------


def _index(columns: Sequence[Column], key: str) -> int:
    """The 1-based column number of ``key``."""
    return next(i for i, column in enumerate(columns, start=1) if column.key == key)


def _fill(
    sheet: Worksheet,
    title: _Title,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    lang: str,
    *,
    frozen_columns: int,
) -> None:
    """Two title rows, the header on ``HEADER_ROW`` (bold, filled, frozen, filtered, repeated
    on every printed page), the rows, widths from the content."""
    last = get_column_letter(len(columns))
    for row, text, font in ((1, title.title, _TITLE_FONT), (2, title.subtitle, Font())):
        sheet.cell(row, 1, text).font = font
        sheet.merge_cells(f"A{row}:{last}{row}")
        horizontal = "center" if row == 1 else "left"
        sheet.cell(row, 1).alignment = Alignment(
            horizontal=horizontal, vertical="center", wrap_text=True
        )
    sheet.row_dimensions[1].height = 30
    sheet.row_dimensions[2].height = _LINE_HEIGHT * 2 + 3  # room for the subtitle to wrap once
    headers = [t(f"export.ledger.col_{column.key}", lang) for column in columns]
    for column_index, text in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column_index, text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, row_values in enumerate(rows, start=HEADER_ROW + 1):
        for column_index, value in enumerate(row_values, start=1):
            sheet.cell(offset, column_index, value)
    for column_index, column in enumerate(columns, start=1):
        alignment = Alignment(vertical="top", wrap_text=column.wrap)
        for row_index in range(HEADER_ROW + 1, len(rows) + HEADER_ROW + 1):
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
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, frozen_columns + 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{len(rows) + HEADER_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
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
    for row_index, row in enumerate(rows, start=HEADER_ROW + 1):
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


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    """Excel has no time zones: the office's wall-clock time, without a zone."""
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


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
    *, session: Session, settings: Settings, now: datetime, lang: str, deadline: str | None = None
) -> tuple[str, bytes]:
    """The current plan's ledger for the deadline reports count for now, or for the named
    ``deadline`` (上半年, as ``build_summary`` takes it): (file name, bytes), made out by the
    plan's issuer. Raises ``bot.summary.build.SummaryError`` (``no_plan``, ``no_deadline``,
    ``unknown_deadline``)."""
    summary = build_summary(session=session, settings=settings, now=now, deadline=deadline)
    data = ledger_for(summary, session=session, settings=settings, lang=lang)
    return t("export.ledger.file", lang, date=summary.today.isoformat()), data


def ledger_for(summary: Summary, *, session: Session, settings: Settings, lang: str) -> bytes:
    """The ledger of an already built summary, with the plan's history, liaisons and issuer."""
    history = report_history(session=session, plan_id=summary.plan_id)
    people = liaisons_by_department(session=session)
    plan = session.get(Plan, summary.plan_id)
    office = plan.issuer if plan is not None else None
    return ledger_xlsx(summary, history, people, lang, tz=settings.locale.tz, office=office)

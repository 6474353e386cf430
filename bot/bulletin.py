"""A draft bulletin (通报) on where the plan stands, as a Word file to finish in Word or WPS.

The usual structure: title, date, the units addressed, an opening sentence, then 一、总体进展
(the numbers), 二、工作亮点 (done tasks with their sentences), 三、存在问题 (tasks behind, named,
with their sentences; late departments named with their missing counts), 四、下步工作 (【】
placeholders the coordinator fills in), and the issuing office and date at the foot.

The usual type for official documents, by name only (a .docx cannot carry the fonts; Word and
WPS substitute a font they lack): title 方正小标宋简体 二号 (22 pt) centred, headings 黑体 and
楷体_GB2312, body 仿宋_GB2312 三号 (16 pt), first line indented two characters, lines exactly
28 pt apart, on A4 with 3.7 / 3.5 / 2.8 / 2.6 cm margins (top, bottom, left, right). Each CJK
face is named in ``w:eastAsia`` as well as for Latin text, and the font table lists a fallback
(``w:altName``) for the faces offices often lack — 黑体 for 方正小标宋简体, 仿宋 for 仿宋_GB2312,
楷体 for 楷体_GB2312. The English draft uses plain fonts. Pure: a ``Summary`` in, bytes out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree
from sqlmodel import Session

from bot.settings import Settings
from bot.summary import build_summary
from bot.summary_model import DepartmentLine, Summary, TaskLine
from bot.texts import t
from db.models import Plan, ReportStatus

__all__ = ["FACES", "Faces", "bulletin_docx", "bulletin_file"]


@dataclass(frozen=True)
class Faces:
    """The type of one language's draft: font names and sizes (points)."""

    title: str
    heading: str  # 一、
    subheading: str  # （一）
    body: str
    title_size: float
    body_size: float
    line: float  # exact line spacing
    indent_chars: int  # first-line indent, in characters
    bold_headings: bool
    justify: bool  # Chinese lines justify cleanly; English ones with CJK names would stretch
    east_asia: str | None = None  # the face for Chinese characters, when not the same


FACES = {
    "zh": Faces("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", 22, 16, 28, 2, False, True),
    # department names and task texts stay Chinese in the English draft: 宋体 draws them
    "en": Faces("Arial", "Arial", "Arial", "Times New Roman", 18, 12, 18, 0, True, False, "SimSun"),
}
# fonts an office may lack, and the one Word or WPS should use instead
FALLBACKS = {"方正小标宋简体": "黑体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}
_PUNCTUATION = "。；;，,.、 "
_DIGITS = "零一二三四五六七八九"
_GAP = {"zh": "", "en": " "}  # between two sentences


def bulletin_docx(
    summary: Summary, lang: str, *, office: str | None, year: int | None = None
) -> bytes:
    """The draft bulletin; ``office`` signs it (a 【】 placeholder when None); ``year`` is the
    plan's year (else the deadline's)."""
    faces = FACES.get(lang, FACES["zh"])
    document = Document()
    _page(document, faces)
    _fallbacks(document, faces)
    year = year or (summary.due or summary.today).year
    deadline = summary.deadline or t("export.chart.no_deadline", lang)
    today = _long_date(summary.today, lang)
    title = t("export.bulletin.title", lang, year=year, deadline=deadline)
    ea = faces.east_asia
    bold = faces.bold_headings
    _line(document, title, faces.title, faces.title_size, center=True, bold=bold, east_asia=ea)
    date_line = t("export.bulletin.date", lang, date=today)
    _line(document, date_line, faces.subheading, faces.body_size, center=True, east_asia=ea)
    _line(document, "", faces.body, faces.body_size)
    _line(document, t("export.bulletin.to", lang), faces.body, faces.body_size, east_asia=ea)
    intro = t("export.bulletin.intro", lang, year=year, date=today, deadline=deadline)
    _body(document, faces, intro)
    _heading(document, faces, t("export.bulletin.h_overall", lang))
    for text in _overall(summary, lang, today, deadline):
        _body(document, faces, text)
    _heading(document, faces, t("export.bulletin.h_highlights", lang))
    _highlights(document, faces, summary, lang)
    _heading(document, faces, t("export.bulletin.h_problems", lang))
    _problems(document, faces, summary, lang, today)
    _heading(document, faces, t("export.bulletin.h_next", lang))
    for key in ("next_1", "next_2", "next_3"):
        _body(document, faces, t(f"export.bulletin.{key}", lang))
    _line(document, "", faces.body, faces.body_size)
    signature = office or t("export.bulletin.office_placeholder", lang)
    for text in (signature, _long_date(summary.today, lang)):
        _line(document, text, faces.body, faces.body_size, right=True, east_asia=ea)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- what it says ----------------------------------------------------------------------------


def _overall(summary: Summary, lang: str, today: str, deadline: str) -> list[str]:
    tasks_total = summary.tasks_total
    rate = round(100 * summary.tasks_reported / tasks_total) if tasks_total else 0
    first = t(
        "export.bulletin.reporting",
        lang,
        date=today,
        tasks_total=tasks_total,
        tasks_reported=summary.tasks_reported,
        rate=rate,
        departments_total=summary.departments_total,
        departments_reported=summary.departments_reported,
    )
    if summary.due is not None and summary.days_left is not None:
        due = _long_date(summary.due, lang)
        if summary.days_left > 0:
            key, days = "deadline_ahead", summary.days_left
        else:
            key, days = ("deadline_today" if summary.days_left == 0 else "deadline_passed"), 0
        first += _GAP.get(lang, "") + t(
            f"export.bulletin.{key}", lang, deadline=deadline, due=due, days=days
        )
    counts = {key: summary.by_status.get(key, 0) for key in (*ReportStatus, "unreported")}
    second = t("export.bulletin.statuses", lang, **{str(k): v for k, v in counts.items()})
    lights = {key: summary.by_light.get(key, 0) for key in ("green", "yellow", "red")}
    if summary.pace is not None:
        second += _GAP.get(lang, "") + t(
            "export.bulletin.lights", lang, pace=round(summary.pace * 100), **lights
        )
    else:
        second += _GAP.get(lang, "") + t("export.bulletin.lights_no_pace", lang, **lights)
    return [first, second]


def _highlights(document: DocumentObject, faces: Faces, summary: Summary, lang: str) -> None:
    done = [task for task in summary.tasks if task.status is ReportStatus.DONE]
    if not done:
        _body(document, faces, t("export.bulletin.no_done", lang))
        return
    _body(document, faces, t("export.bulletin.done_intro", lang, count=len(done)))
    for number, task in enumerate(done, start=1):
        index = t("export.bulletin.index", lang, numeral=_numeral(number, lang))
        note = _sentence(task.note, lang) if task.note else ""
        text = t("export.bulletin.item", lang, index=index, **_named(task, lang), note=note)
        _body(document, faces, text.strip())


def _problems(
    document: DocumentObject, faces: Faces, summary: Summary, lang: str, today: str
) -> None:
    behind = summary.behind
    _body(document, faces, t("export.bulletin.behind_head", lang), face=faces.subheading)
    if behind:
        _body(document, faces, t("export.bulletin.behind_intro", lang, count=len(behind)))
    else:
        _body(document, faces, t("export.bulletin.no_behind", lang))
    for number, task in enumerate(behind, start=1):
        if task.status is None:
            note = t("export.bulletin.unreported_note", lang)
        else:
            note = _sentence(task.note, lang) if task.note else t("export.bulletin.no_reason", lang)
        text = t("export.bulletin.behind_item", lang, index=number, **_named(task, lang), note=note)
        _body(document, faces, text)
    late = summary.late
    missing = [d for d in summary.departments if d.missing > 0]
    if late:
        _body(document, faces, t("export.bulletin.late_head", lang), face=faces.subheading)
        text = t(
            "export.bulletin.late", lang, date=today, names=_units(late, lang), count=len(late)
        )
    elif missing and summary.days_left is not None and summary.days_left >= 0:
        _body(document, faces, t("export.bulletin.pending_head", lang), face=faces.subheading)
        due = _long_date(summary.due, lang) if summary.due else ""
        most = sorted(missing, key=lambda d: (-d.missing, d.name))
        text = t(
            "export.bulletin.pending",
            lang,
            date=today,
            names=_units(most, lang),
            count=len(most),
            due=due,
        )
    else:
        _body(document, faces, t("export.bulletin.late_head", lang), face=faces.subheading)
        text = t("export.bulletin.no_late", lang)
    _body(document, faces, text)


def _named(task: TaskLine, lang: str) -> dict[str, str]:
    sep = "、" if lang == "zh" else ", "
    return {"code": task.code, "title": _gist(task), "lead": sep.join(task.lead)}


def _gist(task: TaskLine) -> str:
    """The task's first sentence in full: a bulletin names tasks as the notice words them (the
    summary's short title is cut to fit a phone line)."""
    first = re.split(r"[。；;]", " ".join(task.text.split()), maxsplit=1)[0].rstrip(_PUNCTUATION)
    return first or task.title.rstrip(_PUNCTUATION)


def _units(departments: tuple[DepartmentLine, ...] | list[DepartmentLine], lang: str) -> str:
    sep = "、" if lang == "zh" else "; "
    return sep.join(
        t("export.bulletin.unit_missing", lang, name=d.name, missing=d.missing) for d in departments
    )


def _sentence(note: str | None, lang: str) -> str:
    """A reported sentence as one full sentence: trailing commas dropped, a full stop added
    (a Chinese one after Chinese words, whatever the draft's language)."""
    text = " ".join((note or "").split()).rstrip(_PUNCTUATION)
    if not text:
        return ""
    chinese = lang == "zh" or "\u3400" <= text[-1] <= "\u9fff"
    return text + ("。" if chinese else ".")


def _numeral(number: int, lang: str) -> str:
    """一 … 九十九 for Chinese lists (（十一）), digits otherwise."""
    if lang != "zh" or not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def _long_date(day: date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


# --- how it looks ----------------------------------------------------------------------------


def _page(document: DocumentObject, faces: Faces) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(faces.body_size)
    _set_face(normal.element.get_or_add_rPr(), faces.body, faces.east_asia)


def _fallbacks(document: DocumentObject, faces: Faces) -> None:
    """List our CJK faces in the font table, each with the common face to use when missing."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if "fontTable" in rel.reltype
    )
    table = parse_xml(part.blob)
    for name in dict.fromkeys((faces.title, faces.heading, faces.subheading, faces.body)):
        if name not in FALLBACKS:
            continue
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{FALLBACKS[name]}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    # python-docx keeps the font table as an opaque part; its bytes are all there is to set
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _heading(document: DocumentObject, faces: Faces, text: str) -> None:
    _body(document, faces, text, face=faces.heading, bold=faces.bold_headings, keep=True)


def _body(
    document: DocumentObject,
    faces: Faces,
    text: str,
    *,
    face: str | None = None,
    bold: bool = False,
    keep: bool = False,
) -> Paragraph:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(faces.line)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = keep
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if faces.justify else WD_ALIGN_PARAGRAPH.LEFT
    if faces.indent_chars:
        fmt.first_line_indent = Pt(faces.body_size * faces.indent_chars)
        # in characters too, so the indent stays two characters if the size is changed
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(faces.indent_chars * 100))
    else:
        fmt.space_after = Pt(faces.body_size / 2)
    run = paragraph.add_run(text)
    run.font.size = Pt(faces.body_size)
    run.font.bold = bold
    _set_face(run._r.get_or_add_rPr(), face or faces.body, faces.east_asia)
    return paragraph


def _line(
    document: DocumentObject,
    text: str,
    face: str,
    size: float,
    *,
    center: bool = False,
    right: bool = False,
    bold: bool = False,
    east_asia: str | None = None,
) -> None:
    """A line outside the body's flow: the title, the date, the addressee, the signature."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if size > 20:  # the title: a line of air under it
        fmt.space_after = Pt(size / 2)
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _set_face(run._r.get_or_add_rPr(), face, east_asia)


def _set_face(rpr: object, name: str, east_asia: str | None = None) -> None:
    """Name the face for Latin and East Asian text alike (``w:eastAsia`` is what Chinese uses);
    theme fonts are dropped, or they would win over the names."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)
    fonts.set(qn("w:eastAsia"), east_asia or name)


# --- the service: the current plan's bulletin, ready to send --------------------------------


def bulletin_file(
    *, session: Session, settings: Settings, now: datetime, lang: str
) -> tuple[str, bytes]:
    """The draft bulletin for the deadline reports count for now: (file name, bytes), signed by
    the plan's issuer. Raises ``bot.summary.SummaryError`` (``no_plan``, ``no_deadline``)."""
    summary = build_summary(session=session, settings=settings, now=now)
    plan = session.get(Plan, summary.plan_id)
    office = plan.issuer if plan is not None else None
    year = plan.year if plan is not None else None
    data = bulletin_docx(summary, lang, office=office, year=year or _year_in(summary.plan_title))
    return t("export.bulletin.file", lang, date=summary.today.isoformat()), data


def _year_in(title: str) -> int | None:
    found = re.search(r"(20\d\d)年", title)
    return int(found.group(1)) if found else None

"""A draft bulletin (通报) on where the plan stands, as a Word file to finish in Word or WPS.

What it says, from the ``Summary`` alone (``bot.exports.bulletin_layout`` sets the type and the page):

- the title, the units addressed and an opening sentence;
- 一、总体进展: the numbers (reported, of them 逾期报送; statuses; lights against the pace);
- 二、工作亮点: the done tasks with their sentences — left out when none is done;
- 三、存在问题: only what is wrong, each part only when it has something to name, numbered
  （一）（二）… in the order present: tasks behind (reported tasks with a yellow or red light);
  units that have not reported after the deadline (the summary's ``late``); units that reported
  after the deadline's grace (逾期报送, with the days); co-led tasks one lead reported and
  another has not (after the deadline). Before the deadline a unit that has not reported yet is
  not named: the overview says how many tasks are still to come. When nothing is wrong the
  section is one sentence that says so, or left out when nothing has been reported to judge;
- 四、下步工作: 【】 placeholders for the coordinator, one per problem present;
- 附件说明, the 署名 over the 成文日期, then the 附件 on its own page: every task's status
  (序号, 任务, 牵头单位, 状态, 进展). A list longer than ``LIST_LIMIT`` in the body is counted
  there and left to the 附件; a sentence names at most ``UNITS_NAMED`` units (等N个单位).

A task with several lead units is credited to the units whose reports count
(``reported_units``); the co-leads that have not reported are named with it. Sections are
numbered as they appear, so leaving one out leaves no gap. Pure: a ``Summary`` in, bytes out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from sqlmodel import Session

from bot.exports import bulletin_layout as page
from bot.exports import bulletin_words as words
from bot.exports.bulletin_layout import FACES, FALLBACKS, Faces
from bot.exports.notice_order import in_notice_order, notice_rank
from bot.settings import Settings
from bot.summary.build import build_summary
from bot.summary.model import DepartmentLine, Light, Summary, TaskLine
from bot.texts import t
from db.enums import ReportStatus
from db.models import Plan

__all__ = [
    "FACES",
    "FALLBACKS",
    "LIST_LIMIT",
    "OFFICE_FACES",
    "UNITS_NAMED",
    "Faces",
    "bulletin_docx",
    "bulletin_file",
    "fonts_note",
]

LIST_LIMIT = 10  # tasks listed in the body; a longer list is counted and left to the 附件
UNITS_NAMED = 10  # units named in one sentence, the rest counted (等N个单位)
# the faces the Chinese draft names (the fonts an office installs for official documents)
OFFICE_FACES = tuple(
    dict.fromkeys(
        (FACES["zh"].title, FACES["zh"].heading, FACES["zh"].subheading, FACES["zh"].body)
    )
)
_GAP = {"zh": "", "en": " "}  # between two sentences


@dataclass(frozen=True)
class _Draft:
    """What the sections need, computed once."""

    summary: Summary
    lang: str
    faces: Faces
    document: DocumentObject
    today: str  # 2030年7月18日
    deadline: str  # 上半年
    passed: bool  # the deadline is behind us

    def say(self, key: str, **params: object) -> str:
        return t(f"export.bulletin.{key}", self.lang, **params)

    @property
    def gap(self) -> str:
        return _GAP.get(self.lang, "")


def bulletin_docx(
    summary: Summary, lang: str, *, office: str | None, year: int | None = None
) -> bytes:
    """The draft bulletin; ``office`` signs it (a 【】 placeholder when None); ``year`` is the
    plan's year (else the deadline's)."""
    faces = FACES.get(lang, FACES["zh"])
    document = Document()
    page.setup(document, faces)
    page.page_numbers(document, faces)
    year = year or (summary.due or summary.today).year
    draft = _Draft(
        summary=summary,
        lang=lang,
        faces=faces,
        document=document,
        today=words.long_date(summary.today, lang),
        deadline=summary.deadline or t("export.chart.no_deadline", lang),
        passed=summary.days_left is not None and summary.days_left < 0,
    )
    title = draft.say("title", year=year, deadline=draft.deadline)
    page.line(document, title, faces.title, faces.title_size, faces=faces, center=True)
    page.blank(document, faces)
    page.line(document, draft.say("to"), faces.body, faces.body_size, faces=faces)
    intro = draft.say("intro", year=year, date=draft.today, deadline=draft.deadline)
    page.body(document, faces, intro)
    sections = [
        ("h_overall", _overall),
        ("h_highlights", _highlights),
        ("h_problems", _problems),
        ("h_next", _next_steps),
    ]
    number = 0
    for key, write in sections:
        paragraphs = write(draft)
        if not paragraphs:
            continue
        number += 1
        heading = t("export.bulletin.level1", lang, numeral=words.numeral(number, lang))
        page.heading(document, faces, heading + draft.say(key))
        for text, level in paragraphs:
            if level == 2:
                page.heading(document, faces, text, level=2)
            else:
                page.body(document, faces, text)
    annex = draft.say("annex_title", year=year, deadline=draft.deadline)
    if summary.tasks:
        page.blank(document, faces)
        page.body(document, faces, draft.say("annex_note", title=annex))
    page.blank(document, faces)
    signature = office or draft.say("office_placeholder")
    page.signature(document, faces, signature, draft.today)
    if summary.tasks:
        _annex(draft, annex)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- what each section says: (text, level) paragraphs, level 2 for a （一） heading -----------

Paragraphs = list[tuple[str, int]]


def _overall(draft: _Draft) -> Paragraphs:
    summary, lang = draft.summary, draft.lang
    total = summary.tasks_total
    rate = round(100 * summary.tasks_reported / total) if total else 0
    late = sum(1 for task in summary.tasks if task.late_reported)
    first = draft.say(
        "reporting",
        date=draft.today,
        tasks_total=total,
        tasks_reported=summary.tasks_reported,
        late=draft.say("late_part", count=late) if late else "",
        rate=rate,
        departments_total=summary.departments_total,
        departments_reported=summary.departments_reported,
    )
    unreported = total - summary.tasks_reported
    if summary.due is not None and summary.days_left is not None:
        due = words.long_date(summary.due, lang)
        if summary.days_left > 0:
            key = "deadline_ahead"
        else:
            key = "deadline_today" if summary.days_left == 0 else "deadline_passed"
        first += draft.gap + draft.say(
            key, deadline=draft.deadline, due=due, days=max(summary.days_left, 0)
        )
        if summary.days_left >= 0 and unreported:
            first += draft.gap + draft.say("still_to_report", count=unreported, due=due)
    paragraphs = [(first, 0)]
    if summary.tasks_reported == 0 and not draft.passed:
        return paragraphs  # nothing to count by status or light yet
    # only the counts there are: 已完成2项，未报送27项 (a zero says nothing)
    statuses = [
        draft.say(f"status_{key}", count=summary.by_status.get(str(key), 0))
        for key in (*ReportStatus, "unreported")
        if summary.by_status.get(str(key), 0)
    ]
    second = draft.say("statuses", parts=draft.say("parts_separator").join(statuses))
    red = "light_red_after" if draft.passed else "light_red"
    lights = [
        draft.say(key, count=summary.by_light.get(light, 0))
        for light, key in (("green", "light_green"), ("yellow", "light_yellow"), ("red", red))
        if summary.by_light.get(light, 0)
    ]
    parts = draft.say("parts_separator").join(lights)
    if summary.pace is not None:
        key = "lights"
        second += draft.gap + draft.say(key, pace=round(summary.pace * 100), parts=parts)
    else:
        second += draft.gap + draft.say("lights_no_pace", parts=parts)
    paragraphs.append((second, 0))
    return paragraphs


def _highlights(draft: _Draft) -> Paragraphs:
    done = [task for task in draft.summary.tasks if task.status is ReportStatus.DONE]
    if not done:
        return []
    if len(done) > LIST_LIMIT:
        return [(draft.say("done_many", count=len(done)), 0)]
    paragraphs = [(draft.say("done_intro", count=len(done)), 0)]
    for number, task in enumerate(done, start=1):
        index = draft.say("index", numeral=words.numeral(number, draft.lang))
        note = words.sentence(task.note, draft.lang) if task.note else ""
        text = draft.say("item", index=index, **_named(task, draft), note=note)
        paragraphs.append((text.strip(), 0))
    return paragraphs


def _problems(draft: _Draft) -> Paragraphs:
    summary = draft.summary
    parts: list[tuple[str, Paragraphs]] = []
    behind = _behind(summary)
    if behind:
        parts.append(("behind_head", _behind_items(draft, behind)))
    # late means after the deadline: before it, a unit yet to report is not named
    rank = notice_rank(summary)
    late = sorted(summary.late, key=lambda d: (-d.missing, rank.get(d.name, len(rank)), d.name))
    if late and draft.passed:
        units = _units(draft, [_unit_missing(draft, d) for d in late])
        parts.append(("late_head", [(draft.say("late", date=draft.today, units=units), 0)]))
    late_reported = in_notice_order(summary, (d for d in summary.departments if d.late_reported))
    if late_reported:
        text = draft.say(
            "late_reported", units=_units(draft, [_unit_late(draft, d) for d in late_reported])
        )
        parts.append(("late_reported_head", [(text, 0)]))
    coled = _coled_gaps(draft)
    if coled:
        parts.append(("colead_head", _colead_items(draft, coled)))
    if not parts:
        if summary.tasks_reported == 0:
            return []  # nothing reported to judge, nobody late: nothing to say
        key = "all_clear_after" if draft.passed else "all_clear"
        return [(draft.say(key, count=summary.tasks_reported), 0)]
    paragraphs: Paragraphs = []
    for number, (key, items) in enumerate(parts, start=1):
        index = draft.say("index", numeral=words.numeral(number, draft.lang))
        paragraphs.append((index + draft.say(key), 2))
        paragraphs.extend(items)
    return paragraphs


def _next_steps(draft: _Draft) -> Paragraphs:
    summary = draft.summary
    keys = []
    if _behind(summary):
        keys.append("next_behind")
    if (summary.late and draft.passed) or _coled_gaps(draft):
        keys.append("next_late")
    keys.append("next_deadline")
    return [
        (draft.say("index", numeral=words.numeral(n, draft.lang)) + draft.say(key), 0)
        for n, key in enumerate(keys, start=1)
    ]


def _behind(summary: Summary) -> list[TaskLine]:
    """Reported tasks behind the pace (a yellow or red light); an unreported task is not
    behind — it is counted as not reported."""
    return [
        task
        for task in summary.tasks
        if task.status is not None and task.light in (Light.YELLOW, Light.RED)
    ]


def _behind_items(draft: _Draft, behind: list[TaskLine]) -> Paragraphs:
    if len(behind) > LIST_LIMIT:
        return [(draft.say("behind_many", count=len(behind)), 0)]
    paragraphs = [(draft.say("behind_intro", count=len(behind)), 0)]
    for number, task in enumerate(behind, start=1):
        note = words.sentence(task.note, draft.lang) if task.note else draft.say("no_reason")
        text = draft.say("behind_item", index=number, **_named(task, draft), note=note)
        paragraphs.append((text, 0))
    return paragraphs


def _coled_gaps(draft: _Draft) -> list[TaskLine]:
    """After the deadline: co-led tasks one lead reported and another has not."""
    if not draft.passed:
        return []
    return [
        task
        for task in draft.summary.tasks
        if task.status is not None and task.unreported_leads and _credited(task)
    ]


def _colead_items(draft: _Draft, tasks: list[TaskLine]) -> Paragraphs:
    if len(tasks) > LIST_LIMIT:
        return [(draft.say("colead_many", count=len(tasks)), 0)]
    paragraphs = [(draft.say("colead_intro", count=len(tasks)), 0)]
    sep = words.sep(draft.lang)
    for number, task in enumerate(tasks, start=1):
        text = draft.say(
            "colead_item",
            index=number,
            code=task.code,
            title=words.gist(task),
            reported=sep.join(_credited(task)),
            unreported=sep.join(task.unreported_leads),
        )
        paragraphs.append((text, 0))
    return paragraphs


# --- the 附件: every task's status ---------------------------------------------------------


def _annex(draft: _Draft, title: str) -> None:
    document, faces = draft.document, draft.faces
    label = page.line(
        document, draft.say("annex_label"), faces.heading, faces.body_size, faces=faces
    )
    label.paragraph_format.page_break_before = True  # the 附件 starts a page
    page.blank(document, faces)
    page.line(document, title, faces.title, faces.title_size, faces=faces, center=True)
    page.blank(document, faces)
    headers = [
        draft.say(f"annex_col_{key}") for key in ("number", "task", "lead", "status", "note")
    ]
    rows = [
        [
            str(number),
            f"{task.code} {words.gist(task)}",
            _lead_cell(task, draft),
            _status_cell(task, draft),
            " ".join((task.note or "").split()),
        ]
        for number, task in enumerate(draft.summary.tasks, start=1)
    ]
    page.annex_table(document, faces, headers, rows)


def _lead_cell(task: TaskLine, draft: _Draft) -> str:
    """The lead units; when one of several has reported, the others marked 未报送."""
    if not (task.unreported_leads and _credited(task)):
        return words.sep(draft.lang).join(task.lead)
    missing = set(task.unreported_leads)
    return words.sep(draft.lang).join(
        draft.say("annex_lead_missing", name=name) if name in missing else name
        for name in task.lead
    )


def _status_cell(task: TaskLine, draft: _Draft) -> str:
    if task.status is None:
        return draft.say("annex_late_unreported" if draft.passed else "annex_unreported")
    word = t(f"report.status_{task.status.value}", draft.lang)
    if task.late_reported:
        return draft.say("annex_late_reported", status=word, days=task.days_late or 0)
    return word


# --- the words -----------------------------------------------------------------------------


def _credited(task: TaskLine) -> tuple[str, ...]:
    """The units a report of the task counts for: ``reported_units``, else the one that
    reported it."""
    if task.reported_units:
        return task.reported_units
    return (task.reported_for,) if task.reported_for else ()


def _named(task: TaskLine, draft: _Draft) -> dict[str, str]:
    sep = words.sep(draft.lang)
    credit = draft.say("lead", lead=sep.join(task.lead))
    credited = _credited(task)
    if len(task.lead) > 1 and task.unreported_leads and credited:
        credit = draft.say(
            "lead_partly",
            lead=sep.join(task.lead),
            reported=sep.join(credited),
            unreported=sep.join(task.unreported_leads),
        )
    return {"code": task.code, "title": words.gist(task), "lead": credit}


def _unit_missing(draft: _Draft, department: DepartmentLine) -> str:
    return draft.say("unit_missing", name=department.name, missing=department.missing)


def _unit_late(draft: _Draft, department: DepartmentLine) -> str:
    """区水务局（1项，逾期5天）: the most days late among its late-reported tasks."""
    days = [
        task.days_late
        for task in draft.summary.tasks
        if task.late_reported and task.days_late is not None and department.name in _credited(task)
    ]
    if not days:
        return draft.say("unit_late_count", name=department.name, count=department.late_reported)
    return draft.say(
        "unit_late", name=department.name, count=department.late_reported, days=max(days)
    )


def _units(draft: _Draft, names: Sequence[str]) -> str:
    """区水务局（1项）; A、B 2个单位; or the first ``UNITS_NAMED`` and 等N个单位 counting all."""
    named = ("、" if draft.lang == "zh" else "; ").join(names[:UNITS_NAMED])
    if len(names) == 1:
        return named
    key = "units_more" if len(names) > UNITS_NAMED else "units_all"
    return draft.say(key, names=named, count=len(names))


# --- the service: the current plan's bulletin, ready to send --------------------------------


def fonts_note(lang: str, installed: Sequence[str] | None = None) -> str | None:
    """A sentence when this machine lacks office fonts the Chinese draft names (None when it
    has them all, or for the English draft, which names common fonts). ``installed``: family
    names, default this machine's."""
    if lang != "zh" and lang in FACES:
        return None
    from bot.exports.fonts import missing_fonts  # matplotlib's font list loads only when asked

    missing = missing_fonts(OFFICE_FACES, installed)
    if not missing:
        return None
    sep = words.sep(lang)
    fallbacks = dict.fromkeys(
        FALLBACKS.get(name, t("export.bulletin.default_face", lang)) for name in missing
    )
    return t(
        "export.bulletin.fonts_missing",
        lang,
        missing=sep.join(missing),
        fallbacks=sep.join(fallbacks),
    )


def bulletin_file(
    *, session: Session, settings: Settings, now: datetime, lang: str, deadline: str | None = None
) -> tuple[str, bytes]:
    """The draft bulletin for the deadline reports count for now, or for the named
    ``deadline`` (上半年, as ``build_summary`` takes it): (file name, bytes), signed by the
    plan's issuer. Raises ``bot.summary.build.SummaryError`` (``no_plan``, ``no_deadline``,
    ``unknown_deadline``)."""
    summary = build_summary(session=session, settings=settings, now=now, deadline=deadline)
    plan = session.get(Plan, summary.plan_id)
    office = plan.issuer if plan is not None else None
    year = plan.year if plan is not None else None
    data = bulletin_docx(summary, lang, office=office, year=year or _year_in(summary.plan_title))
    return t("export.bulletin.file", lang, date=summary.today.isoformat()), data


def _year_in(title: str) -> int | None:
    found = re.search(r"(20\d\d)年", title)
    return int(found.group(1)) if found else None

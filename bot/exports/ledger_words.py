"""The words in the ledger's (台账) cells and title rows: statuses, 报送情况, targets, figures,
dates with their year when it is not this year, the plan's name. ``bot.exports.ledger`` lays them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.plans.words import format_target
from bot.summary.model import Summary, TargetLine, TaskLine
from bot.texts import t
from db.enums import Comparator, ReportStatus, TargetKind
from db.ledger import HistoryRow, LiaisonRow

__all__ = [
    "day_text",
    "figure",
    "goal",
    "header_safe",
    "liaison",
    "number",
    "page_header",
    "plan_name",
    "raw",
    "reporter",
    "reporting",
    "status",
    "status_word",
    "subtitle",
    "version",
]

_PLAN_NAME = re.compile(r"《(.+?)》")
_STATUS_VALUES = {status.value: status for status in ReportStatus}


@dataclass(frozen=True)
class _Goal:
    """A summary's target as ``bot.plans.words.format_target`` reads one."""

    subject: str
    comparator: Comparator
    value: float
    unit: str
    kind: TargetKind


def goal(target: TargetLine, lang: str) -> str:
    """The target as the shared formatter words it (the import preview's wording)."""
    try:
        goal = _Goal(
            subject=target.subject,
            comparator=Comparator(target.comparator),
            value=target.goal,
            unit=target.unit,
            kind=TargetKind(target.kind),
        )
    except ValueError:  # a comparator or kind this version does not know: as stored
        return f"{target.label} {target.comparator} {number(target.goal)}{target.unit}"
    return format_target(goal, lang)


def figure(target: TargetLine, lang: str) -> str:
    assert target.latest is not None
    line = f"{target.label}: {number(target.latest)}{target.unit}"
    if target.share is None:
        return line
    return t("export.ledger.share", lang, line=line, share=round(target.share * 100))


def status(task: TaskLine, lang: str) -> str:
    if task.status is None:
        return t("export.status_unreported", lang)
    word = status_word(task.status, lang)
    if task.percent is None:
        return word
    return t("export.ledger.status_percent", lang, status=word, percent=number(task.percent))


def reporting(task: TaskLine, lang: str, passed: bool) -> str:
    """按时报送 / 逾期报送（5天） / 未报送 / 逾期未报送; per lead unit when several lead and
    not all of them reported (the report counts for the units that sent it)."""
    missing = t("export.ledger.overdue" if passed else "export.ledger.unreported", lang)
    if task.status is None:
        return missing
    if task.late_reported:
        done = t("export.ledger.late_reported", lang, days=task.days_late or 0)
    else:
        done = t("export.ledger.on_time", lang)
    if not task.unreported_leads:
        return done
    credited = task.reported_units or ((task.reported_for,) if task.reported_for else ())
    lines = [t("export.ledger.unit_reporting", lang, unit=u, state=done) for u in credited]
    lines += [
        t("export.ledger.unit_reporting", lang, unit=u, state=missing)
        for u in task.unreported_leads
    ]
    return "\n".join(lines)


def reporter(task: TaskLine, lang: str) -> str:
    if task.reported_by is None:
        return ""
    # the department is worth naming only when it is not the (first) lead
    if task.reported_for and task.lead and task.reported_for != task.lead[0]:
        return t(
            "export.ledger.reporter", lang, name=task.reported_by, department=task.reported_for
        )
    return task.reported_by


def raw(text: str, lang: str) -> str:
    """The raw message, with the status a button stored as its code (``二.1 | on_track | …``,
    the guided flow's record) in words; typed text is kept as typed."""
    parts = text.split(" | ")
    if len(parts) < 2:
        return text
    return " | ".join(
        status_word(_STATUS_VALUES[part], lang) if part in _STATUS_VALUES else part
        for part in parts
    )


def version(row: HistoryRow, lang: str) -> str:
    if row.supersedes_version is None:
        return t("export.ledger.version", lang, version=row.version)
    return t("export.ledger.corrects", lang, version=row.version, old=row.supersedes_version)


def liaison(person: LiaisonRow, lang: str) -> str:
    name = f"{person.name} @{person.username}" if person.username else person.name
    return t("export.ledger.unreachable", lang, name=name) if person.unreachable else name


def plan_name(title: str) -> str:
    """The plan as a title row names it: what 《》 quote in the notice's title, else the title
    without its 关于印发 … 的通知 frame (区政府办公室关于印发2026年重点工作任务分解的通知 →
    2026年重点工作任务分解)."""
    found = _PLAN_NAME.search(title)
    if found:
        return found.group(1)
    name = title.rsplit("关于", 1)[-1] if "关于" in title else title
    name = name.removeprefix("印发").removesuffix("的通知")
    return name or title


def subtitle(summary: Summary, lang: str, office: str | None, *, with_counts: bool) -> str:
    parts = []
    if summary.deadline is not None:
        deadline = summary.deadline
        if summary.due is not None:
            due = day_text(summary.due, summary.today, lang)
            deadline = t("export.ledger.deadline", lang, deadline=deadline, due=due)
        parts.append(t("export.ledger.title_deadline", lang, deadline=deadline))
    parts.append(t("export.ledger.title_date", lang, date=day_text(summary.today, None, lang)))
    if office:
        parts.append(t("export.ledger.title_office", lang, office=office))
    if with_counts:
        late = sum(1 for task in summary.tasks if task.late_reported)
        parts.append(
            t(
                "export.ledger.title_counts_late" if late else "export.ledger.title_counts",
                lang,
                total=summary.tasks_total,
                reported=summary.tasks_reported,
                late=late,
                missing=summary.tasks_total - summary.tasks_reported,
            )
        )
    return t("export.ledger.title_separator", lang).join(parts)


def day_text(day: date, today: date | None, lang: str) -> str:
    """7月15日, with the year when it is not ``today``'s (always when ``today`` is None):
    2031年7月15日 / 15 Jul, 15 Jul 2031."""
    with_year = today is None or day.year != today.year
    if lang == "en":
        text = f"{day.day} {day:%b}"
        return f"{text} {day.year}" if with_year else text
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


def page_header(summary: Summary, lang: str) -> str:
    if summary.deadline is None:
        return summary.plan_title
    deadline = summary.deadline
    if summary.due is not None:
        due = day_text(summary.due, summary.today, lang)
        deadline = t("export.ledger.deadline", lang, deadline=deadline, due=due)
    return t("export.ledger.header", lang, title=summary.plan_title, deadline=deadline)


def header_safe(text: str) -> str:
    """Excel reads ``&`` as a header code and refuses headers over 255 characters."""
    escaped = text.replace("&", "&&")
    return escaped if len(escaped) <= 200 else escaped[:199] + "…"


def status_word(status: ReportStatus, lang: str) -> str:
    return t(f"report.status_{status.value}", lang)


def number(value: float) -> str:
    """1.25 → 1.25, 12000.0 → 12000: as a person writes it, never in scientific notation."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")

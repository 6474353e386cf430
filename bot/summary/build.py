"""The coordinator's summary: where the current plan stands for one deadline occurrence.

``build_summary`` fills ``bot.summary.model.Summary`` — the one object the Telegram view, the
terminal table, the chart, the ledger and the bulletin all render. The database chooses and
counts (``db.summary``: each task's latest report, each target's latest figure, each
department's reported tasks); this module only folds at most one row per task, target, unit or
department into the frozen lines, and counts statuses and lights per section over those lines
(one per task). Definitions:

- **Plan**: ``current_plan_id`` (the plan most recently imported or revised).
- **Deadline**: the occurrence reports count for today (``reporting_period(today,
  grace_days)``: a deadline within its grace days after it, else the next one); when every
  deadline is past its grace, the latest occurrence before today. A named deadline uses its
  occurrence reports count for now when it is the current one, else its next occurrence on or
  after today, else its last one. ``days_left = due - today`` (negative after it).
- **Pace** (序时进度): the notice's targets are the year's, so the expected share is the
  elapsed share of the plan's year (1 January to 31 December; the year of the deadline when
  the plan names none): ``pace = (today - start) / (end - start)`` clamped to [0, 1]. At the
  half-year deadline a target is on pace at about half its value.
- **Targets**: a level target (``TargetKind.LEVEL``: 200件, 10亿元) is cumulative and gets the
  pace; growth rates and ratios are not paced (``pace`` None, never ``behind``). ``latest`` is
  the newest figure for the target among its task's reports for the occurrence; ``share =
  latest / goal``; ``behind`` when ``share < pace``.
- **A task's latest report**: the newest report (``created_at``, then id) on the task for the
  deadline id and occurrence, from any department; a correction is newer, so it wins.
- **Light** (``task_light``): done → GREEN; past its own time limit (``Task.due < today``)
  with its newest report for any deadline not done → RED; unreported → RED after the
  deadline, NONE before it; RED when far behind (a cumulative target's share, or the
  percent, below pace / 2) or not started after half the period; YELLOW when reported
  behind, not started, a target behind pace, or the percent more than 10 points below pace;
  GREEN otherwise.
- **Departments**: every department answering for ≥ 1 task in the summary (directly or via a
  group; lead or support); ``reported`` = its tasks it reported on for the occurrence;
  ``missing = tasks - reported``; ``late`` = missing > 0 after the deadline unless paused
  (``DepartmentPause.until ≥ today``). ``departments_reported`` counts those missing nothing.
- **Late reports** (逾期报送): once the deadline's grace is over (``today > due +
  grace_days``), a task is ``late_reported`` when its first report for the occurrence (from
  any unit) came after the grace's last local day, ``days_late`` = that report's local date −
  due; a department's ``late_reported`` counts the tasks it reported with no report before
  then. Such reports exist because a report after the grace fills the gap of the deadline
  just passed (``bot.reports.intake._store``); they count as reported everywhere.
- **Co-leads** (``[reports] co_leads``): ``reported_units`` are the task's units (leads
  first, a group through any member) that reported it for the occurrence;
  ``unreported_leads`` the leads that did not. ``each`` (default): the task's line follows its
  newest report, each lead owes its own report (a silent co-lead counts it missing).
  ``any``: one lead's report settles it — ``unreported_leads`` is empty and the other lead
  departments do not owe it (it leaves their counts). ``all``: until every lead has
  reported, the line is unreported (status None, red after the deadline), with
  ``reported_units`` saying who did. Supporting units owe their reports as before
  (``lead_units_only`` decides).
- **Scopes** filter the tasks (a department's, a section's, the yellow and red ones, the
  unreported ones); every count then describes the filtered set: departments are those
  answering for one of its tasks (for a department scope, that department alone) and their
  counts cover those tasks only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlmodel import Session

from bot.people.directory import normalize_name
from bot.people.roles import liaisons_of
from bot.plans.taskview import due_dates, short_title
from bot.reports.rounds import current_period, reporting_period
from bot.settings import Settings
from bot.summary.model import (
    DepartmentLine,
    Light,
    Scope,
    SectionLine,
    Summary,
    TargetLine,
    TaskLine,
)
from bot.summary.rules import period_pace, target_line, task_light
from bot.summary.scope import (
    SummaryError,
    deadline_name,
    parse_deadline,
    parse_request,
    parse_scope,
    scope_department_id,
    scope_from_key,
    scope_key,
)
from db import summary as store
from db.enums import ReportStatus, Role
from db.models import Deadline
from db.tasks import active_deadlines, current_plan_id

__all__ = [
    "ALL",
    "SCOPE_KINDS",
    "SummaryError",
    "build_summary",
    "deadline_name",
    "parse_deadline",
    "parse_request",
    "parse_scope",
    "period_pace",
    "rounds_now",
    "scope_from_key",
    "scope_key",
    "task_light",
]

ALL = Scope("all")
SCOPE_KINDS = ("all", "department", "section", "behind", "missing")
UNREPORTED = "unreported"


# --- the deadline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chosen:
    deadline: Deadline
    due: date


def _choose(
    session: Session,
    plan_id: int,
    deadlines: Sequence[Deadline],
    today: date,
    grace_days: int,
    name: str | None,
) -> _Chosen:
    by_id = {d.id: d for d in deadlines}
    current = reporting_period(session=session, plan_id=plan_id, today=today, grace_days=grace_days)
    if name is not None:
        named = [d for d in deadlines if normalize_name(d.name) == normalize_name(name)]
        if not named:
            raise SummaryError("unknown_deadline", name=name, names=[d.name for d in deadlines])
        if current is not None and current.deadline_id == named[0].id:
            return _Chosen(named[0], current.due)
        before, after = due_dates(named[0], today)
        due = after or before
        assert due is not None  # every deadline has a date on one side of today
        return _Chosen(named[0], due)
    if current is not None:
        return _Chosen(by_id[current.deadline_id], current.due)
    past = [(before, d) for d in deadlines if (before := due_dates(d, today)[0]) is not None]
    if not past:
        raise SummaryError("no_deadline")
    due, deadline = max(past, key=lambda pair: (pair[0], pair[1].id or 0))
    return _Chosen(deadline, due)


class Rounds(NamedTuple):
    """The round a bare /summary, /export or /bulletin covers, and the deadline just passed
    beyond its grace when that is another one (whose late reports only a named export shows)."""

    current: str
    passed: str | None


def rounds_now(*, session: Session, settings: Settings, now: datetime) -> Rounds | None:
    """The current round and the one just passed (``reporting_period``); None without a plan
    or a deadline."""
    today = now.astimezone(settings.locale.tz).date()
    period = current_period(session=session, today=today, grace_days=settings.reports.grace_days)
    if period is None:
        return None
    passed = period.passed.name if period.passed is not None else None
    return Rounds(period.name, passed if passed != period.name else None)


def _year_of(due: date, year: int | None) -> tuple[date, date]:
    """The period the targets run over: the plan's year (the deadline's when it names none)."""
    year = year or due.year
    return date(year, 1, 1), date(year, 12, 31)


# --- the summary -----------------------------------------------------------------------------


def build_summary(
    *,
    session: Session,
    settings: Settings,
    now: datetime,
    scope: Scope = ALL,
    deadline: str | None = None,
) -> Summary:
    """The summary of the current plan for one deadline occurrence, within ``scope``."""
    if scope.kind not in SCOPE_KINDS:
        raise ValueError(f"unknown scope kind {scope.kind!r}")
    plan_id = _plan_id(session)
    head = store.plan_head(session=session, plan_id=plan_id)
    assert head is not None
    today = now.astimezone(settings.locale.tz).date()
    deadlines = active_deadlines(session=session, plan_id=plan_id)
    chosen = _choose(session, plan_id, deadlines, today, settings.reports.grace_days, deadline)
    assert chosen.deadline.id is not None
    occurrence = store.Occurrence(chosen.deadline.id, chosen.due)
    start, end = _year_of(chosen.due, head.year)
    pace = period_pace(today=today, start=start, due=end)
    days_left = (chosen.due - today).days

    grace = settings.reports.grace_days
    late_from = _grace_end(chosen.due, grace, settings.locale.tz) if days_left < -grace else None
    counting = _Counting(
        co_leads=settings.reports.co_leads,
        late_from=late_from,
        due=chosen.due,
        tz=settings.locale.tz,
    )
    lines, titles = _task_lines(session, plan_id, occurrence, pace, days_left, today, counting)
    department_id = scope_department_id(session=session, scope=scope)
    selected = _select(session, plan_id, lines, scope, department_id)
    task_ids = None if scope.kind == "all" else [line.task_id for line in selected]
    sections = _sections(selected, titles)
    departments = _departments(
        session,
        plan_id,
        occurrence,
        task_ids,
        department_id,
        today,
        days_left,
        lead_only=settings.reports.lead_units_only,
        late_from=late_from,
        any_lead=settings.reports.co_leads == "any",
    )
    by_status = _zero_status()
    by_light = _zero_light()
    for section in sections:
        for key, count in section.by_status.items():
            by_status[key] += count
        for key, count in section.by_light.items():
            by_light[key] += count
    total = sum(section.tasks for section in sections)
    return Summary(
        plan_id=plan_id,
        plan_title=head.title,
        scope=scope,
        deadline_id=chosen.deadline.id,
        deadline=chosen.deadline.name,
        due=chosen.due,
        days_left=days_left,
        today=today,
        pace=pace,
        departments_total=len(departments),
        departments_reported=sum(1 for d in departments if d.missing == 0),
        tasks_total=total,
        tasks_reported=total - by_status[UNREPORTED],
        by_status=by_status,
        by_light=by_light,
        sections=tuple(sections),
        tasks=tuple(selected),
        departments=tuple(departments),
        generated_at=now,
    )


def _plan_id(session: Session) -> int:
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise SummaryError("no_plan")
    return plan_id


@dataclass(frozen=True)
class _Counting:
    """How reports count: the co-lead rule, and from when a report is late (None: none is)."""

    co_leads: str  # "each" | "any" | "all" ([reports] co_leads)
    late_from: datetime | None  # the end of the deadline's grace, as an instant
    due: date
    tz: tzinfo


def _grace_end(due: date, grace_days: int, tz: tzinfo) -> datetime:
    """The first instant after the deadline's grace: local midnight ending its last day."""
    return datetime.combine(due + timedelta(days=grace_days + 1), time(0), tzinfo=tz)


def _task_lines(
    session: Session,
    plan_id: int,
    occurrence: store.Occurrence,
    pace: float,
    days_left: int,
    today: date,
    counting: _Counting,
) -> tuple[list[TaskLine], dict[str, str]]:
    """Every shown task of the plan as a summary line, in the notice's order; and the section
    titles by numeral. The rows stream in and are folded one by one (see ``db.summary``).

    The loop runs once per task (10,000 in the benchmark's large plan), so it keeps to local
    names and plain lookups: the status member from a dict, not ``ReportStatus(value)``."""
    units = _units(session, plan_id, occurrence, counting.co_leads)
    targets: dict[int, tuple[TargetLine, ...]] = {}
    rows = store.summary_targets(session=session, plan_id=plan_id, occurrence=occurrence)
    for task_id, group in groupby(rows, itemgetter(1)):  # by task (the query's order)
        targets[task_id] = tuple([target_line(target, pace) for target in group])
    nobody = _Units((), (), (), ())
    no_targets: tuple[TargetLine, ...] = ()
    status_of = _STATUS_OF
    units_of = units.get
    targets_of = targets.get
    lines: list[TaskLine] = []
    append = lines.append
    titles: dict[str, str] = {}
    late_from = counting.late_from
    every_lead = counting.co_leads == "all"
    task_rows = store.summary_lines(
        session=session,
        plan_id=plan_id,
        occurrence=occurrence,
        today=today,
        first_report=late_from is not None,
    )
    for row in task_rows:
        (
            task_id,
            code,
            section,
            section_title,
            position,
            category,
            text,
            value,
            percent,
            note,
            reported_at,
            liaison,
            department,
            due,
            past_due,
            first_at,
        ) = row
        if section not in titles:
            titles[section] = section_title
        status = status_of[value]
        mine = targets_of(task_id, no_targets)
        unit = units_of(task_id, nobody)
        if every_lead and unit.unreported_leads and status is not None:
            # "all": not reported until every lead has; who did is in reported_units
            status = percent = note = liaison = department = reported_at = None
        days_late = None
        if first_at is not None and late_from is not None and first_at >= late_from:
            days_late = (first_at.astimezone(counting.tz).date() - counting.due).days
        append(
            TaskLine(
                task_id=task_id,
                code=code,
                section=section,
                position=position,
                category=category,
                title=short_title(text),
                text=text,
                lead=unit.lead,
                support=unit.support,
                status=status,
                percent=percent,
                note=note,
                reported_by=liaison,
                reported_for=department,
                reported_at=reported_at,
                light=task_light(
                    status=status,
                    percent=percent,
                    targets=mine,
                    pace=pace,
                    days_left=days_left,
                    past_due=past_due == 1,
                ),
                targets=mine,
                due=due,
                late_reported=days_late is not None and status is not None,
                days_late=days_late if status is not None else None,
                reported_units=unit.reported,
                unreported_leads=unit.unreported_leads,
            )
        )
    return lines, titles


# a report's stored status value → its member (None: the task has no report)
_STATUS_OF: dict[str | None, ReportStatus | None] = {
    None: None,
    **{status.value: status for status in ReportStatus},
}


class _Units(NamedTuple):
    lead: tuple[str, ...]  # lead names, in the notice's order
    support: tuple[str, ...]
    reported: tuple[str, ...]  # the units that reported the task, leads first
    unreported_leads: tuple[str, ...]  # leads that have not (none under "any" once one has)


def _units(
    session: Session, plan_id: int, occurrence: store.Occurrence, co_leads: str
) -> dict[int, _Units]:
    """Task id → its units, each in the notice's order, and which of them reported."""
    units: dict[int, _Units] = {}
    lead_role = Role.LEAD.value
    any_lead = co_leads == "any"
    rows = store.unit_names(session=session, plan_id=plan_id, occurrence=occurrence)
    # the rows come by task, leads first: one run of rows per task
    for task_id, group in groupby(rows, itemgetter(0)):
        lead: list[str] = []
        support: list[str] = []
        reported: list[str] = []
        silent: list[str] = []
        for _, role, name, done in group:
            is_lead = role == lead_role
            (lead if is_lead else support).append(name)
            if done:
                reported.append(name)
            elif is_lead:
                silent.append(name)
        if any_lead and len(silent) < len(lead):
            silent = []
        units[task_id] = _Units(tuple(lead), tuple(support), tuple(reported), tuple(silent))
    return units


def _select(
    session: Session, plan_id: int, lines: list[TaskLine], scope: Scope, department_id: int | None
) -> list[TaskLine]:
    if scope.kind == "department":
        assert department_id is not None
        ids = store.department_task_ids(
            session=session, plan_id=plan_id, department_id=department_id
        )
        return [line for line in lines if line.task_id in ids]
    if scope.kind == "section":
        return [line for line in lines if line.section == scope.value]
    if scope.kind == "behind":
        return [line for line in lines if line.light in (Light.YELLOW, Light.RED)]
    if scope.kind == "missing":
        return [line for line in lines if line.status is None]
    return lines


def _sections(lines: Sequence[TaskLine], titles: dict[str, str]) -> list[SectionLine]:
    """Per section of the selected tasks, in the notice's order: their latest statuses and
    lights. Each line already holds its task's one latest report, which the database chose
    (one row per task); counting those lines is counting the summary's own rows, not reports."""
    statuses: dict[str, dict[str, int]] = defaultdict(_zero_status)
    lights: dict[str, dict[str, int]] = defaultdict(_zero_light)
    for line in lines:
        # a StrEnum member is equal to its value and hashes alike, so it finds the value's key
        # (``.value`` is a descriptor call, twice per task)
        statuses[line.section][line.status or UNREPORTED] += 1
        lights[line.section][line.light] += 1
    return [
        SectionLine(
            numeral=numeral,
            title=titles.get(numeral, ""),
            tasks=sum(counts.values()),
            by_status=dict(counts),
            by_light=dict(lights[numeral]),
        )
        for numeral, counts in statuses.items()
    ]


def _departments(
    session: Session,
    plan_id: int,
    occurrence: store.Occurrence,
    task_ids: list[int] | None,
    department_id: int | None,
    today: date,
    days_left: int,
    *,
    lead_only: bool,
    late_from: datetime | None,
    any_lead: bool,
) -> list[DepartmentLine]:
    rows = store.department_counts(
        session=session,
        plan_id=plan_id,
        occurrence=occurrence,
        task_ids=task_ids,
        department_id=department_id,
        lead_only=lead_only,
        late_from=late_from,
        any_lead=any_lead,
    )
    names = liaisons_of(session=session, department_ids=[row.department_id for row in rows])
    lines = []
    for row in rows:
        missing = row.tasks - row.reported
        paused = row.paused_until is not None and row.paused_until >= today
        lines.append(
            DepartmentLine(
                department_id=row.department_id,
                name=row.name,
                tasks=row.tasks,
                reported=row.reported,
                missing=missing,
                late=missing > 0 and days_left < 0 and not paused,
                paused_until=row.paused_until if paused else None,
                liaisons=tuple(names[row.department_id]),
                late_reported=row.late_reported,
                position=row.position,
            )
        )
    return sorted(lines, key=lambda line: (line.name, line.department_id))


def _zero_status() -> dict[str, int]:
    return {**{status.value: 0 for status in ReportStatus}, UNREPORTED: 0}


def _zero_light() -> dict[str, int]:
    return {light.value: 0 for light in Light}

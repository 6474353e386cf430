"""Storing an imported notice as a plan, and reading stored plans back for the command line.

``save_plan`` writes a ``ParsedPlan`` into the caller's transaction. A notice whose title
matches a stored plan updates that plan: tasks are matched by their code, sections by numeral,
deadlines by name, targets by subject and unit. Nothing a user reported is ever deleted — a
task the revised notice dropped is marked removed (and comes back if a later notice has it
again), and so are targets and notice deadlines. Every value is compared before it is written,
so importing the same notice twice writes nothing at all.

Departments are global, shared by every plan; a plan may only add departments, groups and
aliases, never rename or merge them (that is the coordinator's job).

The read side (``list_plans``, ``plan_overview``) lives in ``db.overview`` and is re-exported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.importer.model import NoticeError, ParsedPlan, ParsedTask
from db import queries
from db.departments import UnitRefs, ensure_units
from db.enums import DeadlineSource, Role
from db.models import Deadline, Plan, Section, Task
from db.overview import (
    DeadlineInfo,
    PlanCounts,
    PlanOverview,
    PlanSummary,
    SectionInfo,
    list_plans,
    plan_overview,
)
from db.sync import (
    Assignee,
    TargetSpec,
    active_targets,
    assignees,
    sync_assignments,
    sync_targets,
    update_fields,
)

__all__ = [
    "DeadlineInfo",
    "PlanCounts",
    "PlanNotFound",
    "PlanOverview",
    "PlanSummary",
    "SaveResult",
    "SectionInfo",
    "list_plans",
    "plan_overview",
    "save_plan",
    "title_key",
]

TITLE_KEY_LENGTH = 500
DUE_TEXT_LENGTH = 100  # Task.due_text's column width
# "（修订稿）", "(2021年修订)", "【调整】": a revision's mark, not part of the plan's name
_REVISION_MARK = re.compile(
    r"[(\[【〔][^)\]】〕]*(?:修订|修改|调整|更新|征求意见)[^)\]】〕]*[)\]】〕]"
)
_YEAR = re.compile(r"((?:19|20)\d\d)年")


class PlanNotFound(LookupError):
    """``save_plan(plan_id=...)`` named a plan that does not exist. Code ``plan_not_found``."""

    code = "plan_not_found"

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self.params = {"plan_id": plan_id}
        super().__init__(f"no plan #{plan_id}")


@dataclass
class SaveResult:
    """What ``save_plan`` did. Task codes are listed in notice order."""

    plan_id: int
    created: bool
    added: list[str] = field(default_factory=list)  # new tasks, and removed tasks back again
    removed: list[str] = field(default_factory=list)  # tasks marked removed by this notice
    changed: list[str] = field(
        default_factory=list
    )  # text, category, section, time limit, units, targets
    unchanged: int = 0
    new_departments: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    new_aliases: list[str] = field(default_factory=list)
    plan_fields: list[str] = field(default_factory=list)  # plan attributes that changed
    sections: list[str] = field(default_factory=list)  # numerals added or retitled
    deadlines_added: list[str] = field(default_factory=list)
    deadlines_removed: list[str] = field(default_factory=list)
    deadlines_changed: list[str] = field(default_factory=list)
    moved: int = 0  # tasks whose place in the notice changed, nothing else
    new_group_members: list[str] = field(default_factory=list)  # "group：department" links added

    @property
    def is_noop(self) -> bool:
        """True when nothing at all was written."""
        return not (
            self.created
            or self.added
            or self.removed
            or self.changed
            or self.new_departments
            or self.new_groups
            or self.new_aliases
            or self.plan_fields
            or self.sections
            or self.deadlines_added
            or self.deadlines_removed
            or self.deadlines_changed
            or self.moved
            or self.new_group_members
        )


def title_key(title: str) -> str:
    """The title reduced to what identifies the plan: no spacing, punctuation or revision mark."""
    text = unicodedata.normalize("NFKC", title)
    text = _REVISION_MARK.sub("", text)
    kept = (ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")
    return "".join(kept).casefold()[:TITLE_KEY_LENGTH]


def save_plan(
    *,
    session: Session,
    plan: ParsedPlan,
    now: datetime,
    source_sha256: str,
    plan_id: int | None = None,
) -> SaveResult:
    """Store ``plan``: update ``plan_id``, else the plan with the same title, else a new one.

    Only flushes: the caller owns the transaction, so a failure leaves nothing behind.
    Raises ``NoticeError`` for a plan that cannot be stored and ``PlanNotFound``.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    _check_unique(plan)
    row, result = _find_or_create_plan(session, plan, now, source_sha256, plan_id)
    assert row.id is not None
    units = ensure_units(
        session=session,
        departments=[*plan.departments, *_unit_names(plan)],
        groups=plan.groups,
        aliases=plan.aliases,
        now=now,
    )
    result.new_departments, result.new_groups = units.new_departments, units.new_groups
    result.new_aliases = units.new_aliases
    section_ids = _save_sections(session, row.id, plan, result)
    _save_tasks(session, row.id, plan, units, section_ids, now, result)
    _save_deadlines(session, row.id, plan, now, result)
    if not result.created and not result.is_noop:
        row.updated_at = now
    session.flush()
    return result


# --- the plan row ------------------------------------------------------------------------


def _find_or_create_plan(
    session: Session, plan: ParsedPlan, now: datetime, sha256: str, plan_id: int | None
) -> tuple[Plan, SaveResult]:
    values = _plan_values(plan, sha256)
    if plan_id is not None:
        row = session.get(Plan, plan_id)
        if row is None:
            raise PlanNotFound(plan_id)
        other = queries.plan_by_title_key(session=session, title_key=values["title_key"])
        if other is not None and other.id != row.id:
            raise NoticeError("plan_title_taken", "", title=values["title"], plan_id=other.id)
    else:
        row = queries.plan_by_title_key(session=session, title_key=values["title_key"])
    if row is None:
        row = Plan(**values, imported_at=now, updated_at=now)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row, SaveResult(plan_id=row.id, created=True)
    assert row.id is not None
    return row, SaveResult(plan_id=row.id, created=False, plan_fields=update_fields(row, values))


def _plan_values(plan: ParsedPlan, sha256: str) -> dict[str, Any]:
    title = (plan.title or "").strip() or _stem(plan.source)
    key = title_key(title)
    if not key:
        raise NoticeError("plan_untitled", "", name=plan.source)
    return {
        "title": title,
        "title_key": key,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on,
        "year": _year(title, plan.issued_on),
        "contact_name": plan.contact.name,
        "contact_phone": plan.contact.phone,
        "contact_email": plan.contact.email,
        "source_name": plan.source,
        "source_sha256": sha256,
    }


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def _year(title: str, issued_on: date | None) -> int | None:
    """The year the plan is for: as its title says (2021年), else the year it was issued."""
    match = _YEAR.search(unicodedata.normalize("NFKC", title))
    if match:
        return int(match.group(1))
    return issued_on.year if issued_on else None


def _unit_names(plan: ParsedPlan) -> list[str]:
    return [name for task in plan.tasks for name in (*task.lead, *task.support)]


def _check_unique(plan: ParsedPlan) -> None:
    """The importer never repeats these keys; a plan that did could not be matched when stored."""
    for kind, keys in (
        ("section", [s.numeral for s in plan.sections]),
        ("task", [t.code for t in plan.tasks]),
        ("deadline", [d.name for d in plan.deadlines]),
    ):
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                raise NoticeError("plan_duplicate_key", "", kind=kind, key=key)
            seen.add(key)


# --- sections and tasks ------------------------------------------------------------------


def _save_sections(
    session: Session, plan_id: int, plan: ParsedPlan, result: SaveResult
) -> dict[str, int]:
    stored = queries.sections_by_numeral(session=session, plan_id=plan_id)
    for parsed in plan.sections:
        row = stored.get(parsed.numeral)
        values: dict[str, Any] = {"ordinal": parsed.ordinal, "title": parsed.title}
        if row is None:
            stored[parsed.numeral] = Section(plan_id=plan_id, numeral=parsed.numeral, **values)
            session.add(stored[parsed.numeral])
            result.sections.append(parsed.numeral)
        elif update_fields(row, values):
            result.sections.append(parsed.numeral)
    for task in plan.tasks:
        if task.section not in stored:
            raise NoticeError(
                "plan_task_without_section", task.where, task=task.code, section=task.section
            )
    session.flush()
    return {numeral: row.id for numeral, row in stored.items() if row.id is not None}


def _save_tasks(
    session: Session,
    plan_id: int,
    plan: ParsedPlan,
    units: UnitRefs,
    section_ids: dict[str, int],
    now: datetime,
    result: SaveResult,
) -> None:
    stored = queries.tasks_by_code(session=session, plan_id=plan_id)
    stored_ids = [row.id for row in stored.values() if row.id is not None]
    assignments = queries.assignments_by_task(session=session, task_ids=stored_ids)
    targets = queries.targets_by_task(session=session, task_ids=stored_ids)

    pending: list[tuple[Task, ParsedTask]] = []  # tasks whose units or targets to write
    for position, parsed in enumerate(plan.tasks):
        values: dict[str, Any] = {
            "section_id": section_ids[parsed.section],
            "number": parsed.number,
            "category": parsed.category,
            "text": parsed.text,
            "due": parsed.due,
            "due_text": parsed.due_text[:DUE_TEXT_LENGTH] if parsed.due_text else None,
        }
        row = stored.get(parsed.code)
        if row is None:
            row = Task(plan_id=plan_id, code=parsed.code, position=position, **values)
            session.add(row)
            result.added.append(parsed.code)
            pending.append((row, parsed))
            continue
        assert row.id is not None
        came_back = row.removed_at is not None
        fields_changed = update_fields(row, {**values, "removed_at": None})
        moved = bool(update_fields(row, {"position": position}))
        units_changed = assignees(assignments[row.id]) != _wanted_assignees(parsed, units)
        targets_changed = active_targets(targets[row.id]) != _target_specs(parsed)
        if units_changed or targets_changed:
            pending.append((row, parsed))
        if came_back:
            result.added.append(parsed.code)
        elif fields_changed or units_changed or targets_changed:
            result.changed.append(parsed.code)
        else:
            result.unchanged += 1
            result.moved += moved

    present = {t.code for t in plan.tasks}
    for code, row in stored.items():
        if code not in present and row.removed_at is None:
            row.removed_at = now
            result.removed.append(code)

    session.flush()  # ids for the new tasks
    for row, parsed in pending:
        assert row.id is not None
        sync_assignments(
            session=session,
            task_id=row.id,
            rows=assignments.get(row.id, []),
            wanted=_wanted_assignees(parsed, units),
        )
        sync_targets(
            session=session,
            task_id=row.id,
            rows=targets.get(row.id, []),
            wanted=_target_specs(parsed),
            now=now,
        )


def _wanted_assignees(task: ParsedTask, units: UnitRefs) -> list[Assignee]:
    """Leads then supports, in the notice's order; a unit named twice keeps its first role."""
    wanted: list[Assignee] = []
    seen: set[tuple[int | None, int | None]] = set()
    for role, names in ((Role.LEAD, task.lead), (Role.SUPPORT, task.support)):
        for name in names:
            ref = units.ref(name)
            if ref is None or ref in seen:
                continue
            seen.add(ref)
            wanted.append(Assignee(role, *ref))
    return wanted


def _target_specs(task: ParsedTask) -> list[TargetSpec]:
    return [
        TargetSpec(t.subject, t.comparator, float(t.value), t.unit, t.kind, t.text)
        for t in task.targets
    ]


# --- deadlines ---------------------------------------------------------------------------


def _save_deadlines(
    session: Session, plan_id: int, plan: ParsedPlan, now: datetime, result: SaveResult
) -> None:
    stored = queries.deadlines_by_name(session=session, plan_id=plan_id)
    for parsed in plan.deadlines:
        row = stored.get(parsed.name)
        if row is None:
            session.add(
                Deadline(
                    plan_id=plan_id,
                    name=parsed.name,
                    due=parsed.due,
                    rule=parsed.rule,
                    source=DeadlineSource.NOTICE,
                )
            )
            result.deadlines_added.append(parsed.name)
        elif row.source == DeadlineSource.MANUAL:
            continue  # the coordinator set this one by hand; the notice does not override it
        else:
            came_back = row.removed_at is not None
            if update_fields(row, {"due": parsed.due, "rule": parsed.rule, "removed_at": None}):
                (result.deadlines_added if came_back else result.deadlines_changed).append(
                    parsed.name
                )
    present = {d.name for d in plan.deadlines}
    for name, row in stored.items():
        if name not in present and row.source == DeadlineSource.NOTICE and row.removed_at is None:
            row.removed_at = now
            result.deadlines_removed.append(name)

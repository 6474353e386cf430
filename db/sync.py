"""Compare-then-write: bring stored rows in line with wanted values, touching only what differs.

Used when a notice is imported again: an unchanged value is never written, so re-importing
the same notice leaves every row (and its timestamps) as it was. Nothing here commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlmodel import Session

from db.enums import Comparator, Role, TargetKind
from db.models import Target, TaskAssignment

ROLE_ORDER = {Role.LEAD: 0, Role.SUPPORT: 1}


class Assignee(NamedTuple):
    """One unit answerable for a task: exactly one of the two ids is set."""

    role: Role
    department_id: int | None
    group_id: int | None


class TargetSpec(NamedTuple):
    subject: str
    comparator: Comparator
    value: float
    unit: str
    kind: TargetKind
    text: str


def update_fields(row: Any, values: dict[str, Any]) -> list[str]:
    """Set the attributes that differ; return their names. Equal values are not touched."""
    changed = []
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def assignees(rows: list[TaskAssignment]) -> list[Assignee]:
    """Stored assignments as the notice lists them: leads then supports, each in order."""
    ordered = sorted(rows, key=lambda a: (ROLE_ORDER[a.role], a.position))
    return [Assignee(a.role, a.department_id, a.group_id) for a in ordered]


def sync_assignments(
    *, session: Session, task_id: int, rows: list[TaskAssignment], wanted: list[Assignee]
) -> None:
    """Keep the rows still wanted (renumbered), add the new ones, delete the rest.

    Assignments have no dependants (reports name the department directly), so deleting is safe.
    """
    stored = {Assignee(a.role, a.department_id, a.group_id): a for a in rows}
    positions = dict.fromkeys(Role, 0)
    for assignee in wanted:
        position = positions[assignee.role]
        positions[assignee.role] += 1
        row = stored.pop(assignee, None)
        if row is not None:
            update_fields(row, {"position": position})
        else:
            session.add(TaskAssignment(task_id=task_id, position=position, **assignee._asdict()))
    for row in stored.values():
        session.delete(row)


def active_targets(rows: list[Target]) -> list[TargetSpec]:
    """The stored targets a task has now, in order."""
    active = sorted((r for r in rows if r.removed_at is None), key=lambda r: r.position)
    return [TargetSpec(r.subject, r.comparator, r.value, r.unit, r.kind, r.text) for r in active]


def sync_targets(
    *,
    session: Session,
    task_id: int,
    rows: list[Target],
    wanted: list[TargetSpec],
    now: datetime,
) -> None:
    """Match targets by subject and unit so reported figures stay with their target.

    A matched target takes the new value and place (a removed one comes back); an unmatched
    wanted one is added; a stored one no longer wanted is marked removed, never deleted,
    because reported figures point at it.
    """
    candidates = sorted(rows, key=lambda r: (r.removed_at is not None, r.position))
    used: set[int] = set()
    for position, spec in enumerate(wanted):
        match = next(
            (
                r
                for r in candidates
                if id(r) not in used and r.subject == spec.subject and r.unit == spec.unit
            ),
            None,
        )
        values: dict[str, Any] = {
            "position": position,
            "comparator": spec.comparator,
            "value": spec.value,
            "kind": spec.kind,
            "text": spec.text,
            "removed_at": None,
        }
        if match is None:
            session.add(Target(task_id=task_id, subject=spec.subject, unit=spec.unit, **values))
        else:
            used.add(id(match))
            update_fields(match, values)
    for row in rows:
        if id(row) not in used and row.removed_at is None:
            row.removed_at = now

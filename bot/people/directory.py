"""Departments as the coordinator sees and names them: who has how many tasks, who is open, and
which department a typed name means.

Counts are SQL aggregates (``db.tasks``) over the tasks assigned directly or through a group,
never a loop over loaded tasks. A task is *open* for a department unless
that department's latest report on it (latest ``created_at``, then highest id) says ``done``.
Only plain frozen dataclasses leave this module; nothing here writes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from bot.people.roles import liaisons_of
from bot.plans.taskview import Workload, tasks_for_departments, workload
from db import tasks
from db.departments import register
from db.models import Department
from db.tasks import department_names, open_task_count

__all__ = [
    "DepartmentRef",
    "DepartmentRow",
    "department_names",
    "department_rows",
    "department_workload",
    "match_department",
    "normalize_name",
    "open_task_count",
]

# a district notice writes 区发展改革委 where a user types 发展改革委, and a city's 市… likewise
_LEVEL_PREFIXES = ("区", "市")


@dataclass(frozen=True)
class DepartmentRef:
    id: int
    name: str


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    lead: int  # tasks of the plan it leads (directly or through a group)
    support: int  # tasks it only supports
    open: int  # of those, tasks its latest report does not mark done
    liaisons: tuple[str, ...]  # full names, sorted


def department_rows(*, session: Session, plan_id: int) -> list[DepartmentRow]:
    """Every department with a task in the plan, in order of first appearance in the notice."""
    counts = tasks.department_counts(session=session, plan_id=plan_id)
    names = liaisons_of(session=session, department_ids=[_id(d) for d, *_ in counts])
    return [
        DepartmentRow(
            id=_id(department),
            name=department.name,
            lead=lead,
            support=total - lead,
            open=still_open,
            liaisons=tuple(names[_id(department)]),
        )
        for department, lead, total, still_open in counts
    ]


def department_workload(
    *, session: Session, plan_id: int, department_ids: Collection[int]
) -> Workload:
    """Lead, support and open task counts for a liaison's departments (the greeting's numbers)."""
    lines = tasks_for_departments(session=session, plan_id=plan_id, department_ids=department_ids)
    open_count = open_task_count(session=session, plan_id=plan_id, department_ids=department_ids)
    return workload(lines, open_count=open_count)


# --- matching a typed name ---------------------------------------------------------------


def normalize_name(text: str) -> str:
    """A name as typed, reduced for comparing: NFKC, no spaces or punctuation, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    # Z: spaces, P: punctuation, C: controls and invisible format marks (zero-width space)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "ZPC").casefold()


def match_department(*, session: Session, query: str, limit: int = 8) -> list[DepartmentRef]:
    """The departments a coordinator may mean by ``query``, best first; ``[]`` when none.

    An exact name or alias wins alone; then the same name with or without a leading 区/市;
    then names containing the query; only when none does, names holding its characters in
    order (发改委 → 区发展改革委); shorter names first. A one-character query only matches exactly.
    """
    wanted = normalize_name(query)
    if not wanted or limit < 1:
        return []
    names = _known_names(session)

    exact = [ref for key, ref in names if key == wanted]
    if exact:
        return _ranked(exact)[:limit]
    if len(wanted) == 1:
        return []
    bare = _without_level(wanted)
    same = [ref for key, ref in names if _without_level(key) == bare]
    if same:
        return _ranked(same)[:limit]
    contains = _ranked(ref for key, ref in names if wanted in key)
    if contains:  # a looser reading would only add noise to a pick-list that already has it
        return contains[:limit]
    return _ranked(ref for key, ref in names if _in_order(wanted, key))[:limit]


def _known_names(session: Session) -> list[tuple[str, DepartmentRef]]:
    """Every department name and alias, normalised, with the department it stands for.

    The whole register is read: it holds a district's departments (about a hundred), and
    the forgiving comparisons cannot be written as indexable SQL.
    """
    departments, aliases = register(session=session)
    refs = {
        department_id: DepartmentRef(id=department_id, name=name)
        for department_id, name in departments
    }
    return [
        *((normalize_name(ref.name), ref) for ref in refs.values()),
        *((normalize_name(alias), refs[d]) for alias, d in aliases if d in refs),
    ]


def _without_level(key: str) -> str:
    return key[1:] if len(key) > 1 and key.startswith(_LEVEL_PREFIXES) else key


def _in_order(wanted: str, key: str) -> bool:
    """Are ``wanted``'s characters all in ``key``, in the same order (not necessarily together)?"""
    rest = iter(key)
    return all(ch in rest for ch in wanted)


def _ranked(refs: Iterable[DepartmentRef]) -> list[DepartmentRef]:
    """Each department once (a name and its alias may both match), shorter names first."""
    unique = {ref.id: ref for ref in refs}
    return sorted(unique.values(), key=lambda ref: (len(ref.name), ref.id))


def _id(department: Department) -> int:
    assert department.id is not None
    return department.id

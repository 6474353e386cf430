"""The global register of departments, groups and aliases: find each name, add what is missing.

Departments are shared by every plan. A name is found as a department, else through an alias
(区康翔公司 → 康翔公司), else added. Nothing is renamed or merged here: when two stored rows
turn out to be the same unit, the coordinator decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from db import queries
from db.models import Department, DepartmentAlias, DepartmentGroup, DepartmentGroupMember


@dataclass
class UnitRefs:
    """Ids for the names a plan used, and what had to be added to the register."""

    department_ids: dict[str, int] = field(default_factory=dict)
    group_ids: dict[str, int] = field(default_factory=dict)
    new_departments: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    new_aliases: list[str] = field(default_factory=list)

    def ref(self, name: str) -> tuple[int | None, int | None] | None:
        """``(department_id, None)`` or ``(None, group_id)`` for a name; ``None`` if unknown."""
        name = name.strip()
        if name in self.group_ids:
            return None, self.group_ids[name]
        if name in self.department_ids:
            return self.department_ids[name], None
        return None


def ensure_units(
    *,
    session: Session,
    departments: Iterable[str],
    groups: Iterable[str],
    aliases: Mapping[str, str],
    now: datetime,
) -> UnitRefs:
    """Find or add every department and group named, and record ``aliases`` (alias → name).

    A name listed in ``groups`` is a group even if also listed as a department. An alias is
    skipped when it is already recorded, or when it is itself a department's name.
    """
    group_names = _unique(groups)
    group_set = set(group_names)
    alias_map = {a.strip(): c.strip() for a, c in aliases.items() if a.strip() and c.strip()}
    dept_names = [n for n in _unique([*departments, *alias_map.values()]) if n not in group_set]
    refs = UnitRefs()

    stored_groups = queries.groups_by_name(session=session, names=group_names)
    group_rows: dict[str, DepartmentGroup] = {}
    for name in group_names:
        group = stored_groups.get(name)
        if group is None:
            group = DepartmentGroup(name=name, created_at=now)
            session.add(group)
            refs.new_groups.append(name)
        group_rows[name] = group

    stored = queries.departments_by_name(session=session, names=[*dept_names, *alias_map])
    stored_aliases = queries.aliases_by_name(session=session, aliases=[*dept_names, *alias_map])
    dept_rows: dict[str, Department] = {}
    alias_ids: dict[str, int] = {}
    for name in dept_names:
        if name in stored:
            dept_rows[name] = stored[name]
        elif name in stored_aliases:
            alias_ids[name] = stored_aliases[name].department_id
        else:
            dept_rows[name] = Department(name=name, created_at=now)
            session.add(dept_rows[name])
            refs.new_departments.append(name)
    if refs.new_groups or refs.new_departments:
        session.flush()

    refs.group_ids = {name: _id(row) for name, row in group_rows.items()}
    refs.department_ids = {name: _id(row) for name, row in dept_rows.items()} | alias_ids

    taken = set(stored_aliases) | set(stored) | set(dept_rows)
    for alias, canonical in alias_map.items():
        target = refs.department_ids.get(canonical)
        if alias in taken or target is None:
            continue
        session.add(DepartmentAlias(department_id=target, alias=alias))
        taken.add(alias)
        refs.new_aliases.append(alias)
    return refs


def add_group_members(
    *, session: Session, members: Mapping[str, Sequence[str]], now: datetime
) -> list[str]:
    """Make sure each group in ``members`` (name → department names) has those members.

    Missing groups and departments are added; members are only ever added, never taken away
    (a coordinator may have added more). Returns ``"group：department"`` for each new link.
    """
    names = [m for group in members.values() for m in group]
    refs = ensure_units(session=session, departments=names, groups=members, aliases={}, now=now)
    stored = queries.group_member_pairs(session=session, group_ids=list(refs.group_ids.values()))
    added: list[str] = []
    for group, departments in members.items():
        group_id = refs.group_ids[group.strip()]
        for name in _unique(departments):
            department_id = refs.department_ids.get(name)
            if department_id is None or (group_id, department_id) in stored:
                continue
            session.add(DepartmentGroupMember(group_id=group_id, department_id=department_id))
            stored.add((group_id, department_id))
            added.append(f"{group.strip()}：{name}")
    if added:
        session.flush()
    return added


def _unique(names: Iterable[str]) -> list[str]:
    """Stripped, non-empty, first occurrence kept, in order."""
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def _id(row: Department | DepartmentGroup) -> int:
    assert row.id is not None
    return row.id


def register(*, session: Session) -> tuple[list[tuple[int, str]], list[tuple[str, int]]]:
    """Every department as ``(id, name)`` and every alias as ``(alias, department id)``."""
    departments = [
        (department_id, name)
        for department_id, name in session.exec(select(Department.id, Department.name)).all()
        if department_id is not None
    ]
    aliases = session.exec(select(DepartmentAlias.alias, DepartmentAlias.department_id)).all()
    return departments, [(alias, department_id) for alias, department_id in aliases]

"""What a test database holds, for tests that prove an import changes all of it or nothing.

- ``database``: a private copy of a template database file, gone when the block ends;
- ``snapshot``: every table's row count and a checksum of its rows, to compare before/after;
- ``orphans``: rows pointing at nothing, and tasks filed under another plan's section;
- ``plan_state``: what a stored plan holds now (active tasks, units, targets, deadlines).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, exists, func
from sqlmodel import Session, SQLModel, col, select

from db.engine import make_engine
from db.enums import DeadlineSource
from db.models import (
    Deadline,
    Department,
    DepartmentGroup,
    Plan,
    Section,
    Target,
    Task,
    TaskAssignment,
)


@contextmanager
def database(template: Path) -> Iterator[Engine]:
    """A private copy of the ``template`` database file, gone when the block ends."""
    with tempfile.TemporaryDirectory(dir=template.parent) as folder:
        path = Path(folder) / "duban.db"
        shutil.copyfile(template, path)
        wal = template.with_name(template.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, path.with_name(path.name + "-wal"))
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows."""
    tables: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            tables[table.name] = (len(rows), digest)
    return tables


def orphans(engine: Engine) -> list[str]:
    """Rows pointing at nothing (every foreign key), and tasks filed under another plan's section."""
    found: list[str] = []
    with engine.connect() as conn:
        found += [
            f"foreign_key_check: {tuple(r)}"
            for r in conn.exec_driver_sql("PRAGMA foreign_key_check")
        ]
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent = fk.column.table.alias()
                missing = conn.execute(
                    select(func.count())
                    .select_from(table)
                    .where(fk.parent.is_not(None))
                    .where(~exists().where(parent.c[fk.column.name] == fk.parent))
                ).scalar_one()
                if missing:
                    found.append(f"{table.name}.{fk.parent.name}: {missing} orphan rows")
        crossed = conn.execute(
            select(func.count())
            .select_from(Task)
            .join(Section, Section.id == Task.section_id)  # type: ignore[arg-type]
            .where(Section.plan_id != Task.plan_id)
        ).scalar_one()
        if crossed:
            found.append(f"task: {crossed} rows under another plan's section")
    return found


def plan_state(engine: Engine, plan_id: int) -> dict[str, Any]:
    """What a stored plan holds now: its active tasks, units, targets, notice deadlines and the
    sections those tasks are in. Removed rows are left out."""
    with Session(engine) as session:
        plan = session.get_one(Plan, plan_id)
        names = {d.id: d.name for d in session.exec(select(Department)).all()}
        groups = {g.id: g.name for g in session.exec(select(DepartmentGroup)).all()}
        tasks = session.exec(
            select(Task)
            .where(Task.plan_id == plan.id, Task.removed_at.is_(None))  # type: ignore[union-attr]
            .order_by(col(Task.position))
        ).all()
        sections = {s.id: s for s in session.exec(select(Section)).all()}
        units, targets = _by_task(session)
        return {
            "plan": plan.model_dump(exclude={"id", "imported_at", "updated_at"}),
            "tasks": [
                {
                    **task.model_dump(exclude={"id", "plan_id", "section_id"}),
                    "section": sections[task.section_id].model_dump(exclude={"id"}),
                    "units": sorted(
                        (a.role, a.position, names.get(a.department_id) or groups[a.group_id])
                        for a in units.get(task.id, [])
                    ),
                    "targets": [
                        t.model_dump(exclude={"id", "task_id"})
                        for t in sorted(targets.get(task.id, []), key=lambda t: t.position)
                        if t.removed_at is None
                    ],
                }
                for task in tasks
            ],
            "deadlines": sorted(
                (d.name, d.due, d.rule)
                for d in session.exec(select(Deadline).where(Deadline.plan_id == plan.id)).all()
                if d.source == DeadlineSource.NOTICE and d.removed_at is None
            ),
        }


def _by_task(
    session: Session,
) -> tuple[dict[int | None, list[TaskAssignment]], dict[int | None, list[Target]]]:
    units: dict[int | None, list[TaskAssignment]] = {}
    for a in session.exec(select(TaskAssignment)).all():
        units.setdefault(a.task_id, []).append(a)
    targets: dict[int | None, list[Target]] = {}
    for t in session.exec(select(Target)).all():
        targets.setdefault(t.task_id, []).append(t)
    return units, targets

"""The seed notice's tasks as the reader sees them: ``TaskRef`` values per department."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.importer import parse_path
from bot.importer.model import ParsedPlan
from bot.reading import TargetRef, TaskRef


@pytest.fixture(scope="session")
def seed_plan(seed_path: Path) -> ParsedPlan:
    return parse_path(seed_path)


def department_tasks(plan: ParsedPlan, department: str) -> list[TaskRef]:
    """The tasks ``department`` leads or supports; target ids are ``task_index*100 + position``."""
    ordinals = {s.numeral: s.ordinal for s in plan.sections}
    refs: list[TaskRef] = []
    for index, task in enumerate(plan.tasks, start=1):
        if department not in task.lead and department not in task.support:
            continue
        targets = tuple(
            TargetRef(index * 100 + pos, g.subject, g.unit, g.kind, g.value)
            for pos, g in enumerate(task.targets)
        )
        refs.append(
            TaskRef(
                task_id=index,
                code=task.code,
                section_numeral=task.section,
                section_ordinal=ordinals[task.section],
                number=task.number,
                title=task.text[:20],
                targets=targets,
                text=task.text,
            )
        )
    return refs

"""Helpers shared by the layout tests (tests/importer/test_layouts*.py): the hand-written samples
in tests/data, and short summaries of a parsed plan to compare with the spec.

Targets are compared as tuples ``(subject, comparator, value, unit, kind)``; the one- and
two-letter constants below keep those tables readable.
"""

from __future__ import annotations

from pathlib import Path

from bot.importer import parse_bytes
from bot.importer.model import ParsedPlan, ParsedTask

DATA = Path(__file__).resolve().parents[1] / "data"
A, E, AB = "at_least", "equal", "about"
G, L, R = "growth", "level", "ratio"

Units = dict[str, tuple[list[str], list[str]]]  # code -> (lead, support)
Targets = dict[str, list[tuple[str, str, float, str, str]]]


def parse_file(name: str) -> ParsedPlan:
    return parse_bytes((DATA / name).read_bytes(), name)


def by_code(plan: ParsedPlan) -> dict[str, ParsedTask]:
    return {t.code: t for t in plan.tasks}


def units_of(plan: ParsedPlan) -> Units:
    return {t.code: (t.lead, t.support) for t in plan.tasks}


def targets_of(plan: ParsedPlan) -> Targets:
    """Targets of the tasks that have any: a task missing here must have none."""
    return {
        t.code: [(g.subject, g.comparator.value, g.value, g.unit, g.kind.value) for g in t.targets]
        for t in plan.tasks
        if t.targets
    }


def sections_of(plan: ParsedPlan) -> list[tuple[str, str, list[str]]]:
    return [(s.numeral, s.title, s.categories) for s in plan.sections]


def assert_no_task_warnings(plan: ParsedPlan) -> None:
    """A clean sample: no warning points at any of its tasks."""
    wheres = {t.where for t in plan.tasks}
    assert [w for w in plan.warnings if w.where in wheres] == []

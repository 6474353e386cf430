"""The genre corpus (tests/data/notices/): every invented notice read as its expect file says.

One case per notice; a failure lists every task whose number, lead or supporting units, time
limit or leader differ, so a rule change shows at once which layouts it broke. The figure
printed with ``-s`` is the share of tasks read right per notice.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.importer import parse_bytes
from bot.importer.model import ParsedPlan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "notices"
CASES = sorted(CORPUS.glob("*.expect.toml"))


def _notice_of(expect: Path) -> Path:
    stem = expect.name.removesuffix(".expect.toml")
    found = [p for p in CORPUS.glob(f"{stem}.*") if p != expect and p.suffix != ".toml"]
    assert len(found) == 1, f"{expect.name}: expected one notice file named {stem}.*"
    return found[0]


def _parse(notice: Path, settings: dict[str, Any]) -> ParsedPlan:
    return parse_bytes(notice.read_bytes(), notice.name, **settings)


def _task_misses(plan: ParsedPlan, expected: list[dict[str, Any]]) -> list[str]:
    got = {t.code: t for t in plan.tasks}
    misses = []
    for want in expected:
        code = want["code"]
        task = got.get(code)
        if task is None:
            misses.append(f"{code}: not found")
            continue
        seen = {"lead": task.lead, "support": task.support}
        if "due" in want:
            seen["due"] = task.due_text
        if "leader" in want:
            seen["leader"] = task.leader
        wrong = {k: v for k, v in seen.items() if v != want.get(k, [])}
        if wrong:
            misses.append(f"{code}: got {wrong}, want { {k: want.get(k) for k in wrong} }")
    extra = sorted(set(got) - {w["code"] for w in expected})
    misses += [f"{code}: read but not in the expect file" for code in extra]
    return misses


@pytest.mark.parametrize("expect", CASES, ids=[c.name.removesuffix(".expect.toml") for c in CASES])
def test_notice_reads_as_expected(expect: Path) -> None:
    spec = tomllib.loads(expect.read_text(encoding="utf-8"))
    plan = _parse(_notice_of(expect), spec.get("settings", {}))
    misses = _task_misses(plan, spec.get("task", []))
    right = len(spec.get("task", [])) - len([m for m in misses if "not in the expect" not in m])
    print(f"\n{expect.name}: {right}/{len(spec.get('task', []))} tasks read right")
    assert not misses, "\n".join(misses)
    for want in spec.get("deadline", []):
        due = date.fromisoformat(want["due"])
        match = [d for d in plan.deadlines if d.due == due]
        assert match, f"deadline {due} not found in {plan.deadlines}"
        if "name" in want:
            assert match[0].name == want["name"]
        if "rule" in want:
            assert match[0].rule == want["rule"]


def test_corpus_covers_the_genre() -> None:
    """Issue 12 asks for at least 14 invented notices (one per layout plus mixed ones)."""
    assert len(CASES) >= 14, f"only {len(CASES)} notices in {CORPUS}"

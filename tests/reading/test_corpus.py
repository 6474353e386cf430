"""Accuracy of the reader on the corpus of invented replies: ``replies.toml`` (written with the
reader), ``heldout.toml`` (written by another author without seeing it; see its header) and
``content.toml`` (replies naming their tasks by content, written blind; see its header).

A reply is read correctly when the set of task codes, and per task the status, the percent and
the figures (target subject → value, 1e-6 relative tolerance) all match; ``unattributed`` and
``foreign`` are compared only where the entry states them. Run with ``-s`` to see the misses.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.importer.model import ParsedPlan
from bot.reading import Reading, read_reply
from tests.reading.conftest import department_tasks

HERE = Path(__file__).resolve().parent
CORPORA = {
    "corpus": HERE / "replies.toml",
    "held-out": HERE / "heldout.toml",
    "content": HERE / "content.toml",
}
REQUIRED_SHARE = 0.90
"""Over the code-naming corpora (replies.toml and heldout.toml together)."""
CODE_CORPORA = ("corpus", "held-out")
CONTENT_SHARE = 0.85
"""Over content.toml alone (issue 16's acceptance for replies naming tasks by content)."""


def load_corpus(*names: str) -> list[dict[str, Any]]:
    """The entries of the named corpora (all by default), each marked with its ``corpus``."""
    replies: list[dict[str, Any]] = []
    for name in names or tuple(CORPORA):
        with CORPORA[name].open("rb") as f:
            replies += [{**entry, "corpus": name} for entry in tomllib.load(f)["reply"]]
    return replies


def differences(entry: dict[str, Any], reading: Reading) -> list[str]:
    """What the reading got wrong against the entry's expectation; [] when it is right."""
    diffs: list[str] = []
    got = {t.code: t for t in reading.tasks}
    want = {e["code"]: e for e in entry.get("expect", [])}
    if set(got) != set(want):
        diffs.append(f"tasks {sorted(got)} != {sorted(want)}")
    for code in set(got) & set(want):
        t, e = got[code], want[code]
        status = t.status.value if t.status is not None else None
        if status != e.get("status"):
            diffs.append(f"{code} status {status} != {e.get('status')}")
        if not _same(t.percent, e.get("percent")):
            diffs.append(f"{code} percent {t.percent} != {e.get('percent')}")
        figures = {f.subject: f.value for f in t.figures}
        expected = e.get("figures", {})
        if set(figures) != set(expected) or any(
            not _same(figures[k], expected[k]) for k in figures
        ):
            diffs.append(f"{code} figures {figures} != {expected}")
    if "unattributed" in entry and bool(reading.unattributed) != entry["unattributed"]:
        diffs.append(f"unattributed {reading.unattributed!r} (want {entry['unattributed']})")
    if "foreign" in entry and list(reading.foreign_codes) != entry["foreign"]:
        diffs.append(f"foreign {list(reading.foreign_codes)} != {entry['foreign']}")
    return diffs


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, float(b), rel_tol=1e-6)


def test_corpus_ids_are_unique_and_enough() -> None:
    replies = load_corpus()
    ids = [r["id"] for r in replies]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 80


def test_corpus_entries_name_real_tasks_and_targets(seed_plan: ParsedPlan) -> None:
    """A typo in the corpus must fail here, not pass as a miss of the reader."""
    for entry in load_corpus():
        tasks = {t.code: t for t in department_tasks(seed_plan, entry["department"])}
        assert tasks, entry["id"]
        for code in entry.get("reply_to", []):
            assert code in tasks, (entry["id"], code)
        for e in entry.get("expect", []):
            assert e["code"] in tasks, (entry["id"], e["code"])
            subjects = {g.subject for g in tasks[e["code"]].targets}
            assert set(e.get("figures", {})) <= subjects, (entry["id"], e["code"])


def test_corpus_accuracy(seed_plan: ParsedPlan) -> None:
    """At least 90% of all entries read correctly; each corpus's share and every miss printed."""
    replies = load_corpus()
    misses: list[tuple[str, str, list[str]]] = []
    for entry in replies:
        tasks = department_tasks(seed_plan, entry["department"])
        by_code = {t.code: t.task_id for t in tasks}
        scope = [by_code[c] for c in entry["reply_to"]] if "reply_to" in entry else None
        reading = read_reply(entry["text"], tasks, scope=scope)
        diffs = differences(entry, reading)
        if diffs:
            misses.append((entry["corpus"], entry["id"], diffs))
    print()
    for name in CORPORA:
        total = sum(1 for entry in replies if entry["corpus"] == name)
        right = total - sum(1 for corpus, *_ in misses if corpus == name)
        print(f"{name}: {right}/{total} read correctly ({right / total:.1%})")
    coded = [entry for entry in replies if entry["corpus"] in CODE_CORPORA]
    right = len(coded) - sum(1 for corpus, *_ in misses if corpus in CODE_CORPORA)
    share = right / len(coded)
    print(f"corpus and held-out: {right}/{len(coded)} read correctly ({share:.1%})")
    for _corpus, entry_id, diffs in misses:
        print(f"  miss {entry_id}: " + "; ".join(diffs))
    assert share >= REQUIRED_SHARE
    content = [entry for entry in replies if entry["corpus"] == "content"]
    content_right = len(content) - sum(1 for corpus, *_ in misses if corpus == "content")
    assert content_right / len(content) >= CONTENT_SHARE


@pytest.mark.parametrize("entry", load_corpus(), ids=lambda e: e["id"])
def test_every_reply_keeps_its_words(entry: dict[str, Any], seed_plan: ParsedPlan) -> None:
    """Whatever is read or not, no reading raises and unread words are kept somewhere."""
    reading = read_reply(entry["text"], department_tasks(seed_plan, entry["department"]))
    assert reading.tasks or reading.unattributed or not entry["text"].strip()

"""Shared fixtures: where the seed notice lives, and a fresh database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# PTB warns (an error under our settings) on every 429 unless told to use its coming behaviour.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# The database fixtures (engine, session, pg, statement_log …) for the tests of every package.
pytest_plugins = ["tests.support.database"]

# Helpers in tests/support assert too; rewrite them so their failures explain themselves.
pytest.register_assert_rewrite("tests.support")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DUBAN_SHARED", REPO.parent / "shared"))
SEED = SHARED / "data" / "yuzhong-2021-key-tasks.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The real seed notice from ../shared/data; a test that needs it fails loudly without it."""
    if not SEED.is_file():
        pytest.fail(f"seed notice missing: {SEED} (set DUBAN_SHARED to the shared/ folder)")
    return SEED

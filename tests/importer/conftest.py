"""Fixtures shared by the importer's property tests: the real notices, and their Office renderings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.properties import Notice, load_notices, render_notices


@pytest.fixture(scope="session")
def notices(seed_path: Path) -> dict[str, Notice]:
    """The real notices to damage: sample, seed and the layout samples, by short name."""
    return load_notices(seed_path)


@pytest.fixture(scope="session")
def renderings(notices: dict[str, Notice]) -> dict[tuple[str, str], bytes]:
    """The sample and the seed as Word and Excel files."""
    return render_notices(notices)

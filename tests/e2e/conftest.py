"""The end-to-end world for every test here; after each test, the sandbox's verdict on every
Bot API call the bot made (message length, callback data size, …) must be clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.world import World, start_world, stop_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    world = start_world(tmp_path)
    try:
        yield world
        assert world.sandbox.violations == [], "the bot broke a Bot API limit"
    finally:
        stop_world(world)


@pytest.fixture
def imported(world: World) -> World:
    """The world after the coordinator imported the bundled sample notice through the bot."""
    world.import_sample()
    return world

"""The end-to-end world for every test here; after each test, the sandbox's verdict on every
Bot API call the bot made (message length, callback data size, …) must be clean."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.world import World, start_world, stop_world


@contextmanager
def running(world: World) -> Iterator[World]:
    try:
        yield world
        assert world.sandbox.violations == [], "the bot broke a Bot API limit"
    finally:
        stop_world(world)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with running(start_world(tmp_path)) as world:
        yield world


@pytest.fixture
def quiet_world(tmp_path: Path) -> Iterator[World]:
    """A world without reminders and digests, for a test whose clock is past a deadline or in
    a year the calendar does not know: the scheduler's escalations and calendar notes would
    otherwise reach the coordinator in between the replies the test reads."""
    with running(
        start_world(tmp_path, reminders={"enabled": False}, digest={"enabled": False})
    ) as world:
        yield world


@pytest.fixture
def imported(world: World) -> World:
    """The world after the coordinator imported the bundled sample notice through the bot."""
    world.import_sample()
    return world

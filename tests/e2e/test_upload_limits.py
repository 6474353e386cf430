"""The size limit on notice files sent in a chat comes from the settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.world import COORDINATOR, World, start_world, stop_world


@pytest.fixture
def small_world(tmp_path: Path) -> Iterator[World]:
    world = start_world(tmp_path, bot={"max_upload_mb": 1})
    try:
        yield world
        assert world.sandbox.violations == []
    finally:
        stop_world(world)


def test_a_file_over_the_limit_is_refused_before_download(small_world: World) -> None:
    big = ("一、测试\n" * 200_000).encode()  # 2.2 MB
    reply = small_world.upload(COORDINATOR, "big.txt", big)[-1]
    assert "文件太大" in (reply.text or "") and "最大 1 MB" in (reply.text or "")
    assert small_world.sandbox.calls("getFile") == []

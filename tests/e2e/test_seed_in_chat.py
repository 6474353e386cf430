"""The real seed notice (132 tasks, 51 departments) through the chat: every page of every list
stays inside Telegram's limits, and paging shows each task and department exactly once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.world import COORDINATOR, World, button_data

pytestmark = pytest.mark.seed


def walk(world: World, first_page_of: str) -> list[str]:
    """Every page's text, pressing ▶ until there is none."""
    page = world.say(COORDINATOR, first_page_of)[-1]
    texts = [page.text or ""]
    while any(b.text == "▶" for row in page.buttons for b in row):
        page = world.press(COORDINATOR, page, "▶")[-1]
        texts.append(page.text or "")
    return texts


def test_the_seed_imports_and_pages_cleanly(world: World, seed_path: Path) -> None:
    preview = world.upload(COORDINATOR, seed_path.name, seed_path.read_bytes())[-1]
    assert "9 个部分，132 项任务，51 个单位" in (preview.text or "")
    assert "上半年 2021年7月15日（周四）" in (preview.text or "")
    world.press(COORDINATOR, preview, data=button_data(preview, "ic"))

    pages = walk(world, "/departments")
    lines = [line for text in pages for line in text.splitlines() if line.startswith("• ")]
    assert len(lines) == 51 and len(set(lines)) == 51
    assert len(pages) == 4  # fifteen a page

    pages = walk(world, "/tasks 区发改委")
    total = int(re.search(r"共 (\d+) 项", pages[0]).group(1))  # type: ignore[union-attr]
    codes = [
        line.split()[1]
        for text in pages
        for line in text.splitlines()
        if line.startswith("【") and not line.startswith("【区")
    ]
    assert total > 6 and len(codes) == total and len(set(codes)) == total
    assert "一.2" in codes  # the seed's 一.2 is led by 区发改委

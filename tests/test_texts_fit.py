"""Long texts are cut under Telegram's 4096 UTF-16 units, at line breaks, losing nothing."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.texts import MAX_TEXT, format_date, split_text


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(st.lists(st.text(alphabet="督办任务ab😀 ", max_size=3000), max_size=12))
def test_pieces_fit_and_nothing_is_lost(lines: list[str]) -> None:
    text = "\n".join(lines)
    pieces = split_text(text)
    assert all(units(piece) <= MAX_TEXT for piece in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_a_short_text_is_one_piece_and_cuts_fall_on_line_breaks() -> None:
    assert split_text("一行\n两行") == ["一行\n两行"]
    line = "任" * 3000
    assert split_text(f"{line}\n{line}") == [line, line]


def test_an_emoji_counts_twice() -> None:
    text = "😀" * 2048 + "a"  # 4097 units
    pieces = split_text(text)
    assert len(pieces) == 2 and all(units(p) <= MAX_TEXT for p in pieces)


def test_dates_read_naturally() -> None:
    assert format_date(date(2021, 7, 15)) == "7月15日（周四）"
    assert format_date(date(2021, 12, 31), year=True) == "2021年12月31日（周五）"
    assert format_date(date(2021, 7, 15), "en") == "Thu 15 Jul"

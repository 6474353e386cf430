"""The summary chart: a real PNG of phone size, and Chinese that renders as Chinese."""

from __future__ import annotations

import struct
import warnings
from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest
from matplotlib.ft2font import FT2Font

from bot.exports import fonts
from bot.exports.chart import summary_chart
from bot.exports.fonts import CjkFont, FontError, cjk_font, covers
from tests.exports.builders import make_summary

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(autouse=True)
def fresh_font_choice() -> None:
    cjk_font.cache_clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_chart_is_a_phone_sized_png(lang: str) -> None:
    data = summary_chart(make_summary(), lang)
    width, height = png_size(data)
    assert (width, height) == (1200, 1500)
    assert len(data) > 10_000  # bars, labels and a title, not a blank canvas


def test_chinese_labels_draw_with_real_glyphs() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary_chart(make_summary(), "zh")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    font = FT2Font(cjk_font().path)
    for char in "督办区住建委着力推动科技创新未报送滞后":
        assert font.get_char_index(ord(char)) != 0, char


def test_the_font_is_found_once_and_cached() -> None:
    first = cjk_font()
    assert cjk_font() is first
    assert covers(first.path)


def test_without_a_system_cjk_font_the_bundled_one_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "_system_font", lambda: None)
    chosen = cjk_font()
    assert chosen.bundled and chosen.path.endswith(fonts.BUNDLED_FONT)
    assert chosen.family == "Noto Sans CJK SC"


def test_a_system_font_by_a_cjk_name_is_used_only_if_it_has_the_glyphs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A font file that calls itself SimHei but holds only Latin letters is passed over."""
    impostor = fonts.font_manager.FontEntry(fname=str(DEJAVU), name="SimHei")
    monkeypatch.setattr(fonts.font_manager.fontManager, "ttflist", [impostor])
    assert not covers(DEJAVU)
    assert fonts._system_font() is None
    real = fonts._bundled_font()
    assert real is not None
    genuine = fonts.font_manager.FontEntry(fname=real.path, name="Source Han Sans SC")
    monkeypatch.setattr(fonts.font_manager.fontManager, "ttflist", [impostor, genuine])
    assert fonts._system_font() == CjkFont("Source Han Sans SC", real.path, bundled=False)


def test_no_cjk_font_at_all_is_an_error_with_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_system_font", lambda: None)
    monkeypatch.setattr(fonts, "_bundled_font", lambda: None)
    with pytest.raises(FontError) as raised:
        cjk_font()
    assert raised.value.code == "no_cjk_font"


def test_a_plan_with_nothing_to_draw_still_gives_a_chart() -> None:
    empty = replace(
        make_summary(),
        sections=(),
        tasks=(),
        departments=(),
        deadline=None,
        due=None,
        days_left=None,
        pace=None,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = summary_chart(empty, "zh")
    assert [str(w.message) for w in caught] == []
    assert png_size(data) == (1200, 1500)


def test_many_departments_behind_keep_the_chart_readable() -> None:
    """Only the ten furthest behind are drawn; the picture keeps its size."""
    base = make_summary()
    many = tuple(
        replace(base.departments[0], department_id=100 + i, name=f"第{i}街道", missing=i % 7 + 1)
        for i in range(40)
    )
    data = summary_chart(replace(base, departments=many), "zh")
    assert png_size(data) == (1200, 1500)

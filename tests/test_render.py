"""How targets read in the terminal preview."""

from __future__ import annotations

from bot.importer.model import Comparator, Target, TargetKind
from bot.render import format_target


def test_growth_targets_say_so_and_levels_keep_their_unit() -> None:
    growth = Target("地区生产总值", Comparator.ABOUT, 6.0, "%", TargetKind.GROWTH)
    assert format_target(growth) == "地区生产总值 增长 ≈ 6%"
    assert format_target(growth, "en") == "地区生产总值 growth ≈ 6%"
    decline = Target("单位能耗下降", Comparator.AT_LEAST, 3.5, "%", TargetKind.GROWTH)
    assert format_target(decline) == "单位能耗下降 ≥ 3.5%"
    level = Target("新增发明专利", Comparator.EQUAL, 200.0, "件", TargetKind.LEVEL)
    assert format_target(level) == "新增发明专利 = 200件"

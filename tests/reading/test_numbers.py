"""Chinese numerals, full-width digits, magnitudes and unit conversion."""

from __future__ import annotations

import pytest

from bot.reading.numbers import find_quantities, normalise, parse_chinese, split_unit, to_unit


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二百一十五", 215),
        ("一万零五百", 10500),
        ("九千二百", 9200),
        ("十二", 12),
        ("两百", 200),
        ("四百零六", 406),
        ("三万一千", 31000),
        ("十一点五", 11.5),
        ("一点二万", 12000),
        ("二〇二一", 2021),
    ],
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert parse_chinese(numeral) == pytest.approx(value)


def test_normalise_keeps_length_and_makes_digits_half_width() -> None:
    text = "二．１　完成５５％，ＯＫ"
    assert normalise(text) == "二.1 完成55%,OK"
    assert len(normalise(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "value", "base"),
    [
        ("新增市场主体6800户", 6800, "户"),
        ("1.2万户", 12000, "户"),
        ("11.2亿元", 11.2e8, "元"),
        ("3,200万元", 3200e4, "元"),
        ("二百一十五件", 215, "件"),
        ("三千万人次", 3000e4, "人次"),
        ("拆违2.6万㎡", 2.6e4, "平方米"),
        ("1.5万平", 1.5e4, "平方米"),
        ("两万余人", 20000, "人"),
        ("7千户", 7000, "户"),
        ("增长55%", 55, "%"),
        ("百分之八点五", 8.5, "%"),
    ],
)
def test_quantities(text: str, value: float, base: str) -> None:
    [q] = find_quantities(normalise(text))
    assert (q.value, q.base) == (pytest.approx(value), base)


def test_a_bare_magnitude_keeps_its_scale() -> None:
    [q] = find_quantities("合同额230亿")
    assert (q.value, q.base, q.scale) == (230, "", 1e8)


@pytest.mark.parametrize(
    "text", ["一季度", "三上三清", "第八项", "一个月内", "提高2个百分点", "6月底"]
)
def test_words_that_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_unit_conversion() -> None:
    [households] = find_quantities("6800户")
    assert to_unit(households, "万户") == pytest.approx(0.68)
    [money] = find_quantities("3,200万元")
    assert to_unit(money, "亿元") == pytest.approx(0.32)
    assert to_unit(money, "亿美元") is None
    [bare] = find_quantities("7.6亿")
    assert to_unit(bare, "亿元") == pytest.approx(7.6)
    assert to_unit(bare, "万户") is None
    [people] = find_quantities("71人")
    assert to_unit(people, "名") is None
    assert to_unit(people, "名", loose=True) == 71
    assert split_unit("万平方米") == (1e4, "平方米")
    assert split_unit("亿美元") == (1e8, "美元")

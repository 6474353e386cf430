"""How targets read wherever a person sees them (the chat's task detail, the terminal preview,
the ledger): as an office writes them, one formatter for every comparator and kind, in Chinese
and in English."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.importer.model import Target
from bot.importer.targets import extract_targets
from bot.plans.words import format_number, format_target
from db.enums import Comparator, TargetKind

A, ABOUT, EQ = Comparator.AT_LEAST, Comparator.ABOUT, Comparator.EQUAL
LEVEL, GROWTH, RATIO = TargetKind.LEVEL, TargetKind.GROWTH, TargetKind.RATIO


@pytest.mark.parametrize(
    ("target", "zh", "en"),
    [
        # growth: 增长 added unless the subject says its direction; 左右 / 以上 after the rate
        (
            Target("地区生产总值", ABOUT, 6.0, "%", GROWTH),
            "地区生产总值增长6%左右",
            "地区生产总值 growth of about 6%",
        ),
        (
            Target("固定资产投资", A, 6.5, "%", GROWTH),
            "固定资产投资增长6.5%以上",
            "固定资产投资 growth of at least 6.5%",
        ),
        (Target("税收收入", EQ, 5.0, "%", GROWTH), "税收收入增长5%", "税收收入 growth of 5%"),
        (
            Target("单位能耗下降", A, 3.5, "%", GROWTH),
            "单位能耗下降3.5%以上",
            "单位能耗下降 by at least 3.5%",
        ),
        (
            Target("城镇化率提高", ABOUT, 1.0, "个百分点", GROWTH),
            "城镇化率提高1个百分点左右",
            "城镇化率提高 by about 1个百分点",
        ),
        # levels: the amount after the subject; a floor without the notice's words is 以上
        (
            Target("新增发明专利", EQ, 200.0, "件", LEVEL),
            "新增发明专利200件",
            "新增发明专利: 200件",
        ),
        (
            Target("新增市场主体", A, 1.2, "万户", LEVEL),
            "新增市场主体1.2万户以上",
            "新增市场主体: at least 1.2万户",
        ),
        (
            Target("引进人才", ABOUT, 300.0, "名", LEVEL),
            "引进人才300名左右",
            "引进人才: about 300名",
        ),
        # ratios: a floor reads 不低于 when the notice's words do not say otherwise
        (Target("参保率", A, 96.0, "%", RATIO), "参保率不低于96%", "参保率: at least 96%"),
        (
            Target("优良天数比例", ABOUT, 85.0, "%", RATIO),
            "优良天数比例85%左右",
            "优良天数比例: about 85%",
        ),
        (Target("验收合格率", EQ, 100.0, "%", RATIO), "验收合格率100%", "验收合格率: 100%"),
    ],
)
def test_every_comparator_and_kind_reads_as_an_office_writes_it(
    target: Target, zh: str, en: str
) -> None:
    assert format_target(target) == zh
    assert format_target(target, "en") == en
    assert "=" not in format_target(target) and "≈" not in format_target(target)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("全年研发经费支出突破10亿元", "研发经费支出突破10亿元"),
        ("进出口总额超过100亿元", "进出口总额超过100亿元"),
        ("市外项目签约合同额达到400亿元以上", "市外项目签约合同额达到400亿元以上"),
        ("社区服务覆盖率不低于90%", "社区服务覆盖率不低于90%"),
        ("生活垃圾回收利用率38%以上", "生活垃圾回收利用率38%以上"),
        ("培育规上企业200余家", "培育规上企业200余家"),
    ],
)
def test_a_floor_keeps_the_notices_own_word(words: str, expected: str) -> None:
    """突破, 超过, 不低于, 达到…以上, 余: the word the notice used, read back from its text."""
    [target] = extract_targets(words)
    assert target.comparator is Comparator.AT_LEAST
    assert format_target(target) == expected


@dataclass(frozen=True)
class Stored:
    """A target as the summary carries it: comparator and kind as plain strings, no text."""

    subject: str
    comparator: str
    value: float
    unit: str
    kind: str


def test_stored_values_and_plain_strings_format_the_same() -> None:
    assert format_target(Stored("研发经费支出", "at_least", 10.0, "亿元", "level")) == (
        "研发经费支出10亿元以上"
    )
    assert format_target(Stored("地区生产总值", "about", 6.0, "%", "growth"), "en") == (
        "地区生产总值 growth of about 6%"
    )


def test_numbers_never_read_like_a_computer() -> None:
    assert [format_number(v) for v in (6.0, 6.5, 1.2, 1_000_000.0, 0.05)] == [
        "6",
        "6.5",
        "1.2",
        "1000000",
        "0.05",
    ]

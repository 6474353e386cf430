"""The covering notice: title, issuer, date, reporting deadlines and the coordinator's contact."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from bot.importer.model import Contact, Paragraph, ParsedDeadline
from bot.importer.preamble import Preamble, read_preamble


def seed_preamble(seed_path: Path) -> list[Paragraph]:
    """The seed's lines before its table (the first line that starts with a tab)."""
    paragraphs: list[Paragraph] = []
    for number, line in enumerate(seed_path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("\t"):
            break
        paragraphs.append(Paragraph(line, f"L{number}"))
    return paragraphs


CONTACT = "联系人：王晓东，联系电话：63761234"


def read(*lines: str) -> Preamble:
    return read_preamble([Paragraph(text, f"P{i}") for i, text in enumerate(lines, 1)])


def codes(preamble: Preamble) -> list[str]:
    return [w.code for w in preamble.warnings]


@pytest.mark.seed
def test_seed_covering_notice(seed_path: Path) -> None:
    got = read_preamble(seed_preamble(seed_path))
    assert got.title is not None
    assert got.title.startswith("重庆市渝中区人民政府办公室关于印发")
    assert got.title.endswith("的通知")
    assert got.issuer == "重庆市渝中区人民政府办公室"
    assert got.issued_on == date(2021, 3, 29)
    assert got.contact == Contact("李超然", "63762551", "yzqzfdcs@126.com")
    assert got.deadlines == [
        ParsedDeadline("上半年", date(2021, 7, 15)),
        ParsedDeadline("全年", date(2021, 12, 31)),
    ]
    assert got.warnings == []


NOTICE = [
    "某某县人民政府办公室文件",
    "某府办发〔2022〕8号",
    "某某县人民政府办公室关于印发2022年民生实事任务清单的通知",
    "各乡镇人民政府，县政府各部门：",
    "现将任务清单印发给你们，请认真抓好落实。",
    "请各牵头单位分别于4月10日前、7月10日前、10月10日前和年底前，将一季度、上半年、前三季度和全年"
    "完成情况报县政府督查室（联系人：周明远，联系电话：0851－2345678，邮箱：dcs_moumou@163.com）。",
    "某某县人民政府办公室",
    "2022年2月10日",
]


def test_invented_notice_with_red_header_and_four_periods() -> None:
    got = read(*NOTICE)
    assert got.title == "某某县人民政府办公室关于印发2022年民生实事任务清单的通知"
    assert got.issuer == "某某县人民政府办公室"
    assert got.issued_on == date(2022, 2, 10)
    assert got.contact == Contact("周明远", "0851-2345678", "dcs_moumou@163.com")
    assert [(d.name, d.due) for d in got.deadlines] == [
        ("一季度", date(2022, 4, 10)),
        ("上半年", date(2022, 7, 10)),
        ("前三季度", date(2022, 10, 10)),
        ("全年", date(2022, 12, 31)),
    ]
    assert got.warnings == []


def test_title_split_over_two_lines_and_spaced_out() -> None:
    got = read("关 于 印 发 2023 年 重 点 工 作 目 标", "任 务 分 解 的 通 知", "2023年3月1日")
    assert got.title == "关于印发2023年重点工作目标任务分解的通知"
    assert got.issuer is None


def test_title_falls_back_to_the_first_line() -> None:
    assert read("", "某街道重点工作台账", "各社区：").title == "某街道重点工作台账"


def test_issuer_from_the_line_above_the_date_when_the_title_has_none() -> None:
    got = read(
        "关于做好重点任务督办的通知", "请于6月30日前报送。", "某区发展和改革委员会", "2023年5月4日"
    )
    assert got.issuer == "某区发展和改革委员会"
    assert got.issued_on == date(2023, 5, 4)


@pytest.mark.parametrize(
    "line",
    [
        "2021年3月29日",
        "2021-03-29",
        "2021.3.29",
        "2021/3/29",
        "二〇二一年三月二十九日",
        "（2021年3月29日）",
    ],
)
def test_issue_date_formats(line: str) -> None:
    assert read("关于某事的通知", "某区人民政府办公室", line).issued_on == date(2021, 3, 29)


def test_impossible_issue_date_is_a_warning() -> None:
    got = read("关于某事的通知", "2021年2月30日")
    assert got.issued_on is None
    assert ("bad_date", "P2", {"text": "2021年2月30日"}) in [
        (w.code, w.where, w.params) for w in got.warnings
    ]


def test_single_deadline_is_named_by_its_date() -> None:
    got = read("关于报送材料的通知", "请于6月30日前报送。", "2023年5月4日")
    assert got.deadlines == [ParsedDeadline("6月30日", date(2023, 6, 30))]


def test_year_comes_from_the_title_when_the_notice_is_undated() -> None:
    got = read("关于印发2024年工作要点的通知", "请于7月5日前报送上半年完成情况。")
    assert got.deadlines == [ParsedDeadline("上半年", date(2024, 7, 5))]
    assert "no_issue_date" in codes(got)


def test_month_end_deadline() -> None:
    got = read("关于某事的通知", "请于6月底前报送上半年情况。", "2023年5月4日")
    assert got.deadlines == [ParsedDeadline("上半年", date(2023, 6, 30))]


def test_monthly_rule_starts_after_the_issue_date() -> None:
    got = read("关于某事的通知", "请各单位于每月25日前报送当月进展。", "2021年3月29日")
    (deadline,) = got.deadlines
    assert deadline == ParsedDeadline("每月", date(2021, 4, 25), "FREQ=MONTHLY;BYMONTHDAY=25")
    assert deadline.rule is not None
    rrulestr(deadline.rule)  # a valid RFC 5545 rule


def test_quarterly_rule_uses_quarter_end_months() -> None:
    got = read("关于某事的通知", "请于每季度末月25日前报送。", "2021年3月29日")
    (deadline,) = got.deadlines
    assert deadline.name == "每季度"
    assert deadline.rule == "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=25"
    assert deadline.due == date(2021, 6, 25)


def test_quarterly_rule_in_the_first_month_of_the_next_quarter() -> None:
    got = read("关于某事的通知", "每季度首月5日前报送上季度情况。", "2022年4月8日")
    assert got.deadlines == [
        ParsedDeadline("每季度", date(2022, 7, 5), "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=5")
    ]


def test_weekly_rule() -> None:
    got = read("关于某事的通知", "请在每周五前报送。", "2022年4月6日")
    assert got.deadlines == [ParsedDeadline("每周", date(2022, 4, 8), "FREQ=WEEKLY;BYDAY=FR")]


def test_deadline_before_the_issue_date_is_kept_with_a_warning() -> None:
    got = read("关于某事的通知", "请于1月10日前报送全年情况。", CONTACT, "2021年3月29日")
    assert got.deadlines == [ParsedDeadline("全年", date(2021, 1, 10))]
    (warning,) = got.warnings
    assert (warning.code, warning.where) == ("deadline_before_issue", "P2")
    assert warning.params == {"name": "全年", "due": "2021-01-10", "issued_on": "2021-03-29"}


def test_impossible_deadline_is_skipped_with_a_warning() -> None:
    got = read("关于某事的通知", "请于2月30日前和7月15日前报送。", CONTACT, "2021年1月5日")
    assert got.deadlines == [ParsedDeadline("7月15日", date(2021, 7, 15))]
    assert [(w.code, w.params) for w in got.warnings] == [("bad_date", {"text": "2月30日"})]


def test_more_periods_than_dates_falls_back_to_date_names() -> None:
    got = read("关于某事的通知", "请于7月15日前报送上半年和全年情况。", CONTACT, "2021年3月29日")
    assert got.deadlines == [ParsedDeadline("7月15日", date(2021, 7, 15))]
    assert codes(got) == ["deadline_names_mismatch"]


def test_period_cut_off_is_not_a_deadline() -> None:
    got = read("关于某事的通知", "截至6月30日的完成情况于7月5日报送区政府办。", "2021年3月29日")
    assert got.deadlines == [ParsedDeadline("7月5日", date(2021, 7, 5))]


def test_no_reporting_rule_and_no_contact() -> None:
    got = read("关于某事的通知", "各单位要高度重视，认真落实。", "2021年3月29日")
    assert got.deadlines == []
    assert got.contact == Contact()
    assert codes(got) == ["no_deadlines", "no_contact"]


@pytest.mark.parametrize(
    ("line", "contact"),
    [
        (
            "联系人：王晓东，联系电话：023-63761234，电子邮箱：wxd@example.com",
            Contact("王晓东", "023-63761234", "wxd@example.com"),
        ),
        (
            "联系人: 王晓东, 联系电话: 63761234, 邮箱: wxd@example.com",
            Contact("王晓东", "63761234", "wxd@example.com"),
        ),
        ("（联系人及电话：张三 12345678）", Contact("张三", "12345678", None)),
        ("联系人：赵琳同志（手机：13912345678）", Contact("赵琳", "13912345678", None)),
        ("联系人：刘洋；电话：（023）６３７６１２３４", Contact("刘洋", "(023)63761234", None)),
        ("请将电子版发送至邮箱ｄｂ＠ｅｘａｍｐｌｅ．ｃｎ", Contact(None, None, "db@example.cn")),
    ],
)
def test_contact_variants(line: str, contact: Contact) -> None:
    got = read("关于某事的通知", f"请于7月15日前报送。{line}", "2021年3月29日")
    assert got.contact == contact
    assert "no_contact" not in codes(got)


# --- reporting rules stated in words ------------------------------------------------------

Q_END = "FREQ=MONTHLY;BYMONTH=3,6,9,12"
Q_NEXT = "FREQ=MONTHLY;BYMONTH=1,4,7,10"


@pytest.mark.parametrize(
    ("sentence", "deadlines"),
    [
        (
            "请各责任单位于每季度最后一个月的30日前报送工作推进情况。",
            [("每季度", date(2022, 3, 30), f"{Q_END};BYMONTHDAY=30")],
        ),
        (
            "各牵头单位每季度末报送一次工作进展。",
            [("每季度", date(2022, 3, 31), f"{Q_END};BYMONTHDAY=-1")],
        ),
        (
            "请于每月25日前报送当月进展。",
            [("每月", date(2022, 3, 25), "FREQ=MONTHLY;BYMONTHDAY=25")],
        ),
        ("请于每月二十日前报送。", [("每月", date(2022, 3, 20), "FREQ=MONTHLY;BYMONTHDAY=20")]),
        ("请于每月底前报送月报。", [("每月", date(2022, 3, 31), "FREQ=MONTHLY;BYMONTHDAY=-1")]),
        (
            "每月结束后5日内报送上月完成情况。",
            [("每月", date(2022, 3, 5), "FREQ=MONTHLY;BYMONTHDAY=5")],
        ),
        (
            "请于每季度首月10日前报送上季度工作完成情况。",
            [("每季度", date(2022, 4, 10), f"{Q_NEXT};BYMONTHDAY=10")],
        ),
        (
            "请于每季度结束后10日内报送季报。",
            [("每季度", date(2022, 4, 10), f"{Q_NEXT};BYMONTHDAY=10")],
        ),
        (
            "工作进展每半年报送一次。",
            [("每半年", date(2022, 6, 30), "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1")],
        ),
        (
            "请于每年1月15日前报送上年度工作总结。",
            [("每年", date(2023, 1, 15), "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15")],
        ),
        (
            "请于每月5日前报送上月进展，每年12月底前报送全年工作总结。",
            [
                ("每月", date(2022, 3, 5), "FREQ=MONTHLY;BYMONTHDAY=5"),
                ("每年", date(2022, 12, 31), "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"),
            ],
        ),
        (
            "请于１月１５日前报送全年完成情况。",  # full-width digits
            [("全年", date(2022, 1, 15), None)],
        ),
        ("请于次年1月15日前报送全年总结。", [("全年", date(2023, 1, 15), None)]),
        (
            "请分别于4月5日前、7月5日前报送一季度、上半年完成情况。",
            [("一季度", date(2022, 4, 5), None), ("上半年", date(2022, 7, 5), None)],
        ),
        (
            "每月25日前报送进展，每月底前报送月报。",  # two rules of one period: both kept
            [
                ("每月", date(2022, 3, 25), "FREQ=MONTHLY;BYMONTHDAY=25"),
                ("每月（3月31日）", date(2022, 3, 31), "FREQ=MONTHLY;BYMONTHDAY=-1"),
            ],
        ),
    ],
)
def test_reporting_rules_in_words(
    sentence: str, deadlines: list[tuple[str, date, str | None]]
) -> None:
    got = read("关于印发2022年重点任务分解的通知", sentence, CONTACT, "2022年3月1日")
    assert [(d.name, d.due, d.rule) for d in got.deadlines] == deadlines
    for d in got.deadlines:
        if d.rule:
            first = rrulestr(d.rule, dtstart=datetime(2022, 3, 1)).after(
                datetime(2022, 3, 1), inc=True
            )
            assert first is not None and first.date() == d.due  # due is the rule's first day


@pytest.mark.parametrize(
    "sentence",
    [
        "每月召开一次工作调度会。",  # a rhythm of work, not of reporting
        "每季度开展一次督查。",
        "按月报送工作进展。",  # no day, no period's end
    ],
)
def test_rhythms_that_are_not_reporting_deadlines(sentence: str) -> None:
    got = read("关于某事的通知", sentence, CONTACT, "2022年3月1日")
    assert got.deadlines == []
    assert codes(got) == ["no_deadlines"]

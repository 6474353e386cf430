"""A task's time limit (完成时限): the phrase → the last day it allows, and the phrase in a task's text."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.importer import parse_bytes
from bot.importer.due import due_in_text, parse_due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        # the year's end
        ("年内", date(2023, 12, 31)),
        ("年底前", date(2023, 12, 31)),
        ("年底前完成", date(2023, 12, 31)),
        ("全年", date(2023, 12, 31)),
        ("年末", date(2023, 12, 31)),
        ("本年度", date(2023, 12, 31)),
        ("下半年", date(2023, 12, 31)),
        # a month
        ("6月底前", date(2023, 6, 30)),
        ("6月前", date(2023, 6, 30)),
        ("6月底", date(2023, 6, 30)),
        ("6月份", date(2023, 6, 30)),
        ("2月底前", date(2023, 2, 28)),
        ("十月底前", date(2023, 10, 31)),
        ("十二月底前完成", date(2023, 12, 31)),
        ("11月中旬", date(2023, 11, 20)),
        ("9月上旬前", date(2023, 9, 10)),
        # a day
        ("6月15日前", date(2023, 6, 15)),
        ("8月31号前", date(2023, 8, 31)),
        ("三月二十日前", date(2023, 3, 20)),
        ("2023-09-30", date(2023, 9, 30)),
        ("2024.3.1", date(2024, 3, 1)),
        # quarters and halves
        ("三季度末", date(2023, 9, 30)),
        ("第三季度", date(2023, 9, 30)),
        ("一季度内", date(2023, 3, 31)),
        ("前三季度", date(2023, 9, 30)),
        ("第4季度", date(2023, 12, 31)),
        ("上半年", date(2023, 6, 30)),
        ("年中", date(2023, 6, 30)),
        # an explicit year wins; a range ends with its last year
        ("2021年12月底前完成", date(2021, 12, 31)),
        ("2022年底", date(2022, 12, 31)),
        ("2024年6月30日前", date(2024, 6, 30)),
        ("2024年上半年", date(2024, 6, 30)),
        ("2025年", date(2025, 12, 31)),
        ("2024年度", date(2024, 12, 31)),
        ("2021—2022年", date(2022, 12, 31)),
        ("2021-2025年", date(2025, 12, 31)),
        ("2022年至2024年", date(2024, 12, 31)),
        ("次年3月底前", date(2024, 3, 31)),
        ("明年底前", date(2024, 12, 31)),
        ("次年6月", date(2024, 6, 30)),
        ("2021-2022", date(2022, 12, 31)),
        ("2024.11", date(2024, 11, 30)),
        ("2024-02", date(2024, 2, 29)),
        ("2021年3月底前完成方案，2022年底前全部完成", date(2022, 12, 31)),
        # a phrase inside more words; several limits: the last day allowed
        ("年内持续推进", date(2023, 12, 31)),
        ("2021年6月底前完成主体工程", date(2021, 6, 30)),
        ("6月底前完成方案，年底前全面建成", date(2023, 12, 31)),
        ("国务院各部门分别负责，年内持续推进", date(2023, 12, 31)),
        # full-width digits and punctuation
        ("６月３０日前", date(2023, 6, 30)),
        ("２０２２年１２月底前完成", date(2022, 12, 31)),
        ("２０２１－２０２２年", date(2022, 12, 31)),
    ],
)
def test_phrase_to_the_last_day_it_allows(phrase: str, due: date) -> None:
    assert parse_due(phrase, year=2023) == due


@pytest.mark.parametrize(
    "phrase",
    [
        "长期坚持",
        "持续推进",
        "长期",
        "常态化推进",
        "每月",
        "每季度",
        "按进度推进",
        "立即",
        "",
        "2月30日前",
        "2024.13",
    ],
)
def test_open_recurring_or_unreadable_limits_have_no_day(phrase: str) -> None:
    assert parse_due(phrase, year=2023) is None


def test_the_year_given_is_the_plans() -> None:
    assert parse_due("6月底前", year=2021) == date(2021, 6, 30)
    assert parse_due("2月底前", year=2024) == date(2024, 2, 29)  # a leap year


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("完成老旧小区改造10个，6月底前完成", "6月底前完成"),
        ("推动规上工业增加值增长6%，年内完成", "年内完成"),
        ("2021年6月底前完成主体工程建设", "2021年6月底前"),
        ("确保三季度末前投用", "三季度末前投用"),
        ("推进项目建设(2021年12月底前)", "2021年12月底前"),
        ("6月底前完成方案编制，年底前全面建成", "年底前全面建成"),
        ("年底建成5G基站100个", "年底"),
        ("持续优化营商环境，长期坚持", "长期坚持"),
        ("深化放管服改革（持续推进）", "持续推进"),
        ("完成背街小巷整治，第3季度末前完成。", "第3季度末前完成"),
        ("新建充电桩200个，１１月１５日前完成", "11月15日前完成"),
        ("启动二期工程，明年底前建成", "明年底前建成"),
    ],
)
def test_a_time_limit_in_the_tasks_text(text: str, phrase: str) -> None:
    assert due_in_text(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "全区地区生产总值增长6%",  # a target's figure
        "全年实现GDP增长6%以上",  # the year's target, not a time limit
        "截至6月底，完成投资50亿元",  # a cut-off
        "每月25日前报送进展情况",  # a reporting rhythm
        "比十年前增长一倍",
        "三年内建成示范区",  # a span of years, not this year
        "到2025年，建成国家中心城市",  # a horizon
        "坚持长期主义，优化产业结构",  # 长期 inside a clause
        "推动2021年度重点项目开工",
        "居民收入较上年底增长8%",  # last year's end: a base of comparison
        "去年末完成的项目全部投用",
    ],
)
def test_no_time_limit_where_the_text_states_none(text: str) -> None:
    assert due_in_text(text) is None


# --- the parser's post-pass: every task's limit, in the notice's year ---------------------


def _notice(*head: str) -> bytes:
    body = [
        "一、重点工作",
        "1、新建口袋公园5个，6月底前完成（牵头单位：区城管局）",
        "2、推进垃圾分类，长期坚持（牵头单位：区城管局；配合单位：各街道）",
        "3、城镇新增就业1.2万人（牵头单位：区人社局）",
    ]
    return "\n".join([*head, "", *body]).encode()


def test_a_notice_gives_each_task_its_limit_in_the_notices_year() -> None:
    plan = parse_bytes(
        _notice("关于印发重点工作的通知", "请于7月10日前报送。", "2024年2月1日"), "n.txt"
    )
    got = [(t.code, t.due_text, t.due) for t in plan.tasks]
    assert got == [
        ("一.1", "6月底前完成", date(2024, 6, 30)),
        ("一.2", "长期坚持", None),
        ("一.3", None, None),
    ]
    first = plan.to_json()["tasks"][0]
    assert (first["due"], first["due_text"]) == ("2024-06-30", "6月底前完成")


def test_an_undated_notice_takes_the_year_of_its_first_deadline() -> None:
    plan = parse_bytes(_notice("关于印发重点工作的通知", "请于2025年7月10日前报送。"), "n.txt")
    assert plan.issued_on is None
    assert plan.tasks[0].due == date(2025, 6, 30)


def test_without_any_year_the_words_are_kept_and_no_day_is_guessed() -> None:
    plan = parse_bytes(_notice("关于印发重点工作的通知", "各单位要抓好落实。"), "n.txt")
    assert (plan.tasks[0].due_text, plan.tasks[0].due) == ("6月底前完成", None)
    assert plan.to_json()["tasks"][0]["due"] is None


def test_a_limit_before_the_notices_date_is_kept_with_a_warning() -> None:
    plan = parse_bytes(
        _notice("关于印发重点工作的通知", "请于7月10日前报送。", "2024年7月1日"), "n.txt"
    )
    assert plan.tasks[0].due == date(2024, 6, 30)
    (warning,) = [w for w in plan.warnings if w.code == "due_before_issue"]
    assert warning.params == {"code": "一.1", "due": "2024-06-30", "issued_on": "2024-07-01"}
    assert warning.where == plan.tasks[0].where


# --- any text: no exception, and only what the text says ---------------------------------

_WORDS = "年 月 日 底 末 前 内 季度 上半年 第 次年 长期坚持 ， （ ） 完成 截至 每 增长 % — - . ２"
_NUMBERS = "0 1 2 3 6 9 12 31 2021 2022 二 三 十 十二 三十一"
_PIECES = st.sampled_from(_WORDS.split() + _NUMBERS.split())


@given(st.lists(_PIECES, max_size=14).map("".join), st.integers(2000, 2099))
def test_any_text_gives_a_real_day_or_none(text: str, year: int) -> None:
    due = parse_due(text, year=year)
    assert due is None or date(2000, 1, 1) <= due <= date(2100, 12, 31)
    phrase = due_in_text(text)
    if phrase is not None:
        assert phrase in unicodedata.normalize("NFKC", text).replace("—", "-")

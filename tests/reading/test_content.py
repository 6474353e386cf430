"""Replies that name their tasks by content: short forms, figures deciding between tasks, a
report's own numbering, voice input, unsure matches and replies to a list naming no task."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.reading import read_reply
from bot.reading.content import clauses, expand
from bot.reading.reader import read_strict
from db.enums import ReportStatus
from tests.reading.support import GROWTH, LEVEL, task

GDP = replace(task("一.1", ("地区生产总值", "%", GROWTH)), text="地区生产总值增长6%左右")
RETAIL = replace(
    task("一.4", ("社会消费品零售总额", "%", GROWTH)), text="社会消费品零售总额增长7%左右"
)
DAPING = replace(
    task("四.17", ("新增潮流时尚品牌", "个", LEVEL), ("社会消费品零售总额", "亿元", LEVEL)),
    text="大坪商圈，支持商贸扩容，新增潮流时尚品牌50个，社会消费品零售总额达到210亿元",
)
FIRMS = replace(task("二.9", ("新增市场主体", "万户", LEVEL)), text="新增市场主体1.2万户以上")
SEWER = replace(task("六.15"), text="统筹推进排水管网建设和雨污分流改造")
PIPES = replace(task("六.16"), text="加快燃气管网改造和排水设施维护")
DEPT = [GDP, RETAIL, DAPING, FIRMS, SEWER]


def codes(text: str, tasks: list = DEPT, **kw: object) -> list[tuple[str, object, dict]]:
    reading = read_reply(text, tasks, **kw)  # type: ignore[arg-type]
    return [(t.code, t.status, {f.subject: f.value for f in t.figures}) for t in reading.tasks]


def test_short_forms_name_the_task_and_the_figure_picks_between_two() -> None:
    assert "社会消费品零售总额" in expand("社零") and "地区生产总值" in expand("gdp增速")
    assert codes("社零同比增长8.2%") == [("一.4", None, {"社会消费品零售总额": 8.2})]
    # the same words with a level in 亿元 are the task whose target is in 亿元
    assert codes("社零完成118亿元，序时推进") == [
        ("四.17", ReportStatus.ON_TRACK, {"社会消费品零售总额": 118})
    ]
    assert codes("GDP增长6.4%，序时推进；新增市场主体6800户") == [
        ("一.1", ReportStatus.ON_TRACK, {"地区生产总值": 6.4}),
        ("二.9", None, {"新增市场主体": 0.68}),
    ]


def test_a_report_numbering_is_its_structure_not_the_notice_codes() -> None:
    text = "关于上半年工作的报告\n一、市场主体：新增7200户，序时推进。\n二、地区生产总值增长6.3%。"
    assert codes(text) == [
        ("二.9", ReportStatus.ON_TRACK, {"新增市场主体": 0.72}),
        ("一.1", None, {"地区生产总值": 6.3}),
    ]


def test_voice_input_without_punctuation_is_cut_after_each_status() -> None:
    text = "地区生产总值增长百分之六点二序时推进新增市场主体六千八百户进度滞后"
    assert codes(text) == [
        ("一.1", ReportStatus.ON_TRACK, {"地区生产总值": 6.2}),
        ("二.9", ReportStatus.BEHIND, {"新增市场主体": 0.68}),
    ]
    # a status word that starts its clause does not end it: 完成投资3亿元 is one clause
    assert [text_[a:b] for text_ in ["完成投资3亿元"] for a, b in clauses(text_, 0, 7)] == [
        "完成投资3亿元"
    ]


def test_an_unsure_match_offers_the_others_and_a_choice_settles_it() -> None:
    tasks = [SEWER, PIPES]
    reading = read_reply("排水管网改造已完成", tasks)
    [t] = reading.tasks
    assert t.unsure and t.code == "六.15" and t.candidates == ("六.16",) and t.at == 0
    chosen = read_reply("排水管网改造已完成", tasks, assign={t.at: PIPES.task_id})
    [c] = chosen.tasks
    assert (c.code, c.status, c.unsure) == ("六.16", ReportStatus.DONE, False)
    # a sure match is not unsure
    [sure] = read_reply("雨污分流改造已完成", tasks).tasks
    assert (sure.code, sure.unsure) == ("六.15", False)


def test_naming_a_task_without_saying_anything_is_no_report() -> None:
    reading = read_reply("明天去看雨污分流改造现场", DEPT)
    assert reading.tasks == () and "雨污分流" in reading.unattributed


def test_a_reply_to_several_tasks_naming_none_asks_which() -> None:
    scope = [GDP.task_id, FIRMS.task_id, SEWER.task_id]
    reading = read_reply("已完成", DEPT, scope=scope)
    assert reading.tasks == () and reading.ask == ("一.1", "二.9", "六.15")
    # naming one by its content needs no question
    assert codes("市场主体新增1.3万户，已完成", scope=scope) == [
        ("二.9", ReportStatus.DONE, {"新增市场主体": 1.3})
    ]
    # saying nothing at all asks nothing
    assert read_reply("收到", DEPT, scope=scope).ask == ()


def test_a_code_is_kept_and_content_after_it_starts_another_task_only_when_sure() -> None:
    assert codes("二.9 新增市场主体5600户；GDP增长6.2%") == [
        ("二.9", None, {"新增市场主体": 0.56}),
        ("一.1", None, {"地区生产总值": 6.2}),
    ]


def test_long_content_replies_are_read() -> None:
    text = "社零增长8.2%，序时推进；雨污分流改造已完成😀\n" * 1500
    reading = read_strict(text, DEPT)
    assert [t.code for t in reading.tasks] == ["一.4", "六.15"]


def test_a_list_number_before_words_about_another_task_is_numbering() -> None:
    # 一.1 is the one task numbered 1, but the words after "1." are about 二.9
    reading = read_reply("1.新增市场主体6800户\n2.GDP增长6.3%", DEPT)
    assert [(t.code, {f.subject: f.value for f in t.figures}) for t in reading.tasks] == [
        ("二.9", {"新增市场主体": 0.68}),
        ("一.1", {"地区生产总值": 6.3}),
    ]
    assert reading.unattributed == ""


def test_the_words_right_after_a_code_belong_to_the_code() -> None:
    reading = read_reply("二.9 GDP增长6.2%", DEPT)
    assert [t.code for t in reading.tasks] == ["二.9"]


def test_a_reply_to_one_task_leaves_it_only_for_words_surely_about_another() -> None:
    reading = read_reply("社零增长8%，新增市场主体6800户", DEPT, scope=[RETAIL.task_id])
    assert [(t.code, {f.subject: f.value for f in t.figures}) for t in reading.tasks] == [
        ("一.4", {"社会消费品零售总额": 8}),
        ("二.9", {"新增市场主体": 0.68}),
    ]
    [t] = read_reply("已完成", DEPT, scope=[RETAIL.task_id]).tasks
    assert (t.code, t.status) == ("一.4", ReportStatus.DONE)


def test_words_alone_name_a_task_only_when_sure() -> None:
    from bot.reading import named_by_content

    assert named_by_content("社零", [GDP, RETAIL, FIRMS]) is RETAIL
    assert named_by_content("社零", DEPT) is None  # 一.4 or 四.17: both have it
    assert named_by_content("雨污分流", DEPT) is SEWER
    assert named_by_content("排水管网改造", [SEWER, PIPES]) is None  # either of two
    assert named_by_content("", DEPT) is None


def test_a_heading_is_settled_by_the_figure_in_the_words_after_it() -> None:
    assert codes("社零：1-6月累计增长9.3%，序时推进") == [
        ("一.4", ReportStatus.ON_TRACK, {"社会消费品零售总额": 9.3})
    ]
    assert codes("社零：完成185亿元") == [("四.17", None, {"社会消费品零售总额": 185})]
    [t] = read_reply("社零：序时推进", DEPT).tasks
    assert t.unsure and {t.code, *t.candidates} == {"一.4", "四.17"}


def test_a_figure_goes_to_the_target_whose_words_it_shares_most() -> None:
    brands = replace(
        task("三.9", ("引进国际知名品牌", "个", LEVEL), ("首店品牌", "个", LEVEL)),
        text="引进国际知名品牌10个、首店品牌30个以上",
    )
    [t] = read_reply("国际知名品牌仅引进3个；首店品牌引进19个", [brands, FIRMS]).tasks
    assert {f.subject: f.value for f in t.figures} == {"引进国际知名品牌": 3, "首店品牌": 19}


words = st.lists(
    st.sampled_from(
        [
            "社零",
            "GDP",
            "增长",
            "8.2%",
            "新增市场主体",
            "6800户",
            "雨污分流",
            "改造",
            "序时推进",
            "已完成",
            "滞后",
            "一、",
            "（二）",
            "1.",
            "二.9",
            "亿元",
            "118",
            "，",
            "；",
            "。",
            "\n",
            " ",
            "：",
            "😀",
            "排水",
            "管网",
            "均",
            "百分之六点二",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=words, scoped=st.integers(min_value=0, max_value=3), pick=st.integers(0, 200))
def test_content_reading_never_raises_and_never_loses_the_message(
    text: str, scoped: int, pick: int
) -> None:
    tasks = [*DEPT, PIPES]
    scope = [t.task_id for t in tasks[:scoped]] or None
    reading = read_strict(text, tasks, scope=scope, assign={pick: PIPES.task_id})
    said_something = any(c.isalnum() for c in text)
    assert reading.tasks or reading.unattributed or not said_something
    for t in reading.tasks:
        assert t.code not in t.candidates


def test_the_rest_of_the_tasks_replied_to_and_office_status_words() -> None:
    scope = [GDP.task_id, FIRMS.task_id, SEWER.task_id]
    reading = read_reply("二.9 已完成，其余两项正常推进", DEPT, scope=scope)
    assert {t.code: t.status for t in reading.tasks} == {
        "二.9": ReportStatus.DONE,
        "一.1": ReportStatus.ON_TRACK,
        "六.15": ReportStatus.ON_TRACK,
    }
    [behind] = read_reply("雨污分流改造进度之后，下月加快", DEPT).tasks  # voice input: 滞后
    assert behind.status is ReportStatus.BEHIND
    [going] = read_reply("雨污分流改造扎实开展", DEPT).tasks
    assert going.status is ReportStatus.ON_TRACK


def test_a_list_of_figures_is_cut_at_each_enumeration_comma() -> None:
    assert codes("新增市场主体6800户、GDP增长6.1%，均序时推进") == [
        ("二.9", ReportStatus.ON_TRACK, {"新增市场主体": 0.68}),
        ("一.1", ReportStatus.ON_TRACK, {"地区生产总值": 6.1}),
    ]


def test_words_every_one_of_a_few_tasks_has_make_an_unsure_match_among_them() -> None:
    green = [
        replace(task("三.2"), text="提速发展绿色金融、普惠金融"),
        replace(task("四.3"), text="深化打造绿色金融大道"),
        replace(task("四.4"), text="培育发展绿色金融等新经济业态"),
        SEWER,
    ]
    [t] = read_reply("绿色金融相关工作正常推进", green).tasks
    assert t.unsure and {t.code, *t.candidates} == {"三.2", "四.3", "四.4"}
    assert t.status is ReportStatus.ON_TRACK
    # one word in common is not enough to ask
    assert read_reply("金融工作正常推进", green).tasks == ()

"""``read_reply`` on hand-made task sets: references, scope, figures, notes and robustness."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.reading import Reading, TaskReading, read_reply, reading_as_json
from bot.reading.reader import read_strict
from db.enums import ReportStatus
from tests.reading.support import FINANCE, FIRMS, INSURED, LABS, PLAIN, TECH, task

DEPT = [TECH, LABS]


def only(reading: Reading) -> TaskReading:
    [one] = reading.tasks
    return one


def figures(t: TaskReading) -> dict[str, float]:
    return {f.subject: f.value for f in t.figures}


def test_the_issue_example_reads_two_tasks_with_converted_figures() -> None:
    text = "二.1 已完成，研发经费支出11.2亿元，新增发明专利215件；二.9 序时推进，新增市场主体6800户"
    reading = read_reply(text, [TECH, FIRMS])
    tech, firms = reading.tasks
    assert (tech.code, tech.status) == ("二.1", ReportStatus.DONE)
    assert figures(tech) == {"研发经费支出": 11.2, "新增发明专利": 215}
    assert (firms.code, firms.status) == ("二.9", ReportStatus.ON_TRACK)
    assert figures(firms) == {"新增市场主体": pytest.approx(0.68)}
    assert firms.figures[0].raw == "新增市场主体6800户"
    assert reading.unattributed == ""


@pytest.mark.parametrize(
    "ref",
    [
        "二.1",
        "2.1",
        "二、1",
        "二．1",
        "第二部分第1项",
        "第二部分第一项",
        "（二）1",
        "【二.1】",
        "二.1：",
        "二.1-",
    ],
)
def test_reference_forms(ref: str) -> None:
    assert only(read_reply(f"{ref} 已完成", DEPT)).code == "二.1"


@pytest.mark.parametrize("ref", ["19号任务", "第19项", "任务19", "19."])
def test_a_number_alone_when_only_one_task_has_it(ref: str) -> None:
    assert only(read_reply(f"{ref}已完成", DEPT)).code == "三.19"


def test_an_ambiguous_number_alone_is_no_reference() -> None:
    tasks = [task("六.9"), task("七.9")]
    reading = read_reply("9号任务已完成", tasks)
    assert reading.tasks == ()
    assert reading.unattributed == "9号任务已完成"


def test_a_code_of_another_department_is_kept_visible() -> None:
    reading = read_reply("二.1 已完成；五.2 序时推进", [TECH])
    assert only(reading).code == "二.1"
    assert reading.foreign_codes == ("五.2",)
    assert reading.unattributed == "五.2 序时推进"


def test_references_side_by_side_share_what_follows() -> None:
    reading = read_reply("二.1、三.19均序时推进", DEPT)
    assert [(t.code, t.status) for t in reading.tasks] == [
        ("二.1", ReportStatus.ON_TRACK),
        ("三.19", ReportStatus.ON_TRACK),
    ]


def test_reply_to_one_task_needs_no_reference() -> None:
    reading = read_reply("完成80%", DEPT, scope=[LABS.task_id])
    assert (only(reading).code, only(reading).percent, only(reading).status) == ("三.19", 80, None)


def test_reply_to_several_tasks_without_reference_attributes_nothing() -> None:
    reading = read_reply("已完成", DEPT, scope=[TECH.task_id, LABS.task_id])
    assert reading.tasks == ()
    assert reading.unattributed == "已完成"


def test_reply_to_several_tasks_with_all_of_them() -> None:
    reading = read_reply("都在序时推进", DEPT, scope=[TECH.task_id, LABS.task_id])
    assert {t.status for t in reading.tasks} == {ReportStatus.ON_TRACK}
    assert len(reading.tasks) == 2


def test_no_reference_and_no_scope() -> None:
    assert read_reply("已完成", DEPT).tasks == ()
    assert only(read_reply("已完成", [LABS])).status is ReportStatus.DONE


def test_several_targets_of_one_unit_are_told_apart_by_subject() -> None:
    t = only(read_reply("三.4 存贷款余额增长8.7%，保费收入增长15%，新增金融机构6家", [FINANCE]))
    assert figures(t) == {"存贷款余额": 8.7, "保费收入": 15, "新增市级以上金融机构": 6}
    assert t.percent is None


def test_respectively() -> None:
    t = only(read_reply("三.4 存贷款余额、保费收入分别增长9%、17%", [FINANCE]))
    assert figures(t) == {"存贷款余额": 9, "保费收入": 17}


def test_completion_percent_versus_ratio_figure() -> None:
    t = only(read_reply("七.2 参保率96.8%，完成进度60%", [INSURED]))
    assert figures(t) == {"养老保险、医疗保险参保率": 96.8}
    assert t.percent == 60


@pytest.mark.parametrize(
    ("said", "percent"), [("５５％", 55), ("百分之五十五", 55), ("五成", 50), ("过半", 50)]
)
def test_percent_forms(said: str, percent: float) -> None:
    assert only(read_reply(f"二.1 {said}", DEPT)).percent == percent


def test_a_figure_matching_no_target_stays_in_the_note() -> None:
    t = only(read_reply("八.4 已完成，新增公厕6座", [PLAIN]))
    assert t.status is ReportStatus.DONE
    assert t.figures == ()
    assert t.note == "新增公厕6座"


def test_a_gap_is_not_progress_and_negation_stays_in_the_note() -> None:
    t = only(read_reply("二.1 未完成，发明专利还差40件", DEPT))
    assert (t.status, t.figures) == (None, ())
    assert t.note == "未完成；发明专利还差40件"


def test_greetings_and_signatures_are_set_aside() -> None:
    text = "王主任好，二.1 序时推进，专利132件，主要困难是企业申报慢。\n——区科技局 李娜"
    reading = read_reply(text, DEPT)
    t = only(reading)
    assert t.note == "主要困难是企业申报慢"
    assert reading.unattributed == ""


def test_reading_as_json() -> None:
    reading = read_reply("二.1 已完成，专利215件；五.2 已完成", DEPT)
    assert reading_as_json(reading) == {
        "tasks": [
            {
                "code": "二.1",
                "status": "done",
                "percent": None,
                "figures": {"新增发明专利": 215.0},
                "note": "",
                "unsure": False,
                "candidates": [],
            }
        ],
        "unattributed": "五.2 已完成",
        "foreign_codes": ["五.2"],
        "ask": [],
    }


noisy = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(
            list("二三.、．1９%％万亿元户件家第部分项号任务完成滞后序时推进（）【】；，。\n 😀")
        ),
    ),
    max_size=400,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=noisy, scoped=st.booleans())
def test_never_raises_and_never_loses_the_message(text: str, scoped: bool) -> None:
    tasks = [TECH, LABS, FIRMS, FINANCE, INSURED, PLAIN]
    scope = [TECH.task_id] if scoped else None
    reading = read_strict(text, tasks, scope=scope)  # without the safety net
    reading_as_json(reading)
    said_something = any(c.isalnum() for c in text)
    assert reading.tasks or reading.unattributed or reading.foreign_codes or not said_something


def test_very_long_messages() -> None:
    text = "二.1 序时推进，专利12件😀；" * 2000 + "\x00\x07" + "三.19 已完成" * 500
    reading = read_strict(text, DEPT)
    assert [t.code for t in reading.tasks] == ["二.1", "三.19"]


def test_words_before_the_first_code_are_about_the_one_task_replied_to() -> None:
    reading = read_reply("已完成，另外三.19 序时推进", DEPT, scope=[TECH.task_id])
    assert [(t.code, t.status) for t in reading.tasks] == [
        ("二.1", ReportStatus.DONE),
        ("三.19", ReportStatus.ON_TRACK),
    ]
    # without a single task replied to, they belong to no task
    plain = read_reply("已完成，另外三.19 序时推进", DEPT)
    assert [t.code for t in plain.tasks] == ["三.19"] and "已完成" in plain.unattributed


def test_a_number_then_a_space_at_a_clause_start_names_the_one_task_with_it() -> None:
    reading = read_reply("19 尚未启动；1 序时推进", DEPT)
    assert [(t.code, t.status) for t in reading.tasks] == [
        ("三.19", ReportStatus.NOT_STARTED),
        ("二.1", ReportStatus.ON_TRACK),
    ]
    # a number and a unit is a quantity, not a task
    assert read_reply("3 个项目已完成", DEPT).tasks == ()


def test_codes_run_together_and_ranges_share_what_follows() -> None:
    tasks = [task(f"三.{n}") for n in (5, 6, 7, 15, 16, 17)]
    together = read_reply("三.5三.6三.7 均在有序推进", tasks)
    assert [(t.code, t.status) for t in together.tasks] == [
        ("三.5", ReportStatus.ON_TRACK),
        ("三.6", ReportStatus.ON_TRACK),
        ("三.7", ReportStatus.ON_TRACK),
    ]
    ranged = read_reply("三.15—三.17配合推进中", tasks)
    assert [t.code for t in ranged.tasks] == ["三.15", "三.16", "三.17"]
    assert {t.status for t in ranged.tasks} == {ReportStatus.ON_TRACK}


def test_a_closing_count_and_all_gives_every_task_the_status() -> None:
    reading = read_reply("二.1 新增发明专利96件；三.19 新增7家，以上两项均序时推进", DEPT)
    assert {t.code: t.status for t in reading.tasks} == {
        "二.1": ReportStatus.ON_TRACK,
        "三.19": ReportStatus.ON_TRACK,
    }


def test_part_done_and_part_going_is_not_done_unless_the_rest_is_other_tasks() -> None:
    mixed = read_reply("二.1 一期已完工，二期正在推进中", DEPT)
    assert only(mixed).status is ReportStatus.ON_TRACK
    others = read_reply("二.1 已办结，其余两项正常推进", DEPT)
    assert only(others).status is ReportStatus.DONE
    assert only(read_reply("二.1 主体已竣工", DEPT)).status is ReportStatus.DONE


def test_a_chinese_numeral_with_a_magnitude_inside() -> None:
    reading = read_reply("二.1 研发经费支出已达六亿八千万元", DEPT)
    assert figures(only(reading)) == {"研发经费支出": 6.8}

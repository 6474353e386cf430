"""Each notice layout the importer must read, from small hand-written samples in ``tests/data``.

The expectations are the spec: codes, units by role, targets, sections, categories, warnings.
Tables (CSV, and Word and Excel files built at test time) are in test_layouts_office.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as WordDocument

from bot.importer import NoticeError, parse_bytes, parse_path
from bot.importer.model import ParsedPlan
from bot.importer.readers import read_document
from tests.support.layouts import (
    AB,
    DATA,
    A,
    E,
    L,
    R,
    Targets,
    Units,
    assert_no_task_warnings,
    by_code,
    parse_file,
    sections_of,
    targets_of,
    units_of,
)
from tests.support.mutate import render
from tests.support.office import build_workbook, save


def line_no(name: str, needle: str) -> int:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# a) labelled lines: 一、/（一）/1. then 牵头单位：/责任单位：/配合单位： lines

LABELLED_UNITS: Units = {
    "一.1": (["区教委"], ["区发改委", "区住建委", "区规划自然资源局"]),
    "一.2": (["区教委"], []),
    "一.3": (["区卫健委", "区医保局"], ["区财政局"]),  # ASCII 牵头单位:A,B
    "一.4": (["区卫健委"], ["各街道办事处"]),  # only 责任单位: the first leads, the rest support
    "二.1": (["区人社局"], ["区财政局", "各街道办事处"]),  # 责任 beside 牵头 supports
    "二.2": (["区卫健委"], ["区教委", "区住建委"]),
    "二.3": (["区民政局", "区住建委"], ["各街道办事处"]),
    "三.1": (["区住建委"], ["区城发公司", "各街道办事处"]),
    "三.2": (["区交通局"], ["区城管局", "区城发公司"]),
}
LABELLED_TARGETS: Targets = {
    "一.1": [("新建改扩建中小学校", E, 4, "所", L), ("新增公办学位", E, 3600, "个", L)],
    "一.2": [("课后服务覆盖率", A, 100, "%", R)],
    "一.3": [("新建社区医院", E, 3, "家", L), ("完成基层医疗卫生机构标准化改造", E, 20, "个", L)],
    "一.4": [("老年人健康管理率", A, 72, "%", R)],
    "二.1": [("城镇新增就业", E, 1.8, "万人", L)],
    "二.2": [("新增普惠托位", E, 600, "个", L)],
    "二.3": [("改造提升城市社区嵌入式服务设施", E, 15, "处", L)],
    "三.1": [("完成老旧小区改造", E, 45, "个", L), ("惠及居民", E, 1.2, "万户", L)],
    "三.2": [("新增公共停车泊位", E, 3000, "个", L), ("新建公共充电桩", E, 800, "个", L)],
}
LABELLED_DEPARTMENTS = [
    "区教委", "区发改委", "区住建委", "区规划自然资源局", "区卫健委", "区医保局", "区财政局",
    "区人社局", "区民政局", "区城发公司", "区交通局", "区城管局",
]  # fmt: skip


def check_labelled(plan: ParsedPlan) -> None:
    assert units_of(plan) == LABELLED_UNITS
    assert targets_of(plan) == LABELLED_TARGETS
    assert sections_of(plan) == [
        ("一", "教育和健康", ["教育", "健康"]),
        ("二", "就业和社会保障", []),
        ("三", "城市宜居", []),
    ]
    tasks = by_code(plan)
    assert [tasks[c].category for c in ("一.1", "一.2", "一.3", "一.4", "二.1")] == [
        "教育", "教育", "健康", "健康", None,
    ]  # fmt: skip
    assert tasks["一.1"].text == "新建改扩建中小学校4所，新增公办学位3600个"
    assert tasks["二.1"].text == "城镇新增就业1.8万人，零就业家庭动态清零"
    assert plan.departments == LABELLED_DEPARTMENTS
    assert plan.groups == ["各街道办事处"]
    assert plan.deadlines == []
    assert_no_task_warnings(plan)


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("gb18030", "\n"), ("gbk", "\r\n"), ("utf-8-sig", "\r\n")],
)
def test_labelled_lines(encoding: str, newline: str) -> None:
    text = (DATA / "labelled.txt").read_text(encoding="utf-8").replace("\n", newline)
    plan = parse_bytes(text.encode(encoding), "labelled.txt")
    check_labelled(plan)
    assert by_code(plan)["一.1"].where == f"L{line_no('labelled.txt', '1.新建改扩建')}"


def test_labelled_lines_as_word_paragraphs() -> None:
    doc = WordDocument()
    lines = (DATA / "labelled.txt").read_text(encoding="utf-8").split("\n")
    for line in lines:
        if line.startswith(("一、", "二、", "三、")):
            doc.add_heading(line, level=1)
        else:
            doc.add_paragraph(line)  # blank lines too: empty spacer paragraphs
    plan = parse_bytes(save(doc), "paragraphs.docx")
    check_labelled(plan)
    assert plan.fmt == "docx"
    # P<n> counts paragraphs that have text: 标题, 说明, 一、, （一）, then the first task
    assert by_code(plan)["一.1"].where == "P5"


def test_configured_aliases_and_groups_apply() -> None:
    text = "一、综合事项\n1.完成年度重点改革任务8项\n牵头单位：经信委\n配合单位：招商引资工作专班\n"
    plan = parse_bytes(
        text.encode(), "inline.txt", aliases={"经信委": "区经信委"}, groups=["招商引资工作专班"]
    )
    assert units_of(plan) == {"一.1": (["区经信委"], ["招商引资工作专班"])}
    assert plan.departments == ["区经信委"]
    assert plan.groups == ["招商引资工作专班"]
    assert plan.aliases == {"经信委": "区经信委"}


# b) units in trailing brackets ［…］ and parentheses （…）, numbering 1、


def test_trailing_brackets() -> None:
    plan = parse_file("brackets.txt")
    assert units_of(plan) == {
        "一.1": (["市大数据局"], ["市通信发展办", "市住建局"]),
        "一.2": (["市大数据局"], ["市财政局"]),
        "一.3": (["市大数据局", "市政务服务办"], ["市发改委"]),
        "一.4": (["市委网信办"], ["市公安局"]),
        "二.1": (["市政务服务办"], ["各区、市有关部门"]),
        "二.2": (["市城管局"], ["市大数据局", "市应急局"]),
        "二.3": (["市人社局"], []),
        "二.4": (["市统计局"], ["市大数据局", "市经信局"]),  # ASCII (牵头单位:A;配合单位:B,C)
    }
    assert targets_of(plan) == {
        "一.1": [("新建移动通信基站", E, 600, "个", L), ("重点场所网络覆盖率", A, 99, "%", R)],
        "一.3": [("新增共享数据目录", E, 1500, "条", L)],
        "二.1": [("可网办率", A, 95, "%", R)],
        "二.3": [("开展数字技能提升培训", E, 2, "万人次", L)],
    }
    tasks = by_code(plan)
    assert tasks["一.1"].text == "新建移动通信基站600个，重点场所网络覆盖率达到99%以上"
    assert tasks["一.2"].text == "建成市级政务云平台扩容工程"
    assert tasks["二.4"].text == "建立数字经济统计监测制度"
    assert sections_of(plan) == [("一", "夯实数字基础设施", []), ("二", "提升数字服务能力", [])]
    assert plan.groups == ["各区、市有关部门"]
    assert plan.departments[:3] == ["市大数据局", "市通信发展办", "市住建局"]
    assert len(plan.departments) == 13
    assert_no_task_warnings(plan)


def test_parse_path_matches_parse_bytes() -> None:
    assert parse_path(DATA / "brackets.txt").to_json() == parse_file("brackets.txt").to_json()


# c) units in prose after the task: （A牵头，B配合） / 由A牵头，B、C配合。 / A负责。


def test_units_in_prose() -> None:
    plan = parse_file("prose.txt")
    assert units_of(plan) == {
        "一.1": (["市政务服务办"], ["各区、市有关部门"]),
        "一.2": (["市市场监管局"], ["市政务服务办"]),
        "一.3": (["市财政局"], ["各区、市有关部门"]),
        "二.1": (["市教育局"], ["市卫健委", "市体育局"]),
        "二.2": (["市民政局"], []),
        "二.3": (["市民政局"], ["市卫健委", "市财政局"]),
        "二.4": (["市文广旅局"], []),
    }
    assert targets_of(plan) == {
        "一.1": [("新增集成办理事项", E, 25, "项", L)],
        "一.3": [("惠企政策资金兑现", A, 30, "亿元", L)],
        "二.1": [("学生体质健康达标率", A, 92, "%", R)],
        "二.3": [("新增养老床位", AB, 1500, "张", L)],
        "二.4": [("举办群众文化活动", A, 2000, "场", L)],
    }
    tasks = by_code(plan)
    # the unit clause and the sentence's closing 。 are not part of the task's words
    assert tasks["一.1"].text == "深化“高效办成一件事”改革，新增集成办理事项25项"
    assert tasks["二.1"].text == "推进中小学生健康促进行动，学生体质健康达标率达到92%以上"
    assert tasks["二.2"].text == "完善困难群众救助帮扶机制，实现低收入人口动态监测全覆盖"
    assert sections_of(plan) == [("一", "提升政务服务效能", []), ("二", "优化公共服务", [])]
    assert plan.groups == ["各区、市有关部门"]
    assert plan.departments == [
        "市政务服务办", "市市场监管局", "市财政局", "市教育局", "市卫健委", "市体育局",
        "市民政局", "市文广旅局",
    ]  # fmt: skip
    assert_no_task_warnings(plan)


# h) a text export cut off in the middle of its last row


def test_truncated_notice_keeps_complete_tasks_and_points_at_the_cut_one() -> None:
    plan = parse_file("truncated.txt")
    assert units_of(plan) == {
        "一.1": (["清溪高新区管委会"], []),
        "一.2": (["临港物流园管委会", "区交通局"], []),
        "一.3": (["滨江商务区管委会"], []),
        "二.1": (["区卫健委"], []),
        "二.2": (["区住建委"], []),
        "二.3": (["区文旅委"], []),
    }
    assert targets_of(plan)["二.2"] == [("完成城南片区棚户区改造", E, 1200, "户", L)]
    cut = f"L{line_no('truncated.txt', '4.推进城北污水处理厂')}"
    assert [w for w in plan.warnings if w.where == cut] != []
    contact = plan.contact
    assert (contact.name, contact.phone, contact.email) == ("林晓", "68529033", None)
    assert [d.due.isoformat() for d in plan.deadlines] == ["2026-07-05", "2026-12-20"]
    assert plan.issued_on is not None and plan.issued_on.isoformat() == "2026-03-25"


# i) files that are not notices

NOISE = random.Random(20260318).randbytes(4096)
NOTICE_ONLY = (
    "清溪区人民政府办公室关于做好2026年防汛工作的通知\n区政府各部门，各街道办事处：\n"
    "请各单位高度重视汛期安全，落实值班值守制度，确保安全度汛。\n"
    "澜州市清溪区人民政府办公室\n2026年4月2日\n"
)


def word_memo() -> bytes:
    doc = WordDocument()
    doc.add_paragraph("关于调整会议时间的说明")
    doc.add_paragraph("原定于本周五召开的专题会议调整至下周一上午，请相互转告。")
    return save(doc)


def number_sheet() -> bytes:
    rows = [tuple(float(r * 10 + c) for c in range(5)) for r in range(1, 9)]
    return build_workbook(rows, [], "Sheet1")


@pytest.mark.parametrize(
    ("name", "make", "codes"),
    [
        ("empty.txt", lambda: b"", {"empty_file", "no_tasks"}),
        ("blank.csv", lambda: b" \r\n\r\n", {"empty_file", "no_tasks"}),
        ("noise.txt", lambda: NOISE, {"binary_file", "unknown_encoding", "no_tasks"}),
        ("noise.csv", lambda: NOISE, {"binary_file", "unknown_encoding", "no_tasks"}),
        ("noise.docx", lambda: NOISE, {"corrupt_file", "legacy_or_encrypted"}),
        ("noise.xlsx", lambda: NOISE, {"corrupt_file", "legacy_or_encrypted"}),
        ("tasks.pdf", lambda: b"%PDF-1.7\n", {"unsupported_format"}),
        ("memo.docx", word_memo, {"no_tasks"}),
        ("numbers.xlsx", number_sheet, {"no_tasks", "no_columns"}),
        ("notice_only.txt", lambda: NOTICE_ONLY.encode("utf-8"), {"no_tasks"}),
    ],
)
def test_files_that_are_not_notices_raise_notice_error(
    name: str, make: Callable[[], bytes], codes: set[str]
) -> None:
    with pytest.raises(NoticeError) as caught:
        parse_bytes(make(), name)
    assert caught.value.code in codes
    assert caught.value.where or caught.value.params  # something the message can name


def test_tasks_without_any_heading_form_one_untitled_section() -> None:
    text = "关于2026年为民办实事项目的通知\n1.新建公办幼儿园2所\n牵头单位：区教委\n2.改造农贸市场3个\n牵头单位：区商务委\n"
    plan = parse_bytes(text.encode(), "list.txt")
    assert [(t.code, t.section) for t in plan.tasks] == [("1", ""), ("2", "")]
    assert [(s.numeral, s.title) for s in plan.sections] == [("", "")]


def test_a_task_before_the_first_heading_is_kept() -> None:
    text = (
        "清河区2026年任务清单\n1、新建学校4所（牵头单位：区教委）\n"
        "二、城市建设\n1、新增停车泊位300个（牵头单位：区交通局）\n"
    )
    plan = parse_bytes(text.encode(), "list.txt")
    assert [(t.code, t.lead) for t in plan.tasks] == [("1", ["区教委"]), ("二.1", ["区交通局"])]
    assert plan.title == "清河区2026年任务清单"


def test_a_unit_cell_that_is_really_a_sentence_is_not_a_department() -> None:
    sentence = "由区里统筹各方面力量共同推进并定期向区政府报告工作进展情况同时做好宣传引导和舆情应对等相关工作的有关单位"
    text = f"任务清单\n\n\t任务内容\n\t牵头责任单位\n\n\t一、民生\n\n\t1.新建学校4所\n\t区教委\n{sentence}\n\n"
    plan = parse_bytes(text.encode(), "t.txt")
    assert plan.tasks[0].lead == ["区教委"]
    assert all(len(n) <= 40 for n in plan.departments + plan.groups)
    assert "unit_name_too_long" in {w.code for w in plan.warnings}


def test_tasks_numbered_again_under_each_sub_heading_get_nested_codes() -> None:
    plan = parse_path(DATA / "nested.txt")
    assert [t.code for t in plan.tasks] == ["一.1.1", "一.1.2", "一.2.1", "二.1.1"]
    assert [t.category for t in plan.tasks] == [
        "工业源治理",
        "工业源治理",
        "移动源治理",
        "城镇污水",
    ]
    assert plan.tasks[1].targets[0].value == 40
    assert (plan.tasks[3].lead, plan.tasks[3].support) == (["市水务局"], ["市住建局"])
    assert not {"duplicate_task_code", "numbering_gap"} & {w.code for w in plan.warnings}


# --- paragraph blocks: units, leader and time limit wherever the block states them -------------


def read_text(text: str, **settings: bool) -> ParsedPlan:
    return parse_bytes(text.encode(), "notice.txt", **settings)


def test_paren_tasks_carry_units_when_units_attach_to_them() -> None:
    plan = read_text(
        "任务分工\n\n一、稳增长\n（一）扩大有效投资。（区发改委牵头，区财政局配合）\n"
        "（二）提振消费。\n牵头单位：区商务局\n二、惠民生\n（一）新增就业8000人。（区人社局负责）\n"
    )
    assert units_of(plan) == {
        "一.1": (["区发改委"], ["区财政局"]),
        "一.2": (["区商务局"], []),
        "二.1": (["区人社局"], []),
    }
    assert [s.numeral for s in plan.sections] == ["一", "二"]


def test_paren_headings_without_a_top_level_still_head_sections() -> None:
    plan = read_text(
        "任务分工\n\n（一）教育\n1.新建学校2所\n牵头单位：区教委\n（二）健康\n1.新建医院1家\n牵头单位：区卫健委\n"
    )
    assert [t.code for t in plan.tasks] == ["一.1", "二.1"]
    assert [s.title for s in plan.sections] == ["教育", "健康"]


def test_paren_tasks_with_no_headings_are_numbered_alone() -> None:
    plan = read_text(
        "任务分工\n\n（一）扩大投资。（区发改委牵头）\n（二）提振消费。（区商务局牵头）\n"
    )
    assert [t.code for t in plan.tasks] == ["1", "2"]


def test_one_numbering_running_on_across_sections_keeps_its_numbers_without_gap_warnings() -> None:
    plan = read_text(
        "任务分工\n\n一、产业\n（一）制造\n1、技改项目8个\n牵头单位：区经信局\n（二）服务\n2、新增商贸企业40家\n"
        "牵头单位：区商务局\n二、民生\n（一）教育\n3、新建幼儿园3所\n牵头单位：区教育局\n"
    )
    assert [t.code for t in plan.tasks] == ["一.1", "一.2", "二.3"]
    assert [t.category for t in plan.tasks] == ["制造", "服务", "教育"]
    assert "numbering_gap" not in {w.code for w in plan.warnings}


def test_leader_and_time_limit_lines_after_a_task() -> None:
    plan = read_text(
        "分工方案\n\n一、扩内需\n（一）扩大投资。\n分管领导：周文澜\n"
        "部门分工：省发展改革委牵头，各地、各部门配合。\n完成时限：12月底前\n"
    )
    task = plan.tasks[0]
    assert (task.lead, task.support) == (["省发展改革委"], ["各地", "各部门"])
    assert (task.leader, task.due_text) == ("周文澜", "12月底前")
    assert "周文澜" not in plan.departments + plan.groups


def test_a_labelled_clause_inside_the_task_line() -> None:
    plan = read_text(
        "清单\n\n一、城建\n1.改造老旧小区45个。牵头单位：区住建委；配合单位：区财政局\n"
    )
    task = plan.tasks[0]
    assert (task.lead, task.support) == (["区住建委"], ["区财政局"])
    assert task.text == "改造老旧小区45个"


def test_a_prose_line_after_a_task_names_its_units() -> None:
    plan = read_text("清单\n\n一、城建\n1.改造老旧小区45个\n区住建委牵头，区财政局、各街道配合。\n")
    assert units_of(plan) == {"一.1": (["区住建委"], ["区财政局", "各街道"])}


def test_a_time_limit_alone_in_the_tasks_parenthesis() -> None:
    plan = read_text(
        "清单\n\n一、城建\n1.改造老旧小区45个（2026年12月底前完成）\n牵头单位：区住建委\n"
    )
    task = plan.tasks[0]
    assert (task.lead, task.due_text, task.text) == (
        ["区住建委"],
        "2026年12月底前完成",
        "改造老旧小区45个",
    )


def test_a_closing_sentence_is_not_read_as_units_of_the_last_task() -> None:
    plan = read_text(
        "清单\n\n一、城建\n1.改造老旧小区45个\n牵头单位：区住建委\n\n各地各部门要按照职责分工负责落实。\n"
    )
    assert units_of(plan) == {"一.1": (["区住建委"], [])}


@pytest.mark.parametrize(("first_unit_leads", "lead"), [(True, ["区城管局"]), (False, None)])
def test_first_unit_leads_only_when_no_role_is_named(first_unit_leads: bool, lead: object) -> None:
    text = (
        "清单\n\n一、市容\n1.整治背街小巷\n责任单位：区城管局、区住建局\n"
        "2.新增绿道\n责任单位：区园林局、区城管局\n配合单位：各街道\n"
    )
    plan = read_text(text, first_unit_leads=first_unit_leads)
    first, second = plan.tasks
    if lead is None:
        assert (first.lead, first.support) == (["区城管局", "区住建局"], [])
    else:
        assert (first.lead, first.support) == (lead, ["区住建局"])
    assert (second.lead, second.support) == (["区园林局", "区城管局"], ["各街道"])


def test_each_section_has_its_own_task_level() -> None:
    plan = read_text(
        "任务分工\n\n一、稳增长\n（一）扩大有效投资。（区发改委牵头）\n（二）提振消费。（区商务局牵头）\n"
        "二、惠民生\n（一）教育\n1.新建学校2所\n牵头单位：区教委\n2.新增学位900个\n牵头单位：区教委\n"
        "（二）健康\n1.新建医院1家\n牵头单位：区卫健委\n"
    )
    assert [t.code for t in plan.tasks] == ["一.1", "一.2", "二.1.1", "二.1.2", "二.2.1"]
    assert [t.category for t in plan.tasks] == [None, None, "教育", "教育", "健康"]


def test_top_level_lines_that_end_with_units_are_the_tasks() -> None:
    plan = read_text(
        "重点任务\n\n一、扩大有效投资，完成投资180亿元。（区发改委牵头，区财政局配合）\n"
        "二、新增城镇就业8000人。（区人社局负责，年内完成）\n"
    )
    assert units_of(plan) == {"1": (["区发改委"], ["区财政局"]), "2": (["区人社局"], [])}
    assert plan.tasks[1].due_text == "年内完成"


def test_by_whom_after_a_comma_in_the_last_sentence() -> None:
    plan = read_text("清单\n\n一、城建\n1.改造老旧小区45个，由区住建委牵头，区财政局配合。\n")
    task = plan.tasks[0]
    assert (task.text, task.lead, task.support) == ("改造老旧小区45个", ["区住建委"], ["区财政局"])


PARAGRAPH_CORPUS = sorted((DATA / "notices").glob("p-*.txt"))


@pytest.mark.parametrize("path", PARAGRAPH_CORPUS, ids=[p.stem for p in PARAGRAPH_CORPUS])
def test_paragraph_notices_read_the_same_from_word(path: Path) -> None:
    """The corpus's paragraph notices saved as Word paragraphs: the same tasks, units, leaders
    and time limits as from the text file."""

    def reading(plan: ParsedPlan) -> list[tuple[object, ...]]:
        return [(t.code, t.lead, t.support, t.leader, t.due_text) for t in plan.tasks]

    text = parse_path(path)
    word = parse_bytes(render(read_document(path.read_bytes(), path.name), "docx"), "n.docx")
    assert reading(word) == reading(text)


def test_units_as_the_last_sentence_with_a_role_mark_and_a_wrapped_list() -> None:
    plan = read_text(
        "任务\n\n一、工作\n1.推进政务公开。区政府办（牵头）、区政务服务局、区司法局\n"
        "2.加强审计监督。区审计局\n3.新建公园3个。\n牵头单位：区城管局\n配合单位：区住建局、\n区财政局\n"
    )
    assert units_of(plan) == {
        "一.1": (["区政府办"], ["区政务服务局", "区司法局"]),
        "一.2": (["区审计局"], []),
        "一.3": (["区城管局"], ["区住建局", "区财政局"]),
    }


def test_units_after_a_dash() -> None:
    plan = read_text(
        "任务\n\n一、工作\n1.推进园区建设——区经信局牵头，区财政局配合\n2.推进城市更新——区住建局\n"
    )
    assert units_of(plan) == {"一.1": (["区经信局"], ["区财政局"]), "一.2": (["区住建局"], [])}


def test_sections_of_paren_points_without_units_are_not_tasks() -> None:
    plan = read_text(
        "实施方案\n\n一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）工作目标。全年完成各项任务。\n"
        "二、重点任务\n（一）扩大有效投资。（区发改委牵头，区财政局配合）\n（二）提振消费。（区商务局牵头）\n"
        "三、保障措施\n（一）加强组织领导。各单位要高度重视。\n（二）强化督查考核。\n"
    )
    assert units_of(plan) == {"二.1": (["区发改委"], ["区财政局"]), "二.2": (["区商务局"], [])}
    ignored = [w.params["text"] for w in plan.warnings if w.code == "text_ignored"]
    assert "一、总体要求" in ignored and "三、保障措施" in ignored


def test_an_unlabelled_list_at_a_tasks_end_is_read_like_responsible_units() -> None:
    text = "清单\n\n一、城建\n1.改造老旧小区45个（区住建委、区财政局）\n"
    assert units_of(read_text(text)) == {"一.1": (["区住建委"], ["区财政局"])}
    off = read_text(text, first_unit_leads=False)
    assert units_of(off) == {"一.1": (["区住建委", "区财政局"], [])}

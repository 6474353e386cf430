"""The bundled sample notice (``bot/data/sample_notice.txt``): what a newcomer imports first.

The sample is invented content written in the seed's text-export format. The tables below are
the hand-written spec of what the importer must read from it.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from bot.importer import parse_bytes, parse_path
from bot.importer.model import ParsedPlan, ParsedTask

SAMPLE = files("bot") / "data" / "sample_notice.txt"
TITLE = "澜州市清溪区人民政府办公室关于印发2026年区政府工作报告重点工作任务分解的通知"

A, E, AB = "at_least", "equal", "about"
G, L, R = "growth", "level", "ratio"

# code, category, text, lead, targets (subject, comparator, value, unit, kind)
EXPECTED: list[tuple[str, str | None, str, list[str], list[tuple[str, str, float, str, str]]]] = [
    ("一.1", None, "地区生产总值增长6.5%左右",
     ["区发改委"],
     [("地区生产总值", AB, 6.5, "%", G)]),
    ("一.2", None, "固定资产投资增长8%以上",
     ["区发改委"],
     [("固定资产投资", A, 8, "%", G)]),
    ("一.3", None, "一般公共预算收入增长5%",
     ["区财政局"],
     [("一般公共预算收入", E, 5, "%", G)]),
    ("一.4", None, "社会消费品零售总额突破420亿元",
     ["区商务委"],
     [("社会消费品零售总额", A, 420, "亿元", L)]),
    ("一.5", None, "城镇新增就业2.6万人",
     ["区人社局"],
     [("城镇新增就业", E, 2.6, "万人", L)]),
    ("二.1", None, "实施科技企业“育苗扩容”行动，全年研发经费投入突破15亿元，新增发明专利320件",
     ["区科技局"],
     [("研发经费投入", A, 15, "亿元", L), ("新增发明专利", E, 320, "件", L)]),
    ("二.2", None, "深化“清溪英才”引育工程，引进各类急需紧缺人才300名以上",
     ["区人社局", "区科技局", "各产业部门"],
     [("引进各类急需紧缺人才", A, 300, "名", L)]),
    ("二.3", None, "新增市场主体1.1万户以上",
     ["区市场监管局"],
     [("新增市场主体", A, 1.1, "万户", L)]),
    ("二.4", None, "持续优化营商环境，推动政务服务“一网通办”提质增效",
     ["区政务服务办", "区大数据局"],
     []),
    ("二.5", None, "深化开放合作平台建设，实际利用外资2.5亿美元以上",
     ["区投促局", "区商务委"],
     [("实际利用外资", A, 2.5, "亿美元", L)]),
    ("二.6", None, "推动产业园区协同发展，新引进重大产业项目40个",
     ["区投促局", "滨江商务区管委会", "清溪高新区管委会"],
     [("新引进重大产业项目", E, 40, "个", L)]),
    ("三.1", "现代物流业",
     "加快建设临港国际物流枢纽，物流业营业收入、快递业务量分别增长9%、15%以上",
     ["临港物流园管委会", "区交通局"],
     [("物流业营业收入", A, 9, "%", G), ("快递业务量", A, 15, "%", G)]),
    ("三.2", "现代物流业", "培育冷链物流、跨境电商物流等新业态，新增A级物流企业6家",
     ["区商务委", "临港物流园管委会"],
     [("新增A级物流企业", E, 6, "家", L)]),
    ("三.3", "现代物流业", "完善城乡物流配送网络，建成村级物流服务站点120个",
     ["区商务委", "临港物流园管委会"],
     [("建成村级物流服务站点", E, 120, "个", L)]),
    ("三.4", "数字经济", "实施数字产业集群培育行动，软件和信息服务业营业收入突破260亿元",
     ["区经信委", "区大数据局", "清溪高新区管委会"],
     [("软件和信息服务业营业收入", A, 260, "亿元", L)]),
    ("三.5", "数字经济", "推进工业企业数字化改造，新增智能工厂和数字化车间15个",
     ["区经信委"],
     [("新增智能工厂和数字化车间", E, 15, "个", L)]),
    ("三.6", "数字经济", "建设城市算力中心二期工程",
     ["区大数据局", "区城发公司"],
     []),
    ("三.7", "文化旅游业", "打造滨江夜游、古镇研学等精品线路，全年接待游客2800万人次左右",
     ["区文旅委", "滨江商务区管委会"],
     [("接待游客", AB, 2800, "万人次", L)]),
    ("三.8", "文化旅游业", "推动文旅消费提质扩容，旅游总收入增长10%以上",
     ["区文旅委", "区商务委"],
     [("旅游总收入", A, 10, "%", G)]),
    ("四.1", None, "实施城市更新行动，完成老旧小区改造120万平方米",
     ["区住建委", "区城发公司"],
     [("完成老旧小区改造", E, 120, "万平方米", L)]),
    ("四.2", None, "推进滨江岸线生态修复和绿道贯通，新建口袋公园15个",
     ["区城管局", "区生态环境局", "区规划自然资源局"],
     [("新建口袋公园", E, 15, "个", L)]),
    ("四.3", None, "城市生活污水集中处理率达到98%以上",
     ["区生态环境局", "区水利局"],
     [("城市生活污水集中处理率", A, 98, "%", R)]),
    ("四.4", None, "优化城市交通组织，新增公共停车泊位5000个",
     ["区交通局", "区城管局"],
     [("新增公共停车泊位", E, 5000, "个", L)]),
    ("四.5", None, "推进乡村振兴示范片建设，农村常住居民人均可支配收入增长7%左右",
     ["区农业农村委"],
     [("农村常住居民人均可支配收入", AB, 7, "%", G)]),
    ("五.1", None, "推进教育优质均衡发展，新建改扩建学校8所",
     ["区教委"],
     [("新建改扩建学校", E, 8, "所", L)]),
    ("五.2", None, "基本医疗保险参保率稳定在97%以上",
     ["区医保局", "区卫健委"],
     [("基本医疗保险参保率", A, 97, "%", R)]),
    ("五.3", None, "完善社区居家养老服务网络，建成社区养老服务综合体10个",
     ["区民政局", "各街道办事处"],
     [("建成社区养老服务综合体", E, 10, "个", L)]),
    ("五.4", None, "常态化开展安全生产隐患排查整治，坚决遏制较大及以上生产安全事故",
     ["区应急局", "区市场监管局"],
     []),
    ("六.1", None, "深入推进法治政府建设，严格规范公正文明执法",
     ["区司法局"],
     []),
    ("六.2", None, "严格落实过紧日子要求，从严从紧控制一般性支出",
     ["区财政局", "区政府各部门"],
     []),
    ("六.3", None, "持续深化作风建设，推动各项决策部署落地见效",
     ["区政府各部门", "各街道办事处"],
     []),
]  # fmt: skip

SECTIONS = [
    ("一", 1, "主要预期指标", []),
    ("二", 2, "坚持创新驱动、开放合作，持续增强发展动能", []),
    ("三", 3, "坚持产业升级、数实融合，加快构建现代产业体系",
     ["现代物流业", "数字经济", "文化旅游业"]),
    ("四", 4, "坚持城乡融合、精建细管，持续提升城市品质", []),
    ("五", 5, "坚持民生优先、共建共享，不断增进群众福祉", []),
    ("六", 6, "坚持依法行政、从严治政，全面加强政府自身建设", []),
]  # fmt: skip

DEPARTMENTS = [
    "区发改委", "区财政局", "区商务委", "区人社局", "区科技局", "区市场监管局", "区政务服务办",
    "区大数据局", "区投促局", "滨江商务区管委会", "清溪高新区管委会", "临港物流园管委会",
    "区交通局", "区经信委", "区城发公司", "区文旅委", "区住建委", "区城管局", "区生态环境局",
    "区规划自然资源局", "区水利局", "区农业农村委", "区教委", "区医保局", "区卫健委", "区民政局",
    "区应急局", "区司法局",
]  # fmt: skip
GROUPS = ["各产业部门", "各街道办事处", "区政府各部门"]


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_bytes(SAMPLE.read_bytes(), "sample_notice.txt")


def tasks_by_code(plan: ParsedPlan) -> dict[str, ParsedTask]:
    return {t.code: t for t in plan.tasks}


def targets_of(task: ParsedTask) -> list[tuple[str, str, float, str, str]]:
    return [(t.subject, t.comparator.value, t.value, t.unit, t.kind.value) for t in task.targets]


def line_no(needle: str) -> int:
    """1-based number of the first line of the sample that contains ``needle``."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_sample_file_is_plain_utf8_in_the_text_export_format() -> None:
    data = SAMPLE.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\r" not in text
    table = text.split("\n")[12:]  # after the attachment title
    assert table[0] == "\t任务内容" and table[1] == "\t牵头责任单位"
    assert sum(line.startswith("\t") and line[1:2].isdigit() for line in table) == 31
    assert "\t" in table and all("\t" not in line[1:] for line in table)


def test_preamble(plan: ParsedPlan) -> None:
    assert plan.title == TITLE
    assert plan.issuer == "澜州市清溪区人民政府办公室"
    assert plan.issued_on == date(2026, 3, 18)
    assert (plan.contact.name, plan.contact.phone, plan.contact.email) == (
        "陈思远",
        "68529017",
        "qxqzfbdc@163.com",
    )
    assert [(d.name, d.due, d.rule) for d in plan.deadlines] == [
        ("上半年", date(2026, 7, 10), None),
        ("全年", date(2026, 12, 25), None),
    ]
    assert (plan.source, plan.fmt) == ("sample_notice.txt", "txt")


def test_sections_and_categories(plan: ParsedPlan) -> None:
    assert [(s.numeral, s.ordinal, s.title, s.categories) for s in plan.sections] == SECTIONS


def test_task_codes_in_notice_order(plan: ParsedPlan) -> None:
    assert [t.code for t in plan.tasks] == [row[0] for row in EXPECTED]
    assert [(t.section, t.number) for t in plan.tasks][:6] == [
        ("一", 1), ("一", 2), ("一", 3), ("一", 4), ("一", 5), ("二", 1),
    ]  # fmt: skip
    per_section = {s: sum(t.section == s for t in plan.tasks) for s in "一二三四五六"}
    assert per_section == {"一": 5, "二": 6, "三": 8, "四": 5, "五": 4, "六": 3}


@pytest.mark.parametrize("row", EXPECTED, ids=[row[0] for row in EXPECTED])
def test_each_task(plan: ParsedPlan, row: tuple) -> None:
    code, category, text, lead, targets = row
    task = tasks_by_code(plan)[code]
    assert task.category == category
    assert task.text == text
    assert task.lead == lead
    assert task.support == []  # one 牵头责任单位 column: every unit named there leads
    assert targets_of(task) == targets


def test_target_counts(plan: ParsedPlan) -> None:
    assert sum(len(t.targets) for t in plan.tasks) == 27
    assert sum(not t.targets for t in plan.tasks) == 6


def test_empty_unit_cell_means_the_units_of_the_row_above(plan: ParsedPlan) -> None:
    tasks = tasks_by_code(plan)
    assert tasks["一.2"].lead == tasks["一.1"].lead == ["区发改委"]
    assert tasks["三.3"].lead == tasks["三.2"].lead  # inside a category, empty category cell too
    assert tasks["三.3"].category == "现代物流业"


def test_departments_groups_and_aliases(plan: ParsedPlan) -> None:
    assert sorted(plan.departments) == sorted(DEPARTMENTS)
    assert plan.groups == GROUPS
    assert plan.aliases == {"城发公司": "区城发公司"}
    assert "城发公司" not in plan.departments
    assert not set(plan.groups) & set(plan.departments)


def test_departments_keep_the_order_of_first_appearance(plan: ParsedPlan) -> None:
    # the merged 区城发公司 takes the place where its first form (城发公司, 三.6) appeared
    assert plan.departments == DEPARTMENTS


def test_run_together_management_committees_are_split(plan: ParsedPlan) -> None:
    assert tasks_by_code(plan)["二.6"].lead[1:] == ["滨江商务区管委会", "清溪高新区管委会"]
    assert "滨江商务区管委会清溪高新区管委会" not in plan.departments


def test_trailing_etc_is_dropped_with_a_warning(plan: ParsedPlan) -> None:
    (etc,) = [w for w in plan.warnings if w.code == "unit_etc_dropped"]
    assert etc.where in {f"L{line_no('2.推进滨江岸线')}", f"L{line_no('区规划自然资源局等')}"}
    assert "区规划自然资源局等" not in plan.departments


def test_only_the_designed_warnings(plan: ParsedPlan) -> None:
    assert sorted({w.code for w in plan.warnings}) == ["unit_alias_merged", "unit_etc_dropped"]


def test_task_where_is_the_line_of_its_row(plan: ParsedPlan) -> None:
    tasks = tasks_by_code(plan)
    assert tasks["一.1"].where == f"L{line_no('1.地区生产总值')}"
    assert tasks["六.3"].where == f"L{line_no('3.持续深化作风建设')}"


def test_json_preview(plan: ParsedPlan) -> None:
    preview = plan.to_json()
    json.dumps(preview, ensure_ascii=False)
    assert len(preview["tasks"]) == 31
    assert [d["due"] for d in preview["deadlines"]] == ["2026-07-10", "2026-12-25"]
    assert preview["issued_on"] == "2026-03-18"
    assert preview["groups"] == GROUPS


def test_parse_path_reads_the_same_plan(plan: ParsedPlan) -> None:
    from_path = parse_path(Path(str(SAMPLE)))
    assert from_path.to_json() == plan.to_json()

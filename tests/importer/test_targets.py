"""Targets read from a task's words: the seed's tasks and a table of invented clauses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.importer.model import Target
from bot.importer.targets import chinese_int, extract_targets
from db.enums import Comparator, TargetKind

AT_LEAST, ABOUT, EQUAL = Comparator.AT_LEAST, Comparator.ABOUT, Comparator.EQUAL
LEVEL, GROWTH, RATIO = TargetKind.LEVEL, TargetKind.GROWTH, TargetKind.RATIO


def seed_task(seed_path: Path, fragment: str) -> str:
    """The text of the one seed task whose line holds ``fragment``, without its number."""
    lines = [
        line for line in seed_path.read_text(encoding="utf-8").splitlines() if fragment in line
    ]
    assert len(lines) == 1, f"{fragment!r} found on {len(lines)} lines of the seed"
    return re.sub(r"^\d+\.", "", lines[0].strip())


def brief(targets: list[Target]) -> list[tuple[str, str, float, str, str]]:
    return [(t.subject, t.comparator.value, t.value, t.unit, t.kind.value) for t in targets]


@pytest.mark.seed
def test_seed_innovation_task_has_exactly_its_three_targets(seed_path: Path) -> None:
    text = seed_task(seed_path, "国家高新技术企业达到126家")
    assert brief(extract_targets(text)) == [
        ("研发经费支出", "at_least", 10.0, "亿元", "level"),
        ("新增发明专利", "equal", 200.0, "件", "level"),
        ("国家高新技术企业", "at_least", 126.0, "家", "level"),
    ]


@pytest.mark.seed
def test_seed_finance_task_splits_the_list_and_ignores_shiji_yishang(seed_path: Path) -> None:
    text = seed_task(seed_path, "代理证券交易额分别增长")
    targets = extract_targets(text)
    assert brief(targets) == [
        ("新增市级以上金融机构", "equal", 10.0, "家", "level"),
        ("存贷款余额", "at_least", 10.0, "%", "growth"),
        ("保费收入", "at_least", 20.0, "%", "growth"),
        ("代理证券交易额", "at_least", 30.0, "%", "growth"),
    ]
    assert all(t.text and t.text in text for t in targets)


@pytest.mark.seed
@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("地区生产总值增长6%左右", [("地区生产总值", "about", 6.0, "%", "growth")]),
        ("去化产业楼宇面积", [("去化产业楼宇面积", "at_least", 70.0, "万平方米", "level")]),
        ("新增市场主体", [("新增市场主体", "at_least", 1.2, "万户", "level")]),
        ("回收利用率", [("生活垃圾回收利用率", "at_least", 38.0, "%", "ratio")]),
        ("优良天数", [("空气质量优良天数", "at_least", 300.0, "天", "level")]),
        ("参保率", [("养老保险、医疗保险参保率", "at_least", 96.0, "%", "ratio")]),
        ("安全感指数", [("群众安全感指数", "at_least", 95.0, "%", "ratio")]),
        ("轨道18号线", []),
        ("十大工程", []),
        ("中央八项规定", []),
        ("四个意识", []),
    ],
)
def test_seed_tasks_read_as_a_coordinator_would(
    seed_path: Path, fragment: str, expected: list[tuple[str, str, float, str, str]]
) -> None:
    assert brief(extract_targets(seed_task(seed_path, fragment))) == expected


@pytest.mark.seed
def test_seed_pm25_is_not_a_target_but_300_days_is(seed_path: Path) -> None:
    targets = extract_targets(seed_task(seed_path, "PM2.5"))
    assert [(t.value, t.unit) for t in targets] == [(300.0, "天")]


@pytest.mark.seed
def test_seed_footpath_length_is_a_target(seed_path: Path) -> None:
    targets = extract_targets(seed_task(seed_path, "山城步道建设"))
    assert [(t.value, t.unit) for t in targets] == [(400.0, "万平方米"), (14.5, "公里")]


TABLE: list[tuple[str, list[tuple[str, Comparator, float, str, TargetKind]]]] = [
    # comparators
    ("年度招商引资到位资金突破80亿元", [("年度招商引资到位资金", AT_LEAST, 80, "亿元", LEVEL)]),
    ("外贸进出口额超过50亿元", [("外贸进出口额", AT_LEAST, 50, "亿元", LEVEL)]),
    ("规上工业企业达到300家", [("规上工业企业", AT_LEAST, 300, "家", LEVEL)]),
    ("新增停车泊位不少于1500个", [("新增停车泊位", AT_LEAST, 1500, "个", LEVEL)]),
    ("研发投入强度不低于2.5%", [("研发投入强度", AT_LEAST, 2.5, "%", RATIO)]),
    ("至少培训基层干部600人次", [("培训基层干部", AT_LEAST, 600, "人次", LEVEL)]),
    ("培训基层干部至少600人次", [("培训基层干部", AT_LEAST, 600, "人次", LEVEL)]),
    ("力争引进总部企业15家以上", [("引进总部企业", AT_LEAST, 15, "家", LEVEL)]),
    ("接待游客约3000万人次", [("接待游客", ABOUT, 3000, "万人次", LEVEL)]),
    ("一般公共预算收入增长4%左右", [("一般公共预算收入", ABOUT, 4, "%", GROWTH)]),
    ("新增城镇就业近2万人", [("新增城镇就业", ABOUT, 2, "万人", LEVEL)]),
    ("引进高层次人才300余名", [("引进高层次人才", AT_LEAST, 300, "名", LEVEL)]),
    ("培育专精特新企业5-8家", [("培育专精特新企业", AT_LEAST, 5, "家", LEVEL)]),
    ("城镇登记失业率控制在4.5%以内", []),  # a ceiling: no comparator for it yet
    # units and magnitudes
    ("实际利用外资2.8亿美元以上", [("实际利用外资", AT_LEAST, 2.8, "亿美元", LEVEL)]),
    ("发放创业担保贷款8000万元", [("发放创业担保贷款", EQUAL, 8000, "万元", LEVEL)]),
    ("新增绿化面积3.6万平方米", [("新增绿化面积", EQUAL, 3.6, "万平方米", LEVEL)]),
    ("整治背街小巷12条", [("整治背街小巷", EQUAL, 12, "条", LEVEL)]),
    ("新建改建公厕40座", [("新建改建公厕", EQUAL, 40, "座", LEVEL)]),
    ("改造老旧小区住房1.8万户", [("改造老旧小区住房", EQUAL, 1.8, "万户", LEVEL)]),
    ("办理民生实事15项", [("办理民生实事", EQUAL, 15, "项", LEVEL)]),
    ("新建幼儿园3所", [("新建幼儿园", EQUAL, 3, "所", LEVEL)]),
    ("排查整治危旧房屋120栋", [("排查整治危旧房屋", EQUAL, 120, "栋", LEVEL)]),
    ("开展应急演练20次", [("开展应急演练", EQUAL, 20, "次", LEVEL)]),
    ("举办招聘会30场次以上", [("举办招聘会", AT_LEAST, 30, "场次", LEVEL)]),
    ("修建健身步道8.5公里", [("修建健身步道", EQUAL, 8.5, "公里", LEVEL)]),
    ("全年空气优良天数保持在320天以上", [("空气优良天数", AT_LEAST, 320, "天", LEVEL)]),
    ("新增5G基站１２００个", [("新增5G基站", EQUAL, 1200, "个", LEVEL)]),
    ("完成产业投资1,500亿元", [("完成产业投资", EQUAL, 1500, "亿元", LEVEL)]),
    ("消费品零售额增长８％以上", [("消费品零售额", AT_LEAST, 8, "%", GROWTH)]),
    # kinds
    ("单位生产总值能耗下降3%", [("单位生产总值能耗下降", EQUAL, 3, "%", GROWTH)]),
    ("数字经济增加值占比达到40%", [("数字经济增加值占比", AT_LEAST, 40, "%", RATIO)]),
    ("政务服务网办率98%以上", [("政务服务网办率", AT_LEAST, 98, "%", RATIO)]),
    ("研发投入强度提高到3%", [("研发投入强度", EQUAL, 3, "%", RATIO)]),
    ("居民收入增长速度提高2个百分点", [("居民收入增长速度", EQUAL, 2, "个百分点", GROWTH)]),
    ("市场主体增加3000户", [("市场主体增加", EQUAL, 3000, "户", LEVEL)]),
    # lists
    (
        "税收、社保、非税收入分别增长5%、8%、12%以上",
        [
            ("税收", AT_LEAST, 5, "%", GROWTH),
            ("社保", AT_LEAST, 8, "%", GROWTH),
            ("非税收入", AT_LEAST, 12, "%", GROWTH),
        ],
    ),
    (
        "引进区域总部8家、功能性机构12家以上",
        [("引进区域总部", EQUAL, 8, "家", LEVEL), ("功能性机构", AT_LEAST, 12, "家", LEVEL)],
    ),
    (
        "新增就业岗位6000个，帮扶困难人员就业900人",
        [("新增就业岗位", EQUAL, 6000, "个", LEVEL), ("帮扶困难人员就业", EQUAL, 900, "人", LEVEL)],
    ),
    # the counted noun after the number
    ("完成12个城市更新项目", [("完成城市更新项目", EQUAL, 12, "个", LEVEL)]),
    ("打造滨江广场等6个公园", [("打造公园", EQUAL, 6, "个", LEVEL)]),
    ("建成两个社区食堂", [("建成社区食堂", EQUAL, 2, "个", LEVEL)]),
    # not targets: names, ordinals, years, durations
    ("实施城市提升“十大行动”", []),
    ("推进老城更新三年行动", []),
    ("增强“四个意识”", []),
    ("保障轨道交通15号线建设", []),
    ("建成智慧园区二期工程", []),
    ("2022年完成规划编制", []),
    ("持续改善PM2.5浓度", []),
    ("推动5G网络全覆盖", []),
    ("打造城市会客厅“第一站”", []),
    ("做好第3批次项目申报", []),
    ("开展为期3个月的集中整治", []),
    ("在5个工作日内办结", []),
    ("贯彻落实《条例》第12条", []),
    ("引进亿元级项目", []),
]


@pytest.mark.parametrize(("clause", "expected"), TABLE, ids=[c for c, _ in TABLE])
def test_invented_clauses(
    clause: str, expected: list[tuple[str, Comparator, float, str, TargetKind]]
) -> None:
    got = [(t.subject, t.comparator, t.value, t.unit, t.kind) for t in extract_targets(clause)]
    assert got == [(s, c, float(v), u, k) for s, c, v, u, k in expected]


def test_target_text_is_the_clause_as_written() -> None:
    text = "推进产业升级，新增高新技术企业１５家以上；完善配套"
    (target,) = extract_targets(text)
    assert target.text == "新增高新技术企业１５家以上"
    assert (target.value, target.unit) == (15.0, "家")


def test_leading_task_number_is_not_a_target() -> None:
    assert brief(extract_targets("9.新增市场主体8000户")) == [
        ("新增市场主体", "equal", 8000.0, "户", "level")
    ]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二〇二一", 2021), ("十", 10), ("十五", 15), ("二十", 20), ("二十九", 29), ("两百", 200)],
)
def test_chinese_int(numeral: str, value: int) -> None:
    assert chinese_int(numeral) == value


@pytest.mark.parametrize("text", ["", "abc", "十十一一二"])
def test_chinese_int_refuses_what_is_not_a_numeral(text: str) -> None:
    assert chinese_int(text) is None


@given(
    st.text(alphabet="新增企业家个增长率%以上左右、，0123456789.万亿元两十第号线“”", max_size=40)
)
def test_any_text_yields_well_formed_targets(text: str) -> None:
    for target in extract_targets(text):
        assert target.value >= 0
        assert target.unit
        assert target.text in text

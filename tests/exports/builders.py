"""Hand-built ``Summary`` objects for the renderer tests, independent of the summary service.

The wording is invented for the tests, in the genre of a district's key-task list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.summary.model import (
    DepartmentLine,
    Light,
    Scope,
    SectionLine,
    Summary,
    TargetLine,
    TaskLine,
)
from db.enums import ReportStatus

GENERATED = datetime(2030, 7, 18, 2, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Season:
    """One task of a generated season: who leads it, who of them reported, how it stands."""

    code: str
    text: str
    lead: tuple[str, ...]
    status: ReportStatus | None = None  # None: nobody reported
    reporters: tuple[str, ...] = ()  # the lead units that reported (default: the first)
    percent: float | None = None
    note: str = ""
    days_late: int | None = None  # reported this many days after the deadline's grace

    def __post_init__(self) -> None:
        if self.status is not None and not self.reporters:
            object.__setattr__(self, "reporters", self.lead[:1])


SECTIONS = {
    "一": "着力推动科技创新和产业升级",
    "二": "持续改善城乡人居环境",
    "三": "扩大有效投资和消费",
    "四": "保障和改善民生",
}
# (code, text, lead, support, latest status, latest sentence, light); the lead reports
TASKS: list[tuple[str, str, tuple[str, ...], tuple[str, ...], ReportStatus | None, str, Light]] = [
    (
        "一.1",
        "新培育高新技术企业40家以上，研发投入强度达到3%。",
        ("区科创局",),
        ("区财政局",),
        ReportStatus.DONE,
        "已认定高新技术企业42家，提前完成全年目标。",
        Light.GREEN,
    ),
    (
        "一.2",
        "建设智能制造示范工厂3个。",
        ("区经信委",),
        (),
        ReportStatus.ON_TRACK,
        "两个工厂已完成设备安装，第三个进入调试。",
        Light.GREEN,
    ),
    (
        "一.3",
        "推进数字经济产业园二期建设。",
        ("区经信委",),
        ("区规划自然资源局",),
        ReportStatus.BEHIND,
        "受拆迁影响，主体工程开工推迟约两个月。",
        Light.YELLOW,
    ),
    (
        "二.1",
        "改造老旧小区20个，惠及居民8000户以上。",
        ("区住建委",),
        ("各街道",),
        ReportStatus.ON_TRACK,
        "已开工14个小区。",
        Light.GREEN,
    ),
    ("二.2", "完成农村生活污水治理村庄15个。", ("区水务局",), (), None, "", Light.RED),
    (
        "二.3",
        "新增城市绿地面积50公顷。",
        ("区园林绿化局",),
        (),
        ReportStatus.NOT_STARTED,
        "选址尚在论证。",
        Light.RED,
    ),
    (
        "三.1",
        "固定资产投资增长6%左右。",
        ("区发改委",),
        ("区统计局",),
        ReportStatus.ON_TRACK,
        "上半年完成投资同比增长5.8%。",
        Light.GREEN,
    ),
    ("三.2", "举办促消费活动不少于10场。", ("区商务局",), (), None, "", Light.RED),
    (
        "四.1",
        "新增就业岗位1.2万个。",
        ("区人社局",),
        (),
        ReportStatus.DONE,
        "新增就业岗位1.25万个。",
        Light.GREEN,
    ),
    (
        "四.2",
        "新建社区养老服务驿站6个。",
        ("区民政局",),
        ("区卫健委",),
        ReportStatus.BEHIND,
        "已建成2个，其余4个在装修。",
        Light.YELLOW,
    ),
]
LIAISONS = {
    "区科创局": ("周敏",),
    "区经信委": ("吴磊", "郑洁"),
    "区住建委": ("孙浩",),
    "区发改委": ("钱静",),
    "区人社局": ("冯涛",),
    "区民政局": ("陈琳",),
}


def make_summary(*, today: date = date(2030, 7, 18)) -> Summary:
    """A summary three days after a 上半年 deadline: done, on track, behind, not reported."""
    due = date(2030, 7, 15)
    tasks = tuple(_task(index, *row) for index, row in enumerate(TASKS))
    departments = _departments(tasks)
    return Summary(
        plan_id=1,
        plan_title="关于印发《示范区2030年重点工作任务分解》的通知",
        scope=Scope("all"),
        deadline_id=1,
        deadline="上半年",
        due=due,
        days_left=(due - today).days,
        today=today,
        pace=0.54,
        departments_total=len(departments),
        departments_reported=sum(1 for d in departments if d.missing == 0),
        tasks_total=len(tasks),
        tasks_reported=sum(1 for t in tasks if t.status is not None),
        by_status=_by_status(tasks),
        by_light=dict(Counter(t.light.value for t in tasks)),
        sections=tuple(
            SectionLine(
                numeral=numeral,
                title=title,
                tasks=sum(1 for t in tasks if t.section == numeral),
                by_status=_by_status([t for t in tasks if t.section == numeral]),
                by_light=dict(Counter(t.light.value for t in tasks if t.section == numeral)),
            )
            for numeral, title in SECTIONS.items()
        ),
        tasks=tasks,
        departments=departments,
        generated_at=GENERATED,
    )


def _task(
    index: int,
    code: str,
    text: str,
    lead: tuple[str, ...],
    support: tuple[str, ...],
    status: ReportStatus | None,
    note: str,
    light: Light,
) -> TaskLine:
    section = code.split(".")[0]
    targets: tuple[TargetLine, ...] = ()
    if code == "一.1":
        targets = (
            TargetLine(1, "高新技术企业", "家", 40, "at_least", True, 42, 1.05, 0.54, False),
            TargetLine(2, "研发投入强度", "%", 3, "about", False, None, None, None, False),
        )
    if code == "四.2":
        targets = (TargetLine(3, "社区养老服务驿站", "个", 6, "equal", True, 2, 2 / 6, 0.54, True),)
    reported = status is not None
    return TaskLine(
        task_id=index + 1,
        code=code,
        section=section,
        position=index,
        category="民生实事" if section == "四" else None,
        title=text.split("，")[0].rstrip("。"),
        text=text,
        lead=lead,
        support=support,
        status=status,
        percent=60.0 if code == "二.1" else None,
        note=note or None,
        reported_by=LIAISONS.get(lead[0], ("某联络员",))[0] if reported else None,
        reported_for=lead[0] if reported else None,
        reported_at=datetime(2030, 7, 10 + index % 5, 8, 15, tzinfo=UTC) if reported else None,
        light=light,
        targets=targets,
    )


def _by_status(tasks: list[TaskLine] | tuple[TaskLine, ...]) -> dict[str, int]:
    counts = Counter(t.status.value if t.status else "unreported" for t in tasks)
    return dict(counts)


def _departments(tasks: tuple[TaskLine, ...]) -> tuple[DepartmentLine, ...]:
    """Only the lead reports for a task here; supporting units count it as theirs too."""
    order = list(dict.fromkeys(n for t in tasks for n in (*t.lead, *t.support)))
    names = sorted(order)
    lines = []
    for index, name in enumerate(names):
        mine = [t for t in tasks if name in (*t.lead, *t.support)]
        reported = sum(1 for t in mine if t.reported_for == name)
        missing = len(mine) - reported
        lines.append(
            DepartmentLine(
                department_id=index + 1,
                name=name,
                tasks=len(mine),
                reported=reported,
                missing=missing,
                late=missing > 0 and name != "区卫健委",  # 区卫健委 is on leave
                paused_until=date(2030, 7, 31) if name == "区卫健委" else None,
                liaisons=LIAISONS.get(name, ()),
                position=order.index(name),
            )
        )
    return tuple(lines)


# --- generated seasons: consistent summaries from a few facts per task -----------------------


def season(
    tasks: list[Season],
    *,
    today: date,
    due: date = date(2030, 7, 15),
    start: date = date(2030, 1, 1),
    paused: frozenset[str] = frozenset(),
) -> Summary:
    """A summary built the way the service counts: lights from ``bot.summary.rules``, each
    task credited to the units that reported it, a department's counts over the tasks it
    leads, late when it misses any after the deadline (unless paused), units in the order the
    notice first names them."""
    from bot.summary.rules import period_pace, task_light

    pace = period_pace(today=today, start=start, due=due)
    days_left = (due - today).days
    lines = []
    for index, spec in enumerate(tasks):
        reported = spec.status is not None
        late = reported and spec.days_late is not None
        light = task_light(
            status=spec.status, percent=spec.percent, targets=(), pace=pace, days_left=days_left
        )
        credited = tuple(u for u in spec.lead if u in spec.reporters) if reported else ()
        lines.append(
            TaskLine(
                task_id=index + 1,
                code=spec.code,
                section=spec.code.split(".")[0],
                position=index,
                category=None,
                title=spec.text.split("，")[0].rstrip("。"),
                text=spec.text,
                lead=spec.lead,
                support=(),
                status=spec.status,
                percent=spec.percent,
                note=spec.note or None,
                reported_by="某联络员" if reported else None,
                reported_for=credited[0] if credited else None,
                reported_at=datetime(2030, 7, 1, 2, 0, tzinfo=UTC) if reported else None,
                light=light,
                targets=(),
                late_reported=late,
                days_late=spec.days_late if late else None,
                reported_units=credited,
                unreported_leads=tuple(u for u in spec.lead if u not in credited)
                if reported
                else (),
            )
        )
    order = list(dict.fromkeys(u for spec in tasks for u in spec.lead))
    departments = []
    for index, name in enumerate(sorted(order)):
        mine = [t for t in lines if name in t.lead]
        done = sum(1 for t in mine if name in t.reported_units)
        missing = len(mine) - done
        departments.append(
            DepartmentLine(
                department_id=index + 1,
                name=name,
                tasks=len(mine),
                reported=done,
                missing=missing,
                late=missing > 0 and days_left < 0 and name not in paused,
                paused_until=due if name in paused else None,
                liaisons=(),
                late_reported=sum(1 for t in mine if name in t.reported_units and t.late_reported),
                position=order.index(name),
            )
        )
    sections = sorted({t.section for t in lines}, key=lambda s: "一二三四五六七八九".index(s))
    return Summary(
        plan_id=1,
        plan_title="关于印发《示范区2030年重点工作任务分解》的通知",
        scope=Scope("all"),
        deadline_id=1,
        deadline="上半年",
        due=due,
        days_left=days_left,
        today=today,
        pace=pace,
        departments_total=len(departments),
        departments_reported=sum(1 for d in departments if d.missing == 0),
        tasks_total=len(lines),
        tasks_reported=sum(1 for t in lines if t.status is not None),
        by_status=_by_status(lines),
        by_light=dict(Counter(t.light.value for t in lines)),
        sections=tuple(
            SectionLine(
                numeral=s,
                title=SECTIONS.get(s, "其他"),
                tasks=sum(1 for t in lines if t.section == s),
                by_status=_by_status([t for t in lines if t.section == s]),
                by_light=dict(Counter(t.light.value for t in lines if t.section == s)),
            )
            for s in sections
        ),
        tasks=tuple(lines),
        departments=tuple(departments),
        generated_at=GENERATED,
    )

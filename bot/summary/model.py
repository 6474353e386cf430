"""The coordinator's picture of one deadline, as plain data.

``bot.summary.build.build_summary`` fills it from the database (the counting is done by SQL); the
Telegram view, the terminal table, the chart, the ledger (台账) and the bulletin (通报) all
render this one object, so they never disagree. No Telegram, no SQL here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from db.enums import ReportStatus


class Light(StrEnum):
    """A task's traffic light."""

    GREEN = "green"  # done, or on pace
    YELLOW = "yellow"  # behind the expected pace (序时进度), or reported 滞后
    RED = "red"  # no report after the deadline, or far behind
    NONE = "none"  # no report yet, deadline not passed: nothing to judge


@dataclass(frozen=True)
class Scope:
    """What the summary covers: everything, or one department / section / filter."""

    kind: str  # "all" | "department" | "section" | "behind" | "missing"
    value: str = ""  # department name, section numeral; empty otherwise


@dataclass(frozen=True)
class TargetLine:
    """A quantitative target of a task against its latest reported figure."""

    target_id: int
    subject: str  # 新增发明专利
    unit: str  # 件
    goal: float  # 200
    comparator: str  # the target's comparator value (≥, ≤, =, …) as stored
    cumulative: bool  # whether the expected pace applies (a count that grows over the year)
    latest: float | None  # latest figure reported for it (None: never reported)
    share: float | None  # latest / goal (0.55 = 55%)
    pace: float | None  # the expected share now (elapsed share of the period); None if n/a
    behind: bool  # share below pace (or, for ≤ targets, over the limit)
    kind: str = "level"  # the target's TargetKind value: level, growth or ratio

    @property
    def label(self) -> str:
        """The subject as the notice reads: a growth target's with 增长 (地区生产总值增长)."""
        if self.kind == "growth" and "增长" not in self.subject:
            return f"{self.subject}增长"
        return self.subject


@dataclass(frozen=True)
class TaskLine:
    task_id: int
    code: str  # 三.2
    section: str  # 三
    position: int  # the notice's order
    category: str | None
    title: str  # short title (first clause of the text)
    text: str  # the full task text
    lead: tuple[str, ...]  # lead units' names, in the notice's order
    support: tuple[str, ...]
    status: ReportStatus | None  # the latest report's status (None: not reported)
    percent: float | None
    note: str | None  # the latest report's sentence
    reported_by: str | None  # liaison's name
    reported_for: str | None  # the department that reported it
    reported_at: datetime | None
    light: Light
    targets: tuple[TargetLine, ...]
    due: date | None = None  # the task's own time limit (完成时限), if the notice gives one
    late_reported: bool = False  # 逾期报送: the report came after the deadline and its grace
    days_late: int | None = None  # how many days after the deadline it came (late_reported only)
    reported_units: tuple[str, ...] = ()  # the units whose reports count for this task
    unreported_leads: tuple[str, ...] = ()  # lead units (co-leads) that have not reported


@dataclass(frozen=True)
class DepartmentLine:
    department_id: int
    name: str
    tasks: int  # tasks it answers for (lead or support, directly or through a group)
    reported: int  # of those, reported for this deadline
    missing: int  # tasks - reported
    late: bool  # missing > 0 after the deadline (and not paused)
    paused_until: date | None
    liaisons: tuple[str, ...]
    late_reported: int = 0  # of ``reported``, how many came after the deadline's grace (逾期报送)
    position: int = 0  # the department's first appearance in the notice (sort key for exports)


@dataclass(frozen=True)
class SectionLine:
    numeral: str  # 三
    title: str
    tasks: int
    by_status: dict[str, int]  # ReportStatus value or "unreported" -> count
    by_light: dict[str, int]  # Light value -> count


@dataclass(frozen=True)
class Summary:
    plan_id: int
    plan_title: str
    scope: Scope
    deadline_id: int | None
    deadline: str | None  # 上半年
    due: date | None
    days_left: int | None  # negative after the deadline
    today: date
    pace: float | None  # elapsed share of the period (0..1), the 序时进度
    departments_total: int
    departments_reported: int  # departments that reported every task they answer for
    tasks_total: int
    tasks_reported: int
    by_status: dict[str, int]  # ReportStatus value or "unreported" -> count
    by_light: dict[str, int]
    sections: tuple[SectionLine, ...]
    tasks: tuple[TaskLine, ...]  # in the notice's order
    departments: tuple[DepartmentLine, ...]  # by name
    generated_at: datetime

    @property
    def late(self) -> tuple[DepartmentLine, ...]:
        """Departments late for this deadline, most missing first."""
        return tuple(sorted((d for d in self.departments if d.late), key=lambda d: -d.missing))

    @property
    def behind(self) -> tuple[TaskLine, ...]:
        """Tasks with a yellow or red light, in the notice's order."""
        return tuple(t for t in self.tasks if t.light in (Light.YELLOW, Light.RED))

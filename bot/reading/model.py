"""What the reader is given (a department's tasks and their targets) and what it returns.

Plain frozen dataclasses: the lead builds them from the database and renders them; nothing here
knows about Telegram or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.enums import ReportStatus, TargetKind


@dataclass(frozen=True)
class TargetRef:
    """One quantitative target of a task, from the DB."""

    target_id: int
    subject: str  # "新增发明专利"
    unit: str  # "件", "亿元", "万户", "%", "万平方米", "亿美元", "个" ...
    kind: TargetKind
    value: float  # the target's own value (200 for 200件)


@dataclass(frozen=True)
class TaskRef:
    """One task the department may report on."""

    task_id: int
    code: str  # "二.1" as the bot displays it
    section_numeral: str  # "二"
    section_ordinal: int  # 2
    number: int  # 1
    title: str
    targets: tuple[TargetRef, ...]
    text: str = ""  # the task's full text, for reading replies that name it by content


@dataclass(frozen=True)
class FigureReading:
    """A figure read for a target, converted to the target's unit."""

    target_id: int
    subject: str  # the target's subject
    value: float  # in the TARGET's unit (6800户 against a 万户 target → 0.68)
    raw: str  # the words it was read from, "新增市场主体6800户"


@dataclass(frozen=True)
class TaskReading:
    """What a reply says about one task."""

    task_id: int
    code: str
    status: ReportStatus | None  # None: no status said
    percent: float | None  # 55.0 for 55%, 70.0 for 七成, 50.0 for 过半
    figures: tuple[FigureReading, ...]
    note: str  # the rest of what was said about this task (trimmed), "" if none
    # Named by content, not code: where in the reply (``at``, an offset a caller passes back in
    # ``read_reply(assign=...)`` to choose another task) and, when the match is unsure, the codes
    # of the other tasks it may be about (the reading's task is the likeliest).
    at: int = -1
    candidates: tuple[str, ...] = ()

    @property
    def unsure(self) -> bool:
        return bool(self.candidates)


@dataclass(frozen=True)
class Reading:
    """A reply read: per task in the order mentioned, plus what no task claimed.

    ``foreign_codes``: codes the reply names that are not the department's tasks (``五.2`` from
    区商务委); their words are also in ``unattributed``, so the bot can say "not your task".
    """

    tasks: tuple[TaskReading, ...]
    unattributed: str
    foreign_codes: tuple[str, ...] = ()
    # A reply to a message listing several tasks that names none of them but says something
    # (已完成): the codes of the listed tasks, to ask which one it is about. Empty otherwise.
    ask: tuple[str, ...] = ()

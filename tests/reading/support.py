"""Small hand-made task sets for the reader's unit tests."""

from __future__ import annotations

from bot.reading import TargetRef, TaskRef
from db.enums import TargetKind

SECTIONS = "一二三四五六七八九"


def task(code: str, *targets: tuple[str, str, TargetKind], task_id: int | None = None) -> TaskRef:
    """A task ``code`` ("二.1") with targets given as (subject, unit, kind)."""
    numeral, number = code.split(".")
    ordinal = SECTIONS.index(numeral) + 1
    tid = task_id if task_id is not None else ordinal * 100 + int(number)
    refs = tuple(
        TargetRef(tid * 10 + i, subject, unit, kind, 1.0)
        for i, (subject, unit, kind) in enumerate(targets)
    )
    return TaskRef(tid, code, numeral, ordinal, int(number), f"任务{code}", refs)


LEVEL, GROWTH, RATIO = TargetKind.LEVEL, TargetKind.GROWTH, TargetKind.RATIO

TECH = task(
    "二.1",
    ("研发经费支出", "亿元", LEVEL),
    ("新增发明专利", "件", LEVEL),
    ("国家高新技术企业", "家", LEVEL),
)
LABS = task("三.19", ("新增重点企业和研发机构", "家", LEVEL))
FIRMS = task("二.9", ("新增市场主体", "万户", LEVEL))
FINANCE = task(
    "三.4",
    ("新增市级以上金融机构", "家", LEVEL),
    ("存贷款余额", "%", GROWTH),
    ("保费收入", "%", GROWTH),
)
INSURED = task("七.2", ("养老保险、医疗保险参保率", "%", RATIO))
PLAIN = task("八.4")

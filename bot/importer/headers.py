"""Table headers: which column of a task table holds what, from the words of its header cells.

Shared by the layout (every reader's rows) and the text readers that find tables in plain
text (a web-page table's header run, a box table's header row). A column's role is one of
``seq`` (序号), ``task``, ``detail`` (a second task column, added to the task text), ``lead``,
``support``, ``responsible`` (责任单位: see ``bot.importer.units``), ``due`` (完成时限),
``leader`` (分管领导, a person), ``category``, ``ignore`` or ``unknown``.
"""

from __future__ import annotations

from bot.importer.model import Row

# The first word found in a header cell gives its column's role, so the order matters: 分管领导
# and 责任领导 are people (before 牵头/责任), 完成时限 is a time limit (before 任务), and the
# words of detail columns (措施, 要求) come after the task words (工作任务及要求 is the task).
HEADER_WORDS: list[tuple[str, str]] = [
    ("序号", "seq"),
    ("编号", "seq"),
    ("领导", "leader"),  # 分管领导, 责任领导, 分管区领导, 牵头领导: a person, not a unit
    ("责任人", "ignore"),
    ("联系人", "ignore"),
    ("牵头", "lead"),  # 牵头单位, 牵头组织实施单位, 牵头责任单位
    ("配合", "support"),
    ("协办", "support"),
    ("参与", "support"),
    ("责任", "responsible"),
    ("主责", "responsible"),
    ("时限", "due"),
    ("时间", "due"),
    ("期限", "due"),
    ("备注", "ignore"),
    ("类别", "category"),
    ("领域", "category"),
    ("板块", "category"),
    ("分类", "category"),
    ("任务", "task"),
    ("内容", "task"),
    ("事项", "task"),
    ("目标", "task"),  # 预期目标, 目标任务
    ("项目", "task"),
    ("主办", "lead"),
    ("协同", "support"),
    ("措施", "detail"),
    ("举措", "detail"),
    ("要求", "detail"),
    ("标准", "detail"),
    ("指标", "detail"),
    ("进度", "detail"),
]
UNIT_ROLES = ("lead", "responsible", "support")


def header_role(text: str) -> str:
    """The role of one header cell (``seq``, ``task``, ``lead`` …), ``unknown`` when none fits."""
    text = text.replace("\n", "").replace(" ", "").replace("\u3000", "")
    if not text or len(text) > 12 or any(c in text for c in "：:。；;"):
        return "unknown"
    role = next((r for word, r in HEADER_WORDS if word in text), "unknown")
    if role == "unknown" and _generic_unit_title(text):
        return "responsible"
    return role


def _generic_unit_title(text: str) -> bool:
    """承办单位, 实施单位, 主管部门: a short title ending in 单位/部门 — not a unit cell such as
    各有关单位 or 相关部门, which a data row may hold."""
    return (
        len(text) <= 6
        and text.endswith(("单位", "部门"))
        and not any(hint in text for hint in ("各", "有关", "相关", "成员", "其他", "其它", "、"))
    )


def header_roles(row: Row) -> list[str] | None:
    """Column roles if ``row`` is a header row (序号 / 任务 / 牵头单位 / 配合单位 …), else ``None``.

    Only the first task column is the task; a second one (重点任务 then 目标要求) is a detail
    whose text is added to the task's.
    """
    roles = [header_role(cell.text) for cell in row.cells]
    if roles.count("task") > 1:
        first = roles.index("task")
        roles = [r if r != "task" or i == first else "detail" for i, r in enumerate(roles)]
    known = [r for r in roles if r != "unknown"]
    has_unit = any(r in UNIT_ROLES for r in known)
    if len(known) >= 2 and ("task" in known or has_unit) and len(known) >= len(roles) - 1:
        return roles
    return None


def sub_header_roles(top: list[str] | None, row: Row) -> list[str] | None:
    """The header's roles completed by ``row`` when it is a second header row: words under a
    cell merged across columns (责任单位 over 牵头单位 | 配合单位). Word and Excel give the
    merged cell once, so ``row`` is wider than the header by the columns it spans; a CSV or a
    text table repeats it, so both are as wide."""
    if top is None:
        return None
    subs = [None if cell.empty else header_role(cell.text) for cell in row.cells]
    filled = [i for i, r in enumerate(subs) if r is not None]
    if (
        len(filled) < 2
        or filled != list(range(filled[0], filled[-1] + 1))
        or any(subs[i] in ("unknown", "seq") for i in filled)
    ):
        return None
    named = [r for r in subs if r is not None]
    if len(row.cells) == len(top):
        return [r if r is not None else top[j] for j, r in enumerate(subs)]
    extra = len(row.cells) - len(top)
    first = filled[0]
    if extra > 0 and len(filled) == extra + 1 and first < len(top):
        return [*top[:first], *named, *top[first + 1 :]]
    return None


_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (the inverse of the parser's ``cn_ordinal``)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n % 100, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + ("" if ones == 0 else _CN[ones])

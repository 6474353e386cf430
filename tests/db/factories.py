"""Hand-built ``ParsedPlan`` objects for the database tests, independent of the parser.

The wording is invented for the tests, in the genre of a district's key-task notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.importer.model import (
    Contact,
    ParsedDeadline,
    ParsedPlan,
    ParsedSection,
    ParsedTask,
    Target,
)
from bot.people.invites import issue_invite, redeem_invite
from bot.plans.storing import save_plan
from bot.reports.rounds import Reporter
from db.engine import session_scope
from db.enums import Comparator, TargetKind
from db.models import Department
from tests.support.database import NOW

TITLE = "关于印发《示范区2030年重点工作任务分解》的通知"
NUMERALS = "一二三四五六七八九十"
GROUP = "各街道办事处"


def target(
    subject: str,
    value: float,
    unit: str,
    *,
    comparator: Comparator = Comparator.AT_LEAST,
    kind: TargetKind = TargetKind.LEVEL,
    text: str = "",
) -> Target:
    return Target(
        subject=subject,
        comparator=comparator,
        value=value,
        unit=unit,
        kind=kind,
        text=text or f"{subject}{value:g}{unit}",
    )


def task(
    code: str,
    text: str,
    *,
    lead: Sequence[str] = ("区科技局",),
    support: Sequence[str] = (),
    targets: Sequence[Target] = (),
    category: str | None = None,
) -> ParsedTask:
    section, number = code.split(".")
    return ParsedTask(
        code=code,
        section=section,
        number=int(number),
        text=text,
        category=category,
        lead=list(lead),
        support=list(support),
        targets=list(targets),
        where=f"L{10 + int(number)}",
    )


def default_tasks() -> list[ParsedTask]:
    return [
        task(
            "一.1",
            "推动科技创新平台建设，新增高新技术企业30家以上。",
            lead=["区科技局"],
            support=["区财政局"],
            targets=[target("高新技术企业", 30, "家")],
        ),
        task(
            "一.2",
            "社会消费品零售总额增长8%左右。",
            lead=["区商务委"],
            targets=[
                target(
                    "社会消费品零售总额",
                    8,
                    "%",
                    comparator=Comparator.ABOUT,
                    kind=TargetKind.GROWTH,
                )
            ],
            category="现代服务业",
        ),
        task(
            "二.1",
            "完成老旧小区改造，惠及居民1.5万户以上。",
            lead=["区住房城乡建委", GROUP],
            support=["区财政局"],
            targets=[target("惠及居民", 15000, "户")],
        ),
        task("二.2", "开展背街小巷环境整治。", lead=[GROUP], support=["区城市管理局"]),
    ]


def make_plan(
    *,
    title: str | None = TITLE,
    tasks: Iterable[ParsedTask] | None = None,
    deadlines: Sequence[ParsedDeadline] | None = None,
    aliases: dict[str, str] | None = None,
    groups: Sequence[str] = (GROUP,),
    source: str = "示范区重点任务.txt",
) -> ParsedPlan:
    """A small plan; sections, departments and groups follow from the tasks given."""
    task_list = list(default_tasks() if tasks is None else tasks)
    numerals = list(dict.fromkeys(t.section for t in task_list))
    names = list(dict.fromkeys(n for t in task_list for n in (*t.lead, *t.support)))
    return ParsedPlan(
        title=title,
        issuer="示范区人民政府办公室",
        issued_on=date(2030, 3, 20),
        contact=Contact(name="王同志", phone="023-00000000", email="duban@example.org"),
        deadlines=list(
            deadlines
            if deadlines is not None
            else [
                ParsedDeadline("上半年", date(2030, 7, 15)),
                ParsedDeadline("全年", date(2030, 12, 31)),
            ]
        ),
        sections=[
            ParsedSection(numeral=n, ordinal=NUMERALS.index(n) + 1, title=f"第{n}部分重点工作")
            for n in numerals
        ],
        tasks=task_list,
        departments=[n for n in names if n not in groups],
        groups=[g for g in groups if g in names],
        aliases=dict(aliases or {}),
        warnings=[],
        source=source,
        fmt="txt",
    )


def with_task(plan: ParsedPlan, code: str, **changes: object) -> ParsedPlan:
    """A copy of ``plan`` where task ``code`` has ``changes``; sections and units recomputed."""
    tasks = [replace(t, **changes) if t.code == code else t for t in plan.tasks]  # type: ignore[arg-type]
    return make_plan(
        title=plan.title,
        tasks=tasks,
        deadlines=plan.deadlines,
        aliases=plan.aliases,
        source=plan.source,
    )


def store(engine: Engine, plan: ParsedPlan, *, now: datetime = NOW) -> int:
    """Save ``plan`` in its own transaction, as an import would; returns the plan's id."""
    with Session(engine) as session, session.begin():
        return save_plan(session=session, plan=plan, now=now, source_sha256="f" * 64).plan_id


def bind_liaison(engine: Engine, department: str, user_id: int, *, now: datetime = NOW) -> Reporter:
    """Make ``user_id`` the liaison of ``department`` through an invite, as /start does."""
    with session_scope(engine) as session:
        found = session.exec(select(Department).where(Department.name == department)).one()
        assert found.id is not None
        code = issue_invite(
            session=session, department_id=found.id, created_by=1, now=now, valid_days=3
        ).code
        joined = redeem_invite(
            session=session,
            code=code,
            telegram_user_id=user_id,
            full_name="李娜",
            username=None,
            chat_id=user_id,
            now=now,
        )
    return Reporter(user_id, joined.liaison_id, (joined.department_id,))

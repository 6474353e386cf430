"""Fixtures for the export tests: the database tests' migrated SQLite file, and a small plan
with liaisons and reports stored through the report service, as the bot would."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.reports.intake import Entry, Figure, submit_entries
from bot.reports.rounds import Period, Reporter
from db.engine import make_engine, session_scope
from db.enums import ReportStatus
from db.models import Deadline, Target, Task
from db.schema import upgrade
from tests.db.factories import bind_liaison, make_plan, store

# 2030-07-18 10:00 in Beijing: three days after 上半年 (2030-07-15), inside the grace days
AFTER_DEADLINE = datetime(2030, 7, 18, 2, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh database file migrated to head, as the bot runs on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'duban.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@dataclass
class Office:
    """The stored plan and the reports the test made, counted by the test itself."""

    engine: Engine
    plan_id: int
    reports: int  # rows written to ``report``
    reporters: dict[str, Reporter]


def report(
    engine: Engine,
    reporter: Reporter,
    code: str,
    status: ReportStatus,
    *,
    note: str = "",
    figure: float | None = None,
    at: datetime,
) -> int:
    """One report on task ``code`` for 上半年 through the guided flow's service; rows written."""
    with session_scope(engine) as s:
        task = s.exec(select(Task).where(Task.code == code)).one()
        deadline = s.exec(select(Deadline).where(Deadline.name == "上半年")).one()
        assert task.id is not None and deadline.id is not None
        figures: tuple[Figure, ...] = ()
        if figure is not None:
            target = s.exec(
                select(Target).where(Target.task_id == task.id).order_by(col(Target.position))
            ).first()
            assert target is not None and target.id is not None
            figures = (Figure(target.id, figure, f"{figure:g}{target.unit}"),)
        period = Period(deadline.id, deadline.name, deadline.due, (deadline.due - at.date()).days)
        views = submit_entries(
            session=s,
            reporter=reporter,
            chat_id=reporter.telegram_user_id,
            entries=[Entry(task.id, status, figures=figures, note=note)],
            raw_text=f"{code} {note}",
            period=period,
            now=at,
        )
    return len(views)


@pytest.fixture
def office(engine: Engine) -> Office:
    """The factories' small plan (一.1, 一.2, 二.1, 二.2) with three liaisons and five reports,
    one of them a correction."""
    plan_id = store(engine, make_plan())
    people = {
        "区科技局": bind_liaison(engine, "区科技局", 501),
        "区商务委": bind_liaison(engine, "区商务委", 502),
        "区住房城乡建委": bind_liaison(engine, "区住房城乡建委", 503),
    }
    start = datetime(2030, 7, 1, 1, 0, tzinfo=UTC)
    written = 0
    written += report(
        engine, people["区科技局"], "一.1", ReportStatus.ON_TRACK,
        note="已认定高新技术企业18家", figure=18, at=start,
    )  # fmt: skip
    written += report(
        engine, people["区商务委"], "一.2", ReportStatus.BEHIND,
        note="受市场影响增速放缓", at=start + timedelta(days=1),
    )  # fmt: skip
    written += report(
        engine, people["区住房城乡建委"], "二.1", ReportStatus.ON_TRACK,
        note="已开工小区9个", figure=6000, at=start + timedelta(days=2),
    )  # fmt: skip
    written += report(
        engine, people["区科技局"], "一.1", ReportStatus.DONE,
        note="已认定高新技术企业31家", figure=31, at=start + timedelta(days=5),
    )  # fmt: skip
    written += report(
        engine, people["区住房城乡建委"], "二.1", ReportStatus.ON_TRACK,
        note="已开工小区12个", figure=9000, at=start + timedelta(days=6),
    )  # fmt: skip
    return Office(engine, plan_id, written, people)

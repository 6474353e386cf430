"""The same models, migrations and import on a real PostgreSQL server.

``.ci/run`` starts a throwaway server and sets ``DUBAN_TEST_POSTGRES_URL``; a developer without
one skips these tests, but CI never does (with ``CI`` set, a missing server is a failure).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, text
from sqlmodel import Session, SQLModel, select

from bot.imports import import_notice
from db.engine import make_engine
from db.models import DepartmentGroupMember, Task
from db.schema import check_schema, current_revision, head_revision, upgrade

URL = os.environ.get("DUBAN_TEST_POSTGRES_URL", "")
NOW = datetime(2021, 4, 1, 9, 0, tzinfo=UTC)

if not URL:
    if os.environ.get("CI"):
        pytest.fail("CI must provide PostgreSQL: DUBAN_TEST_POSTGRES_URL is not set", pytrace=False)
    pytest.skip("no PostgreSQL server here (set DUBAN_TEST_POSTGRES_URL)", allow_module_level=True)


@pytest.fixture
def pg() -> Iterator[Engine]:
    """A fresh database on the server for each test, dropped afterwards."""
    name = f"duban_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables
        }


def test_migrations_reach_head_and_the_check_passes(pg: Engine) -> None:
    upgrade(pg)
    assert current_revision(pg) == head_revision()
    check_schema(pg, auto_upgrade=False)


def test_seed_imports_once_then_changes_nothing_as_on_sqlite(
    pg: Engine, seed_path: Path, tmp_path: Path
) -> None:
    data = seed_path.read_bytes()
    members = {"各管委会": ["解放碑CBD管委会", "大石化新区管委会"]}
    lite = make_engine(f"sqlite:///{tmp_path / 'same.sqlite3'}")
    for engine in (pg, lite):
        upgrade(engine)
        first = import_notice(
            engine=engine, data=data, name="seed.txt", now=NOW, group_members=members
        )
        assert first.result is not None and len(first.result.added) == 132
        again = import_notice(
            engine=engine, data=data, name="seed.txt", now=NOW, group_members=members
        )
        assert again.result is not None and again.result.is_noop
    assert counts(pg) == counts(lite)
    assert counts(pg)[Task.__tablename__] == 132
    assert counts(pg)[DepartmentGroupMember.__tablename__] == 2


def test_revised_notice_keeps_removed_tasks(pg: Engine, seed_path: Path) -> None:
    upgrade(pg)
    data = seed_path.read_bytes()
    import_notice(engine=pg, data=data, name="seed.txt", now=NOW)
    lines = data.decode("utf-8").split("\n")
    revised = "\n".join(line.replace("6%左右", "6.5%左右") for line in lines[:-30]).encode()
    result = import_notice(engine=pg, data=revised, name="seed.txt", now=NOW).result
    assert result is not None
    assert (len(result.removed), len(result.changed)) == (6, 1)
    with Session(pg) as session:
        removed = session.exec(
            select(func.count()).select_from(Task).where(Task.removed_at.is_not(None))
        ).one()  # type: ignore[union-attr]
    assert removed == 6

"""The engine's SQLite settings, checked on a real database file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlmodel import Session, select

from db.engine import make_engine, session_scope
from db.models import Department


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_file_gets_wal_foreign_keys_and_busy_timeout(bare_engine: Engine) -> None:
    assert _pragma(bare_engine, "journal_mode") == "wal"
    assert _pragma(bare_engine, "foreign_keys") == 1
    assert _pragma(bare_engine, "busy_timeout") == 5000


def test_busy_timeout_is_configurable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=1234)
    try:
        assert _pragma(engine, "busy_timeout") == 1234
    finally:
        engine.dispose()


def test_missing_folders_of_the_database_file_are_created(tmp_path: Path) -> None:
    path = tmp_path / "var" / "lib" / "duban.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        assert path.is_file()
    finally:
        engine.dispose()


def test_in_memory_database_works_without_wal() -> None:
    engine = make_engine("sqlite://")
    try:
        assert _pragma(engine, "foreign_keys") == 1
        assert _pragma(engine, "journal_mode") == "memory"
    finally:
        engine.dispose()


def test_a_transaction_takes_the_write_lock_when_it_begins(db_file: Path) -> None:
    first = make_engine(f"sqlite:///{db_file}")
    second = make_engine(f"sqlite:///{db_file}", busy_timeout_ms=1)
    try:
        with first.connect() as holder, holder.begin():
            # no statement yet: only BEGIN IMMEDIATE can have taken the lock
            with second.connect() as other, pytest.raises(OperationalError) as caught:
                other.begin()
            assert "database is locked" in str(caught.value)
    finally:
        first.dispose()
        second.dispose()


def test_a_deferred_reader_is_not_blocked_by_a_writer(db_file: Path) -> None:
    first = make_engine(f"sqlite:///{db_file}")
    second = make_engine(f"sqlite:///{db_file}", busy_timeout_ms=1)
    try:
        with first.begin() as writer:
            writer.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        with first.connect() as holder, holder.begin():
            holder.exec_driver_sql("INSERT INTO t VALUES (1)")
            with second.connect() as reader:
                reader = reader.execution_options(sqlite_begin="DEFERRED")
                with reader.begin():
                    # WAL: the reader sees the last committed state, without waiting
                    assert reader.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
    finally:
        first.dispose()
        second.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    insert = text("INSERT INTO department_alias (department_id, alias) VALUES (999, 'x')")
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as conn:
        conn.execute(insert)


def test_session_scope_commits_on_success_and_rolls_back_on_error(engine: Engine) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        session.add(Department(name="区科技局", created_at=now))
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(Department(name="区商务委", created_at=now))
        session.flush()
        raise RuntimeError("boom")
    with Session(engine) as session:
        assert session.exec(select(Department.name)).all() == ["区科技局"]


def test_datetimes_are_stored_in_utc_and_read_back_aware(engine: Engine) -> None:
    shanghai = timezone(timedelta(hours=8))
    with session_scope(engine) as session:
        session.add(
            Department(name="区科技局", created_at=datetime(2030, 7, 15, 9, tzinfo=shanghai))
        )
    with engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT created_at FROM department").scalar()
    assert str(raw).startswith("2030-07-15 01:00:00")
    with Session(engine) as session:
        stored = session.exec(select(Department)).one().created_at
    assert stored == datetime(2030, 7, 15, 1, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="timezone"), session_scope(engine) as session:
        session.add(Department(name="区科技局", created_at=datetime(2030, 7, 15, 9)))
        session.flush()

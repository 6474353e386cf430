"""The database engine and the session helper every caller uses.

SQLite is made safe for a bot whose handlers and scheduler write at the same time:

- ``journal_mode=WAL`` (file databases): readers never block the writer;
- ``foreign_keys=ON``: SQLite ignores foreign keys unless asked, per connection;
- ``busy_timeout``: a writer waits for the lock instead of failing at once;
- every transaction begins with ``BEGIN IMMEDIATE``: it takes the write lock up front, so two
  writers queue on ``busy_timeout`` instead of one failing with "database is locked" when it
  upgrades a read lock half-way through. pysqlite's own transaction handling is switched off
  (``isolation_level = None``) and SQLAlchemy emits the BEGIN — the recipe from SQLAlchemy's
  SQLite dialect documentation, which also makes DDL transactional for migrations.

A read-only caller may ask for a plain deferred BEGIN with
``engine.execution_options(sqlite_begin="DEFERRED")``. Other databases get no pragmas.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlmodel import Session

DEFAULT_BUSY_TIMEOUT_MS = 5000
BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def make_engine(
    url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, echo: bool = False
) -> Engine:
    """Create the engine for ``url``; for SQLite, create the file's folder and set the pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo)

    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)
    _install_sqlite_hooks(engine, busy_timeout_ms=busy_timeout_ms, wal=not in_memory)
    return engine


def _install_sqlite_hooks(engine: Engine, *, busy_timeout_ms: int, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite must not open transactions itself; the "begin" hook below does
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = str(conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")).upper()
        if mode not in BEGIN_MODES:
            raise ValueError(f"sqlite_begin must be one of {sorted(BEGIN_MODES)}, not {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back (and re-raise) when it fails."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

"""Database fixtures for every test (a plugin of ``tests/conftest.py``): a real SQLite file per
test, migrated or not, a PostgreSQL database on the server CI starts, and a log of statements."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, func, text
from sqlmodel import Session, SQLModel, select

from db.engine import make_engine
from db.schema import upgrade

NOW = datetime(2030, 3, 25, 9, 0, tzinfo=UTC)
# ``.ci/run`` starts a throwaway PostgreSQL server and sets this; see ``pg``
POSTGRES_URL = os.environ.get("DUBAN_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg() -> Iterator[Engine]:
    """A fresh database on the PostgreSQL server for each test, dropped afterwards.

    Without a server the test is skipped; under CI (``CI`` set) that is a failure instead.
    """
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PostgreSQL: DUBAN_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server here (set DUBAN_TEST_POSTGRES_URL)")
    name = f"duban_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "duban.db"


@pytest.fixture
def bare_engine(db_file: Path) -> Iterator[Engine]:
    """An engine on a fresh, empty database file."""
    engine = make_engine(f"sqlite:///{db_file}")
    yield engine
    engine.dispose()


@pytest.fixture
def lite(bare_engine: Engine) -> Engine:
    """An empty SQLite file to run the same story on, beside ``pg``, and compare."""
    return bare_engine


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a fresh database migrated to head."""
    upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


class StatementLog:
    """Every SQL statement an engine runs while recording, to prove what was (not) written."""

    def __init__(self, engine: Engine) -> None:
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._record)
        self._engine = engine

    def _record(self, conn: object, cursor: object, statement: str, *args: object) -> None:
        self.statements.append(statement)

    def writes(self) -> list[str]:
        verbs = ("INSERT", "UPDATE", "DELETE")
        return [s for s in self.statements if s.lstrip().upper().startswith(verbs)]

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)


@pytest.fixture
def statement_log(engine: Engine) -> Iterator[StatementLog]:
    log = StatementLog(engine)
    yield log
    log.close()


def row_counts(session: Session) -> dict[str, int]:
    """How many rows each table holds."""
    return {
        name: int(session.exec(select(func.count()).select_from(table)).one())
        for name, table in SQLModel.metadata.tables.items()
    }


class TransactionLog:
    """The statements an engine runs, grouped by transaction (BEGIN to COMMIT or ROLLBACK), to
    prove how many units of work something took and what each did."""

    def __init__(self, engine: Engine) -> None:
        self.transactions: list[list[str]] = []
        self._open: dict[int, list[str]] = {}
        self._engine = engine
        self._hooks = {
            "begin": self._begin,
            "before_cursor_execute": self._statement,
            "commit": self._end,
            "rollback": self._end,
        }
        for name, hook in self._hooks.items():
            event.listen(engine, name, hook)

    def _begin(self, conn: object) -> None:
        self._open[id(conn)] = []

    def _statement(self, conn: object, cursor: object, statement: str, *args: object) -> None:
        if (current := self._open.get(id(conn))) is not None and not statement.startswith("BEGIN"):
            current.append(statement)

    def _end(self, conn: object) -> None:
        if (done := self._open.pop(id(conn), None)) is not None:
            self.transactions.append(done)

    def touching(self, *tables: str) -> list[list[str]]:
        """The transactions that ran a statement naming one of ``tables``."""
        return [tx for tx in self.transactions if any(_names(s, tables) for s in tx)]

    def close(self) -> None:
        for name, hook in self._hooks.items():
            event.remove(self._engine, name, hook)


def _names(statement: str, tables: tuple[str, ...]) -> bool:
    words = set(statement.replace(",", " ").replace("(", " ").replace('"', " ").split())
    return any(table in words for table in tables)

"""Which schema revision a database is at, and bringing it to the revision this code expects.

The Alembic configuration is built from the ``alembic.ini`` shipped inside the ``db`` package,
so this works the same from a checkout and from an installed package. Migrations run on a
connection from our own engine (pragmas included), in one transaction: all or nothing.

Errors carry a ``code`` and ``params`` for the message catalog:

- ``schema_out_of_date`` (current, head): the database is behind and upgrading was not allowed;
- ``schema_unknown`` (current, head): the database is at a revision this code does not know,
  most likely written by a newer version of duban;
- ``schema_unversioned`` (head, tables): the database has duban's tables but no revision stamp;
- ``schema_foreign_keys_broken`` (rows): a migration left rows pointing at nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)

PACKAGE_DIR = Path(__file__).resolve().parent
ALEMBIC_INI = PACKAGE_DIR / "alembic.ini"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"


class SchemaError(Exception):
    """The database's schema is not the one this code runs on."""

    code = "schema_error"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.code}: {params}")


class SchemaOutOfDate(SchemaError):
    code = "schema_out_of_date"

    def __init__(self, current: str | None, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(current=current, head=head)


class SchemaUnknown(SchemaError):
    code = "schema_unknown"

    def __init__(self, current: str, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(current=current, head=head)


class SchemaUnversioned(SchemaError):
    code = "schema_unversioned"

    def __init__(self, head: str, tables: list[str]) -> None:
        self.head = head
        self.tables = tables
        super().__init__(head=head, tables=tables)


class ForeignKeysBroken(SchemaError):
    code = "schema_foreign_keys_broken"

    def __init__(self, rows: int) -> None:
        super().__init__(rows=rows)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's Config from the packaged ``alembic.ini``; ``connection`` is handed to env.py."""
    config = Config(str(ALEMBIC_INI))
    # absolute, whatever the working directory; '%' would start configparser interpolation
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The revision the models of this code correspond to."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is stamped with; ``None`` for a database never migrated."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="DEFERRED")  # reading only
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` in one transaction."""
    with migration_connection(engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def check_schema(engine: Engine, *, auto_upgrade: bool) -> None:
    """Return if the database is at head; upgrade it if behind and ``auto_upgrade``; else raise."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if current is None:
        ours = _our_tables(engine)
        if ours:
            raise SchemaUnversioned(head, ours)
    elif not _is_known(current):
        raise SchemaUnknown(current, head)
    if not auto_upgrade:
        raise SchemaOutOfDate(current, head)
    upgrade(engine)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction for running migrations.

    On SQLite, foreign keys are switched off while tables are rebuilt (batch mode copies and
    drops tables, which would otherwise cascade or fail) and checked before committing — the
    procedure SQLite's documentation gives for schema changes. The pragma only takes effect
    outside a transaction, so it is set on the driver connection before SQLAlchemy begins.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            _driver_execute(conn, "PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise ForeignKeysBroken(len(broken))
        finally:
            if sqlite:
                _driver_execute(conn, "PRAGMA foreign_keys = ON")


def _driver_execute(conn: Connection, sql: str) -> None:
    driver_connection: Any = conn.connection.driver_connection
    driver_connection.execute(sql)


def _is_known(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False


def _our_tables(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="DEFERRED")
        present = set(inspect(conn).get_table_names())
    return sorted(present & set(SQLModel.metadata.tables))

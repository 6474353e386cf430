"""Alembic's environment for duban: which tables, which connection, how types are written.

The application runs migrations through ``db.schema.upgrade``, which passes its own connection
(made by ``db.engine.make_engine``, so the SQLite pragmas apply) in
``config.attributes["connection"]`` inside one transaction. The ``alembic`` command, used while
developing, gets its URL from ``sqlalchemy.url`` or ``$DUBAN_DATABASE_URL`` instead.
"""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import UTCDateTime

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from db.engine import make_engine
from db.schema import migration_connection
from db.types import StrEnumType

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as the plain types they store, so revisions never import ``db``."""
    if type_ == "type":
        if isinstance(obj, StrEnumType):
            return f"sa.String(length={obj.length})"
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
    return False


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DUBAN_DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: set sqlalchemy.url or $DUBAN_DATABASE_URL")
    return url


def run_migrations_offline() -> None:
    """Write the SQL to stdout instead of running it (``alembic upgrade --sql``)."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,  # SQLite alters a table by copying it
        transactional_ddl=True,  # our SQLite engine emits BEGIN itself, so DDL is transactional
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(_url())
    try:
        with migration_connection(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

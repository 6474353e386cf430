"""Migrations: upgrading a fresh database, the head matching the models, refusing odd schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

from db.engine import make_engine
from db.schema import (
    SchemaOutOfDate,
    SchemaUnknown,
    SchemaUnversioned,
    alembic_config,
    check_schema,
    current_revision,
    head_revision,
    migration_connection,
    upgrade,
)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_upgrade_creates_every_table_and_stamps_head(bare_engine: Engine) -> None:
    assert current_revision(bare_engine) is None
    upgrade(bare_engine)
    assert current_revision(bare_engine) == head_revision()
    assert set(SQLModel.metadata.tables) <= _tables(bare_engine)


def test_migration_head_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_foreign_keys_are_back_on_after_migrating(engine: Engine) -> None:
    # migrations switch them off while tables are rebuilt; the pooled connection must not keep that
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_downgrade_to_base_removes_the_tables(engine: Engine) -> None:
    with migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), "base")
    assert not set(SQLModel.metadata.tables) & _tables(engine)
    assert current_revision(engine) is None


def test_works_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_file: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_check_schema_accepts_a_database_at_head(engine: Engine) -> None:
    check_schema(engine, auto_upgrade=False)
    assert current_revision(engine) == head_revision()


def test_check_schema_upgrades_when_allowed(bare_engine: Engine) -> None:
    check_schema(bare_engine, auto_upgrade=True)
    assert current_revision(bare_engine) == head_revision()
    assert set(SQLModel.metadata.tables) <= _tables(bare_engine)


def test_check_schema_refuses_an_old_database_when_upgrading_is_off(bare_engine: Engine) -> None:
    with pytest.raises(SchemaOutOfDate) as caught:
        check_schema(bare_engine, auto_upgrade=False)
    assert caught.value.current is None
    assert caught.value.head == head_revision()
    assert caught.value.code == "schema_out_of_date"
    assert not _tables(bare_engine) & set(SQLModel.metadata.tables)


@pytest.mark.parametrize("auto_upgrade", [True, False])
def test_check_schema_refuses_a_revision_it_does_not_know(
    engine: Engine, auto_upgrade: bool
) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
    with pytest.raises(SchemaUnknown) as caught:
        check_schema(engine, auto_upgrade=auto_upgrade)
    assert caught.value.current == "f00dfeedbeef"
    assert caught.value.head == head_revision()
    assert current_revision(engine) == "f00dfeedbeef"  # left alone


def test_check_schema_refuses_tables_without_a_revision(bare_engine: Engine) -> None:
    SQLModel.metadata.create_all(bare_engine)
    with pytest.raises(SchemaUnversioned) as caught:
        check_schema(bare_engine, auto_upgrade=True)
    assert "plan" in caught.value.tables


def test_unrelated_tables_do_not_count_as_a_schema(bare_engine: Engine) -> None:
    with bare_engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE apscheduler_jobs (id TEXT PRIMARY KEY)")
    check_schema(bare_engine, auto_upgrade=True)
    assert current_revision(bare_engine) == head_revision()

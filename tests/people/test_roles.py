"""Who a Telegram user is (coordinator, liaison, stranger), their language, and migration 0002."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.people.roles import (
    Person,
    Standing,
    add_coordinator,
    coordinator_ids,
    identify,
    liaisons_of,
    remove_coordinator,
    resolve_language,
    set_language,
)
from db.models import Department, Liaison, LiaisonDepartment, UserPreference
from db.schema import alembic_config, current_revision, head_revision, migration_connection, upgrade
from tests.support.database import NOW

LIAISON_USER = 5550001
COORDINATOR_USER = 5550002
STRANGER_USER = 5550003


def _department(session: Session, name: str) -> int:
    row = Department(name=name, created_at=NOW)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _liaison(session: Session, user_id: int, name: str, departments: list[int]) -> int:
    row = Liaison(telegram_user_id=user_id, full_name=name, created_at=NOW)
    session.add(row)
    session.flush()
    assert row.id is not None
    for department_id in departments:
        session.add(LiaisonDepartment(liaison_id=row.id, department_id=department_id))
    session.flush()
    return row.id


# --- identify ----------------------------------------------------------------------------


def test_a_stranger_is_known_only_by_their_id(session: Session) -> None:
    person = identify(session=session, telegram_user_id=STRANGER_USER, configured=[])
    assert person == Person(
        telegram_user_id=STRANGER_USER,
        standing=Standing.STRANGER,
        is_coordinator=False,
        liaison_id=None,
        department_ids=(),
        language=None,
    )


def test_a_coordinator_named_in_the_settings(session: Session) -> None:
    person = identify(
        session=session, telegram_user_id=COORDINATOR_USER, configured=[1, COORDINATOR_USER]
    )
    assert person.standing is Standing.COORDINATOR
    assert person.is_coordinator
    assert person.liaison_id is None


def test_a_coordinator_added_to_the_table(session: Session) -> None:
    assert add_coordinator(session=session, telegram_user_id=COORDINATOR_USER, now=NOW)
    person = identify(session=session, telegram_user_id=COORDINATOR_USER, configured=[])
    assert person.standing is Standing.COORDINATOR
    assert person.is_coordinator


def test_a_liaison_has_their_departments_ordered_by_name(session: Session) -> None:
    # inserted out of name order, so the order must come from the names
    second = _department(session, "区商务委")
    first = _department(session, "区农业农村委")
    liaison_id = _liaison(session, LIAISON_USER, "赵晓岚", [second, first])
    person = identify(session=session, telegram_user_id=LIAISON_USER, configured=[])
    assert person.standing is Standing.LIAISON
    assert not person.is_coordinator
    assert person.liaison_id == liaison_id
    assert "区农业农村委" < "区商务委"
    assert person.department_ids == (first, second)


def test_a_coordinator_who_is_also_a_liaison_is_a_coordinator_first(session: Session) -> None:
    department = _department(session, "区商务委")
    liaison_id = _liaison(session, LIAISON_USER, "赵晓岚", [department])
    person = identify(session=session, telegram_user_id=LIAISON_USER, configured=[LIAISON_USER])
    assert person.standing is Standing.COORDINATOR
    assert person.is_coordinator
    # what they serve as a liaison is still known
    assert person.liaison_id == liaison_id
    assert person.department_ids == (department,)


# --- coordinators ------------------------------------------------------------------------


def test_adding_and_removing_coordinators(session: Session) -> None:
    assert add_coordinator(session=session, telegram_user_id=30, now=NOW) is True
    assert add_coordinator(session=session, telegram_user_id=30, now=NOW) is False
    assert add_coordinator(session=session, telegram_user_id=10, now=NOW) is True
    assert coordinator_ids(session=session, configured=[20, 30]) == [10, 20, 30]

    assert remove_coordinator(session=session, telegram_user_id=30) is True
    assert remove_coordinator(session=session, telegram_user_id=30) is False
    assert coordinator_ids(session=session, configured=[]) == [10]


def test_a_coordinator_from_the_settings_cannot_be_removed_from_the_table(
    session: Session,
) -> None:
    assert remove_coordinator(session=session, telegram_user_id=20) is False
    person = identify(session=session, telegram_user_id=20, configured=[20])
    assert person.is_coordinator


def test_a_removed_coordinator_is_a_stranger_again(session: Session) -> None:
    add_coordinator(session=session, telegram_user_id=COORDINATOR_USER, now=NOW)
    remove_coordinator(session=session, telegram_user_id=COORDINATOR_USER)
    person = identify(session=session, telegram_user_id=COORDINATOR_USER, configured=[])
    assert person.standing is Standing.STRANGER


# --- language ----------------------------------------------------------------------------


def test_anyone_can_store_a_language_and_change_it(session: Session) -> None:
    set_language(session=session, telegram_user_id=STRANGER_USER, language="en", now=NOW)
    assert identify(session=session, telegram_user_id=STRANGER_USER, configured=[]).language == "en"

    later = NOW + timedelta(hours=1)
    set_language(session=session, telegram_user_id=STRANGER_USER, language="zh", now=later)
    session.commit()
    row = session.get(UserPreference, STRANGER_USER)
    assert row is not None
    assert (row.language, row.updated_at) == ("zh", later)
    assert len(session.exec(select(UserPreference)).all()) == 1


def test_the_same_language_again_keeps_its_timestamp(session: Session) -> None:
    set_language(session=session, telegram_user_id=STRANGER_USER, language="en", now=NOW)
    set_language(
        session=session, telegram_user_id=STRANGER_USER, language="en", now=NOW + timedelta(1)
    )
    row = session.get(UserPreference, STRANGER_USER)
    assert row is not None
    assert row.updated_at == NOW


@pytest.mark.parametrize(
    ("stored", "telegram_code", "expected"),
    [
        ("en", "zh-hans", "en"),  # a stored choice wins over Telegram
        ("zh", "en", "zh"),
        (None, "zh-hans", "zh"),
        (None, "zh-TW", "zh"),
        (None, "zh_CN", "zh"),
        (None, "ZH", "zh"),
        (None, "en", "en"),
        (None, "en-GB", "en"),
        (None, "de", "zh"),  # a language duban does not speak
        (None, None, "zh"),
        (None, "", "zh"),
    ],
)
def test_resolve_language(stored: str | None, telegram_code: str | None, expected: str) -> None:
    assert resolve_language(stored, telegram_code, "zh") == expected


def test_resolve_language_falls_back_to_the_given_default() -> None:
    assert resolve_language(None, "fr", "en") == "en"


# --- liaisons of departments -------------------------------------------------------------


def test_liaisons_of_lists_names_sorted_and_every_department_asked(session: Session) -> None:
    shared = _department(session, "区商务委")
    own = _department(session, "区农业农村委")
    empty = _department(session, "区审计局")
    _liaison(session, 1, "钱方舟", [shared])
    _liaison(session, 2, "孙一禾", [shared, own])
    _liaison(session, 3, "李未央", [])
    assert liaisons_of(session=session, department_ids=[shared, own, empty]) == {
        shared: sorted(["钱方舟", "孙一禾"]),
        own: ["孙一禾"],
        empty: [],
    }
    assert liaisons_of(session=session, department_ids=[]) == {}


# --- migration 0002 ----------------------------------------------------------------------

STAMP = "2030-03-25 09:00:00.000000"  # how SQLAlchemy stores a UTC datetime in SQLite


def _downgrade(engine: Engine, revision: str) -> None:
    with migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), revision)


def _liaison_rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT id, telegram_user_id, full_name, chat_id FROM liaison ORDER BY id"
            )
        ]


def test_migration_0002_round_trip_keeps_liaisons_and_their_language(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0001")
    with bare_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO department (id, name, created_at) VALUES (1, '区商务委', ?)", (STAMP,)
        )
        conn.exec_driver_sql(
            "INSERT INTO liaison (id, telegram_user_id, full_name, language, chat_id, created_at)"
            " VALUES (1, 777, '周明远', 'en', 777, ?), (2, 888, '吴若溪', NULL, 888, ?)",
            (STAMP, STAMP),
        )
        conn.exec_driver_sql(
            "INSERT INTO liaison_department (liaison_id, department_id) VALUES (1, 1), (2, 1)"
        )
    before = _liaison_rows(bare_engine)

    upgrade(bare_engine)
    assert current_revision(bare_engine) == head_revision()
    assert _liaison_rows(bare_engine) == before
    with Session(bare_engine) as session:
        assert len(session.exec(select(LiaisonDepartment)).all()) == 2
        preference = session.get(UserPreference, 777)
        assert preference is not None
        assert (preference.language, preference.updated_at) == ("en", NOW)
        assert session.get(UserPreference, 888) is None
        # a stranger's choice, which has nowhere to go on the way down
        set_language(session=session, telegram_user_id=999, language="zh", now=NOW)
        session.commit()

    _downgrade(bare_engine, "0001")
    assert current_revision(bare_engine) == "0001"
    assert _liaison_rows(bare_engine) == before
    with bare_engine.connect() as conn:
        languages = conn.exec_driver_sql("SELECT id, language FROM liaison ORDER BY id").all()
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert [tuple(r) for r in languages] == [(1, "en"), (2, None)]
    assert not {"user_preference", "upload"} & tables

    upgrade(bare_engine)
    assert _liaison_rows(bare_engine) == before
    with Session(bare_engine) as session:
        assert len(session.exec(select(LiaisonDepartment)).all()) == 2
        stored = session.exec(select(UserPreference)).all()
        assert [(p.telegram_user_id, p.language) for p in stored] == [(777, "en")]

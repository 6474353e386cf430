"""The same models, migrations and import on a real PostgreSQL server.

``.ci/run`` starts a throwaway server and sets ``DUBAN_TEST_POSTGRES_URL``; a developer without
one skips these tests, but CI never does (with ``CI`` set, a missing server is a failure).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

from bot.plans.importing import import_notice
from bot.reports.history import latest_reports
from bot.reports.intake import confirm_submission, read_message
from bot.reports.rounds import ReportError
from db.engine import make_engine, session_scope
from db.enums import SubmissionSource
from db.models import DepartmentGroupMember, Task
from db.schema import check_schema, current_revision, head_revision, upgrade
from tests.db.factories import bind_liaison

NOW = datetime(2021, 4, 1, 9, 0, tzinfo=UTC)


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


def test_a_report_is_read_confirmed_once_and_versioned_as_on_sqlite(
    pg: Engine, seed_path: Path, tmp_path: Path
) -> None:
    """The report path's SQL — the conditional claim of a submission, the latest report per
    task, the listing of tasks — gives the same rows on both databases."""
    lite = make_engine(f"sqlite:///{tmp_path / 'same.sqlite3'}")
    for engine in (pg, lite):
        upgrade(engine)
        import_notice(engine=engine, data=seed_path.read_bytes(), name="seed.txt", now=NOW)
        reporter = bind_liaison(engine, "区科技局", 2001, now=NOW)
        for message_id, said in enumerate(
            ("二.1 序时推进，新增发明专利120件", "二.1 已完成，新增发明专利215件")
        ):
            with session_scope(engine) as session:
                preview = read_message(
                    session=session,
                    reporter=reporter,
                    chat_id=2001,
                    message_id=message_id + 10,
                    text=said,
                    reply_to=None,
                    source=SubmissionSource.TEXT,
                    today=NOW.date(),
                    grace_days=5,
                    now=NOW,
                )
            assert preview.submission_id is not None
            with session_scope(engine) as session:
                confirm_submission(
                    session=session, reporter=reporter, submission_id=preview.submission_id, now=NOW
                )
            with (
                pytest.raises(ReportError, match="already_confirmed"),
                session_scope(engine) as session,
            ):
                confirm_submission(
                    session=session, reporter=reporter, submission_id=preview.submission_id, now=NOW
                )
        with session_scope(engine) as session:
            (latest,) = latest_reports(
                session=session,
                department_ids=reporter.department_ids,
                deadline_id=preview.period.deadline_id if preview.period else None,
                deadline_due=preview.period.due if preview.period else None,
            )
        assert (latest.code, latest.version, latest.status.value) == ("二.1", 2, "done")
        assert [(f.subject, f.value) for f in latest.figures] == [("新增发明专利", 215)]
    assert counts(pg) == counts(lite)

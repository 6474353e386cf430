"""Property-based tests of storing a notice: an import that fails leaves the database exactly as
it was, and one that succeeds leaves no orphan row behind.

The inputs are real notices damaged by ``tests.support.mutate`` (see test_properties.py), and
failures injected half-way through ``save_plan``. Each example runs on a copy of one template
database (migrated, sample imported), so examples never see each other's writes and a failure
replays the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

import bot.plans.storing
from bot.importer.model import NoticeError
from bot.plans.importing import import_notice, read_notice
from db.engine import make_engine
from db.models import Task
from db.schema import upgrade
from tests.support.dbstate import database, orphans, plan_state, snapshot
from tests.support.mutate import (
    ENCODINGS,
    DeleteLines,
    Mutation,
    apply_all,
    encode,
    office_mutations,
    text_mutations,
)
from tests.support.properties import (
    OFFICE,
    SAMPLE_NAME,
    Notice,
    count_outcome,
    fast,
)

NOW = datetime(2030, 3, 25, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)


# --- the database: nothing partial ------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    path: Path  # a migrated database holding the imported sample
    sample: bytes
    plan_id: int  # the sample's plan
    state: dict[str, Any]  # the sample plan as stored


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, notices: dict[str, Notice]) -> Template:
    path = tmp_path_factory.mktemp("importer-properties") / "template.db"
    sample = notices["sample"].text.encode()
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        stored = import_notice(engine=engine, data=sample, name=SAMPLE_NAME, now=NOW).result
        assert stored is not None and stored.created
        state = plan_state(engine, stored.plan_id)
        assert orphans(engine) == []
    finally:
        engine.dispose()
    return Template(path, sample, stored.plan_id, state)


def check_import_is_all_or_nothing(template: Template, data: bytes, name: str) -> None:
    """Import ``data`` over the template: refused → nothing changed; stored → the sample imported
    again is back as it was, with no orphan anywhere."""
    with database(template.path) as engine:
        before = snapshot(engine)
        try:
            import_notice(engine=engine, data=data, name=name, now=LATER)
        except NoticeError as exc:
            count_outcome(f"refused: {exc.code}")
            assert snapshot(engine) == before
            return
        count_outcome("stored")
        assert orphans(engine) == []
        again = import_notice(engine=engine, data=template.sample, name=SAMPLE_NAME, now=LATER)
        assert orphans(engine) == []
        assert plan_state(engine, template.plan_id) == template.state
        assert again.result is not None
        once_more = import_notice(engine=engine, data=template.sample, name=SAMPLE_NAME, now=LATER)
        assert once_more.result is not None and once_more.result.is_noop


# brackets.txt without its two section headings (一、 and 二、): its tasks, numbered twice
# from 1, all go to one untitled section.
NO_SECTIONS: list[Mutation[str]] = [DeleteLines(at=7), DeleteLines(at=2)]


@fast(50)
@given(
    source=st.sampled_from(("sample", "seed", "labelled.txt", "brackets.txt")),
    mutations=text_mutations,
    encoding=st.sampled_from(ENCODINGS),
)
@example(source="brackets.txt", mutations=NO_SECTIONS, encoding="utf-8")
def test_importing_a_damaged_notice_is_all_or_nothing(
    template: Template,
    notices: dict[str, Notice],
    source: str,
    mutations: list[Mutation[str]],
    encoding: str,
) -> None:
    notice = notices[source]
    data = encode(apply_all(notice.text, mutations), encoding)
    # the sample keeps its name, so a damaged sample that still reads updates the stored plan
    check_import_is_all_or_nothing(template, data, notice.name)


@fast(20)
@given(fmt=st.sampled_from(OFFICE), mutations=office_mutations)
def test_importing_a_damaged_office_file_is_all_or_nothing(
    template: Template,
    renderings: dict[tuple[str, str], bytes],
    fmt: str,
    mutations: list[Mutation[bytes]],
) -> None:
    check_import_is_all_or_nothing(
        template, apply_all(renderings["sample", fmt], mutations), f"sample.{fmt}"
    )


def test_a_notice_refused_when_stored_changes_nothing(
    template: Template, notices: dict[str, Notice]
) -> None:
    """A notice that reads but that storing refuses: no title, and a file name of punctuation."""
    data = DeleteLines(at=0).apply(notices["brackets.txt"].text).encode()
    name = "——.txt"
    assert read_notice(data, name).title is None
    with database(template.path) as engine:
        before = snapshot(engine)
        with pytest.raises(NoticeError) as caught:
            import_notice(engine=engine, data=data, name=name, now=LATER)
        assert caught.value.code == "plan_untitled"
        assert snapshot(engine) == before


# --- a failure half-way through save_plan -------------------------------------------------------


class Boom(RuntimeError):
    """An unexpected failure injected into save_plan."""


# What save_plan may raise half-way: a bug, or a refusal (a NoticeError from a later check).
FAILURES: dict[str, Callable[[str], Exception]] = {
    "crash": Boom,
    "refusal": lambda name: NoticeError("injected", "", step=name),
}


def _fail_on_call(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    call: int,
    failure: Callable[[str], Exception],
    probe: Callable[[Session], int],
    seen: list[int],
) -> None:
    """Make ``bot.plans.storing.<name>`` raise ``failure`` on its ``call``-th call, after flushing what
    the transaction holds so far and noting what ``probe`` counts in it."""
    original: Callable[..., Any] = getattr(bot.plans.storing, name)
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls < call:
            return original(*args, **kwargs)
        session: Session = kwargs.get("session") or args[0]
        session.flush()
        seen.append(probe(session))
        raise failure(name)

    monkeypatch.setattr(bot.plans.storing, name, failing)


def _count_tasks(session: Session, containing: str = "") -> int:
    query = select(func.count()).select_from(Task)
    if containing:
        query = query.where(Task.text.contains(containing))  # type: ignore[attr-defined]
    return int(session.exec(query).one())


@pytest.mark.parametrize(
    ("where", "call"),
    [("sync_targets", 3), ("_save_deadlines", 1)],
    ids=["third-task-targets", "deadlines-after-tasks"],
)
@pytest.mark.parametrize("notice", ["seed", "revised-sample"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failure_inside_save_plan_leaves_the_database_untouched(
    template: Template,
    notices: dict[str, Notice],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    call: int,
    notice: str,
    failure: str,
) -> None:
    if notice == "seed":  # a new plan: its tasks, units, departments and targets are all new
        data, name = notices["seed"].text.encode(), notices["seed"].name
        probe: Callable[[Session], int] = _count_tasks
    else:  # the stored plan revised: tasks rewritten in place
        text = notices["sample"].text.replace("增长", "同比增长")
        data, name = text.encode(), SAMPLE_NAME
        probe = lambda session: _count_tasks(session, "同比增长")  # noqa: E731
    seen: list[int] = []
    with database(template.path) as engine:
        with Session(engine) as session:
            probed_before = probe(session)
        before = snapshot(engine)
        _fail_on_call(monkeypatch, where, call, FAILURES[failure], probe, seen)
        with pytest.raises(Boom if failure == "crash" else NoticeError):
            import_notice(engine=engine, data=data, name=name, now=LATER)
        # the failure came after tasks were written inside the transaction ...
        assert len(seen) == 1 and seen[0] > probed_before
        # ... and none of it is left
        assert snapshot(engine) == before
        assert plan_state(engine, template.plan_id) == template.state
        monkeypatch.undo()
        stored = import_notice(engine=engine, data=data, name=name, now=LATER)
        assert stored.result is not None and not stored.result.is_noop
        assert orphans(engine) == []

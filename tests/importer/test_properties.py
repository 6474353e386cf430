"""Property-based tests of the notice importer: whatever a user uploads, the importer answers with
a plan that holds together or with a ``NoticeError`` — never another exception — and an import
that fails leaves the database exactly as it was.

The inputs are random bytes, and real notices (the bundled sample, the seed, the layout samples
in tests/data, and Word/Excel renderings of them) damaged by ``tests.support.mutate``.

Database properties run on a copy of one template database (migrated, sample imported) made
for each example, so examples never see each other's writes and a failure replays the same.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, exists, func
from sqlmodel import Session, SQLModel, col, select

import bot.plans
from bot.importer.model import NoticeError, ParsedPlan
from bot.importer.readers import read_document
from bot.imports import import_notice, read_notice
from db.engine import make_engine
from db.models import (
    Deadline,
    DeadlineSource,
    Department,
    DepartmentGroup,
    Plan,
    Section,
    Target,
    Task,
    TaskAssignment,
)
from db.schema import upgrade
from tests.support.mutate import (
    ENCODINGS,
    DeleteLines,
    Mutation,
    apply_all,
    encode,
    office_like_zips,
    office_mutations,
    render,
    text_mutations,
    xml_safe,
)

SAMPLE_NAME = "sample_notice.txt"
LAYOUTS = Path(__file__).resolve().parents[1] / "data"
NOW = datetime(2030, 3, 25, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)
SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")
OFFICE = ("docx", "xlsx")
SOURCES = ("sample", "seed", *sorted(p.name for p in LAYOUTS.iterdir()))


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


# --- the notices -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    name: str  # the file name it is imported under
    text: str = field(repr=False)


@pytest.fixture(scope="module")
def notices(seed_path: Path) -> dict[str, Notice]:
    """The real notices to damage: sample, seed and the layout samples, by short name."""
    found = {
        "sample": Notice(SAMPLE_NAME, (files("bot") / "data" / SAMPLE_NAME).read_text("utf-8")),
        "seed": Notice(seed_path.name, seed_path.read_text(encoding="utf-8-sig")),
    }
    for path in sorted(LAYOUTS.iterdir()):
        found[path.name] = Notice(path.name, path.read_text(encoding="utf-8-sig"))
    assert set(found) == set(SOURCES)
    return found


@pytest.fixture(scope="module")
def renderings(notices: dict[str, Notice]) -> dict[tuple[str, str], bytes]:
    """The sample and the seed as Word and Excel files."""
    return {
        (source, fmt): render(read_document(notices[source].text.encode(), "n.txt"), fmt)
        for source in ("sample", "seed")
        for fmt in OFFICE
    }


# --- what every answer must satisfy -----------------------------------------------------------


def check_plan(plan: ParsedPlan) -> None:
    """The invariants of a plan the importer returns, whatever it was read from."""
    codes = [t.code for t in plan.tasks]
    assert len(codes) == len(set(codes)), f"task codes repeat: {codes}"
    numerals = {s.numeral for s in plan.sections}
    units = set(plan.departments) | set(plan.groups)
    assert not set(plan.departments) & set(plan.groups), "a unit is both department and group"
    for task in plan.tasks:
        if numerals:
            assert task.section in numerals, f"{task.code}: section {task.section!r} not listed"
        else:
            assert task.section == "", f"{task.code}: section {task.section!r} without sections"
        assert set(task.lead) <= units, f"{task.code}: lead {task.lead} not in {units}"
        assert set(task.support) <= units, f"{task.code}: support {task.support} not in {units}"
        assert not set(task.lead) & set(task.support), f"{task.code}: lead and support overlap"
    for warning in plan.warnings:
        assert isinstance(warning.code, str) and warning.code, f"bad warning code: {warning}"
    json.dumps(plan.to_json(), ensure_ascii=False, allow_nan=False)


def _event(value: str) -> None:
    """Count an outcome for ``--hypothesis-show-statistics`` (inside a property only)."""
    if currently_in_test_context():
        event(value)


def read_or_refuse(data: bytes, name: str) -> ParsedPlan | None:
    """Read ``data``: a plan that holds together, or ``None`` for a ``NoticeError``.

    Any other exception propagates and fails the test: that is the property.
    """
    try:
        plan = read_notice(data, name)
    except NoticeError as exc:
        assert isinstance(exc.code, str) and exc.code
        assert isinstance(exc.where, str)
        _event(f"refused: {exc.code}")
        return None
    _event("read")
    check_plan(plan)
    return plan


# --- 1. random bytes --------------------------------------------------------------------------


@fast(150)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_give_a_plan_or_a_notice_error(data: bytes, suffix: str) -> None:
    read_or_refuse(data, "upload" + suffix)


@fast(60)
@given(data=office_like_zips, suffix=st.sampled_from(SUFFIXES))
def test_random_zip_archives_give_a_plan_or_a_notice_error(data: bytes, suffix: str) -> None:
    read_or_refuse(data, "upload" + suffix)


@fast(60)
@given(text=st.text(max_size=400), encoding=st.sampled_from(ENCODINGS))
def test_random_text_gives_a_plan_or_a_notice_error(text: str, encoding: str) -> None:
    for suffix in (".txt", ".csv"):
        read_or_refuse(encode(text, encoding), "upload" + suffix)


# --- 2. damaged notices -----------------------------------------------------------------------


@fast(300)
@given(
    source=st.sampled_from(SOURCES),
    mutations=text_mutations,
    encoding=st.sampled_from(ENCODINGS),
)
# the first section heading gone: the tasks above the next heading must still be in a listed
# section (an untitled one), or storing them fails
@example(source="sample", mutations=[DeleteLines(at=15)], encoding="utf-8")
@example(source="columns.csv", mutations=[DeleteLines(at=1)], encoding="gb18030")
def test_damaged_text_notices_give_a_plan_or_a_notice_error(
    notices: dict[str, Notice], source: str, mutations: list[Mutation[str]], encoding: str
) -> None:
    notice = notices[source]
    read_or_refuse(encode(apply_all(notice.text, mutations), encoding), notice.name)


@fast(80)
@given(
    source=st.sampled_from(("sample", "seed")),
    fmt=st.sampled_from(OFFICE),
    mutations=office_mutations,
)
def test_damaged_office_files_give_a_plan_or_a_notice_error(
    renderings: dict[tuple[str, str], bytes],
    source: str,
    fmt: str,
    mutations: list[Mutation[bytes]],
) -> None:
    read_or_refuse(apply_all(renderings[source, fmt], mutations), f"notice.{fmt}")


@fast(30)
@given(source=st.sampled_from(("sample", "labelled.txt", "brackets.txt")), mutations=text_mutations)
def test_damaged_notices_rendered_as_office_files_give_a_plan_or_a_notice_error(
    notices: dict[str, Notice], source: str, mutations: list[Mutation[str]]
) -> None:
    """Well-formed Word and Excel files whose content is a damaged notice (small notices only:
    rendering the seed as Word takes a tenth of a second, too slow to shrink a failure)."""
    text = xml_safe(apply_all(notices[source].text, mutations))
    try:
        doc = read_document(text.encode(), "damaged.txt")
    except NoticeError:
        return  # nothing left to render
    for fmt in OFFICE:
        read_or_refuse(render(doc, fmt), f"damaged.{fmt}")


def test_the_undamaged_notices_read_as_plans(
    notices: dict[str, Notice], renderings: dict[tuple[str, str], bytes]
) -> None:
    """The inputs the properties damage are themselves read as plans, so damage is measured."""
    for notice in notices.values():
        plan = read_or_refuse(notice.text.encode(), notice.name)
        assert plan is not None and plan.tasks, notice.name
    for (source, fmt), data in renderings.items():
        plan = read_or_refuse(data, f"{source}.{fmt}")
        assert plan is not None, (source, fmt)
        assert len(plan.tasks) == len(read_notice(notices[source].text.encode(), "n.txt").tasks)


# --- 3. the database: nothing partial ---------------------------------------------------------


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


@contextmanager
def database(template: Template) -> Iterator[Engine]:
    """A private copy of the template database, gone when the block ends."""
    with tempfile.TemporaryDirectory(dir=template.path.parent) as folder:
        path = Path(folder) / "duban.db"
        shutil.copyfile(template.path, path)
        wal = template.path.with_name(template.path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, path.with_name(path.name + "-wal"))
        engine = make_engine(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows."""
    tables: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            tables[table.name] = (len(rows), digest)
    return tables


def orphans(engine: Engine) -> list[str]:
    """Rows pointing at nothing (every foreign key), and tasks filed under another plan's section."""
    found: list[str] = []
    with engine.connect() as conn:
        found += [
            f"foreign_key_check: {tuple(r)}"
            for r in conn.exec_driver_sql("PRAGMA foreign_key_check")
        ]
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                parent = fk.column.table.alias()
                missing = conn.execute(
                    select(func.count())
                    .select_from(table)
                    .where(fk.parent.is_not(None))
                    .where(~exists().where(parent.c[fk.column.name] == fk.parent))
                ).scalar_one()
                if missing:
                    found.append(f"{table.name}.{fk.parent.name}: {missing} orphan rows")
        crossed = conn.execute(
            select(func.count())
            .select_from(Task)
            .join(Section, Section.id == Task.section_id)  # type: ignore[arg-type]
            .where(Section.plan_id != Task.plan_id)
        ).scalar_one()
        if crossed:
            found.append(f"task: {crossed} rows under another plan's section")
    return found


def plan_state(engine: Engine, plan_id: int) -> dict[str, Any]:
    """What a stored plan holds now: its active tasks, units, targets, notice deadlines and the
    sections those tasks are in. Removed rows are left out."""
    with Session(engine) as session:
        plan = session.get_one(Plan, plan_id)
        names = {d.id: d.name for d in session.exec(select(Department)).all()}
        groups = {g.id: g.name for g in session.exec(select(DepartmentGroup)).all()}
        tasks = session.exec(
            select(Task)
            .where(Task.plan_id == plan.id, Task.removed_at.is_(None))  # type: ignore[union-attr]
            .order_by(col(Task.position))
        ).all()
        sections = {s.id: s for s in session.exec(select(Section)).all()}
        units, targets = _by_task(session)
        return {
            "plan": plan.model_dump(exclude={"id", "imported_at", "updated_at"}),
            "tasks": [
                {
                    **task.model_dump(exclude={"id", "plan_id", "section_id"}),
                    "section": sections[task.section_id].model_dump(exclude={"id"}),
                    "units": sorted(
                        (a.role, a.position, names.get(a.department_id) or groups[a.group_id])
                        for a in units.get(task.id, [])
                    ),
                    "targets": [
                        t.model_dump(exclude={"id", "task_id"})
                        for t in sorted(targets.get(task.id, []), key=lambda t: t.position)
                        if t.removed_at is None
                    ],
                }
                for task in tasks
            ],
            "deadlines": sorted(
                (d.name, d.due, d.rule)
                for d in session.exec(select(Deadline).where(Deadline.plan_id == plan.id)).all()
                if d.source == DeadlineSource.NOTICE and d.removed_at is None
            ),
        }


def _by_task(
    session: Session,
) -> tuple[dict[int | None, list[TaskAssignment]], dict[int | None, list[Target]]]:
    units: dict[int | None, list[TaskAssignment]] = {}
    for a in session.exec(select(TaskAssignment)).all():
        units.setdefault(a.task_id, []).append(a)
    targets: dict[int | None, list[Target]] = {}
    for t in session.exec(select(Target)).all():
        targets.setdefault(t.task_id, []).append(t)
    return units, targets


def check_import_is_all_or_nothing(template: Template, data: bytes, name: str) -> None:
    """Import ``data`` over the template: refused → nothing changed; stored → the sample imported
    again is back as it was, with no orphan anywhere."""
    with database(template) as engine:
        before = snapshot(engine)
        try:
            import_notice(engine=engine, data=data, name=name, now=LATER)
        except NoticeError as exc:
            _event(f"refused: {exc.code}")
            assert snapshot(engine) == before
            return
        _event("stored")
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
    with database(template) as engine:
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
    """Make ``bot.plans.<name>`` raise ``failure`` on its ``call``-th call, after flushing what
    the transaction holds so far and noting what ``probe`` counts in it."""
    original: Callable[..., Any] = getattr(bot.plans, name)
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

    monkeypatch.setattr(bot.plans, name, failing)


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
    with database(template) as engine:
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

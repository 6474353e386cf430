"""Property-based tests of the notice importer: whatever a user uploads, the importer answers with
a plan that holds together or with a ``NoticeError`` — never another exception.

The inputs are random bytes, and real notices (the bundled sample, the seed, the layout samples
in tests/data, and Word/Excel renderings of them) damaged by ``tests.support.mutate``. That an
import which fails leaves the database exactly as it was is in test_properties_db.py.
"""

from __future__ import annotations

import json
import re

from hypothesis import example, given
from hypothesis import strategies as st

from bot.importer.model import NoticeError, ParsedPlan
from bot.importer.readers import read_document
from bot.importer.readers.decoding import clean_text
from bot.plans.importing import read_notice
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
from tests.support.properties import (
    OFFICE,
    PARAGRAPH_NOTICES,
    SOURCES,
    Notice,
    count_outcome,
    fast,
    paragraph_mutations,
)

SUFFIXES = (".txt", ".docx", ".xlsx", ".csv")


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


def read_or_refuse(data: bytes, name: str) -> ParsedPlan | None:
    """Read ``data``: a plan that holds together, or ``None`` for a ``NoticeError``.

    Any other exception propagates and fails the test: that is the property.
    """
    try:
        plan = read_notice(data, name)
    except NoticeError as exc:
        assert isinstance(exc.code, str) and exc.code
        assert isinstance(exc.where, str)
        count_outcome(f"refused: {exc.code}")
        return None
    count_outcome("read")
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


# --- 3. the paragraph layouts, damaged where their clauses are ---------------------------------

_NUMBERED = re.compile(r"^[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)、.．]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．()", "0123456789.（）")


def _squeezed(text: str) -> str:
    """Text as the reader compares it: cleaned, ASCII digits, full-width brackets, no spaces."""
    return "".join(
        c for c in clean_text(text).translate(_FULL_WIDTH) if c.isprintable() and not c.isspace()
    )


@fast(200)
@given(
    source=st.sampled_from(PARAGRAPH_NOTICES),
    mutations=paragraph_mutations,
    encoding=st.sampled_from(("utf-8", "gb18030")),
)
def test_damaged_paragraph_notices_never_invent_tasks_units_or_leaders(
    notices: dict[str, Notice], source: str, mutations: list[Mutation[str]], encoding: str
) -> None:
    """Labels, keywords, brackets and time limits moved, cut or doubled in the paragraph layouts:
    a plan or a refusal, never more tasks than numbered lines, and every unit, leader and time
    limit read is written in the file."""
    text = apply_all(notices[source].text, mutations)
    try:
        data = encode(text, encoding)
    except UnicodeEncodeError:
        return  # a character the encoding has not: nothing to read
    plan = read_or_refuse(data, notices[source].name)
    if plan is None:
        return
    lines = [line.translate(_FULL_WIDTH).strip(" \t\u3000") for line in text.splitlines()]
    assert len(plan.tasks) <= sum(bool(_NUMBERED.match(line)) for line in lines)
    written = _squeezed(text)
    for task in plan.tasks:
        for name in [*task.lead, *task.support]:
            assert _squeezed(name) in written, f"{task.code}: unit {name!r} is not in the file"
        for said in (task.leader, task.due_text):
            assert said is None or _squeezed(said) in written, f"{task.code}: {said!r}"


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

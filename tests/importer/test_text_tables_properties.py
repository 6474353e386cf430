"""Properties of the text-table readers: any task table written out as a box drawing, as web-page
paragraphs or lines, or in space-aligned columns reads back task for task; and the invented
notices with text tables, damaged at random, give a plan that holds together or a NoticeError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.importer.layout import TaskItem, read_layout
from bot.importer.readers import read_document
from tests.importer.test_properties import read_or_refuse
from tests.support.mutate import ENCODINGS, Mutation, apply_all, encode, text_mutations
from tests.support.properties import fast
from tests.support.texttables import MERGED, box, spaced, web

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
TEXT_TABLES = sorted(p.name for p in NOTICES.glob("t-*.txt"))
UNITS = ("区住建局", "区财政局", "区交通局", "区教育局", "区民政局", "区卫健委", "各街道办事处")
ALPHABET = "推进建设改造提升完成新建整治加快实施开展优化，"
DUES = ("6月底前", "年内", "9月30日前", "长期坚持", "")
HEADER = ("序号", "工作任务", "牵头单位", "配合单位", "完成时限")


@st.composite
def tables(draw: st.DrawFn) -> list[tuple[int, str, list[str], str]]:
    """Rows of (number, task, units — the first leads, the rest support, due)."""
    count = draw(st.integers(min_value=1, max_value=10))
    return [
        (
            number,
            draw(st.text(ALPHABET, min_size=2, max_size=30).filter(lambda t: t[0] != "，")),
            draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True)),
            draw(st.sampled_from(DUES)),
        )
        for number in range(1, count + 1)
    ]


def cells(table: list[tuple[int, str, list[str], str]]) -> list[list[str]]:
    return [list(HEADER)] + [
        [str(n), task, units[0], "、".join(units[1:]), due] for n, task, units, due in table
    ]


def read_back(text: str) -> list[tuple[int, str, list[str], list[str], str | None]]:
    items = read_layout(read_document(text.encode(), "n.txt")).items
    return [
        (
            t.number,
            t.text,
            t.units.lead if t.units else [],
            t.units.support if t.units else [],
            t.due,
        )
        for t in items
        if isinstance(t, TaskItem)
    ]


def wanted(
    table: list[tuple[int, str, list[str], str]],
) -> list[tuple[int, str, list[str], list[str], str | None]]:
    return [(n, task, [units[0]], units[1:], due or None) for n, task, units, due in table]


@fast(40)
@given(
    table=tables(),
    widths=st.tuples(
        st.integers(2, 4),
        st.integers(6, 30),
        st.integers(6, 16),
        st.integers(6, 20),
        st.integers(4, 10),
    ),
    ascii=st.booleans(),
    merge=st.booleans(),
)
def test_a_box_table_reads_back_task_for_task(
    table: list[tuple[int, str, list[str], str]],
    widths: tuple[int, ...],
    ascii: bool,
    merge: bool,
) -> None:
    rows = cells(table)
    if merge:  # a time limit equal to the one above is one merged cell over both rows
        for i in range(len(rows) - 1, 1, -1):
            if rows[i][4] and rows[i][4] == rows[i - 1][4]:
                rows[i][4] = MERGED
    assert read_back("说明\n" + box(widths, rows, ascii=ascii)) == wanted(table)


@fast(40)
@given(table=tables(), by_line=st.booleans())
def test_a_web_table_reads_back_task_for_task(
    table: list[tuple[int, str, list[str], str]], by_line: bool
) -> None:
    text = "关于印发任务分解表的通知\n\n" + web(cells(table), by_line=by_line) + "\n联系人：张三\n"
    assert read_back(text) == wanted(table)


@fast(40)
@given(table=tables(), task_width=st.integers(8, 30), unit_width=st.integers(8, 20))
def test_a_space_aligned_table_reads_back_task_for_task(
    table: list[tuple[int, str, list[str], str]], task_width: int, unit_width: int
) -> None:
    text = "说明\n\n" + spaced((4, task_width, unit_width, unit_width, 10), cells(table))
    assert read_back(text) == wanted(table)


@fast(120)
@given(
    source=st.sampled_from(TEXT_TABLES),
    mutations=text_mutations,
    encoding=st.sampled_from(ENCODINGS),
)
def test_damaged_text_table_notices_give_a_plan_or_a_notice_error(
    source: str, mutations: list[Mutation[str]], encoding: str
) -> None:
    text = (NOTICES / source).read_text(encoding="utf-8")
    read_or_refuse(encode(apply_all(text, mutations), encoding), source)

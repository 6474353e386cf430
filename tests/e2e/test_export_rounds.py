"""The exports of a deadline just passed, end to end: thirty days after 上半年 (so the current
round is 全年) a liaison of 区商务委 reports 一.4 and the co-led 三.8; ``/summary 上半年``,
the ledger from ``/export 上半年`` (and from the 台账 button under ``/summary 上半年``) and the
bulletin from ``/bulletin 上半年`` all count them as 逾期报送 with the days, and credit 三.8 to
区商务委 alone (its co-lead 区文旅委 named as not reported). The files are read back with
openpyxl and python-docx. The real bot, the sandbox, a real SQLite file."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.exports.ledger import HEADER_ROW
from tests.e2e.test_exports import document_of
from tests.e2e.test_late_reports import TO_THIRTY_DAYS_LATE, confirm, summary_text
from tests.support.world import COORDINATOR, LIAISON, World, button_data


@pytest.fixture
def late(imported: World) -> World:
    """Thirty days after 上半年, 区商务委 reports 一.4 (its own) and 三.8 (led with 区文旅委)."""
    imported.join(LIAISON, "区商务委")
    imported.clock.advance(days=TO_THIRTY_DAYS_LATE)
    confirm(imported, LIAISON, "一.4 序时推进，社会消费品零售总额300亿元")
    confirm(imported, LIAISON, "三.8 序时推进，线路已开通")
    return imported


def ledger_rows(data: bytes) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The main sheet's two title rows, and its rows by task code as {header: value}."""
    sheet = load_workbook(io.BytesIO(data))["台账"]
    titles = [str(sheet.cell(row, 1).value or "") for row in range(1, HEADER_ROW)]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    rows = {}
    for values in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        row = dict(zip(header, values, strict=True))
        rows[str(row["编号"])] = row
    return titles, rows


def bulletin_lines(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_summary_of_the_deadline_just_passed_counts_both_late(late: World) -> None:
    half = summary_text(late, "上半年")
    assert half.startswith("📋 督办汇总 · 上半年")
    assert "其中逾期报送 2 项" in half
    overdue = half.split("【逾期报送的任务】", 1)[1].split("【", 1)[0]
    three_eight = next(line for line in overdue.splitlines() if "三.8" in line)
    assert "区商务委 逾期 30 天报送" in three_eight and "区文旅委" not in three_eight
    culture = summary_text(late, "区文旅委 上半年")
    assert "未报送的牵头单位：区文旅委" in culture.split("三.8", 1)[1]


def test_export_of_the_deadline_just_passed_counts_late_reports_in_the_main_sheet(
    late: World,
) -> None:
    sent = late.say(COORDINATOR, "/export 上半年")
    name, data = document_of(late, sent)
    assert name == "台账_2026-08-09.xlsx"
    caption = next(m.text for m in sent if m.document is not None) or ""
    assert caption.startswith("报送节点：上半年")
    titles, rows = ledger_rows(data)
    assert "报送节点：上半年" in titles[1]
    assert "已报送2项（其中逾期报送2项）" in titles[1]
    assert rows["一.4"]["报送情况"] == "逾期报送（30天）"
    assert rows["一.4"]["最新状态"] == "序时推进"
    # the co-led task: credited to the unit that reported, its co-lead named as not reported
    coled = str(rows["三.8"]["报送情况"]).splitlines()
    assert "区商务委：逾期报送（30天）" in coled
    assert "区文旅委：逾期未报送" in coled
    assert rows["一.1"]["报送情况"] == "逾期未报送"  # 区发改委 never reported

    # bare, /export covers the current round (全年): nothing reported for it yet; its caption
    # says how to get the deadline just passed
    bare = late.say(COORDINATOR, "/export")
    hint = next(m.text for m in bare if m.document is not None) or ""
    assert hint.startswith(
        "本文件为当前报送节点“全年”；“上半年”已过报送期，如需该节点（含逾期报送）请发送 /export 上半年。\n"
    )
    _, current = document_of(late, bare)
    titles, rows = ledger_rows(current)
    assert "报送节点：全年" in titles[1] and "逾期报送" not in titles[1]
    assert rows["一.4"]["报送情况"] == "未报送"


def test_the_buttons_under_a_summary_of_that_deadline_export_that_round(late: World) -> None:
    view = next(m for m in late.say(COORDINATOR, "/summary 上半年") if m.buttons)
    data = button_data(view, "sx")
    assert len(data.encode()) < 64
    _, ledger = document_of(late, late.press(COORDINATOR, view, data=data))
    titles, rows = ledger_rows(ledger)
    assert "报送节点：上半年" in titles[1]
    assert rows["一.4"]["报送情况"] == "逾期报送（30天）"
    _, bulletin = document_of(late, late.press(COORDINATOR, view, data=button_data(view, "sb")))
    assert bulletin_lines(bulletin)[0] == "关于2026年重点任务上半年推进情况的通报"
    # under the current round's summary, the buttons export the current round
    current = next(m for m in late.say(COORDINATOR, "/summary") if m.buttons)
    _, ledger = document_of(late, late.press(COORDINATOR, current, data=button_data(current, "sx")))
    assert "报送节点：全年" in ledger_rows(ledger)[0][1]


def test_bulletin_of_the_deadline_just_passed_names_the_late_unit_and_the_co_lead(
    late: World,
) -> None:
    sent = late.say(COORDINATOR, "/bulletin 上半年")
    name, data = document_of(late, sent)
    assert name == "通报_2026-08-09.docx"
    lines = bulletin_lines(data)
    assert lines[0] == "关于2026年重点任务上半年推进情况的通报"
    assert any("（其中逾期报送2项）" in line for line in lines)
    heading = next(i for i, line in enumerate(lines) if line.endswith("部分单位逾期报送。"))
    assert lines[heading + 1] == "区商务委（2项，逾期30天）在报送截止后才报送，按逾期报送计。"
    coled = next(line for line in lines if line.startswith("1. 三.8"))
    assert coled.endswith("：区商务委已报送，区文旅委尚未报送。")
    # bare, /bulletin is on the current round, 全年, where nothing came late
    bare = late.say(COORDINATOR, "/bulletin")
    assert "请发送 /bulletin 上半年。" in (next(m.text for m in bare if m.document) or "")
    current = bulletin_lines(document_of(late, bare)[1])
    assert current[0] == "关于2026年重点任务全年推进情况的通报"
    assert not any("逾期报送" in line for line in current)


@pytest.mark.parametrize("command", ["/export", "/bulletin"])
def test_an_unknown_deadline_is_one_sentence_listing_the_plans(late: World, command: str) -> None:
    sent = late.say(COORDINATOR, f"{command} 三季度")
    assert [m.document for m in sent] == [None]
    assert sent[-1].text == "没有名为“三季度”的报送节点：现有节点为 上半年、全年。"
    late.say(COORDINATOR, "/lang en")
    english = late.say(COORDINATOR, f"{command} Q3")[-1].text or ""
    assert english.startswith("There is no deadline called “Q3”") and "上半年" in english


def test_a_button_whose_deadline_was_removed_says_so(late: World) -> None:
    view = next(m for m in late.say(COORDINATOR, "/summary 上半年") if m.buttons)
    late.say(COORDINATOR, "/deadline remove 上半年")
    sent = late.press(COORDINATOR, view, data=button_data(view, "sx"))
    assert [m.document for m in sent] == [None]
    assert "这个按钮已失效" in (sent[-1].text or "")


def test_within_the_grace_the_bare_exports_are_on_the_deadline_just_passed(
    imported: World,
) -> None:
    """Until 上半年's grace is over the bare commands cover it, with no hint; before the first
    deadline there is nothing passed to point to either."""
    elapsed = 0
    # 6-01; 7-11 and 7-15, the grace's first and last day; 7-16, the day after it
    for days, deadline in ((0, "上半年"), (40, "上半年"), (44, "上半年"), (45, "全年")):
        imported.clock.advance(days=days - elapsed)
        elapsed = days
        sent = imported.say(COORDINATOR, "/export")
        caption = next(m.text for m in sent if m.document is not None) or ""
        titles, _ = ledger_rows(document_of(imported, sent)[1])
        assert f"报送节点：{deadline}" in titles[1], days
        assert ("已过报送期" in caption) is (deadline == "全年"), days

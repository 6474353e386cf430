"""/summary end to end: the coordinator reads the picture of the deadline in pages, with the
chart under it and the export buttons; the variants; a liaison is refused; a name that fits no
department (or several) is explained. The real bot, the sandbox, a real SQLite file."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, col, func, select

from bot.callbacks import Action, encode
from bot.sandbox import SentMessage
from db.models import Deadline, Report, Task
from tests.support.world import COORDINATOR, LIAISON, World, button_data

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def reported(imported: World) -> World:
    """李娜 (区商务委) reports two tasks: 一.4 on track with a figure, 三.3 done."""
    imported.join(LIAISON, "区商务委")
    preview = imported.say(
        LIAISON, "一.4 序时推进，社会消费品零售总额150亿元；三.3 已完成，建成村级物流服务站点120个"
    )[-1]
    imported.press(LIAISON, preview, data=button_data(preview, "fc"))
    return imported


def summary(world: World, words: str = "") -> list[SentMessage]:
    return world.say(COORDINATOR, f"/summary {words}".strip())


def number(text: str, pattern: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in {text!r}"
    return tuple(int(group) for group in found.groups())


def task_count(world: World) -> int:
    with Session(world.engine) as session:
        return int(session.exec(select(func.count()).select_from(Task)).one())


def pages(world: World, first: SentMessage) -> list[str]:
    """Every page of a summary message, turning ▶ until the last (the message is edited)."""
    texts = [first.text or ""]
    current = first
    while "▶" in current.button_texts():
        current = next(
            m for m in world.press(COORDINATOR, current, "▶") if m.message_id == first.message_id
        )
        texts.append(current.text or "")
    return texts


def test_the_coordinator_sees_the_deadline_the_counts_the_chart_and_the_export_buttons(
    reported: World,
) -> None:
    sent = summary(reported)
    text_messages = [m for m in sent if m.photo is None]
    photos = [m for m in sent if m.photo is not None]
    assert len(text_messages) == 1 and len(photos) == 1
    text = text_messages[0].text or ""
    assert text.startswith("📋 督办汇总 · 上半年（7月10日（周五）截止）")
    assert "距截止还有 39 天" in text  # 1 June to 10 July
    assert "范围：全部任务" in text
    with Session(reported.engine) as session:
        reported_tasks = session.exec(select(func.count(func.distinct(col(Report.task_id))))).one()
    assert number(text, r"任务已报 (\d+)/(\d+)") == (reported_tasks, task_count(reported))
    assert number(text, r"完成 (\d+)　序时推进 (\d+)　滞后 (\d+)　未启动 (\d+)　未报送 (\d+)") == (
        1,
        1,
        0,
        0,
        task_count(reported) - 2,
    )
    # 三.3 done is green; 一.4's 150 of 420亿元 (36%) is short of the year's pace on 1 June
    # (151 of 364 days: 41%): yellow
    assert "序时进度 41%" in text
    assert f"🟢 1　🟡 1　🔴 0　⚪ {task_count(reported) - 2}" in text
    assert "一.4 社会消费品零售总额：150/420亿元，完成 36%（序时 41%）" in text
    assert text_messages[0].button_texts()[-2:] == ["📊 台账 xlsx", "📝 通报 docx"]
    data = [b.data for row in text_messages[0].buttons for b in row]
    # the export buttons carry the deadline on the screen: they export that round
    with Session(reported.engine) as session:
        half = session.exec(select(Deadline.id).where(Deadline.name == "上半年")).one()
    assert encode(Action.EXPORT_LEDGER, half) in data
    assert encode(Action.EXPORT_BULLETIN, half) in data
    photo = photos[0].photo
    assert photo is not None and reported.sandbox.file_bytes(photo).startswith(PNG)


def test_after_the_deadline_every_unreported_task_is_listed_over_pages_nothing_cut(
    reported: World,
) -> None:
    reported.clock.advance(days=40)  # 11 July: one day late
    first = next(m for m in summary(reported) if m.photo is None)
    texts = pages(reported, first)
    assert len(texts) > 1
    assert all(len(t.encode("utf-16-le")) // 2 <= 4096 for t in texts)
    assert "已过截止日 1 天" in texts[0]
    assert "【逾期未报齐的单位】" in texts[0]
    assert all(t.startswith("📋 督办汇总 · 上半年") for t in texts)
    assert any("（续）" in t for t in texts[1:])
    listed = {code for t in texts for code in re.findall(r"^🔴 (\S+) ", t, flags=re.MULTILINE)}
    with Session(reported.engine) as session:
        codes = set(session.exec(select(Task.code)).all())
    assert listed == codes - {"三.3", "一.4"}  # every task behind, none dropped
    # ◀ goes back to where we were
    last = next(
        m for m in reported.sandbox.messages(COORDINATOR) if m.message_id == first.message_id
    )
    back = reported.press(COORDINATOR, last, "◀")
    assert back[-1].text == texts[-2]


@pytest.mark.parametrize(
    ("words", "scope_line", "listed"),
    [
        ("区商务委", "范围：区商务委承担的任务", "【任务进展】"),
        ("商务委", "范围：区商务委承担的任务", "【任务进展】"),
        ("三", "范围：第三部分", "【任务进展】"),
        ("未报送", "范围：尚未报送的任务", "【未报送的任务】"),
    ],
)
def test_variants_narrow_the_picture_and_say_so(
    reported: World, words: str, scope_line: str, listed: str
) -> None:
    text = next(m for m in summary(reported, words) if m.photo is None).text or ""
    assert scope_line in text
    assert listed in text
    if words == "未报送":
        assert number(text, r"任务已报 (\d+)/(\d+)") == (0, task_count(reported) - 2)
    if words.endswith("商务委"):
        assert "三.3" in text and "已完成" in text


def test_behind_and_a_named_deadline(reported: World) -> None:
    reported.clock.advance(days=40)
    behind = next(m for m in summary(reported, "滞后") if m.photo is None)
    assert "范围：亮黄灯、红灯的任务" in (behind.text or "")
    whole_year = next(m for m in summary(reported, "全年") if m.photo is None)
    text = whole_year.text or ""
    assert text.startswith("📋 督办汇总 · 全年（12月25日")
    assert number(text, r"任务已报 (\d+)/(\d+)")[0] == 0  # the half-year reports are not its own
    # the page buttons keep the deadline (its id follows the kind's letter)
    pager = [b.data or "" for row in whole_year.buttons for b in row if b.text == "▶"]
    assert not pager or re.match(r"^v1:sp:a\d+:-:1$", pager[0])


def test_a_liaison_is_refused_politely(reported: World) -> None:
    said = reported.say(LIAISON, "/summary")
    assert said and "仅限督办室工作人员" in (said[-1].text or "")
    assert all(m.photo is None for m in said)


def test_an_unknown_department_is_explained_and_several_are_offered(reported: World) -> None:
    unknown = summary(reported, "海关总署")
    assert "没有找到与“海关总署”相符的单位" in (unknown[-1].text or "")
    several = summary(reported, "管委会")[-1]
    assert "有多个单位与“管委会”相符" in (several.text or "")
    names = several.button_texts()
    assert "临港物流园管委会" in names
    picked = reported.press(COORDINATOR, several, "临港物流园管委会")
    text = next(m for m in picked if m.photo is None and m.message_id != several.message_id).text
    assert "范围：临港物流园管委会承担的任务" in (text or "")
    assert any(m.photo is not None for m in picked)


def test_an_unknown_section_and_an_old_button(reported: World) -> None:
    said = summary(reported, "第九部分")
    assert "通知中没有第“九”部分" in (said[-1].text or "")
    anchor = summary(reported)[0]
    forged = reported.forge(COORDINATOR, anchor, encode(Action.SUMMARY_PAGE, "d", 999999, 0))
    assert forged and "按钮" in (forged[-1].text or "")


def test_in_english(reported: World) -> None:
    reported.say(COORDINATOR, "/lang en")
    text = next(m for m in summary(reported) if m.photo is None).text or ""
    assert text.startswith("📋 Summary · 上半年 (due Fri 10 Jul)")
    assert "Scope: all tasks" in text and "tasks reported 2/" in text

"""Liaisons join through one-time invite links and browse their department's tasks."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlmodel import Session, func, select

from db.models import Liaison, LiaisonDepartment
from tests.support.world import COORDINATOR, LIAISON, LIAISON_2, STRANGER, World

LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Za-z0-9_-]+)")


def liaisons(world: World) -> int:
    with Session(world.engine) as session:
        return session.exec(select(func.count()).select_from(Liaison)).one()


def test_invite_join_browse_and_read_a_task(imported: World) -> None:
    reply = imported.say(COORDINATOR, "/invite 商务委")[-1]  # 区商务委, without its 区
    match = LINK.search(reply.text or "")
    assert match and match.group(1) == imported.bot.application.bot.username
    assert len(match.group(2)) >= 22  # at least 128 random bits
    assert "【区商务委】" in (reply.text or "") and "只能使用一次" in (reply.text or "")

    greeting = imported.say(LIAISON, f"/start {match.group(2)}")[-1].text or ""
    assert "绑定成功：您已成为【区商务委】的联络员" in greeting
    assert "本单位牵头 8 项" in greeting  # 5 of its own, 3 through 各产业部门 and 区政府各部门
    assert "下一个报送节点：上半年，7月10日（周五），还有 39 天" in greeting

    page = imported.say(LIAISON, "/tasks")[-1]
    text = page.text or ""
    assert text.startswith("【区商务委】的重点任务（共 8 项）")
    assert text.count("【牵头】") == 6  # a page holds six
    assert [b.text for b in page.buttons[-1]] == ["1/2", "▶"]
    assert len(page.buttons) == 7  # a button per task on the page, and the pager

    second = imported.press(LIAISON, page, "▶")[-1]
    assert second.message_id == page.message_id  # the list pages in place
    assert [b.text for b in second.buttons[-1]] == ["◀", "2/2"]
    assert (second.text or "").count("【牵头】") == 2

    detail = imported.press(LIAISON, second, second.buttons[0][0].text)[-1]
    code = second.buttons[0][0].text.split()[0]
    assert (detail.text or "").startswith(f"任务 {code}")
    assert "牵头单位：" in (detail.text or "")
    back = imported.press(LIAISON, detail, "« 返回任务清单")[-1]
    assert [b.text for b in back.buttons[-1]] == ["◀", "2/2"]  # back on the page it came from


def test_task_detail_shows_targets(imported: World) -> None:
    imported.join(LIAISON, "区科技局")
    page = imported.say(LIAISON, "/tasks")[-1]
    button = next(row[0].text for row in page.buttons if row[0].text.startswith("二.1 "))
    detail = imported.press(LIAISON, page, button)[-1].text or ""
    assert "量化指标：" in detail
    assert "• 研发经费投入" in detail and "• 新增发明专利" in detail


def test_an_invite_works_once(imported: World) -> None:
    code = imported.invite_code("区财政局")
    imported.say(LIAISON, f"/start {code}")
    again = imported.say(LIAISON, f"/start {code}")[-2].text or ""
    assert "您已经是【区财政局】的联络员" in again
    other = imported.say(LIAISON_2, f"/start {code}")[-1].text or ""
    assert "already been used" in other and "区财政局" in other  # LIAISON_2's Telegram is English
    assert liaisons(imported) == 1


def test_an_expired_invite_is_refused(imported: World) -> None:
    code = imported.invite_code("区财政局")
    imported.clock.advance(days=15)  # invites last 14 days by default
    reply = imported.say(LIAISON, f"/start {code}")[-1].text or ""
    assert "已于 2026年6月15日（周一）09:00 过期" in reply and "区财政局" in reply
    assert liaisons(imported) == 0


def test_malformed_and_unknown_codes(imported: World) -> None:
    malformed = imported.say(LIAISON, "/start abc")[-1].text or ""
    assert "不完整或有误" in malformed
    unknown = imported.say(LIAISON, "/start " + "A" * 22)[-1].text or ""
    assert "无效" in unknown
    assert liaisons(imported) == 0


def test_two_liaisons_for_one_department_and_one_for_two(imported: World) -> None:
    imported.join(LIAISON, "区财政局")
    imported.join(LIAISON_2, "区财政局")
    greeting = imported.join(LIAISON, "区商务委")[-1].text or ""
    assert "区财政局" in greeting and "区商务委" in greeting
    with Session(imported.engine) as session:
        assert session.exec(select(func.count()).select_from(LiaisonDepartment)).one() == 3
    listing = imported.say(COORDINATOR, "/departments")[-1].text or ""
    assert re.search(r"区财政局：.*联络员：(李娜、Alex|Alex、李娜)", listing)


def test_ambiguous_name_offers_a_pick_list(imported: World) -> None:
    choices = imported.say(COORDINATOR, "/invite 管委会")[-1]
    names = [row[0].text for row in choices.buttons]
    assert set(names) == {"滨江商务区管委会", "清溪高新区管委会", "临港物流园管委会"}
    link = imported.press(COORDINATOR, choices, "临港物流园管委会")[-1].text or ""
    assert "【临港物流园管委会】" in link and LINK.search(link)


def test_no_match_says_how_to_find_names(imported: World) -> None:
    reply = imported.say(COORDINATOR, "/invite 宇宙局")[-1].text or ""
    assert "没有找到与“宇宙局”相符的单位" in reply and "/departments" in reply


def test_a_user_without_an_invite_is_told_how_to_get_one(imported: World) -> None:
    for text in ("你好", "/start", "/tasks"):
        reply = imported.say(STRANGER, text)[-1].text or ""
        assert "请向督办室索取本单位的邀请链接" in reply
        assert str(STRANGER) in reply  # their id, for the coordinator to add them if need be


def test_lang_switches_everything_the_user_sees(imported: World) -> None:
    imported.join(LIAISON, "区财政局")
    assert "Language set to English" in (imported.say(LIAISON, "/lang en")[-1].text or "")
    page = imported.say(LIAISON, "/tasks")[-1].text or ""
    assert page.startswith("Key tasks of 区财政局")
    assert "Next report due: 上半年, Fri 10 Jul" in page
    usage = imported.say(LIAISON, "/lang fr")[-1].text or ""
    assert "/lang zh" in usage
    choose = imported.say(LIAISON, "/lang")[-1]
    done = imported.press(LIAISON, choose, "中文")[-1]
    assert "已切换为中文" in (done.text or "")
    assert imported.say(LIAISON, "/help")[-1].text.startswith("您可以")  # type: ignore[union-attr]
    menus = imported.sandbox.commands()
    assert any("tasks" in str(v) for v in menus.values())


def test_telegram_language_is_the_default(imported: World) -> None:
    reply = imported.say(LIAISON_2, "/start")[-1].text or ""  # an English Telegram client
    assert "ask the supervision office for your department's invite link" in reply


def test_groups_hear_only_coordinators(imported: World) -> None:
    imported.sandbox.add_group(-100500, "督办工作群")
    assert imported.say(STRANGER, "/help", chat=-100500) == []
    assert imported.say(LIAISON, "你好", chat=-100500) == []
    reply = imported.say(COORDINATOR, "/departments", chat=-100500)
    assert reply and "责任单位共 28 个" in (reply[-1].text or "")


def test_invites_workbook_has_a_working_link_for_each_unstaffed_department(
    imported: World,
) -> None:
    imported.join(LIAISON, "区财政局")
    sent = imported.say(COORDINATOR, "/invites")[-1]
    assert sent.document is not None and (sent.document.file_name or "").endswith(".xlsx")
    assert "已为 27 个尚无联络员的单位各生成一个邀请链接" in (sent.text or "")
    book = load_workbook(io.BytesIO(imported.sandbox.file_bytes(sent.document)))
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True) if LINK.search(str(r[1]))]
    departments = [row[0] for row in rows]
    assert len(rows) == 27 and "区财政局" not in departments and len(set(departments)) == 27
    link = dict((row[0], str(row[1])) for row in rows)["区商务委"]
    code = LINK.search(link).group(2)  # type: ignore[union-attr]
    greeting = imported.say(LIAISON_2, f"/start {code}")[-1].text or ""
    assert "You are now the liaison for 区商务委" in greeting


def test_invites_when_everyone_has_a_liaison_or_before_any_import(world: World) -> None:
    assert "发给我" in (world.say(COORDINATOR, "/invites")[-1].text or "")
    assert "发给我" in (world.say(COORDINATOR, "/departments")[-1].text or "")


def test_a_pick_for_a_department_that_does_not_exist_is_explained(imported: World) -> None:
    anchor = imported.say(COORDINATOR, "/help")[-1]
    reply = imported.forge(COORDINATOR, anchor, "v1:ip:99999")[-1].text or ""
    assert "这个单位已不存在" in reply


def test_an_invite_is_not_redeemed_in_a_group(imported: World) -> None:
    code = imported.invite_code("区财政局")
    imported.sandbox.add_group(-100600, "工作群")
    imported.say(COORDINATOR, f"/start {code}", chat=-100600)
    assert liaisons(imported) == 0  # the link still waits for its liaison
    assert "绑定成功" in (imported.say(LIAISON, f"/start {code}")[-1].text or "")

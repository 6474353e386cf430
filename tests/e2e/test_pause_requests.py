"""A liaison's /pause under each ``[reminders] liaison_pause`` setting, end to end: "request"
(the default) asks the coordinators, who approve (the pause is set, the liaison told) or decline
(nothing set, the liaison told) with buttons; "direct" pauses at once; "off" refuses in words.
A coordinator's own /pause stays direct."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from db.enums import PauseRequestStatus
from db.models import Department, DepartmentPause, PauseRequest
from tests.support.world import (
    COORDINATOR,
    LIAISON,
    LIAISON_2,
    World,
    button_data,
    start_world,
    stop_world,
)


@pytest.fixture
def liaison(imported: World) -> World:
    """李娜 is the liaison of 区商务委; Alex (English) of 区科技局."""
    imported.join(LIAISON, "区商务委")
    imported.join(LIAISON_2, "区科技局")
    return imported


def world_with(tmp_path: Path, mode: str) -> Iterator[World]:
    world = start_world(tmp_path, reminders={"liaison_pause": mode})
    try:
        world.import_sample()
        world.join(LIAISON, "区商务委")
        yield world
        assert world.sandbox.violations == []
    finally:
        stop_world(world)


def pauses(world: World) -> dict[str, tuple[date, str | None]]:
    with Session(world.engine) as session:
        rows = session.exec(
            select(Department.name, DepartmentPause.until, DepartmentPause.reason).join(
                Department, col(Department.id) == col(DepartmentPause.department_id)
            )
        ).all()
    return {name: (until, reason) for name, until, reason in rows}


def requests(world: World) -> list[PauseRequestStatus]:
    with Session(world.engine) as session:
        return [r.status for r in session.exec(select(PauseRequest)).all()]


def ask(world: World, user: int = LIAISON) -> tuple[str, list]:
    """The liaison asks; what they read, and the coordinator's new messages."""
    before = len(world.sandbox.messages(COORDINATOR))
    told = world.say(user, "/pause 2026-08-01 出差")[-1].text or ""
    return told, world.sandbox.messages(COORDINATOR)[before:]


def test_a_request_is_pending_until_a_coordinator_approves(liaison: World) -> None:
    told, asked = ask(liaison)
    assert "已提交申请：暂停区商务委的报送提醒至 2026年8月1日（周六）（事由：出差）" in told
    assert "督办室批准后生效" in told
    assert pauses(liaison) == {} and requests(liaison) == [PauseRequestStatus.PENDING]
    [request] = asked
    assert "区商务委联络员李娜申请暂停报送提醒至 2026年8月1日（周六）" in (request.text or "")
    assert "事由：出差" in (request.text or "")
    assert request.button_texts() == ["✅ 批准", "✖ 不批准"]
    # the pending request is listed under the coordinator's /pause too, with its buttons
    listing = liaison.say(COORDINATOR, "/pause")
    assert any(m.button_texts() == ["✅ 批准", "✖ 不批准"] for m in listing)

    before = len(liaison.sandbox.messages(LIAISON))
    done = liaison.press(COORDINATOR, request, data=button_data(request, "pa"))
    assert "已批准（王敏）：区商务委暂停提醒至 2026年8月1日（周六），已通知联络员李娜" in (
        done[-1].text or ""
    )
    pressed = next(
        m for m in liaison.sandbox.messages(COORDINATOR) if m.message_id == request.message_id
    )
    assert pressed.buttons == [] and pressed.text == request.text  # decided: no second press
    assert pauses(liaison) == {"区商务委": (date(2026, 8, 1), "出差")}
    assert requests(liaison) == [PauseRequestStatus.APPROVED]
    [news] = liaison.sandbox.messages(LIAISON)[before:]
    assert (news.text or "").startswith("✅ 督办室已批准：区商务委的报送提醒暂停至 2026年8月1日")

    again = liaison.forge(COORDINATOR, request, button_data(listing[-1], "pd"))
    assert "这份申请已经批准过了" in (again[-1].text or "")
    assert pauses(liaison) == {
        "区商务委": (date(2026, 8, 1), "出差")
    }  # a late 不批准 changes nothing


def test_a_declined_request_pauses_nothing_and_the_liaison_is_told_in_english(
    liaison: World,
) -> None:
    told, [request] = ask(liaison, LIAISON_2)
    assert told.startswith("Request sent: pause reminders for 区科技局 through Sat 1 Aug 2026")
    before = len(liaison.sandbox.messages(LIAISON_2))
    done = liaison.press(COORDINATOR, request, data=button_data(request, "pd"))
    assert "已不批准（王敏）" in (done[-1].text or "")
    assert pauses(liaison) == {} and requests(liaison) == [PauseRequestStatus.DECLINED]
    [news] = liaison.sandbox.messages(LIAISON_2)[before:]
    assert (news.text or "").startswith("The office declined the pause for 区科技局")


def test_a_request_with_a_bad_date_is_refused_and_nothing_is_stored(liaison: World) -> None:
    assert "已经过去" in (liaison.say(LIAISON, "/pause 2026-05-20")[-1].text or "")
    assert requests(liaison) == []


def test_the_liaisons_usage_and_help_say_the_office_approves(liaison: World) -> None:
    assert "经督办室批准后生效" in (liaison.say(LIAISON, "/pause")[-1].text or "")
    assert "督办室批准后生效" in (liaison.say(LIAISON, "/help")[-1].text or "")


def test_a_coordinators_pause_stays_direct(liaison: World) -> None:
    liaison.say(COORDINATOR, "/pause 商务委 2026-06-20 外出学习")
    assert pauses(liaison) == {"区商务委": (date(2026, 6, 20), "外出学习")}
    assert requests(liaison) == []


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[World]:
    yield from world_with(tmp_path, "direct")


@pytest.fixture
def off(tmp_path: Path) -> Iterator[World]:
    yield from world_with(tmp_path, "off")


def test_direct_pauses_at_once_without_asking(direct: World) -> None:
    told, asked = ask(direct)
    assert "已暂停 1 个单位的报送提醒" in told and asked == []
    assert pauses(direct) == {"区商务委": (date(2026, 8, 1), "出差")}
    assert requests(direct) == []


def test_off_tells_the_liaison_the_office_sets_pauses(off: World) -> None:
    told, asked = ask(off)
    assert told == "暂停提醒由督办室统一设置，如需暂停请联系督办室。" and asked == []
    assert pauses(off) == {} and requests(off) == []
    assert "暂停提醒由督办室统一设置" in (off.say(LIAISON, "/help")[-1].text or "")

"""One-time invites: issuing, redeeming, refusing, the invites for unstaffed departments, and
the spreadsheet of links."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.people.invite_sheet import invites_workbook
from bot.people.invites import (
    InviteError,
    IssuedInvite,
    Joined,
    invite_link,
    issue_invite,
    issue_invites_for_unstaffed,
    redeem_invite,
)
from bot.people.roles import Standing, identify, liaisons_of
from bot.plans.storing import PlanNotFound, save_plan
from db.departments import add_group_members
from db.models import Department, Invite, Liaison, LiaisonDepartment
from tests.db.factories import GROUP, default_tasks, make_plan
from tests.support.database import NOW

DAYS = 14
ALICE = 7100001
BOB = 7100002


@pytest.fixture
def plan_id(session: Session) -> int:
    """The factories' plan, with two invented street offices standing behind its group."""
    result = save_plan(session=session, plan=make_plan(), now=NOW, source_sha256="a" * 64)
    add_group_members(session=session, members={GROUP: ["西坪街道", "东岭街道"]}, now=NOW)
    session.commit()
    return result.plan_id


def _department_id(session: Session, name: str) -> int:
    row = session.exec(select(Department).where(Department.name == name)).one()
    assert row.id is not None
    return row.id


def _issue(session: Session, name: str, *, now: datetime = NOW) -> IssuedInvite:
    return issue_invite(
        session=session,
        department_id=_department_id(session, name),
        created_by=42,
        now=now,
        valid_days=DAYS,
    )


def _redeem(
    session: Session,
    code: str,
    user: int,
    *,
    now: datetime = NOW + timedelta(hours=1),
    name: str = "郑书言",
    username: str | None = "zheng_sy",
) -> Joined:
    return redeem_invite(
        session=session,
        code=code,
        telegram_user_id=user,
        full_name=name,
        username=username,
        chat_id=user,
        now=now,
    )


def _invite_row(session: Session, code: str) -> Invite:
    digest = hashlib.sha256(code.encode()).hexdigest()
    return session.exec(select(Invite).where(Invite.code_hash == digest)).one()


# --- issue and redeem --------------------------------------------------------------------


def test_an_invite_binds_the_person_who_redeems_it(session: Session, plan_id: int) -> None:
    issued = _issue(session, "区科技局")
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", issued.code)
    assert issued.department_name == "区科技局"
    assert issued.expires_at == NOW + timedelta(days=DAYS)

    when = NOW + timedelta(hours=1)
    joined = _redeem(session, issued.code, ALICE, now=when)
    session.commit()

    assert joined.already_bound is False
    assert (joined.department_id, joined.department_name) == (issued.department_id, "区科技局")
    liaison = session.get(Liaison, joined.liaison_id)
    assert liaison is not None
    assert (liaison.telegram_user_id, liaison.full_name, liaison.username, liaison.chat_id) == (
        ALICE,
        "郑书言",
        "zheng_sy",
        ALICE,
    )
    person = identify(session=session, telegram_user_id=ALICE, configured=[])
    assert person.standing is Standing.LIAISON
    assert person.department_ids == (issued.department_id,)
    row = _invite_row(session, issued.code)
    assert (row.used_at, row.used_by_liaison_id, row.created_by) == (when, joined.liaison_id, 42)


def test_the_database_holds_only_the_codes_hash(
    session: Session, plan_id: int, db_file: Path
) -> None:
    issued = _issue(session, "区科技局")
    session.commit()
    digest = hashlib.sha256(issued.code.encode()).hexdigest()
    assert _invite_row(session, issued.code).code_hash == digest
    # the file and its write-ahead log, wherever SQLite has put the pages so far
    stored = b"".join(p.read_bytes() for p in db_file.parent.glob(f"{db_file.name}*"))
    assert digest.encode() in stored
    assert issued.code.encode() not in stored


def test_codes_are_all_different(session: Session, plan_id: int) -> None:
    codes = {_issue(session, "区科技局").code for _ in range(20)}
    assert len(codes) == 20


def test_a_used_invite_refuses_anyone_else(session: Session, plan_id: int) -> None:
    issued = _issue(session, "区科技局")
    _redeem(session, issued.code, ALICE)
    with pytest.raises(InviteError) as caught:
        _redeem(session, issued.code, BOB, name="冯知远")
    assert caught.value.code == "used"
    assert caught.value.params == {"department": "区科技局"}
    assert identify(session=session, telegram_user_id=BOB, configured=[]).standing is (
        Standing.STRANGER
    )


def test_the_same_person_pressing_the_link_again_is_already_bound(
    session: Session, plan_id: int
) -> None:
    issued = _issue(session, "区科技局")
    first = _redeem(session, issued.code, ALICE)
    # pressed again days later, past the expiry even, with a new Telegram name
    again = _redeem(
        session, issued.code, ALICE, now=NOW + timedelta(days=30), name="郑书言（科技局）"
    )
    assert again == Joined(
        liaison_id=first.liaison_id,
        department_id=first.department_id,
        department_name="区科技局",
        already_bound=True,
    )
    assert len(session.exec(select(LiaisonDepartment)).all()) == 1
    liaison = session.get(Liaison, first.liaison_id)
    assert liaison is not None
    assert liaison.full_name == "郑书言（科技局）"


def test_a_liaison_unbound_since_cannot_come_back_with_the_spent_link(
    session: Session, plan_id: int
) -> None:
    issued = _issue(session, "区科技局")
    joined = _redeem(session, issued.code, ALICE)
    binding = session.get(LiaisonDepartment, (joined.liaison_id, joined.department_id))
    session.delete(binding)
    session.flush()
    with pytest.raises(InviteError) as caught:
        _redeem(session, issued.code, ALICE)
    assert caught.value.code == "used"


def test_joining_marks_a_liaison_who_had_blocked_the_bot_reachable(
    session: Session, plan_id: int
) -> None:
    joined = _redeem(session, _issue(session, "区科技局").code, ALICE)
    liaison = session.get(Liaison, joined.liaison_id)
    assert liaison is not None
    liaison.unreachable_since = NOW
    session.flush()
    _redeem(session, _issue(session, "区财政局").code, ALICE)
    assert liaison.unreachable_since is None


def test_a_fresh_invite_for_a_department_already_served_is_left_for_someone_else(
    session: Session, plan_id: int
) -> None:
    _redeem(session, _issue(session, "区科技局").code, ALICE)
    spare = _issue(session, "区科技局")
    assert _redeem(session, spare.code, ALICE).already_bound is True
    assert _invite_row(session, spare.code).used_at is None
    assert _redeem(session, spare.code, BOB, name="冯知远").already_bound is False


def test_an_expired_invite_is_refused(session: Session, plan_id: int) -> None:
    issued = _issue(session, "区科技局")
    # a second before the end still works for someone; at the end it does not
    with pytest.raises(InviteError) as caught:
        _redeem(session, issued.code, ALICE, now=issued.expires_at)
    assert caught.value.code == "expired"
    assert caught.value.params == {"department": "区科技局", "expired_at": issued.expires_at}
    assert caught.value.params["expired_at"].utcoffset() == timedelta(0)

    late = _issue(session, "区财政局")
    joined = _redeem(session, late.code, BOB, now=late.expires_at - timedelta(seconds=1))
    assert joined.already_bound is False


@pytest.mark.parametrize(
    "code",
    [
        "",
        "abc",
        "a" * 15,
        "a" * 65,
        "abcdefgh ijklmnopq",
        "abcdefghijklmnop!",
        "邀请码邀请码邀请码邀请码邀请码邀请码",
        "abcdefghijklmnop\n",
    ],
)
def test_a_malformed_code_is_refused(session: Session, plan_id: int, code: str) -> None:
    with pytest.raises(InviteError) as caught:
        _redeem(session, code, ALICE)
    assert caught.value.code == "malformed"


def test_an_unknown_code_is_refused(session: Session, plan_id: int) -> None:
    _issue(session, "区科技局")
    with pytest.raises(InviteError) as caught:
        _redeem(session, secrets.token_urlsafe(16), ALICE)
    assert caught.value.code == "unknown"
    assert session.exec(select(Liaison)).all() == []


def test_a_liaison_may_serve_two_departments(session: Session, plan_id: int) -> None:
    first = _redeem(session, _issue(session, "区财政局").code, ALICE)
    second = _redeem(session, _issue(session, "区科技局").code, ALICE)
    assert first.liaison_id == second.liaison_id
    person = identify(session=session, telegram_user_id=ALICE, configured=[])
    by_name = sorted([("区财政局", first.department_id), ("区科技局", second.department_id)])
    assert person.department_ids == tuple(i for _, i in by_name)


def test_a_department_may_have_two_liaisons(session: Session, plan_id: int) -> None:
    a = _redeem(session, _issue(session, "区科技局").code, ALICE, name="郑书言")
    b = _redeem(session, _issue(session, "区科技局").code, BOB, name="冯知远")
    assert a.liaison_id != b.liaison_id
    department = _department_id(session, "区科技局")
    assert liaisons_of(session=session, department_ids=[department]) == {
        department: sorted(["郑书言", "冯知远"])
    }


def test_issuing_needs_an_existing_department_and_an_aware_now(
    session: Session, plan_id: int
) -> None:
    with pytest.raises(InviteError) as caught:
        issue_invite(session=session, department_id=9999, created_by=None, now=NOW, valid_days=1)
    assert (caught.value.code, caught.value.params) == ("no_department", {"department_id": 9999})
    with pytest.raises(ValueError, match="timezone-aware"):
        _issue(session, "区科技局", now=NOW.replace(tzinfo=None))


# --- invites for every department without a liaison --------------------------------------


def _unstaffed(session: Session, plan_id: int) -> list[IssuedInvite]:
    return issue_invites_for_unstaffed(
        session=session, plan_id=plan_id, created_by=42, now=NOW, valid_days=DAYS
    )


def test_unstaffed_departments_in_notice_order_with_group_members(
    session: Session, plan_id: int
) -> None:
    _redeem(session, _issue(session, "区财政局").code, ALICE)
    issued = _unstaffed(session, plan_id)
    # 一.1 科技局 (lead), 财政局 (support, staffed); 一.2 商务委; 二.1 住房城乡建委 and the
    # group's members by name; 二.2 the group again, then 城市管理局
    assert [i.department_name for i in issued] == [
        "区科技局",
        "区商务委",
        "区住房城乡建委",
        "东岭街道",
        "西坪街道",
        "区城市管理局",
    ]
    assert len({i.code for i in issued}) == len(issued)
    joined = _redeem(session, issued[3].code, BOB)
    assert joined.department_name == "东岭街道"
    assert "东岭街道" not in [i.department_name for i in _unstaffed(session, plan_id)]


def test_departments_only_in_removed_tasks_get_no_invite(session: Session, plan_id: int) -> None:
    revised = make_plan(tasks=[t for t in default_tasks() if t.code != "一.2"])
    save_plan(session=session, plan=revised, now=NOW, source_sha256="b" * 64)
    assert "区商务委" not in [i.department_name for i in _unstaffed(session, plan_id)]


def test_unstaffed_for_an_unknown_plan(session: Session, plan_id: int) -> None:
    with pytest.raises(PlanNotFound):
        _unstaffed(session, plan_id + 100)


# --- links and the spreadsheet -----------------------------------------------------------


def test_invite_link_is_a_deep_link() -> None:
    code = secrets.token_urlsafe(16)
    assert invite_link("@duban_demo_bot", code) == f"https://t.me/duban_demo_bot?start={code}"
    assert invite_link("duban_demo_bot", code) == f"https://t.me/duban_demo_bot?start={code}"


def test_the_workbook_lists_every_invite_with_a_working_link() -> None:
    expires = datetime(2030, 4, 8, 16, 30, tzinfo=ZoneInfo("UTC"))
    invites = [
        IssuedInvite(1, "区科技局", "A" * 22, expires),
        IssuedInvite(2, "某某新区开发建设管理委员会办公室", "b-_" * 7 + "c", expires),
    ]
    data = invites_workbook(
        invites,
        bot_username="duban_demo_bot",
        headers=["单位", "邀请链接", "有效期至"],
        title="联络员邀请链接",
        tz=ZoneInfo("Asia/Shanghai"),
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A1"].value == "联络员邀请链接"
    assert [c.value for c in sheet[2]] == ["单位", "邀请链接", "有效期至"]
    assert all(c.font.bold for c in sheet[2])
    assert sheet["A2"].fill.fill_type == "solid"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:C4"
    for row, invite in zip((3, 4), invites, strict=True):
        link = invite_link("duban_demo_bot", invite.code)
        assert sheet.cell(row, 1).value == invite.department_name
        assert sheet.cell(row, 2).value == link
        assert sheet.cell(row, 2).hyperlink.target == link
        # 16:30 UTC is half past midnight the next day in Shanghai
        assert sheet.cell(row, 3).value == datetime(2030, 4, 9, 0, 30)
    assert sheet.max_row == 4
    widths = {col: sheet.column_dimensions[col].width for col in "ABC"}
    # the long Chinese name needs more room than the short one would, the link fits
    assert widths["A"] >= 2 * len("某某新区开发建设管理委员会办公室")
    assert widths["B"] >= len(invite_link("duban_demo_bot", "A" * 22))
    assert widths["C"] >= len("2030-04-09 00:30")


def test_the_workbook_without_invites_still_has_its_header() -> None:
    data = invites_workbook(
        [],
        bot_username="duban_demo_bot",
        headers=["Department", "Link", "Expires"],
        title="Invites",
        tz=ZoneInfo("Asia/Shanghai"),
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["Department", "Link", "Expires"]
    assert sheet.max_row == 2

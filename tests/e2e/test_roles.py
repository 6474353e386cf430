"""Every coordinator command and button, tried by a liaison and by a stranger: each is refused
with a sentence, and the database is left exactly as it was.

Another department's liaison has asked for a pause (pending) and sent a photo, so that the
approve/decline and file buttons have something real to act on: the liaison trying them is of
another department."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from bot.callbacks import COORDINATOR_ACTIONS, Action, encode
from db.models import Deadline, Department, InboundMessage, PauseRequest, Upload
from tests.support.dbstate import snapshot
from tests.support.world import (
    COORDINATOR,
    LIAISON,
    LIAISON_2,
    STRANGER,
    World,
    sample_notice,
)

LIAISON_REFUSAL = "这个功能仅限督办室工作人员使用"
STRANGER_REFUSAL = "请向督办室索取本单位的邀请链接"

Act = Callable[[World, int], None]


def command(text: str) -> Act:
    return lambda world, user: world.say(user, text) and None


def button(action: Action) -> Act:
    """A forged press of a coordinator's button, with ids that would really do something."""

    def act(world: World, user: int) -> None:
        with Session(world.engine) as session:
            upload_id = session.exec(select(Upload.id)).first()
            department_id = session.exec(select(Department.id)).first()
            request_id = session.exec(select(PauseRequest.id)).first()
            file_row = session.exec(
                select(InboundMessage.id).where(InboundMessage.file_id != None)  # noqa: E711
            ).first()
            deadline_id = session.exec(select(Deadline.id)).first()
        assert request_id is not None and file_row is not None
        args = {
            Action.IMPORT_CONFIRM: (upload_id,),
            Action.IMPORT_CANCEL: (upload_id,),
            Action.INVITE_PICK: (department_id,),
            Action.INVITES_ALL: (),
            Action.DEPARTMENTS_PAGE: (0,),
            Action.SUMMARY_PAGE: ("D", department_id, 0),
            Action.EXPORT_LEDGER: (),
            Action.EXPORT_BULLETIN: (),
            Action.FILES_PAGE: (department_id, 0),
            Action.FILE_FETCH: (department_id, file_row),
            Action.PAUSE_APPROVE: (request_id,),
            Action.PAUSE_DECLINE: (request_id,),
            Action.TEMPLATE: (),
            Action.DEADLINE_RENEW: (deadline_id, 20270710),
        }[action]
        anchor = world.say(user, "/help")[-1]  # a message of the bot in the user's own chat
        world.forge(user, anchor, encode(action, *args))

    return act


ACTIONS: dict[str, Act] = {
    "/invite": command("/invite 区财政局"),
    "/invites": command("/invites"),
    "/departments": command("/departments"),
    "/summary": command("/summary"),
    "/summary <department>": command("/summary 区财政局"),
    "/export": command("/export"),
    "/bulletin": command("/bulletin"),
    "/tasks <department>": command("/tasks 区财政局"),
    "/deadline add": command("/deadline add 月报 2026-08-25"),
    "/deadline remove": command("/deadline remove 上半年"),
    "/pause <department>": command("/pause 区财政局 2026-08-01 出差"),
    "/resume <department>": command("/resume 区财政局"),
    "/files <department>": command("/files 区商务委"),
    **{f"button {action.name}": button(action) for action in sorted(COORDINATOR_ACTIONS)},
}


def test_every_coordinator_action_is_covered() -> None:
    assert {name for name in ACTIONS if name.startswith("button")} == {
        f"button {a.name}" for a in COORDINATOR_ACTIONS
    }


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("who", ["liaison", "stranger"])
def test_refused_and_nothing_changes(imported: World, name: str, who: str) -> None:
    world = imported
    world.upload(COORDINATOR, "pending.txt", sample_notice())  # a pending import to attack
    world.join(LIAISON_2, "区商务委")  # another department's liaison: a request and a photo
    world.say(LIAISON_2, "/pause 2026-08-01 出差")
    world.photo(LIAISON_2, b"\xff\xd8 not really a jpeg", caption="现场")
    user = LIAISON if who == "liaison" else STRANGER
    if who == "liaison":
        world.join(LIAISON, "区发改委")
    world.say(user, "/help")
    before = _state(world)
    count = len(world.sandbox.messages(user))

    ACTIONS[name](world, user)

    said = [m.text or "" for m in world.sandbox.messages(user)[count:]]
    expected = LIAISON_REFUSAL if who == "liaison" else STRANGER_REFUSAL
    if name == "/tasks <department>" and who == "liaison":
        # a liaison's /tasks always shows their own department, whatever they type after it
        assert said and said[-1].startswith("【区发改委】的重点任务")
    else:
        assert any(expected in text for text in said), said
    assert _state(world) == before
    previews = [m for m in world.sandbox.messages(COORDINATOR) if "导入预览" in (m.text or "")]
    assert previews[-1].buttons  # the pending preview still waits for the coordinator


def _state(world: World) -> dict[str, tuple[int, str]]:
    # inbound_message is the log of everything users send, kept on purpose; listed_task notes
    # which tasks a message the bot sent lists (a liaison's own /tasks answer lists theirs)
    state = snapshot(world.engine)
    state.pop("inbound_message")
    state.pop("listed_task")
    return state

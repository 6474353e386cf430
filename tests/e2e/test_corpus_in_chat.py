"""Every reply of the reader's corpus, sent to the real bot by a liaison of its department with
the real seed notice imported: each is kept verbatim, each gets an answer, and what the bot
offers to store names the tasks the reader finds in it (the database's view of a department's
tasks is the reader's). A reply the bot misreads or cannot read
is still kept whole — in ``inbound_message``, and in the submission when any task was read.

Replies written as answers to a bot message are sent as replies to the task's own detail
message when they name one task, and plainly otherwise (then only keeping them is checked).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.importer import parse_path
from bot.reading import read_reply
from bot.sandbox import SentMessage
from db.models import InboundMessage, Submission, Task
from tests.reading.conftest import department_tasks
from tests.reading.test_corpus import load_corpus
from tests.support.world import COORDINATOR, World, button_data, start_world, stop_world

pytestmark = pytest.mark.seed

FIRST_USER = 7000


def _task_detail(world: World, user: int, code: str) -> SentMessage:
    """Open /tasks and page until the task's button, then open its detail."""
    page = world.say(user, "/tasks")[-1]
    while True:
        label = next((b for b in page.button_texts() if b.startswith(f"{code} ")), None)
        if label is not None:
            return world.press(user, page, label=label)[-1]
        assert "▶" in page.button_texts(), f"{code} is not in {user}'s task list"
        page = world.press(user, page, label="▶")[-1]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """No department groups: the corpus reads each department's own tasks in the seed (the
    sample notice's groups would add tasks and make a bare number like 9号任务 ambiguous)."""
    world = start_world(tmp_path, departments={"groups": {}})
    try:
        yield world
        assert world.sandbox.violations == []
    finally:
        stop_world(world)


def test_every_corpus_reply_is_kept_answered_and_read(world: World, seed_path: Path) -> None:
    preview = world.upload(COORDINATOR, seed_path.name, seed_path.read_bytes())[-1]
    world.press(COORDINATOR, preview, data=button_data(preview, "ic"))
    corpus = load_corpus()
    plan = parse_path(seed_path)
    users: dict[str, int] = {}
    for department in dict.fromkeys(entry["department"] for entry in corpus):
        users[department] = FIRST_USER + len(users)
        world.sandbox.add_user(users[department], f"联络员{len(users)}")
        world.join(users[department], department)

    misread: list[str] = []
    for entry in corpus:
        user = users[entry["department"]]
        codes = entry.get("reply_to", [])
        if len(codes) == 1:
            answer = world.reply(user, _task_detail(world, user, codes[0]), entry["text"])
        else:
            answer = world.say(user, entry["text"])
        assert answer, f"{entry['id']}: no answer"
        mine = world.sent_by(user)
        with Session(world.engine) as session:
            kept = session.exec(
                select(InboundMessage.text).where(
                    InboundMessage.chat_id == user, InboundMessage.message_id == mine.message_id
                )
            ).one()
            submission = session.exec(
                select(Submission).where(
                    Submission.chat_id == user, Submission.message_id == mine.message_id
                )
            ).first()
            read = _codes(session, submission)
        assert kept == entry["text"], entry["id"]
        if submission is not None:
            assert submission.raw_text == entry["text"], entry["id"]
        if len(codes) > 1:
            continue  # a reply to several tasks, sent plainly: its reading may differ
        tasks = department_tasks(plan, entry["department"])
        scope = [t.task_id for t in tasks if t.code in codes] or None
        expected = sorted(t.code for t in read_reply(entry["text"], tasks, scope=scope).tasks)
        if read != expected:
            misread.append(f"{entry['id']}: {read} != {expected}")
    # the chat reads what the reader reads, with the department's tasks from the database
    assert misread == []


def _codes(session: Session, submission: Submission | None) -> list[str]:
    if submission is None:
        return []
    data: dict[str, Any] = json.loads(submission.reading)
    ids = [int(e["task_id"]) for e in data["entries"]]
    return sorted(session.exec(select(Task.code).where(col(Task.id).in_(ids))).all())

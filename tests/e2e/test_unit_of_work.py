"""One update, few units of work: the gate keeps the message and finds out who sent it in one
transaction, and no handler looks the person up again (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import pytest

from tests.support.database import TransactionLog
from tests.support.world import LIAISON, World

PERSON = ("coordinator", "liaison_department", "user_preference")  # what identifying reads


@pytest.fixture
def liaison(imported: World) -> World:
    imported.join(LIAISON, "区商务委")
    return imported


def test_a_liaisons_report_is_three_transactions_and_one_lookup(liaison: World) -> None:
    log = TransactionLog(liaison.engine)
    try:
        answers = liaison.say(LIAISON, "三.2 新增A级物流企业3家，另有2家正在评审，序时推进")
    finally:
        log.close()
    assert "三.2" in (answers[-1].text or "")  # read as a report, shown for Confirm

    kept, read, listed = log.touching("inbound_message", "submission", "listed_task")
    assert any("INSERT INTO inbound_message" in s for s in kept)  # first, before any reading
    assert any("INSERT INTO submission" in s for s in read)
    assert any("INSERT INTO listed_task" in s for s in listed)  # the answer's id, once sent
    lookups = [tx for tx in log.touching(*PERSON) if tx is not kept]
    assert lookups == []  # the person was looked up in the gate's transaction, and only there
    assert sum("user_preference" in s for s in kept) == 1


def test_a_button_press_is_looked_up_once(liaison: World) -> None:
    reading = liaison.say(LIAISON, "三.3 村级物流服务站点已建成74个，序时推进")[-1]
    log = TransactionLog(liaison.engine)
    try:
        confirmed = liaison.press(LIAISON, reading, "✅ 确认报送")
    finally:
        log.close()
    assert any("已保存" in (m.text or "") or "saved" in (m.text or "") for m in confirmed)
    assert len(log.touching(*PERSON)) == 1
    assert len(log.touching("report")) == 1  # the reports and the round, in one transaction

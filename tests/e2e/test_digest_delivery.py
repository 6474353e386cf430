"""The coordinators' digest goes out through the scheduler's ledger like a reminder: at the
weekly slot each coordinator gets the chart, the summary's lines and the ledger workbook, once;
with ``[digest] enabled = false`` nothing is sent."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.exports.ledger import HEADER_ROW
from db.enums import DeliveryStatus
from db.models import ReminderDelivery
from scheduler.jobs import JOB_ID
from tests.support.world import COORDINATOR, LIAISON, World, start_world, stop_world

# Friday 5 June 2026, 16:30 in Beijing: the weekly digest's slot ([digest] weekday 5, 16:00)
FRIDAY_AFTERNOON = datetime(2026, 6, 5, 8, 30, tzinfo=UTC)


def tick(world: World) -> None:
    assert world.bot.run_jobs_now(JOB_ID) == 1


def test_the_weekly_digest_reaches_the_coordinator_once(imported: World) -> None:
    imported.join(LIAISON, "区商务委")
    reading = imported.say(LIAISON, "一.4 序时推进，社会消费品零售总额150亿元")[-1]
    imported.press(LIAISON, reading, "✅ 确认报送")
    before = len(imported.sandbox.messages(COORDINATOR))

    imported.clock.advance(days=4, hours=7, minutes=30)
    assert imported.clock() == FRIDAY_AFTERNOON
    tick(imported)
    sent = imported.sandbox.messages(COORDINATOR)[before:]

    photos = [m for m in sent if m.photo is not None]
    texts = [m for m in sent if m.photo is None and m.document is None]
    files = [m for m in sent if m.document is not None]
    assert len(photos) == 1 and len(texts) == 1 and len(files) == 1
    assert imported.sandbox.file_bytes(photos[0].photo).startswith(b"\x89PNG")  # type: ignore[arg-type]
    assert (texts[0].text or "").startswith("📬 督办摘要（6月5日（周五））")
    assert "上半年" in (texts[0].text or "")
    assert files[0].document is not None
    assert files[0].document.file_name == "台账_2026-06-05.xlsx"
    book = load_workbook(io.BytesIO(imported.sandbox.file_bytes(files[0].document)))
    ledger = book.worksheets[0]
    code = [cell.value for cell in ledger[HEADER_ROW]].index("编号")
    rows = ledger.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    reported = [row for row in rows if row[code] == "一.4"]
    assert reported and "序时推进" in [str(cell) for cell in reported[0]]

    with Session(imported.engine) as session:
        rows = session.exec(select(ReminderDelivery).where(ReminderDelivery.kind == "digest")).all()
    assert [(r.chat_id, r.status) for r in rows] == [(COORDINATOR, DeliveryStatus.SENT)]

    tick(imported)  # the same slot again: already in the ledger
    assert len(imported.sandbox.messages(COORDINATOR)) == before + 3


def test_no_digest_when_turned_off(tmp_path: Path) -> None:
    world = start_world(tmp_path, digest={"enabled": False})
    try:
        world.import_sample()
        before = len(world.sandbox.messages(COORDINATOR))
        world.clock.advance(days=4, hours=7, minutes=30)
        tick(world)
        assert len(world.sandbox.messages(COORDINATOR)) == before
    finally:
        stop_world(world)

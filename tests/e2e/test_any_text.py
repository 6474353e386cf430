"""Property: whatever text anyone sends, the real bot handles it without failing and keeps it.

Arbitrary unicode (emoji, control characters), messages near Telegram's 4096 limit, and texts
assembled from the pieces of progress reports (task codes, status words, figures with units) go
from a bound liaison, a stranger and the coordinator to the real application through the
sandbox. For each: the bot finishes the update without its error handler running, breaks no Bot
API limit, and the ``inbound_message`` row holds exactly the text sent.

One world serves every example (a module fixture: starting a bot per example would take
minutes). The error handler is watched through its logger, with a handler of our own, since
pytest's function-scoped ``caplog`` does not reset between Hypothesis examples.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bot.sandbox.markup import utf16_len
from bot.texts import MAX_TEXT, t
from db.models import InboundMessage
from tests.support.world import COORDINATOR, LIAISON, STRANGER, World, start_world, stop_world

SENDERS = (LIAISON, STRANGER, COORDINATOR)
# Loggers whose ERROR records mean an update failed: the bot's error handler, and PTB's own
# (an exception escaping the error handler, or the updater failing).
WATCHED = ("duban.errors", "telegram.ext")


class ErrorRecords(logging.Handler):
    """Keeps the ERROR records of the watched loggers, for the test to read and clear."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Live:
    world: World
    errors: ErrorRecords
    notice_heads: list[str] = field(default_factory=list)  # how an error notice begins


def _notice_head(lang: str) -> str:
    """The fixed start of the coordinators' error notice, before its first placeholder."""
    return t("chat.error_coordinator", lang, what="\x00", kind="\x00").split("\x00")[0]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    world = start_world(tmp_path_factory.mktemp("any-text"))
    errors = ErrorRecords()
    loggers = [logging.getLogger(name) for name in WATCHED]
    for logger in loggers:
        logger.addHandler(errors)
    try:
        world.import_sample()
        world.join(LIAISON, "区商务委")
        assert errors.records == [] and world.sandbox.violations == []
        yield Live(world, errors, [_notice_head("zh"), _notice_head("en")])
    finally:
        for logger in loggers:
            logger.removeHandler(errors)
        stop_world(world)


# --- what people may send -----------------------------------------------------------------------

CODES = ["一.4", "二.5", "三.2", "3.3", "三、8", "第三部分第2项", "二．5", "4", "十二.31", "0.0"]
STATUS = [
    "已完成", "完成", "已办结", "序时推进", "有序推进", "正在推进", "推进中",
    "滞后", "进度滞后", "未达序时", "未启动", "尚未启动",
]  # fmt: skip
UNITS = ["亿元", "万元", "万户", "户", "件", "个", "家", "人", "%", "％", "亿美元", "万人次"]
FREE = ["五成", "过半", "二百一十五件", "一点八亿美元", "九十二个", "过了一半", "三成多"]
GLUE = ["，", "；", "。", "、", " ", "\n", ";", ",", "：", "（", "）", ""]

figures = st.builds(
    lambda number, unit: f"{number}{unit}",
    st.one_of(
        st.integers(min_value=0, max_value=10**9).map(str),
        st.decimals(min_value=0, max_value=10**6, places=2).map(str),
        st.integers(min_value=0, max_value=99_999).map(lambda n: f"{n:,}"),
        st.integers(min_value=0, max_value=9999).map(  # full-width digits
            lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        ),
    ),
    st.sampled_from(UNITS),
)
report_pieces = st.one_of(
    st.sampled_from(CODES),
    st.sampled_from(STATUS),
    st.sampled_from(FREE),
    figures,
    st.text(max_size=8),
)
report_like = st.lists(
    st.tuples(report_pieces, st.sampled_from(GLUE)), min_size=1, max_size=12
).map(lambda parts: "".join(piece + glue for piece, glue in parts))


def _fit(text: str) -> str:
    """At most MAX_TEXT UTF-16 code units (Telegram's limit), never cutting a pair in two."""
    while utf16_len(text) > MAX_TEXT:
        text = text[: -max(1, (utf16_len(text) - MAX_TEXT) // 2)]
    return text


very_long = st.builds(
    lambda piece, size: _fit(piece * (size // max(1, utf16_len(piece)) + 1)),
    st.one_of(st.text(min_size=1, max_size=40), report_like),
    st.integers(min_value=MAX_TEXT - 200, max_value=MAX_TEXT),
)
any_text = st.one_of(st.text(), st.text(min_size=1, max_size=300), report_like, very_long)


# --- the property -------------------------------------------------------------------------------


def _stored_text(live: Live, chat_id: int, message_id: int) -> str | None:
    with Session(live.world.engine) as session:
        rows = session.exec(
            select(InboundMessage).where(
                InboundMessage.chat_id == chat_id, InboundMessage.message_id == message_id
            )
        ).all()
    assert len(rows) == 1, f"stored {len(rows)} times"
    return rows[0].text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
@example(text="\x00\x07\x1b[31m\r\n\t\u200b\u202e\ufeff")  # NUL, escapes, invisible marks
@example(text="🎉" * (MAX_TEXT // 2))  # exactly 4096 UTF-16 code units, all surrogate pairs
@example(text="二.5 已完成，实际利用外资1.6亿美元；三.3 序时推进，站点建成过半")
@example(text="/report 三.2 滞后")  # a command nobody registered (yet), with arguments
def test_any_text_from_anyone_is_handled_and_kept(live: Live, text: str) -> None:
    # Telegram carries no empty (or blank) message and nothing over 4096 UTF-16 code units
    # (clients split longer ones); these are the only texts it could never deliver.
    assume(text.strip() and utf16_len(text) <= MAX_TEXT)
    sandbox, bot = live.world.sandbox, live.world.bot
    live.errors.records.clear()
    coordinator_before = len(sandbox.messages(COORDINATOR))

    sent: list[tuple[int, int]] = []  # (chat, update id)
    for user in SENDERS:
        sent.append((user, sandbox.send_text(user, text)))
    for _, update_id in sent:
        bot.wait_processed(update_id)

    assert live.errors.records == [], [r.getMessage() for r in live.errors.records]
    notices = [
        m.text
        for m in sandbox.messages(COORDINATOR)[coordinator_before:]
        if any((m.text or "").startswith(head) for head in live.notice_heads)
    ]
    assert notices == []
    assert sandbox.violations == []
    for user, _ in sent:
        mine = [m for m in sandbox.history(user) if m.from_id == user]
        assert mine[-1].text == text  # the sandbox delivered it as sent
        assert _stored_text(live, user, mine[-1].message_id) == text

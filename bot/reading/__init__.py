"""Reading free-text progress replies: task references, statuses, percentages and figures.

Pure: no Telegram, no SQL. The bot builds ``TaskRef`` values from the database, calls
``read_reply`` and shows the ``Reading``; ``reading_as_json`` is what ``read-reply --json`` prints.
"""

from __future__ import annotations

from bot.reading.content import named_by_content
from bot.reading.model import FigureReading, Reading, TargetRef, TaskReading, TaskRef
from bot.reading.reader import read_reply, reading_as_json

__all__ = [
    "FigureReading",
    "Reading",
    "TargetRef",
    "TaskReading",
    "TaskRef",
    "named_by_content",
    "read_reply",
    "reading_as_json",
]

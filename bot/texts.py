"""Every user-facing sentence, per language: Simplified Chinese first, English complete.

The catalogs live in ``bot.locale`` (one module per language and audience); this module merges
and renders them. ``t(key, lang, **params)`` renders one sentence; ``format_date`` writes a date
the way each language reads it (7月15日（周四） / Thu 15 Jul). Importer errors and warnings are keyed by their ``code``
(``error.<code>`` and ``warning.<code>``), so a new code needs a line here in both languages;
a test checks that every code the importer can produce has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bot.locale import (
    chat_en,
    chat_zh,
    en,
    export_en,
    export_zh,
    remind_en,
    remind_zh,
    sender_en,
    sender_zh,
    summary_en,
    summary_zh,
    zh,
)

ZH: dict[str, str] = {
    **zh.TEXTS,
    **chat_zh.TEXTS,
    **remind_zh.TEXTS,
    **sender_zh.TEXTS,
    **summary_zh.TEXTS,
    **export_zh.TEXTS,
}
EN: dict[str, str] = {
    **en.TEXTS,
    **chat_en.TEXTS,
    **remind_en.TEXTS,
    **sender_en.TEXTS,
    **summary_en.TEXTS,
    **export_en.TEXTS,
}
CATALOGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}
LANGUAGES = tuple(CATALOGS)


def t(key: str, lang: str = "zh", /, **params: Any) -> str:
    """The sentence ``key`` in ``lang`` (falling back to Chinese), with ``params`` filled in."""
    catalog = CATALOGS.get(lang, ZH)
    template = catalog.get(key) or ZH.get(key)
    if template is None:
        return f"{key} {params}" if params else key
    sep = "、" if lang == "zh" else ", "
    flat = {
        k: sep.join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }
    return template.format_map(_Lenient(flat))


class _Lenient(dict[str, Any]):
    """Leaves an unknown ``{name}`` as it is rather than failing on a missing parameter."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(kind: str, code: str, params: Mapping[str, Any], lang: str = "zh") -> str:
    """An importer error (``kind="error"``) or warning (``kind="warning"``) as a sentence."""
    return t(f"{kind}.{code}", lang, **dict(params))


WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(
    day: date, lang: str = "zh", *, year: bool = False, today: date | None = None
) -> str:
    """7月15日（周四） / Thu 15 Jul; with ``year``, or when ``day`` is not in ``today``'s year:
    2021年7月15日（周四） / Thu 15 Jul 2021."""
    year = year or (today is not None and today.year != day.year)
    if lang == "en":
        text = f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}"
        return f"{text} {day.year}" if year else text
    text = f"{day.month}月{day.day}日（周{WEEKDAYS_ZH[day.weekday()]}）"
    return f"{day.year}年{text}" if year else text


def format_time_limit(
    due: date | None, due_text: str | None, lang: str = "zh", *, year: int | None = None
) -> str | None:
    """A task's time limit: 6月30日 / Jun 30 (with its year when it is not ``year``); an open
    limit without a day (长期坚持) as the notice words it; ``None`` when there is none."""
    if due is None:
        return due_text or None
    other_year = year is not None and due.year != year
    if lang == "en":
        text = f"{MONTHS_EN[due.month - 1]} {due.day}"
        return f"{text}, {due.year}" if other_year else text
    text = f"{due.month}月{due.day}日"
    return f"{due.year}年{text}" if other_year else text


def format_due(due: date, days_left: int, lang: str = "zh") -> str:
    """A deadline ``days_left`` days from today (negative: past), with its year when that is not
    this year: 7月10日（周五）, or 2027年1月15日（周五） seen from December."""
    return format_date(due, lang, today=due - timedelta(days=days_left))


def format_datetime(moment: datetime, tz: tzinfo, lang: str = "zh", *, year: bool = False) -> str:
    """A moment in the office's time zone: 7月15日（周四）09:00 / Thu 15 Jul 09:00."""
    local = moment.astimezone(tz)
    gap = " " if lang == "en" else ""  # 7月15日（周四）09:00 — the bracket already separates
    return f"{format_date(local.date(), lang, year=year)}{gap}{local:%H:%M}"


# --- a text cut to fit Telegram's messages ----------------------------------------------------

MAX_TEXT = 4096  # Telegram's limit for one message, in UTF-16 code units


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut ``text`` into pieces under ``limit`` UTF-16 units, at line breaks where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if text_units(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while text_units(line) > limit:  # a single line longer than a message
            cut = _cut(line, limit)
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not pieces:
        pieces.append(current)
    return pieces


def text_units(text: str) -> int:
    """A text's length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _cut(line: str, limit: int) -> int:
    count = 0
    for index, char in enumerate(line):
        count += 2 if ord(char) > 0xFFFF else 1
        if count > limit:
            return index
    return len(line)

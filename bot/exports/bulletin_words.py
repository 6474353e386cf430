"""The words of the bulletin (通报) that do not depend on the summary: a task's first sentence,
a reported sentence made whole, Chinese list numerals, dates written out in full."""

from __future__ import annotations

import re
from datetime import date

from bot.summary.model import TaskLine

__all__ = ["gist", "long_date", "numeral", "sentence", "sep"]

_PUNCTUATION = "。；;，,.、 "
_DIGITS = "零一二三四五六七八九"


def gist(task: TaskLine) -> str:
    """The task's first sentence in full: a bulletin names tasks as the notice words them (the
    summary's short title is cut to fit a phone line)."""
    first = re.split(r"[。；;]", " ".join(task.text.split()), maxsplit=1)[0].rstrip(_PUNCTUATION)
    return first or task.title.rstrip(_PUNCTUATION)


def sentence(note: str | None, lang: str) -> str:
    """A reported sentence as one full sentence: trailing commas dropped, a full stop added
    (a Chinese one after Chinese words, whatever the draft's language)."""
    text = " ".join((note or "").split()).rstrip(_PUNCTUATION)
    if not text:
        return ""
    chinese = lang == "zh" or "\u3400" <= text[-1] <= "\u9fff"
    return text + ("。" if chinese else ".")


def numeral(number: int, lang: str) -> str:
    """一 … 九十九 for Chinese lists (（十一）), digits otherwise."""
    if lang != "zh" or not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def long_date(day: date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "

"""A task's own time limit (完成时限): the phrase as a notice writes it, and the last day it allows.

``parse_due`` reads a phrase from a 完成时限 column, a bracket or the task's text — 年内, 6月底前,
6月15日前, 三季度末, 上半年, 2021年12月底前完成, 2021—2022年 — as a date in the plan's year (an
explicit year wins; a range ends with its last year). Open limits (长期坚持, 持续推进) and words it
cannot read give ``None``. When a phrase holds several limits the latest one counts: it is the
last day the task is allowed.

``due_in_text`` finds such a phrase inside a task's text when the notice gives no column or
bracket for it. It is conservative: only clear limits (前/底/末, 年内, a whole clause 长期坚持),
never a figure of a target (增长6%) or a cut-off (截至6月底). Pure text work.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from bot.importer.targets import chinese_int

__all__ = ["due_in_text", "parse_due"]

MAX_PHRASE = 200  # a time limit is a few words; longer text is only searched in its first part

_CN = "一二三四五六七八九十"
_M = rf"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[{_CN[:9]}])"
_D = rf"(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[{_CN[:9]}]?|[{_CN[:9]}])"


def _y(tag: str) -> str:
    """An optional year before a time: 2022年, or 次年 (the plan's year + 1)."""
    return rf"(?:(?P<y{tag}>20\d{{2}})\s*年|(?P<next{tag}>次年|明年|下一年|翌年))?"


_DASH = r"\s*[-~至到]\s*"

# One alternation, tried left to right at each position: the longer shapes come first.
_PHRASE = re.compile(
    r"(?P<iso>(?P<iy>20\d{2})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2}))"
    rf"|(?P<range>20\d{{2}}\s*年?{_DASH}(?P<ry>20\d{{2}})(?!\d)\s*年?)"
    r"|(?P<yearmonth>(?P<ymy>20\d{2})[-./](?P<ymm>1[0-2]|0?[1-9])(?![\d.]))"
    rf"|(?P<month>{_y('m')}\s*{_M}\s*月\s*(?:{_D}\s*[日号]|(?P<part>上旬|中旬|下旬|底|末|份|中)?))"
    rf"|(?P<quarter>{_y('q')}\s*(?:第|前)?(?P<q>[一二三四1-4])\s*季度)"
    rf"|(?P<half>{_y('h')}\s*(?P<h>上半年|下半年|年中|年底|年末|年内|年终|全年|年度内?|当年|本年度?))"
    r"|(?P<year>(?:(?P<yy>20\d{2})\s*年|(?P<nexty>次年|明年|翌年))(?:底|末|内)?)"
)
_PART_DAY = {"上旬": 10, "中旬": 20, "中": 15}
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_HALF_END = {"上半年": (6, 30), "年中": (6, 30)}

# due_in_text: a limit is a time with a marker after it
_TIME = (
    r"(?:20\d{2}\s*年\s*)?(?:(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(?:3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?"
    r"|(?:第)?[一二三四1-4]\s*季度|上半年|下半年|(?:次|明|翌)?年)"
    r"|20\d{2}\s*年"
)
_STRONG = re.compile(
    rf"(?P<time>{_TIME})\s*(?P<mark>底前|末前|之前|以前|前|底|末)"
    r"(?P<verb>(?:全面|基本|全部|如期)?(?:完成|建成|竣工|投用|到位|落实))?"
)
_WEAK = re.compile(r"(?P<time>年内|年底|年末|年中|上半年|下半年|当年)")
_VERB_TAIL = re.compile(
    r"(?:全面|基本|全部|如期)?(?:完成|建成|竣工|投用|到位|落实|持续推进|推进|实施)?"
)
_CN_COUNT = "一二三四五六七八九十百两几多〇零"
_BOUNDARY = "，,。；;、:：()（）[]【】 \t\n"
_NOT_A_LIMIT = ("截至", "截止", "截止到", "自", "从", "每", "每个", "较", "比", "同比")
_OPEN_CLAUSE = re.compile(
    r"(?:^|[，,；;。(（\[【])\s*(?P<open>长期坚持|持续推进|长期推进|长期|常态化推进|持续开展)"
    r"\s*[)）\]】]?\s*[。；;]?\s*$"
)


def parse_due(text: str, *, year: int) -> date | None:
    """The last day a time-limit phrase allows, in ``year`` unless it names its own.

    ``None`` for an open limit (长期坚持), a recurring one (每月) or words without a time.
    """
    norm = _normalise(text)[:MAX_PHRASE]
    found: list[date] = []
    for m in _PHRASE.finditer(norm):
        if norm[: m.start()].rstrip().endswith("每"):
            continue  # 每月, 每季度: a reporting rhythm, not one day
        day = _day_of(m, year)
        if day is not None:
            found.append(day)
    return max(found) if found else None


def due_in_text(text: str) -> str | None:
    """The time limit a task's own text states (the last one when several), as written."""
    norm = _normalise(text)
    hits: list[tuple[int, str]] = []
    for m in _STRONG.finditer(norm):
        if _after_cut_off(norm, m.start()) or not _stands_alone(norm, m.start("time")):
            continue
        end = m.end() if m.group("verb") and _ends_clause(norm, m.end()) else m.end("mark")
        hits.append((m.start(), norm[m.start() : end].strip()))
    for m in _WEAK.finditer(norm):
        if any(start <= m.start() < start + len(words) for start, words in hits):
            continue
        if _after_cut_off(norm, m.start()) or not _stands_alone(norm, m.start()):
            continue
        tail = _VERB_TAIL.match(norm, m.end())
        end = tail.end() if tail else m.end()
        at_clause_end = _ends_clause(norm, end)
        at_clause_start = m.start() == 0 or norm[m.start() - 1] in _BOUNDARY
        if at_clause_end or at_clause_start:
            hits.append((m.start(), norm[m.start() : end] if at_clause_end else m.group()))
    if hits:
        return max(hits)[1]
    open_clause = _OPEN_CLAUSE.search(norm)
    return open_clause.group("open") if open_clause else None


def _normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, every dash to ``-``."""
    norm = unicodedata.normalize("NFKC", text)
    return re.sub(r"[—–‐―－~～]+", "-", norm).strip()


def _ends_clause(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in _BOUNDARY


def _after_cut_off(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith(_NOT_A_LIMIT)


def _stands_alone(text: str, start: int) -> bool:
    """A time not glued to a number before it (2012月, 三年内: not a month, not this year), nor
    a year before this one (上年底, 去年末)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before.isdigit() or before in _CN_COUNT:
        return False
    return not (text[start] == "年" and before in "上去前往")


def _day_of(m: re.Match[str], year: int) -> date | None:
    """The day one match of ``_PHRASE`` names; ``None`` when it is not a real day."""
    g = m.groupdict()
    # month, quarter and half name their own year (2022年, 次年) in groups tagged m, q, h
    tag = next((k[0] for k in ("month", "quarter", "half") if g[k]), "")
    own, next_year = g.get(f"y{tag}"), g.get(f"next{tag}")
    y = int(own) if own else year + 1 if next_year else year
    try:
        if g["iso"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["range"]:
            return date(int(g["ry"]), 12, 31)
        if g["yearmonth"]:
            ym_year, ym_month = int(g["ymy"]), int(g["ymm"])
            return date(ym_year, ym_month, calendar.monthrange(ym_year, ym_month)[1])
        if g["month"]:
            month = _number(g["m"])
            if month is None or not 1 <= month <= 12:
                return None
            last = calendar.monthrange(y, month)[1]
            if g["d"]:
                day = _number(g["d"])
                return date(y, month, day) if day else None
            return date(y, month, _PART_DAY.get(g["part"] or "", last))
        if g["quarter"]:
            q = _number(g["q"]) or 0
            month, day = _QUARTER_END[q]
            return date(y, month, day)
        if g["half"]:
            month, day = _HALF_END.get(g["h"], (12, 31))
            return date(y, month, day)
        if g["year"]:
            return date(int(g["yy"]) if g["yy"] else year + 1, 12, 31)
    except (ValueError, KeyError):
        return None  # 2月30日: the shape of a date, not a day
    return None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else chinese_int(text)

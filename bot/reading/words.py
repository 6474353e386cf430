"""The words of a progress reply: status vocabulary (with negations) and spoken percentages.

Rules a reader of the code should know:

- A status word that is negated (``未完成``, ``没有完成``) says no status; a negated "behind"
  (``未滞后``, ``没有滞后``) means on track.
- ``完成`` (and ``已完成``, ``办结`` …) followed in the same clause by a number is progress, not a
  status: ``完成投资3亿元``, ``已完成全年任务的60%``, ``完成八成`` say no status.
- ``完成`` after ``预计``/``争取``/``力争``/``将`` … is a plan, not a status.
- Words of correction (``不对``, ``更正``) drop every status said before them.
- ``过半`` reads as 50%, ``七成`` as 70%, ``七成五`` as 75%.
- English status words (done, on track, in progress, behind, delayed, not started) count too;
  "not done" / "not completed" says no status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.reading.numbers import CN_DIGITS
from db.enums import ReportStatus

_NOT_STARTED = r"(?:尚|还|暂|仍)?(?:未|没有?)(?:正式|全面)?(?:启动|开始|开工|开展|实施)|待启动|还没有?开始|没开始"
_BEHIND_NEGATED = r"(?:未|没有?|不|无|并未)(?:滞后|落后)"
_BEHIND = (
    r"未达(?:到)?序时(?:进度)?|未到序时|慢于序时|落后于序时|低于序时|(?:进度|进展)?(?:略有|稍有|有所|明显|严重)?滞后"
    r"|(?:进度|进展)?落后|(?:进度|进展|推进)(?:缓慢|较慢|偏慢)|滞厚|(?:进度|进展)之后(?=\s*(?:[,，。;；!！\n]|$))|(?:略|稍)?(?:低于|不及)预期"
)
_ON_TRACK = (
    r"(?:基本|已)?(?:完成|达到)序时(?:进度|任务|目标)?|超序时|快于序时|序时推[进近]|序时|时序推进|有序推进|正在推进|推进中|按计划推进|稳步推进"
    r"|持续推进|正常推进|顺利推进|加快推进|扎实推进|在推进|推进|按计划|按进度|进展顺利"
    r"|进展正常|进度正常|正常开展|正在实施|实施中|进行中|正在开展"
    r"|(?:扎实|深入|有序|持续|积极|稳步|全面|顺利|常态化)开展|进展良好|进度良好"
    r"|(?<!未)(?<!没)(?<!没有)(?<!不)(?:已经?|正式)启动(?![\d一二两三四五六七八九十])"
)
_DONE = (
    r"全面完成|超额完成|圆满完成|已经完成|已完[成层城工结]?|完成了|完成|已办结|办结|已结束|已达标"
    r"|(?:已|全面)?(?:完工|竣工)了?|已(?:开通|投用|投运|建成投用)|已?投入使用"
    r"|已(?:全面|全部)?建成(?:开放|投用)?|已(?:成功)?举办|(?:已|均已)?成功举办"
)
_DONE_NEGATION = re.compile(r"(?:未|没有?|尚未|还未|未能|不能|难以|无法|不)$")
_DONE_PLAN = re.compile(
    r"(?:预计|争取|力争|计划|将于|拟|确保|有望|能否|可以)\S{0,6}$|(?:底|月|日|号|之|以)前\S{0,2}$"
)
_CORRECTION = re.compile(r"不对|更正|纠正|说错了|应为|改为")

# English, for liaisons who use the bot in English (the office's own words stay Chinese)
_EN_NOT_DONE = r"(?i:\b(?:not|isn't|is not|hasn't been|has not been)\s+(?:yet\s+)?(?:done|completed|finished)\b)"
_EN_NOT_STARTED = r"(?i:\bnot\s+(?:yet\s+)?started\b)"
_EN_BEHIND = r"(?i:\bbehind(?:\s+schedule)?\b|\bdelayed\b|\blagging\b)"
_EN_ON_TRACK = r"(?i:\bon[ -]track\b|\bin\s+progress\b|\bongoing\b|\bon\s+schedule\b)"
_EN_DONE = r"(?i:\bdone\b|\bcompleted?\b|\bfinished\b)"

_KINDS: tuple[tuple[str, ReportStatus | None], ...] = (
    (_EN_NOT_DONE, None),
    (_EN_NOT_STARTED, ReportStatus.NOT_STARTED),
    (_EN_BEHIND, ReportStatus.BEHIND),
    (_EN_ON_TRACK, ReportStatus.ON_TRACK),
    (_EN_DONE, ReportStatus.DONE),
    (_NOT_STARTED, ReportStatus.NOT_STARTED),
    (_BEHIND_NEGATED, ReportStatus.ON_TRACK),
    (_BEHIND, ReportStatus.BEHIND),
    (_ON_TRACK, ReportStatus.ON_TRACK),
    (_DONE, ReportStatus.DONE),
)
_CN_DIGIT = "一二三四五六七八九"
PERCENT_WORDS = re.compile(rf"(?P<tens>[{_CN_DIGIT}])成(?P<units>[{_CN_DIGIT}])?|过半")
_CLAUSE_END = re.compile(r"[,，;；。!！?？\n]")
_NUMBER_AHEAD = re.compile(r"\d|[一二两三四五六七八九十百]|过半|百分之")


@dataclass(frozen=True)
class Word:
    """A recognised word: its span and what it says (a status, or a percentage)."""

    start: int
    end: int
    status: ReportStatus | None = None
    percent: float | None = None
    spoken: bool = True  # False for a negated or planned 完成: its words stay in the note


def find_statuses(text: str) -> list[Word]:
    """Status words in ``text`` in order, negations and progress-``完成`` already resolved."""
    taken = bytearray(len(text))  # characters a word already holds (a long text stays linear)
    words: list[Word] = []
    for pattern, status in _KINDS:
        for m in re.finditer(pattern, text):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            said, spoken = _resolve(text, m, status)
            words.append(Word(m.start(), m.end(), status=said, spoken=spoken))
    words.sort(key=lambda w: w.start)
    last_correction = max((m.end() for m in _CORRECTION.finditer(text)), default=-1)
    return [w for w in words if w.start >= last_correction]


def _resolve(
    text: str, m: re.Match[str], status: ReportStatus | None
) -> tuple[ReportStatus | None, bool]:
    """The status a matched word really says in its place, and whether the reading covers it."""
    if status is None:  # "not done": no status, and its words stay in the note
        return None, False
    if status is not ReportStatus.DONE:
        return status, True
    before = text[max(0, m.start() - 8) : m.start()]
    if _DONE_NEGATION.search(before[-3:]) and not m.group(0).startswith("已"):
        return None, False
    if _DONE_PLAN.search(before):
        return None, False
    rest = text[m.end() :]
    end = _CLAUSE_END.search(rest)
    clause_rest = rest[: end.start()] if end else rest
    gap = re.match(r"\s+(?=\S)", clause_rest)
    if gap and not _NUMBER_AHEAD.match(clause_rest, gap.end()):
        clause_rest = ""  # 已完成 专利208件: a space ends the status before the next figure
    if _NUMBER_AHEAD.search(clause_rest):
        return None, True  # 完成投资3亿元: the figure or percent carries it
    return status, True


def first_status(text: str) -> ReportStatus | None:
    """The first status said in ``text`` (None when none is)."""
    for word in find_statuses(text):
        if word.status is not None:
            return word.status
    return None


def find_percent_words(text: str) -> list[Word]:
    """Spoken percentages: ``七成`` (70), ``七成五`` (75), ``过半`` (50)."""
    words: list[Word] = []
    for m in PERCENT_WORDS.finditer(text):
        if m.group(0) == "过半":
            value = 50.0
        else:
            if m.start() > 0 and text[m.start() - 1] in "完达":  # 完成 is not 成
                continue
            value = CN_DIGITS[m.group("tens")] * 10.0
            if m.group("units"):
                value += CN_DIGITS[m.group("units")]
        words.append(Word(m.start(), m.end(), percent=value))
    return words

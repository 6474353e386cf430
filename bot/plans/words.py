"""A plan's words, in Chinese and English, one wording for the import preview, the chat, the
summary and the ledger: targets as an office writes them (增长6%左右, 突破10亿元, 不低于96%), a
task's time limit as read, and a notice's counts. No I/O."""

from __future__ import annotations

from typing import Protocol

from bot.importer.model import ParsedPlan, ParsedTask
from bot.texts import format_time_limit, t
from db.enums import Comparator, TargetKind

# Verbs a subject may already end with (单位能耗下降, 财政收入增加): no 增长 is added after them.
_VERBS = ("增长", "提高", "提升", "增加", "上升", "下降", "降低", "减少", "压减", "缩减")
# Words a notice puts before a floor (突破10亿元, 不低于95%), longest first: kept as written.
_FLOOR_WORDS = ("不低于", "不少于", "突破", "超过", "达到", "至少", "高于", "超", "逾", "达")
_DIGITS = frozenset("0123456789.")
_SUFFIX_ZH = {Comparator.ABOUT: "左右", Comparator.AT_LEAST: "以上", Comparator.EQUAL: ""}
_LEAD_EN = {Comparator.ABOUT: "about ", Comparator.AT_LEAST: "at least ", Comparator.EQUAL: ""}


class TargetLike(Protocol):
    """A target as read from a notice or as stored: what ``format_target`` needs of it (and
    its ``text``, the notice's words, when it has one)."""

    @property
    def subject(self) -> str: ...
    @property
    def comparator(self) -> Comparator | str: ...
    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> TargetKind | str: ...


def format_number(value: float) -> str:
    """``6``, ``6.5``, ``1.2``, ``1000000`` — never ``1e+06``, never ``6.0``."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_target(target: TargetLike, lang: str = "zh") -> str:
    """A target as an office writes it: 地区生产总值增长6%左右, 固定资产投资增长6%以上,
    研发经费支出突破10亿元, 参保率不低于96%, 新增发明专利200件; in English
    ``地区生产总值 growth of about 6%``, ``研发经费支出: at least 10亿元``."""
    comparator, kind = Comparator(target.comparator), TargetKind(target.kind)
    number = format_number(target.value)
    subject = target.subject.strip()
    has_verb = subject.endswith(_VERBS)
    if lang == "en":
        amount = f"{_LEAD_EN[comparator]}{number}{target.unit}"
        if kind is TargetKind.GROWTH:
            return f"{subject} by {amount}" if has_verb else f"{subject} growth of {amount}"
        return f"{subject}: {amount}"
    amount = f"{number}{target.unit}"
    if kind is TargetKind.GROWTH:
        return f"{subject}{'' if has_verb else '增长'}{amount}{_SUFFIX_ZH[comparator]}"
    if comparator is not Comparator.AT_LEAST:
        return f"{subject}{amount}{_SUFFIX_ZH[comparator]}"
    lead, more, above = _floor_words(str(getattr(target, "text", "") or ""), number)
    if more:  # 200余家: the notice's own way of saying "at least"
        return f"{subject}{lead}{number}{more}{target.unit}"
    if lead or above:  # as the notice put it: 突破10亿元, 达到400亿元以上, 38%以上
        return f"{subject}{lead}{amount}{'以上' if above else ''}"
    if kind is TargetKind.RATIO:  # a rate's floor, with no words of the notice to follow
        return f"{subject}不低于{amount}"
    return f"{subject}{amount}以上"


def _floor_words(text: str, number: str) -> tuple[str, str, bool]:
    """How the notice's words around ``number`` say "at least": the word before it (突破), a
    余/多 after it, and whether 以上 follows. Empty when the number is not in the text."""
    at = text.find(number)
    while at >= 0:
        before, after = text[:at].rstrip(), text[at + len(number) :]
        whole = (at == 0 or text[at - 1] not in _DIGITS) and after[:1] not in _DIGITS
        if whole:  # 10 in 突破10亿元, not in 2010年 or 10.5
            lead = next((w for w in _FLOOR_WORDS if before.endswith(w)), "")
            more = after[:1] if after[:1] in ("余", "多") else ""
            tail = after.lstrip("余多")
            unit_end = next((i for i, c in enumerate(tail) if c in "以及，。；、,;"), len(tail))
            return lead, more, tail[unit_end:].startswith(("以上", "及以上"))
        at = text.find(number, at + 1)
    return "", "", False


def counts_line(plan: ParsedPlan, lang: str) -> str:
    """``6 个部分，31 项任务，28 个单位，3 个单位组，27 个量化指标``."""
    return t(
        "cli.counts",
        lang,
        sections=len(plan.sections),
        tasks=len(plan.tasks),
        departments=len(plan.departments),
        groups=len(plan.groups),
        targets=sum(len(task.targets) for task in plan.tasks),
    )


def due_words(task: ParsedTask, lang: str, year: int | None) -> str:
    """A task's time limit as read: the day, and the notice's words when they say more
    (``6月30日（6月底前）``); an open limit in its words; empty when there is none."""
    day = format_time_limit(task.due, None, lang, year=year)
    if day is None:
        return task.due_text or ""
    if not task.due_text or task.due_text == day:
        return day
    return t("cli.due_words", lang, due=day, words=task.due_text)

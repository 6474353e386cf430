"""Task references in a reply: ``二.1``, ``2.1``, ``二、1``, ``第二部分第1项``, ``（二）1``, a
range ``三.15—三.17``, and the number alone (``第9项``, ``9号任务``, ``任务9``, ``9.`` or ``9 `` at
the start of a clause) when exactly one candidate task has that number.

Works on text from ``numbers.normalise`` (full-width already half-width). A reference with a
section (``三.4``) is always kept: it resolves to a department task, or is a *foreign* code the
caller shows as "not your task". A number alone that fits no single candidate is not a reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.reading.model import TaskRef
from bot.reading.numbers import UNIT_PATTERN, parse_chinese

_SEC = r"[一二三四五六七八九十]{1,2}"
_CN_NUM = r"[一二三四五六七八九十]{1,3}"
# After an Arabic 2.1: not a digit, and no unit right after it (2.2人 is a number, 2.2 人才 a code).
_NOT_QUANTITY = rf"(?![\d.])(?!\s*%)(?![十百千万亿])(?!{UNIT_PATTERN})"

# Qualified references (a section and a number), most specific first.
_QUALIFIED = (
    re.compile(
        rf"第\s*(?P<sec>{_SEC}|\d{{1,2}})\s*部分\s*第?\s*(?P<num>\d{{1,2}}|{_CN_NUM})\s*[项条个]?"
    ),
    re.compile(
        rf"\(\s*(?P<sec>{_SEC})\s*\)\s*第?\s*(?P<num>\d{{1,2}}|{_CN_NUM})(?:项|{_NOT_QUANTITY})"
    ),
    re.compile(
        rf"(?<![一二三四五六七八九十.])(?P<sec>{_SEC})\s*[.、·,]\s*(?P<num>\d{{1,2}}){_NOT_QUANTITY}"
    ),
    # Arabic 2.1 only where a reference can stand: at the start, after a space or punctuation.
    re.compile(
        rf"(?:^|(?<=[\s,;:。；、!?()\[\]【】\-—~*#>]))(?P<sec>[1-9])\s*\.\s*(?P<num>\d{{1,2}})"
        rf"{_NOT_QUANTITY}"
    ),
)
# A number alone, and whether the reference starts at the number (not at the words before it).
_ALONE: tuple[tuple[re.Pattern[str], bool], ...] = (
    (
        re.compile(
            rf"(?<!部分)第\s*(?P<num>\d{{1,2}}|{_CN_NUM})\s*(?:项|个任务|号任务|条)(?:任务)?"
        ),
        False,
    ),
    (re.compile(r"(?<![\d.])(?P<num>\d{1,2})\s*号任务"), False),
    (re.compile(rf"任务\s*(?P<num>\d{{1,2}}|{_CN_NUM})(?![\d.])"), False),
    (re.compile(r"(?:^|(?<=[\n;。；]))\s*(?P<num>\d{1,2})\s*[.、):](?![\d])"), True),
    # 19 尚未启动: at the start of a clause, a number, a space, then words (not a unit or a
    # percent sign: 3 个项目 and 60 % are quantities)
    (
        re.compile(
            rf"(?:^|(?<=[\n;。；]))\s*(?P<num>\d{{1,2}})[ \t]+(?!{UNIT_PATTERN}|%)(?=[^\d\s])"
        ),
        True,
    ),
)
# What may sit between two references that share one report: 三.6、三.8均…; 【二.1】【三.19】.
JOINERS = re.compile(r"[\s、,，和及与/&】【\[\]()（）:：\-—~*]*")

CN_SECTIONS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Ref:
    """A task reference: its span, the code it names and the task (None: a foreign code)."""

    start: int
    end: int
    code: str
    task: TaskRef | None
    alone: bool = False  # a number without its section (resolved against the candidates)
    by_content: bool = False  # no code: the clause's words name the task (see ``content``)
    others: tuple[TaskRef, ...] = ()  # by content and unsure: the other tasks it may be


def find_refs(text: str, tasks: Sequence[TaskRef], candidates: Sequence[TaskRef]) -> list[Ref]:
    """Task references in ``text``, in order, without overlaps.

    ``tasks``: the department's tasks (a qualified code resolves against these); ``candidates``:
    the tasks a number alone may mean (the replied-to ones, or all of the department's).
    """
    by_code = {t.code: t for t in tasks}
    refs: list[Ref] = []
    taken = bytearray(len(text))  # characters a reference already holds
    for pattern in _QUALIFIED:
        for m in pattern.finditer(text):
            code = _code(m.group("sec"), m.group("num"))
            if code is None or any(taken[m.start() : m.end()]):
                continue
            refs.append(Ref(m.start(), m.end(), code, by_code.get(code)))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for pattern, at_number in _ALONE:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            number = _number(m.group("num"))
            fits = [t for t in candidates if t.number == number]
            if len(fits) == 1:
                start = m.start("num") if at_number else m.start()
                refs.append(Ref(start, m.end(), fits[0].code, fits[0], alone=True))
                taken[start : m.end()] = b"\x01" * (m.end() - start)
    refs.sort(key=lambda r: r.start)
    return _drop_list_markers(text, _expand_ranges(text, refs, by_code))


_RANGE = re.compile(r"\s*(?:—|-|~|～|至|到)\s*")
_LONGEST_RANGE = 20


def _expand_ranges(text: str, refs: list[Ref], by_code: dict[str, TaskRef]) -> list[Ref]:
    """``三.15—三.17``: the department's tasks between two codes of one section are named too."""
    out: list[Ref] = []
    for i, ref in enumerate(refs):
        out.append(ref)
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        if nxt is None or ref.alone or nxt.alone or not _RANGE.fullmatch(text[ref.end : nxt.start]):
            continue
        (sec, first), (sec2, last) = ref.code.split("."), nxt.code.split(".")
        if sec != sec2 or not 0 < int(last) - int(first) <= _LONGEST_RANGE:
            continue
        for number in range(int(first) + 1, int(last)):
            task = by_code.get(f"{sec}.{number}")
            if task is not None:  # another department's task inside the range is not named
                out.append(Ref(ref.end, ref.end, task.code, task))
    return out


def _drop_list_markers(text: str, refs: list[Ref]) -> list[Ref]:
    """``3）四.17 …``: a number alone right before a qualified reference is list numbering."""
    kept: list[Ref] = []
    for i, ref in enumerate(refs):
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        if (
            ref.alone
            and nxt is not None
            and not nxt.alone
            and JOINERS.fullmatch(text[ref.end : nxt.start])
        ):
            continue
        kept.append(ref)
    return kept


def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    value = parse_chinese(text)
    return int(value) if value is not None and value == int(value) else None


def _code(section: str, number: str) -> str | None:
    """The code as the bot displays it: ``二.1``; None for a section or number out of range."""
    sec = _number(section)
    num = _number(number)
    if sec is None or num is None or not 1 <= sec <= len(CN_SECTIONS) or num < 1:
        return None
    return f"{CN_SECTIONS[sec - 1]}.{num}"

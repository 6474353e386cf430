"""``read_reply``: a liaison's free-text progress reply → what it says, task by task.

How a reply is cut up:

- Greetings at the start (``王主任好，``), thanks and signatures at the end (``——区科技局 李娜``)
  are set aside: they belong to no task and are not kept as notes.
- Each task reference starts the words about that task, up to the next reference. References
  with nothing between them (``三.6、三.8均序时推进``) share the words that follow.
- A qualified code names a department task even when the reply was to a message about other
  tasks; ``scope`` (the replied-to tasks) decides what a number alone or no reference means.
- A code the department does not have goes, with its words, to ``unattributed`` and its code to
  ``Reading.foreign_codes``.
- Words before the first reference that give a status, a percentage or a figure are about the
  one replied-to task (or the department's only task) when there is one.
- No reference: the reply is about the one replied-to task, or the department's only task;
  replying to several tasks with ``都``/``均``/``全部`` and a status gives each that status;
  otherwise nothing is attributed and all of it is ``unattributed``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.reading.body import CLAUSE_SEP, leftover, read_body
from bot.reading.content import content_refs
from bot.reading.model import FigureReading, Reading, TaskReading, TaskRef
from bot.reading.numbers import normalise
from bot.reading.refs import JOINERS, Ref, find_refs
from bot.reading.words import first_status
from db.enums import ReportStatus

log = logging.getLogger(__name__)

_TITLES = r"主任|科长|处长|局长|书记|领导|老师|同志|部长|组长|秘书|主席|区长|总"
_GREETING = re.compile(
    rf"^[\s,.!~]*(?:(?:[\u4e00-\u9fff]{{0,3}}(?:{_TITLES})|各位领导|大家|您|你|早上|上午|下午|晚上)们?好"
    r"[\s,.!~。]*|(?:报告|汇报)?(?:各位)?领导[\s,:。]+|(?:您好|你好)[\s,.!~。]*)+"
)
_SIGNATURE = re.compile(
    # a short tail after a dash, with no number in it (—三.17 推进中 is a range, not a name)
    r"(?:——|--|—|～)[^\n\d.]{0,24}$|\n\s*区[\u4e00-\u9fff]{1,8}[ ]+[\u4e00-\u9fff]{2,3}\s*$"
)
_SIGN_OFF = re.compile(
    r"(?:[\s,.!。]*(?:以上|谢谢|感谢|请审阅|请领导审阅|请审核|请查收|特此报告)[\s,.!~。]*)+$"
)
_ALL = re.compile(r"都|均|全部|全都|各项")
_CLOSING_ALL = re.compile(
    r"[,，;；。\s](?:以上)?(?:[两二三四五六七八九十\d]+项(?:任务|工作)?)?(?:均|都|全部|全都)"
    r"(?:已|在|为|处于)?\s*\S{0,6}$"
)

# A report's own list numbering standing alone (1. / 二、 / （三）): structure, not words.
_LIST_MARK = re.compile(
    r"\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、)）:：]?|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[)）])\s*"
)


@dataclass
class _Acc:
    """What the reply said about one task so far (a task may be named twice)."""

    task: TaskRef
    status: ReportStatus | None = None
    percent: float | None = None
    figures: dict[int, tuple[int, FigureReading]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    at: int = -1  # where the reply first named it by content (-1: by code)
    coded: bool = False  # named by its code somewhere in the reply
    spans: list[tuple[int, int]] = field(default_factory=list)  # the words read for it
    others: list[str] = field(default_factory=list)  # unsure: the codes it may be instead


def read_reply(
    text: str,
    tasks: Sequence[TaskRef],
    *,
    scope: Sequence[int] | None = None,
    assign: Mapping[int, int] | None = None,
) -> Reading:
    """Read ``text`` against the department's ``tasks``; ``scope``: ids of the replied-to tasks;
    ``assign``: for a clause named by content (``TaskReading.at``), the task id the liaison chose.

    Never raises: should a rule ever fail on some text, the whole text is returned unattributed
    (and the failure logged), so the message is never lost.
    """
    try:
        return read_strict(text, tasks, scope=scope, assign=assign)
    except Exception:  # the raw text must survive any reading bug
        log.exception("reading a reply failed; keeping it unattributed")
        return Reading(tasks=(), unattributed=_clean(text if isinstance(text, str) else ""))


def read_strict(
    text: str,
    tasks: Sequence[TaskRef],
    *,
    scope: Sequence[int] | None = None,
    assign: Mapping[int, int] | None = None,
) -> Reading:
    """``read_reply`` without the safety net (tests call it to see a failure)."""
    norm = _mask(normalise(text))
    orig = "".join(o if n != "\0" else " " for o, n in zip(text, norm, strict=True))
    norm = norm.replace("\0", " ")
    by_id = {t.task_id: t for t in tasks}
    scoped = [by_id[i] for i in scope or () if i in by_id]
    candidates = scoped or list(tasks)
    refs = find_refs(norm, tasks, candidates)
    single = scoped[0] if len(scoped) == 1 else (tasks[0] if len(tasks) == 1 else None)
    refs = content_refs(norm, refs, tasks, scoped, assign or {}, opening=single)
    accs: dict[int, _Acc] = {}
    if not refs:
        return _without_refs(norm, orig, tasks, scoped, accs)
    unattributed = [orig[: refs[0].start]]
    if single is not None and _says_something(norm[: refs[0].start], single):
        # 已完成，另：五.1 未启动 in reply to one task: the words before the first reference
        # are about the task replied to
        _read_into(accs, single, norm, orig, 0, refs[0].start)
        unattributed = []
    foreign: list[str] = []
    for group, start, end in _groups(norm, refs):
        known = [r.task for r in group if r.task is not None]
        foreign += [r.code for r in group if r.task is None and r.code not in foreign]
        if not known:
            unattributed.append(orig[group[0].start : end])
            continue
        for task in dict.fromkeys(known):
            _read_into(accs, task, norm, orig, start, end)
        for ref in group:
            acc = accs.get(ref.task.task_id) if ref.task is not None else None
            if acc is None:
                continue
            if not ref.by_content:
                acc.coded = True
            elif acc.at < 0:
                acc.at = ref.start
                acc.others = [o.code for o in ref.others if o.code != acc.task.code]
    _share_closing_status(norm[refs[-1].end :], accs)
    if len(scoped) > 1 and _ALL.search(norm[: refs[0].start]):
        _share_closing_status(" " + norm[: refs[0].start], accs)
    if len(scoped) > 1 and accs:
        _give_the_rest(norm, orig, scoped, accs)
    for task_id, acc in list(accs.items()):
        if acc.coded or acc.at < 0 or single is acc.task:
            continue
        if acc.status is None and acc.percent is None and not acc.figures:
            # 今天拆违现场检查: a task's words with nothing said about it are no report
            unattributed += [orig[a:b] for a, b in acc.spans]
            del accs[task_id]
    return Reading(
        tasks=tuple(_finish(a) for a in accs.values()),
        # a list number left alone is structure, when anything else was read
        unattributed=_join([p for p in unattributed if not (accs and _LIST_MARK.fullmatch(p))]),
        foreign_codes=tuple(foreign),
    )


def _without_refs(
    norm: str, orig: str, tasks: Sequence[TaskRef], scoped: list[TaskRef], accs: dict[int, _Acc]
) -> Reading:
    if len(scoped) == 1 or (not scoped and len(tasks) == 1):
        _read_into(accs, scoped[0] if scoped else tasks[0], norm, orig, 0, len(norm))
        return Reading(tasks=tuple(_finish(a) for a in accs.values()), unattributed="")
    status = first_status(norm)
    if len(scoped) > 1 and status is not None and _ALL.search(norm):
        note = _clean(orig)
        readings = (TaskReading(t.task_id, t.code, status, None, (), note) for t in scoped)
        return Reading(tasks=tuple(readings), unattributed="")
    if len(scoped) > 1 and _says_something(norm, None):
        # 已完成 in reply to a page of several tasks: which one is for the liaison to say
        return Reading(tasks=(), unattributed=_clean(orig), ask=tuple(t.code for t in scoped))
    return Reading(tasks=(), unattributed=_clean(orig))


_REST = re.compile(
    r"(?:其余|其他|其它|另外)(?:的)?(?:[两二三四五六七八九十\d]+项(?:任务|工作)?|任务|各项)"
)


def _give_the_rest(norm: str, orig: str, scoped: list[TaskRef], accs: dict[int, _Acc]) -> None:
    """``七.3 已办结，其余两项正常推进`` in reply to three tasks: the two not named get the
    status said of "the rest"."""
    m = _REST.search(norm)
    if m is None:
        return
    end = CLAUSE_SEP.search(norm, m.end())
    clause_end = end.start() if end else len(norm)
    status = first_status(norm[m.end() : clause_end])
    rest = [t for t in scoped if t.task_id not in accs]
    if status is None or not rest:
        return
    for task in rest:
        accs[task.task_id] = _Acc(task, status=status, notes=[orig[m.start() : clause_end]])


def _says_something(body: str, task: TaskRef | None) -> bool:
    got = read_body(body, task)
    return got.status is not None or got.percent is not None or bool(got.figures)


def _share_closing_status(tail: str, accs: dict[int, _Acc]) -> None:
    """``六.4 …；六.9 …，均序时推进``: a closing 均/都 + status is for every task named."""
    m = _CLOSING_ALL.search(tail)
    status = first_status(tail[m.start() :]) if m else None
    if status is None:
        return
    for acc in accs.values():
        acc.status = acc.status or status


def _groups(norm: str, refs: list[Ref]) -> list[tuple[list[Ref], int, int]]:
    """References with the span of words they share: ``[(refs, body_start, body_end)]``."""
    groups: list[tuple[list[Ref], int, int]] = []
    current: list[Ref] = []
    for i, ref in enumerate(refs):
        current.append(ref)
        end = refs[i + 1].start if i + 1 < len(refs) else len(norm)
        if i + 1 < len(refs) and JOINERS.fullmatch(norm[ref.end : end]):
            continue  # nothing between this reference and the next: they share what follows
        groups.append((current, ref.end, end))
        current = []
    return groups


def _read_into(
    accs: dict[int, _Acc], task: TaskRef, norm: str, orig: str, start: int, end: int
) -> None:
    body = norm[start:end]
    got = read_body(body, task)
    acc = accs.setdefault(task.task_id, _Acc(task))
    acc.spans.append((start, end))
    acc.status = acc.status or got.status
    acc.percent = acc.percent if acc.percent is not None else got.percent
    for pos, fig in got.figures:
        acc.figures.setdefault(fig.target_id, (start + pos, fig))
    clause_start = 0
    for m in [*CLAUSE_SEP.finditer(body), None]:
        clause_end = m.start() if m else len(body)
        if leftover(got, body, clause_start, clause_end):
            acc.notes.append(orig[start + clause_start : start + clause_end])
        clause_start = m.end() if m else len(body)


def _finish(acc: _Acc) -> TaskReading:
    figures = tuple(f for _pos, f in sorted(acc.figures.values(), key=lambda pf: pf[0]))
    return TaskReading(
        task_id=acc.task.task_id,
        code=acc.task.code,
        status=acc.status,
        percent=acc.percent,
        figures=figures,
        note=_join(acc.notes),
        at=-1 if acc.coded else acc.at,
        candidates=() if acc.coded else tuple(acc.others),
    )


def _mask(norm: str) -> str:
    """Greetings, sign-offs and signatures blanked out with NULs (same length)."""
    for _ in range(3):
        before = norm
        for pattern in (_SIGNATURE, _SIGN_OFF, _GREETING):
            m = pattern.search(norm)
            # a signature or sign-off ends a message; it is never the whole message
            ends = pattern is not _GREETING
            if m and m.end() > m.start() and not (ends and not norm[: m.start()].strip("\0 ")):
                norm = norm[: m.start()] + "\0" * (m.end() - m.start()) + norm[m.end() :]
        if norm == before:
            break
    return norm


def _clean(text: str) -> str:
    # a list number left before a code (…；3） 四.17): dropped, unless it is all there is
    unnumbered = re.sub(r"\s+\d{1,2}\s*[).、]?\s*$", "", text)
    text = unnumbered if unnumbered.strip() else text
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ,，、;；。.:：-—)）】【(（!！\n")


def _join(parts: Sequence[str]) -> str:
    cleaned = [_clean(p) for p in parts]
    return "；".join(p for p in cleaned if p)


def reading_as_json(reading: Reading) -> dict[str, Any]:
    """The reading as ``duban read-reply --json`` prints it."""
    return {
        "tasks": [
            {
                "code": t.code,
                "status": t.status.value if t.status is not None else None,
                "percent": t.percent,
                "figures": {f.subject: f.value for f in t.figures},
                "note": t.note,
                "unsure": t.unsure,
                "candidates": list(t.candidates),
            }
            for t in reading.tasks
        ],
        "unattributed": reading.unattributed,
        "foreign_codes": list(reading.foreign_codes),
        "ask": list(reading.ask),
    }

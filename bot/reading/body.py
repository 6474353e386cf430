"""Reading what a reply says about one task: its status, its completion percent, its figures.

The rules for a number with a percent sign:

- after 增长/增速/增幅/提高 … it is a growth figure, for the task's GROWTH target of that subject;
- after 完成/进度/整体 … it is the task's completion ``percent``;
- otherwise, when the words before it resemble a RATIO target's subject (参保率96.8%), it is that
  target's figure; else it is the completion ``percent``.

Other numbers with a unit are figures, matched to the task's targets by unit (converted:
6800户 → 0.68万户) and, when several targets share a unit, by how much the words before the
number resemble the target's subject. A figure after 差/还差/缺口 is a gap, not progress.
Whatever is left unread stays, clause by clause, in the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.reading.model import FigureReading, TargetRef, TaskRef
from bot.reading.numbers import Quantity, find_quantities, to_unit
from bot.reading.words import find_percent_words, find_statuses
from db.enums import ReportStatus, TargetKind

CLAUSE_SEP = re.compile(r"[,，;；。!！?？\n]")
_GROWTH = re.compile(r"增长|增速|增幅|增加|提高|提升|上涨|上升|增")
# 提高到38.5%: a level reached, not a growth rate.
_REACHED = re.compile(r"[到至]\s*$")
# A running total is what a yearly target measures: 累计落地61个 beats 本季度新落地19个.
_CUMULATIVE = re.compile(r"累计|总计|合计|共计")
_COMPLETION = re.compile(r"完成|进度|进展|整体|总体|完成率")
_GAP = re.compile(r"(?:差|还差|尚差|缺口|剩余|剩下|还剩|另有|计划|目标)\s*$")
_RESPECTIVELY = "分别"
# Characters that say nothing about which target is meant.
_STOP = frozenset("已了的在共约达为前目今年全计累其中另有才仅破突是和及与等以上左右同比增长")
_FILLER = re.compile(
    r"截至目前|截止目前|截至|截止|今年以来|目前|今年|全年|年度|累计|已经|已有|已|共计|共|约|达到|达|为|了"
    r"|的|在|我局|我委|我办|我们|整体|总体|进度|进展|工作|情况|均|都|全部|该项|任务|其中|同比"
    r"|稳定在|稳定|仅|才|超过|突破|破|接近|近|左右|以上|多|余|中|目标|完成|本月|本周|年底|如下"
    r"|以上|谢谢|好的|好|实现"
)


@dataclass
class BodyReading:
    """What one stretch of text says about one task, and which characters that used."""

    status: ReportStatus | None = None
    percent: float | None = None
    figures: list[tuple[int, FigureReading]] = field(default_factory=list)  # (position, figure)
    used: list[tuple[int, int]] = field(default_factory=list)
    kept: list[tuple[int, int]] = field(default_factory=list)  # words a note must keep: 未完成


@dataclass(frozen=True)
class _Said:
    """A quantity in its clause, with the words before it that name what it counts."""

    q: Quantity
    subject: str
    subject_start: int
    mode: str  # "figure", "growth", "ratio", "percent"


def read_body(body: str, task: TaskRef | None) -> BodyReading:
    """Status, percent and figures said in ``body`` (normalised text) about ``task``."""
    out = BodyReading()
    words = find_statuses(body)
    statuses = [
        w.status for w in words if w.status is not None and not _about_others(body, w.start)
    ]
    # One part finished and another still going (坡坎崖绿化正在推进) is not a finished task: the
    # first status said counts, except that "done" gives way to any other said with it.
    still_open = [status for status in statuses if status is not ReportStatus.DONE]
    out.status = still_open[0] if still_open else (statuses[0] if statuses else None)
    for w in words:
        if w.spoken:
            out.used.append((w.start, w.end))
        else:
            out.kept.append((w.start, w.end))
    pct_words = find_percent_words(body)
    # Words that end a subject: a real status (a 完成 inside 培育完成4个 does not).
    tokens = [(w.start, w.end) for w in words if w.status is not None or not w.spoken]
    tokens = sorted(tokens + [(w.start, w.end) for w in pct_words])
    quantities = find_quantities(body)
    tokens = sorted(tokens + [(q.start, q.end) for q in quantities])
    said = _subjects(body, quantities, tokens, task)
    # The first completion percentage said counts; later ones stay in the note.
    spoken = [(p.start, p.end, p.percent) for p in pct_words if p.percent is not None]
    spoken += [(s.q.start, s.q.end, s.q.value) for s in said if s.mode == "percent"]
    if spoken:
        start, end, value = min(spoken)
        out.percent = value
        out.used.append((start, end))
    if task is not None:
        _match_figures(body, said, task, out)
    return out


# "the other two (tasks)": 其余两项, 其他任务; not 其余指标 (the rest of this task)
_OTHERS = re.compile(
    r"\s*(?:其余|其他|其它|另外)(?:的)?(?:[两二三四五六七八九十\d]+项(?:任务|工作)?|任务|各项)"
)


def _about_others(body: str, pos: int) -> bool:
    """Whether the clause holding ``pos`` is about other tasks (七.3 已办结，其余两项正常推进)."""
    starts = [m.end() for m in CLAUSE_SEP.finditer(body, 0, pos)]
    return bool(_OTHERS.match(body, starts[-1] if starts else 0))


def _subjects(
    body: str, quantities: list[Quantity], tokens: list[tuple[int, int]], task: TaskRef | None
) -> list[_Said]:
    """Each quantity with the words before it in its clause, and what kind of number it is."""
    targets = task.targets if task is not None else ()
    said: list[_Said] = []
    respectively = _respectively(body, quantities)
    for q in quantities:
        clause_start = _clause_start(body, q.start)
        start = max([clause_start] + [e for s, e in tokens if e <= q.start])
        subject = body[start : q.start]
        near = body[max(clause_start, q.start - 6) : q.start]
        if q in respectively:
            subject, start, near = respectively[q]
        mode = "figure"
        if q.is_percent:
            mode = _percent_mode(subject, near, targets)
        said.append(_Said(q, subject, start, mode))
    return said


def _respectively(body: str, quantities: list[Quantity]) -> dict[Quantity, tuple[str, int, str]]:
    """``存贷款余额、保费收入分别增长9%、17%``: pair the listed subjects with the numbers."""
    pairs: dict[Quantity, tuple[str, int, str]] = {}
    for m in re.finditer(_RESPECTIVELY, body):
        clause_start = _clause_start(body, m.start())
        end_m = CLAUSE_SEP.search(body, m.end())
        clause_end = end_m.start() if end_m else len(body)
        listed = [s.strip() for s in re.split(r"[、和及与/]", body[clause_start : m.start()])]
        listed = [s for s in listed if s]
        after = [q for q in quantities if m.end() <= q.start < clause_end]
        if not after or len(listed) != len(after):
            continue
        near = body[m.end() : after[0].start]
        for subject, q in zip(listed, after, strict=True):
            pairs[q] = (subject, clause_start, near)
    return pairs


def _percent_mode(subject: str, near: str, targets: tuple[TargetRef, ...]) -> str:
    if _GROWTH.search(near) and not _REACHED.search(near):
        return "growth"
    if _COMPLETION.search(subject):
        return "percent"
    ratios = [t for t in targets if t.unit == "%" and t.kind is not TargetKind.GROWTH]
    if any(score(subject, t.subject) > 0 for t in ratios):
        return "ratio"
    return "percent"


def _clause_start(body: str, pos: int) -> int:
    starts = [m.end() for m in CLAUSE_SEP.finditer(body, 0, pos)]
    return starts[-1] if starts else 0


def score(said: str, subject: str) -> int:
    """How much the words before a number resemble a target's subject: shared characters."""
    chars = {c for c in said if c not in _STOP and (c.isalnum())}
    return sum(1 for c in chars if c in subject)


def _pairs_shared(said: str, subject: str) -> int:
    """Shared pairs of characters: 首店品牌 is nearer 首店品牌 than 引进国际知名品牌 is."""
    return sum(1 for p in {said[i : i + 2] for i in range(len(said) - 1)} if p in subject)


def _compatible(s: _Said, t: TargetRef) -> tuple[float | None, bool]:
    """The value of ``s`` in the target's unit, and whether it took a loose unit match."""
    if s.mode == "percent":
        return None, False
    if s.mode == "growth":
        return (s.q.value if t.kind is TargetKind.GROWTH else None), False
    if s.mode == "ratio":
        ok = t.unit == "%" and t.kind is not TargetKind.GROWTH
        return (s.q.value if ok else None), False
    if t.unit.strip() == "%":
        return None, False
    value = to_unit(s.q, t.unit)
    if value is not None:
        return value, False
    return to_unit(s.q, t.unit, loose=True), True


def _match_figures(body: str, said: list[_Said], task: TaskRef, out: BodyReading) -> None:
    """Give each target at most one figure: best resemblance first, then the earliest said."""
    options: list[tuple[int, int, int, TargetRef, float]] = []  # (-score, pos, idx, target, value)
    for i, s in enumerate(said):
        if s.mode == "percent" or _GAP.search(s.subject):
            continue
        fits: list[tuple[TargetRef, float, bool]] = []
        for t in task.targets:
            value, loose = _compatible(s, t)
            if value is not None:
                fits.append((t, value, loose))
        for t, value, loose in fits:
            sc = score(s.subject, t.subject)
            if (loose and sc < 2) or (len(fits) > 1 and sc == 0):
                continue
            sc += _pairs_shared(s.subject, t.subject)
            if _CUMULATIVE.search(s.subject):
                sc += 10
            options.append((-sc, s.q.start, i, t, value))
    options.sort(key=lambda o: (o[0], o[1]))
    taken_said: set[int] = set()
    taken_target: set[int] = set()
    for _neg, _pos, i, t, value in options:
        if i in taken_said or t.target_id in taken_target:
            continue
        taken_said.add(i)
        taken_target.add(t.target_id)
        s = said[i]
        raw = body[s.subject_start : s.q.end].strip(" ,，、")
        out.figures.append((s.q.start, FigureReading(t.target_id, t.subject, value, raw)))
        out.used.append((s.subject_start, s.q.end))
    out.figures.sort(key=lambda f: f[0])


def leftover(got: BodyReading, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` says something beyond what was read and filler words."""
    if any(start <= s < end for s, _e in got.kept):
        return True
    used = got.used
    chars = [c for i, c in enumerate(text[start:end], start) if not _in(used, i)]
    rest = _FILLER.sub("", "".join(chars))
    rest = re.sub(r"^\d{1,2}[).、]?$", "", rest.strip())
    return sum(1 for c in rest if c.isalnum()) >= 2


def _in(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)

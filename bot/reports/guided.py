"""The guided /report as plain data: which step comes next, what Back undoes, what is stored.

task → status → one step per target (a figure, or skip) → a percentage when the work is under
way → a sentence (or skip) → confirm. The draft lives in the conversation while the liaison
taps; ``entry()`` turns it into what ``bot.reports.intake.submit_entries`` stores. No Telegram here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.reading import TargetRef
from bot.reading.numbers import find_quantities, normalise, parse_number, split_unit, to_unit
from bot.reading.words import find_percent_words, first_status
from bot.reports.intake import Entry, Figure
from bot.reports.rounds import Period
from db.enums import ReportStatus

# the status buttons' one-letter codes in callback data
STATUS_CODES: dict[str, ReportStatus] = {
    "d": ReportStatus.DONE,
    "o": ReportStatus.ON_TRACK,
    "b": ReportStatus.BEHIND,
    "n": ReportStatus.NOT_STARTED,
}
CODE_OF = {status: code for code, status in STATUS_CODES.items()}


class StepKind(StrEnum):
    PICK = "pick"  # choose a task
    STATUS = "status"
    FIGURE = "figure"  # the current figure of one target
    PERCENT = "percent"  # how far along, for work under way
    NOTE = "note"  # problems, next steps
    CONFIRM = "confirm"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    target: TargetRef | None = None  # for FIGURE


@dataclass
class GuidedDraft:
    """One /report in progress. ``task_id`` is None while the liaison is choosing the task."""

    task_id: int | None = None
    code: str = ""
    title: str = ""
    targets: tuple[TargetRef, ...] = ()
    status: ReportStatus | None = None
    figures: dict[int, Figure] = field(default_factory=dict)  # by target id
    percent: float | None = None
    note: str = ""
    typed: list[str] = field(default_factory=list)  # everything the liaison typed, verbatim
    position: int = 0  # index into steps()
    page: int = 0  # the task pick's page, to come back to
    period: Period | None = None  # the deadline reported for, fixed when the flow starts

    def choose(self, task_id: int, code: str, title: str, targets: tuple[TargetRef, ...]) -> None:
        """A task picked: start over on it (what was entered for another task is dropped)."""
        self.task_id, self.code, self.title, self.targets = task_id, code, title, targets
        self.status, self.percent, self.note = None, None, ""
        self.figures = {}
        self.typed = []
        self.position = 1

    def steps(self) -> list[Step]:
        steps = [Step(StepKind.PICK), Step(StepKind.STATUS)]
        steps += [Step(StepKind.FIGURE, target) for target in self.targets]
        if self.status in (ReportStatus.ON_TRACK, ReportStatus.BEHIND):
            steps.append(Step(StepKind.PERCENT))
        steps += [Step(StepKind.NOTE), Step(StepKind.CONFIRM)]
        return steps

    @property
    def step(self) -> Step:
        return self.steps()[self.position]

    def advance(self) -> Step:
        self.position = min(self.position + 1, len(self.steps()) - 1)
        return self.step

    def back(self) -> Step:
        """One step back; the value entered at the step left behind is forgotten."""
        self.position = max(self.position - 1, 0)
        step = self.step
        if step.kind is StepKind.FIGURE and step.target is not None:
            self.figures.pop(step.target.target_id, None)
        elif step.kind is StepKind.PERCENT:
            self.percent = None
        elif step.kind is StepKind.NOTE:
            self.note = ""
        elif step.kind is StepKind.STATUS:
            self.status = None
        return step

    def set_status(self, status: ReportStatus) -> Step:
        self.status = status
        if status not in (ReportStatus.ON_TRACK, ReportStatus.BEHIND):
            self.percent = None
        return self.advance()

    def set_figure(self, value: float, raw: str) -> Step:
        target = self.step.target
        assert target is not None
        self.figures[target.target_id] = Figure(target.target_id, value, raw)
        self.typed.append(raw)
        return self.advance()

    def set_percent(self, percent: float, raw: str) -> Step:
        self.percent = percent
        self.typed.append(raw)
        return self.advance()

    def set_note(self, note: str) -> Step:
        self.note = note.strip()
        self.typed.append(note)
        return self.advance()

    def entry(self) -> Entry:
        assert self.task_id is not None and self.status is not None
        figures = tuple(
            self.figures[t.target_id] for t in self.targets if t.target_id in self.figures
        )
        return Entry(
            task_id=self.task_id,
            status=self.status,
            percent=self.percent,
            figures=figures,
            note=self.note,
        )

    def raw_text(self) -> str:
        """What to keep as the report's raw text: the code, the status and what was typed."""
        parts = [self.code, self.status.value if self.status else "", *self.typed]
        return " | ".join(part for part in parts if part)


# --- what the liaison types at a step --------------------------------------------------------


def parse_status(text: str) -> ReportStatus | None:
    """A status typed instead of tapped: 已完成, 推进中, 滞后 … or done, on track, behind."""
    return first_status(normalise(text))


def parse_amount(text: str, unit: str) -> float | None:
    """A figure typed for a target measured in ``unit``, in that unit.

    A bare number is taken in the target's unit (``11.2`` for 亿元 is 11.2亿元); a number with a
    unit or magnitude is converted (``6800户`` for 万户 is 0.68); a unit that measures
    something else (``5家`` for 亿元) is refused (None).
    """
    plain = normalise(text).strip().replace(" ", "")
    for suffix in (unit, split_unit(unit)[1]):
        if suffix and plain.endswith(suffix) and plain != suffix:
            bare = parse_number(plain[: -len(suffix)])
            if bare is not None:
                scale = split_unit(unit)[0] / (split_unit(suffix)[0] or 1)
                return bare if suffix == unit else bare / scale
    bare = parse_number(plain)
    if bare is not None:
        return bare
    quantities = find_quantities(plain)
    if len(quantities) != 1:
        return None
    return to_unit(quantities[0], unit, loose=True)


def parse_percent(text: str) -> float | None:
    """A percentage typed: ``60``, ``60%``, ``百分之六十``, ``六成``, ``过半``."""
    plain = normalise(text).strip().replace(" ", "")
    bare = parse_number(plain.rstrip("%"))
    if bare is not None:
        return bare
    quantities = [q for q in find_quantities(plain) if q.is_percent]
    if len(quantities) == 1:
        return quantities[0].value
    words = find_percent_words(plain)
    return words[0].percent if len(words) == 1 else None

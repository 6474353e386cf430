"""Reporting deadlines of the current plan as the coordinator manages them: list, add (a date or
a recurring RFC 5545 rule), move, remove — and the dates a deadline falls due in a window.

The notice's deadlines (source ``notice``) and the coordinator's own (``manual``) live in one
table. A recurring deadline stores its rule and, in ``due``, the rule's DTSTART: the first
occurrence on or after the day it was added. Nothing is ever deleted: a removed deadline gets
``removed_at`` and the reports made for it keep pointing at it.

What a re-import of the notice does (``bot.plans.storing._save_deadlines``): a *manual* deadline is never
touched. A *notice* deadline is compared with the notice and set back to the notice's date and
rule (and un-removed) whenever the notice is imported again and its values differ — so a notice
deadline the coordinator moved or removed here returns to what the notice says on the next
import of that notice. Importing the identical file again writes nothing only when nothing
differs, which after a move is not the case. Coordinators who want a date to stick should add
their own deadline under another name.

Failures raise ``DeadlineError`` with a ``code`` (see ``ERROR_CODES``); no sentence lives here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from dateutil.rrule import rrule, rrulestr
from sqlmodel import Session

from bot.errors import CodedError
from bot.plans.taskview import current_plan_id, due_dates
from db import reminders as store
from db.enums import DeadlineSource
from db.models import Deadline

__all__ = [
    "ERROR_CODES",
    "DeadlineError",
    "DeadlineRow",
    "Renewal",
    "add_deadline",
    "find_deadline",
    "list_deadlines",
    "move_deadline",
    "occurrences",
    "parse_date",
    "parse_rule",
    "remove_deadline",
    "renew_deadline",
    "renewal_name",
    "renewal_offers",
    "renewals",
]

ERROR_CODES = (
    "no_plan",  # nothing imported yet
    "unknown_deadline",  # {name}: no active deadline has that name (or part of it)
    "ambiguous_deadline",  # {name, names}: several match the partial name
    "duplicate_deadline",  # {name}: an active deadline already has that name
    "bad_name",  # {name}: empty or longer than 100 characters
    "bad_date",  # {text}: not a date we can read
    "past_date",  # {date}: before today
    "bad_rule",  # {rule}: not an RRULE we accept
    "rule_never_occurs",  # {rule}: no occurrence on or after today
    "recurring_move",  # {name}: a recurring deadline cannot be moved to one date
)

NAME_LIMIT = 100  # Deadline.name's column width
# a deadline is a date: rules finer than a day make no sense here
_DAY_OR_COARSER = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}
_FREQ = re.compile(r"(?:^|;)FREQ=([A-Z]+)(?:;|$)")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CHINESE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?$")


class DeadlineError(CodedError):
    """A deadline request that cannot be done; ``code`` keys the message catalog."""


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline as the coordinator sees it."""

    deadline_id: int
    name: str
    due: date  # stored date (for a rule: its first occurrence, DTSTART)
    next_due: date | None  # next occurrence on or after today; None when all are past
    rule: str | None
    source: DeadlineSource
    removed: bool


# --- reading what the coordinator typed ------------------------------------------------------


def parse_date(text: str, today: date) -> date:
    """``2021-08-25``, ``2021/8/25``, ``2021年8月25日`` or ``8月25日`` (this year)."""
    value = text.strip()
    iso = _ISO.match(value)
    chinese = _CHINESE.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if chinese:
            year = int(chinese[1]) if chinese[1] else today.year
            return date(year, int(chinese[2]), int(chinese[3]))
    except ValueError:
        pass  # 2月30日: the shape of a date, not a real one
    raise DeadlineError("bad_date", text=text)


def parse_rule(text: str, today: date) -> tuple[str, date]:
    """The rule in canonical form and its first occurrence on or after ``today``."""
    rule_text = text.strip().upper().removeprefix("RRULE:").strip().rstrip(";")
    freq = _FREQ.search(rule_text)
    if "DTSTART" in rule_text or "\n" in rule_text or not freq or freq[1] not in _DAY_OR_COARSER:
        raise DeadlineError("bad_rule", rule=text)
    start = datetime.combine(today, time())
    try:
        parsed = rrulestr(rule_text, dtstart=start)
    except (ValueError, TypeError, KeyError):
        raise DeadlineError("bad_rule", rule=text) from None
    if not isinstance(parsed, rrule):
        raise DeadlineError("bad_rule", rule=text)
    first = parsed.after(start, inc=True)
    if first is None:
        raise DeadlineError("rule_never_occurs", rule=text)
    return rule_text, first.date()


# --- occurrences -----------------------------------------------------------------------------


def occurrences(deadline: Deadline, start: date, end: date) -> list[date]:
    """The dates the deadline falls due from ``start`` to ``end``, both inclusive."""
    if not deadline.rule:
        return [deadline.due] if start <= deadline.due <= end else []
    try:
        rule = rrulestr(deadline.rule, dtstart=datetime.combine(deadline.due, time()))
    except (ValueError, TypeError, KeyError):
        # a rule edited by hand that cannot be read: the one date we know (as due_dates does)
        return [deadline.due] if start <= deadline.due <= end else []
    low = datetime.combine(start, time())
    high = datetime.combine(end, time())
    return [moment.date() for moment in rule.between(low, high, inc=True)]


# --- a notice whose deadlines are all past ---------------------------------------------------


class _Dated(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def due(self) -> date: ...
    @property
    def rule(self) -> str | None: ...


_YEAR_PREFIX = re.compile(r"^\d{4}年?")


@dataclass(frozen=True)
class Renewal:
    """A suggested next deadline for one of a notice's past ones."""

    source: str  # the past deadline's name (上半年)
    name: str  # the suggestion's (2027年上半年)
    due: date


def renewals(deadlines: Sequence[_Dated], today: date) -> list[Renewal]:
    """When every deadline is past (no date on or after ``today``, no rule still occurring):
    a suggestion per deadline, the same day of the year in the first year it is not past,
    under the name with that year (上半年 2021-07-15 → ``2027年上半年`` 2027-07-15). Empty when
    some deadline is still ahead, or there are none (nothing to renew)."""
    ahead = False
    for deadline in deadlines:
        if deadline.rule:
            first = datetime.combine(deadline.due, time())
            try:
                rule = rrulestr(deadline.rule, dtstart=first)
            except (ValueError, TypeError, KeyError):
                rule = None
            later = rule.after(datetime.combine(today, time()), inc=True) if rule else None
            ahead = ahead or later is not None or deadline.due >= today
        else:
            ahead = ahead or deadline.due >= today
    if ahead or not deadlines:
        return []
    found: dict[str, Renewal] = {}
    for deadline in deadlines:
        year = today.year
        while (due := _in_year(deadline.due, year)) < today:
            year += 1
        name = renewal_name(deadline.name, year)
        found.setdefault(name, Renewal(deadline.name, name, due))
    return sorted(found.values(), key=lambda renewal: renewal.due)


def renewal_name(name: str, year: int) -> str:
    """``上半年`` (or ``2021年上半年``) in ``year``: ``2027年上半年``."""
    return f"{year}年{_YEAR_PREFIX.sub('', name) or name}"[:NAME_LIMIT]


def renewal_offers(*, session: Session, today: date) -> list[tuple[int, Renewal]]:
    """The current plan's past deadlines paired with their suggested next ones (by the past
    one's id), when every one of them is past; empty otherwise or without a plan."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        return []
    active = [
        d for d in store.plan_deadlines(session=session, plan_id=plan_id) if d.removed_at is None
    ]
    ids = {d.name: d.id for d in active}
    return [
        (deadline_id, renewal)
        for renewal in renewals(active, today)
        if (deadline_id := ids.get(renewal.source)) is not None
    ]


def renew_deadline(*, session: Session, deadline_id: int, due: date, today: date) -> DeadlineRow:
    """Writes. The next deadline after the current plan's past one ``deadline_id``: a manual
    deadline on ``due`` named with its year (``renewal_name``)."""
    plan_id = _plan(session)
    past = next(
        (
            d
            for d in store.plan_deadlines(session=session, plan_id=plan_id)
            if d.id == deadline_id and d.removed_at is None
        ),
        None,
    )
    if past is None:
        raise DeadlineError("unknown_deadline", name=str(deadline_id))
    return add_deadline(
        session=session, name=renewal_name(past.name, due.year), due=due, today=today
    )


def _in_year(day: date, year: int) -> date:
    """The same month and day in ``year`` (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


# --- the service -----------------------------------------------------------------------------


def list_deadlines(*, session: Session, today: date) -> list[DeadlineRow]:
    """Every deadline of the current plan, removed ones too (marked), in the order stored."""
    plan_id = _plan(session)
    return [_row(d, today) for d in store.plan_deadlines(session=session, plan_id=plan_id)]


def find_deadline(*, session: Session, name: str) -> Deadline:
    """The active deadline ``name`` names: exactly, else the only one containing it (上半年)."""
    plan_id = _plan(session)
    wanted = name.strip()
    active = [
        d for d in store.plan_deadlines(session=session, plan_id=plan_id) if d.removed_at is None
    ]
    exact = [d for d in active if d.name == wanted]
    if exact:
        return exact[0]
    partial = [d for d in active if wanted and (wanted in d.name or d.name in wanted)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise DeadlineError("unknown_deadline", name=wanted)
    raise DeadlineError("ambiguous_deadline", name=wanted, names=[d.name for d in partial])


def add_deadline(
    *,
    session: Session,
    name: str,
    today: date,
    due: date | None = None,
    rule: str | None = None,
) -> DeadlineRow:
    """Writes. A manual deadline on ``due``, or recurring by ``rule`` (exactly one of them).

    A name a removed deadline had brings that row back (manual now, with the new date), so
    the reports made for it stay with it.
    """
    if (due is None) == (rule is None):
        raise ValueError("give exactly one of due and rule")
    plan_id = _plan(session)
    clean = name.strip()
    if not clean or len(clean) > NAME_LIMIT:
        raise DeadlineError("bad_name", name=clean)
    if rule is not None:
        rule_text, first = parse_rule(rule, today)
    else:
        assert due is not None
        rule_text, first = None, _not_past(due, today)
    stored = {d.name: d for d in store.plan_deadlines(session=session, plan_id=plan_id)}
    row = stored.get(clean)
    if row is not None and row.removed_at is None:
        raise DeadlineError("duplicate_deadline", name=clean)
    if row is None:
        row = Deadline(plan_id=plan_id, name=clean, due=first, source=DeadlineSource.MANUAL)
    row.due, row.rule, row.removed_at = first, rule_text, None
    row.source = DeadlineSource.MANUAL
    session.add(row)
    session.flush()
    return _row(row, today)


def move_deadline(*, session: Session, name: str, due: date, today: date) -> DeadlineRow:
    """Writes. A one-off deadline now falls due on ``due`` (its source stays as it was: see the
    module docstring for what a re-import of the notice then does)."""
    row = find_deadline(session=session, name=name)
    if row.rule:
        raise DeadlineError("recurring_move", name=row.name)
    row.due = _not_past(due, today)
    session.add(row)
    session.flush()
    return _row(row, today)


def remove_deadline(*, session: Session, name: str, today: date, now: datetime) -> DeadlineRow:
    """Writes. The deadline is no longer reminded or reported for; its reports stay."""
    row = find_deadline(session=session, name=name)
    row.removed_at = now
    session.add(row)
    session.flush()
    return _row(row, today)


def _plan(session: Session) -> int:
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise DeadlineError("no_plan")
    return plan_id


def _not_past(due: date, today: date) -> date:
    if due < today:
        raise DeadlineError("past_date", date=due)
    return due


def _row(deadline: Deadline, today: date) -> DeadlineRow:
    assert deadline.id is not None
    return DeadlineRow(
        deadline_id=deadline.id,
        name=deadline.name,
        due=deadline.due,
        next_due=due_dates(deadline, today)[1],
        rule=deadline.rule,
        source=deadline.source,
        removed=deadline.removed_at is not None,
    )

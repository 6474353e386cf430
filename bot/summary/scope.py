"""What the words after /summary (or the CLI's options) ask for: a scope and a deadline, and
the error every summary failure raises. ``bot.summary.build`` re-exports all of it.
"""

from __future__ import annotations

import re

from sqlmodel import Session

from bot.errors import CodedError
from bot.people.directory import department_names, match_department, normalize_name
from bot.summary.model import Scope
from db import summary as store
from db.tasks import active_deadlines, current_plan_id

__all__ = [
    "SummaryError",
    "deadline_name",
    "parse_deadline",
    "parse_request",
    "parse_scope",
    "scope_department_id",
    "scope_from_key",
    "scope_key",
]

_BEHIND_WORDS = frozenset({"滞后", "落后", "behind"})
_MISSING_WORDS = frozenset({"未报送", "未报", "missing", "late"})
_NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(r"^第?(?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})(?:部分)?[、.．]?$")


class SummaryError(CodedError):
    """The summary cannot be made as asked; ``code`` keys the catalog (``summary.error_<code>``).

    Codes: ``no_plan``; ``no_deadline``; ``unknown_department`` (query);
    ``ambiguous_department`` (query, names, ids); ``unknown_section`` (section, sections);
    ``unknown_deadline`` (name, names).
    """


# --- scope -----------------------------------------------------------------------------------


def parse_scope(*, session: Session, words: str) -> Scope:
    """What the words after /summary ask for: "" → all; 三 / 第三部分 → a section; 滞后 /
    behind → behind; 未报送 / missing / late → missing; anything else names a department."""
    text = words.strip()
    if not text:
        return Scope("all")
    if text.casefold() in _BEHIND_WORDS:
        return Scope("behind")
    if text.casefold() in _MISSING_WORDS:
        return Scope("missing")
    section = _SECTION.match(normalize_name(text))
    if section is not None:
        return Scope("section", _section_numeral(session, section["n"]))
    matches = match_department(session=session, query=text)
    if not matches:
        raise SummaryError("unknown_department", query=text)
    if len(matches) > 1:
        raise SummaryError(
            "ambiguous_department",
            query=text,
            names=[m.name for m in matches],
            ids=[m.id for m in matches],
        )
    return Scope("department", matches[0].name)


def _section_numeral(session: Session, typed: str) -> str:
    """The plan's section numeral for 三 or 3; ``unknown_section`` when the plan has none."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        raise SummaryError("no_plan")
    numerals = store.section_numerals(session=session, plan_id=plan_id)
    wanted = _NUMERALS[int(typed) - 1] if typed.isdigit() and 0 < int(typed) <= 10 else typed
    if wanted not in numerals:
        raise SummaryError("unknown_section", section=typed, sections=numerals)
    return wanted


def _deadline_names(session: Session) -> dict[str, str]:
    """The current plan's deadlines by their normalized name (how a typed word is matched)."""
    plan_id = current_plan_id(session=session)
    if plan_id is None:
        return {}
    return {
        normalize_name(d.name): d.name for d in active_deadlines(session=session, plan_id=plan_id)
    }


def parse_request(*, session: Session, words: str) -> tuple[Scope, str | None]:
    """The scope and the deadline the words ask for: a word naming one of the current plan's
    deadlines (全年) chooses that deadline, the rest is the scope (``parse_scope``)."""
    names = _deadline_names(session)
    deadline = None
    rest = []
    for word in words.split():
        key = normalize_name(word.removeprefix("@"))
        if deadline is None and key in names:
            deadline = names[key]
        else:
            rest.append(word)
    return parse_scope(session=session, words=" ".join(rest)), deadline


def parse_deadline(*, session: Session, words: str) -> str | None:
    """The deadline the words after /export or /bulletin name, matched as /summary matches it
    (``parse_request``); None for no words (the current round). Words naming no deadline of
    the current plan raise ``unknown_deadline`` with the plan's deadlines (``no_plan`` when
    there is no plan, ``no_deadline`` when it has no deadline)."""
    text = words.strip()
    if not text:
        return None
    if current_plan_id(session=session) is None:
        raise SummaryError("no_plan")
    names = _deadline_names(session)
    if not names:
        raise SummaryError("no_deadline")
    deadline = names.get(normalize_name(text.removeprefix("@")))
    if deadline is None:
        raise SummaryError("unknown_deadline", name=text, names=list(names.values()))
    return deadline


def deadline_name(*, session: Session, deadline_id: int) -> str | None:
    """The name of the current plan's deadline with this id (a button's data); None when it
    was removed or belongs to another plan (an old button)."""
    plan_id = current_plan_id(session=session)
    deadlines = active_deadlines(session=session, plan_id=plan_id) if plan_id else []
    return next((d.name for d in deadlines if d.id == deadline_id), None)


def scope_department_id(*, session: Session, scope: Scope) -> int | None:
    """The id of the department a department scope names (exactly); None for other scopes."""
    if scope.kind != "department":
        return None
    exact = [
        m for m in match_department(session=session, query=scope.value) if m.name == scope.value
    ]
    if not exact:
        raise SummaryError("unknown_department", query=scope.value)
    return exact[0].id


# --- a scope as a short key (a button's data) --------------------------------------------------

_LETTERS = {"all": "a", "department": "d", "section": "s", "behind": "b", "missing": "m"}
_KINDS = {letter: kind for kind, letter in _LETTERS.items()}
_KEY = re.compile(r"^(?P<kind>[adsbm])(?P<deadline>\d{1,9})?$")


def scope_key(*, session: Session, scope: Scope, deadline_id: int | None) -> tuple[str, str]:
    """``(kind, arg)`` for a button: the kind's letter, followed by the deadline's id when one
    was named (``a``, ``d7``); the arg is the department's id, the section's numeral, or "-"."""
    kind = _LETTERS[scope.kind] + (str(deadline_id) if deadline_id is not None else "")
    if scope.kind == "department":
        return kind, str(scope_department_id(session=session, scope=scope))
    if scope.kind == "section":
        return kind, scope.value
    return kind, "-"


def scope_from_key(*, session: Session, kind: str, arg: str) -> tuple[Scope, str | None] | None:
    """The scope and deadline name a button's ``(kind, arg)`` stands for; None when the key is
    malformed or names what no longer exists (an old or forged button)."""
    found = _KEY.match(kind)
    if found is None:
        return None
    deadline = None
    if found["deadline"] is not None:
        deadline = deadline_name(session=session, deadline_id=int(found["deadline"]))
        if deadline is None:
            return None
    scope_kind = _KINDS[found["kind"]]
    if scope_kind == "department":
        names = department_names(session=session, ids=[int(arg)] if arg.isdigit() else [])
        return (Scope("department", names[0]), deadline) if names else None
    if scope_kind == "section":
        return Scope("section", arg), deadline
    return Scope(scope_kind), deadline

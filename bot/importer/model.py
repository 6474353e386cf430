"""Plain data the importer passes between its stages: the document read from a file and the plan read from it.

Readers turn a file into a ``Document`` (paragraphs and table rows, each with a ``where`` that a
user can find in the file); the layout parser turns a ``Document`` into a ``ParsedPlan``. Nothing
here touches the database or Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.enums import Comparator, TargetKind


class NoticeError(Exception):
    """The file cannot be imported. ``code`` keys the message catalog; ``where`` points into the file."""

    def __init__(self, code: str, where: str = "", **params: Any) -> None:
        self.code = code
        self.where = where
        self.params = params
        super().__init__(f"{code} at {where or '?'}: {params}")


@dataclass(frozen=True)
class Cell:
    """One table cell: its text lines, and whether it is merged with the cell above.

    A Word or Excel cell covered by a vertical merge, and a lone TAB in the text export, are
    ``merged``: they mean "the same as the row above". A blank cell that is not merged is blank.
    """

    lines: tuple[str, ...]
    merged: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: str  # a compact location, see ``bot.importer.where``


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    where: str
    table: int = 0  # index of the table in the document, for readers that know it


Block = Paragraph | Row


@dataclass
class Document:
    """What a reader found in a file, in reading order."""

    source: str  # file name
    fmt: str  # "txt", "docx", "xlsx", "csv"
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass(frozen=True)
class ParseWarning:
    """Something the importer could not read or had to guess. ``code`` keys the message catalog."""

    code: str
    where: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    subject: str
    comparator: Comparator
    value: float
    unit: str
    kind: TargetKind
    text: str = ""  # the words of the notice it was read from


@dataclass
class ParsedTask:
    code: str  # "二.1"
    section: str  # the section's numeral, "二"
    number: int
    text: str
    category: str | None = None
    lead: list[str] = field(default_factory=list)  # canonical department or group names
    support: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    where: str = ""
    leader: str | None = None  # 分管领导 / 责任领导 as written: a person, not a unit
    due_text: str | None = None  # the task's own time limit as written (6月底前, 年内, 长期坚持)
    due: date | None = None  # that time limit as a date in the plan's year (None: none or open)


@dataclass
class ParsedSection:
    numeral: str  # "二"
    ordinal: int  # 2
    title: str
    categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedDeadline:
    name: str  # "上半年"
    due: date
    rule: str | None = None  # an RFC 5545 RRULE for recurring deadlines


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass
class ParsedPlan:
    title: str | None
    issuer: str | None
    issued_on: date | None
    contact: Contact
    deadlines: list[ParsedDeadline]
    sections: list[ParsedSection]
    tasks: list[ParsedTask]
    departments: list[str]  # canonical names, in order of first appearance
    groups: list[str]  # collective names
    aliases: dict[str, str]  # alias -> canonical name, as merged in this file
    warnings: list[ParseWarning]
    source: str = ""
    fmt: str = ""

    def to_json(self) -> dict[str, Any]:
        """The preview as the CLI's ``--json`` prints it: the keys scripts rely on."""
        return {
            "title": self.title,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "contact": {
                "name": self.contact.name,
                "phone": self.contact.phone,
                "email": self.contact.email,
            },
            "deadlines": [
                {"name": d.name, "due": d.due.isoformat(), **({"rule": d.rule} if d.rule else {})}
                for d in self.deadlines
            ],
            "departments": list(self.departments),
            "groups": list(self.groups),
            "tasks": [
                {
                    "code": t.code,
                    "section": t.section,
                    "number": t.number,
                    "category": t.category,
                    "text": t.text,
                    "lead": list(t.lead),
                    "support": list(t.support),
                    "targets": [
                        {
                            "subject": g.subject,
                            "comparator": g.comparator.value,
                            "value": g.value,
                            "unit": g.unit,
                            "kind": g.kind.value,
                        }
                        for g in t.targets
                    ],
                    "due": t.due.isoformat() if t.due else None,
                    "due_text": t.due_text,
                }
                for t in self.tasks
            ],
            "warnings": [
                {"code": w.code, "where": w.where, "params": dict(w.params)} for w in self.warnings
            ],
        }

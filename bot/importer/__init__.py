"""The notice importer: file → ``Document`` (readers) → ``ParsedPlan`` (layout, units, targets, preamble).

Nothing here writes to the database; ``bot.plans.storing.save_plan`` stores a ``ParsedPlan``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from bot.importer.model import NoticeError, ParsedPlan

__all__ = ["NoticeError", "ParsedPlan", "parse_bytes", "parse_path"]


def parse_bytes(
    data: bytes,
    name: str,
    *,
    aliases: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
    first_unit_leads: bool = True,
) -> ParsedPlan:
    """Read a notice from the bytes of a file called ``name``; raises ``NoticeError`` only.

    ``first_unit_leads``: a task naming only 责任单位 has its first unit lead and the rest
    support (``[import] first_unit_leads``); off, all of them lead."""
    from bot.importer.parser import parse_document
    from bot.importer.readers import read_document
    from bot.importer.template import complete_from_template

    document = read_document(data, name)
    plan = parse_document(
        document, aliases=aliases, groups=groups, first_unit_leads=first_unit_leads
    )
    return complete_from_template(document, plan)


def parse_path(
    path: Path,
    *,
    aliases: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
    first_unit_leads: bool = True,
) -> ParsedPlan:
    """Read a notice from a file on disk."""
    from bot.importer.parser import parse_document
    from bot.importer.readers import read_path
    from bot.importer.template import complete_from_template

    document = read_path(path)
    plan = parse_document(
        document, aliases=aliases, groups=groups, first_unit_leads=first_unit_leads
    )
    return complete_from_template(document, plan)

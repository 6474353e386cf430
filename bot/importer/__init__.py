"""The notice importer: file → ``Document`` (readers) → ``ParsedPlan`` (layout, units, targets, preamble).

Nothing here writes to the database; ``bot.plans.save_plan`` stores a ``ParsedPlan``.
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
) -> ParsedPlan:
    """Read a notice from the bytes of a file called ``name``; raises ``NoticeError`` only."""
    from bot.importer.parser import parse_document
    from bot.importer.readers import read_document
    from bot.importer.template import complete_from_template

    document = read_document(data, name)
    plan = parse_document(document, aliases=aliases, groups=groups)
    return complete_from_template(document, plan)


def parse_path(
    path: Path, *, aliases: Mapping[str, str] | None = None, groups: Iterable[str] = ()
) -> ParsedPlan:
    """Read a notice from a file on disk."""
    from bot.importer.parser import parse_document
    from bot.importer.readers import read_path
    from bot.importer.template import complete_from_template

    document = read_path(path)
    plan = parse_document(document, aliases=aliases, groups=groups)
    return complete_from_template(document, plan)

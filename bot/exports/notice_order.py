"""The order the exports list units in: the notice's, never the character code's.

``DepartmentLine.position`` is the department's first appearance in the notice; a summary that
does not carry it (every position 0) falls back to the order the tasks name the units (lead,
then supporting), which is the notice's order for every unit that answers for a task.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.summary.model import DepartmentLine, Summary

__all__ = ["in_notice_order", "notice_rank"]


def notice_rank(summary: Summary) -> dict[str, int]:
    """A department's name → its place in the notice (0 first)."""
    if any(d.position for d in summary.departments):
        return {d.name: d.position for d in summary.departments}
    named = dict.fromkeys(n for task in summary.tasks for n in (*task.lead, *task.support))
    return {name: index for index, name in enumerate(named)}


def in_notice_order(
    summary: Summary, departments: Iterable[DepartmentLine] | None = None
) -> list[DepartmentLine]:
    """``departments`` (default: all of the summary's) in the notice's order; a unit the
    notice's tasks never name goes last, by name."""
    rank = notice_rank(summary)
    chosen = summary.departments if departments is None else departments
    return sorted(chosen, key=lambda d: (rank.get(d.name, len(rank)), d.name))

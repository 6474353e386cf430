"""The domain's words that the importer, the services and the tables share: a unit's role on a
task, and how a target is measured and compared. Stored as their string values (``db.types``)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


class Comparator(StrEnum):
    AT_LEAST = "at_least"
    ABOUT = "about"
    EQUAL = "equal"


class TargetKind(StrEnum):
    LEVEL = "level"  # an amount: 200件, 10亿元
    GROWTH = "growth"  # a growth rate: 增长6%
    RATIO = "ratio"  # a share or rate: 参保率96%, 利用率38%

"""Column types shared by the tables: Python ``StrEnum`` values stored as plain strings.

An enum is kept as a short VARCHAR holding its *value* (``"lead"``), not a native database
enum and not its member name, so adding a member later needs no migration on any database
and the stored text reads the same in SQLite, PostgreSQL and exports.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.types import String, TypeDecorator


class StrEnumType(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value in ``VARCHAR(length)``; unknown values are refused."""

    impl = String
    cache_ok = True

    def __init__(self, enum_cls: type[StrEnum], length: int = 16) -> None:
        longest = max(len(member.value) for member in enum_cls)
        if longest > length:
            raise ValueError(f"{enum_cls.__name__} has a value longer than {length}")
        super().__init__(length=length)
        self.enum_cls = enum_cls
        self.length = length

    def __repr__(self) -> str:
        return f"StrEnumType({self.enum_cls.__name__}, length={self.length})"

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_cls(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        return self.enum_cls(value)

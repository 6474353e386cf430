"""Brackets in notice text: the group that ends a task's line, and a name's own brackets.

Notices put units in a trailing bracket (``［…］``, ``（…）``, ``【…】``, ``〔…〕``, full-width or
ASCII) and units have brackets of their own (各街办（新区）, 各县（市、区）人民政府), so brackets
are matched by depth, never by the nearest one; everything here is linear in the text's length.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE = "（([［【〔", "）)]］】〕"
_ANY_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")


def strip_brackets(text: str) -> str:
    """``text`` without brackets that close nothing or open nothing (a cut list's ends), nor a
    pair enclosing it all; a name's own brackets stay and become full-width: 各街办(新区) →
    各街办（新区）. Linear in the length of ``text``, whatever its brackets."""
    if not _ANY_BRACKET.search(text):
        return text.strip()
    unmatched = _unmatched(text)
    a, b = 0, len(text)
    while a < b and (a in unmatched or text[a].isspace()):
        a += 1
    while b > a and (b - 1 in unmatched or text[b - 1].isspace()):
        b -= 1
    text = text[a:b]
    for _ in range(3):  # （（…）） at most a few deep
        if text[:1] in _OPEN and _closing(text, 0) == len(text) - 1:
            text = text[1:-1].strip()
    return text.replace("(", "（").replace(")", "）")


def _unmatched(text: str) -> set[int]:
    """Positions of the brackets in ``text`` that open or close nothing."""
    stack: list[int] = []
    lone: set[int] = set()
    for i, c in enumerate(text):
        if c in _OPEN:
            stack.append(i)
        elif c in _CLOSE:
            if stack:
                stack.pop()
            else:
                lone.add(i)
    return lone | set(stack)


def _closing(text: str, i: int) -> int | None:
    """Where the bracket opened at ``i`` closes (any bracket kind counts), else ``None``."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] in _OPEN:
            depth += 1
        elif text[j] in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return None


def _opening(text: str, i: int) -> int | None:
    """Where the bracket closed at ``i`` opens, else ``None``."""
    depth = 0
    for j in range(i, -1, -1):
        if text[j] in _CLOSE:
            depth += 1
        elif text[j] in _OPEN:
            depth -= 1
            if depth == 0:
                return j
    return None


def trailing_group(text: str) -> tuple[int, str] | None:
    """The bracket group that ends ``text`` (after an optional full stop), balanced: its start
    and its inside. ``任务（A牵头，各街办（新区）配合）`` → the outer group."""
    end = len(text.rstrip(" 。."))
    if end == 0 or text[end - 1] not in _CLOSE:
        return None
    start = _opening(text, end - 1)
    if start is None:
        return None
    return start, text[start + 1 : end - 1]

"""Write a table out as text the way offices' tables reach the importer, for round-trip tests.

- ``box``: drawn with box characters (or ASCII ``+-|``) for a fixed-width screen, each cell
  wrapped to its column's width (mid-word), a cell marked ``MERGED`` joined with the cell above
  (its rule left out, its text running on through the rows it spans);
- ``web``: one cell per paragraph (blank lines between), or one per line, an empty cell left
  out as a web page's text export does;
- ``spaced``: columns at fixed positions, separated by spaces, cells wrapped onto the lines
  below (a PDF copied as text).

Widths are display widths: a Chinese character is two columns wide.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

MERGED = "\x00merged"  # a cell joined with the one above it

_BOX = {
    (False, True, False, True): "┌",
    (False, True, True, False): "┐",
    (True, False, False, True): "└",
    (True, False, True, False): "┘",
    (True, True, False, True): "├",
    (True, True, True, False): "┤",
    (False, True, True, True): "┬",
    (True, False, True, True): "┴",
    (True, True, True, True): "┼",
    (True, True, False, False): "│",
    (False, False, True, True): "─",
}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and width(line + ch) > columns:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line or not lines else lines


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def box(widths: Sequence[int], rows: Sequence[Sequence[str]], *, ascii: bool = False) -> str:
    """``rows`` (the header first) drawn as a box table; a one-cell row spans all columns."""
    n = len(widths)
    inner = sum(widths) + n - 1
    wrapped: list[list[list[str]] | None] = []  # per row: per column lines; None: spans
    for row in rows:
        if len(row) == 1:
            wrapped.append(None)
        else:
            wrapped.append([[] if c == MERGED else wrap(c, widths[j]) for j, c in enumerate(row)])
    # a merged cell's lines go to the first row of its span
    owner: dict[tuple[int, int], int] = {}
    for j in range(n):
        start = None
        for i, row in enumerate(rows):
            if len(row) == 1:
                start = None
            elif row[j] == MERGED and start is not None:
                owner[(i, j)] = start
            else:
                start = i
    spans: dict[tuple[int, int], list[int]] = {}
    for (i, j), start in owner.items():
        spans.setdefault((start, j), [start]).append(i)
    heights = []
    for i, row in enumerate(wrapped):
        if row is None:
            heights.append(len(wrap(rows[i][0], inner)))
        else:
            own = [len(c) for j, c in enumerate(row) if (i, j) not in spans and (i, j) not in owner]
            heights.append(max(own or [1]))
    for (start, j), members in spans.items():
        need = len(wrapped[start][j])  # type: ignore[index]
        have = sum(heights[m] for m in members) + len(members) - 1
        if need > have:
            heights[members[-1]] += need - have
    text_at: dict[tuple[object, ...], str] = {}  # (row, col, line) or ("rule", row, col)
    for (start, j), members in spans.items():
        lines = list(wrapped[start][j])  # type: ignore[index]
        for m in members:
            for t in range(heights[m]):
                text_at[(m, j, t)] = lines.pop(0) if lines else ""
            if m != members[-1]:
                text_at[("rule", m, j)] = lines.pop(0) if lines else ""
    vertical, rule = ("|", "-") if ascii else ("│", "─")

    def junction(up: bool, down: bool, left: bool, right: bool) -> str:
        if ascii:
            return {(True, True, False, False): "|", (False, False, True, True): "-"}.get(
                (up, down, left, right), "+"
            )
        return _BOX[(up, down, left, right)]

    def bars(i: int | None) -> set[int]:
        if i is None or not 0 <= i < len(rows):
            return set()
        return {0, n} if wrapped[i] is None else set(range(n + 1))

    def rule_line(above: int | None, below: int | None) -> str:
        crossing = [
            above is not None and below is not None and ("rule", above, j) in text_at
            for j in range(n)
        ]
        out = ""
        for k in range(n + 1):
            left = k > 0 and not crossing[k - 1]
            right = k < n and not crossing[k]
            out += junction(k in bars(above), k in bars(below), left, right)
            if k < n:
                out += (
                    _pad(text_at[("rule", above, k)], widths[k])
                    if crossing[k]
                    else rule * widths[k]
                )
        return out

    out = [rule_line(None, 0)]
    for i, row in enumerate(wrapped):
        for t in range(heights[i]):
            if row is None:
                lines = wrap(rows[i][0], inner)
                out.append(vertical + _pad(lines[t] if t < len(lines) else "", inner) + vertical)
                continue
            cells = []
            for j in range(n):
                if (i, j, t) in text_at:
                    cells.append(_pad(text_at[(i, j, t)], widths[j]))
                else:
                    lines = row[j]
                    cells.append(_pad(lines[t] if t < len(lines) else "", widths[j]))
            out.append(vertical + vertical.join(cells) + vertical)
        out.append(rule_line(i, i + 1 if i + 1 < len(rows) else None))
    return "\n".join(out) + "\n"


def web(rows: Sequence[Sequence[str]], *, by_line: bool = False) -> str:
    """One cell per paragraph (or per line); empty cells are left out."""
    cells = [c for row in rows for c in row if c and c != MERGED]
    return ("\n" if by_line else "\n\n").join(cells) + "\n"


def spaced(widths: Sequence[int], rows: Sequence[Sequence[str]], gap: int = 3) -> str:
    """Columns at fixed positions; a cell wider than its column wraps onto the lines below."""
    out = []
    for row in rows:
        wrapped = [
            wrap(c, w) if c and c != MERGED else [""] for c, w in zip(row, widths, strict=True)
        ]
        for t in range(max(len(c) for c in wrapped)):
            parts = [
                _pad(c[t] if t < len(c) else "", w) for c, w in zip(wrapped, widths, strict=True)
            ]
            out.append((" " * gap).join(parts).rstrip())
    return "\n".join(out) + "\n"

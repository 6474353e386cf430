"""Locations inside an imported file, kept compact in data and written out for people.

Readers give every paragraph, row and cell a ``where`` code:

- ``L12``          line 12 of a text file
- ``P4``           paragraph 4 of a Word document (body order, 1-based)
- ``T1:R5``        table 1, row 5 of a Word document; ``T1:R5:C2`` a cell in it
- ``Sheet1!7``     row 7 of a worksheet; ``Sheet1!C7`` a cell
- ``R5``           row 5 of a CSV file; ``R5:C2`` a cell
"""

from __future__ import annotations

import re

_PATTERNS: list[tuple[re.Pattern[str], dict[str, str]]] = [
    (re.compile(r"^L(?P<a>\d+)$"), {"zh": "第{a}行", "en": "line {a}"}),
    (re.compile(r"^P(?P<a>\d+)$"), {"zh": "第{a}段", "en": "paragraph {a}"}),
    (
        re.compile(r"^T(?P<a>\d+):R(?P<b>\d+):C(?P<c>\d+)$"),
        {"zh": "表{a}第{b}行第{c}列", "en": "table {a}, row {b}, column {c}"},
    ),
    (re.compile(r"^T(?P<a>\d+):R(?P<b>\d+)$"), {"zh": "表{a}第{b}行", "en": "table {a}, row {b}"}),
    (
        re.compile(r"^(?P<a>.+)!(?P<b>\d+)$"),
        {"zh": "工作表“{a}”第{b}行", "en": "sheet '{a}', row {b}"},
    ),
    (
        re.compile(r"^(?P<a>.+)!(?P<b>[A-Z]+\d+)$"),
        {"zh": "工作表“{a}”单元格{b}", "en": "sheet '{a}', cell {b}"},
    ),
    (
        re.compile(r"^R(?P<a>\d+):C(?P<b>\d+)$"),
        {"zh": "第{a}行第{b}列", "en": "row {a}, column {b}"},
    ),
    (re.compile(r"^R(?P<a>\d+)$"), {"zh": "第{a}行", "en": "row {a}"}),
]


def describe_where(where: str, lang: str = "zh") -> str:
    """``"L12"`` → ``"第12行"`` (zh) or ``"line 12"`` (en); unknown codes are returned as they are."""
    for pattern, texts in _PATTERNS:
        m = pattern.match(where)
        if m:
            return texts.get(lang, texts["en"]).format(**m.groupdict())
    return where

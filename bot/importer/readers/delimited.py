"""Read a notice saved as CSV (comma, tab or semicolon separated; UTF-8 or GBK).

CSV keeps no merge information: a spreadsheet saved as CSV writes a merged cell's value once
and leaves the cells it covered blank. So blank cells are kept as empty cells ("merged with the
cell above"); only the columns left blank in every record, at the left and right edges, are
trimmed.
One-cell rows above and below the table are paragraphs (see ``grid``).
Where codes are ``R<n>``, the record number (the row number a spreadsheet shows).
"""

from __future__ import annotations

import csv
import io

from bot.importer.model import Cell, Document, NoticeError, Row
from bot.importer.readers.decoding import decode_text, text_lines
from bot.importer.readers.grid import loose_lines_as_paragraphs

_DELIMITERS = ",\t;"
_SNIFF_BYTES = 64 * 1024


def read_csv(data: bytes, name: str) -> Document:
    """A ``.csv`` notice as table rows; fully blank records are skipped."""
    decoded = decode_text(data, name, "csv")
    text = decoded.text
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
    except csv.Error as exc:  # e.g. a field longer than the csv module allows
        raise NoticeError("corrupt_file", "", name=name, fmt="csv") from exc
    numbered = [
        (number, [Cell(text_lines(field)) for field in record])
        for number, record in enumerate(records, start=1)
    ]
    used = [(number, cells) for number, cells in numbered if _used_width(cells)]
    width = max((_used_width(cells) for _, cells in used), default=0)
    skip = min((_blank_prefix(cells) for _, cells in used), default=0)
    rows = [
        Row(cells=tuple(cells[skip:width]), where=f"R{number}", table=1) for number, cells in used
    ]
    return Document(
        source=name,
        fmt="csv",
        blocks=loose_lines_as_paragraphs(rows),
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )


def sniff_delimiter(text: str) -> str:
    """The field separator: what ``csv.Sniffer`` finds among , TAB ; — else the commonest one."""
    sample = text[:_SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except Exception:  # the sniffer raises csv.Error, and worse on odd input
        first = next((line for line in sample.split("\n") if line.strip()), "")
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _used_width(cells: list[Cell]) -> int:
    """One past the last non-empty cell."""
    return max((i + 1 for i, cell in enumerate(cells) if not cell.empty), default=0)


def _blank_prefix(cells: list[Cell]) -> int:
    """How many empty cells come before the first non-empty one."""
    return next((i for i, cell in enumerate(cells) if not cell.empty), len(cells))

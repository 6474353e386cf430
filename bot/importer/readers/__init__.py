"""Readers: an uploaded notice file → ``Document`` (paragraphs and table rows in reading order).

The format is chosen by the file name's extension. Whatever the bytes, a reader either returns a
``Document`` or raises ``NoticeError`` with a code the message catalog explains to the user:

- ``unsupported_format`` (name, suffix): not .txt/.docx/.xlsx/.csv
- ``empty_file`` (name, fmt): nothing but whitespace
- ``binary_file`` (name, fmt): a text or CSV file that is not text at all
- ``unknown_encoding`` (name, fmt): text, but neither UTF-8, UTF-16 (with BOM) nor GB18030/GBK
- ``corrupt_file`` (name, fmt): a .docx/.xlsx that is not a readable Office file; a broken CSV
- ``legacy_or_encrypted`` (name, fmt): an old .doc/.xls renamed, or a password-protected file
- ``cannot_open`` (name, detail): ``read_path`` could not open the file
- before a .docx/.xlsx is opened, ``bot.importer.guard`` refuses zip bombs, sheet-sized merges,
  too many cells and too deeply nested tables with codes of their own (see its docstring)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath

from bot.importer.model import Document, NoticeError
from bot.importer.readers.delimited import read_csv
from bot.importer.readers.excel import read_xlsx
from bot.importer.readers.text import read_text
from bot.importer.readers.word import read_docx

_READERS: dict[str, Callable[[bytes, str], Document]] = {
    ".txt": read_text,
    ".docx": read_docx,
    ".xlsx": read_xlsx,
    ".csv": read_csv,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)

__all__ = ["SUPPORTED_SUFFIXES", "read_document", "read_path"]


def read_document(data: bytes, name: str) -> Document:
    """Read a notice file's bytes; ``name`` (its file name) picks the format by extension."""
    file_name = PurePath(name).name or name
    suffix = PurePath(file_name).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise NoticeError("unsupported_format", "", name=file_name, suffix=suffix)
    return reader(data, file_name)


def read_path(path: Path) -> Document:
    """Read a notice file from disk (the CLI's way in)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NoticeError(
            "cannot_open", "", name=str(path), detail=exc.strerror or str(exc)
        ) from exc
    return read_document(data, path.name)

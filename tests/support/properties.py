"""Shared pieces of the importer's property tests (tests/importer/test_properties*.py).

- the real notices they damage: the bundled sample, the seed, the layout samples in
  tests/data and the genre corpus's text notices in tests/data/notices, read as text (``load_notices``), and the sample and the seed rendered as Word and
  Excel files (``render_notices``); the test modules wrap these in module-scoped fixtures;
- ``fast``: Hypothesis settings for properties whose examples are slow;
- ``count_outcome``: an outcome counted for ``--hypothesis-show-statistics``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from hypothesis import HealthCheck, currently_in_test_context, event, settings

from bot.importer.readers import read_document
from tests.support.mutate import render

SAMPLE_NAME = "sample_notice.txt"
LAYOUTS = Path(__file__).resolve().parents[1] / "data"
OFFICE = ("docx", "xlsx")
CORPUS = LAYOUTS / "notices"
TEXT_SUFFIXES = (".txt", ".csv")


def _text_samples() -> list[Path]:
    """The layout samples and the corpus notices that are text files (not expect files)."""
    paths = [*LAYOUTS.iterdir(), *(CORPUS.iterdir() if CORPUS.is_dir() else [])]
    return sorted(
        (p for p in paths if p.is_file() and p.suffix in TEXT_SUFFIXES), key=lambda p: p.name
    )


SOURCES = ("sample", "seed", *(p.name for p in _text_samples()))
# the paragraph layouts of the genre corpus, for the properties that shuffle their blocks
PARAGRAPH_NOTICES = tuple(p.name for p in _text_samples() if p.name.startswith("p-"))


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def count_outcome(value: str) -> None:
    """Count an outcome for ``--hypothesis-show-statistics`` (inside a property only)."""
    if currently_in_test_context():
        event(value)


@dataclass(frozen=True)
class Notice:
    name: str  # the file name it is imported under
    text: str = field(repr=False)


def load_notices(seed_path: Path) -> dict[str, Notice]:
    """The real notices to damage: sample, seed and the layout samples, by short name."""
    found = {
        "sample": Notice(SAMPLE_NAME, (files("bot") / "data" / SAMPLE_NAME).read_text("utf-8")),
        "seed": Notice(seed_path.name, seed_path.read_text(encoding="utf-8-sig")),
    }
    for path in _text_samples():
        found[path.name] = Notice(path.name, path.read_text(encoding="utf-8-sig"))
    assert set(found) == set(SOURCES)
    return found


def render_notices(notices: dict[str, Notice]) -> dict[tuple[str, str], bytes]:
    """The sample and the seed as Word and Excel files."""
    return {
        (source, fmt): render(read_document(notices[source].text.encode(), "n.txt"), fmt)
        for source in ("sample", "seed")
        for fmt in OFFICE
    }

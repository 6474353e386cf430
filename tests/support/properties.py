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
from hypothesis import strategies as st

from bot.importer.readers import read_document
from tests.support.mutate import (
    DeleteLines,
    DuplicateLine,
    Insert,
    InsertLine,
    Mutation,
    ReplaceLine,
    SwapLines,
    fragments,
    positions,
    render,
)

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


# What the paragraph layouts are made of: the labels, role keywords, brackets and time limits
# the clause reader looks for, to be inserted, moved and cut where they do not belong.
CLAUSE_FRAGMENTS = (
    "分管领导：|分管领导:|部门分工：|部门分工:|完成时限：|时限:|责任领导：|牵头单位：|责任单位:",
    "牵头|负责|配合|按职责分工负责|分别负责|协办|（|）|(|)|［|］|[|]|【|】|，|,|；|;|。|.",
    "（区发改委牵头，区财政局配合）|(市工信局牵头,各区人民政府配合)|年内持续推进|6月底前|长期坚持",
    "各街办（新区）|各街办(新区)|分管副省长王某负责|省发展改革委牵头|各地、各部门配合|区卫健局",
    "（一）|(二)|一、|1、|2.|（3）|　　|    ",
)
clause_fragments = st.one_of(
    st.sampled_from(tuple(p for run in CLAUSE_FRAGMENTS for p in run.split("|"))), fragments
)
clause_snippets = st.lists(clause_fragments, min_size=1, max_size=6).map("".join)
paragraph_mutation: st.SearchStrategy[Mutation[str]] = st.one_of(
    st.builds(DeleteLines, positions, st.integers(1, 4)),
    st.builds(DuplicateLine, positions),
    st.builds(SwapLines, positions, positions),
    st.builds(ReplaceLine, positions, clause_snippets),
    st.builds(InsertLine, positions, clause_snippets),
    st.builds(Insert, positions, clause_snippets),
)
paragraph_mutations = st.lists(paragraph_mutation, min_size=1, max_size=6)

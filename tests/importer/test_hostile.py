"""Hostile Office files are refused with one sentence before the libraries walk them; the
bounded child process turns what slips past into a refusal too, and carries plans back whole."""

from __future__ import annotations

import pytest

from bot.importer import guard, parse_bytes
from bot.importer.model import NoticeError
from bot.importer.readers import read_document
from bot.importer.worker import read_isolated
from bot.texts import message
from tests.importer import hostile
from tests.support.world import sample_notice


def refusal(data: bytes, name: str) -> NoticeError:
    with pytest.raises(NoticeError) as caught:
        read_document(data, name)
    return caught.value


def test_a_sheet_sized_merge_is_refused_by_its_area() -> None:
    data = hostile.whole_sheet_merge_xlsx()
    assert len(data) < 8 * 1024
    error = refusal(data, "merge.xlsx")
    assert error.code == "merged_too_large"
    assert error.params["sheet"] == "任务" and error.params["ref"] == "A1:XFD1048576"
    assert error.params["cells"] == 16384 * 1048576
    sentence = message("error", error.code, error.params, "zh")
    assert "工作表“任务”" in sentence and "A1:XFD1048576" in sentence


def test_merges_a_notice_uses_still_read() -> None:
    """A 分管领导 column merged down 300 rows is a real table's merge, not an attack."""
    document = read_document(hostile.whole_sheet_merge_xlsx("C2:C301"), "ok.xlsx")
    assert document.blocks


@pytest.mark.parametrize(
    ("build", "name"), [(hostile.xlsx_bomb, "bomb.xlsx"), (hostile.docx_bomb, "bomb.docx")]
)
def test_zip_bombs_are_refused_from_the_central_directory(build: object, name: str) -> None:
    data = build(guard.MAX_UNPACKED_BYTES // guard.MB + 10)  # type: ignore[operator]
    error = refusal(data, name)
    assert error.code == "unpacked_too_large"
    assert error.params["max_mb"] == 50 and error.params["size_mb"] > 50
    assert "压缩炸弹" in message("error", error.code, error.params, "zh")
    assert "zip bomb" in message("error", error.code, error.params, "en")


def test_an_absurd_compression_ratio_is_refused_under_the_size_limit() -> None:
    error = refusal(hostile.docx_bomb(20), "ratio.docx")
    assert error.code == "suspicious_compression"
    assert error.params["part"] == "word/document.xml" and error.params["ratio"] > 200


def test_too_many_cells_written_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_CELLS", 1000)
    assert refusal(hostile.many_cells_xlsx(2000), "cells.xlsx").code == "too_many_cells"
    read_document(hostile.many_cells_xlsx(500), "fewer.xlsx")  # under the limit: read


def test_too_many_parts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_MEMBERS", 5)
    assert refusal(hostile.small_xlsx(), "parts.xlsx").code == "too_many_parts"


def test_nested_tables_are_read_not_called_damaged() -> None:
    document = read_document(hostile.nested_tables_docx(30), "nested.docx")
    assert any("最里层" in cell.text for b in document.blocks for cell in getattr(b, "cells", ()))


def test_tables_nested_past_the_limit_get_their_own_sentence() -> None:
    error = refusal(hostile.nested_tables_docx(guard.MAX_TABLE_NESTING + 20), "deep.docx")
    assert error.code == "nested_too_deep"
    assert "嵌套超过 40 层" in message("error", error.code, error.params, "zh")


def test_too_many_paragraphs_and_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_DOCX_ELEMENTS", 10)
    assert refusal(hostile.nested_tables_docx(12), "many.docx").code == "too_many_elements"


def test_a_file_that_is_not_a_zip_is_still_damaged() -> None:
    assert refusal(b"PK\x03\x04 not really a zip", "junk.xlsx").code == "corrupt_file"


# --- the child process ----------------------------------------------------------------------


def test_the_plan_read_in_the_child_is_the_plan_read_here() -> None:
    data = sample_notice()
    aliases = {"区发改局": "区发展改革局"}
    here = parse_bytes(data, "sample.txt", aliases=aliases, groups=["各街道"])
    there = read_isolated(data, "sample.txt", aliases=aliases, groups=["各街道"])
    assert there == here


def test_a_refusal_in_the_child_crosses_with_its_code_and_params() -> None:
    with pytest.raises(NoticeError) as caught:
        read_isolated(hostile.whole_sheet_merge_xlsx(), "merge.xlsx")
    assert caught.value.code == "merged_too_large" and caught.value.params["sheet"] == "任务"


def test_a_child_over_its_memory_allowance_is_a_refusal() -> None:
    with pytest.raises(NoticeError) as caught:
        read_isolated(hostile.many_cells_xlsx(100_000), "big.xlsx", memory_mb=10)
    assert caught.value.code == "read_out_of_memory" and caught.value.params["mb"] == 10


def test_a_child_past_its_time_limit_is_killed_and_refused() -> None:
    # no interpreter starts in a millisecond: the limit is always passed
    with pytest.raises(NoticeError) as caught:
        read_isolated(sample_notice(), "sample.txt", time_limit=0.001)
    assert caught.value.code == "read_timeout"
    assert "秒仍未完成" in message("error", caught.value.code, caught.value.params, "zh")


def test_a_zip_with_a_damaged_part_is_still_damaged() -> None:
    def junk(xml: bytes) -> bytes:
        return b"<w:document this is not xml"

    data = hostile._rewrite(hostile.small_docx(), "word/document.xml", junk)
    assert refusal(data, "broken.docx").code == "corrupt_file"


def test_a_zip_bomb_is_refused_before_any_child_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.importer.worker as worker

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a child was started")

    monkeypatch.setattr(worker.subprocess, "run", no_child)
    with pytest.raises(NoticeError) as caught:
        read_isolated(hostile.xlsx_bomb(60), "bomb.xlsx")
    assert caught.value.code == "unpacked_too_large" and caught.value.params["name"] == "bomb.xlsx"

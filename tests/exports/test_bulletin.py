"""The draft bulletin (通报), opened again with python-docx: its structure in order, who is named
behind and late, the official type and the A4 page."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph
from sqlmodel import Session

from bot.bulletin import bulletin_docx, bulletin_file
from bot.settings import Settings
from tests.exports.builders import make_summary
from tests.exports.conftest import AFTER_DEADLINE, Office

HEADINGS = ["一、总体进展", "二、工作亮点", "三、存在问题", "四、下步工作"]


def open_doc(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs]


def between(document: DocumentObject, start: str, end: str | None) -> list[str]:
    lines = texts(document)
    first = lines.index(start) + 1
    return lines[first : lines.index(end) if end else len(lines)]


def east_asia(paragraph: Paragraph) -> str | None:
    fonts = paragraph.runs[0]._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


@pytest.fixture
def draft() -> DocumentObject:
    return open_doc(bulletin_docx(make_summary(), "zh", office="示范区人民政府督查室", year=2030))


def test_the_usual_structure_in_order(draft: DocumentObject) -> None:
    lines = texts(draft)
    assert lines[0] == "关于2030年重点任务上半年推进情况的通报"
    assert lines[1] == "（2030年7月18日）"
    assert "各有关单位：" in lines
    assert [line for line in lines if line in HEADINGS] == HEADINGS
    assert [lines.index(h) for h in HEADINGS] == sorted(lines.index(h) for h in HEADINGS)
    assert lines[-2:] == ["示范区人民政府督查室", "2030年7月18日"]


def test_overall_progress_in_numbers(draft: DocumentObject) -> None:
    overall = " ".join(between(draft, "一、总体进展", "二、工作亮点"))
    # 10 tasks, 8 reported; 14 departments, 7 of them reported everything (builders' counts)
    assert "10项重点任务中已报送8项，报送率80%" in overall
    assert "14个责任单位中，7个已全部报送" in overall
    assert "已完成2项，序时推进3项，滞后2项，未启动1项，未报送2项" in overall
    assert "序时进度（54%）" in overall and "5项任务达到进度要求" in overall
    assert "已于2030年7月15日截止" in overall


def test_done_tasks_are_the_highlights_with_their_sentences(draft: DocumentObject) -> None:
    highlights = between(draft, "二、工作亮点", "三、存在问题")
    assert highlights[0] == "已完成重点任务2项，主要有："
    # the task's first sentence in full, not the summary's short title
    assert highlights[1].startswith(
        "（一）一.1 新培育高新技术企业40家以上，研发投入强度达到3%（区科创局牵头）。"
    )
    assert highlights[1].endswith("已认定高新技术企业42家，提前完成全年目标。")
    assert highlights[2].startswith("（二）四.1")


def test_tasks_behind_and_late_departments_are_named(draft: DocumentObject) -> None:
    problems = between(draft, "三、存在问题", "四、下步工作")
    assert problems[0] == "（一）部分任务进展滞后。"
    behind = [line for line in problems if re.match(r"\d+\. ", line)]
    assert [line.split()[1] for line in behind] == ["一.3", "二.2", "二.3", "三.2", "四.2"]
    assert behind[0].endswith("受拆迁影响，主体工程开工推迟约两个月。")
    assert behind[1].endswith("逾期未报送进展。")  # 二.2 never reported
    assert "（二）部分单位未按时报送。" in problems
    late = problems[-1]
    for name in ("区商务局", "区水务局", "区统计局", "区规划自然资源局", "区财政局", "各街道"):
        assert f"{name}（1项）" in late
    assert "区卫健委" not in late  # paused: not late
    assert "等6个单位仍有任务逾期未报送" in late


def test_next_steps_are_placeholders(draft: DocumentObject) -> None:
    after = between(draft, "四、下步工作", None)
    steps, rest = after[:3], after[3:]
    assert all("【" in s and "】" in s for s in steps)
    assert rest == ["", "示范区人民政府督查室", "2030年7月18日"]


def test_official_type_and_a4_page(draft: DocumentObject) -> None:
    section = draft.sections[0]

    def cm(length: Length | None) -> float:
        assert length is not None
        return round(length.cm, 2)  # stored in twentieths of a point

    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)  # A4
    assert (cm(section.top_margin), cm(section.bottom_margin)) == (3.7, 3.5)
    assert (cm(section.left_margin), cm(section.right_margin)) == (2.8, 2.6)
    title = draft.paragraphs[0]
    assert east_asia(title) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    lines = texts(draft)
    heading = draft.paragraphs[lines.index("一、总体进展")]
    assert east_asia(heading) == "黑体"
    body = draft.paragraphs[lines.index("一、总体进展") + 1]
    assert east_asia(body) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    fmt = body.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
    assert fmt.first_line_indent == Pt(32)  # two characters of 16 pt
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    sub = draft.paragraphs[lines.index("（一）部分任务进展滞后。")]
    assert east_asia(sub) == "楷体_GB2312"


def test_the_font_table_names_a_fallback_for_missing_faces(draft: DocumentObject) -> None:
    part = next(r.target_part for r in draft.part.rels.values() if "fontTable" in r.reltype)
    xml = part.blob.decode()
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="黑体"/>', xml)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', xml)


def test_before_the_deadline_the_units_yet_to_report_are_asked_to(
    draft: DocumentObject,
) -> None:
    early = replace(
        make_summary(today=date(2030, 7, 10)),
        departments=tuple(replace(d, late=False) for d in make_summary().departments),
    )
    document = open_doc(bulletin_docx(early, "zh", office=None))
    problems = between(document, "三、存在问题", "四、下步工作")
    assert "（二）报送进度有待加快。" in problems
    assert problems[-1].endswith("请于2030年7月15日前完成报送。")
    assert "区卫健委（1项）" in problems[-1]
    assert texts(document)[-2] == "【发文单位】"
    assert "还有5天" in " ".join(texts(document))


def test_english_draft_in_plain_fonts() -> None:
    document = open_doc(bulletin_docx(make_summary(), "en", office="Inspection Office"))
    lines = texts(document)
    assert lines[0] == "Key tasks 2030: progress report for 上半年"
    heads = ["1. Overall progress", "2. Highlights", "3. Problems", "4. Next steps"]
    assert [line for line in lines if line in heads] == heads
    body = document.paragraphs[lines.index("1. Overall progress") + 1]
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert "区商务局 (1)" in " ".join(lines)


def test_the_bulletin_file_from_the_database(office: Office, session: Session) -> None:
    settings = Settings.model_validate({})
    name, data = bulletin_file(session=session, settings=settings, now=AFTER_DEADLINE, lang="zh")
    assert name == "通报_2030-07-18.docx"
    document = open_doc(data)
    lines = texts(document)
    assert lines[0] == "关于2030年重点任务上半年推进情况的通报"
    assert lines[-2] == "示范区人民政府办公室"  # the plan's issuer signs it
    highlights = between(document, "二、工作亮点", "三、存在问题")
    assert any("一.1" in line and "已认定高新技术企业31家" in line for line in highlights)

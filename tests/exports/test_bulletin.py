"""The draft bulletin (通报), opened again with python-docx: its structure in order, who is named
behind and late, the official type, the footer's page numbers, the signature block and the
附件 table."""

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

from bot.exports.bulletin import (
    LIST_LIMIT,
    OFFICE_FACES,
    UNITS_NAMED,
    bulletin_docx,
    bulletin_file,
    fonts_note,
)
from bot.settings import Settings
from bot.summary.model import Summary
from db.enums import ReportStatus
from tests.exports.builders import Season, make_summary, season
from tests.exports.conftest import AFTER_DEADLINE, Office

HEADINGS = ["一、总体进展", "二、工作亮点", "三、存在问题", "四、下步工作"]
OFFICE = "示范区人民政府督查室"


def open_doc(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs]


def body_lines(document: DocumentObject) -> list[str]:
    """The bulletin up to the 成文日期: what is read as the bulletin's text."""
    lines = texts(document)
    return lines[: lines.index("附件")] if "附件" in lines else lines


def between(document: DocumentObject, start: str, end: str | None) -> list[str]:
    lines = body_lines(document)
    first = lines.index(start) + 1
    return lines[first : lines.index(end, first) if end is not None else len(lines)]


def east_asia(paragraph: Paragraph) -> str | None:
    fonts = paragraph.runs[0]._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


@pytest.fixture
def draft() -> DocumentObject:
    return open_doc(bulletin_docx(make_summary(), "zh", office=OFFICE, year=2030))


def test_the_usual_structure_in_order(draft: DocumentObject) -> None:
    lines = body_lines(draft)
    assert lines[0] == "关于2030年重点任务上半年推进情况的通报"
    assert lines[1] == "" and lines[2] == "各有关单位："
    assert [line for line in lines if line in HEADINGS] == HEADINGS
    assert [lines.index(h) for h in HEADINGS] == sorted(lines.index(h) for h in HEADINGS)
    assert lines[-5:] == ["", "附件：2030年重点任务上半年推进情况表", "", OFFICE, "2030年7月18日"]


def test_overall_progress_in_numbers(draft: DocumentObject) -> None:
    overall = " ".join(between(draft, "一、总体进展", "二、工作亮点"))
    # 10 tasks, 8 reported; 14 departments, 7 of them reported everything (builders' counts)
    assert "10项重点任务中已报送8项，报送率80%" in overall
    assert "14个责任单位中，7个已全部报送" in overall
    assert "从报送情况看，已完成2项，序时推进3项，滞后2项，未启动1项，未报送2项。" in overall
    assert "序时进度（54%）" in overall and "5项任务达到进度要求" in overall
    assert "已于2030年7月15日截止" in overall


def test_done_tasks_are_the_highlights_with_their_sentences(draft: DocumentObject) -> None:
    highlights = between(draft, "二、工作亮点", "三、存在问题")
    assert highlights[0] == "已完成重点任务2项："
    # the task's first sentence in full, not the summary's short title
    assert highlights[1].startswith(
        "（一）一.1 新培育高新技术企业40家以上，研发投入强度达到3%（区科创局牵头）。"
    )
    assert highlights[1].endswith("已认定高新技术企业42家，提前完成全年目标。")
    assert highlights[2].startswith("（二）四.1")


def test_tasks_behind_and_late_departments_are_named(draft: DocumentObject) -> None:
    problems = between(draft, "三、存在问题", "四、下步工作")
    assert problems[0] == "（一）部分任务进展滞后。"
    assert problems[1] == "已报送的任务中，3项进展滞后于序时进度："
    behind = [line for line in problems if re.match(r"\d+\. ", line)]
    # reported tasks with a yellow or red light; the unreported ones are counted as unreported
    assert [line.split()[1] for line in behind] == ["一.3", "二.3", "四.2"]
    assert behind[0].endswith("受拆迁影响，主体工程开工推迟约两个月。")
    assert "（二）部分单位逾期未报送。" in problems
    late = problems[-1]
    for name in ("区商务局", "区水务局", "区统计局", "区规划自然资源局", "区财政局", "各街道"):
        assert f"{name}（1项）" in late
    assert "区卫健委" not in late  # paused: not late
    # most missing first, then in the order the notice names them
    assert late == (
        "截至2030年7月18日，区财政局（1项）、区规划自然资源局（1项）、各街道（1项）、"
        "区水务局（1项）、区统计局（1项）、区商务局（1项）6个单位仍有任务逾期未报送。"
    )


def test_next_steps_are_placeholders_one_per_problem(draft: DocumentObject) -> None:
    steps = between(draft, "四、下步工作", "")
    assert steps == [
        "（一）【针对滞后任务，明确督促措施和完成时限】",
        "（二）【对逾期未报送单位，提出催报和约谈要求】",
        "（三）【下一报送节点安排及其他工作要求】",
    ]


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
    # digits and Latin letters in Times New Roman
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
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


# --- the page: numbers in the footer, the signature block ------------------------------------


def field_codes(paragraph: Paragraph) -> list[str]:
    return [node.text for node in paragraph._p.iter(qn("w:instrText"))]


def test_page_numbers_in_the_footer_odd_right_even_left(draft: DocumentObject) -> None:
    section = draft.sections[0]
    assert draft.settings.odd_and_even_pages_header_footer  # w:evenAndOddHeaders
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert paragraph.text == "— 1 —"  # the PAGE field's shown value between 一字线
        assert [c.strip() for c in field_codes(paragraph)] == ["PAGE"]
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.paragraph_format.alignment == alignment
        for run in paragraph.runs:  # 4号 半角宋体
            assert run.font.size == Pt(14)
            assert run._r.rPr.rFonts.get(qn("w:ascii")) == "宋体"
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    # one character (14 pt) in from the outer edge
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.paragraph_format.left_indent == Pt(14)
    # the footer sits in the bottom margin, under the text block
    assert section.footer_distance is not None and section.bottom_margin is not None
    assert section.footer_distance < section.bottom_margin


def width(text: str) -> float:
    """In characters: CJK one, digits half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)


def test_the_date_four_characters_in_with_the_office_centred_over_it(
    draft: DocumentObject,
) -> None:
    lines = texts(draft)
    sign = draft.paragraphs[lines.index(OFFICE)]
    day = draft.paragraphs[lines.index(OFFICE) + 1]
    assert day.text == "2030年7月18日"  # written out in full, Arabic numerals
    for paragraph in (sign, day):
        assert paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert paragraph.paragraph_format.first_line_indent is None
    assert day.paragraph_format.right_indent == Pt(64)  # 右空四字 of 16 pt
    assert day._p.pPr.ind.get(qn("w:rightChars")) == "400"
    # the office's centre over the date's centre (in points from the right margin)
    sign_inset = sign.paragraph_format.right_indent
    assert sign_inset is not None
    sign_centre = sign_inset.pt + 16 * width(OFFICE) / 2
    day_centre = 64 + 16 * width(day.text) / 2
    assert abs(sign_centre - day_centre) < 0.5
    # a blank line between the 附件说明 and the signature
    assert lines[lines.index(OFFICE) - 1] == ""


def test_a_long_office_name_goes_flush_right_with_the_date_centred_under_it() -> None:
    office = "示范区人民政府办公室重点工作督查督办专项工作领导小组办公室"
    document = open_doc(bulletin_docx(make_summary(), "zh", office=office))
    lines = texts(document)
    sign = document.paragraphs[lines.index(office)]
    day = document.paragraphs[lines.index(office) + 1]
    assert sign.paragraph_format.right_indent == Pt(0)
    day_inset = day.paragraph_format.right_indent
    assert day_inset is not None
    assert abs(day_inset.pt + 16 * width(day.text) / 2 - 16 * width(office) / 2) < 0.5


# --- the 附件 --------------------------------------------------------------------------------


def test_the_annex_lists_every_task_on_its_own_page(draft: DocumentObject) -> None:
    lines = texts(draft)
    label = lines.index("附件")
    assert lines.index("2030年7月18日") < label  # after the signature block
    assert draft.paragraphs[label].paragraph_format.page_break_before  # its own page
    assert east_asia(draft.paragraphs[label]) == "黑体"
    assert draft.paragraphs[label].paragraph_format.first_line_indent is None  # 顶格
    assert lines[label + 2] == "2030年重点任务上半年推进情况表"
    (table,) = draft.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "任务", "牵头单位", "状态", "进展"]
    summary = make_summary()
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(summary.tasks) + 1)]
    assert [r[1].split()[0] for r in rows[1:]] == [t.code for t in summary.tasks]
    by_code = {r[1].split()[0]: r for r in rows[1:]}
    assert by_code["一.1"][2:] == [
        "区科创局",
        "已完成",
        "已认定高新技术企业42家，提前完成全年目标。",
    ]
    assert by_code["二.2"][3] == "逾期未报送"  # after the deadline
    assert by_code["一.3"][3] == "滞后"  # statuses in words, never codes
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None  # repeats
    for row in table.rows[1:]:  # a task's row stays on one page
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_long_list_is_counted_and_left_to_the_annex() -> None:
    many = [
        Season(f"一.{n}", f"推进第{n}个片区更新改造。", (f"第{n}片区管委会",), ReportStatus.DONE)
        for n in range(1, LIST_LIMIT + 3)
    ]
    document = open_doc(bulletin_docx(season(many, today=date(2030, 7, 10)), "zh", office=OFFICE))
    highlights = between(document, "二、工作亮点", "三、存在问题")
    assert highlights == [f"已完成重点任务{LIST_LIMIT + 2}项，具体见附件。"]
    assert len(document.tables[0].rows) == LIST_LIMIT + 2 + 1


# --- every section agrees with the counts, season by season ----------------------------------

UNITS = ["区发改委", "区经信委", "区商务委", "区住建委", "区水务局", "区教委", "区卫健委"]


def seasons() -> dict[str, tuple[date, list[Season], frozenset[str]]]:
    """Named seasons of one plan: the day, the tasks' facts, the paused units."""
    before, after = date(2030, 7, 1), date(2030, 7, 30)
    on, behind, done, idle = (
        ReportStatus.ON_TRACK,
        ReportStatus.BEHIND,
        ReportStatus.DONE,
        ReportStatus.NOT_STARTED,
    )
    mixed = [
        Season("一.1", "地区生产总值增长6%左右。", ("区发改委",), on, note="上半年增长5.9%"),
        Season("一.2", "规上工业增加值增长8%。", ("区经信委",), behind, note="受订单影响"),
        Season("一.3", "社会消费品零售总额增长7%。", ("区商务委",)),
        Season("二.1", "改造老旧小区20个。", ("区住建委", "区水务局"), on, ("区住建委",)),
        Season("二.2", "新建污水管网30公里。", ("区水务局",), done, note="已建成32公里"),
        Season("三.1", "新增学位2000个。", ("区教委",), idle),
        Season("三.2", "建设社区医院3所。", ("区卫健委",)),
    ]
    late = [replace(s, days_late=5) if s.code == "二.2" else s for s in mixed]
    everyone = [replace(s, status=s.status or on, reporters=s.lead, days_late=None) for s in mixed]
    on_pace = [replace(s, status=done if s.status is not on else on) for s in everyone]
    nobody = [Season(s.code, s.text, s.lead) for s in mixed]
    crowd = [
        Season(f"四.{n}", f"建成街道便民服务中心{n}个。", (f"第{n}街道",)) for n in range(1, 13)
    ]
    crowd[0] = replace(crowd[0], status=on)
    none_paused: frozenset[str] = frozenset()
    return {
        "before the deadline": (before, mixed, none_paused),
        "on the deadline day": (date(2030, 7, 15), mixed, none_paused),
        "after it, one reported late": (after, late, frozenset({"区卫健委"})),
        "all reported, before": (before, everyone, none_paused),
        "all reported on pace, after": (after, on_pace, none_paused),
        "none reported, before": (before, nobody, none_paused),
        "none reported, after": (after, nobody, none_paused),
        "many units late": (after, crowd, none_paused),
    }


def numerals(lines: list[str], pattern: str) -> list[str]:
    return [m.group(1) for line in lines if (m := re.match(pattern, line))]


def check_agrees(summary: Summary, document: DocumentObject) -> None:
    """Every section's sentence against the summary's counts."""
    lines = body_lines(document)
    joined = "\n".join(lines)
    assert summary.days_left is not None
    passed = summary.days_left < 0
    assert "暂无" not in joined  # no "nothing here" under a heading that says something is
    # level-1 headings numbered without gaps; 总体进展 and 下步工作 always there
    heads = numerals(lines, r"^([一二三四五六七八九十]+)、")
    assert heads == ["一", "二", "三", "四"][: len(heads)]
    titles = [line.split("、", 1)[1] for line in lines if re.match(r"^[一二三四]、", line)]
    assert titles[0] == "总体进展" and titles[-1] == "下步工作"
    # 总体进展: the first sentence's figures
    reporting = next(line for line in lines if "项重点任务中已报送" in line)
    found = re.search(
        r"(\d+)项重点任务中已报送(\d+)项(?:（其中逾期报送(\d+)项）)?，报送率(\d+)%；"
        r"(\d+)个责任单位中，(\d+)个已全部报送",
        reporting,
    )
    assert found is not None
    late_tasks = [t for t in summary.tasks if t.late_reported]
    assert int(found.group(1)) == summary.tasks_total
    assert int(found.group(2)) == summary.tasks_reported
    assert int(found.group(3) or 0) == len(late_tasks)
    assert int(found.group(4)) == round(100 * summary.tasks_reported / summary.tasks_total)
    assert int(found.group(5)) == summary.departments_total
    assert int(found.group(6)) == summary.departments_reported
    unreported = summary.tasks_total - summary.tasks_reported
    if passed:
        assert "截止。" in reporting and "待报送" not in reporting
    elif summary.days_left == 0:
        assert "报送今天（2030年7月15日）截止" in reporting
    else:
        assert f"还有{summary.days_left}天" in reporting
    if not passed:
        assert (f"尚有{unreported}项任务待报送" in reporting) == (unreported > 0)
    counted = next((line for line in lines if line.startswith("从报送情况看，")), None)
    if summary.tasks_reported or passed:
        assert counted is not None
        # each status with a count is said with it; a zero is left out
        words = {"已完成": "done", "序时推进": "on_track", "滞后": "behind"}
        words |= {"未启动": "not_started", "未报送": "unreported"}
        statuses = counted.split("。")[0].removeprefix("从报送情况看，")
        said = {
            words[w]: int(n) for w, n in re.findall(r"(\D+?)(\d+)项", statuses.replace("，", ""))
        }
        assert said == {k: v for k, v in summary.by_status.items() if v}
        lights = counted.split("。")[1]
        pattern = r"(\d+)项(?:任务达到进度要求（绿灯）|有所滞后（黄灯）|明显滞后[^（]*（红灯）)"
        colours = re.findall(r"(\d+)项[^（]*（(绿|黄|红)灯）", lights)
        assert len(colours) == len(re.findall(pattern, lights))
        by_colour = {"绿": "green", "黄": "yellow", "红": "red"}
        assert {by_colour[c]: int(n) for n, c in colours} == {
            k: v for k, v in summary.by_light.items() if v and k != "none"
        }
        assert ("逾期未报送（红灯）" in joined) == (passed and summary.by_light.get("red", 0) > 0)
    else:
        assert counted is None  # nothing reported: nothing to count by status yet
    # 工作亮点: there when something is done, one item per done task
    done = [t for t in summary.tasks if t.status is ReportStatus.DONE]
    assert ("工作亮点" in titles) == bool(done)
    if done:
        assert f"已完成重点任务{len(done)}项" in joined
        items = [line for line in lines if re.match(r"^（[一二三四五六七八九十]+）\S+\.\d+ ", line)]
        assert [line.split()[0][line.index("）") + 1 :] for line in items] == [t.code for t in done]
    # 存在问题: each part there exactly when it has something to name
    problems = (
        between(
            document,
            next(x for x in lines if x.endswith("存在问题")),
            next(x for x in lines if x.endswith("下步工作")),
        )
        if "存在问题" in titles
        else []
    )
    subheads = [line for line in problems if re.match(r"^（[一二三四]）", line)]
    assert numerals(subheads, r"^（([一二三四])）") == ["一", "二", "三", "四"][: len(subheads)]
    for head in subheads:  # a heading is followed by what it announces
        following = problems[problems.index(head) + 1]
        assert following and not re.match(r"^（[一二三四]）", following)
    behind = [
        t for t in summary.tasks if t.status is not None and t.light.value in ("yellow", "red")
    ]
    assert any("部分任务进展滞后" in h for h in subheads) == bool(behind)
    if behind:
        assert f"已报送的任务中，{len(behind)}项进展滞后于序时进度" in joined
        listed = [line.split()[1] for line in problems if re.match(r"^\d+\. \S+\.\d+ ", line)]
        assert listed[: len(behind)] == [t.code for t in behind]
    late = [d for d in summary.departments if d.late]
    assert any("逾期未报送" in h for h in subheads) == (bool(late) and passed)
    if late and passed:
        sentence = next(line for line in problems if "仍有任务逾期未报送" in line)
        if len(late) > 1:  # 2个单位 / 等12个单位: the count is of them all
            assert f"{len(late)}个单位" in sentence
        assert ("等" in sentence) == (len(late) > UNITS_NAMED)
        most = sorted(late, key=lambda d: (-d.missing, d.position, d.name))
        for d in most[:UNITS_NAMED]:
            assert f"{d.name}（{d.missing}项）" in sentence
        for d in [*most[UNITS_NAMED:], *(d for d in summary.departments if not d.late)]:
            assert f"{d.name}（" not in sentence
    late_reporters = [d for d in summary.departments if d.late_reported]
    assert any("逾期报送" in h and "未报送" not in h for h in subheads) == bool(late_reporters)
    for d in late_reporters:
        days = max(t.days_late or 0 for t in late_tasks if d.name in t.reported_units)
        assert f"{d.name}（{d.late_reported}项，逾期{days}天）" in joined
    if not passed:
        # before the deadline nobody is late: a unit that has reported nothing is not named
        assert "逾期" not in joined
        for d in summary.departments:
            if d.reported == 0:
                coled = any(d.name in t.unreported_leads and t.status for t in summary.tasks)
                assert coled or d.name not in joined
    if "存在问题" in titles and not subheads:
        assert problems == [
            f"已报送的{summary.tasks_reported}项任务均达到序时进度要求"
            + ("，无逾期未报送单位。" if passed else "。")
        ]
        assert all(t.light.value == "green" for t in summary.tasks if t.status is not None)
    if "存在问题" not in titles:
        assert summary.tasks_reported == 0 and not (late and passed)


@pytest.mark.parametrize("name", list(seasons()))
def test_every_sentence_agrees_with_the_counts(name: str) -> None:
    today, tasks, paused = seasons()[name]
    summary = season(tasks, today=today, paused=paused)
    document = open_doc(bulletin_docx(summary, "zh", office=OFFICE, year=2030))
    check_agrees(summary, document)


def test_fourteen_days_before_the_deadline_no_unit_is_called_slow() -> None:
    today, tasks, _ = seasons()["before the deadline"]
    document = open_doc(bulletin_docx(season(tasks, today=today), "zh", office=OFFICE))
    joined = "\n".join(body_lines(document))
    assert "还有14天。尚有2项任务待报送，请于2030年7月15日前完成报送。" in joined
    for unit in ("区商务委", "区卫健委"):  # nothing reported yet, deadline ahead
        assert unit not in joined
    assert "（二）" not in " ".join(between(document, "三、存在问题", "四、下步工作"))


def test_after_the_deadline_late_and_late_reported_units_are_named() -> None:
    today, tasks, paused = seasons()["after it, one reported late"]
    summary = season(tasks, today=today, paused=paused)
    document = open_doc(bulletin_docx(summary, "zh", office=OFFICE))
    problems = between(document, "三、存在问题", "四、下步工作")
    assert "（二）部分单位逾期未报送。" in problems
    late = next(line for line in problems if "逾期未报送。" in line and "截至" in line)
    assert "区商务委（1项）" in late and "区水务局（1项）" in late  # 区水务局 co-leads 二.1
    assert "区卫健委" not in late  # paused
    assert "（三）部分单位逾期报送。" in problems
    assert "区水务局（1项，逾期5天）在报送截止后才报送，按逾期报送计。" in problems
    assert "（四）部分共同牵头单位未报送。" in problems
    assert "1. 二.1 改造老旧小区20个：区住建委已报送，区水务局尚未报送。" in problems
    assert "（其中逾期报送1项）" in " ".join(between(document, "一、总体进展", "二、工作亮点"))
    rows = {
        row.cells[1].text.split()[0]: [c.text for c in row.cells]
        for row in document.tables[0].rows[1:]
    }
    assert rows["二.2"][3] == "已完成（逾期报送5天）"
    assert rows["二.1"][2] == "区住建委、区水务局（未报送）"


def test_a_co_led_task_is_credited_to_the_unit_that_reported() -> None:
    tasks = [
        Season(
            "一.1",
            "建设城市更新示范片区。",
            ("区住建委", "区规划自然资源局", "区城管局"),
            ReportStatus.DONE,
            ("区规划自然资源局",),
            note="示范片区已建成",
        )
    ]
    summary = season(tasks, today=date(2030, 7, 10))
    document = open_doc(bulletin_docx(summary, "zh", office=OFFICE))
    item = between(document, "二、工作亮点", "三、存在问题")[1]
    assert item == (
        "（一）一.1 建设城市更新示范片区（区住建委、区规划自然资源局、区城管局牵头，"
        "区规划自然资源局已报送，区住建委、区城管局尚未报送）。示范片区已建成。"
    )


# --- fonts, English, the service -------------------------------------------------------------


def test_a_note_names_the_office_fonts_this_machine_lacks() -> None:
    assert OFFICE_FACES == ("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312")
    everything = ["FZXiaoBiaoSong-B05S", "SimHei", "KaiTi_GB2312", "FangSong_GB2312"]
    assert fonts_note("zh", everything) is None
    note = fonts_note("zh", ["SimHei", "DejaVu Sans"])
    assert note is not None
    assert "方正小标宋简体、楷体_GB2312、仿宋_GB2312" in note and "黑体、楷体、仿宋" in note
    assert "本机未安装" in note and "SimHei" not in note
    assert fonts_note("en", []) is None  # the English draft names common fonts


def test_english_draft_in_plain_fonts() -> None:
    document = open_doc(bulletin_docx(make_summary(), "en", office="Inspection Office"))
    lines = texts(document)
    assert lines[0] == "Key tasks 2030: progress report for 上半年"
    heads = ["1. Overall progress", "2. Highlights", "3. Problems", "4. Next steps"]
    assert [line for line in lines if line in heads] == heads
    body = document.paragraphs[lines.index("1. Overall progress") + 1]
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    assert "区商务局 (1)" in " ".join(lines)
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —" and footer.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_bulletin_file_from_the_database(office: Office, session: Session) -> None:
    settings = Settings.model_validate({})
    name, data = bulletin_file(session=session, settings=settings, now=AFTER_DEADLINE, lang="zh")
    assert name == "通报_2030-07-18.docx"
    document = open_doc(data)
    lines = body_lines(document)
    assert lines[0] == "关于2030年重点任务上半年推进情况的通报"
    assert lines[-2] == "示范区人民政府办公室"  # the plan's issuer signs it
    highlights = between(document, "二、工作亮点", "三、存在问题")
    assert any("一.1" in line and "已认定高新技术企业31家" in line for line in highlights)


def test_a_long_list_of_late_units_names_ten_and_counts_them_all() -> None:
    today, tasks, _ = seasons()["many units late"]
    document = open_doc(bulletin_docx(season(tasks, today=today), "zh", office=OFFICE))
    sentence = next(line for line in body_lines(document) if "仍有任务逾期未报送" in line)
    assert sentence.endswith("第11街道（1项）等11个单位仍有任务逾期未报送。")
    assert "第1街道（" not in sentence and "第12街道" not in sentence  # reported / the 12th

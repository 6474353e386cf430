"""How the bulletin (通报) looks on the page: GB/T 9704-2012's layout, written with python-docx.

``bot.exports.bulletin`` decides what the bulletin says; this module sets the type and the page:

- A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm (top, bottom, left, right); body 3号 (16 pt) 仿宋_GB2312,
  first line indented two characters, lines exactly 28 pt apart (22 lines of 28 characters);
  title 2号 (22 pt) 方正小标宋简体 centred; 一、 headings 黑体, （一） headings 楷体_GB2312.
- Each CJK face is named in ``w:eastAsia`` as well as for Latin text, and the font table lists a
  fallback (``w:altName``) for the faces offices often lack — 黑体 for 方正小标宋简体, 仿宋 for
  仿宋_GB2312, 楷体 for 楷体_GB2312.
- Page numbers "— 1 —" (a PAGE field between 一字线) in 4号 (14 pt) 半角宋体, in the footer about
  7 mm under the text block: odd pages on the right, even pages on the left, each one character
  in from the edge (GB/T 9704 §7.5), so the numbers sit on the outer edge when printed on both
  sides.
- 成文日期 右空四字 with the 署名 centred over it (§7.3.5.1, the layout for a sealed document:
  the coordinator prints it and seals it).
- The 附件: on a new page, "附件" in 黑体 at the top left, its title centred, then a table whose
  header row repeats on every page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

__all__ = [
    "FACES",
    "FALLBACKS",
    "PAGE_NUMBER_FACE",
    "Faces",
    "annex_table",
    "blank",
    "body",
    "heading",
    "line",
    "page_numbers",
    "setup",
    "signature",
]


@dataclass(frozen=True)
class Faces:
    """The type of one language's draft: font names and sizes (points)."""

    title: str
    heading: str  # 一、
    subheading: str  # （一）
    body: str
    title_size: float
    body_size: float
    line: float  # exact line spacing
    indent_chars: int  # first-line indent, in characters
    bold_headings: bool
    justify: bool  # Chinese lines justify cleanly; English ones with CJK names would stretch
    east_asia: str | None = None  # the face for Chinese characters, when not the same
    official: bool = True  # GB/T 9704's signature block and page numbers (the Chinese draft)
    latin: str | None = "Times New Roman"  # digits and Latin letters (None: the face itself)


FACES = {
    "zh": Faces("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", 22, 16, 28, 2, False, True),
    # department names and task texts stay Chinese in the English draft: 宋体 draws them
    "en": Faces(
        "Arial",
        "Arial",
        "Arial",
        "Times New Roman",
        18,
        12,
        18,
        0,
        True,
        False,
        "SimSun",
        False,
        None,
    ),
}
# fonts an office may lack, and the one Word or WPS should use instead
FALLBACKS = {"方正小标宋简体": "黑体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}
PAGE_NUMBER_FACE = "宋体"
PAGE_NUMBER_SIZE = 14  # 4号
TABLE_SIZE = 12  # 小四: the 附件 table
# 序号, 任务, 牵头单位, 状态, 进展: 15.6 cm, the text block's width
ANNEX_WIDTHS = (Cm(1.4), Cm(5.0), Cm(3.0), Cm(2.8), Cm(3.4))


def setup(document: DocumentObject, faces: Faces) -> None:
    """A4 and the margins, the Normal style's face, the font table's fallbacks."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    # the number's line ends 2.2 cm above the page's edge: its top is ~7 mm under the text block
    section.footer_distance = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.size = Pt(faces.body_size)
    _set_face(
        normal.element.get_or_add_rPr(), faces.latin or faces.body, faces.east_asia or faces.body
    )
    _fallbacks(document, faces)


def _fallbacks(document: DocumentObject, faces: Faces) -> None:
    """List our CJK faces in the font table, each with the common face to use when missing."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if "fontTable" in rel.reltype
    )
    table = parse_xml(part.blob)
    for name in dict.fromkeys((faces.title, faces.heading, faces.subheading, faces.body)):
        if name not in FALLBACKS:
            continue
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{FALLBACKS[name]}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    # python-docx keeps the font table as an opaque part; its bytes are all there is to set
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_numbers(document: DocumentObject, faces: Faces) -> None:
    """ "— 1 —" in every page's footer: odd pages right, even pages left, one character in
    (the Chinese draft); centred in the English one."""
    section = document.sections[0]
    if not faces.official:
        _number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER, faces.body, 0)
        return
    document.settings.odd_and_even_pages_header_footer = True
    _number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, PAGE_NUMBER_FACE, 1)
    _number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, PAGE_NUMBER_FACE, 1)


def _number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH, face: str, inset: int) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = alignment
    fmt.space_before = fmt.space_after = Pt(0)
    if inset and alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_SIZE * inset)
    elif inset:
        fmt.left_indent = Pt(PAGE_NUMBER_SIZE * inset)
    paragraph.add_run("— ")
    # a complex field (begin, instruction, separate, the value shown, end): Word, WPS and
    # LibreOffice all update it; "1" is what shows before they do
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(PAGE_NUMBER_SIZE)
        _set_face(run._r.get_or_add_rPr(), face, face)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def heading(document: DocumentObject, faces: Faces, text: str, *, level: int = 1) -> Paragraph:
    """一、 (黑体) or （一） (楷体), kept with the paragraph that follows."""
    face = faces.heading if level == 1 else faces.subheading
    bold = faces.bold_headings and level == 1
    return body(document, faces, text, face=face, bold=bold, keep=True)


def body(
    document: DocumentObject,
    faces: Faces,
    text: str,
    *,
    face: str | None = None,
    bold: bool = False,
    keep: bool = False,
    indent: bool = True,
) -> Paragraph:
    """A paragraph of the body: exact line spacing, two characters' first-line indent."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    _exact(paragraph, faces.line)
    fmt.keep_with_next = keep
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if faces.justify else WD_ALIGN_PARAGRAPH.LEFT
    if faces.indent_chars and indent:
        fmt.first_line_indent = Pt(faces.body_size * faces.indent_chars)
        # in characters too, so the indent stays two characters if the size is changed
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(faces.indent_chars * 100))
    elif not faces.indent_chars:
        fmt.space_after = Pt(faces.body_size / 2)
    _run(paragraph, text, face or faces.body, faces.body_size, bold, faces)
    return paragraph


def line(
    document: DocumentObject,
    text: str,
    face: str,
    size: float,
    *,
    faces: Faces,
    center: bool = False,
    bold: bool = False,
) -> Paragraph:
    """A line outside the body's flow: the title, the addressee, the annex's label."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, face, size, bold, faces)
    return paragraph


def blank(document: DocumentObject, faces: Faces) -> Paragraph:
    """An empty line of the body's height (GB/T 9704's 空一行)."""
    paragraph = document.add_paragraph()
    _exact(paragraph, faces.line)
    _run(paragraph, "", faces.body, faces.body_size, False, faces)
    return paragraph


def signature(document: DocumentObject, faces: Faces, office: str, day: str) -> None:
    """The issuing office over the date. Chinese: the date 右空四字, the office centred over
    it (when the office is wider than the date and the four characters, the pair goes flush
    right with the date centred under it). English: both flush right."""
    sign = _flush_right(document, faces, office)
    date = _flush_right(document, faces, day)
    if not faces.official:
        return
    office_width, date_width = _chars(office), _chars(day)
    date_inset = 4.0
    office_inset = date_inset + (date_width - office_width) / 2
    if office_inset < 0:
        date_inset, office_inset = (office_width - date_width) / 2, 0.0
    for paragraph, inset in ((sign, office_inset), (date, date_inset)):
        paragraph.paragraph_format.right_indent = Pt(round(faces.body_size * inset, 1))
        if inset == int(inset):  # in characters too, as Word writes it
            ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:rightChars"), str(int(inset * 100)))


def _flush_right(document: DocumentObject, faces: Faces, text: str) -> Paragraph:
    paragraph = document.add_paragraph()
    _exact(paragraph, faces.line)
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(paragraph, text, faces.body, faces.body_size, False, faces)
    return paragraph


def _chars(text: str) -> float:
    """Width in body characters: CJK and full-width one, digits and Latin half (Times New Roman
    digits are half-width, as GB/T 9704 wants them)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def annex_table(
    document: DocumentObject,
    faces: Faces,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> None:
    """The 附件's table: a header row in the heading face (repeated on every page), one row per
    item (never split across pages), in the body face at 小四; 序号 and 状态 centred."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    size = TABLE_SIZE if faces.official else faces.body_size - 2
    head = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(head.cells, headers, strict=True):
        _cell(cell, text, faces.heading, size, faces, center=True, bold=faces.bold_headings)
    for values in rows:
        row = table.add_row()
        whole = OxmlElement("w:cantSplit")  # a row is not broken across two pages
        whole.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(whole)
        cells = row.cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, faces.body, size, faces, center=index in (0, 3))
    if faces.official:
        # the grid's widths (LibreOffice reads these) and each cell's (Word and WPS do)
        for column, width in zip(table.columns, ANNEX_WIDTHS, strict=False):
            column.width = width
            for cell in column.cells:
                cell.width = width


def _cell(
    cell: _Cell, text: str, face: str, size: float, faces: Faces, *, center: bool, bold=False
) -> None:
    paragraph = cell.paragraphs[0]
    _exact(paragraph, size * 1.5)
    if center:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, face, size, bold, faces)


def _exact(paragraph: Paragraph, points: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = fmt.space_after = Pt(0)


def _run(paragraph: Paragraph, text: str, face: str, size: float, bold: bool, faces: Faces) -> None:
    """A run in ``face``: in the Chinese draft ``face`` is the CJK face and digits and Latin
    letters go in Times New Roman; in the English one ``face`` is the Latin face and Chinese
    names go in 宋体."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if faces.east_asia:  # a Latin face with a CJK companion
        _set_face(run._r.get_or_add_rPr(), face, faces.east_asia)
    else:
        _set_face(run._r.get_or_add_rPr(), faces.latin or face, face)


def _set_face(rpr: object, latin: str, east_asia: str) -> None:
    """Name the faces for Latin and for East Asian text (``w:eastAsia`` is what Chinese uses);
    theme fonts are dropped, or they would win over the names."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)

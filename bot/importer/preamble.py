"""The covering notice around the task list: title, issuer, date, reporting deadlines, contact.

``read_preamble`` reads the paragraphs before (and after) the task table of a notice such as
"…关于印发…的通知 … 请各单位分别于7月15日前和12月31日前，将上半年和全年工作任务完成情况报区政府办
（联系人：…，联系电话：…，邮箱：…）… 2021年3月29日". Pure text work: no database, no Telegram.
Whatever it cannot read becomes a ``ParseWarning``; it never raises.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.rrule import rrulestr

from bot.importer.model import Contact, Paragraph, ParsedDeadline, ParseWarning
from bot.importer.targets import chinese_int

_TITLE_WORDS = ("通知", "通报", "方案", "分解", "清单", "意见", "办法", "计划", "要点", "安排")
_OFFICE_END = ("办公室", "人民政府", "委员会", "政府", "管委会", "局", "厅", "办", "委", "部")
_CN_NUM = "〇零○O一二三四五六七八九十两"
_YEAR = rf"(?P<y>\d{{4}}|[{_CN_NUM}]{{4}})\s*年"
_MONTH = rf"(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*月"
_DAY = rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[日号]"
_FULL_DATE = re.compile(
    rf"{_YEAR}\s*{_MONTH}\s*{_DAY}|(?P<y2>\d{{4}})[-./](?P<m2>\d{{1,2}})[-./](?P<d2>\d{{1,2}})"
)
_BEFORE = r"(?:前|之前|以前|止|为止)"
_ONE_OFF = re.compile(
    rf"(?:(?:{_YEAR}\s*|(?P<next>次年|翌年|来年|下一年)\s*)?{_MONTH}\s*(?:{_DAY}|(?P<end>底|末))"
    r"|(?P<yearend>年底|年终|年末))"
    rf"\s*(?P<before>{_BEFORE})?"
)
_DAY_NUM = r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})"
_MONTHLY = re.compile(rf"每(?:个)?月(?:的)?{_DAY_NUM}\s*[日号]")
_QUARTERLY = re.compile(
    r"每(?:个)?季度(?P<which>末月|最后一个月|末|结束前|首月|第一个月|次月|结束后次月)?(?:的)?"
    rf"{_DAY_NUM}\s*[日号]"
)
_QUARTER_START = ("首月", "第一个月", "次月", "结束后次月")
_HALF_YEARLY = re.compile(rf"每半年(?:末月|末)?(?:的)?{_DAY_NUM}\s*[日号]")
# 每年1月15日前: once a year on that day
_YEARLY = re.compile(
    rf"每年(?:的)?(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*"
    rf"(?:{_DAY_NUM}\s*[日号]|(?P<end>底|末))"
)
# 每月底, 每季度末, 每半年: the period's last day (no day named)
_PERIOD_END = re.compile(
    r"每(?:个)?(?P<period>月|季度|半年)(?:底|末|最后一[天日])?"
    r"(?!\s*(?:的|末月|最后一个月|首月|第一个月|次月|结束|[\d一二三四五六七八九十]))"
)
# 每季度结束后10日内, 每月结束后5日内: that day of the next period's first month
_AFTER_PERIOD = re.compile(
    rf"每(?:个)?(?P<period>月|季度|半年)(?:结束|末)后{_DAY_NUM}\s*(?:日|天)(?:内|前)?"
)
_REPORTING = re.compile(r"报|提交|反馈")
_PERIOD_MONTHS = {"月": "", "季度": "3,6,9,12", "半年": "6,12"}
_NEXT_MONTHS = {"月": "", "季度": "1,4,7,10", "半年": "1,7"}
_PERIOD_NAMES = {"月": "每月", "季度": "每季度", "半年": "每半年"}
_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_WEEKDAYS = dict(zip("一二三四五六日", _DAYS, strict=True)) | dict(
    zip("1234567", _DAYS, strict=True)
)
_WEEKDAYS["天"] = "SU"
_WEEKLY = re.compile(r"每(?:个)?(?:周|星期)(?P<w>[一二三四五六日天1-7])")
_RECURRING = (
    (_MONTHLY, "每月"),
    (_QUARTERLY, "每季度"),
    (_HALF_YEARLY, "每半年"),
    (_WEEKLY, "每周"),
    (_YEARLY, "每年"),
    (_AFTER_PERIOD, ""),  # named by its period
    (_PERIOD_END, ""),
)
_PERIODS = (
    ("第一季度", "一季度"), ("一季度", "一季度"), ("第二季度", "二季度"), ("二季度", "二季度"),
    ("前三季度", "前三季度"), ("第三季度", "三季度"), ("三季度", "三季度"),
    ("第四季度", "四季度"), ("四季度", "四季度"), ("上半年", "上半年"), ("下半年", "下半年"),
    ("全年度", "全年"), ("全年", "全年"), ("年度", "全年"), ("年底", "全年"), ("年终", "全年"),
    ("年末", "全年"),
)  # fmt: skip
_PERIOD_RE = re.compile("|".join(word for word, _ in _PERIODS))
_PERIOD_NAME = dict(_PERIODS)
_SENTENCE_END = re.compile(r"[。；;!?！？]")
_CONTACT_NAME = re.compile(
    r"联系人(?:及(?:联系)?(?:电话|方式))?\s*[:：]?\s*"
    r"(?P<name>[\u4e00-\u9fff·]{2,5}?)(?:同志)?(?=[\s,，;；、()（）:：\d]|联系|电话|手机|邮箱|$)"
)
_PHONE = r"(?:\(?0\d{2,3}\)?-?)?\d{7,8}(?:-\d{1,4})?|1[3-9]\d{9}"
_PHONE_LABELLED = re.compile(
    r"(?:联系电话|办公电话|固定电话|电话号码|电话|手机号码|手机号|手机|座机|联系方式)\s*[:：]?\s*"
    rf"(?P<phone>{_PHONE})(?!\d)"
)
_PHONE_ANY = re.compile(rf"(?<![\d@.])(?P<phone>{_PHONE})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "－": "-", "―": "-"})


@dataclass
class Preamble:
    """What the covering notice says about the plan as a whole."""

    title: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    contact: Contact = field(default_factory=Contact)
    deadlines: list[ParsedDeadline] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


@dataclass
class _Line:
    text: str  # NFKC-normalised, artefacts removed, stripped
    where: str


def read_preamble(paragraphs: list[Paragraph]) -> Preamble:
    """Read title, issuer, date, deadlines and contact from the notice's own paragraphs."""
    lines = [_Line(_normalise(p.text), p.where) for p in paragraphs]
    lines = [line for line in lines if line.text]
    out = Preamble()
    out.title = _title(lines)
    out.issued_on, signer = _signature(lines, out.warnings)
    out.issuer = _issuer_from_title(out.title) or signer or _header_issuer(lines)
    if out.issued_on is None:
        out.warnings.append(ParseWarning("no_issue_date", ""))
    year = _year(out.issued_on, out.title, lines)
    for line in lines:
        for sentence in _SENTENCE_END.split(line.text):
            out.deadlines += _sentence_deadlines(sentence, line.where, year, out)
    out.deadlines = _distinct_names(list(dict.fromkeys(out.deadlines)))
    if not out.deadlines:
        out.warnings.append(ParseWarning("no_deadlines", ""))
    out.contact = _contact(lines)
    if out.contact == Contact():
        out.warnings.append(ParseWarning("no_contact", ""))
    return out


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", _ARTIFACT.sub("", text)).translate(_DASHES).strip()


def _squeeze(text: str) -> str:
    """Drop layout spaces (关 于 印 发), keeping one between two Latin words or numbers."""
    return re.sub(r"\s+", lambda m: _space_between(m, text), text).strip()


def _space_between(m: re.Match[str], text: str) -> str:
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    return " " if before.isascii() and after.isascii() and before and after else ""


def _title(lines: list[_Line]) -> str | None:
    for i, line in enumerate(lines):
        text = _squeeze(line.text)
        if len(text) > 120 or text.endswith(("。", ":", "；", ";", "，", ",")):
            continue
        if any(w in text for w in _TITLE_WORDS) and not text.startswith("附件"):
            prev = _squeeze(lines[i - 1].text) if i else ""
            if prev and "关于" in prev and "关于" not in text and not prev.endswith("。"):
                return prev + text  # a title broken over two lines
            return text
    return _squeeze(lines[0].text) if lines else None


def _issuer_from_title(title: str | None) -> str | None:
    if not title or "关于" not in title[1:]:
        return None
    head = title[: title.index("关于", 1)].strip()
    return head if head.endswith(_OFFICE_END) else None


def _header_issuer(lines: list[_Line]) -> str | None:
    """A red-header line at the top: 重庆市渝中区人民政府办公室文件."""
    for line in lines[:3]:
        text = _squeeze(line.text)
        if text.endswith("文件") and text[:-2].endswith(_OFFICE_END):
            return text[:-2]
    return None


def _signature(lines: list[_Line], warnings: list[ParseWarning]) -> tuple[date | None, str | None]:
    """The last date standing alone on its line, and the office named just above it."""
    for i in range(len(lines) - 1, -1, -1):
        text = _squeeze(lines[i].text).strip("()（）")
        m = _FULL_DATE.search(text)
        if not m or m.end() != len(text):
            continue
        head = text[: m.start()].strip()
        if head and not head.endswith(_OFFICE_END):
            continue
        issued = _date_of(m, None)
        if issued is None:
            warnings.append(ParseWarning("bad_date", lines[i].where, {"text": m.group()}))
            return None, None
        signer = head or None
        if signer is None and i:
            above = _squeeze(lines[i - 1].text)
            if (
                above.endswith(_OFFICE_END)
                and len(above) <= 40
                and not re.search(r"[，。:]", above)
            ):
                signer = above
        return issued, signer
    return None, None


def _date_of(m: re.Match[str], year: int | None) -> date | None:
    """The date a match names; ``None`` if it is not a real day (2月30日) or has no year."""
    groups = m.groupdict()
    y = _int(groups.get("y") or groups.get("y2")) or year
    if groups.get("next") and year:
        y = year + 1  # 次年1月15日前: the January after the plan's year
    month = _int(groups.get("m") or groups.get("m2"))
    day = _int(groups.get("d") or groups.get("d2"))
    if groups.get("yearend"):
        month, day = 12, 31
    elif groups.get("end") and y and month and 1 <= month <= 12:
        day = calendar.monthrange(y, month)[1]
    if not (y and month and day):
        return None
    try:
        return date(y, month, day)
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else chinese_int(text)


def _year(issued_on: date | None, title: str | None, lines: list[_Line]) -> int | None:
    if issued_on:
        return issued_on.year
    for text in [title or "", *(line.text for line in lines)]:
        m = re.search(r"(20\d{2})\s*年", text)
        if m:
            return int(m.group(1))
    return None


def _sentence_deadlines(
    sentence: str, where: str, year: int | None, out: Preamble
) -> list[ParsedDeadline]:
    """Deadlines in one sentence: repeating ones, then dates paired in order with its periods."""
    taken: list[tuple[int, int]] = []
    found = _recurring_in(sentence, where, year, out, taken)
    dates = _dates_in(sentence, where, year, out, taken)
    if not dates:
        return found
    names = [
        _PERIOD_NAME[p.group()]
        for p in _PERIOD_RE.finditer(sentence)
        if not any(a <= p.start() < b for a, b in taken)
    ]
    if names and len(names) != len(dates):
        params = {"dates": [label for label, _ in dates], "names": names}
        out.warnings.append(ParseWarning("deadline_names_mismatch", where, params))
        names = []
    for i, (_label, due) in enumerate(dates):
        if due is None:
            continue
        name = names[i] if names else _md(due)
        if out.issued_on and due < out.issued_on:
            when = {"name": name, "due": due.isoformat(), "issued_on": out.issued_on.isoformat()}
            out.warnings.append(ParseWarning("deadline_before_issue", where, when))
        found.append(ParsedDeadline(name, due))
    return found


def _recurring_in(
    sentence: str, where: str, year: int | None, out: Preamble, taken: list[tuple[int, int]]
) -> list[ParsedDeadline]:
    """每月25日前, 每季度末月25日前, 每半年末月…, 每周五前, 每年1月15日前, 每季度结束后10日内,
    每季度末 / 每月底 (the period's last day, in a sentence about reporting): each an RRULE."""
    found: list[ParsedDeadline] = []
    for pattern, fixed in _RECURRING:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # part of a rule read already (每季度末月25日 is not 每季度末)
            if pattern is _PERIOD_END and not _REPORTING.search(sentence):
                continue  # 每月召开调度会: a rhythm of work, not of reporting
            taken.append(m.span())
            deadline = None
            name = fixed or _PERIOD_NAMES[m.group("period")]
            rule = _rule(pattern, m)
            if rule and (out.issued_on or year):
                deadline = _first(name, rule, out.issued_on or date(year or 1, 1, 1))
            if deadline is None:
                code = "deadline_year_unknown" if rule else "bad_date"
                out.warnings.append(ParseWarning(code, where, {"text": m.group()}))
            else:
                found.append(deadline)
    return found


def _rule(pattern: re.Pattern[str], m: re.Match[str]) -> str | None:
    if pattern is _WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[m.group('w')]}"
    if pattern is _PERIOD_END:
        months = _PERIOD_MONTHS[m.group("period")]
        return "FREQ=MONTHLY" + (f";BYMONTH={months}" if months else "") + ";BYMONTHDAY=-1"
    day = -1 if pattern is _YEARLY and m.group("end") else _int(m.group("d")) or 0
    if not (1 <= day <= 31 or day == -1):
        return None
    if pattern is _YEARLY:
        month = _int(m.group("m")) or 0
        if not 1 <= month <= 12 or day > calendar.monthrange(2000, month)[1]:
            return None
        return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
    if pattern is _AFTER_PERIOD:
        months = _NEXT_MONTHS[m.group("period")]
        return "FREQ=MONTHLY" + (f";BYMONTH={months}" if months else "") + f";BYMONTHDAY={day}"
    months = ""
    if pattern is _QUARTERLY:
        months = "1,4,7,10" if m.group("which") in _QUARTER_START else "3,6,9,12"
    elif pattern is _HALF_YEARLY:
        months = "6,12"
    return "FREQ=MONTHLY" + (f";BYMONTH={months}" if months else "") + f";BYMONTHDAY={day}"


def _first(name: str, rule: str, start: date) -> ParsedDeadline | None:
    """The repeating deadline with its first occurrence on or after ``start``."""
    begin = datetime(start.year, start.month, start.day)
    first = rrulestr(rule, dtstart=begin).after(begin, inc=True)
    return ParsedDeadline(name, first.date(), rule) if first else None


def _dates_in(
    sentence: str, where: str, year: int | None, out: Preamble, taken: list[tuple[int, int]]
) -> list[tuple[str, date | None]]:
    """One-off deadlines in order, as (words, date); the date is ``None`` when it is not real."""
    dates: list[tuple[str, date | None]] = []
    for m in _ONE_OFF.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken) or not _is_deadline(sentence, m):
            continue
        taken.append(m.span())
        due = _date_of(m, year)
        label = sentence[m.start() : m.start("before") if m.group("before") else m.end()].strip()
        if due is None:
            known = year or _int(m.group("y"))
            code = "bad_date" if known else "deadline_year_unknown"
            out.warnings.append(ParseWarning(code, where, {"text": label}))
        dates.append((label, due))
    return dates


def _is_deadline(sentence: str, m: re.Match[str]) -> bool:
    """A deadline ends in 前/止, or follows 于/为 in a sentence about reporting (报, 提交)."""
    before = sentence[: m.start()].rstrip()
    if before.endswith(("截至", "截止到", "自", "从")):
        return False
    if m.group("before"):
        return True
    if m.group("yearend"):
        return False  # 年底 without 前 names a period, not a day
    reporting = _REPORTING.search(sentence) is not None
    return reporting and before.endswith(("于", "在", "为", "截止"))


def _distinct_names(deadlines: list[ParsedDeadline]) -> list[ParsedDeadline]:
    """Deadlines are known by name: a second one with a name taken (每月25日 and 每月底, two
    dates both paired with 全年) is named with its date as well, 每月（3月31日）."""
    seen: set[str] = set()
    named: list[ParsedDeadline] = []
    for deadline in deadlines:
        name = deadline.name
        if name in seen:
            name = f"{name}（{_md(deadline.due)}）"
        if name in seen:
            continue  # the same name and date twice: one deadline
        seen.add(name)
        named.append(ParsedDeadline(name, deadline.due, deadline.rule))
    return named


def _md(due: date) -> str:
    return f"{due.month}月{due.day}日"


def _contact(lines: list[_Line]) -> Contact:
    name = phone = email = None
    ordered = sorted(lines, key=lambda line: "联系人" not in line.text)
    for line in ordered:
        text = line.text
        if name is None and (m := _CONTACT_NAME.search(text)):
            name = m.group("name")
        if phone is None:
            m = _PHONE_LABELLED.search(text)
            if m is None and "联系人" in text:
                m = _PHONE_ANY.search(text, text.index("联系人"))
            if m:
                phone = m.group("phone")
        if email is None and (m := _EMAIL.search(text)):
            email = m.group()
    return Contact(name=name, phone=phone, email=email)

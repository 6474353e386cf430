"""Numbers and units as liaisons type them: Chinese numerals, full-width digits, 万/亿, units.

Everything here works on text normalised by ``normalise`` (same length as the original, so that
spans found in it can cut the original text). ``find_quantities`` finds "a number with a unit"
(``1.2万户``, ``二百一十五件``, ``3,200万元``, ``55%``, ``百分之五十五``, and a bare ``230亿``) and
``to_unit`` converts what was said into a target's unit (``6800户`` → ``0.68`` against ``万户``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MAGNITUDES = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}

# What people write → the base unit a target's unit is built on (万平方米 = 万 × 平方米).
UNIT_ALIASES = {
    "平方米": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "平": "平方米",
    "公里": "公里",
    "千米": "公里",
    "人次": "人次",
    "美元": "美元",
    "元": "元",
}
COUNT_UNITS: tuple[str, ...] = ("户", "人", "名", "件", "家", "个", "项", "条", "栋", "座", "所")
COUNT_UNITS += ("场", "次", "宗", "笔", "套", "处", "间", "辆", "位", "批", "场次", "天")
# Counting words that are interchangeable in speech (引进人才120人 against a 名 target).
COUNT_FAMILY = frozenset({"人", "名", "个", "家", "件", "项", "所", "座", "栋"})

_UNIT_WORDS = sorted(set(UNIT_ALIASES) | set(COUNT_UNITS), key=len, reverse=True)
UNIT_PATTERN = "|".join(re.escape(u) for u in _UNIT_WORDS)

_CN_NUM = r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[万亿]?)?"
_AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Counting words that are not units here: 一个月, 两个百分点, 三个工作日.
_NOT_UNIT_AFTER = r"(?!月|百分点|工作日|季度|小时|方面|部分|批次)"
QUANTITY = re.compile(
    rf"(?<![第\d.])(?:百分之\s*(?P<pct_cn>{_CN_NUM}|{_AR_NUM})"
    rf"|(?P<ar>{_AR_NUM})\s*(?P<ar_mag>[十百千万亿]{{0,2}})|(?P<cn>{_CN_NUM}))"
    rf"\s*(?:多|余|来)?\s*(?:(?P<pct>%)|(?P<unit>{UNIT_PATTERN}){_NOT_UNIT_AFTER})?"
)


@dataclass(frozen=True)
class Quantity:
    """A number said with a unit. ``value`` is in ``base`` (户, 元, %); ``scale`` is a bare 万/亿."""

    start: int
    end: int
    value: float  # the number times any magnitude said with it: 1.2万户 → 12000
    base: str  # base unit ("户", "元", "平方米", "%"), or "" for a bare magnitude (230亿)
    scale: float = 1.0  # for a bare magnitude: 1e8 for 亿; the value is then in that scale

    @property
    def is_percent(self) -> bool:
        return self.base == "%"


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, odd spaces and control characters to spaces; same length."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch in "\u3000\u00a0\t\r" or (unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"):
            out.append(" ")
        elif ch in "。；":
            out.append(ch)
        elif ch == "﹪":
            out.append("%")
        else:
            out.append(ch)
    return "".join(out)


def parse_chinese(numeral: str) -> float | None:
    """``二百一十五`` → 215, ``一万零五百`` → 10500, ``十一点五`` → 11.5, ``二〇二一`` → 2021."""
    if not numeral:
        return None
    if "点" in numeral:
        m = re.fullmatch(r"(.*?)点([零〇一二三四五六七八九]+)([万亿]*)", numeral)
        if not m:
            return None
        whole = parse_chinese(m.group(1)) if m.group(1) else 0.0
        if whole is None:
            return None
        frac = float("0." + "".join(str(CN_DIGITS[c]) for c in m.group(2)))
        scale = 1.0
        for c in m.group(3):
            scale *= MAGNITUDES[c]
        return (whole + frac) * scale
    if all(c in CN_DIGITS for c in numeral):
        return float("".join(str(CN_DIGITS[c]) for c in numeral))
    total = 0.0
    section = 0.0
    num = 0.0
    for c in numeral:
        if c in CN_DIGITS:
            num = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (num or (1 if c == "十" else 0)) * CN_UNITS[c]
            num = 0
        elif c == "万":
            total += (section + num) * 1e4
            section = num = 0
        elif c == "亿":
            total = (total + section + num) * 1e8
            section = num = 0
        else:
            return None
    return total + section + num


def parse_number(text: str) -> float | None:
    """An Arabic (``3,200``, ``8.3``) or Chinese numeral; None when it is neither."""
    text = text.strip()
    if re.fullmatch(_AR_NUM, text):
        return float(text.replace(",", ""))
    return parse_chinese(text)


def find_quantities(text: str) -> list[Quantity]:
    """Every number said with a unit, a percent sign or a bare 万/亿, in order."""
    found: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        q = _quantity(m)
        if q is not None:
            found.append(q)
    return found


def _quantity(m: re.Match[str]) -> Quantity | None:
    if m.group("pct_cn"):
        value = parse_number(m.group("pct_cn"))
        return None if value is None else Quantity(m.start(), m.end(), value, "%")
    scale = 1.0
    if m.group("ar"):
        value = parse_number(m.group("ar"))
        for c in m.group("ar_mag"):
            scale *= MAGNITUDES[c]
    else:
        cn = m.group("cn")
        # A trailing 万/亿 of a Chinese numeral is its magnitude: 三千万人次, 两百亿. Not when
        # the numeral has a magnitude inside (六亿八千万 is one number: 680,000,000).
        while cn and cn[-1] in "万亿" and len(cn) > 1 and not set(cn[:-1]) & {"万", "亿"}:
            scale *= MAGNITUDES[cn[-1]]
            cn = cn[:-1]
        value = parse_number(cn)
    if value is None:
        return None
    if m.group("pct"):
        return Quantity(m.start(), m.end(), value * scale, "%")
    unit = m.group("unit")
    if unit:
        return Quantity(m.start(), m.end(), value * scale, base_unit(unit))
    if scale >= 1e4:  # a bare magnitude: 研发经费7.6亿, 合同额230亿
        end = m.end("ar_mag") if m.group("ar") else m.end("cn")
        return Quantity(m.start(), end, value, "", scale)
    return None


def base_unit(word: str) -> str:
    """The base unit a spoken unit word stands for: 平米 → 平方米, 千米 → 公里."""
    return UNIT_ALIASES.get(word, word)


def split_unit(unit: str) -> tuple[float, str]:
    """A target's unit as (scale, base): ``万户`` → (1e4, "户"), ``亿美元`` → (1e8, "美元")."""
    unit = unit.strip()
    scale = 1.0
    rest = unit
    while len(rest) > 1 and rest[0] in MAGNITUDES and rest[1:] not in ("米",):
        scale *= MAGNITUDES[rest[0]]
        rest = rest[1:]
    return scale, base_unit(rest)


def to_unit(q: Quantity, target_unit: str, *, loose: bool = False) -> float | None:
    """What ``q`` says, in ``target_unit``; None when they do not measure the same thing.

    ``loose`` lets counting words stand for each other (人 for 名, 个 for 家), which a caller
    allows only when the words before the number resemble the target's subject.
    """
    scale, base = split_unit(target_unit)
    if q.base == "":
        return q.value if q.scale == scale and base not in ("%",) else None
    if q.base == base or (loose and q.base in COUNT_FAMILY and base in COUNT_FAMILY):
        return q.value / scale
    return None

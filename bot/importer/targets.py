"""Quantitative targets in one task's words: 新增发明专利200件, 增长6%左右, 突破10亿元 …

``extract_targets`` finds every figure a task commits to and says what is counted (subject), how
(comparator), how much (value and unit, 万/亿 kept in the unit as written) and what sort of figure
it is (kind). Pure text work: no database, no Telegram.

Readings the rest of the importer can rely on:

- a decline (下降/降低/减少 X%) is a growth target with a positive value; its subject ends with the
  verb ("单位能耗下降"), so the direction is never lost;
- an increase by an amount (增加2亿元) is a level target whose subject ends with the verb;
- a ceiling (以内/以下/不超过/控制在) cannot be said with the model's comparators and is left out;
- a range (5-10个) is read as at least its lower bound; 200余家 / 200多家 as at least 200;
- in a bare list (分别增长10%、20%、30%以上) the trailing 以上/左右 applies to every number;
- numbers in quotes, ordinals (第3), names (18号线, 条例, 亿元级) and durations (3个月, 5天内) are
  not targets; Chinese numerals count only before a measure word (两个 → 2, 十大 does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.importer.model import Target
from db.enums import Comparator, TargetKind

# Full-width ASCII → ASCII, one character for one, so positions in the text stay valid.
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xFE6A: 0x25}


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_RATE_UNITS = _words("个百分点 百分点 % ‰ 倍")
_AREA_UNITS = _words("平方公里 平方米 公顷 亩 公里 千米 米")
_COUNT_UNITS = _words(
    "件 家 个 户 人次 场次 批次 架次 户次 人 名 栋 幢 座 项 条 所 处 辆 台 套 张 间 场 批 株 棵"
    " 篇 部 支 艘 架 床"
)
_OTHER_UNITS = _words("美元 元 吨 千瓦时 千瓦 天 次")
_MAGNITUDE = "(?:万亿|千万|百万|亿|万|千|百)?"
_MAGNITUDE_RE = re.compile("^" + _MAGNITUDE)
_BASE_UNITS = sorted([*_AREA_UNITS, *_COUNT_UNITS, *_OTHER_UNITS], key=len, reverse=True)
_UNIT_RE = "|".join([*map(re.escape, _RATE_UNITS), f"{_MAGNITUDE}(?:{'|'.join(_BASE_UNITS)})"])
_CN_UNITS = "个|家|项|条|所|名|栋|座|处|件|户|批|场|支|套|台|辆|间"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_HIT = re.compile(
    rf"(?P<num>{_NUMBER})(?:%?\s*(?:-|~|至|到|—)\s*(?P<hi>{_NUMBER}))?(?P<more>余|多)?"
    rf"\s*(?P<unit>{_UNIT_RE})?"
    r"(?P<suffix>及以上|以上|左右|上下|以内|以下|之内|内)?"
)
_CN_HIT = re.compile(
    rf"(?P<num>[一二两三四五六七八九十百千〇零]+)(?P<more>余|多)?(?P<unit>{_CN_UNITS})"
    r"(?P<suffix>及以上|以上|左右)?"
)
# After the number: a class (亿元级), a name (条例) or a duration (3个月); 18号线 has no unit.
_NAME_AFTER = re.compile(r"级|量级|(?<=条)例|(?<=个)(?:月|工作日|小时|季度)|(?<=次)性")
_CLAUSE_SPLIT = re.compile(r"[，。；;：:！？!?\n()（）【】\[\]]|,(?!\d{3}(?!\d))")
_QUOTES = re.compile(r"“[^”]*”|‘[^’]*’|《[^》]*》|「[^」]*」|\"[^\"]*\"")
_ENUMERATOR = re.compile(r"^\s*(?:\d+[.、](?!\d)|\(\d+\)|[一二三四五六七八九十]+、)\s*")
_LIST_SEP = re.compile(r"\s*(?:、|和|及|与|以及|/)\s*")
_POST_NOUN = re.compile(r"[^，。；;：:,、！？!?\n()（）\d和及与等为]{1,24}")

_POST_NOUN_UNITS = {*_COUNT_UNITS, *_AREA_UNITS} - {"人", "人次"}
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}

_AT_LEAST = _words("突破 超过 不低于 不少于 至少 高于 多于 大于 达到 超 逾 达")
_ABOUT = _words("大约 接近 将近 约 近")
_AT_MOST = _words("不超过 不高于 控制在 低于 少于 小于")
_UP = _words("增长 提高 提升 增加 上升 增幅")
_DOWN = _words("下降 降低 减少 压减 缩减")
_TO_LEVEL = tuple(f"{v}{p}" for v in (*_UP, *_DOWN, "降", "升", "增") for p in ("到", "至"))
_NEUTRAL = _words(
    "分别为 分别 均为 均 累计 共计 总计 合计 共 实现 完成 保持在 稳定在 稳定保持 维持在 保持"
    " 稳定 维持 为 在 是 力争 确保 争取 预计 年均 同比 比上年 较上年 比去年 较去年"
)
_TRAILING = sorted(
    {*_AT_LEAST, *_ABOUT, *_AT_MOST, *_UP, *_DOWN, *_TO_LEVEL, *_NEUTRAL}, key=len, reverse=True
)
# A one-character word is not stripped when it ends a longer word: 行为, 存在, 节约, 人均 …
_WORD_ENDINGS = dict(
    pair.split(":")
    for pair in _words("为:行作认成因 在:存所现实内外 是:但于或还 共:公 均:人平年 约:节制签契")
    + _words("近:附最临 达:发表送传抵到通 超:高")
)
_LEAD_COMPARATORS = _words("至少 大约")  # not 约: 约束, 约定
_LEAD_FILLERS = _words("全年 力争 努力 确保 争取 预计 其中 累计 促进 推动 加快 加紧 着力 同时")
# Verbs worth keeping in front of the noun that follows a count: 完成15个校园建设项目.
_ACTION_VERBS = _words(
    "新增 新建 新开 引进 培育 建成 完成 完工 改造 拆除 打造 创建 建设 落地 开工 开通 招引"
    " 签约 制定 修订 出台 实施 举办 开展"
)


@dataclass
class _Hit:
    start: int
    end: int  # after the unit and any 以上/左右
    value: float | None  # None: a ceiling or a figure that is not a target
    unit: str | None
    suffix: str
    more: bool  # 余/多, or a range
    post_noun: str = ""
    post_end: int = 0


def extract_targets(text: str) -> list[Target]:
    """Every quantitative target in one task's text, in reading order."""
    norm = text.translate(_FULLWIDTH)
    targets: list[Target] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(norm + "\n"):
        targets += _clause_targets(norm, text, pos, m.start())
        pos = m.end()
    return targets


def chinese_int(numeral: str) -> int | None:
    """二〇二一 → 2021 (digit by digit), 十五 → 15, 两百 → 200; ``None`` if not a numeral."""
    if not numeral or any(c not in _CN_DIGITS and c not in _CN_POWERS for c in numeral):
        return None
    if not any(c in _CN_POWERS for c in numeral):
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    total, digit = 0, None
    for c in numeral:
        if c in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _CN_POWERS[c]
            digit = None
    return total + (digit or 0)


def _clause_targets(norm: str, original: str, start: int, end: int) -> list[Target]:
    clause = norm[start:end]
    skip = _ENUMERATOR.match(clause)
    offset = skip.end() if skip else 0
    hits = _hits(clause, offset)
    if not hits:
        return []
    source = original[start:end].strip()
    targets: list[Target] = []
    pre_start = offset
    for run in _runs(clause, hits):
        pre = clause[pre_start : run[0].start]
        after_hit = pre_start > offset
        targets += _run_targets(run, pre, after_hit, source)
        pre_start = max(run[-1].end, run[-1].post_end)
    return targets


def _hits(clause: str, offset: int) -> list[_Hit]:
    quoted = [m.span() for m in _QUOTES.finditer(clause)]
    found: list[_Hit] = []
    for pattern in (_HIT, _CN_HIT):
        for m in pattern.finditer(clause, offset):
            if any(a <= m.start() < b for a, b in quoted) or _named(clause, m):
                continue
            hit = _make_hit(clause, m, chinese=pattern is _CN_HIT)
            if hit is not None:
                found.append(hit)
    found.sort(key=lambda h: h.start)
    # A bare number counts only inside a list that ends with a unit: 10、20、30%.
    kept: list[_Hit] = []
    for hit in reversed(found):
        if hit.unit is None:
            nxt = kept[-1] if kept else None
            if nxt is None or not _LIST_SEP.fullmatch(clause[hit.end : nxt.start]):
                continue
        kept.append(hit)
    return kept[::-1]


def _named(clause: str, m: re.Match[str]) -> bool:
    before = clause[m.start() - 1] if m.start() else ""
    after = clause[m.end() : m.end() + 3]
    if before == "第" or (before.isascii() and (before.isalpha() or before in "#.-_")):
        return True
    if after[:1].isascii() and after[:1].isalpha():
        return True
    unit = m.group("unit")
    if not unit or m.group("suffix"):
        return False
    probe = unit[-1] + after
    return bool(_NAME_AFTER.match(probe, 1))


def _make_hit(clause: str, m: re.Match[str], chinese: bool) -> _Hit | None:
    raw = m.group("num")
    number = chinese_int(raw) if chinese else float(raw.replace(",", ""))
    if number is None or (chinese and number < 2):
        return None
    unit = m.group("unit")
    suffix = m.group("suffix") or ""
    hi = None if chinese else m.group("hi")
    if hi is not None and unit is None:
        return None  # 2021-2025年: a span of years, not a figure
    if unit is None and suffix:
        return None
    value: float | None = float(number)
    if suffix in ("以内", "以下", "之内", "内"):
        value = None
    hit = _Hit(m.start(), m.end(), value, unit, suffix, bool(m.group("more") or hi))
    if unit and _MAGNITUDE_RE.sub("", unit) in _POST_NOUN_UNITS and not suffix:
        noun = _POST_NOUN.match(clause, m.end())
        if noun:
            hit.post_noun, hit.post_end = noun.group(), noun.end()
    if chinese and hit.post_noun and not clause[: m.start()].endswith(tuple(_ACTION_VERBS)):
        return None  # 八项规定, 两个维护: a numbered name, not a count to reach
    return hit


def _runs(clause: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """Group numbers that share one subject: 10%、20%、30%以上."""
    runs: list[list[_Hit]] = []
    for hit in hits:
        if runs and not runs[-1][-1].post_noun:
            gap = clause[runs[-1][-1].end : hit.start]
            if _LIST_SEP.fullmatch(gap) and not runs[-1][-1].suffix:
                runs[-1].append(hit)
                continue
        runs.append([hit])
    return runs


def _run_targets(run: list[_Hit], pre: str, after_hit: bool, source: str) -> list[Target]:
    subject, words = _strip_pre(pre, after_hit)
    last = run[-1]
    unit = last.unit or ""
    subjects = [subject] * len(run)
    if len(run) > 1:
        parts = [p for p in re.split(r"、", subject) if p]
        if len(parts) == len(run):
            subjects = parts
    targets: list[Target] = []
    for hit, subj in zip(run, subjects, strict=True):
        h_unit = hit.unit or unit
        suffix = hit.suffix or last.suffix
        if hit.value is None or last.value is None:
            continue
        comparator = _comparator(words, suffix, hit.more)
        if comparator is None:
            continue
        kind, name = _kind_and_subject(subj, words, h_unit)
        if hit.post_noun and _weak_subject(subj):
            lead = subj + "".join(words)
            verb = next((v for v in _ACTION_VERBS if lead.startswith(v)), "")
            name = verb + hit.post_noun
        targets.append(Target(name, comparator, hit.value, h_unit, kind, source))
    return targets


def _weak_subject(subject: str) -> bool:
    """A subject too thin to name what is counted, so the noun after the number does:
    完成15个校园建设项目, 纪念馆等49个项目, 用好2个示范基地."""
    return len(subject) <= 2 or subject.endswith(("等", "和", "及", "与", "、"))


def _strip_pre(pre: str, after_hit: bool) -> tuple[str, list[str]]:
    """The subject before a number, and the comparator/verb words cut from its ends."""
    text = pre.strip()
    if after_hit:
        text = _LIST_SEP.sub("", text, count=1) if _LIST_SEP.match(text) else text
    words: list[str] = []
    changed = True
    while changed:
        changed = False
        for filler in (*_LEAD_FILLERS, *_LEAD_COMPARATORS):
            if text.startswith(filler) and len(text) > len(filler):
                text, changed = text[len(filler) :], True
                words += [filler] if filler in _LEAD_COMPARATORS else []
    changed = True
    while changed:
        changed = False
        for word in _TRAILING:
            if text.endswith(word) and not _word_inside(text, word):
                text, changed = text[: -len(word)].rstrip(), True
                words.insert(0, word)
                break
    return text, words


def _word_inside(text: str, word: str) -> bool:
    """True when a one-character word is really the end of a longer word (行为, 节约)."""
    if len(word) != 1 or len(text) < 2:
        return False
    return text[-2] in _WORD_ENDINGS.get(word, "")


def _comparator(words: list[str], suffix: str, more: bool) -> Comparator | None:
    if any(w in _AT_MOST for w in words):
        return None
    if suffix in ("左右", "上下"):
        return Comparator.ABOUT
    if suffix in ("以上", "及以上") or more:
        return Comparator.AT_LEAST
    if any(w in _ABOUT for w in words):
        return Comparator.ABOUT
    if any(w in _AT_LEAST for w in words):
        return Comparator.AT_LEAST
    return Comparator.EQUAL


def _kind_and_subject(subject: str, words: list[str], unit: str) -> tuple[TargetKind, str]:
    up = next((w for w in words if w in _UP), None)
    down = next((w for w in words if w in _DOWN), None)
    if unit in _RATE_UNITS:
        if down:
            return TargetKind.GROWTH, subject + down
        if up or subject.endswith(("增速", "增幅", "增长率", "增长")):
            return TargetKind.GROWTH, subject
        return TargetKind.RATIO, subject
    verb = down or up
    return TargetKind.LEVEL, subject + verb if verb else subject

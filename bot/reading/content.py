"""Which task a clause is about when the reply names no code: by the words it shares with the
department's tasks — their targets' subjects, the task text's key terms and the usual short forms.

Scoring, per clause and task:

- the clause and each task text (with its targets' subjects) are cut into character pairs
  (``市场``, ``场主``, ``主体``) after the short forms are written out (``社零`` →
  ``社会消费品零售总额``, ``GDP`` → ``地区生产总值``, ``固投`` → ``固定资产投资`` …);
- a pair shared with a task counts ``1 / (how many of the department's tasks have it)``, so words
  every task has (``推进``, ``建设``) say little and a distinctive one (``分流``) says much; the
  reply's own vocabulary (status words, 上半年, 同比 …) counts nothing;
- a clause whose figure fits one of the task's targets (a growth rate for a growth target, 亿元
  for an 亿元 target) whose subject it resembles counts more for that task.

A clause is about the best task when it scores at least ``ENOUGH``. When another task scores
nearly as well and the figures do not settle it, the match is *unsure*: the best task is kept
and the others are offered as candidates.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.reading.model import TargetRef, TaskRef
from bot.reading.numbers import Quantity, find_quantities, to_unit
from bot.reading.refs import JOINERS, Ref
from bot.reading.words import find_statuses
from db.enums import TargetKind

# Short form ↔ the notice's words. Each side found in a text brings the other in.
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("社零", "社会消费品零售总额"),
    ("消费品零售", "社会消费品零售总额"),
    ("GDP", "地区生产总值"),
    ("经济总量", "地区生产总值"),
    ("固投", "固定资产投资"),
    ("规上", "规模以上"),
    ("营收", "营业收入"),
    ("高企", "高新技术企业"),
    ("高新企业", "高新技术企业"),
    ("研发投入", "研发经费支出"),
    ("研发经费", "研发经费支出"),
    ("外资", "利用外资"),
    ("拆违", "拆除违法建筑"),
    ("违建", "违法建筑"),
    ("财政收入", "一般公共预算收入"),
    ("居民收入", "居民人均可支配收入"),
    ("可支配收入", "居民人均可支配收入"),
    ("专利", "发明专利"),
    ("上市", "挂牌上市"),
    ("招商引资", "招大引强 签约合同额 到位资金"),
    ("垃圾分类", "生活垃圾回收利用"),
    ("亿元楼", "税收亿元楼宇"),
    ("老旧小区", "老旧小区改造"),
    ("社保", "养老保险 医疗保险 参保"),
    ("消防整治", "消防安全突出问题整治"),
    ("换届", "换届选举"),
    ("疫情", "疫情防控"),
    ("人才", "急需紧缺人才"),
    ("游客", "游客 旅游"),
    ("旧改", "老旧小区改造"),
    ("棚改", "棚户区改造"),
    ("夜经济", "夜间经济"),
    ("外贸", "进出口"),
    ("生产总值", "地区生产总值"),
)

# The reply's own vocabulary: status, time and filler words say nothing about which task.
_STOP_PAIRS = frozenset(
    re.findall(
        r"..",
        "推进序时时推正常常推有序序推顺利进展进度滞后已完完成成了全面按计计划稳步持续加快扎实"
        "上半半年全年年度下半今年目前截至截止同比累计已经达到实现情况工作我局我委我办全区我区"
        "以上左右超过突破共计新增增长增速提高提升完工竣工启动开展实施正在进行行中略有有所其中"
        "目标任务一批重点加强大力积极深入不断努力确保全力推动建设发展打造持续万元亿元万户万人",
    )
)
_PAIR_CHARS = re.compile(r"[A-Za-z]+\d*(?:\.\d+)?|[\u4e00-\u9fff]+")
ENOUGH = 2.0
_CLOSE = 0.75  # another task scoring this share of the best one makes the match unsure
_FIT_BONUS = 1.5
_SHARED_ENOUGH = 3  # pairs a clause shares with each of several tasks to be unsure among them
_MOST_CANDIDATES = 4
_FIT_COVER = 0.4  # a figure counts for a target whose subject the clause names this much of


@dataclass(frozen=True)
class Match:
    """The task a clause is about, how well it fits, and the others it might be about."""

    task: TaskRef
    score: float
    others: tuple[TaskRef, ...]  # nearly as likely (unsure when not empty)


@lru_cache(maxsize=64)
def index_for(tasks: tuple[TaskRef, ...]) -> ContentIndex:
    """The index of a department's tasks; the same tasks (read again and again) are cut once."""
    return ContentIndex(tasks)


class ContentIndex:
    """The department's tasks cut into weighted character pairs, built once per reading."""

    def __init__(self, tasks: Sequence[TaskRef]) -> None:
        self.tasks = list(tasks)
        self.pairs = {t.task_id: _pairs(_task_words(t)) for t in self.tasks}
        self.subjects = {
            t.task_id: [(g, _pairs(expand(g.subject))) for g in t.targets] for t in self.tasks
        }
        df: dict[str, int] = {}
        for pairs in self.pairs.values():
            for p in pairs:
                df[p] = df.get(p, 0) + 1
        self.weight = {p: (0.0 if p in _STOP_PAIRS else 1.0 / n) for p, n in df.items()}

    def _shared(self, clause: str, ranked: list[TaskRef], scores: dict[int, float]) -> Match | None:
        """绿色金融 said to a department with three 绿色金融 tasks: each scores little (the words
        are everyone's), but the clause plainly names one of them — an unsure match."""
        said = _pairs(expand(clause))
        many = [
            t
            for t in ranked
            if scores.get(t.task_id, 0.0) > 0
            and sum(1 for p in said & self.pairs[t.task_id] if self.weight.get(p, 0.0) > 0)
            >= _SHARED_ENOUGH
        ]
        if len(many) < 2 or len(many) > _MOST_CANDIDATES:
            return None
        return Match(many[0], scores[many[0].task_id], tuple(many[1:]))

    def scores(self, clause: str) -> dict[int, float]:
        """Each task's score for ``clause`` (normalised text); tasks scoring 0 left out."""
        said = _pairs(expand(clause))
        if not said:
            return {}
        quantities = find_quantities(clause)
        out: dict[int, float] = {}
        for t in self.tasks:
            shared = said & self.pairs[t.task_id]
            score = sum(self.weight.get(p, 0.0) for p in shared)
            if score <= 0:
                continue
            score += self._fit(t, said, clause, quantities)
            out[t.task_id] = score
        return out

    def _fit(self, task: TaskRef, said: set[str], clause: str, qs: list[Quantity]) -> float:
        best = 0.0
        for target, pairs in self.subjects[task.task_id]:
            if not pairs:
                continue
            cover = len(said & pairs) / len(pairs)
            if cover == 0:
                continue
            if cover >= _FIT_COVER and any(_fits(q, clause, target) for q in qs):
                best = max(best, _FIT_BONUS + cover)
            else:
                best = max(best, cover)
        return best

    def fitting(self, task: TaskRef, clause: str) -> bool:
        """Whether a figure in ``clause`` fits one of ``task``'s targets whose subject it names."""
        said = _pairs(expand(clause))
        qs = find_quantities(clause)
        return any(
            pairs
            and len(said & pairs) >= _FIT_COVER * len(pairs)
            and any(_fits(q, clause, target) for q in qs)
            for target, pairs in self.subjects[task.task_id]
        )

    def match(self, clause: str, prefer: Sequence[int] = ()) -> Match | None:
        """The task ``clause`` is about, or None when none scores ``ENOUGH``."""
        scores = self.scores(clause)
        for task_id in prefer:
            if task_id in scores:
                scores[task_id] *= 1.25
        if not scores:
            return None
        ranked = sorted(self.tasks, key=lambda t: -scores.get(t.task_id, 0.0))
        best = ranked[0]
        top = scores[best.task_id]
        if top < ENOUGH:
            return self._shared(clause, ranked, scores)
        close = [t for t in ranked[1:] if scores.get(t.task_id, 0.0) >= top * _CLOSE]
        if close:
            fit = [t for t in [best, *close] if self.fitting(t, clause)]
            if len(fit) == 1:  # the figure settles it: 社零增长8% is the growth target's
                return Match(fit[0], scores[fit[0].task_id], ())
        return Match(best, top, tuple(close[:3]))


_GROWTH_WORDS = re.compile(r"增长|增速|增幅|提高|增加|上涨|上升")


def _fits(q: Quantity, clause: str, target: TargetRef) -> bool:
    before = clause[max(0, q.start - 6) : q.start]
    if q.is_percent:
        growth = bool(_GROWTH_WORDS.search(before))
        if target.kind is TargetKind.GROWTH:
            return growth
        return target.unit.strip() == "%" and not growth
    if target.unit.strip() == "%":
        return False
    return to_unit(q, target.unit) is not None or to_unit(q, target.unit, loose=True) is not None


def expand(text: str) -> str:
    """``text`` with the other side of every short form it holds appended."""
    found = {m.group(0).upper() for m in _FORMS.finditer(text)}
    if not found:
        return text
    extra = [_OTHER_SIDE[form] for form in found]
    return text + " " + " ".join(dict.fromkeys(w for words in extra for w in words))


_OTHER_SIDE: dict[str, list[str]] = {}
for _short, _long in SYNONYMS:
    _OTHER_SIDE.setdefault(_short.upper(), []).append(_long)
    _OTHER_SIDE.setdefault(_long.upper(), []).append(_short)
_FORMS = re.compile(
    "|".join(re.escape(f) for f in sorted(_OTHER_SIDE, key=len, reverse=True)), re.IGNORECASE
)


def _task_words(task: TaskRef) -> str:
    words = " ".join([task.text or task.title, *(g.subject for g in task.targets)])
    return expand(words)


def _pairs(text: str) -> set[str]:
    out: set[str] = set()
    for run in _PAIR_CHARS.findall(text):
        if run.isascii():
            if len(run) >= 2:
                out.add(run.upper())
            continue
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


_LOOKAHEAD = 3


def _settle(
    index: ContentIndex, match: Match, text: str, start: int, after: Sequence[tuple[int, int]]
) -> Match:
    """An unsure match settled by the figure in the clauses that follow it and name no task
    (``社会消费品零售总额：1-6月累计增长9.3%``: the growth rate is the growth target's)."""
    end = None
    for ns, ne in after:
        if index.match(text[ns:ne]) is not None:
            break
        end = ne
    if end is None:
        return match
    words = text[start:end]
    fit = [t for t in (match.task, *match.others) if index.fitting(t, words)]
    return Match(fit[0], match.score, ()) if len(fit) == 1 else match


def named_by_content(words: str, tasks: Sequence[TaskRef]) -> TaskRef | None:
    """The one task ``words`` surely name by content (``/report 社零``); None when unsure."""
    if not tasks or not words.strip():
        return None
    match = index_for(tuple(tasks)).match(words[:_NAME_LIMIT])
    return match.task if match is not None and not match.others else None


_NAME_LIMIT = 200
# Where a clause ends for content matching: punctuation, a run of spaces, a line break.
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_CUT = re.compile(r"[,，;；。!！?？:：\n]|\s{1,}")


def clauses(
    text: str, start: int, end: int, ends: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into clauses (spans). Voice input without punctuation is cut after
    each status word that more words follow (``…序时推进新增市场主体…``); ``ends``: where the
    status words of ``text`` end (found once by the caller; computed here when not given)."""
    marks = {start, end}
    for m in _CUT.finditer(text, start, end):
        marks.update((m.start(), m.end()))
    # 金融机构新增5家、上市企业1家: a list of figures is cut at each 、 after a figure
    if "、" in text[start:end]:
        quantity_ends = {q.end for q in find_quantities(text[start:end])}
        for m in re.finditer("、", text[start:end]):
            if m.start() in quantity_ends:
                marks.update((start + m.start(), start + m.end()))
    if not ends:
        ends = status_ends(text[start:end], start)
    sorted_marks = sorted(marks)
    cuts = set(marks)
    first = bisect.bisect_right(ends, (start, len(text) + 1))
    last = bisect.bisect_left(ends, (end, -1))
    for at, word_start in ends[first:last]:
        mark = sorted_marks[max(0, bisect.bisect_right(sorted_marks, word_start) - 1)]
        before = text[mark:word_start]
        # a status word ends a clause that said something before it (完成投资3亿元 is one)
        if len(_WORDY.findall(before)) >= 2 and _WORDY.match(text[at]):
            cuts.add(at)
    points = sorted(cuts)
    spans = []
    for a, b in itertools.pairwise(points):
        if text[a:b].strip(" ,，;；。!！?？:：\n"):
            spans.append((a, b))
    return spans


def status_ends(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(end, start) of each status word said in ``text`` (not 完成 of a figure: 完成投资3亿元)."""
    return [(offset + w.end, offset + w.start) for w in find_statuses(text) if w.status is not None]


def content_refs(
    text: str,
    refs: Sequence[Ref],
    tasks: Sequence[TaskRef],
    scoped: Sequence[TaskRef],
    assign: Mapping[int, int],
    opening: TaskRef | None = None,
) -> list[Ref]:
    """References found by content in ``text`` (normalised), merged with the code ``refs``.

    Each clause that names a task other than the one being talked about starts that task's
    words (a zero-width reference at the clause). Inside the words after a code, a clause starts
    another task only when it is surely about that task and says nothing of the coded one.
    ``assign`` (clause offset → task id) is the liaison's choice for an unsure clause.
    ``opening``: the task the words before any code are about (the one task replied to); they
    leave it, like the words after a code, only for a clause surely about another task.
    """
    if not tasks:
        return list(refs)
    index = index_for(tuple(tasks))
    by_id = {t.task_id: t for t in tasks}
    prefer = [t.task_id for t in scoped]
    found: list[Ref] = []
    dropped: set[int] = set()
    bounds = [0, *(r.end for r in refs)]
    stops = [*(r.start for r in refs), len(text)]
    ends = status_ends(text) or [(-1, -1)]
    for i, (start, end) in enumerate(zip(bounds, stops, strict=True)):
        coded = refs[i - 1] if i > 0 else None
        current = coded.task if coded is not None else opening
        spans = clauses(text, start, end, ends)
        for k, (cs, ce) in enumerate(spans):
            clause = text[cs:ce]
            first = coded is not None and JOINERS.fullmatch(text[coded.end : cs]) is not None
            if first and coded is not None and not coded.alone and cs not in assign:
                continue  # 二.9 GDP增长6.2%: the words right after a code are the code's
            chosen = by_id.get(assign.get(cs, -1))
            if chosen is not None:
                match: Match | None = Match(chosen, ENOUGH, ())
            else:
                match = index.match(clause, prefer + ([current.task_id] if current else []))
            if match is not None and match.others:
                match = _settle(index, match, text, cs, spans[k + 1 : k + 1 + _LOOKAHEAD])
            if match is None or match.task is current:
                continue
            if current is not None and chosen is None:
                if current in match.others:
                    continue
                strict = current is (coded.task if coded is not None else opening)
                if strict and (match.others or index.scores(clause).get(current.task_id, 0.0) > 0):
                    continue
            if first and coded is not None:
                # 1.参保率96.4%: a number alone before words about another task is the
                # report's own list numbering, not that number's task
                dropped.add(i - 1)
            found.append(
                Ref(cs, cs, match.task.code, match.task, by_content=True, others=match.others)
            )
            current = match.task
    kept = [r for j, r in enumerate(refs) if j not in dropped]
    return sorted([*kept, *found], key=lambda r: (r.start, r.end))

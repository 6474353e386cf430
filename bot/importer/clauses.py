"""Reading what a notice says about one task besides its text: units by role, the leader, the time limit.

Notices say it in many places — a trailing bracket (``［牵头单位：A；责任单位：B］``), a labelled
line after the task (``分管领导：…``, ``部门分工：A牵头，B配合。``, ``完成时限：6月底前``), a
parenthesis of prose (``（分管副省长X负责，A牵头，B等按职责分工负责，年内持续推进）``) or the
task's last sentence (``由A牵头，B、C配合。``). All of them are a *clause*: segments separated by
``，；。`` (full-width or ASCII), each of which is one of

- a label and its value: unit labels (牵头单位, 责任单位, 配合单位, 部门分工 …), a leader label
  (分管领导, 责任领导 …) or a time-limit label (完成时限, 时限 …);
- units and a role keyword: ``A牵头``, ``由A负责``, ``B、C配合``, ``D等按职责分工负责``;
- a leader in prose: ``分管副省长X负责`` (a person, kept as the task's leader, never a unit);
- a time limit: ``年内持续推进``, ``2026年12月底前完成``, ``长期坚持``;
- a plain list of unit names, which takes the role of the label before it or of the keyword
  segment after it (``B,C配合``), else the caller's default.

``read_clause`` accepts a clause only when every segment is one of these, so ordinary sentences
(``科技创新牵头引领…``) are never mistaken for units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.units import UnitSpec, add_names, names_a_unit, split_names
from db.enums import Role

UNIT_LABELS = (
    "牵头组织实施单位|牵头实施单位|牵头责任单位|牵头单位|牵头部门|主要责任单位|责任单位|责任部门"
    "|责任主体|主责单位|主办单位|实施单位|承办单位|配合实施单位|配合单位|配合部门|协同单位"
    "|协助单位|协办单位|参与单位|部门分工|责任分工|任务分工|分工"
)
LEADER_LABELS = (
    r"(?:分管|责任|牵头|联系|包抓)(?:[省市区县州]级?)?领导|责任领导|分管副?[省市区县州]长"
    r"|[省市区县州]领导"
)
DUE_LABELS = "完成时限|完成时间节点|完成时间|完成期限|时限要求|时间节点|时间要求|时间安排|时限"
LABEL = re.compile(
    rf"(?P<label>{UNIT_LABELS}|{LEADER_LABELS}|{DUE_LABELS})\s*[：:]\s*",
)
LABEL_AT_START = re.compile(rf"^\s*(?:{UNIT_LABELS}|{LEADER_LABELS}|{DUE_LABELS})\s*[：:]")
_UNIT_LABEL = re.compile(rf"^(?:{UNIT_LABELS})$")
_LEADER_LABEL = re.compile(rf"^(?:{LEADER_LABELS})$")

# Segment separators: full-width and ASCII commas, semicolons and full stops (not a decimal point).
_SEGMENTS = re.compile(r"[，,；;。]+|(?<!\d)\.(?!\d)")
# ``A牵头`` / ``由A负责`` / ``B等按职责分工负责``: names, optional adverbs, the role keyword.
_ROLE_PROSE = re.compile(
    r"^(?:由|请)?(?P<names>.+?)(?:按照?职责分工|按职责|分别|共同|具体)?"
    r"(?P<kw>牵头负责|牵头抓总|牵头|负责落实|负责|落实|配合|参与|协助|协同|协办)$"
)
_KEYWORD_ROLE = {
    "牵头负责": Role.LEAD,
    "牵头抓总": Role.LEAD,
    "牵头": Role.LEAD,
    "负责落实": None,
    "负责": None,
    "落实": None,
}
_PERSON = re.compile(
    r"^分管|^常务|副?(?:省长|市长|区长|县长|州长|镇长|乡长|秘书长|书记|主任|局长|厅长|部长|主席)"
)
_TIME = re.compile(
    r"\d{1,4}\s*年|\d{1,2}\s*月|[一二三四1-4]\s*季度|上半年|下半年|年底|年内|年末|全年|长期|持续"
    r"|常态|每[年季月周]|底前|月底|月末|日前"
)
_ROLE_MARKED = re.compile(r"[（(](?:牵头|配合|协办|参与|负责|责任)[）)]")  # 区发改委（牵头）
MAX_DUE = 30  # a time limit is a phrase, not a sentence
_NONE = ("无", "暂无", "-", "—", "——", "/", "／")
# ``A会同B负责``: A and B together, A first (so A leads by the first-unit convention)
_TOGETHER = re.compile(r"会同|联合|协同(?=.)")


@dataclass
class Clause:
    """What a clause says about a task."""

    units: UnitSpec = field(default_factory=UnitSpec)
    leader: str | None = None
    due: str | None = None
    keyworded: bool = False  # some segment named a role by label or keyword

    @property
    def empty(self) -> bool:
        return self.units.empty and self.leader is None and self.due is None

    def extend(self, other: Clause) -> None:
        self.units.extend(other.units)
        self.leader = self.leader or other.leader
        self.due = self.due or other.due
        self.keyworded = self.keyworded or other.keyworded


def read_clause(
    text: str, default: Role | None = Role.LEAD, *, bracket: bool = False
) -> Clause | None:
    """The clause in ``text`` (a bracket's inside, a labelled line, a sentence), or ``None`` when
    some segment is neither units, a leader nor a time limit. In a task's own ``bracket`` a
    short phrase of progress words (按年度推进, 分阶段实施) also reads as its time limit."""
    text = LABEL.sub(lambda m: "；" + m.group(0), text.strip())  # a label always starts a segment
    clause = Clause()
    labelled = False  # the last segment was a unit label: the lists after it take its role
    label_role: Role | None = None
    pending: list[str] = []  # plain lists waiting for the keyword segment after them
    for raw in _SEGMENTS.split(text):
        segment = raw.strip(" \t\n　")
        if not segment:
            continue
        if m := LABEL.match(segment):
            label, rest = m.group("label"), segment[m.end() :].strip()
            if _LEADER_LABEL.match(label):
                clause.leader = clause.leader or rest or None
                labelled = False
                continue
            if not _UNIT_LABEL.match(label):  # a time-limit label
                clause.due = clause.due or rest or None
                labelled = False
                continue
            clause.keyworded = True
            if rest in _NONE:  # 配合单位：无
                labelled = False
                continue
            if "分工" in label:  # 部门分工：A牵头，B配合 — the roles are in the words
                labelled = False
                if not rest:
                    continue
                segment = rest
            else:
                labelled, label_role = True, _label_role(label)
                if rest:
                    add_names(clause.units, label_role, rest)
                continue
        if prose := _role_prose(segment):
            role, names = prose
            for waiting in pending:
                add_names(clause.units, role, waiting)
            pending = []
            add_names(clause.units, role, names)
            clause.keyworded = True
            labelled = False
            continue
        if _all_units(segment):  # after the keywords: 各部门配合 is no unit's name
            clause.keyworded = clause.keyworded or bool(_ROLE_MARKED.search(segment))
            if labelled:
                add_names(clause.units, label_role, segment)
            else:
                pending.append(segment)
            continue
        if leader := _leader(segment):
            clause.leader = clause.leader or leader
            continue
        if _is_due(segment) or (bracket and _is_loose_due(segment)):
            clause.due = clause.due or segment
            continue
        return None
    for waiting in pending:
        add_names(clause.units, default, waiting)
    return None if clause.empty else clause


def _label_role(label: str) -> Role | None:
    """牵头… leads, 配合/协办/协同/协助/参与… support, any other unit label (责任单位, 实施单位 …)
    names the units responsible."""
    if "牵头" in label:
        return Role.LEAD
    if label.startswith(("配合", "协办", "协同", "协助", "参与")):
        return Role.SUPPORT
    return None


def _all_units(text: str) -> bool:
    names = split_names(text)
    return bool(names) and all(names_a_unit(n) for n in names)


def _role_prose(segment: str) -> tuple[Role | None, str] | None:
    m = _ROLE_PROSE.match(segment)
    if not m:
        return None
    names = _TOGETHER.sub("、", m.group("names"))
    if not _all_units(names):
        return None
    return _KEYWORD_ROLE.get(m.group("kw"), Role.SUPPORT), names


def _leader(segment: str) -> str | None:
    """``分管副省长X负责`` → ``副省长X``: a person in charge, not a unit."""
    words = re.sub(r"(?:牵头负责|负责|牵头|统筹)$", "", segment)
    words = re.sub(r"^(?:由|请)", "", words)
    if not _PERSON.search(words) or _all_units(words) or len(words) > 20:
        return None
    return words.removeprefix("分管") or None


_PROGRESS = re.compile(r"推进|完成|实施|年度|季度|阶段|常态化|逐步|分期|分批")


def _is_loose_due(segment: str) -> bool:
    return len(segment) <= 12 and bool(_PROGRESS.search(segment))


def _is_due(segment: str) -> bool:
    return len(segment) <= MAX_DUE and bool(_TIME.search(segment))

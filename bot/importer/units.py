"""Reading the responsible units of a task: splitting lists, roles, collective names and aliases.

A notice names units in many ways — one per line, ``、``-separated, run together without a
separator, with a trailing 等, labelled (``牵头单位：A；配合单位：B``) or in prose
(``A牵头，B配合``). This module turns such text into lead and support lists of names and leaves
alias merging to ``UnitBook``, which sees every name in the file before deciding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.importer.brackets import strip_brackets
from bot.importer.model import ParseWarning
from db.enums import Role

# Endings of unit names, longest first so that 管委会 wins over 委.
SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            "管委会",
            "委员会",
            "办公室",
            "办事处",
            "领导小组",
            "指挥部",
            "公司",
            "集团",
            "中心",
            "街道",
            "支队",
            "大队",
            "分局",
            "法院",
            "检察院",
            "政府",
            "联合会",
            "海关",
            "大学",
            "分行",
            "支行",
            "总署",
            "协会",
            "银行",
            "学校",
            "医院",
            "局",
            "委",
            "办",
            "部",
            "院",
            "馆",
            "所",
            "站",
            "队",
            "厅",
            "处",
            "室",
            "联",
            "会",
            "社",
            "团",
            "科",
        },
        key=len,
        reverse=True,
    )
)

_SPLIT = re.compile(r"[\n、，,；;/／\s]+")
_ROLE_LABEL = re.compile(
    r"(?P<label>牵头责任单位|牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|配合部门|协办单位|参与单位)"
    r"\s*[：:]\s*"
)
# ``A牵头，B配合`` / ``由A牵头，B、C配合`` / ``A负责``
_PROSE = re.compile(
    r"^(?:由)?(?P<lead>[^，,。；;]+?)(?:牵头|负责)(?:[，,]\s*(?P<support>[^。；;]+?)(?:配合|参与|协助|协同))?[。.]?$"
)
# Collective names that contain a list separator and would otherwise be split: 各区、市有关部门.
_COLLECTIVE_WITH_COMMA = re.compile(
    r"各[^、，,；;\n]{1,3}(?:、[^、，,；;\n]{1,4})+?(?:有关部门|有关单位|相关部门|相关单位|政府)"
    r"|各[区县市镇乡](?:、[区县市镇乡])+[^、，,；;\n]*"
)
_BRACKETED = re.compile(r"[（(][^（()）\n]{1,20}[)）]")
_COLLECTIVE_HINTS = ("各", "有关部门", "相关部门", "有关单位", "相关单位", "成员单位")


def label_role(label: str) -> Role | None:
    """The role a unit label gives; ``None`` for 责任单位, whose role depends on its neighbours."""
    if "牵头" in label:
        return Role.LEAD
    if label.startswith(("责任", "主责")):
        return None
    return Role.SUPPORT


def is_collective(name: str, known_groups: Iterable[str] = ()) -> bool:
    """A name that stands for many departments (各管委会, 区政府各部门, 有关部门 …)."""
    return name in set(known_groups) or any(hint in name for hint in _COLLECTIVE_HINTS)


def looks_like_unit(name: str) -> bool:
    name = ROLE_MARK.sub("", name)
    return len(name) >= 2 and (name.endswith(SUFFIXES) or is_collective(name))


# A role written after a name in a list: 区发改委（牵头）、区财政局
ROLE_MARK = re.compile(r"\s*[（(](?P<mark>牵头|配合|协办|参与|负责|责任)[）)]$")
# How a collective name ends when it is one (各地, 各部门, 各成员单位, 各镇街): a stricter test
# than ``is_collective`` for prose, where 各地各部门要按照… is a sentence, not a name.
_COLLECTIVE_ENDS = ("地", "部门", "单位", "街", "镇", "乡", "区", "县", "市", "省", "级")


def names_a_unit(name: str) -> bool:
    """``looks_like_unit``, and a collective name must also end like one."""
    bare = re.sub(r"[（(][^（()）]*[)）]$", "", ROLE_MARK.sub("", name).removesuffix("等"))
    if not looks_like_unit(bare):
        return False
    return bare.endswith(SUFFIXES) or bare.endswith(_COLLECTIVE_ENDS)


@dataclass
class UnitSpec:
    """Raw unit names of one task by role, before aliases are merged."""

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(
        default_factory=list
    )  # 责任单位: leads unless 牵头 is also given
    etc: list[str] = field(default_factory=list)  # names that had a trailing 等

    @property
    def empty(self) -> bool:
        return not (self.lead or self.support or self.responsible)

    def extend(self, other: UnitSpec) -> None:
        self.lead += other.lead
        self.support += other.support
        self.responsible += other.responsible
        self.etc += other.etc

    def roles(self, first_unit_leads: bool = True) -> tuple[list[str], list[str]]:
        """Leads and supports. 责任单位 support when a 牵头单位 is named, and lead when a 配合单位
        is; when they are all the task names, the first leads and the rest support (the common
        convention) — or, with ``first_unit_leads`` off, all lead."""
        if self.lead:
            return _dedupe(self.lead), _dedupe(
                [n for n in self.responsible + self.support if n not in self.lead]
            )
        lead = _dedupe(self.responsible)
        if first_unit_leads and not self.support and len(lead) > 1:
            return lead[:1], lead[1:]
        return lead, _dedupe([n for n in self.support if n not in lead])


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def split_names(text: str) -> list[str]:
    """Unit names in a list: split on separators, then where a unit suffix ends inside a word."""
    protected: dict[str, str] = {}

    def protect(m: re.Match[str]) -> str:
        key = f"\x00{len(protected)}\x00"
        protected[key] = m.group(0)
        return key

    text = _BRACKETED.sub(protect, text)  # 各县（市、区）: no split inside a name's brackets
    text = _COLLECTIVE_WITH_COMMA.sub(protect, text)
    names: list[str] = []
    for piece in _SPLIT.split(text):
        for key, original in reversed(protected.items()):
            piece = piece.replace(key, original)
        piece = strip_brackets(piece.strip(" \t。.：:"))
        if not piece:
            continue
        names.extend([piece] if is_collective(piece) else split_run_together(piece))
    return names


def split_run_together(word: str) -> list[str]:
    """``历史文化街区管委会大石化新区管委会`` → two names, split where a suffix ends.

    A cut is made only where no suffix spans it (so 管委|会 is never cut), the remainder is itself
    a plausible unit name of at least four characters, and
    either the left part ends in a suffix of two or more characters (管委会, 公司, 中心 …) or the
    remainder starts like a unit name (区, 市, 县 …) — so 区社会|保险事务中心 and 鹭岛科|技园管委会
    are never cut. A trailing 等 stays on the last name.
    """
    etc = word.endswith("等") and len(word) > 2
    stem = word[:-1] if etc else word
    if len(stem) > MAX_RUN_TOGETHER:  # a sentence, not names run together: left whole
        return [word]
    names: list[str] = []
    while (cut := _first_cut(stem)) is not None:
        names.append(stem[:cut])
        stem = stem[cut:]
    return [*names, stem + ("等" if etc else "")]


MAX_RUN_TOGETHER = 200


def _first_cut(stem: str) -> int | None:
    for cut in range(3, len(stem) - 2):
        left, right = stem[:cut], stem[cut:]
        suffix = next((x for x in SUFFIXES if left.endswith(x)), None)
        if suffix is None or _suffix_spans(stem, cut):
            continue
        plausible = len(right) >= 4 and looks_like_unit(right)
        strong = len(suffix) >= 2 or right.startswith(_NAME_STARTS)
        if plausible and strong:
            return cut
    return None


_NAME_STARTS = ("区", "市", "县", "镇", "乡", "省")


def _suffix_spans(word: str, cut: int) -> bool:
    for suffix in SUFFIXES:
        if len(suffix) < 2:
            continue
        start = max(0, cut - len(suffix) + 1)
        for i in range(start, cut):
            if word.startswith(suffix, i) and i + len(suffix) > cut:
                return True
    return False


def read_units(text: str, default: Role | None = Role.LEAD) -> UnitSpec:
    """Units from a cell or bracket: labelled segments, prose, or a plain list in ``default`` role.

    ``default=None`` means 责任单位 (lead unless a 牵头 list is also present).
    """
    spec = UnitSpec()
    text = strip_brackets(text.strip())
    if not text:
        return spec
    labels = list(_ROLE_LABEL.finditer(text))
    if labels:
        head = text[: labels[0].start()].strip(" ；;，,\n")
        if head:
            add_names(spec, default, head)
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            add_names(spec, label_role(m.group("label")), text[m.end() : end])
        return spec
    prose = _prose_match(text.replace("\n", ""))
    if prose:
        add_names(spec, Role.LEAD, prose.group("lead"))
        if prose.group("support"):
            add_names(spec, Role.SUPPORT, prose.group("support"))
        return spec
    add_names(spec, default, text)
    return spec


def _all_units(text: str) -> bool:
    names = split_names(text)
    return bool(names) and all(looks_like_unit(n.removesuffix("等")) for n in names)


def _prose_match(text: str) -> re.Match[str] | None:
    """The prose pattern, only when both its parts name units (not 科技创新牵头… sentences)."""
    m = _PROSE.match(text)
    if not m or not _all_units(m.group("lead")):
        return None
    if m.group("support") and not _all_units(m.group("support")):
        return None
    return m


def add_names(spec: UnitSpec, role: Role | None, text: str) -> None:
    """The names listed in ``text`` added to ``spec`` in ``role`` (``None``: 责任单位)."""
    names = split_names(text)
    if any((m := ROLE_MARK.search(n)) and m["mark"] == "牵头" for n in names):
        role = Role.SUPPORT  # 区发改委（牵头）、区财政局: the unmarked ones support
    for name in names:
        if name.endswith("等") and len(name) > 2:
            name = name[:-1]
            spec.etc.append(name)
        own = role
        if m := ROLE_MARK.search(name):  # 区发改委（牵头）: the mark decides
            name = name[: m.start()]
            own = {"牵头": Role.LEAD, "负责": None, "责任": None}.get(m["mark"], Role.SUPPORT)
        target = (
            spec.responsible if own is None else spec.lead if own is Role.LEAD else spec.support
        )
        target.append(name)


@dataclass
class UnitBook:
    """Every unit name in a file, with aliases merged and collective names set apart as groups."""

    configured_aliases: Mapping[str, str] = field(default_factory=dict)
    configured_groups: Iterable[str] = ()
    seen: dict[str, str] = field(default_factory=dict)  # raw name -> where first seen

    def note(self, names: Iterable[str], where: str) -> None:
        for name in names:
            self.seen.setdefault(name, where)

    def resolve(self) -> tuple[dict[str, str], list[str], list[str], list[ParseWarning]]:
        """``(canonical_of, departments, groups, warnings)`` for the names noted so far."""
        groups_cfg = set(self.configured_groups)
        canonical: dict[str, str] = {}
        warnings: list[ParseWarning] = []
        names = list(self.seen)
        name_set = set(names)
        for name in names:
            target = self.configured_aliases.get(name)
            if target and target != name:
                canonical[name] = target
                warnings.append(
                    ParseWarning(
                        "unit_alias_configured", self.seen[name], {"alias": name, "name": target}
                    )
                )
                continue
            for prefix in ("区", "市"):
                longer = prefix + name
                if not name.startswith(prefix) and longer in name_set and not is_collective(name):
                    canonical[name] = self.configured_aliases.get(longer, longer)
                    warnings.append(
                        ParseWarning(
                            "unit_alias_merged", self.seen[name], {"alias": name, "name": longer}
                        )
                    )
                    break
            else:
                canonical[name] = name
        departments: list[str] = []
        groups: list[str] = []
        for name in names:
            final = canonical[name]
            bucket = groups if is_collective(final, groups_cfg) else departments
            if final not in bucket:
                bucket.append(final)
        warnings += _possible_aliases(departments, self.seen, canonical)
        return canonical, departments, groups, warnings


def _possible_aliases(
    departments: list[str], seen: Mapping[str, str], canonical: Mapping[str, str]
) -> list[ParseWarning]:
    """Pairs like 大石化管委会 / 大石化新区管委会 that are probably one unit: reported, not merged."""
    where_of = {canonical[raw]: w for raw, w in reversed(list(seen.items()))}
    out: list[ParseWarning] = []
    for name in departments:
        for infix in ("新区", "片区", "园区", "区"):
            if infix in name[1:-1]:
                shorter = name[0] + name[1:].replace(infix, "", 1)
                if shorter != name and shorter in departments:
                    out.append(
                        ParseWarning(
                            "unit_possible_alias",
                            where_of.get(shorter, ""),
                            {"alias": shorter, "name": name},
                        )
                    )
                    break
    return out

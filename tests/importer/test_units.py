"""Unit lists: separators, run-together names, roles, 等, collective names, alias merging, and the
clauses (brackets, labelled lines, prose) that name units, the leader and the time limit."""

from __future__ import annotations

import pytest

from bot.importer.brackets import strip_brackets, trailing_group
from bot.importer.clauses import read_clause
from bot.importer.units import (
    UnitBook,
    read_units,
    split_names,
    split_run_together,
)
from db.enums import Role


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("区水务局、区林业局", ["区水务局", "区林业局"]),
        ("区水务局，区林业局,区气象局", ["区水务局", "区林业局", "区气象局"]),
        ("区水务局\n区林业局", ["区水务局", "区林业局"]),
        ("滨江新城管委会临港物流园管委会", ["滨江新城管委会", "临港物流园管委会"]),
        ("区水务局区林业局", ["区水务局", "区林业局"]),
        ("区应急指挥部办公室", ["区应急指挥部办公室"]),
        ("高新区开发建设委员会", ["高新区开发建设委员会"]),
        ("区委网信办", ["区委网信办"]),
        ("鹭岛科技园管委会", ["鹭岛科技园管委会"]),
        ("区社会保险事务中心", ["区社会保险事务中心"]),
        ("区社会保险事务中心区医保局", ["区社会保险事务中心", "区医保局"]),
        ("东湖科技城管委会区科学技术协会", ["东湖科技城管委会", "区科学技术协会"]),
        ("各镇、街道有关部门", ["各镇、街道有关部门"]),
        ("区水务局、各镇、街道有关部门", ["区水务局", "各镇、街道有关部门"]),
        ("各区、县有关部门", ["各区、县有关部门"]),
        (
            "各市、县（市、区）人民政府、省政府各部门",
            ["各市、县（市、区）人民政府", "省政府各部门"],
        ),
        ("区发改委（牵头）、区财政局", ["区发改委（牵头）", "区财政局"]),
        ("海关总署、商务部", ["海关总署", "商务部"]),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names


def test_run_together_keeps_trailing_etc_on_the_last_name() -> None:
    assert split_run_together("区水务局区林业局等") == ["区水务局", "区林业局等"]


def test_labelled_roles_and_responsible_units() -> None:
    spec = read_units("牵头单位：区水务局；配合单位：区林业局、区气象局")
    assert spec.roles() == (["区水务局"], ["区林业局", "区气象局"])
    only_responsible = read_units("责任单位：区水务局、区林业局")
    assert only_responsible.roles() == (["区水务局"], ["区林业局"])  # the first leads
    assert only_responsible.roles(first_unit_leads=False) == (["区水务局", "区林业局"], [])
    with_support = read_units("责任单位：区水务局、区林业局；配合单位：区气象局")
    assert with_support.roles() == (["区水务局", "区林业局"], ["区气象局"])
    both = read_units("牵头单位：区水务局；责任单位：区林业局")
    assert both.roles() == (["区水务局"], ["区林业局"])


def test_prose_roles() -> None:
    spec = read_units("区水务局牵头，各镇街、区有关部门配合")
    assert spec.lead == ["区水务局"]
    assert spec.support == ["各镇街、区有关部门"]
    assert read_units("由区林业局负责").roles() == (["区林业局"], [])


def test_plain_list_takes_the_column_role() -> None:
    assert read_units("区水务局\n区林业局", Role.SUPPORT).support == ["区水务局", "区林业局"]


def test_trailing_etc_is_dropped_and_recorded() -> None:
    spec = read_units("区水务局\n区林业局等")
    assert spec.lead == ["区水务局", "区林业局"]
    assert spec.etc == ["区林业局"]


def test_unit_book_merges_prefix_aliases_and_sets_groups_apart() -> None:
    book = UnitBook(configured_aliases={"临港办": "临港物流园管委会"})
    book.note(["水务集团", "区水务集团", "各镇街", "临港办", "临港物流园管委会"], "L3")
    canonical, departments, groups, warnings = book.resolve()
    assert canonical["水务集团"] == "区水务集团"
    assert canonical["临港办"] == "临港物流园管委会"
    assert departments == ["区水务集团", "临港物流园管委会"]
    assert groups == ["各镇街"]
    assert {w.code for w in warnings} == {"unit_alias_merged", "unit_alias_configured"}


def test_unit_book_reports_but_does_not_merge_a_possible_alias() -> None:
    book = UnitBook()
    book.note(["临港管委会", "临港新区管委会"], "L9")
    _, departments, _, warnings = book.resolve()
    assert departments == ["临港管委会", "临港新区管委会"]
    assert [(w.code, w.params["alias"]) for w in warnings] == [
        ("unit_possible_alias", "临港管委会")
    ]


# --- clauses: what a bracket, a labelled line or a sentence says about a task -------------------


def test_clause_with_labels_keeps_a_unit_with_its_own_brackets_whole() -> None:
    for text in (
        "牵头单位：区卫健局；责任单位：区医保局、各街办（新区）",
        "牵头单位:区卫健局;责任单位:区医保局、各街办(新区)",
    ):
        clause = read_clause(text)
        assert clause is not None
        assert clause.units.roles() == (["区卫健局"], ["区医保局", "各街办（新区）"])


def test_clause_mixing_owner_and_time_limit() -> None:
    clause = read_clause("国务院各部门分别负责，年内持续推进")
    assert clause is not None
    assert clause.units.roles() == (["国务院各部门"], [])
    assert clause.due == "年内持续推进"


def test_clause_with_three_roles_in_prose_keeps_the_vice_governor_as_leader() -> None:
    clause = read_clause("分管副省长王立群负责,省发展改革委牵头,省财政厅、省商务厅等按职责分工负责")
    assert clause is not None
    assert clause.leader == "副省长王立群"
    assert clause.units.roles() == (["省发展改革委"], ["省财政厅", "省商务厅"])
    assert clause.units.etc == ["省商务厅"]


def test_clause_plain_list_before_a_keyword_takes_its_role() -> None:
    clause = read_clause("部门分工:省商务厅牵头,省文旅厅,省市场监管局配合;")
    assert clause is not None
    assert clause.units.roles() == (["省商务厅"], ["省文旅厅", "省市场监管局"])


def test_clause_labels_for_leader_and_time_limit() -> None:
    leader = read_clause("分管领导：刘青山")
    due = read_clause("完成时限：2026年6月底前")
    assert leader is not None and leader.leader == "刘青山" and leader.units.empty
    assert due is not None and due.due == "2026年6月底前"


def test_a_sentence_is_not_a_clause() -> None:
    assert read_clause("科技创新牵头引领，全面提升产业竞争力") is None
    assert read_clause("各地各部门要按照职责分工负责落实") is None  # 各… must end like a name
    assert read_clause("加强与重点院校合作，新增发明专利200件") is None


def test_a_role_mark_after_a_name_decides_its_role() -> None:
    clause = read_clause("责任单位：区财政局、区发改委（牵头）、区住建委")
    assert clause is not None
    assert clause.units.roles() == (["区发改委"], ["区财政局", "区住建委"])


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("各街办(新区)", "各街办（新区）"),
        ("（区水务局、区林业局）", "区水务局、区林业局"),
        ("区林业局）", "区林业局"),
        ("（区林业局", "区林业局"),
        ("［各镇（街道）］", "各镇（街道）"),
    ],
)
def test_strip_brackets_keeps_a_names_own_brackets(text: str, kept: str) -> None:
    assert strip_brackets(text) == kept


def test_trailing_group_is_balanced() -> None:
    text = "完善急救网络（区卫健局牵头，各街办（新区）配合）。"
    found = trailing_group(text)
    assert found is not None
    start, inner = found
    assert text[:start] == "完善急救网络" and inner == "区卫健局牵头，各街办（新区）配合"
    assert trailing_group("完善急救网络（一期）工程") is None
    assert trailing_group("缺一半）") is None


def test_clause_together_and_none() -> None:
    together = read_clause("区发改委会同区财政局负责")
    assert together is not None
    assert together.units.roles() == (["区发改委"], ["区财政局"])
    nobody = read_clause("牵头单位：区水务局；配合单位：无")
    assert nobody is not None and nobody.units.roles() == (["区水务局"], [])
    assert trailing_group("建设智慧水务平台〔区水务局牵头〕") == (8, "区水务局牵头")


def test_hostile_lists_are_read_in_linear_time_without_crashing() -> None:
    """Thousands of names run together, or brackets that never close, in one line."""
    assert split_run_together("区发改委区财政局区审计局") == ["区发改委", "区财政局", "区审计局"]
    assert split_run_together("区发改委" * 5000) == ["区发改委" * 5000]  # a sentence: left whole
    assert strip_brackets("（" * 50000 + "区水务局" + "）" * 3) == "区水务局"
    clause = read_clause("牵头单位：" + "区发改委" * 5000)
    assert clause is not None


def test_clause_labels_of_the_genre_and_loose_time_limits_in_brackets() -> None:
    main = read_clause("主要责任单位：区发改委、区财政局；协同单位：区统计局")
    assert main is not None
    assert main.units.roles(first_unit_leads=False) == (["区发改委", "区财政局"], ["区统计局"])
    done = read_clause("区发改委牵头，按年度推进", bracket=True)
    assert done is not None and done.due == "按年度推进"
    assert read_clause("区发改委牵头，按年度推进") is None  # outside a bracket: not a time limit
    leader = read_clause("区领导：郑晓；实施单位：区水利局")
    assert leader is not None and leader.leader == "郑晓"
    assert leader.units.roles() == (["区水利局"], [])

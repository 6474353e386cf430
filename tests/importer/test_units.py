"""Unit lists: separators, run-together names, roles, 等, collective names and alias merging."""

from __future__ import annotations

import pytest

from bot.importer.model import Role
from bot.importer.units import UnitBook, read_units, split_names, split_run_together


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

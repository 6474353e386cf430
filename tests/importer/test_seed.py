"""Acceptance on the real seed notice (../shared/data), as text, GBK text, Word and Excel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.importer import parse_bytes, parse_path
from bot.importer.model import ParsedPlan
from bot.importer.readers import read_path
from db.enums import Comparator, TargetKind
from tests.support.render import document_to_docx, document_to_xlsx, text_to_gbk

COLLECTIVE = {
    "区政府各部门",
    "各管委会",
    "各街道办事处",
    "各有关部门及街道",
    "各产业部门",
    "各行政执法单位",
}


@pytest.fixture(scope="module")
def plan(seed_path: Path) -> ParsedPlan:
    return parse_path(seed_path)


def task(plan: ParsedPlan, code: str):  # type: ignore[no-untyped-def]
    return next(t for t in plan.tasks if t.code == code)


def test_sections_tasks_and_categories(plan: ParsedPlan) -> None:
    assert [s.numeral for s in plan.sections] == list("一二三四五六七八九")
    assert len(plan.tasks) == 132
    counts = {s.numeral: sum(t.section == s.numeral for t in plan.tasks) for s in plan.sections}
    assert counts == {
        "一": 5,
        "二": 16,
        "三": 26,
        "四": 23,
        "五": 12,
        "六": 15,
        "七": 14,
        "八": 11,
        "九": 10,
    }
    categories = {s.numeral: s.categories for s in plan.sections if s.categories}
    assert set(categories) == {"三", "四"}
    assert sum(len(c) for c in categories.values()) == 10
    assert categories["三"][0] == "现代金融业"
    assert categories["四"] == [
        "解放碑中央商务区",
        "历史文化街区",
        "大石化新区",
        "电子商务和创意产业园区",
    ]
    # an empty category cell means "same category as above"
    assert task(plan, "三.4").category == "现代金融业"
    assert task(plan, "三.26").category == "大健康产业"
    assert task(plan, "二.1").category is None


def test_units_from_merged_cells_and_run_together_names(plan: ParsedPlan) -> None:
    assert task(plan, "一.2").lead == ["区发改委"]
    assert task(plan, "二.4").lead == ["区住建委", "区规划自然资源局"]
    lead = task(plan, "三.2").lead
    assert "历史文化街区管委会" in lead and "大石化新区管委会" in lead
    assert "历史文化街区管委会大石化新区管委会" not in lead
    assert task(plan, "五.2").lead == ["区住建委", "区城管局", "区文旅委"]


def test_aliases_and_groups(plan: ParsedPlan) -> None:
    assert "康翔公司" not in plan.departments
    assert "区康翔公司" in plan.departments
    assert task(plan, "五.1").lead == task(plan, "四.5").lead == ["区康翔公司"]
    assert set(plan.groups) == COLLECTIVE
    assert not COLLECTIVE & set(plan.departments)
    assert task(plan, "九.1").lead == ["区政府各部门", "各管委会", "各街道办事处"]
    codes = [(w.code, w.params.get("alias") or w.params.get("name")) for w in plan.warnings]
    assert ("unit_alias_merged", "康翔公司") in codes
    assert ("unit_etc_dropped", "区文旅委") in codes


def test_targets(plan: ParsedPlan) -> None:
    t21 = task(plan, "二.1").targets
    assert [(t.subject, t.comparator, t.value, t.unit) for t in t21] == [
        ("研发经费支出", Comparator.AT_LEAST, 10, "亿元"),
        ("新增发明专利", Comparator.EQUAL, 200, "件"),
        ("国家高新技术企业", Comparator.AT_LEAST, 126, "家"),
    ]
    t34 = task(plan, "三.4").targets
    assert len(t34) == 4
    assert [t.kind for t in t34[1:]] == [TargetKind.GROWTH] * 3
    assert [t.value for t in t34[1:]] == [10, 20, 30]
    gdp = task(plan, "一.1").targets
    assert [(g.comparator, g.value, g.unit, g.kind) for g in gdp] == [
        (Comparator.ABOUT, 6, "%", TargetKind.GROWTH)
    ]


def test_notice_header(plan: ParsedPlan) -> None:
    assert plan.title is not None and plan.title.endswith("通知")
    assert plan.issuer == "重庆市渝中区人民政府办公室"
    assert plan.issued_on == date(2021, 3, 29)
    assert [(d.name, d.due) for d in plan.deadlines] == [
        ("上半年", date(2021, 7, 15)),
        ("全年", date(2021, 12, 31)),
    ]
    assert (plan.contact.name, plan.contact.phone, plan.contact.email) == (
        "李超然",
        "63762551",
        "yzqzfdcs@126.com",
    )


def _comparable(plan: ParsedPlan) -> dict[str, object]:
    data = plan.to_json()
    data["warnings"] = sorted(
        w["code"] for w in data["warnings"] if w["code"] != "encoding_guessed"
    )
    return data


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "gbk"])
def test_same_plan_from_every_format(
    fmt: str, seed_path: Path, plan: ParsedPlan, tmp_path: Path
) -> None:
    if fmt == "gbk":
        out = tmp_path / "seed.txt"
        text_to_gbk(seed_path, out)
    else:
        out = tmp_path / f"seed.{fmt}"
        render = document_to_docx if fmt == "docx" else document_to_xlsx
        render(read_path(seed_path), out)
    other = parse_bytes(out.read_bytes(), out.name)
    assert _comparable(other) == _comparable(plan)

"""`duban read-reply`: what the bot would read in a liaison's message, printed, stored nowhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.engine import make_engine
from db.models import InboundMessage, Report, Submission
from tests.cli.test_commands import env, run  # noqa: F401  (env is a fixture)

TEXT = "一.4 序时推进，社会消费品零售总额215亿元；三.3 已完成，建成村级物流服务站点一百二十个"


def stored(config: Path) -> int:
    engine = make_engine(f"sqlite:///{config.parent / 'db.sqlite3'}")
    with Session(engine) as session:
        return sum(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Report, Submission, InboundMessage)
        )


def test_the_reading_is_printed_and_nothing_is_stored(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    assert run(env, "read-reply", "--department", "商务委", TEXT) == 0
    out = capsys.readouterr().out
    assert "【区商务委】的这条回复会被读作" in out
    assert "一.4  状态：序时推进" in out and "社会消费品零售总额 = 215" in out
    assert "三.3  状态：已完成" in out and "建成村级物流服务站点 = 120" in out
    assert stored(env) == 0


def test_json_for_scripts(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    args = [
        "read-reply",
        "--department",
        "区商务委",
        "--json",
        "--reply-to",
        "三.3",
        "已完成，另：五.1 未启动",
    ]
    assert run(env, *args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["department"] == "区商务委"
    assert [(t["code"], t["status"]) for t in data["tasks"]] == [("三.3", "done")]
    assert set(data["tasks"][0]) >= {"code", "status", "percent", "figures", "note"}
    assert "五.1" in data["unattributed"] and data["foreign_codes"] == ["五.1"]


def test_an_unsure_reading_and_a_question_are_shown(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    assert (
        run(env, "read-reply", "--department", "区商务委", "物流服务站点和物流企业培育正常推进")
        == 0
    )
    out = capsys.readouterr().out
    assert "三.3  状态：序时推进" in out and "不确定（按内容认出）；也可能是：三.2" in out
    args = ["read-reply", "--department", "区商务委", "--reply-to", "一.4,三.3", "已完成"]
    assert run(env, *args) == 0
    assert "机器人会请联络员在 一.4、三.3 中选择" in capsys.readouterr().out
    assert run(env, *args[:-1], "--json", "已完成") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tasks"] == [] and data["ask"] == ["一.4", "三.3"]
    assert stored(env) == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--department", "不存在的单位", "二.1 已完成"], "没有找到与“不存在的单位”相符的单位"),
        (["--department", "管委会", "二.1 已完成"], "有多个单位与“管委会”相符"),
        (["--department", "区商务委", "--reply-to", "九.9", "已完成"], "该单位没有这些任务：九.9"),
    ],
)
def test_mistakes_are_explained(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    assert run(env, "import", "--sample") == 0
    capsys.readouterr()
    assert run(env, "read-reply", *args) == 2
    assert expected in capsys.readouterr().err


def test_before_any_import(env: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    # with no plan there are no departments either: the department is what is missing
    assert run(env, "read-reply", "--department", "区商务委", "已完成") == 2
    assert "没有找到" in capsys.readouterr().err

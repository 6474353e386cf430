"""Settings: where they come from, defaults, the token override, and errors that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DUBAN_CONFIG", raising=False)
    monkeypatch.delenv("DUBAN_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, body: str, name: str = "c.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_without_any_file() -> None:
    s = load_settings()
    assert s.locale.timezone == "Asia/Shanghai"
    assert s.locale.language == "zh"
    assert s.telegram.api_url == "https://api.telegram.org"
    assert s.database.resolved_url() == "sqlite:///data/duban.sqlite3"
    assert s.source == "(defaults)"


def test_example_file_is_valid_and_matches_defaults() -> None:
    example = load_settings(REPO / "config.example.toml")
    assert example.model_dump() == load_settings().model_dump()


def test_precedence_explicit_then_env_then_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, '[locale]\nlanguage = "en"\n', "config.toml")
    assert load_settings().locale.language == "en"
    env = write(tmp_path, '[locale]\ntimezone = "Asia/Urumqi"\n', "env.toml")
    monkeypatch.setenv("DUBAN_CONFIG", str(env))
    assert load_settings().locale.timezone == "Asia/Urumqi"
    explicit = write(tmp_path, "[roles]\ncoordinators = [42]\n", "x.toml")
    assert load_settings(explicit).roles.coordinators == [42]


def test_token_from_environment_overrides_and_stays_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "111:file-token"\n')
    monkeypatch.setenv("DUBAN_BOT_TOKEN", "222:env-token")
    s = load_settings(path)
    assert s.telegram.require_token() == "222:env-token"
    assert "222:env-token" not in repr(s) and "222:env-token" not in str(s.model_dump())


def test_placeholder_token_is_refused() -> None:
    with pytest.raises(ValueError):
        load_settings().telegram.require_token()


def test_departments_aliases_and_groups(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[departments.aliases]\n"临港办" = "临港物流园管委会"\n'
        '[departments.groups]\n"各园区" = ["临港物流园管委会", "高新区管委会"]\n',
    )
    s = load_settings(path)
    assert s.departments.aliases == {"临港办": "临港物流园管委会"}
    assert s.departments.groups["各园区"] == ["临港物流园管委会", "高新区管委会"]


@pytest.mark.parametrize(
    ("body", "key", "fragment"),
    [
        ('[locale]\ntimezone = "Asia/Shangai"\n', "[locale] timezone", "IANA"),
        ('[locale]\nlanguage = "fr"\n', "[locale] language", "zh"),
        ('[telegram]\ntokn = "x"\n', "[telegram] tokn", "unknown key"),
        ('[telegram]\napi_url = "ftp://x"\n', "[telegram] api_url", "http"),
        ('[roles]\ncoordinators = ["abc"]\n', "[roles] coordinators.0", "integer"),
        ('[departments.aliases]\na = "b"\nb = "c"\n', "[departments] aliases", "itself an alias"),
        ("[database]\nbusy_timeout_ms = -1\n", "[database] busy_timeout_ms", "0"),
        ("[locale\n", "", "TOML"),
    ],
)
def test_bad_file_names_file_key_and_problem(
    tmp_path: Path, body: str, key: str, fragment: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert info.value.file == str(path)
    assert info.value.key == key
    assert fragment in info.value.problem


def test_bad_token_type_is_not_echoed(tmp_path: Path) -> None:
    path = write(tmp_path, "[telegram]\ntoken = 123456789\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert "123456789" not in str(info.value)


def test_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="file not found"):
        load_settings(tmp_path / "nope.toml")

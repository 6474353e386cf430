"""Callback data: versioned, typed, under Telegram's 64 bytes, and forged data is turned away."""

from __future__ import annotations

import pytest

from bot.callbacks import (
    INT_ARGS,
    MAX_BYTES,
    OPTIONAL_INT_ARGS,
    TEXT_ARGS,
    Action,
    Callback,
    decode,
    encode,
)


@pytest.mark.parametrize("action", list(Action))
def test_the_largest_ids_still_fit(action: Action) -> None:
    ints = INT_ARGS.get(action, 0) + OPTIONAL_INT_ARGS.get(action, 0)  # every one it may carry
    args = ["en"] * TEXT_ARGS.get(action, 0) or [99_999_999_999] * ints
    data = encode(action, *args)
    assert len(data.encode()) <= MAX_BYTES
    decoded = decode(data)
    assert decoded is not None and decoded.action is action
    assert decoded.args == tuple(map(str, args))


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "ic:1",  # no version
        "v0:ic:1",  # an older format
        "v1:zz:1",  # unknown action
        "v1:ic",  # missing argument
        "v1:ic:1:2",  # one too many
        "v1:ic:-1",  # not a plain number
        "v1:ic:1e9",
        "v1:tp:1:999999999999999",  # absurdly long
        "v1:lg",
    ],
)
def test_malformed_data_decodes_to_none(data: str | None) -> None:
    assert decode(data) is None


def test_encode_refuses_what_telegram_would() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(Action.LANGUAGE, "语" * 30)


def test_the_export_buttons_carry_a_deadline_or_none() -> None:
    """Under a summary they carry its deadline's id; a button from before that carries none
    (and exports the current round); two ids are not a button the bot made."""
    for action in (Action.EXPORT_LEDGER, Action.EXPORT_BULLETIN):
        assert decode(encode(action, 7)) == Callback(action, ("7",))
        assert decode(encode(action)) == Callback(action, ())
        assert decode(f"v1:{action.value}:7:8") is None
        assert decode(f"v1:{action.value}:x") is None

"""Callback data: versioned, typed, under Telegram's 64 bytes, and forged data is turned away."""

from __future__ import annotations

import pytest

from handlers.callbacks import INT_ARGS, MAX_BYTES, TEXT_ARGS, Action, decode, encode


@pytest.mark.parametrize("action", list(Action))
def test_the_largest_ids_still_fit(action: Action) -> None:
    args = ["en"] * TEXT_ARGS.get(action, 0) or [99_999_999_999] * INT_ARGS[action]
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

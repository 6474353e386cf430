"""Simplified Chinese: the coordinator's summary, chart, ledger, bulletin and digest (bot and CLI)."""

TEXTS: dict[str, str] = {}

"""Simplified Chinese: the reminder sender: unreachable liaisons, delivery problems."""

TEXTS: dict[str, str] = {}

"""English: reminders, deadlines, pauses and snoozes (bot and CLI)."""

TEXTS: dict[str, str] = {}

"""Reminders: what is owed to whom and when, and what a liaison can do about it.

- ``owed``: the planner's world from the database, the ledger rows owed at a moment, the season's
  plan, and the reminder message as a plain view (text and buttons, no Telegram types);
- ``controls``: snooze to the next working day, pause a department until a date, pause requests.

When reminders fall is ``scheduler.planner``; sending them is ``scheduler.sender``.
"""

"""Progress reports, from the message a liaison sends to the report stored.

- ``inbound``: every message kept as it came, before anything reads it, with its file;
- ``chatlog``: which tasks a bot message lists (a reply to it is about them) and message edits;
- ``rounds``: who reports on what, and the round (deadline occurrence) a report counts for;
- ``intake``: a message read into a submission, Confirm / Edit, and the reports it becomes;
- ``guided``: the guided ``/report`` as plain steps;
- ``history``: each task's latest report for a deadline, and every version of one.

How a message is read (task codes, statuses, figures) is ``bot.reading``.
"""

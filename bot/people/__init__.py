"""People and departments: who a Telegram user is to duban and how liaisons join.

- ``roles``: coordinator, liaison or stranger; coordinators added and removed; the language;
- ``invites``: one-time invite links that bind a department's liaison;
- ``invite_sheet``: the workbook of every department's link that ``/invites`` sends;
- ``directory``: departments as the coordinator names them, and who has how many tasks.
"""

"""The plan: a notice imported, stored and read back as the tasks each department owes.

- ``importing``: read a notice (in a bounded child process) and store it in one transaction;
- ``storing``: the plan, its sections, tasks, units, targets and deadlines written to the database;
- ``uploads``: notice files sent in a chat, kept until the coordinator confirms or cancels;
- ``taskview``: the task read-model: a department's tasks, one task in full, the next deadline;
- ``deadlines``: reporting deadlines as the coordinator manages them, and their renewals;
- ``target_words``: a task's quantitative target worded as an office writes it.

The reader itself (text, docx, xlsx → ``ParsedPlan``) is ``bot.importer``.
"""

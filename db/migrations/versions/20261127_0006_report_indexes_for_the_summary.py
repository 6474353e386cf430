"""report indexes for the summary

The summary asks two things of ``report`` for one deadline occurrence, per task and per
(task, department) pair; each now has an index whose prefix is exactly its equality columns:

- ``ix_report_latest_per_task`` (task, deadline, occurrence, created_at, id): a task's newest
  report is the index's first entry for (task, deadline, occurrence) — ``ORDER BY created_at
  DESC, id DESC LIMIT 1`` with no sort; a target's latest figure walks the same entries.
- ``ix_report_per_department`` (task, department, deadline, occurrence, created_at, id)
  replaces ``(task, department, created_at)``: "did the department report the task for the
  occurrence" becomes one seek, and so does a department's latest report on a task
  (``db.reports.latest_report``, the reminders' "what is owed").

With an index that covers every equality column, SQLite's choice no longer depends on
statistics it does not have (before, a per-task probe could use ``ix_report_deadline_id`` and
scan a whole occurrence). Only indexes change; no data moves.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:56:52.831846

"""

from collections.abc import Sequence

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain CREATE/DROP INDEX: no batch mode, the table is never copied
    op.drop_index('ix_report_task_id_department_id_created_at', table_name='report')
    op.create_index(
        'ix_report_latest_per_task',
        'report',
        ['task_id', 'deadline_id', 'deadline_due', 'created_at', 'id'],
        unique=False,
    )
    op.create_index(
        'ix_report_per_department',
        'report',
        ['task_id', 'department_id', 'deadline_id', 'deadline_due', 'created_at', 'id'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_report_per_department', table_name='report')
    op.drop_index('ix_report_latest_per_task', table_name='report')
    op.create_index(
        'ix_report_task_id_department_id_created_at',
        'report',
        ['task_id', 'department_id', 'created_at'],
        unique=False,
    )

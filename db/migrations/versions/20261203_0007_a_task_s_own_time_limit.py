"""a task's own time limit

``task.due``: the last day the task's own time limit (完成时限) allows, read from the notice in
the plan's year (年内 → 12-31, 6月底前 → 06-30); empty when the notice gives none or an open one
(长期坚持). ``task.due_text``: that limit as the notice words it. Old rows stay empty until the
notice is imported again.

Revision ID: 0007_task_due
Revises: 0006
Create Date: 2026-12-03 11:02:08.577569

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


# revision identifiers, used by Alembic.
revision: str = "0007_task_due"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("due_text", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("due_text")
        batch_op.drop_column("due")

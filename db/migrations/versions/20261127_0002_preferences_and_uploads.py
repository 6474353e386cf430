"""preferences and uploads: user_preference and upload tables; liaison.language moves out

Every Telegram user may choose a language (coordinators and strangers too), so the choice lives
in ``user_preference``, keyed by Telegram user id, and ``liaison.language`` is dropped. Upgrading
copies any language a liaison had into the new table; downgrading copies it back, so no choice
is lost either way.

``upload`` keeps a notice file a coordinator sent in Telegram until they confirm or cancel it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:16:51.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('user_preference',
    sa.Column('telegram_user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('telegram_user_id', name=op.f('pk_user_preference'))
    )
    op.create_table('upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_upload_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload'))
    )
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_telegram_user_id'), ['telegram_user_id'], unique=False)

    # a liaison's language becomes their preference; the liaison's creation is the best
    # "updated_at" there is (telegram_user_id is unique in liaison, so no key collides)
    op.execute(
        "INSERT INTO user_preference (telegram_user_id, language, updated_at)"
        " SELECT telegram_user_id, language, created_at FROM liaison"
        " WHERE language IS NOT NULL"
    )
    with op.batch_alter_table('liaison', schema=None) as batch_op:
        batch_op.drop_column('language')


def downgrade() -> None:
    with op.batch_alter_table('liaison', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))

    # liaisons get their language back; other users' preferences had nowhere to live before
    op.execute(
        "UPDATE liaison SET language = (SELECT p.language FROM user_preference AS p"
        " WHERE p.telegram_user_id = liaison.telegram_user_id)"
    )
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_telegram_user_id'))

    op.drop_table('upload')
    op.drop_table('user_preference')

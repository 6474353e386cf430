"""initial schema: every table of the product (plans, departments, people, reports, reminders)

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:42:03.612759

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('coordinator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordinator')),
    sa.UniqueConstraint('telegram_user_id', name=op.f('uq_coordinator_telegram_user_id'))
    )
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('name', name=op.f('uq_department_name'))
    )
    op.create_table('department_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_group')),
    sa.UniqueConstraint('name', name=op.f('uq_department_group_name'))
    )
    op.create_table('inbound_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('message_id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_message')),
    sa.UniqueConstraint('chat_id', 'message_id', name=op.f('uq_inbound_message_chat_id_message_id'))
    )
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_message_user_id'), ['user_id'], unique=False)

    op.create_table('liaison',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('unreachable_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liaison')),
    sa.UniqueConstraint('telegram_user_id', name=op.f('uq_liaison_telegram_user_id'))
    )
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('title_key', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('issuer', sa.Text(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('source_name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('source_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('title_key', name=op.f('uq_plan_title_key'))
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_source_sha256'), ['source_sha256'], unique=False)

    op.create_table('deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_deadline_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline')),
    sa.UniqueConstraint('plan_id', 'name', name=op.f('uq_deadline_plan_id_name'))
    )
    op.create_table('department_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_department_alias_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_alias')),
    sa.UniqueConstraint('alias', name=op.f('uq_department_alias_alias'))
    )
    with op.batch_alter_table('department_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_alias_department_id'), ['department_id'], unique=False)

    op.create_table('department_group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_department_group_member_department_id_department'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['department_group.id'], name=op.f('fk_department_group_member_group_id_department_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'department_id', name=op.f('pk_department_group_member'))
    )
    with op.batch_alter_table('department_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_group_member_department_id'), ['department_id'], unique=False)

    op.create_table('invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_liaison_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_invite_department_id_department')),
    sa.ForeignKeyConstraint(['used_by_liaison_id'], ['liaison.id'], name=op.f('fk_invite_used_by_liaison_id_liaison')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_invite_code_hash'))
    )
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invite_department_id'), ['department_id'], unique=False)

    op.create_table('liaison_department',
    sa.Column('liaison_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_liaison_department_department_id_department')),
    sa.ForeignKeyConstraint(['liaison_id'], ['liaison.id'], name=op.f('fk_liaison_department_liaison_id_liaison'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('liaison_id', 'department_id', name=op.f('pk_liaison_department'))
    )
    with op.batch_alter_table('liaison_department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_department_department_id'), ['department_id'], unique=False)

    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('numeral', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_section_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section')),
    sa.UniqueConstraint('plan_id', 'numeral', name=op.f('uq_section_plan_id_numeral'))
    )
    op.create_table('reminder_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('liaison_id', sa.Integer(), nullable=False),
    sa.Column('deadline_id', sa.Integer(), nullable=False),
    sa.Column('slot', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('telegram_message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadline.id'], name=op.f('fk_reminder_delivery_deadline_id_deadline')),
    sa.ForeignKeyConstraint(['liaison_id'], ['liaison.id'], name=op.f('fk_reminder_delivery_liaison_id_liaison')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_delivery')),
    sa.UniqueConstraint('key', name=op.f('uq_reminder_delivery_key'))
    )
    with op.batch_alter_table('reminder_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_delivery_deadline_id'), ['deadline_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_delivery_liaison_id'), ['liaison_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_delivery_status_due_at'), ['status', 'due_at'], unique=False)

    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_task_plan_id_plan')),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_task_section_id_section')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('plan_id', 'code', name=op.f('uq_task_plan_id_code'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_section_id'), ['section_id'], unique=False)

    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('liaison_id', sa.Integer(), nullable=True),
    sa.Column('deadline_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('percent', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deadline_id'], ['deadline.id'], name=op.f('fk_report_deadline_id_deadline')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_report_department_id_department')),
    sa.ForeignKeyConstraint(['liaison_id'], ['liaison.id'], name=op.f('fk_report_liaison_id_liaison')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['report.id'], name=op.f('fk_report_supersedes_id_report')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_report_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('chat_id', 'message_id', 'task_id', 'department_id', name=op.f('uq_report_chat_id_message_id_task_id_department_id'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_deadline_id'), ['deadline_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_liaison_id'), ['liaison_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_supersedes_id'), ['supersedes_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_task_id_department_id_created_at'), ['task_id', 'department_id', 'created_at'], unique=False)

    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('comparator', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_target_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target'))
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_task_id_position'), ['task_id', 'position'], unique=False)

    op.create_table('task_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('(department_id IS NOT NULL AND group_id IS NULL) OR (department_id IS NULL AND group_id IS NOT NULL)', name=op.f('ck_task_assignment_one_assignee')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_task_assignment_department_id_department')),
    sa.ForeignKeyConstraint(['group_id'], ['department_group.id'], name=op.f('fk_task_assignment_group_id_department_group')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_assignment_task_id_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_assignment')),
    sa.UniqueConstraint('task_id', 'department_id', 'role', name=op.f('uq_task_assignment_task_id_department_id_role')),
    sa.UniqueConstraint('task_id', 'group_id', 'role', name=op.f('uq_task_assignment_task_id_group_id_role'))
    )
    with op.batch_alter_table('task_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_assignment_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_assignment_group_id'), ['group_id'], unique=False)

    op.create_table('report_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_report_figure_report_id_report')),
    sa.ForeignKeyConstraint(['target_id'], ['target.id'], name=op.f('fk_report_figure_target_id_target')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_figure')),
    sa.UniqueConstraint('report_id', 'target_id', name=op.f('uq_report_figure_report_id_target_id'))
    )
    with op.batch_alter_table('report_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_figure_target_id'), ['target_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('report_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_figure_target_id'))

    op.drop_table('report_figure')
    with op.batch_alter_table('task_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_assignment_group_id'))
        batch_op.drop_index(batch_op.f('ix_task_assignment_department_id'))

    op.drop_table('task_assignment')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_task_id_position'))

    op.drop_table('target')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_task_id_department_id_created_at'))
        batch_op.drop_index(batch_op.f('ix_report_supersedes_id'))
        batch_op.drop_index(batch_op.f('ix_report_liaison_id'))
        batch_op.drop_index(batch_op.f('ix_report_department_id'))
        batch_op.drop_index(batch_op.f('ix_report_deadline_id'))

    op.drop_table('report')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_section_id'))

    op.drop_table('task')
    with op.batch_alter_table('reminder_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_delivery_status_due_at'))
        batch_op.drop_index(batch_op.f('ix_reminder_delivery_liaison_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_delivery_deadline_id'))

    op.drop_table('reminder_delivery')
    op.drop_table('section')
    with op.batch_alter_table('liaison_department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_department_department_id'))

    op.drop_table('liaison_department')
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invite_department_id'))

    op.drop_table('invite')
    with op.batch_alter_table('department_group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_group_member_department_id'))

    op.drop_table('department_group_member')
    with op.batch_alter_table('department_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_alias_department_id'))

    op.drop_table('department_alias')
    op.drop_table('deadline')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_source_sha256'))

    op.drop_table('plan')
    op.drop_table('liaison')
    with op.batch_alter_table('inbound_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_message_user_id'))

    op.drop_table('inbound_message')
    op.drop_table('department_group')
    op.drop_table('department')
    op.drop_table('coordinator')

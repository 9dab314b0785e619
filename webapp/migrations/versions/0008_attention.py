"""Attention: the SLA clock and its business-hours schedules, task reminders, e-mail preferences,
and the messages a process waits for.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'business_schedule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('time_zone', sa.String(length=60), nullable=False),
        sa.Column('days', sa.String(length=7), nullable=False),
        sa.Column('day_start', sa.Time(), nullable=False),
        sa.Column('day_end', sa.Time(), nullable=False),
        sa.Column('holidays', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'notification_preference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'kind'),
    )
    with op.batch_alter_table('severity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_severity_schedule', 'business_schedule',
                                    ['schedule_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sla_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sla_breached_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_escalation_sla_due', ['sla_due_at'], unique=False)
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder', sa.String(length=40), server_default='PT2H',
                                      nullable=False))
    with op.batch_alter_table('human_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('workflow_instance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_for', sa.String(length=300), server_default='',
                                      nullable=False))
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('workflow_instance', schema=None) as batch_op:
        batch_op.drop_column('waiting_for')
    with op.batch_alter_table('human_task', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.drop_column('reminder')
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_index('ix_escalation_sla_due')
        batch_op.drop_column('sla_breached_at')
        batch_op.drop_column('sla_due_at')
    with op.batch_alter_table('severity', schema=None) as batch_op:
        batch_op.drop_constraint('fk_severity_schedule', type_='foreignkey')
        batch_op.drop_column('schedule_id')
    op.drop_table('notification_preference')
    op.drop_table('business_schedule')

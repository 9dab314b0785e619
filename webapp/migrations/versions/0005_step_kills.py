"""Steps the engine jail stopped, and templates suspended after too many of them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'step_kill',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('version_number', sa.Integer(), nullable=False),
        sa.Column('limit', sa.String(length=20), nullable=False),
        sa.Column('element_id', sa.String(length=200), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['template_id'], ['escalation_template.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('step_kill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_kill_template_id'), ['template_id'],
                              unique=False)
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('suspended_reason', sa.Text(), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.drop_column('suspended_reason')
        batch_op.drop_column('suspended_at')
    with op.batch_alter_table('step_kill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_kill_template_id'))
    op.drop_table('step_kill')

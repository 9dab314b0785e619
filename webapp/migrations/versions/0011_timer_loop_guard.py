"""Timer firings counted per instance since a person last acted, to stop a timer loop.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workflow_instance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timer_fires', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('timer_fires_since', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('workflow_instance', schema=None) as batch_op:
        batch_op.drop_column('timer_fires_since')
        batch_op.drop_column('timer_fires')

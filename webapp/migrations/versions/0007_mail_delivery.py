"""Notifications are e-mailed: retries with backoff, the last error, giving up, the local mailbox.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('given_up_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mailbox', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('mailbox')
        batch_op.drop_column('given_up_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('next_attempt_at')

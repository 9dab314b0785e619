"""Template drafts: the diagram a process admin is editing, before it is published.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_xml', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('draft_saved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('draft_saved_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_escalation_template_draft_saved_by', 'user', ['draft_saved_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('escalation_template', schema=None) as batch_op:
        batch_op.drop_constraint('fk_escalation_template_draft_saved_by', type_='foreignkey')
        batch_op.drop_column('draft_saved_by_id')
        batch_op.drop_column('draft_saved_at')
        batch_op.drop_column('draft_xml')


"""instance tags

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'instance_tags',
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('tag', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('instance_uuid', 'tag'))
    with op.batch_alter_table('instance_tags', schema=None) as batch_op:
        batch_op.create_index('instance_tags_tag_idx', ['tag'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('instance_tags', schema=None) as batch_op:
        batch_op.drop_index('instance_tags_tag_idx')
    op.drop_table('instance_tags')

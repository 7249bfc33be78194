"""instances.compute_id: the id of the compute node an instance is on

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instances', schema=None) as batch:
        batch.add_column(sa.Column('compute_id', sa.BigInteger(),
                                   nullable=True))


def downgrade():
    with op.batch_alter_table('instances', schema=None) as batch:
        batch.drop_column('compute_id')

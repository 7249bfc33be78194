"""migrations (resize and cold migration records)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _timestamp():
    return sa.DateTime().with_variant(
        mysql.DATETIME(fsp=6), 'mariadb').with_variant(
        mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('source_compute', sa.String(length=255), nullable=True),
        sa.Column('dest_compute', sa.String(length=255), nullable=True),
        sa.Column('source_node', sa.String(length=255), nullable=True),
        sa.Column('dest_node', sa.String(length=255), nullable=True),
        sa.Column('dest_host', sa.String(length=255), nullable=True),
        sa.Column('old_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('new_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=True),
        sa.Column('migration_type', sa.String(length=255), nullable=True),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('cross_cell_move', sa.Boolean(), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('created_at', _timestamp(), nullable=True),
        sa.Column('updated_at', _timestamp(), nullable=True),
        sa.Column('deleted_at', _timestamp(), nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'))
    with op.batch_alter_table('migrations', schema=None) as batch_op:
        batch_op.create_index(
            'migrations_instance_uuid_and_status_idx',
            ['deleted', 'instance_uuid', 'status'], unique=False)
        batch_op.create_index(
            'migrations_by_host_and_deleted_idx',
            ['deleted', 'source_compute', 'dest_compute'], unique=False)
        batch_op.create_index('migrations_updated_at_idx', ['updated_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('migrations', schema=None) as batch_op:
        batch_op.drop_index('migrations_updated_at_idx')
        batch_op.drop_index('migrations_by_host_and_deleted_idx')
        batch_op.drop_index('migrations_instance_uuid_and_status_idx')
    op.drop_table('migrations')

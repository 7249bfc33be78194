"""block_device_mapping: the disks of each instance (its root disk, the
volumes attached to it)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql',
                                       'mariadb')


def upgrade():
    op.create_table(
        'block_device_mapping',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('source_type', sa.String(255), nullable=True),
        sa.Column('destination_type', sa.String(255), nullable=True),
        sa.Column('guest_format', sa.String(255), nullable=True),
        sa.Column('device_type', sa.String(255), nullable=True),
        sa.Column('disk_bus', sa.String(255), nullable=True),
        sa.Column('boot_index', sa.Integer(), nullable=True),
        sa.Column('device_name', sa.String(255), nullable=True),
        sa.Column('delete_on_termination', sa.Boolean(), nullable=True),
        sa.Column('snapshot_id', sa.String(36), nullable=True),
        sa.Column('volume_id', sa.String(36), nullable=True),
        sa.Column('volume_size', sa.Integer(), nullable=True),
        sa.Column('image_id', sa.String(36), nullable=True),
        sa.Column('no_device', sa.Boolean(), nullable=True),
        sa.Column('connection_info', sa.Text(), nullable=True),
        sa.Column('tag', sa.String(255), nullable=True),
        sa.Column('attachment_id', sa.String(36), nullable=True),
        sa.Column('volume_type', sa.String(255), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=True),
        sa.Column('updated_at', TIMESTAMP, nullable=True),
        sa.Column('deleted_at', TIMESTAMP, nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.UniqueConstraint('uuid', name='uniq_block_device_mapping0uuid'),
    )
    op.create_index('block_device_mapping_instance_uuid_idx',
                    'block_device_mapping', ['instance_uuid'])
    op.create_index('block_device_mapping_volume_id_idx',
                    'block_device_mapping', ['volume_id'])


def downgrade():
    op.drop_table('block_device_mapping')

"""keypairs and host aggregates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _ts():
    return sa.DateTime().with_variant(
        mysql.DATETIME(fsp=6), 'mariadb').with_variant(
        mysql.DATETIME(fsp=6), 'mysql')


def _timestamps():
    return [sa.Column('created_at', _ts(), nullable=True),
            sa.Column('updated_at', _ts(), nullable=True)]


def upgrade():
    op.create_table(
        'key_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=False),
        sa.Column('fingerprint', sa.String(length=255), nullable=True),
        sa.Column('public_key', sa.Text(), nullable=True),
        sa.Column('type', sa.String(length=10), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'))
    op.create_table(
        'aggregates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('name'))
    op.create_table(
        'aggregate_hosts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('host', 'aggregate_id',
                            name='uniq_aggregate_hosts0host0aggregate_id'))
    op.create_index('ix_aggregate_hosts_host', 'aggregate_hosts', ['host'])
    op.create_index('ix_aggregate_hosts_aggregate_id', 'aggregate_hosts',
                    ['aggregate_id'])
    op.create_table(
        'aggregate_metadata',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('aggregate_id', 'key',
                            name='uniq_aggregate_metadata0aggregate_id0key'))
    op.create_index('ix_aggregate_metadata_aggregate_id',
                    'aggregate_metadata', ['aggregate_id'])
    op.create_index('ix_aggregate_metadata_key', 'aggregate_metadata',
                    ['key'])


def downgrade():
    op.drop_table('aggregate_metadata')
    op.drop_table('aggregate_hosts')
    op.drop_table('aggregates')
    op.drop_table('key_pairs')

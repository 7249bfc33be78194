"""quotas, quota classes and flavor access

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _timestamp():
    return sa.DateTime().with_variant(
        mysql.DATETIME(fsp=6), 'mariadb').with_variant(
        mysql.DATETIME(fsp=6), 'mysql')


def _limit_table(name, key_columns, unique_name):
    op.create_table(
        name,
        sa.Column('id', sa.Integer(), nullable=False),
        *[sa.Column(c, sa.String(length=255), nullable=False)
          for c in key_columns],
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=True),
        sa.Column('created_at', _timestamp(), nullable=True),
        sa.Column('updated_at', _timestamp(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(*(list(key_columns) + ['resource']),
                            name=unique_name))


def upgrade():
    _limit_table('quotas', ['project_id'],
                 'uniq_quotas0project_id0resource')
    _limit_table('project_user_quotas', ['project_id', 'user_id'],
                 'uniq_project_user_quotas0user_id0project_id0resource')
    with op.batch_alter_table('project_user_quotas', schema=None) as batch:
        batch.create_index('project_user_quotas_project_id_idx',
                           ['project_id'], unique=False)
    _limit_table('quota_classes', ['class_name'],
                 'uniq_quota_classes0class_name0resource')
    op.create_table(
        'flavor_projects',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('flavor_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('created_at', _timestamp(), nullable=True),
        sa.Column('updated_at', _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(['flavor_id'], ['flavors.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'))


def downgrade():
    op.drop_table('flavor_projects')
    op.drop_table('quota_classes')
    with op.batch_alter_table('project_user_quotas', schema=None) as batch:
        batch.drop_index('project_user_quotas_project_id_idx')
    op.drop_table('project_user_quotas')
    op.drop_table('quotas')

"""server groups

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _timestamp():
    return sa.DateTime().with_variant(
        mysql.DATETIME(fsp=6), 'mariadb').with_variant(
        mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    op.create_table(
        'instance_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('policy', sa.String(length=255), nullable=False),
        sa.Column('rules', sa.Text(), nullable=False),
        sa.Column('created_at', _timestamp(), nullable=True),
        sa.Column('updated_at', _timestamp(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'))
    with op.batch_alter_table('instance_groups', schema=None) as batch_op:
        batch_op.create_index('instance_groups_project_id_idx',
                              ['project_id'], unique=False)
    op.create_table(
        'instance_group_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', _timestamp(), nullable=True),
        sa.Column('updated_at', _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['instance_groups.id']),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('instance_group_member',
                              schema=None) as batch_op:
        batch_op.create_index('instance_group_member_instance_idx',
                              ['instance_uuid'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_instance_group_member_group_id'), ['group_id'],
            unique=False)


def downgrade():
    with op.batch_alter_table('instance_group_member',
                              schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instance_group_member_group_id'))
        batch_op.drop_index('instance_group_member_instance_idx')
    op.drop_table('instance_group_member')
    with op.batch_alter_table('instance_groups', schema=None) as batch_op:
        batch_op.drop_index('instance_groups_project_id_idx')
    op.drop_table('instance_groups')

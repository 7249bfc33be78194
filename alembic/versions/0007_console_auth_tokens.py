"""console auth tokens

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_TIMESTAMP = sa.DateTime().with_variant(
    mysql.DATETIME(fsp=6), 'mariadb').with_variant(mysql.DATETIME(fsp=6),
                                                   'mysql')


def upgrade():
    op.create_table(
        'console_auth_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=255), nullable=False),
        sa.Column('console_type', sa.String(length=255), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('port', sa.Integer(), nullable=False),
        sa.Column('internal_access_path', sa.String(length=255),
                  nullable=True),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('access_url_base', sa.Text(), nullable=True),
        sa.Column('expires', sa.Integer(), nullable=False),
        sa.Column('created_at', _TIMESTAMP, nullable=True),
        sa.Column('updated_at', _TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash',
                            name='uniq_console_auth_tokens0token_hash'),
    )
    with op.batch_alter_table('console_auth_tokens', schema=None) as batch:
        batch.create_index('console_auth_tokens_instance_uuid_idx',
                           ['instance_uuid'], unique=False)
        batch.create_index('console_auth_tokens_host_expires_idx',
                           ['host', 'expires'], unique=False)


def downgrade():
    with op.batch_alter_table('console_auth_tokens', schema=None) as batch:
        batch.drop_index('console_auth_tokens_host_expires_idx')
        batch.drop_index('console_auth_tokens_instance_uuid_idx')
    op.drop_table('console_auth_tokens')

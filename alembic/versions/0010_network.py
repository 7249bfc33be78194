"""network service: networks, subnets, ports, IP allocations, security
groups and their rules, network quotas

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql',
                                       'mariadb')


def _times():
    return [sa.Column('created_at', TIMESTAMP, nullable=True),
            sa.Column('updated_at', TIMESTAMP, nullable=True)]


def _standard(*columns):
    """id, project_id, name, description, revision_number + times."""
    return [sa.Column('id', sa.String(36), primary_key=True),
            sa.Column('project_id', sa.String(255), nullable=True,
                      index=True),
            sa.Column('name', sa.String(255), nullable=True),
            sa.Column('description', sa.String(255), nullable=True),
            *columns,
            sa.Column('revision_number', sa.Integer(), nullable=False),
            *_times()]


def upgrade():
    op.create_table(
        'networks', *_standard(
            sa.Column('status', sa.String(16), nullable=False),
            sa.Column('admin_state_up', sa.Boolean(), nullable=False),
            sa.Column('shared', sa.Boolean(), nullable=False),
            sa.Column('mtu', sa.Integer(), nullable=False),
            sa.Column('port_security_enabled', sa.Boolean(),
                      nullable=False)))
    op.create_table(
        'subnets', *_standard(
            sa.Column('network_id', sa.String(36),
                      sa.ForeignKey('networks.id', ondelete='CASCADE'),
                      nullable=False, index=True),
            sa.Column('ip_version', sa.Integer(), nullable=False),
            sa.Column('cidr', sa.String(64), nullable=False),
            sa.Column('gateway_ip', sa.String(64), nullable=True),
            sa.Column('enable_dhcp', sa.Boolean(), nullable=False),
            sa.Column('allocation_pools', sa.Text(), nullable=True),
            sa.Column('dns_nameservers', sa.Text(), nullable=True),
            sa.Column('host_routes', sa.Text(), nullable=True)))
    op.create_table(
        'ports', *_standard(
            sa.Column('network_id', sa.String(36),
                      sa.ForeignKey('networks.id'), nullable=False,
                      index=True),
            sa.Column('mac_address', sa.String(32), nullable=False),
            sa.Column('admin_state_up', sa.Boolean(), nullable=False),
            sa.Column('status', sa.String(16), nullable=False),
            sa.Column('device_id', sa.String(255), nullable=False,
                      index=True),
            sa.Column('device_owner', sa.String(255), nullable=False),
            sa.Column('port_security_enabled', sa.Boolean(),
                      nullable=False),
            sa.Column('binding_host_id', sa.String(255), nullable=False,
                      index=True),
            sa.Column('binding_vnic_type', sa.String(64), nullable=False),
            sa.Column('binding_vif_type', sa.String(64), nullable=False),
            sa.Column('binding_vif_details', sa.Text(), nullable=True),
            sa.Column('binding_profile', sa.Text(), nullable=True),
            sa.UniqueConstraint('network_id', 'mac_address',
                                name='uniq_ports0network_id0mac_address')))
    op.create_table(
        'ipallocations',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('port_id', sa.String(36),
                  sa.ForeignKey('ports.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('subnet_id', sa.String(36), sa.ForeignKey('subnets.id'),
                  nullable=False, index=True),
        sa.Column('network_id', sa.String(36), nullable=False),
        sa.Column('ip_address', sa.String(64), nullable=False),
        sa.UniqueConstraint('network_id', 'ip_address',
                            name='uniq_ipallocations0network_id0ip_address'))
    op.create_table(
        'securitygroups',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=True, index=True),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('stateful', sa.Boolean(), nullable=False),
        sa.Column('revision_number', sa.Integer(), nullable=False),
        *_times())
    op.create_table(
        'securitygrouprules',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('security_group_id', sa.String(36),
                  sa.ForeignKey('securitygroups.id', ondelete='CASCADE'),
                  nullable=False, index=True),
        sa.Column('remote_group_id', sa.String(36),
                  sa.ForeignKey('securitygroups.id', ondelete='CASCADE'),
                  nullable=True),
        sa.Column('project_id', sa.String(255), nullable=True, index=True),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('direction', sa.String(16), nullable=False),
        sa.Column('ethertype', sa.String(40), nullable=False),
        sa.Column('protocol', sa.String(40), nullable=True),
        sa.Column('port_range_min', sa.Integer(), nullable=True),
        sa.Column('port_range_max', sa.Integer(), nullable=True),
        sa.Column('remote_ip_prefix', sa.String(255), nullable=True),
        sa.Column('revision_number', sa.Integer(), nullable=False),
        *_times())
    op.create_table(
        'securitygroupportbindings',
        sa.Column('port_id', sa.String(36),
                  sa.ForeignKey('ports.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('security_group_id', sa.String(36),
                  sa.ForeignKey('securitygroups.id'), primary_key=True))
    op.create_table(
        'default_security_group',
        sa.Column('project_id', sa.String(255), primary_key=True),
        sa.Column('security_group_id', sa.String(36),
                  sa.ForeignKey('securitygroups.id', ondelete='CASCADE'),
                  nullable=False))
    op.create_table(
        'network_quotas',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        *_times(),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_network_quotas0project_id0resource'))


def downgrade():
    for table in ('network_quotas', 'default_security_group',
                  'securitygroupportbindings', 'securitygrouprules',
                  'securitygroups', 'ipallocations', 'ports', 'subnets',
                  'networks'):
        op.drop_table(table)

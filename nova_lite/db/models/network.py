"""The network service's tables (Neutron's): networks, subnets, ports and
their IP allocations. Rows are hard-deleted, as in Neutron.

Uniqueness that concurrency must not break is the database's job:
an address once per network (ipallocations), a MAC once per network
(ports)."""
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class Network(Base, TimestampMixin):
    __tablename__ = 'networks'
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    project_id: Mapped[str | None] = mapped_column(String(255), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default='ACTIVE')
    admin_state_up: Mapped[bool] = mapped_column(Boolean, default=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    mtu: Mapped[int] = mapped_column(Integer, default=1500)
    port_security_enabled: Mapped[bool] = mapped_column(Boolean,
                                                        default=True)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)


class Subnet(Base, TimestampMixin):
    __tablename__ = 'subnets'
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    network_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('networks.id', ondelete='CASCADE'),
        index=True)
    project_id: Mapped[str | None] = mapped_column(String(255), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(255))
    ip_version: Mapped[int] = mapped_column(Integer)
    cidr: Mapped[str] = mapped_column(String(64))
    gateway_ip: Mapped[str | None] = mapped_column(String(64))
    enable_dhcp: Mapped[bool] = mapped_column(Boolean, default=True)
    # JSON lists: [{"start", "end"}], ["8.8.8.8"], [{"destination",
    # "nexthop"}]
    allocation_pools: Mapped[str | None] = mapped_column(Text)
    dns_nameservers: Mapped[str | None] = mapped_column(Text)
    host_routes: Mapped[str | None] = mapped_column(Text)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)


class Port(Base, TimestampMixin):
    __tablename__ = 'ports'
    __table_args__ = (
        UniqueConstraint('network_id', 'mac_address',
                         name='uniq_ports0network_id0mac_address'),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    network_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('networks.id'), index=True)
    project_id: Mapped[str | None] = mapped_column(String(255), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(255))
    mac_address: Mapped[str] = mapped_column(String(32))
    admin_state_up: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default='DOWN')
    device_id: Mapped[str] = mapped_column(String(255), default='',
                                           index=True)
    device_owner: Mapped[str] = mapped_column(String(255), default='')
    port_security_enabled: Mapped[bool] = mapped_column(Boolean,
                                                        default=True)
    binding_host_id: Mapped[str] = mapped_column(String(255), default='',
                                                 index=True)
    binding_vnic_type: Mapped[str] = mapped_column(String(64),
                                                   default='normal')
    binding_vif_type: Mapped[str] = mapped_column(String(64),
                                                  default='unbound')
    binding_vif_details: Mapped[str | None] = mapped_column(Text)
    binding_profile: Mapped[str | None] = mapped_column(Text)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)


class IPAllocation(Base):
    __tablename__ = 'ipallocations'
    __table_args__ = (
        UniqueConstraint('network_id', 'ip_address',
                         name='uniq_ipallocations0network_id0ip_address'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    port_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('ports.id', ondelete='CASCADE'), index=True)
    subnet_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('subnets.id'), index=True)
    network_id: Mapped[str] = mapped_column(String(36))
    ip_address: Mapped[str] = mapped_column(String(64))


class NetworkQuota(Base, TimestampMixin):
    """A project's own limit for one network resource (network, subnet,
    port, security_group, security_group_rule)."""
    __tablename__ = 'network_quotas'
    __table_args__ = (
        UniqueConstraint('project_id', 'resource',
                         name='uniq_network_quotas0project_id0resource'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(String(255))
    hard_limit: Mapped[int] = mapped_column(Integer)

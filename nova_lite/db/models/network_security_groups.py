"""Security groups, their rules, which ports are in which group, and each
project's `default` group (one per project, by primary key: two first
uses at once cannot create two)."""
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class SecurityGroup(Base, TimestampMixin):
    __tablename__ = 'securitygroups'
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    project_id: Mapped[str | None] = mapped_column(String(255), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(255))
    stateful: Mapped[bool] = mapped_column(Boolean, default=True)
    revision_number: Mapped[int] = mapped_column(Integer, default=0)


class SecurityGroupRule(Base, TimestampMixin):
    __tablename__ = 'securitygrouprules'
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    security_group_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('securitygroups.id', ondelete='CASCADE'),
        index=True)
    remote_group_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey('securitygroups.id', ondelete='CASCADE'))
    project_id: Mapped[str | None] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(255))
    direction: Mapped[str] = mapped_column(String(16))
    ethertype: Mapped[str] = mapped_column(String(40))
    protocol: Mapped[str | None] = mapped_column(String(40))
    port_range_min: Mapped[int | None] = mapped_column(Integer)
    port_range_max: Mapped[int | None] = mapped_column(Integer)
    remote_ip_prefix: Mapped[str | None] = mapped_column(String(255))
    revision_number: Mapped[int] = mapped_column(Integer, default=0)


class SecurityGroupPortBinding(Base):
    __tablename__ = 'securitygroupportbindings'
    port_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('ports.id', ondelete='CASCADE'),
        primary_key=True)
    security_group_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('securitygroups.id'), primary_key=True)


class DefaultSecurityGroup(Base):
    __tablename__ = 'default_security_group'
    project_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    security_group_id: Mapped[str] = mapped_column(
        String(36), ForeignKey('securitygroups.id', ondelete='CASCADE'))

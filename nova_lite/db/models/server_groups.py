"""Server groups (Nova's instance groups) and their members."""
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class InstanceGroup(Base, TimestampMixin):
    __tablename__ = 'instance_groups'
    __table_args__ = (
        Index('instance_groups_project_id_idx', 'project_id'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    user_id: Mapped[str | None] = mapped_column(String(255))
    project_id: Mapped[str | None] = mapped_column(String(255))
    # One of affinity, anti-affinity, soft-affinity, soft-anti-affinity.
    policy: Mapped[str] = mapped_column(String(255))
    # JSON object, e.g. {"max_server_per_host": 2} (anti-affinity only).
    rules: Mapped[str] = mapped_column(Text, default='{}')


class InstanceGroupMember(Base, TimestampMixin):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        Index('instance_group_member_instance_idx', 'instance_uuid'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(
        Integer, ForeignKey('instance_groups.id'), index=True)
    instance_uuid: Mapped[str] = mapped_column(String(36))

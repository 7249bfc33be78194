"""Quota limits: per project, per user within a project, per quota class
(only the class "default" is used, as in Nova)."""
from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class Quota(Base, TimestampMixin):
    """A project's own limit for one resource."""
    __tablename__ = 'quotas'
    __table_args__ = (
        UniqueConstraint('project_id', 'resource',
                         name='uniq_quotas0project_id0resource'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(String(255))
    hard_limit: Mapped[int | None] = mapped_column(Integer)


class ProjectUserQuota(Base, TimestampMixin):
    """A user's limit for one resource within a project."""
    __tablename__ = 'project_user_quotas'
    __table_args__ = (
        UniqueConstraint('user_id', 'project_id', 'resource',
                         name='uniq_project_user_quotas0user_id0project_id'
                              '0resource'),
        Index('project_user_quotas_project_id_idx', 'project_id'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(String(255))
    hard_limit: Mapped[int | None] = mapped_column(Integer)


class QuotaClass(Base, TimestampMixin):
    """A quota class's limit for one resource (overrides [quota])."""
    __tablename__ = 'quota_classes'
    __table_args__ = (
        UniqueConstraint('class_name', 'resource',
                         name='uniq_quota_classes0class_name0resource'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_name: Mapped[str] = mapped_column(String(255))
    resource: Mapped[str] = mapped_column(String(255))
    hard_limit: Mapped[int | None] = mapped_column(Integer)

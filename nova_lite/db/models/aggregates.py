"""Host aggregates: a named set of compute hosts with metadata; the
availability_zone metadata key makes the aggregate an availability zone.
Hard-deleted, as in Nova's API database."""
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class Aggregate(Base, TimestampMixin):
    __tablename__ = 'aggregates'
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class AggregateHost(Base, TimestampMixin):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        UniqueConstraint('host', 'aggregate_id',
                         name='uniq_aggregate_hosts0host0aggregate_id'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(255), index=True)
    aggregate_id: Mapped[int] = mapped_column(
        Integer, ForeignKey('aggregates.id'), index=True)


class AggregateMetadata(Base, TimestampMixin):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        UniqueConstraint('aggregate_id', 'key',
                         name='uniq_aggregate_metadata0aggregate_id0key'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aggregate_id: Mapped[int] = mapped_column(
        Integer, ForeignKey('aggregates.id'), index=True)
    key: Mapped[str] = mapped_column(String(255), index=True)
    value: Mapped[str] = mapped_column(String(255))

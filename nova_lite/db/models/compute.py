"""Services, compute nodes and the claims held on them."""
import datetime

from sqlalchemy import Boolean
from sqlalchemy import Float
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import SoftDeleteMixin
from nova_lite.db.models import TimestampMixin
from nova_lite.db.models import Timestamp
from nova_lite.db.models import utcnow


class Service(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'binary', 'deleted',
                         name='uniq_services0host0binary0deleted'),
        UniqueConstraint('host', 'topic', 'deleted',
                         name='uniq_services0host0topic0deleted'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    binary: Mapped[str] = mapped_column(String(255))
    topic: Mapped[str | None] = mapped_column(String(255))
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_reason: Mapped[str | None] = mapped_column(String(255))
    forced_down: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_up: Mapped[datetime.datetime | None] = mapped_column(Timestamp)
    version: Mapped[int] = mapped_column(Integer, default=0)


class ComputeNode(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                         name='uniq_compute_nodes0host0hypervisor_hostname0'
                              'deleted'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    service_id: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    hypervisor_hostname: Mapped[str] = mapped_column(String(255))
    hypervisor_type: Mapped[str] = mapped_column(String(255), default='')
    hypervisor_version: Mapped[int] = mapped_column(Integer, default=0)
    host_ip: Mapped[str | None] = mapped_column(String(39))
    cpu_info: Mapped[str] = mapped_column(Text, default='{}')
    vcpus: Mapped[int] = mapped_column(Integer, default=0)
    memory_mb: Mapped[int] = mapped_column(Integer, default=0)
    local_gb: Mapped[int] = mapped_column(Integer, default=0)
    # *_used are owned by claims (allocations), never by the compute report.
    vcpus_used: Mapped[int] = mapped_column(Integer, default=0)
    memory_mb_used: Mapped[int] = mapped_column(Integer, default=0)
    local_gb_used: Mapped[int] = mapped_column(Integer, default=0)
    reserved_host_memory_mb: Mapped[int] = mapped_column(Integer, default=0)
    reserved_host_disk_mb: Mapped[int] = mapped_column(Integer, default=0)
    reserved_host_cpus: Mapped[int] = mapped_column(Integer, default=0)
    cpu_allocation_ratio: Mapped[float] = mapped_column(Float, default=1.0)
    ram_allocation_ratio: Mapped[float] = mapped_column(Float, default=1.0)
    disk_allocation_ratio: Mapped[float] = mapped_column(Float, default=1.0)
    disk_available_least: Mapped[int | None] = mapped_column(Integer)


class Allocation(Base):
    """Resources a consumer (an instance) holds on a compute node."""
    __tablename__ = 'allocations'
    __table_args__ = (
        UniqueConstraint('consumer_uuid', 'compute_node_id',
                         name='uniq_allocations0consumer0node'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consumer_uuid: Mapped[str] = mapped_column(String(36), index=True)
    compute_node_id: Mapped[int] = mapped_column(
        Integer, ForeignKey('compute_nodes.id'), index=True)
    vcpus: Mapped[int] = mapped_column(Integer, default=0)
    memory_mb: Mapped[int] = mapped_column(Integer, default=0)
    disk_gb: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime.datetime | None] = mapped_column(
        Timestamp, default=utcnow)

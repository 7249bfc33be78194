"""Block device mappings (Nova's block_device_mapping table): one row per
disk of an instance, its root disk included: where the disk comes from
(image, volume, snapshot, blank), where it lives (local or a volume), its
device name, bus and boot order, and for a volume its Cinder attachment
and connection info."""
from sqlalchemy import Boolean
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import SoftDeleteMixin
from nova_lite.db.models import TimestampMixin


class BlockDeviceMapping(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'block_device_mapping'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_block_device_mapping0uuid'),
        Index('block_device_mapping_instance_uuid_idx', 'instance_uuid'),
        Index('block_device_mapping_volume_id_idx', 'volume_id'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    instance_uuid: Mapped[str] = mapped_column(String(36))
    source_type: Mapped[str | None] = mapped_column(String(255))
    destination_type: Mapped[str | None] = mapped_column(String(255))
    guest_format: Mapped[str | None] = mapped_column(String(255))
    device_type: Mapped[str | None] = mapped_column(String(255))
    disk_bus: Mapped[str | None] = mapped_column(String(255))
    boot_index: Mapped[int | None] = mapped_column(Integer)
    device_name: Mapped[str | None] = mapped_column(String(255))
    delete_on_termination: Mapped[bool | None] = mapped_column(Boolean)
    snapshot_id: Mapped[str | None] = mapped_column(String(36))
    volume_id: Mapped[str | None] = mapped_column(String(36))
    volume_size: Mapped[int | None] = mapped_column(Integer)
    image_id: Mapped[str | None] = mapped_column(String(36))
    no_device: Mapped[bool | None] = mapped_column(Boolean)
    connection_info: Mapped[str | None] = mapped_column(Text)
    tag: Mapped[str | None] = mapped_column(String(255))
    attachment_id: Mapped[str | None] = mapped_column(String(36))
    volume_type: Mapped[str | None] = mapped_column(String(255))

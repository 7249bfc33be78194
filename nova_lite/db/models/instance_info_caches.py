"""An instance's network info cache (Nova's instance_info_caches table):
the JSON list of its VIFs, as the compute last read them from the
network service, so server views never ask the network service."""
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import SoftDeleteMixin
from nova_lite.db.models import TimestampMixin


class InstanceInfoCache(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'instance_info_caches'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_info_caches0instance_uuid'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(String(36))
    network_info: Mapped[str | None] = mapped_column(Text)

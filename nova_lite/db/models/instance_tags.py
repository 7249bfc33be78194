"""Server tags (the os-server-tags API, microversion 2.26)."""
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base


class InstanceTag(Base):
    __tablename__ = 'instance_tags'
    __table_args__ = (
        Index('instance_tags_tag_idx', 'tag'),
    )
    instance_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)

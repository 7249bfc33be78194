"""SSH / x509 keypairs, owned by a user (hard-deleted, as in Nova's API
database)."""
from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class KeyPair(Base, TimestampMixin):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name', name='uniq_key_pairs0user_id0name'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str | None] = mapped_column(String(255))
    public_key: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10), default='ssh')

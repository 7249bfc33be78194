"""Console authorization tokens (Nova's console_auth_tokens table).

Only the sha256 of a token is stored; the token itself goes to the user
once, inside the console URL.
"""
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class ConsoleAuthToken(Base, TimestampMixin):
    __tablename__ = 'console_auth_tokens'
    __table_args__ = (
        UniqueConstraint('token_hash',
                         name='uniq_console_auth_tokens0token_hash'),
        Index('console_auth_tokens_instance_uuid_idx', 'instance_uuid'),
        Index('console_auth_tokens_host_expires_idx', 'host', 'expires'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(255))
    console_type: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    internal_access_path: Mapped[str | None] = mapped_column(String(255))
    instance_uuid: Mapped[str] = mapped_column(String(36))
    access_url_base: Mapped[str | None] = mapped_column(Text)
    # Unix time (seconds) after which the token is refused.
    expires: Mapped[int] = mapped_column(Integer)

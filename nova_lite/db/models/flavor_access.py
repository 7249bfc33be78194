"""Which projects may use a private flavor."""
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nova_lite.db.models import Base
from nova_lite.db.models import TimestampMixin


class FlavorProject(Base, TimestampMixin):
    __tablename__ = 'flavor_projects'
    __table_args__ = (
        UniqueConstraint('flavor_id', 'project_id',
                         name='uniq_flavor_projects0flavor_id0project_id'),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flavor_id: Mapped[int] = mapped_column(Integer,
                                           ForeignKey('flavors.id'))
    project_id: Mapped[str] = mapped_column(String(255))

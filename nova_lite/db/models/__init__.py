"""SQLAlchemy 2 models. The same schema runs on SQLite, MariaDB and
PostgreSQL; alembic/versions holds the migrations that create it."""
import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import DateTime
from sqlalchemy import Integer
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Microsecond timestamps everywhere: MariaDB's plain DATETIME truncates to
# seconds, which would break changes-since and sort-by-time on it only.
Timestamp = DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql',
                                    'mariadb')


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    def as_dict(self):
        # Attribute keys, with trailing underscores (metadata_) dropped.
        return {attr.key.rstrip('_'): getattr(self, attr.key)
                for attr in sa_inspect(type(self)).column_attrs}


class TimestampMixin:
    created_at: Mapped[datetime.datetime | None] = mapped_column(
        Timestamp, default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        Timestamp, onupdate=utcnow)


class SoftDeleteMixin:
    # deleted is 0 while the row lives and its own id once deleted, so unique
    # constraints that include it allow re-creating a deleted name.
    deleted_at: Mapped[datetime.datetime | None] = mapped_column(Timestamp)
    deleted: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


# The tables, one module per area; importing them registers them on
# Base.metadata (alembic's env.py and the queries rely on that).
from nova_lite.db.models.compute import (  # noqa: E402,F401
    Allocation, ComputeNode, Service)
from nova_lite.db.models.flavors import Flavor  # noqa: E402,F401
from nova_lite.db.models.instances import (  # noqa: E402,F401
    Instance, InstanceAction, InstanceActionEvent, InstanceFault)
from nova_lite.db.models.instance_tags import InstanceTag  # noqa: E402,F401
from nova_lite.db.models.console_auth_tokens import (  # noqa: E402,F401
    ConsoleAuthToken)
from nova_lite.db.models.server_groups import (  # noqa: E402,F401
    InstanceGroup, InstanceGroupMember)
from nova_lite.db.models.quotas import (  # noqa: E402,F401
    ProjectUserQuota, Quota, QuotaClass)
from nova_lite.db.models.flavor_access import (  # noqa: E402,F401
    FlavorProject)
from nova_lite.db.models.migrations import Migration  # noqa: E402,F401
from nova_lite.db.models.keypairs import KeyPair  # noqa: E402,F401
from nova_lite.db.models.aggregates import (  # noqa: E402,F401
    Aggregate, AggregateHost, AggregateMetadata)
from nova_lite.db.models.instance_info_caches import (  # noqa: E402,F401
    InstanceInfoCache)
from nova_lite.db.models.network import (  # noqa: E402,F401
    IPAllocation, Network, NetworkQuota, Port, Subnet)
from nova_lite.db.models.network_security_groups import (  # noqa: E402,F401
    DefaultSecurityGroup, SecurityGroup, SecurityGroupPortBinding,
    SecurityGroupRule)
from nova_lite.db.models.block_device_mapping import (  # noqa: E402,F401
    BlockDeviceMapping)

"""Instance faults (why an instance is in ERROR)."""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models


def instance_fault_create(context, values):
    with engine.writer(context) as session:
        row = models.InstanceFault(**engine.clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def instance_fault_get_by_instance_uuids(context, instance_uuids,
                                         latest=False):
    if not instance_uuids:
        return {}
    with engine.reader(context) as session:
        rows = session.scalars(
            sa.select(models.InstanceFault)
            .where(models.InstanceFault.instance_uuid.in_(instance_uuids))
            .order_by(models.InstanceFault.created_at.desc(),
                      models.InstanceFault.id.desc()))
        result = {}
        for row in rows:
            faults = result.setdefault(row.instance_uuid, [])
            if latest and faults:
                continue
            faults.append(row.as_dict())
        return result

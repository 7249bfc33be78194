"""Block device mappings: the disks of an instance (its root disk, the
volumes attached to it), soft-deleted with the instance or on detach."""
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception

_BDM = models.BlockDeviceMapping


def _live(*conditions):
    return sa.select(_BDM).where(_BDM.deleted == 0, *conditions).order_by(
        _BDM.id)


def _add(session, values):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    row = _BDM(**values)
    session.add(row)
    return row


def block_device_mapping_create(context, values):
    with engine.writer(context) as session:
        row = _add(session, values)
        session.flush()
        return row.as_dict()


def block_device_mapping_create_all(context, values_list):
    """Create several mappings in one transaction (an instance's at
    create); returns their row dicts in order."""
    with engine.writer(context) as session:
        rows = [_add(session, values) for values in values_list]
        session.flush()
        return [row.as_dict() for row in rows]


def block_device_mapping_update(context, bdm_id, values):
    values = engine.clean(values)
    values.setdefault('updated_at', engine.utcnow())
    with engine.writer(context) as session:
        row = session.scalars(_live(_BDM.id == bdm_id)).first()
        if row is None:
            raise exception.BDMNotFound(id=bdm_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def block_device_mapping_destroy(context, bdm_id):
    """Soft-delete one mapping (a detached volume's)."""
    with engine.writer(context) as session:
        if not engine.soft_delete(session, _BDM, bdm_id):
            raise exception.BDMNotFound(id=bdm_id)


def block_device_mapping_destroy_by_instance(context, instance_uuid):
    """Soft-delete every mapping of a deleted instance."""
    with engine.writer(context) as session:
        return session.execute(
            sa.update(_BDM).where(_BDM.instance_uuid == instance_uuid,
                                  _BDM.deleted == 0)
            .values(deleted=_BDM.id, deleted_at=engine.utcnow())
            .execution_options(synchronize_session=False)).rowcount


def block_device_mapping_get_by_uuid(context, bdm_uuid):
    with engine.reader(context) as session:
        row = session.scalars(_live(_BDM.uuid == bdm_uuid)).first()
        if row is None:
            raise exception.BDMNotFound(id=bdm_uuid)
        return row.as_dict()


def block_device_mapping_get_all_by_instance(context, instance_uuid):
    with engine.reader(context) as session:
        return [r.as_dict() for r in session.scalars(
            _live(_BDM.instance_uuid == instance_uuid))]


def block_device_mapping_get_all_by_instance_uuids(context, instance_uuids):
    """{instance uuid: [row dict, ...]} of the live mappings (server lists
    show each server's volumes)."""
    result = {}
    if not instance_uuids:
        return result
    with engine.reader(context) as session:
        for row in session.scalars(
                _live(_BDM.instance_uuid.in_(list(instance_uuids)))):
            result.setdefault(row.instance_uuid, []).append(row.as_dict())
    return result


def block_device_mapping_get_all_by_volume_id(context, volume_id,
                                              instance_uuid=None):
    """The live mappings of a volume (one per server it is attached to),
    optionally only that of one server."""
    conditions = [_BDM.volume_id == volume_id]
    if instance_uuid is not None:
        conditions.append(_BDM.instance_uuid == instance_uuid)
    with engine.reader(context) as session:
        return [r.as_dict() for r in session.scalars(_live(*conditions))]

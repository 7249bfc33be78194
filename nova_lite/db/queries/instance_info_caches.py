"""Instance network info caches: one row per instance holding the JSON
list of its VIFs (nova_lite.network.model)."""
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models


def _row(session, instance_uuid):
    cache = models.InstanceInfoCache
    return session.scalars(sa.select(cache).where(
        cache.instance_uuid == instance_uuid)).first()


def instance_info_cache_get(context, instance_uuid):
    """The row as a dict, or None (also for a deleted one)."""
    with engine.reader(context) as session:
        row = _row(session, instance_uuid)
        if row is None or row.deleted:
            return None
        return row.as_dict()


def instance_info_cache_get_by_instance_uuids(context, instance_uuids):
    """{uuid: row dict} of the live caches among `instance_uuids`."""
    if not instance_uuids:
        return {}
    cache = models.InstanceInfoCache
    with engine.reader(context) as session:
        rows = session.scalars(sa.select(cache).where(
            cache.instance_uuid.in_(list(instance_uuids)),
            cache.deleted == 0))
        return {row.instance_uuid: row.as_dict() for row in rows}


def instance_info_cache_update(context, instance_uuid, network_info):
    """Create or replace the cache of `instance_uuid` (the JSON text);
    returns the row dict."""
    with engine.writer(context) as session:
        row = _row(session, instance_uuid)
        if row is None:
            row = models.InstanceInfoCache(instance_uuid=instance_uuid,
                                           network_info=network_info)
            session.add(row)
        else:
            row.network_info = network_info
            row.deleted = 0
            row.deleted_at = None
        session.flush()
        return row.as_dict()


def instance_info_cache_delete(context, instance_uuid):
    """Soft-delete the cache of a deleted instance."""
    with engine.writer(context) as session:
        row = _row(session, instance_uuid)
        if row is not None and not row.deleted:
            row.deleted = row.id
            row.deleted_at = models.utcnow()

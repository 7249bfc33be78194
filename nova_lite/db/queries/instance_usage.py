"""Instances that ran during a time window (os-simple-tenant-usage),
deleted ones included."""
from oslo_utils import timeutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import pagination


def _when(value):
    # Datetimes cross RPC as ISO 8601 strings.
    if isinstance(value, str):
        value = timeutils.normalize_time(timeutils.parse_isotime(value))
    return value


def instance_get_active_by_window(context, begin, end=None, project_id=None,
                                  limit=None, marker=None):
    """Instances launched before `end` and not terminated before `begin`,
    ordered by (project_id, uuid) and paginated by uuid marker."""
    inst = models.Instance
    begin, end = _when(begin), _when(end)
    with engine.reader(context) as session:
        query = sa.select(inst).where(
            sa.or_(inst.terminated_at.is_(None),
                   inst.terminated_at > engine.naive(begin)))
        if end is not None:
            query = query.where(inst.launched_at < engine.naive(end))
        if project_id:
            query = query.where(inst.project_id == project_id)
        query = pagination.paginate(session, query, inst,
                                    ['project_id', 'uuid'], limit=limit,
                                    marker=marker)
        return [r.as_dict() for r in session.scalars(query)]

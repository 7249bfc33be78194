"""Service records and heartbeats."""
from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception


def service_create(context, values):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with engine.writer(context) as session:
        row = models.Service(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.ServiceBinaryExists(host=values.get('host'),
                                                binary=values.get('binary'))
        return row.as_dict()


def _service_query(context, session):
    return engine.read_deleted_filter(context, models.Service,
                                sa.select(models.Service))


def service_get(context, service_id):
    with engine.reader(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.id == service_id)).first()
        if row is None:
            raise exception.ServiceNotFound(service_id=service_id)
        return row.as_dict()


def service_get_by_uuid(context, service_uuid):
    with engine.reader(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.uuid == service_uuid)).first()
        if row is None:
            raise exception.ServiceNotFound(service_id=service_uuid)
        return row.as_dict()


def service_get_by_host_and_binary(context, host, binary):
    with engine.reader(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.host == host,
            models.Service.binary == binary)).first()
        if row is None:
            raise exception.HostBinaryNotFound(host=host, binary=binary)
        return row.as_dict()


def service_get_all(context, filters=None):
    """filters: host, binary, disabled, topic (equal to), changed_since (an
    ISO 8601 UTC time: created or updated then or later, heartbeats
    included)."""
    filters = filters or {}
    svc = models.Service
    with engine.reader(context) as session:
        query = _service_query(context, session)
        for key in ('host', 'binary', 'disabled', 'topic'):
            if filters.get(key) is not None:
                query = query.where(getattr(svc, key) == filters[key])
        since = filters.get('changed_since')
        if since is not None:
            since = timeutils.normalize_time(timeutils.parse_isotime(since))
            query = query.where(sa.or_(svc.updated_at >= since,
                                       svc.created_at >= since))
        query = query.order_by(models.Service.id)
        return [r.as_dict() for r in session.scalars(query)]


def service_get_minimum_version(context, binary):
    """min(version) of the live services of `binary` (None without any);
    a service forced down does not hold the others back, as in Nova."""
    with engine.reader(context) as session:
        return session.scalar(
            sa.select(sa.func.min(models.Service.version)).where(
                models.Service.binary == binary,
                models.Service.deleted == 0,
                models.Service.forced_down == sa.false()))


def service_update(context, service_id, values):
    values = engine.clean(values)
    with engine.writer(context) as session:
        row = session.get(models.Service, service_id)
        if row is None or row.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def service_heartbeat(context, service_id):
    """Record that a service is alive; returns the updated row."""
    now = engine.utcnow()
    with engine.writer(context) as session:
        count = session.execute(
            sa.update(models.Service)
            .where(models.Service.id == service_id,
                   models.Service.deleted == 0)
            .values(report_count=models.Service.report_count + 1,
                    last_seen_up=now, updated_at=now)).rowcount
        if not count:
            raise exception.ServiceNotFound(service_id=service_id)
        return session.get(models.Service, service_id).as_dict()


def service_destroy(context, service_id):
    with engine.writer(context) as session:
        service = session.get(models.Service, service_id)
        if service is None or service.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        engine.soft_delete(session, models.Service, service_id)
        if service.binary == 'nova-compute':
            for node in session.scalars(sa.select(models.ComputeNode).where(
                    models.ComputeNode.host == service.host,
                    models.ComputeNode.deleted == 0)):
                engine.soft_delete(session, models.ComputeNode, node.id)

"""Host aggregates, their hosts and metadata. Rows leave as dicts with
`hosts` (list) and `metadata` (dict) folded in."""
from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite import exception

AZ_KEY = 'availability_zone'


def _full(session, rows):
    """Aggregate rows -> dicts with hosts and metadata (two queries)."""
    rows = list(rows)
    ids = [r.id for r in rows]
    hosts, meta = {}, {}
    if ids:
        for h in session.scalars(sa.select(models.AggregateHost).where(
                models.AggregateHost.aggregate_id.in_(ids)).order_by(
                models.AggregateHost.id)):
            hosts.setdefault(h.aggregate_id, []).append(h.host)
        for m in session.scalars(sa.select(models.AggregateMetadata).where(
                models.AggregateMetadata.aggregate_id.in_(ids))):
            meta.setdefault(m.aggregate_id, {})[m.key] = m.value
    result = []
    for row in rows:
        item = row.as_dict()
        item['hosts'] = hosts.get(row.id, [])
        item['metadata'] = meta.get(row.id, {})
        result.append(item)
    return result


def _get_row(session, aggregate_id):
    row = session.get(models.Aggregate, aggregate_id)
    if row is None:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return row


def _name_taken(session, name, exclude_id=None):
    query = sa.select(models.Aggregate.id).where(
        models.Aggregate.name == name)
    if exclude_id is not None:
        query = query.where(models.Aggregate.id != exclude_id)
    return session.scalars(query).first() is not None


def aggregate_create(context, values, metadata=None):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with engine.writer(context) as session:
        if _name_taken(session, values['name']):
            raise exception.AggregateNameExists(aggregate_name=values['name'])
        row = models.Aggregate(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.AggregateNameExists(aggregate_name=values['name'])
        for key, value in (metadata or {}).items():
            session.add(models.AggregateMetadata(
                aggregate_id=row.id, key=key, value=value))
        session.flush()
        return _full(session, [row])[0]


def aggregate_get(context, aggregate_id):
    with engine.reader(context) as session:
        return _full(session, [_get_row(session, aggregate_id)])[0]


def aggregate_get_by_uuid(context, aggregate_uuid):
    with engine.reader(context) as session:
        row = session.scalars(sa.select(models.Aggregate).where(
            models.Aggregate.uuid == aggregate_uuid)).first()
        if row is None:
            raise exception.AggregateNotFound(aggregate_id=aggregate_uuid)
        return _full(session, [row])[0]


def aggregate_get_all(context):
    with engine.reader(context) as session:
        return _full(session, session.scalars(
            sa.select(models.Aggregate).order_by(models.Aggregate.id)))


def aggregate_get_by_host(context, host, key=None):
    """Aggregates containing `host` (optionally only those with metadata
    `key`)."""
    agg, ah = models.Aggregate, models.AggregateHost
    with engine.reader(context) as session:
        query = sa.select(agg).join(ah, ah.aggregate_id == agg.id).where(
            ah.host == host)
        if key is not None:
            am = models.AggregateMetadata
            query = query.join(am, am.aggregate_id == agg.id).where(
                am.key == key)
        return _full(session, session.scalars(query.order_by(agg.id)))


def aggregate_host_azs(context):
    """{host: [availability zone, ...]} for every host in an aggregate with
    an availability_zone (one query)."""
    ah, am = models.AggregateHost, models.AggregateMetadata
    with engine.reader(context) as session:
        rows = session.execute(
            sa.select(ah.host, am.value)
            .join(am, am.aggregate_id == ah.aggregate_id)
            .where(am.key == AZ_KEY).order_by(ah.host, am.value))
        result = {}
        for host, zone in rows:
            zones = result.setdefault(host, [])
            if zone not in zones:
                zones.append(zone)
        return result


def aggregate_update(context, aggregate_id, values):
    values = engine.clean(values)
    with engine.writer(context) as session:
        row = _get_row(session, aggregate_id)
        if 'name' in values and _name_taken(session, values['name'],
                                            exclude_id=aggregate_id):
            raise exception.AggregateNameExists(aggregate_name=values['name'])
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = engine.utcnow()
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.AggregateNameExists(aggregate_name=values['name'])
        return _full(session, [row])[0]


def aggregate_metadata_update(context, aggregate_id, metadata):
    """Set keys to values; a None value deletes the key."""
    am = models.AggregateMetadata
    with engine.writer(context) as session:
        row = _get_row(session, aggregate_id)
        current = {m.key: m for m in session.scalars(
            sa.select(am).where(am.aggregate_id == aggregate_id))}
        for key, value in metadata.items():
            if value is None:
                if key in current:
                    session.delete(current[key])
            elif key in current:
                current[key].value = value
            else:
                session.add(am(aggregate_id=aggregate_id, key=key,
                               value=value))
        row.updated_at = engine.utcnow()
        session.flush()
        return _full(session, [row])[0]


def aggregate_host_add(context, aggregate_id, host):
    ah = models.AggregateHost
    with engine.writer(context) as session:
        row = _get_row(session, aggregate_id)
        if session.scalars(sa.select(ah.id).where(
                ah.aggregate_id == aggregate_id, ah.host == host)).first():
            raise exception.AggregateHostExists(aggregate_id=aggregate_id,
                                                host=host)
        session.add(ah(aggregate_id=aggregate_id, host=host))
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.AggregateHostExists(aggregate_id=aggregate_id,
                                                host=host)
        return _full(session, [row])[0]


def aggregate_host_delete(context, aggregate_id, host):
    ah = models.AggregateHost
    with engine.writer(context) as session:
        row = _get_row(session, aggregate_id)
        count = session.execute(sa.delete(ah).where(
            ah.aggregate_id == aggregate_id, ah.host == host)).rowcount
        if not count:
            raise exception.AggregateHostNotFound(aggregate_id=aggregate_id,
                                                  host=host)
        return _full(session, [row])[0]


def aggregate_destroy(context, aggregate_id):
    with engine.writer(context) as session:
        _get_row(session, aggregate_id)
        session.execute(sa.delete(models.AggregateMetadata).where(
            models.AggregateMetadata.aggregate_id == aggregate_id))
        session.execute(sa.delete(models.AggregateHost).where(
            models.AggregateHost.aggregate_id == aggregate_id))
        session.execute(sa.delete(models.Aggregate).where(
            models.Aggregate.id == aggregate_id))

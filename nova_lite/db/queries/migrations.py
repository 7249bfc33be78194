"""Migrations (resize / cold migration records) and moving the claims a
move operation holds from one consumer to another."""
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import pagination
from nova_lite import exception

# A migration in one of these states still holds (or is about to hold)
# resources: Nova's list of "in progress" migration states.
IN_PROGRESS_STATES = ('queued', 'pre-migrating', 'migrating',
                      'post-migrating', 'preparing', 'running', 'finished',
                      'confirming', 'reverting')


def migration_create(context, values):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with engine.writer(context) as session:
        row = models.Migration(**values)
        session.add(row)
        session.flush()
        return row.as_dict()


def _get(session, context, **where):
    mig = models.Migration
    query = engine.read_deleted_filter(context, mig, sa.select(mig))
    for key, value in where.items():
        query = query.where(getattr(mig, key) == value)
    return session.scalars(query).first()


def migration_get(context, migration_id):
    with engine.reader(context) as session:
        row = _get(session, context, id=migration_id)
        if row is None:
            raise exception.MigrationNotFound(migration_id=migration_id)
        return row.as_dict()


def migration_get_by_uuid(context, migration_uuid):
    with engine.reader(context) as session:
        row = _get(session, context, uuid=migration_uuid)
        if row is None:
            raise exception.MigrationNotFound(migration_id=migration_uuid)
        return row.as_dict()


def migration_get_by_id_and_instance(context, migration_id, instance_uuid):
    with engine.reader(context) as session:
        row = _get(session, context, id=migration_id,
                   instance_uuid=instance_uuid)
        if row is None:
            raise exception.MigrationNotFoundForInstance(
                migration_id=migration_id, instance_id=instance_uuid)
        return row.as_dict()


def migration_get_by_instance_and_status(context, instance_uuid, status):
    mig = models.Migration
    with engine.reader(context) as session:
        row = session.scalars(
            engine.read_deleted_filter(context, mig, sa.select(mig))
            .where(mig.instance_uuid == instance_uuid, mig.status == status)
            .order_by(mig.created_at.desc(), mig.id.desc())).first()
        if row is None:
            raise exception.MigrationNotFoundByStatus(
                instance_id=instance_uuid, status=status)
        return row.as_dict()


def migration_update(context, migration_id, values):
    values = engine.clean(values)
    values.setdefault('updated_at', engine.utcnow())
    mig = models.Migration
    with engine.writer(context) as session:
        count = session.execute(
            sa.update(mig).where(mig.id == migration_id, mig.deleted == 0)
            .values(**values)
            .execution_options(synchronize_session=False)).rowcount
        if count != 1:
            raise exception.MigrationNotFound(migration_id=migration_id)
        session.expire_all()
        return session.get(mig, migration_id).as_dict()


def migration_get_in_progress_by_instance(context, instance_uuid,
                                          migration_type=None):
    mig = models.Migration
    with engine.reader(context) as session:
        query = (engine.read_deleted_filter(context, mig, sa.select(mig))
                 .where(mig.instance_uuid == instance_uuid,
                        mig.status.in_(IN_PROGRESS_STATES)))
        if migration_type is not None:
            query = query.where(mig.migration_type == migration_type)
        return [r.as_dict() for r in session.scalars(
            query.order_by(mig.created_at, mig.id))]


def migration_get_unconfirmed_by_dest_compute(context, confirm_window,
                                              dest_compute):
    """'finished' migrations to dest_compute older than confirm_window
    seconds (the resizes the periodic task confirms automatically)."""
    import datetime
    mig = models.Migration
    limit = engine.utcnow() - datetime.timedelta(seconds=confirm_window)
    with engine.reader(context) as session:
        return [r.as_dict() for r in session.scalars(
            sa.select(mig).where(mig.deleted == 0,
                                 mig.status == 'finished',
                                 mig.dest_compute == dest_compute,
                                 mig.updated_at <= limit))]


_EXACT_FILTERS = ('instance_uuid', 'source_compute', 'migration_type',
                  'user_id', 'project_id', 'hidden')


def migration_get_all_by_filters(context, filters=None, sort_keys=None,
                                 sort_dirs=None, limit=None, marker=None):
    """Migrations matching os-migrations' filters; paginated by uuid."""
    filters = dict(filters or {})
    mig = models.Migration
    with engine.reader(context) as session:
        query = engine.read_deleted_filter(context, mig, sa.select(mig))
        status = filters.pop('status', None)
        if status is not None:
            statuses = status if isinstance(status, (list, tuple, set)) \
                else [status]
            query = query.where(mig.status.in_(list(statuses)))
        host = filters.pop('host', None)
        if host is not None:
            query = query.where(sa.or_(mig.source_compute == host,
                                       mig.dest_compute == host))
        since = filters.pop('changes-since', None)
        if since is not None:
            query = query.where(mig.updated_at >= engine.naive(since))
        before = filters.pop('changes-before', None)
        if before is not None:
            query = query.where(mig.updated_at <= engine.naive(before))
        for key in _EXACT_FILTERS:
            if key not in filters:
                continue
            value = filters.pop(key)
            column = getattr(mig, key)
            if isinstance(value, (list, tuple, set)):
                query = query.where(column.in_(list(value)))
            else:
                query = query.where(column == value)
        query = pagination.paginate(session, query, mig, sort_keys or ['id'],
                                    sort_dirs, limit, marker)
        return [r.as_dict() for r in session.scalars(query)]


def allocations_move(context, from_consumer, to_consumer):
    """Hand every claim of `from_consumer` to `to_consumer` in one
    transaction, replacing what `to_consumer` held (as Placement's
    allocation replace does): no resource is free or double-counted in
    between. Returns how many claims moved."""
    alloc = models.Allocation
    cn = models.ComputeNode
    with engine.writer(context) as session:
        for old in session.scalars(sa.select(alloc).where(
                alloc.consumer_uuid == to_consumer)).all():
            if session.execute(sa.delete(alloc).where(
                    alloc.id == old.id)).rowcount:
                session.execute(
                    sa.update(cn).where(cn.id == old.compute_node_id)
                    .values(vcpus_used=cn.vcpus_used - old.vcpus,
                            memory_mb_used=cn.memory_mb_used - old.memory_mb,
                            local_gb_used=cn.local_gb_used - old.disk_gb)
                    .execution_options(synchronize_session=False))
        return session.execute(
            sa.update(alloc).where(alloc.consumer_uuid == from_consumer)
            .values(consumer_uuid=to_consumer)
            .execution_options(synchronize_session=False)).rowcount

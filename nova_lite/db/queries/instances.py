"""Instances: create, read with Nova-style filters, compare-and-swap update, soft delete."""
import datetime

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import engine
from nova_lite.db import models
from nova_lite.db.queries import block_device_mappings
from nova_lite.db.queries import instance_tags
from nova_lite.db.queries import pagination
from nova_lite.db.queries import regexp
from nova_lite import exception


def instance_create(context, values):
    values = engine.clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    if 'metadata' in values:
        values['metadata_'] = values.pop('metadata')
    with engine.writer(context) as session:
        row = models.Instance(**values)
        session.add(row)
        session.flush()
        return row.as_dict()


def _instance_query(context):
    return engine.read_deleted_filter(context, models.Instance,
                                sa.select(models.Instance))


def instance_get_by_uuid(context, instance_uuid):
    with engine.reader(context) as session:
        row = session.scalars(_instance_query(context).where(
            models.Instance.uuid == instance_uuid)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return row.as_dict()


def instance_update(context, instance_uuid, values, expected_task_state=None,
                    expected_vm_state=None, with_original=False):
    """Update an instance if its states are what the caller expects;
    returns the updated row, or (original row, updated row) when asked
    (state-change notifications need the original).

    The check and the write are one UPDATE ... WHERE, so two racing
    operations (a delete during a reboot, say) cannot both win. The row is
    read before only when the update did not apply, to say why.
    """
    values = engine.clean(values)
    if 'metadata' in values:
        values['metadata_'] = values.pop('metadata')
    inst = models.Instance
    with engine.writer(context) as session:
        original = None
        if with_original:
            row = session.scalars(sa.select(inst).where(
                inst.uuid == instance_uuid, inst.deleted == 0)).first()
            original = row.as_dict() if row is not None else None
            session.expire_all()
        conditions = [inst.uuid == instance_uuid, inst.deleted == 0]
        for column, expected in (('task_state', expected_task_state),
                                 ('vm_state', expected_vm_state)):
            if expected is None:
                continue
            if not isinstance(expected, (list, tuple, set)):
                expected = [expected]
            expected = list(expected)
            clauses = [getattr(inst, column).in_(
                [e for e in expected if e is not None])]
            if None in expected:
                clauses.append(getattr(inst, column).is_(None))
            conditions.append(sa.or_(*clauses))
        values.setdefault('updated_at', engine.utcnow())
        count = session.execute(
            sa.update(inst).where(*conditions).values(**values)
            .execution_options(synchronize_session=False)).rowcount
        current = session.scalars(sa.select(inst).where(
            inst.uuid == instance_uuid, inst.deleted == 0)).first()
        if current is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        if count != 1:
            actual = current.task_state
            exc_class = exception.UnexpectedTaskStateError
            if actual == 'deleting':
                exc_class = exception.UnexpectedDeletingTaskStateError
            raise exc_class(instance_uuid=instance_uuid,
                            expected={'task_state': expected_task_state,
                                      'vm_state': expected_vm_state},
                            actual={'task_state': actual,
                                    'vm_state': current.vm_state})
        if with_original:
            return original, current.as_dict()
        return current.as_dict()


def instance_destroy(context, instance_uuid):
    inst = models.Instance
    with engine.writer(context) as session:
        row = session.scalars(sa.select(inst).where(
            inst.uuid == instance_uuid, inst.deleted == 0)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        now = engine.utcnow()
        session.execute(sa.update(inst).where(inst.id == row.id).values(
            deleted=inst.id, deleted_at=now, updated_at=now,
            terminated_at=now, vm_state='deleted', task_state=None,
            power_state=0))
        # Its disks go with it (Nova soft-deletes them in the same step).
        block_device_mappings.block_device_mapping_destroy_by_instance(
            context, instance_uuid)
        session.expire_all()
        return session.get(inst, row.id).as_dict()


_EXACT_FILTERS = ('project_id', 'user_id', 'host', 'node', 'image_ref',
                  'instance_type_id', 'reservation_id', 'availability_zone',
                  'locked', 'key_name', 'launch_index', 'uuid', 'vm_state',
                  'task_state', 'power_state')


def instance_get_all_by_filters(context, filters=None, sort_keys=None,
                                sort_dirs=None, limit=None, marker=None):
    """Instances matching Nova-style filters, sorted, paginated by uuid."""
    filters = dict(filters or {})
    inst = models.Instance
    with engine.reader(context) as session:
        query = sa.select(inst)
        deleted = filters.pop('deleted', None)
        if 'changes-since' in filters or 'changes-before' in filters:
            # Time-bounded queries include deleted instances, as Nova does.
            pass
        elif deleted is None:
            query = engine.read_deleted_filter(context, inst, query)
        if deleted is True:
            query = query.where(inst.deleted != 0)
        elif deleted is False:
            query = query.where(inst.deleted == 0)
        since = filters.pop('changes-since', None)
        if since is not None:
            query = query.where(inst.updated_at >= engine.naive(since))
        before = filters.pop('changes-before', None)
        if before is not None:
            query = query.where(inst.updated_at <= engine.naive(before))
        name = filters.pop('display_name', None)
        if name:
            query = query.where(
                regexp.matches(session, inst.display_name, name))
        query = instance_tags.apply_tag_filters(query, filters)
        for key in _EXACT_FILTERS:
            if key not in filters:
                continue
            value = filters.pop(key)
            column = getattr(inst, key)
            if isinstance(value, (list, tuple, set)):
                query = query.where(column.in_(list(value)))
            elif value is None:
                query = query.where(column.is_(None))
            else:
                query = query.where(column == value)
        sort_keys = [k if k != 'metadata' else 'metadata_'
                     for k in sort_keys or ['created_at']]
        query = pagination.paginate(
            session, query, inst, sort_keys,
            sort_dirs or ['desc'] * len(sort_keys), limit, marker)
        return [r.as_dict() for r in session.scalars(query)]


def instance_take_build(context, instance_uuid, expected_updated_at):
    """Take the build of an instance still waiting for a host (building,
    scheduling, no host) if nobody touched it since `expected_updated_at`:
    one UPDATE ... WHERE that moves updated_at on, so of two conductors (or
    a conductor and its stale-build reaper) exactly one wins. True if taken.

    updated_at is compared to the second (an object's datetimes cross RPC
    without their microseconds, and MariaDB keeps none), and the new one
    is always in a later second than the expected one."""
    inst = models.Instance
    now = engine.utcnow()
    expected = engine.naive(expected_updated_at)
    if expected is None:
        stamp = inst.updated_at.is_(None)
    else:
        second = expected.replace(microsecond=0)
        following = second + datetime.timedelta(seconds=1)
        stamp = sa.and_(inst.updated_at >= second,
                        inst.updated_at < following)
        now = max(now, following)
    with engine.writer(context) as session:
        return session.execute(
            sa.update(inst).where(
                inst.uuid == instance_uuid, inst.deleted == 0,
                inst.vm_state == 'building', inst.task_state == 'scheduling',
                inst.host.is_(None), stamp)
            .values(updated_at=now)
            .execution_options(synchronize_session=False)).rowcount == 1


def instance_get_unplaced_builds(context, older_than):
    """Instances building in scheduling with no host whose last update
    (or creation) is before `older_than`: builds nobody holds."""
    inst = models.Instance
    last = sa.func.coalesce(inst.updated_at, inst.created_at)
    with engine.reader(context) as session:
        rows = session.scalars(sa.select(inst).where(
            inst.deleted == 0, inst.vm_state == 'building',
            inst.task_state == 'scheduling', inst.host.is_(None),
            last < engine.naive(older_than)).order_by(inst.id)).all()
        return [row.as_dict() for row in rows]

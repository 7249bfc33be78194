"""Queries, each in its own transaction through oslo.db's enginefacade.

Rows leave this module as plain dicts (see models.Base.as_dict), so nothing
outside it holds a session.
"""
import datetime
import threading

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy import event

from nova_lite.db import models
from nova_lite import exception

context_manager = enginefacade.transaction_context()
_configured = threading.Lock()
_CONFIGURED = False


def configure(conf):
    """Point the engine at [database] connection (once per process)."""
    global _CONFIGURED
    with _configured:
        if _CONFIGURED:
            return
        if not conf.database.connection:
            raise RuntimeError('[database] connection is not set')
        context_manager.configure(
            connection=conf.database.connection,
            sqlite_synchronous=conf.database.sqlite_synchronous,
            max_pool_size=conf.database.max_pool_size,
            max_overflow=conf.database.max_overflow,
            pool_timeout=conf.database.pool_timeout,
            connection_recycle_time=conf.database.connection_recycle_time,
            max_retries=conf.database.max_retries)
        engine = context_manager.writer.get_engine()
        if engine.dialect.name == 'sqlite':
            event.listen(engine, 'connect', _sqlite_on_connect)
            event.listen(engine, 'before_cursor_execute',
                         _sqlite_begin_immediate, retval=True)
            # Drop the connection oslo.db opened to test the URL, so every
            # pooled connection gets the settings above.
            engine.dispose()
        _CONFIGURED = True


def _sqlite_on_connect(dbapi_conn, _record):
    # Many threads write at once (builds, heartbeats): wait for the lock
    # instead of failing. (A deferred transaction that reads and then
    # writes fails at once with "database is locked" when another writer
    # got in between: see _sqlite_begin_immediate.)
    cursor = dbapi_conn.cursor()
    cursor.execute('PRAGMA busy_timeout = 30000')
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.close()


def _sqlite_begin_immediate(conn, cursor, statement, parameters, context,
                            executemany):
    # oslo.db emits a plain BEGIN for SQLite; take the write lock up front
    # instead, so concurrent writers queue on busy_timeout.
    if statement == 'BEGIN':
        statement = 'BEGIN IMMEDIATE'
    return statement, parameters


def dispose():
    """Close all connections and forget the configuration (tests switch
    databases within one process)."""
    global context_manager, _CONFIGURED
    with _configured:
        if _CONFIGURED:
            context_manager.writer.get_engine().dispose()
        context_manager = enginefacade.transaction_context()
        _CONFIGURED = False


def get_engine():
    return context_manager.writer.get_engine()


def _utcnow():
    return timeutils.utcnow().replace(tzinfo=None)


def _naive(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timeutils.normalize_time(value)
    return value


def _clean(values):
    return {k: _naive(v) for k, v in values.items()}


def _soft_delete(session, model, row_id):
    return session.execute(
        sa.update(model).where(model.id == row_id, model.deleted == 0)
        .values(deleted=model.id, deleted_at=_utcnow())).rowcount


def _read_deleted_filter(context, model, query):
    mode = getattr(context, 'read_deleted', 'no')
    if mode == 'no':
        return query.where(model.deleted == 0)
    if mode == 'only':
        return query.where(model.deleted != 0)
    return query


# --- services ---------------------------------------------------------------

def service_create(context, values):
    values = _clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with context_manager.writer.using(context) as session:
        row = models.Service(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.ServiceBinaryExists(host=values.get('host'),
                                                binary=values.get('binary'))
        return row.as_dict()


def _service_query(context, session):
    return _read_deleted_filter(context, models.Service,
                                sa.select(models.Service))


def service_get(context, service_id):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.id == service_id)).first()
        if row is None:
            raise exception.ServiceNotFound(service_id=service_id)
        return row.as_dict()


def service_get_by_uuid(context, service_uuid):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.uuid == service_uuid)).first()
        if row is None:
            raise exception.ServiceNotFound(service_id=service_uuid)
        return row.as_dict()


def service_get_by_host_and_binary(context, host, binary):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_service_query(context, session).where(
            models.Service.host == host,
            models.Service.binary == binary)).first()
        if row is None:
            raise exception.HostBinaryNotFound(host=host, binary=binary)
        return row.as_dict()


def service_get_all(context, filters=None):
    filters = filters or {}
    with context_manager.reader.using(context) as session:
        query = _service_query(context, session)
        for key in ('host', 'binary', 'disabled', 'topic'):
            if filters.get(key) is not None:
                query = query.where(getattr(models.Service, key) ==
                                    filters[key])
        query = query.order_by(models.Service.id)
        return [r.as_dict() for r in session.scalars(query)]


def service_update(context, service_id, values):
    values = _clean(values)
    with context_manager.writer.using(context) as session:
        row = session.get(models.Service, service_id)
        if row is None or row.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def service_heartbeat(context, service_id):
    """Record that a service is alive; returns the updated row."""
    now = _utcnow()
    with context_manager.writer.using(context) as session:
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
    with context_manager.writer.using(context) as session:
        service = session.get(models.Service, service_id)
        if service is None or service.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        _soft_delete(session, models.Service, service_id)
        if service.binary == 'nova-lite-compute':
            for node in session.scalars(sa.select(models.ComputeNode).where(
                    models.ComputeNode.host == service.host,
                    models.ComputeNode.deleted == 0)):
                _soft_delete(session, models.ComputeNode, node.id)


# --- compute nodes ----------------------------------------------------------

def compute_node_create(context, values):
    values = _clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    with context_manager.writer.using(context) as session:
        row = models.ComputeNode(**values)
        session.add(row)
        session.flush()
        return row.as_dict()


def _compute_node_query(context):
    return _read_deleted_filter(context, models.ComputeNode,
                                sa.select(models.ComputeNode))


def compute_node_get(context, node_id):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.id == node_id)).first()
        if row is None:
            raise exception.ComputeNodeNotFound(node=node_id)
        return row.as_dict()


def compute_node_get_by_uuid(context, node_uuid):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.uuid == node_uuid)).first()
        if row is None:
            raise exception.ComputeNodeNotFound(node=node_uuid)
        return row.as_dict()


def compute_node_get_by_host_and_nodename(context, host, nodename):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_compute_node_query(context).where(
            models.ComputeNode.host == host,
            models.ComputeNode.hypervisor_hostname == nodename)).first()
        if row is None:
            raise exception.ComputeHostNotFound(host=host)
        return row.as_dict()


def compute_node_get_all(context, host=None):
    with context_manager.reader.using(context) as session:
        query = _compute_node_query(context)
        if host is not None:
            query = query.where(models.ComputeNode.host == host)
        return [r.as_dict() for r in session.scalars(
            query.order_by(models.ComputeNode.id))]


def compute_node_update(context, node_id, values):
    values = _clean(values)
    # Usage columns belong to claims; a compute report never overwrites them.
    for owned in ('vcpus_used', 'memory_mb_used', 'local_gb_used'):
        values.pop(owned, None)
    with context_manager.writer.using(context) as session:
        row = session.get(models.ComputeNode, node_id)
        if row is None or row.deleted:
            raise exception.ComputeNodeNotFound(node=node_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def compute_node_running_vms(context):
    """{host: number of live instances} for os-hypervisors."""
    with context_manager.reader.using(context) as session:
        rows = session.execute(
            sa.select(models.Instance.node, sa.func.count())
            .where(models.Instance.deleted == 0,
                   models.Instance.node.is_not(None))
            .group_by(models.Instance.node))
        return {node: count for node, count in rows}


# --- claims -----------------------------------------------------------------

def claim_resources(context, consumer_uuid, compute_node_id, vcpus,
                    memory_mb, disk_gb):
    """Atomically take resources on a node, or raise ClaimFailed.

    One conditional UPDATE checks capacity (with allocation ratios and
    reservations) and adds the usage, so two concurrent claims can never
    over-commit a node on any of the three databases.
    """
    cn = models.ComputeNode
    with context_manager.writer.using(context) as session:
        fits = sa.and_(
            cn.vcpus_used + vcpus <=
            (cn.vcpus - cn.reserved_host_cpus) * cn.cpu_allocation_ratio,
            cn.memory_mb_used + memory_mb <=
            (cn.memory_mb - cn.reserved_host_memory_mb) *
            cn.ram_allocation_ratio,
            cn.local_gb_used + disk_gb <=
            (cn.local_gb - cn.reserved_host_disk_mb / 1024.0) *
            cn.disk_allocation_ratio)
        count = session.execute(
            sa.update(cn).where(cn.id == compute_node_id, cn.deleted == 0,
                                fits)
            .values(vcpus_used=cn.vcpus_used + vcpus,
                    memory_mb_used=cn.memory_mb_used + memory_mb,
                    local_gb_used=cn.local_gb_used + disk_gb)
            .execution_options(synchronize_session=False)).rowcount
        if count != 1:
            raise exception.ClaimFailed(host=compute_node_id,
                                        reason='not enough free resources')
        session.add(models.Allocation(
            consumer_uuid=consumer_uuid, compute_node_id=compute_node_id,
            vcpus=vcpus, memory_mb=memory_mb, disk_gb=disk_gb))
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.ClaimFailed(host=compute_node_id,
                                        reason='consumer already holds a '
                                               'claim on this node')


def release_resources(context, consumer_uuid, compute_node_id=None):
    """Give back what a consumer holds (on one node or all). Idempotent."""
    cn = models.ComputeNode
    with context_manager.writer.using(context) as session:
        query = sa.select(models.Allocation).where(
            models.Allocation.consumer_uuid == consumer_uuid)
        if compute_node_id is not None:
            query = query.where(
                models.Allocation.compute_node_id == compute_node_id)
        released = 0
        for alloc in session.scalars(query).all():
            deleted = session.execute(
                sa.delete(models.Allocation)
                .where(models.Allocation.id == alloc.id)).rowcount
            if not deleted:
                continue
            session.execute(
                sa.update(cn).where(cn.id == alloc.compute_node_id)
                .values(vcpus_used=cn.vcpus_used - alloc.vcpus,
                        memory_mb_used=cn.memory_mb_used - alloc.memory_mb,
                        local_gb_used=cn.local_gb_used - alloc.disk_gb)
                .execution_options(synchronize_session=False))
            released += 1
        return released


def allocations_get_by_consumer(context, consumer_uuid):
    with context_manager.reader.using(context) as session:
        return [a.as_dict() for a in session.scalars(
            sa.select(models.Allocation).where(
                models.Allocation.consumer_uuid == consumer_uuid))]


def allocations_get_all(context):
    with context_manager.reader.using(context) as session:
        return [a.as_dict() for a in session.scalars(
            sa.select(models.Allocation))]


# --- flavors ----------------------------------------------------------------

def flavor_create(context, values):
    values = _clean(values)
    with context_manager.writer.using(context) as session:
        if session.scalars(sa.select(models.Flavor).where(
                models.Flavor.flavorid == values['flavorid'])).first():
            raise exception.FlavorExists(flavor_id=values['flavorid'])
        if session.scalars(sa.select(models.Flavor).where(
                models.Flavor.name == values['name'])).first():
            raise exception.FlavorNameExists(name=values['name'])
        row = models.Flavor(**values)
        session.add(row)
        try:
            session.flush()
        except db_exc.DBDuplicateEntry:
            raise exception.FlavorExists(flavor_id=values['flavorid'])
        return row.as_dict()


def _flavor_get_by(context, column, value, exc):
    with context_manager.reader.using(context) as session:
        row = session.scalars(sa.select(models.Flavor).where(
            column == value)).first()
        if row is None:
            raise exc
        return row.as_dict()


def flavor_get(context, flavor_id):
    return _flavor_get_by(context, models.Flavor.id, flavor_id,
                          exception.FlavorNotFound(flavor_id=flavor_id))


def flavor_get_by_flavor_id(context, flavorid):
    return _flavor_get_by(context, models.Flavor.flavorid, flavorid,
                          exception.FlavorNotFound(flavor_id=flavorid))


def flavor_get_by_name(context, name):
    return _flavor_get_by(context, models.Flavor.name, name,
                          exception.FlavorNotFoundByName(flavor_name=name))


def flavor_get_all(context, filters=None, sort_key='flavorid', sort_dir='asc',
                   limit=None, marker=None):
    filters = filters or {}
    with context_manager.reader.using(context) as session:
        query = sa.select(models.Flavor)
        if filters.get('min_memory_mb') is not None:
            query = query.where(
                models.Flavor.memory_mb >= filters['min_memory_mb'])
        if filters.get('min_root_gb') is not None:
            query = query.where(
                models.Flavor.root_gb >= filters['min_root_gb'])
        if filters.get('is_public') is not None:
            query = query.where(
                models.Flavor.is_public == filters['is_public'])
        if filters.get('disabled') is not None:
            query = query.where(
                models.Flavor.disabled == filters['disabled'])
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(models.Flavor).where(
                models.Flavor.flavorid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        query = sqlalchemyutils.paginate_query(
            query, models.Flavor, limit, [sort_key, 'id'],
            marker=marker_row, sort_dir=sort_dir)
        return [r.as_dict() for r in session.scalars(query)]


def flavor_update(context, flavorid, values):
    with context_manager.writer.using(context) as session:
        row = session.scalars(sa.select(models.Flavor).where(
            models.Flavor.flavorid == flavorid)).first()
        if row is None:
            raise exception.FlavorNotFound(flavor_id=flavorid)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return row.as_dict()


def flavor_destroy(context, flavorid):
    with context_manager.writer.using(context) as session:
        count = session.execute(sa.delete(models.Flavor).where(
            models.Flavor.flavorid == flavorid)).rowcount
        if not count:
            raise exception.FlavorNotFound(flavor_id=flavorid)


# --- instances --------------------------------------------------------------

def instance_create(context, values):
    values = _clean(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    if 'metadata' in values:
        values['metadata_'] = values.pop('metadata')
    with context_manager.writer.using(context) as session:
        row = models.Instance(**values)
        session.add(row)
        session.flush()
        return row.as_dict()


def _instance_query(context):
    return _read_deleted_filter(context, models.Instance,
                                sa.select(models.Instance))


def instance_get_by_uuid(context, instance_uuid):
    with context_manager.reader.using(context) as session:
        row = session.scalars(_instance_query(context).where(
            models.Instance.uuid == instance_uuid)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return row.as_dict()


def instance_update_and_get_original(context, instance_uuid, values,
                                     expected_task_state=None,
                                     expected_vm_state=None):
    """Update an instance if its states are what the caller expects.

    The check and the write are one UPDATE ... WHERE, so two racing
    operations (a delete during a reboot, say) cannot both win.
    Returns (old_row, new_row).
    """
    values = _clean(values)
    if 'metadata' in values:
        values['metadata_'] = values.pop('metadata')
    inst = models.Instance
    with context_manager.writer.using(context) as session:
        old = session.scalars(sa.select(inst).where(
            inst.uuid == instance_uuid, inst.deleted == 0)).first()
        if old is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        old_values = old.as_dict()
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
        values.setdefault('updated_at', _utcnow())
        count = session.execute(
            sa.update(inst).where(*conditions).values(**values)
            .execution_options(synchronize_session=False)).rowcount
        if count != 1:
            actual = old_values['task_state']
            exc_class = exception.UnexpectedTaskStateError
            if actual == 'deleting':
                exc_class = exception.UnexpectedDeletingTaskStateError
            raise exc_class(instance_uuid=instance_uuid,
                            expected={'task_state': expected_task_state,
                                      'vm_state': expected_vm_state},
                            actual={'task_state': actual,
                                    'vm_state': old_values['vm_state']})
        session.expire_all()
        new = session.scalars(sa.select(inst).where(
            inst.uuid == instance_uuid)).first()
        return old_values, new.as_dict()


def instance_destroy(context, instance_uuid):
    inst = models.Instance
    with context_manager.writer.using(context) as session:
        row = session.scalars(sa.select(inst).where(
            inst.uuid == instance_uuid, inst.deleted == 0)).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        now = _utcnow()
        session.execute(sa.update(inst).where(inst.id == row.id).values(
            deleted=inst.id, deleted_at=now, updated_at=now,
            terminated_at=now, vm_state='deleted', task_state=None,
            power_state=0))
        session.expire_all()
        return session.get(inst, row.id).as_dict()


def _regexp(session, column, pattern):
    if session.bind.dialect.name == 'postgresql':
        return column.op('~')(pattern)
    return column.op('REGEXP')(pattern)


_EXACT_FILTERS = ('project_id', 'user_id', 'host', 'node', 'image_ref',
                  'instance_type_id', 'reservation_id', 'availability_zone',
                  'locked', 'key_name', 'launch_index', 'uuid', 'vm_state',
                  'task_state', 'power_state')


def instance_get_all_by_filters(context, filters=None, sort_keys=None,
                                sort_dirs=None, limit=None, marker=None):
    """Instances matching Nova-style filters, sorted, paginated by uuid."""
    filters = dict(filters or {})
    inst = models.Instance
    with context_manager.reader.using(context) as session:
        query = sa.select(inst)
        deleted = filters.pop('deleted', None)
        if 'changes-since' in filters or 'changes-before' in filters:
            # Time-bounded queries include deleted instances, as Nova does.
            pass
        elif deleted is None:
            query = _read_deleted_filter(context, inst, query)
        if deleted is True:
            query = query.where(inst.deleted != 0)
        elif deleted is False:
            query = query.where(inst.deleted == 0)
        since = filters.pop('changes-since', None)
        if since is not None:
            query = query.where(inst.updated_at >= _naive(since))
        before = filters.pop('changes-before', None)
        if before is not None:
            query = query.where(inst.updated_at <= _naive(before))
        name = filters.pop('display_name', None)
        if name:
            query = query.where(_regexp(session, inst.display_name, name))
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
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(inst).where(
                inst.uuid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        sort_keys = list(sort_keys or ['created_at'])
        sort_dirs = list(sort_dirs or ['desc'] * len(sort_keys))
        sort_keys = [k if k != 'metadata' else 'metadata_' for k in sort_keys]
        if 'id' not in sort_keys:
            sort_keys.append('id')
            sort_dirs.append(sort_dirs[0] if sort_dirs else 'desc')
        query = sqlalchemyutils.paginate_query(
            query, inst, limit, sort_keys, marker=marker_row,
            sort_dirs=sort_dirs)
        return [r.as_dict() for r in session.scalars(query)]


# --- instance faults --------------------------------------------------------

def instance_fault_create(context, values):
    with context_manager.writer.using(context) as session:
        row = models.InstanceFault(**_clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def instance_fault_get_by_instance_uuids(context, instance_uuids,
                                         latest=False):
    if not instance_uuids:
        return {}
    with context_manager.reader.using(context) as session:
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


# --- instance actions -------------------------------------------------------

def action_start(context, values):
    with context_manager.writer.using(context) as session:
        row = models.InstanceAction(**_clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def _action_get_by_request_id(session, instance_uuid, request_id):
    return session.scalars(
        sa.select(models.InstanceAction)
        .where(models.InstanceAction.instance_uuid == instance_uuid,
               models.InstanceAction.request_id == request_id)
        .order_by(models.InstanceAction.created_at.desc(),
                  models.InstanceAction.id.desc())).first()


def action_finish(context, instance_uuid, request_id, finish_time,
                  message=None):
    with context_manager.writer.using(context) as session:
        row = _action_get_by_request_id(session, instance_uuid, request_id)
        if row is None:
            return None
        row.finish_time = _naive(finish_time)
        if message is not None:
            row.message = message
        session.flush()
        return row.as_dict()


def action_get_by_request_id(context, instance_uuid, request_id):
    with context_manager.reader.using(context) as session:
        row = _action_get_by_request_id(session, instance_uuid, request_id)
        return row.as_dict() if row else None


def actions_get(context, instance_uuid, limit=None, marker=None):
    with context_manager.reader.using(context) as session:
        query = sa.select(models.InstanceAction).where(
            models.InstanceAction.instance_uuid == instance_uuid)
        marker_row = None
        if marker is not None:
            marker_row = session.scalars(sa.select(
                models.InstanceAction).where(
                models.InstanceAction.instance_uuid == instance_uuid,
                models.InstanceAction.request_id == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        query = sqlalchemyutils.paginate_query(
            query, models.InstanceAction, limit, ['created_at', 'id'],
            marker=marker_row, sort_dir='desc')
        return [r.as_dict() for r in session.scalars(query)]


def action_event_start(context, instance_uuid, request_id, values):
    with context_manager.writer.using(context) as session:
        action = _action_get_by_request_id(session, instance_uuid,
                                           request_id)
        if action is None:
            return None
        row = models.InstanceActionEvent(action_id=action.id,
                                         **_clean(values))
        session.add(row)
        session.flush()
        return row.as_dict()


def action_event_finish(context, instance_uuid, request_id, event_name,
                        values):
    with context_manager.writer.using(context) as session:
        action = _action_get_by_request_id(session, instance_uuid,
                                           request_id)
        if action is None:
            return None
        row = session.scalars(
            sa.select(models.InstanceActionEvent)
            .where(models.InstanceActionEvent.action_id == action.id,
                   models.InstanceActionEvent.event == event_name)
            .order_by(models.InstanceActionEvent.id.desc())).first()
        if row is None:
            return None
        for key, value in _clean(values).items():
            setattr(row, key, value)
        if values.get('result') == 'Error':
            action.message = 'Error'
        session.flush()
        return row.as_dict()


def action_events_get(context, action_id):
    with context_manager.reader.using(context) as session:
        return [r.as_dict() for r in session.scalars(
            sa.select(models.InstanceActionEvent)
            .where(models.InstanceActionEvent.action_id == action_id)
            .order_by(models.InstanceActionEvent.created_at.desc(),
                      models.InstanceActionEvent.id.desc()))]

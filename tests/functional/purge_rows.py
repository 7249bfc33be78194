"""A database of its own with live and soft-deleted rows, for the
`nova-lite-manage db purge` tests: SQLite in tests/functional, MariaDB and
PostgreSQL in tests/integration.

The schema comes from the real `nova-lite-manage db sync`; rows are written
and read through an engine of this module's own (never the process-wide
one a running in-process deployment uses), and the command under test runs
in its own process.
"""
import contextlib
import datetime
import subprocess
import sys
import time

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_lite.db import models

LONG_AGO = datetime.datetime(2020, 1, 1, 12, 0, 0)
NOW = datetime.datetime.utcnow()
# Every table a purge of the old instance, service and node touches.
PURGED_TABLES = ('instances', 'instance_actions', 'instance_actions_events',
                 'instance_faults', 'instance_tags', 'instance_group_member',
                 'console_auth_tokens', 'migrations', 'services',
                 'compute_nodes', 'allocations', 'block_device_mapping')
# Tables holding rows that belong to one instance, and the column naming it.
INSTANCE_TABLES = {
    models.InstanceAction: 'instance_uuid',
    models.InstanceFault: 'instance_uuid',
    models.InstanceTag: 'instance_uuid',
    models.InstanceGroupMember: 'instance_uuid',
    models.ConsoleAuthToken: 'instance_uuid',
    models.Migration: 'instance_uuid',
    models.Allocation: 'consumer_uuid',
    models.BlockDeviceMapping: 'instance_uuid',
}


@contextlib.contextmanager
def sqlite_database(workdir):
    """A Database on a new SQLite file under `workdir`."""
    database = Database('sqlite:///%s' % (workdir / 'nova-lite.sqlite'),
                        workdir)
    try:
        yield database
    finally:
        database.close()


class Database(object):
    """One database: its config file for nova-lite-manage and an engine."""

    def __init__(self, url, workdir):
        self.url = url
        self.config = workdir / 'purge-manage.conf'
        self.config.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                               'connection = %s\n' % (workdir, url))
        out = self.manage('db', 'sync')
        assert out.returncode == 0, out.stdout + out.stderr
        self.engine = sa.create_engine(url)

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, '-m', 'nova_lite.cmd.manage', '--config-file',
             str(self.config)] + list(args), capture_output=True, text=True,
            timeout=120)

    def close(self):
        self.engine.dispose()

    def insert(self, model, **values):
        with self.engine.begin() as conn:
            result = conn.execute(sa.insert(model.__table__).values(
                **values))
            return (result.inserted_primary_key or [None])[0]

    def soft_delete(self, model, row_id, when):
        with self.engine.begin() as conn:
            conn.execute(sa.update(model.__table__)
                         .where(model.__table__.c.id == row_id)
                         .values(deleted=row_id, deleted_at=when))

    def count(self, model, **where):
        table = model.__table__
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(
                table).where(*[table.c[k] == v for k, v in where.items()])
            ).scalar()

    def row(self, model, row_id):
        table = model.__table__
        with self.engine.connect() as conn:
            return conn.execute(sa.select(table).where(
                table.c.id == row_id)).mappings().first()

    def rows_of(self, instance_uuid):
        """{table: rows} of everything belonging to one instance (0s
        too)."""
        counts = {'instances': self.count(models.Instance,
                                          uuid=instance_uuid)}
        for model, column in INSTANCE_TABLES.items():
            counts[model.__tablename__] = self.count(
                model, **{column: instance_uuid})
        events = models.InstanceActionEvent.__table__
        actions = models.InstanceAction.__table__
        with self.engine.connect() as conn:
            counts['instance_actions_events'] = conn.execute(
                sa.select(sa.func.count()).select_from(events).where(
                    events.c.action_id.in_(sa.select(actions.c.id).where(
                        actions.c.instance_uuid == instance_uuid)))
            ).scalar()
        return counts

    # -- what the tests purge ------------------------------------------------

    def node(self, host, **values):
        values = dict(dict(vcpus=16, memory_mb=32768, local_gb=500), **values)
        return self.insert(models.ComputeNode,
                           uuid=uuidutils.generate_uuid(), host=host,
                           hypervisor_hostname=host, **values)

    def claim(self, consumer, node_id, vcpus=1, memory_mb=64, disk_gb=1):
        self.insert(models.Allocation, consumer_uuid=consumer,
                    compute_node_id=node_id, vcpus=vcpus,
                    memory_mb=memory_mb, disk_gb=disk_gb)
        table = models.ComputeNode.__table__
        with self.engine.begin() as conn:
            conn.execute(sa.update(table).where(table.c.id == node_id).values(
                vcpus_used=table.c.vcpus_used + vcpus,
                memory_mb_used=table.c.memory_mb_used + memory_mb,
                local_gb_used=table.c.local_gb_used + disk_gb))

    def instance(self, node_id, host, group_id, name):
        """An instance with an action and an event, a fault, a tag, group
        membership, a console token, a migration, a claim and its root
        block device mapping."""
        uuid = uuidutils.generate_uuid()
        self.insert(models.Instance, uuid=uuid, display_name=name,
                    project_id='p1', user_id='u1', host=host, node=host,
                    vm_state='active', memory_mb=64, vcpus=1, root_gb=1,
                    system_metadata='{"image_min_ram": "0"}',
                    extra='{"flavor": {}}', **{'metadata': '{"k": "v"}'})
        action = self.insert(models.InstanceAction, action='create',
                             instance_uuid=uuid, request_id='req-' + uuid,
                             user_id='u1', project_id='p1', start_time=NOW)
        self.insert(models.InstanceActionEvent, action_id=action,
                    event='compute_build_and_run_instance', start_time=NOW,
                    host=host)
        self.insert(models.InstanceFault, instance_uuid=uuid, code=500,
                    message='boom', host=host)
        self.insert(models.InstanceTag, instance_uuid=uuid, tag='t-' + name)
        self.insert(models.InstanceGroupMember, group_id=group_id,
                    instance_uuid=uuid)
        self.insert(models.ConsoleAuthToken,
                    token_hash=uuidutils.generate_uuid(),
                    console_type='novnc', host=host, port=5900,
                    instance_uuid=uuid, expires=int(time.time()) + 600)
        self.insert(models.Migration, uuid=uuidutils.generate_uuid(),
                    instance_uuid=uuid, status='confirmed',
                    migration_type='resize', source_compute=host,
                    dest_compute=host)
        self.claim(uuid, node_id)
        self.insert(models.BlockDeviceMapping, uuid=uuidutils.generate_uuid(),
                    instance_uuid=uuid, source_type='image',
                    destination_type='local', boot_index=0)
        return uuid

    def build(self):
        """Live rows, rows deleted LONG_AGO and rows deleted just now."""
        host = 'purge-host'
        node = self.node(host)
        group = self.insert(models.InstanceGroup,
                            uuid=uuidutils.generate_uuid(), name='g',
                            project_id='p1', user_id='u1',
                            policy='affinity')
        made = {'node': node, 'group': group}
        for name in ('live', 'old', 'recent'):
            made[name] = self.instance(node, host, group, name)
        for name, when in (('old', LONG_AGO), ('recent', NOW)):
            row_id = self.row_id(models.Instance, made[name])
            self.soft_delete(models.Instance, row_id, when)
        made['live_service'] = self.insert(
            models.Service, uuid=uuidutils.generate_uuid(), host=host,
            binary='nova-compute', topic='compute')
        made['gone_service'] = self.insert(
            models.Service, uuid=uuidutils.generate_uuid(),
            host='purge-gone-host', binary='nova-compute', topic='compute')
        made['gone_node'] = self.node('purge-gone-host')
        self.claim(uuidutils.generate_uuid(), made['gone_node'])
        made['stale_migration'] = self.insert(
            models.Migration, uuid=uuidutils.generate_uuid(),
            instance_uuid=made['live'], status='error',
            migration_type='migration')
        for model, key in ((models.Service, 'gone_service'),
                           (models.ComputeNode, 'gone_node'),
                           (models.Migration, 'stale_migration')):
            self.soft_delete(model, made[key], LONG_AGO)
        return made

    def row_id(self, model, uuid):
        table = model.__table__
        with self.engine.connect() as conn:
            return conn.execute(sa.select(table.c.id).where(
                table.c.uuid == uuid)).scalar()


def check_purge(db):
    """--before, then --all, then nothing left: what each removes and
    what stays (shared with the MariaDB/PostgreSQL test)."""
    made = db.build()
    live = db.rows_of(made['live'])
    recent = db.rows_of(made['recent'])
    assert all(db.rows_of(made['old']).values())
    assert all(live.values()) and all(recent.values())

    out = db.manage('db', 'purge', '--before', '2021-01-01', '--verbose')
    assert out.returncode == 0, out
    lines = out.stdout.splitlines()
    for table in PURGED_TABLES:
        assert any(line.startswith('DB: Deleted ') and
                   (' rows from %s based on timestamp column ' % table)
                   in line for line in lines), (table, lines)
    assert ('DB: Deleted 1 rows from instances based on timestamp column '
            'deleted_at') in lines
    # the old instance with everything of it, the old service and node
    assert not any(db.rows_of(made['old']).values())
    assert db.row(models.Service, made['gone_service']) is None
    assert db.row(models.ComputeNode, made['gone_node']) is None
    assert db.count(models.Allocation,
                    compute_node_id=made['gone_node']) == 0
    assert db.row(models.Migration, made['stale_migration']) is None
    # live rows and the recently deleted instance: untouched
    live['migrations'] -= 1          # the soft-deleted one went
    assert db.rows_of(made['live']) == live
    assert db.rows_of(made['recent']) == recent
    assert db.row(models.Service, made['live_service']) is not None
    assert db.row(models.InstanceGroup, made['group']) is not None
    # the old instance's leftover claim was given back to its live node
    node = db.row(models.ComputeNode, made['node'])
    assert (node['vcpus_used'], node['memory_mb_used'],
            node['local_gb_used']) == (2, 128, 2)

    out = db.manage('db', 'purge', '--before', '2021-01-01', '--verbose')
    assert (out.returncode, out.stdout) == (3, '')

    out = db.manage('db', 'purge', '--all')
    assert (out.returncode, out.stdout) == (0, '')
    assert not any(db.rows_of(made['recent']).values())
    assert db.rows_of(made['live']) == live
    node = db.row(models.ComputeNode, made['node'])
    assert (node['vcpus_used'], node['memory_mb_used']) == (1, 64)
    assert db.count(models.Instance) == 1

    out = db.manage('db', 'purge', '--all', '--verbose')
    assert (out.returncode, out.stdout) == (3, '')

"""The same migrations and queries on SQLite, MariaDB and PostgreSQL."""
import datetime
import threading

from alembic import autogenerate
from alembic import migration as alembic_migration
import pytest

from nova_lite import conf as nl_conf
from nova_lite import context as nl_context
from nova_lite.db import api as db_api
from nova_lite.db import migration
from nova_lite.db import models
from nova_lite import exception
from tests import conf as test_conf
from tests.integration import services

CONF = nl_conf.CONF


@pytest.fixture(scope='module', params=['sqlite', 'mysql', 'postgresql'])
def database(request, tmp_path_factory):
    if request.param == 'sqlite':
        path = tmp_path_factory.mktemp('db') / 'nova-lite.sqlite'
        manager = None
        url = 'sqlite:///%s' % path
    else:
        manager = services.DATABASES[request.param]()
        url = manager.__enter__()
    test_conf.parse_once()
    previous = CONF.database.connection
    CONF.set_override('connection', url, group='database')
    db_api.dispose()
    migration.db_sync(CONF)
    yield request.param
    db_api.dispose()
    CONF.set_override('connection', previous, group='database')
    if previous:
        db_api.configure(CONF)
    if manager is not None:
        manager.__exit__(None, None, None)


@pytest.fixture
def ctx():
    return nl_context.get_admin_context()


def test_schema_is_at_head_and_matches_models(database):
    from alembic import script
    scripts = script.ScriptDirectory.from_config(
        migration._config(None))
    assert migration.db_version(CONF) == ','.join(
        sorted(scripts.get_heads()))
    with db_api.get_engine().connect() as conn:
        mc = alembic_migration.MigrationContext.configure(conn)
        diff = autogenerate.compare_metadata(mc, models.Base.metadata)
    assert diff == []


def _node(ctx, vcpus=8):
    return db_api.compute_node_create(ctx, {
        'host': 'h-%s' % threading.get_ident(),
        'hypervisor_hostname': 'n-%d' % id(object()),
        'vcpus': vcpus, 'memory_mb': 100000, 'local_gb': 1000,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def test_concurrent_claims_never_overcommit(database, ctx):
    node = _node(ctx, vcpus=8)
    won, lost = [], []
    barrier = threading.Barrier(24)

    def claim(i):
        barrier.wait()
        consumer = '00000000-0000-0000-0000-%012d' % i
        try:
            db_api.claim_resources(ctx, consumer, node['id'], 1, 10, 1)
            won.append(consumer)
        except exception.ClaimFailed:
            lost.append(consumer)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 8 and len(lost) == 16
    used = db_api.compute_node_get(ctx, node['id'])
    assert (used['vcpus_used'], used['memory_mb_used'],
            used['local_gb_used']) == (8, 80, 8)
    for consumer in won:
        assert db_api.release_resources(ctx, consumer) == 1
        assert db_api.release_resources(ctx, consumer) == 0
    used = db_api.compute_node_get(ctx, node['id'])
    assert (used['vcpus_used'], used['memory_mb_used'],
            used['local_gb_used']) == (0, 0, 0)


def test_claim_respects_allocation_ratio_and_reserved(database, ctx):
    node = db_api.compute_node_create(ctx, {
        'host': 'ratio', 'hypervisor_hostname': 'ratio', 'vcpus': 2,
        'memory_mb': 1024, 'local_gb': 10, 'reserved_host_memory_mb': 512,
        'cpu_allocation_ratio': 4.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})
    db_api.claim_resources(ctx, 'a' * 36, node['id'], 8, 512, 1)
    with pytest.raises(exception.ClaimFailed):
        db_api.claim_resources(ctx, 'b' * 36, node['id'], 1, 0, 0)
    with pytest.raises(exception.ClaimFailed):
        db_api.claim_resources(ctx, 'c' * 36, node['id'], 0, 1, 0)


def test_claims_and_releases_show_in_changed_since(database, ctx):
    """What the scheduler's host-state cache re-reads: a node's claim,
    its release and a changed inventory report each bump updated_at; a
    report that changes nothing does not."""
    quiet, busy = [db_api.compute_node_create(ctx, {
        'host': name, 'hypervisor_hostname': name, 'vcpus': 8,
        'memory_mb': 1024, 'local_gb': 10}) for name in ('quiet', 'busy')]

    def changed_since(mark):
        return [r['id'] for r in db_api.compute_node_get_all(
            ctx, changed_since=mark) if r['id'] in (quiet['id'], busy['id'])]

    def mark():
        row = db_api.compute_node_get(ctx, busy['id'])
        return row['updated_at'] or row['created_at']

    start = mark()
    assert changed_since(start) == [busy['id']]  # created at `start`
    after = start + datetime.timedelta(microseconds=1)
    assert changed_since(after) == []
    db_api.claim_resources(ctx, 'd' * 36, busy['id'], 1, 10, 1)
    claimed = mark()
    assert claimed > start and changed_since(after) == [busy['id']]
    after = claimed + datetime.timedelta(microseconds=1)
    db_api.compute_node_update(ctx, busy['id'], {'vcpus': 8})  # unchanged
    assert changed_since(after) == []
    db_api.release_resources(ctx, 'd' * 36)
    assert changed_since(after) == [busy['id']]
    after = mark() + datetime.timedelta(microseconds=1)
    db_api.compute_node_update(ctx, quiet['id'], {'vcpus': 16})
    assert changed_since(after) == [quiet['id']]


def test_heartbeats_show_in_the_services_changed_since(database, ctx):
    service = db_api.service_create(ctx, {'host': 'beating',
                                          'binary': 'nova-compute',
                                          'topic': 'compute'})
    after = service['created_at'] + datetime.timedelta(microseconds=1)

    def changed():
        return [s['host'] for s in db_api.service_get_all(ctx, {
            'binary': 'nova-compute', 'changed_since': after.isoformat()})]
    assert 'beating' not in changed()
    db_api.service_heartbeat(ctx, service['id'])
    assert 'beating' in changed()


def _instance(ctx, name, project='p1', **extra):
    values = {'display_name': name, 'project_id': project,
              'vm_state': 'active', 'task_state': None}
    values.update(extra)
    return db_api.instance_create(ctx, values)


def test_instance_filters_sort_and_pagination(database, ctx):
    names = ['web-1', 'web-2', 'db-1', 'web-3', 'cache']
    rows = [_instance(ctx, n, project='filters') for n in names]
    got = db_api.instance_get_all_by_filters(
        ctx, {'project_id': 'filters', 'display_name': '^web'},
        sort_keys=['display_name'], sort_dirs=['asc'])
    assert [r['display_name'] for r in got] == ['web-1', 'web-2', 'web-3']
    page1 = db_api.instance_get_all_by_filters(
        ctx, {'project_id': 'filters'}, sort_keys=['display_name'],
        sort_dirs=['asc'], limit=2)
    page2 = db_api.instance_get_all_by_filters(
        ctx, {'project_id': 'filters'}, sort_keys=['display_name'],
        sort_dirs=['asc'], limit=2, marker=page1[-1]['uuid'])
    assert [r['display_name'] for r in page1 + page2] == [
        'cache', 'db-1', 'web-1', 'web-2']
    db_api.instance_destroy(ctx, rows[0]['uuid'])
    live = db_api.instance_get_all_by_filters(ctx, {'project_id': 'filters'})
    assert rows[0]['uuid'] not in [r['uuid'] for r in live]
    since = db_api.instance_get_all_by_filters(
        ctx, {'project_id': 'filters',
              'changes-since': rows[0]['created_at']})
    assert rows[0]['uuid'] in [r['uuid'] for r in since]
    with pytest.raises(exception.MarkerNotFound):
        db_api.instance_get_all_by_filters(ctx, {}, marker='nope')


def test_keypair_and_flavor_pages(database, ctx):
    """Every list query pages through pagination.paginate: markers by
    name (scoped to the user) and by flavorid, sorted on each backend."""
    for user, name in (('kp-u1', 'b'), ('kp-u1', 'a'), ('kp-u1', 'c'),
                       ('kp-u2', 'b')):
        db_api.key_pair_create(ctx, {'user_id': user, 'name': name,
                                     'fingerprint': 'f', 'public_key': 'k',
                                     'type': 'ssh'})
    page = db_api.key_pair_get_all_by_user(ctx, 'kp-u1', limit=1,
                                           marker='a')
    assert [k['name'] for k in page] == ['b']
    assert [k['name'] for k in db_api.key_pair_get_all_by_user(
        ctx, 'kp-u2', marker='b')] == []
    with pytest.raises(exception.MarkerNotFound):
        db_api.key_pair_get_all_by_user(ctx, 'kp-u2', marker='a')
    for flavorid, memory in (('pg-3', 300), ('pg-1', 100), ('pg-2', 300)):
        db_api.flavor_create(ctx, {'flavorid': flavorid, 'name': flavorid,
                                   'memory_mb': memory, 'vcpus': 1,
                                   'root_gb': 1})
    ours = [f for f in db_api.flavor_get_all(
        ctx, sort_key='memory_mb', sort_dir='desc')
        if f['flavorid'].startswith('pg-')]
    # Equal memory: the id (creation order) breaks the tie, descending.
    assert [f['flavorid'] for f in ours] == ['pg-2', 'pg-3', 'pg-1']
    after = db_api.flavor_get_all(ctx, sort_key='memory_mb', sort_dir='desc',
                                  marker='pg-2', limit=1)
    assert [f['flavorid'] for f in after] == ['pg-3']
    with pytest.raises(exception.MarkerNotFound):
        db_api.flavor_get_all(ctx, marker='no-such-flavor')


def test_instance_update_checks_expected_task_state(database, ctx):
    row = _instance(ctx, 'cas', task_state='scheduling')
    db_api.instance_update(
        ctx, row['uuid'], {'task_state': 'networking'},
        expected_task_state=['scheduling'])
    with pytest.raises(exception.UnexpectedTaskStateError):
        db_api.instance_update(
            ctx, row['uuid'], {'task_state': 'spawning'},
            expected_task_state=['scheduling'])
    db_api.instance_update(
        ctx, row['uuid'], {'task_state': 'deleting'})
    with pytest.raises(exception.UnexpectedDeletingTaskStateError):
        db_api.instance_update(
            ctx, row['uuid'], {'task_state': None},
            expected_task_state=['spawning'])


def test_service_soft_delete_allows_recreate(database, ctx):
    svc = db_api.service_create(ctx, {'host': 'sd', 'binary': 'b',
                                      'topic': 't'})
    with pytest.raises(exception.ServiceBinaryExists):
        db_api.service_create(ctx, {'host': 'sd', 'binary': 'b',
                                    'topic': 't2'})
    db_api.service_destroy(ctx, svc['id'])
    again = db_api.service_create(ctx, {'host': 'sd', 'binary': 'b',
                                        'topic': 't'})
    assert again['id'] != svc['id']
    beat = db_api.service_heartbeat(ctx, again['id'])
    assert beat['report_count'] == 1 and beat['last_seen_up']


def test_event_start_and_finish_racing_make_one_event(database, ctx):
    """The compute casts an event's start and finish; the conductor may
    handle both at once. Either order gives one complete event."""
    row = _instance(ctx, 'events')
    for i in range(15):
        request_id = 'req-race-%d' % i
        db_api.action_start(ctx, {'action': 'reboot',
                                  'instance_uuid': row['uuid'],
                                  'request_id': request_id})
        barrier = threading.Barrier(2)
        now = datetime.datetime(2026, 1, 1, 0, 0, i)

        def start():
            barrier.wait()
            db_api.action_event_start(ctx, row['uuid'], request_id, {
                'event': 'compute_reboot', 'start_time': now})

        def finish():
            barrier.wait()
            db_api.action_event_finish(ctx, row['uuid'], request_id,
                                       'compute_reboot', {
                                           'finish_time': now,
                                           'result': 'Success'})
        threads = [threading.Thread(target=start),
                   threading.Thread(target=finish)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        action = db_api.action_get_by_request_id(ctx, row['uuid'],
                                                 request_id)
        events = db_api.action_events_get(ctx, action['id'])
        assert [(e['start_time'] is not None, e['finish_time'] is not None,
                 e['result']) for e in events] == [(True, True, 'Success')]

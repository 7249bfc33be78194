"""os-migrations and server migration bodies per microversion."""
import datetime

import webob

from nova_lite.api import microversion
from nova_lite.api.views import migrations as views
from nova_lite import objects

objects.register_all()

WHEN = datetime.datetime(2026, 11, 28, 12, 0, 1, 5)


def _migration(**kw):
    values = dict(id=7, uuid='11111111-2222-3333-4444-555555555555',
                  source_compute='fc1', source_node='fc1',
                  dest_compute='fc2', dest_node='fc2', dest_host='10.0.0.2',
                  old_instance_type_id=1, new_instance_type_id=2,
                  instance_uuid='aaaaaaaa-2222-3333-4444-555555555555',
                  status='finished', migration_type='resize', hidden=False,
                  cross_cell_move=False, user_id='alice',
                  project_id='project-a', created_at=WHEN, updated_at=WHEN)
    values.update(kw)
    return objects.Migration(**values)


def _at(version):
    return lambda v: microversion.APIVersion(version) >= \
        microversion.APIVersion(v)


BASE_KEYS = {'created_at', 'dest_compute', 'dest_host', 'dest_node', 'id',
             'instance_uuid', 'new_instance_type_id', 'old_instance_type_id',
             'source_compute', 'source_node', 'status', 'updated_at'}


def test_os_migration_keys_per_version():
    req = webob.Request.blank('/v2.1/os-migrations')
    mig = _migration()
    assert set(views.os_migration(req, mig, _at('2.1'))) == BASE_KEYS
    assert set(views.os_migration(req, mig, _at('2.23'))) == \
        BASE_KEYS | {'migration_type'}
    assert set(views.os_migration(req, mig, _at('2.59'))) == \
        BASE_KEYS | {'migration_type', 'uuid'}
    body = views.os_migration(req, mig, _at('2.80'))
    assert set(body) == BASE_KEYS | {'migration_type', 'uuid', 'user_id',
                                     'project_id'}
    assert body['created_at'] == '2026-11-28T12:00:01.000005'


def test_only_in_progress_live_migrations_have_links():
    req = webob.Request.blank('/v2.1/os-migrations')
    live = _migration(migration_type='live-migration', status='running')
    body = views.os_migration(req, live, _at('2.23'))
    assert body['links'][0]['href'].endswith(
        '/v2.1/servers/%s/migrations/7' % live.instance_uuid)
    done = _migration(migration_type='live-migration', status='completed')
    assert 'links' not in views.os_migration(req, done, _at('2.23'))


def test_hidden_migrations_are_not_listed():
    req = webob.Request.blank('/v2.1/os-migrations')
    body = views.os_migrations(req, [_migration(hidden=True)], _at('2.1'),
                               False)
    assert body == {'migrations': []}


def test_server_migration_body():
    body = views.server_migration(_migration(), _at('2.23'))
    assert body['server_uuid'] == 'aaaaaaaa-2222-3333-4444-555555555555'
    assert body['memory_total_bytes'] is None
    assert 'uuid' not in body
    assert 'uuid' in views.server_migration(_migration(), _at('2.59'))

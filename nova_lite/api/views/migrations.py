"""Migration bodies as Nova shapes them: GET /os-migrations (2.23
migration_type and links for in-progress live migrations, 2.59 uuid and
paging links, 2.80 user_id/project_id) and GET /servers/{id}/migrations
(2.23; 2.59 uuid, 2.80 user_id/project_id)."""
from nova_lite.api import microversion
from nova_lite.api.views import links

CHANGES = microversion.Changes({
    'migration_type': '2.23',   # and links of in-progress live migrations
    'paging': '2.59',           # uuid; limit, marker, changes-since
    'changes_before': '2.66',
    'owner': '2.80',            # user_id, project_id; and their filters
})

# Nova's in-progress states of a live migration (the only migrations with
# links and the only ones /servers/{id}/migrations lists).
LIVE_MIGRATION_IN_PROGRESS = ('queued', 'preparing', 'running',
                              'post-migrating')


def strtime(value):
    if value is None:
        return None
    return value.replace(tzinfo=None).strftime('%Y-%m-%dT%H:%M:%S.%f')


def os_migration(request, migration, at_least):
    """One migration of GET /os-migrations; at_least('2.x') tells the
    request's version."""
    changes = CHANGES.where(at_least)
    body = {
        'created_at': strtime(migration.created_at),
        'dest_compute': migration.dest_compute,
        'dest_host': migration.dest_host,
        'dest_node': migration.dest_node,
        'id': migration.id,
        'instance_uuid': migration.instance_uuid,
        'new_instance_type_id': migration.new_instance_type_id,
        'old_instance_type_id': migration.old_instance_type_id,
        'source_compute': migration.source_compute,
        'source_node': migration.source_node,
        'status': migration.status,
        'updated_at': strtime(migration.updated_at),
    }
    if 'migration_type' in changes:
        body['migration_type'] = migration.migration_type
        if migration.migration_type == 'live-migration' and \
                migration.status in LIVE_MIGRATION_IN_PROGRESS:
            body['links'] = links.resource_links(
                request, 'servers/%s/migrations' % migration.instance_uuid,
                migration.id)
    _add_uuid_and_owner(body, migration, changes)
    return body


def os_migrations(request, migrations, at_least, next_ok):
    body = {'migrations': [os_migration(request, m, at_least)
                           for m in migrations if not m.hidden]}
    if 'paging' in CHANGES.where(at_least) and next_ok and migrations:
        body['migrations_links'] = links.next_link(
            request, 'os-migrations', migrations[-1].uuid)
    return body


def _add_uuid_and_owner(body, migration, changes):
    if 'paging' in changes:
        body['uuid'] = migration.uuid
    if 'owner' in changes:
        body['user_id'] = migration.user_id
        body['project_id'] = migration.project_id


def server_migration(migration, at_least):
    body = {
        'created_at': strtime(migration.created_at),
        'dest_compute': migration.dest_compute,
        'dest_host': migration.dest_host,
        'dest_node': migration.dest_node,
        'disk_processed_bytes': None,
        'disk_remaining_bytes': None,
        'disk_total_bytes': None,
        'id': migration.id,
        'memory_processed_bytes': None,
        'memory_remaining_bytes': None,
        'memory_total_bytes': None,
        'server_uuid': migration.instance_uuid,
        'source_compute': migration.source_compute,
        'source_node': migration.source_node,
        'status': migration.status,
        'updated_at': strtime(migration.updated_at),
    }
    _add_uuid_and_owner(body, migration, CHANGES.where(at_least))
    return body

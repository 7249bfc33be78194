"""/servers/{server_id}/migrations[/{migration_id}] (2.23, admin): the
server's in-progress live migrations, as Nova lists them (a resize or
cold migration is never listed here; GET /os-migrations shows those)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import server_subresources
from nova_lite.api.views import migrations as views
from nova_lite import exception
from nova_lite.policies import migrations as policies


def index(server_id):
    ctx = base.context()
    ctx.can(policies.SERVER_MIGRATIONS % 'index',
            {'project_id': ctx.project_id})
    base.compute_api().get(ctx, server_id)
    migrations = base.compute_api().get_migrations_in_progress_by_instance(
        ctx, server_id, 'live-migration')
    return base.reply({'migrations': [
        views.server_migration(m, base.at_least) for m in migrations
        if m.status in views.LIVE_MIGRATION_IN_PROGRESS]})


def show(server_id, migration_id):
    ctx = base.context()
    ctx.can(policies.SERVER_MIGRATIONS % 'show',
            {'project_id': ctx.project_id})
    base.compute_api().get(ctx, server_id)
    not_found = exception.NotFound(
        'In-progress live migration %s is not found for server %s.' %
        (migration_id, server_id))
    try:
        number = int(migration_id)
    except ValueError:
        raise not_found
    try:
        migration = base.compute_api().get_migration_by_id_and_instance(
            ctx, number, server_id)
    except exception.MigrationNotFound:
        raise not_found
    if migration.migration_type != 'live-migration':
        raise exception.NotFound(
            'Migration %s for server %s is not live-migration.' %
            (migration_id, server_id))
    if migration.status not in views.LIVE_MIGRATION_IN_PROGRESS:
        raise exception.NotFound(
            'Live migration %s for server %s is not in progress.' %
            (migration_id, server_id))
    return base.reply({'migration': views.server_migration(
        migration, base.at_least)})


server_subresources.register('migrations', server_subresources.Resource(
    collection={'GET': index}, item={'GET': show}, min_version='2.23'))

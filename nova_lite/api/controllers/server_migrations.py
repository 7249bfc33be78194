"""/servers/{server_id}/migrations[/{migration_id}] (2.23, admin): the
server's in-progress live migrations, as Nova lists them (a resize or
cold migration is never listed here; GET /os-migrations shows those)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers import server_lookup
from nova_lite.api.controllers import server_subresources
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.views import migrations as views
from nova_lite import exception
from nova_lite.policies import migrations as policies


def index(server_id):
    ctx = base.context()
    server_lookup.instance_for(ctx, server_id,
                               policies.SERVER_MIGRATIONS % 'index',
                               server_lookup.CALLER_PROJECT)
    migrations = base.compute_api().get_migrations_in_progress_by_instance(
        ctx, server_id, 'live-migration')
    return base.reply({'migrations': [
        views.server_migration(m, microversion.current().at_least)
        for m in migrations
        if m.status in views.LIVE_MIGRATION_IN_PROGRESS]})


def _not_found(migration_id, server_id):
    return exception.NotFound(
        'In-progress live migration %s is not found for server %s.' %
        (migration_id, server_id))


@faults.answers({exception.MigrationNotFound:
                 lambda exc, server_id, migration_id:
                 _not_found(migration_id, server_id)})
def show(server_id, migration_id):
    ctx = base.context()
    server_lookup.instance_for(ctx, server_id,
                               policies.SERVER_MIGRATIONS % 'show',
                               server_lookup.CALLER_PROJECT)
    try:
        number = int(migration_id)
    except ValueError:
        raise _not_found(migration_id, server_id)
    migration = base.compute_api().get_migration_by_id_and_instance(
        ctx, number, server_id)
    if migration.migration_type != 'live-migration':
        raise exception.NotFound(
            'Migration %s for server %s is not live-migration.' %
            (migration_id, server_id))
    if migration.status not in views.LIVE_MIGRATION_IN_PROGRESS:
        raise exception.NotFound(
            'Live migration %s for server %s is not in progress.' %
            (migration_id, server_id))
    return base.reply({'migration': views.server_migration(
        migration, microversion.current().at_least)})


server_subresources.register('migrations', routing.Resource(
    collection={'GET': index}, item={'GET': show},
    versions=microversion.Range('2.23')))

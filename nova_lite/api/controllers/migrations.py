"""GET /os-migrations (admin): every migration, filtered by host, status,
instance_uuid, source_compute, migration_type, hidden; 2.59 pages by
limit/marker (uuid) newest first and filters by changes-since; 2.66
changes-before; 2.80 user_id/project_id."""
import pecan

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api import microversion
from nova_lite.api.schemas import migrations as schemas
from nova_lite.api import validation
from nova_lite.api.views import migrations as views
from nova_lite import exception
from nova_lite.policies import migrations as policies

_FILTERS = ('host', 'status', 'instance_uuid', 'source_compute',
            'migration_type', 'user_id', 'project_id')


def _limit(params):
    value = params.get('limit')
    if value is None:
        return api_conf.get().api.max_limit
    if not value.isdigit():
        raise exception.ValidationError(
            detail="Invalid input for query parameters limit. Value: %s. "
                   "'%s' does not match '^[0-9]*$'" % (value, value))
    return min(int(value), api_conf.get().api.max_limit)


def list_migrations():
    ctx = base.context()
    ctx.can(policies.MIGRATIONS_INDEX, {'project_id': ctx.project_id})
    params = pecan.request.GET
    changes = views.CHANGES.current()
    allowed = schemas.LIST_QUERY.current()
    validation.validate_query(params, allowed, 'paging' in changes)
    filters = {k: params[k] for k in _FILTERS
               if k in params and k in allowed}
    if 'hidden' in params:
        filters['hidden'] = base.bool_param('hidden', params['hidden'])
    else:
        filters['hidden'] = False
    sort_keys = sort_dirs = limit = marker = None
    if 'paging' in changes:
        for key in ('changes-since', 'changes-before'):
            if key in params and key in allowed:
                filters[key] = base.time_param(params, key)
        if 'changes-since' in filters and 'changes-before' in filters and \
                filters['changes-before'] < filters['changes-since']:
            raise exception.ValidationError(
                detail='The value of changes-since must be less than or '
                       'equal to changes-before.')
        sort_keys, sort_dirs = ['created_at', 'id'], ['desc', 'desc']
        limit = _limit(params)
        marker = params.get('marker')
    migrations = list(base.compute_api().get_migrations(
        ctx, filters, sort_keys=sort_keys, sort_dirs=sort_dirs, limit=limit,
        marker=marker))
    next_ok = limit is not None and bool(migrations) and \
        len(migrations) == limit
    return base.reply(views.os_migrations(
        pecan.request, migrations, microversion.current().at_least,
        next_ok))


class MigrationsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_migrations()

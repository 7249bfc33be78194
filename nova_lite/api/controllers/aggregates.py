"""/os-aggregates: host aggregates (admin). CRUD, and the add_host,
remove_host and set_metadata actions; uuid shown from 2.41."""
import pecan

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api.schemas import aggregates as agg_schemas
from nova_lite.api import validation
from nova_lite.api.views import aggregates as agg_views
from nova_lite.compute import aggregates as aggregate_api
from nova_lite import exception
from nova_lite.policies import aggregates as agg_policy

_API = aggregate_api.AggregateAPI()


def _views():
    return agg_views.ViewBuilder(pecan.request)


def _authorize(ctx, action):
    ctx.can(agg_policy.POLICY_ROOT % action, target={})


def _int_id(aggregate_id):
    try:
        return int(aggregate_id)
    except (TypeError, ValueError):
        raise exception.InvalidInput(reason='id must be an integer')


def _check_az_name(zone):
    if zone is not None and ':' in zone:
        raise exception.ValidationError(
            detail="An invalid 'name' value was provided. The name must be: "
                   "printable characters except :.")


def list_aggregates():
    ctx = base.context()
    _authorize(ctx, 'index')
    return base.reply(_views().index(_API.get_aggregate_list(ctx)))


def create_aggregate():
    ctx = base.context()
    _authorize(ctx, 'create')
    body = base.body()
    validation.validate(body, agg_schemas.CREATE)
    spec = body['aggregate']
    _check_az_name(spec.get('availability_zone'))
    aggregate = _API.create_aggregate(ctx, spec['name'],
                                      spec.get('availability_zone'))
    return base.reply(_views().show(aggregate, with_members=False))


def show_aggregate(aggregate_id):
    ctx = base.context()
    _authorize(ctx, 'show')
    aggregate = _API.get_aggregate(ctx, _int_id(aggregate_id))
    return base.reply(_views().show(aggregate))


def update_aggregate(aggregate_id):
    ctx = base.context()
    _authorize(ctx, 'update')
    body = base.body()
    validation.validate(body, agg_schemas.UPDATE)
    updates = dict(body['aggregate'])
    if 'name' in updates:
        updates['name'] = updates['name'].strip()
    _check_az_name(updates.get('availability_zone'))
    aggregate = _API.update_aggregate(ctx, _int_id(aggregate_id), updates)
    return base.reply(_views().show(aggregate))


def delete_aggregate(aggregate_id):
    ctx = base.context()
    _authorize(ctx, 'delete')
    _API.delete_aggregate(ctx, _int_id(aggregate_id))
    return base.empty_200()


@faults.answers({exception.InvalidAggregateAction: 409})
def _add_host(ctx, aggregate_id, body):
    validation.validate(body, agg_schemas.ADD_HOST)
    _authorize(ctx, 'add_host')
    return _API.add_host_to_aggregate(ctx, _int_id(aggregate_id),
                                      body['add_host']['host'])


def _cannot_remove(exc, ctx, aggregate_id, body):
    return exception.HTTPFault(
        404, 'Cannot remove host %s in aggregate %s'
        % (body['remove_host']['host'], aggregate_id))


@faults.answers({exception.NotFound: _cannot_remove,
                 exception.InvalidAggregateAction: 409})
def _remove_host(ctx, aggregate_id, body):
    validation.validate(body, agg_schemas.REMOVE_HOST)
    _authorize(ctx, 'remove_host')
    return _API.remove_host_from_aggregate(
        ctx, _int_id(aggregate_id), body['remove_host']['host'])


def _set_metadata(ctx, aggregate_id, body):
    validation.validate(body, agg_schemas.SET_METADATA)
    _authorize(ctx, 'set_metadata')
    metadata = body['set_metadata']['metadata']
    if 'availability_zone' in metadata:
        _check_az_name(metadata['availability_zone'])
    return _API.update_aggregate_metadata(ctx, _int_id(aggregate_id),
                                          metadata)


_ACTIONS = {'add_host': _add_host, 'remove_host': _remove_host,
            'set_metadata': _set_metadata}


def aggregate_action(aggregate_id):
    ctx = base.context()
    body = base.body()
    names = [name for name in body if name in _ACTIONS]
    if len(names) != 1:
        raise exception.ValidationError(
            detail='There is no such action: %s' % ', '.join(sorted(body)))
    aggregate = _ACTIONS[names[0]](ctx, aggregate_id, body)
    return base.reply(_views().show(aggregate))


SUBRESOURCES = routing.SubResources({
    'action': routing.Resource(collection={'POST': aggregate_action}),
})


class AggregateController(object):
    def __init__(self, aggregate_id):
        self.aggregate_id = aggregate_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_aggregate(self.aggregate_id)

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return update_aggregate(self.aggregate_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_aggregate(self.aggregate_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        return SUBRESOURCES.lookup(self.aggregate_id, name, remainder)


class AggregatesController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_aggregates()

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_aggregate()

    @pecan.expose()
    def _lookup(self, aggregate_id, *remainder):
        return AggregateController(aggregate_id), remainder

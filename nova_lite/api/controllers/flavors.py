"""/flavors: list, detail, show (everyone); create and delete
(os-flavor-manage, admin by default)."""
import uuid

import pecan
from oslo_utils import strutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import flavor_extras
from nova_lite.api import faults
from nova_lite.api.schemas import flavors as flavor_schemas
from nova_lite.api import validation
from nova_lite.api.views import flavors as flavor_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavors as flavor_policy

_SORT_KEYS = ('created_at', 'description', 'disabled', 'ephemeral_gb',
              'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb',
              'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus')
_QUERY = {'is_public', 'minRam', 'minDisk', 'sort_key', 'sort_dir',
          'limit', 'marker'}


def _views():
    return flavor_views.ViewBuilder(pecan.request, base.context())


def _is_public(value):
    """Nova's is_public filter: default True, "none" means all."""
    if value is None:
        return True
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid is_public filter [%s]' % value)


def _min_filter(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise exception.ValidationError(
            detail='Invalid %s filter [%s]' % (name, value))
    return number


def _marker_not_found(exc, *args, **kwargs):
    return exception.ValidationError(
        detail='marker [%s] not found' % pecan.request.GET.get('marker'))


@faults.answers({exception.MarkerNotFound: _marker_not_found})
def list_flavors(detail):
    ctx = base.context()
    params = pecan.request.GET
    changes = flavor_views.CHANGES.current()
    validation.validate_query(
        params, _QUERY | {'name'} if 'name_filter' in changes else _QUERY)
    filters = {}
    if 'name_filter' in changes and 'name' in params:
        filters['name'] = params['name']
    is_public = _is_public(params.get('is_public'))
    if ctx.can(flavor_policy.ACCESS, fatal=False):
        if is_public is not None:
            filters['is_public'] = is_public
    else:
        # Non-admins see public flavors and private ones shared with
        # their project.
        filters['is_public'] = True
    if filters.get('is_public'):
        filters['project_id'] = ctx.project_id
    min_ram = _min_filter(params, 'minRam')
    if min_ram is not None:
        filters['min_memory_mb'] = min_ram
    min_disk = _min_filter(params, 'minDisk')
    if min_disk is not None:
        filters['min_root_gb'] = min_disk
    sort_key = params.get('sort_key', 'flavorid')
    sort_dir = params.get('sort_dir', 'asc')
    sort_keys = [k for k in _SORT_KEYS
                 if k != 'rxtx_factor' or 'rxtx_factor' in changes]
    for name, value, allowed in (('sort_key', sort_key, sort_keys),
                                 ('sort_dir', sort_dir, ['asc', 'desc'])):
        if value not in allowed:
            raise exception.ValidationError(
                detail="Invalid input for query parameters %s. Value: %s. "
                       "'%s' is not one of %s" % (name, value, value,
                                                  allowed))
    limit, marker = base.get_limit_and_marker(params,
                                              api_conf.get().api.max_limit)
    flavors = list(objects.FlavorList.get_all(
        ctx, filters=filters, sort_key=sort_key, sort_dir=sort_dir,
        limit=limit, marker=marker))
    next_ok = bool(flavors) and len(flavors) == limit
    return base.reply(_views().index(flavors, next_ok, detail=detail))


def show_flavor(flavor_id):
    ctx = base.context()
    flavor = objects.Flavor.get_by_flavor_id(ctx, flavor_id)
    return base.reply({'flavor': _views().show(flavor)})


def _int(value):
    return int(value)


def create_flavor():
    ctx = base.context()
    ctx.can(flavor_policy.MANAGE % 'create', target={})
    body = base.body()
    validation.validate(body, flavor_schemas.CREATE.current())
    spec = body['flavor']
    values = {
        'name': spec['name'].strip(),
        'memory_mb': _int(spec['ram']),
        'vcpus': _int(spec['vcpus']),
        'root_gb': _int(spec['disk']),
        'ephemeral_gb': _int(spec.get('OS-FLV-EXT-DATA:ephemeral', 0)),
        'swap': _int(spec.get('swap', 0)),
        'rxtx_factor': float(spec.get('rxtx_factor', 1.0)),
        'is_public': strutils.bool_from_string(
            spec.get('os-flavor-access:is_public', True), strict=False),
    }
    for name, api_name in (('memory_mb', 'ram'), ('vcpus', 'vcpus')):
        if values[name] < 1:
            raise exception.ValidationError(
                detail='Invalid input for field/attribute %s. Value: %s. '
                       '%s is less than the minimum of 1'
                       % (api_name, spec[api_name], values[name]))
    if values['rxtx_factor'] <= 0:
        raise exception.ValidationError(
            detail='Invalid input for field/attribute rxtx_factor.')
    flavorid = spec.get('id')
    if flavorid is None:
        flavorid = str(uuid.uuid4())
    values['flavorid'] = str(flavorid)
    if 'description' in spec:
        values['description'] = spec['description']
    flavor = objects.Flavor(context=ctx, disabled=False, extra_specs={},
                            **values)
    flavor.create()
    return base.reply({'flavor': _views().show(flavor)})


def delete_flavor(flavor_id):
    ctx = base.context()
    ctx.can(flavor_policy.MANAGE % 'delete', target={})
    flavor = objects.Flavor.get_by_flavor_id(ctx, flavor_id)
    flavor.destroy()
    return base.reply(status=202)


class FlavorController(object):
    def __init__(self, flavor_id):
        self.flavor_id = flavor_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_flavor(self.flavor_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_flavor(self.flavor_id)

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return flavor_extras.update_flavor(self.flavor_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        # os-extra_specs, os-flavor-access, action (flavor_extras)
        return flavor_extras.SUBRESOURCES.lookup(self.flavor_id, name,
                                                 remainder)


class FlavorsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_flavors(detail=False)

    @index.when(method='POST')
    def index_post(self, *args, **kwargs):
        return create_flavor()

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        base.no_route()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        return list_flavors(detail=True)

    @pecan.expose()
    def _lookup(self, flavor_id, *remainder):
        return FlavorController(flavor_id), remainder

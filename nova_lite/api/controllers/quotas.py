"""os-quota-sets, os-quota-class-sets and /limits."""
import pecan
from oslo_utils import strutils

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import microversion
from nova_lite.api.schemas import quotas as quota_schemas
from nova_lite.api import validation
from nova_lite.api.views import quotas as quota_views
from nova_lite.compute import quotas
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import quotas as quota_policy

QUOTA_SETS = quota_policy.QUOTA_SETS
QUOTA_CLASS_SETS = quota_policy.QUOTA_CLASS_SETS
_version = microversion.current


def _user_id(allowed=('user_id',)):
    params = pecan.request.GET
    validation.validate_query(params, set(allowed))
    return params.get('user_id') or None


def _limits(ctx, project_id, user_id, usages=False):
    if user_id:
        return quotas.get_user_quotas(ctx, project_id, user_id,
                                      usages=usages)
    return quotas.get_project_quotas(ctx, project_id, usages=usages)


# -- os-quota-sets ----------------------------------------------------------

def show_quota_set(project_id, detail=False):
    ctx = base.context()
    ctx.can(QUOTA_SETS % ('detail' if detail else 'show'),
            target={'project_id': project_id})
    user_id = _user_id()
    values = _limits(ctx, project_id, user_id, usages=detail)
    return base.reply(quota_views.quota_set(_version(), values,
                                            project_id))


def show_defaults(project_id):
    ctx = base.context()
    ctx.can(QUOTA_SETS % 'defaults', target={'project_id': project_id})
    values = quotas.get_defaults(ctx)
    return base.reply(quota_views.quota_set(_version(), values,
                                            project_id))


def update_quota_set(project_id):
    ctx = base.context()
    ctx.can(QUOTA_SETS % 'update', target={'project_id': project_id})
    user_id = _user_id()
    body = base.body()
    validation.validate(body, quota_schemas.quota_set_update(_version()))
    requested = body['quota_set']
    force = strutils.bool_from_string(requested.get('force', False))
    wanted = {}
    for resource, value in requested.items():
        if resource == 'force' or (not value and value != 0):
            continue
        wanted[resource] = int(value)
    if wanted and not force:
        ranges = quotas.settable_range(ctx, project_id, user_id=user_id)
        for resource, value in wanted.items():
            minimum, maximum = ranges.get(resource, (0, -1))
            quotas.validate_limit(resource, value, minimum, maximum)
    else:
        for resource, value in wanted.items():
            quotas.validate_limit(resource, value, 0, -1)
    for resource, value in wanted.items():
        objects.Quotas.set_limit(ctx, project_id, resource, value,
                                 user_id=user_id)
    values = _limits(ctx, project_id, user_id)
    return base.reply(quota_views.quota_set(_version(), values))


def delete_quota_set(project_id):
    ctx = base.context()
    ctx.can(QUOTA_SETS % 'delete', target={'project_id': project_id})
    user_id = _user_id()
    if user_id:
        objects.Quotas.destroy_all_by_project_and_user(ctx, project_id,
                                                       user_id)
    else:
        objects.Quotas.destroy_all_by_project(ctx, project_id)
    return base.reply(status=202)


def show_quota_detail(project_id):
    return show_quota_set(project_id, detail=True)


SUBRESOURCES = routing.SubResources({
    'detail': routing.Resource(collection={'GET': show_quota_detail}),
    'defaults': routing.Resource(collection={'GET': show_defaults}),
})


class QuotaSetController(object):
    def __init__(self, project_id):
        self.project_id = project_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_quota_set(self.project_id)

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return update_quota_set(self.project_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_quota_set(self.project_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        # detail, defaults
        return SUBRESOURCES.lookup(self.project_id, name, remainder)


class QuotaSetsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        pecan.abort(404)

    @pecan.expose()
    def _lookup(self, project_id, *remainder):
        return QuotaSetController(project_id), remainder


# -- os-quota-class-sets ----------------------------------------------------

def show_quota_class(class_name):
    ctx = base.context()
    ctx.can(QUOTA_CLASS_SETS % 'show', target={'quota_class': class_name})
    values = quotas.get_class_quotas(ctx, class_name)
    return base.reply(quota_views.quota_class_set(_version(), values,
                                                  class_name))


def update_quota_class(class_name):
    ctx = base.context()
    ctx.can(QUOTA_CLASS_SETS % 'update', target={'quota_class': class_name})
    body = base.body()
    validation.validate(body,
                        quota_schemas.quota_class_update(_version()))
    for resource, value in body['quota_class_set'].items():
        value = int(value)
        quotas.validate_limit(resource, value, 0, -1)
        objects.Quotas.set_class_limit(ctx, class_name, resource, value)
    values = quotas.get_class_quotas(ctx, class_name)
    return base.reply(quota_views.quota_class_set(_version(), values))


class QuotaClassController(object):
    def __init__(self, class_name):
        self.class_name = class_name

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_quota_class(self.class_name)

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return update_quota_class(self.class_name)


class QuotaClassSetsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        pecan.abort(404)

    @pecan.expose()
    def _lookup(self, class_name, *remainder):
        if len(class_name) > 255:
            raise exception.ValidationError(
                detail='Invalid quota class name.')
        return QuotaClassController(class_name), remainder


# -- /limits ----------------------------------------------------------------

def show_limits():
    ctx = base.context()
    params = pecan.request.GET
    validation.validate_query(params, {'tenant_id', 'reserved'})
    ctx.can(quota_policy.LIMITS, target={'project_id': ctx.project_id})
    project_id = ctx.project_id
    if 'tenant_id' in params:
        project_id = params['tenant_id']
        ctx.can(quota_policy.LIMITS_OTHER_PROJECT,
                target={'project_id': project_id})
    values = quotas.get_project_quotas(ctx, project_id, usages=True)
    return base.reply(quota_views.limits(_version(), values))


class LimitsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_limits()

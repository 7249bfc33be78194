"""Flavor update (PUT /flavors/{id}, 2.55), extra specs
(/flavors/{id}/os-extra_specs) and flavor access
(/flavors/{id}/os-flavor-access, addTenantAccess/removeTenantAccess)."""
import pecan

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import extra_specs as extra_spec_validators
from nova_lite.api.microversion import versioned
from nova_lite.api.schemas import flavor_extras as schemas
from nova_lite.api import validation
from nova_lite.api.views import flavors as flavor_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import flavors as flavor_policy

EXTRA_SPECS = flavor_policy.EXTRA_SPECS
ACCESS = flavor_policy.ACCESS


def _flavor(ctx, flavor_id):
    return objects.Flavor.get_by_flavor_id(ctx, flavor_id)


# -- PUT /flavors/{id} --------------------------------------------------------

@versioned(min='2.55')
def update_flavor(flavor_id):
    ctx = base.context()
    ctx.can(flavor_policy.MANAGE % 'update', target={})
    body = base.body()
    validation.validate(body, schemas.flavor_update)
    flavor = _flavor(ctx, flavor_id)
    flavor.description = body['flavor']['description']
    flavor.save()
    view = flavor_views.ViewBuilder(pecan.request, ctx)
    return base.reply({'flavor': view.show(flavor)})


# -- extra specs --------------------------------------------------------------

def _check_values(specs):
    """Numbers are stored as strings of at most 255 characters; from 2.86
    known namespaces are validated key by key."""
    for key, value in specs.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and len(str(value)) > 255:
            raise exception.ValidationError(
                detail='extra_specs value has more than 255 characters.')
    if 'validated_extra_specs' in flavor_views.CHANGES.current():
        for key, value in specs.items():
            extra_spec_validators.validate(key, str(value))


def _as_strings(specs):
    return {k: str(v) for k, v in specs.items()}


def list_extra_specs(flavor_id):
    ctx = base.context()
    ctx.can(EXTRA_SPECS % 'index', target={'project_id': ctx.project_id})
    flavor = _flavor(ctx, flavor_id)
    return base.reply({'extra_specs': dict(flavor.extra_specs)})


def create_extra_specs(flavor_id):
    ctx = base.context()
    ctx.can(EXTRA_SPECS % 'create', target={})
    body = base.body()
    validation.validate(body, schemas.extra_specs_create)
    specs = body['extra_specs']
    _check_values(specs)
    _flavor(ctx, flavor_id)
    objects.FlavorExtras.update_extra_specs(ctx, flavor_id,
                                            _as_strings(specs))
    return base.reply(body)


def show_extra_spec(flavor_id, key):
    ctx = base.context()
    ctx.can(EXTRA_SPECS % 'show', target={'project_id': ctx.project_id})
    flavor = _flavor(ctx, flavor_id)
    if key not in flavor.extra_specs:
        raise exception.FlavorExtraSpecsNotFound(flavor_id=flavor_id,
                                                 extra_specs_key=key)
    return base.reply({key: flavor.extra_specs[key]})


def update_extra_spec(flavor_id, key):
    ctx = base.context()
    ctx.can(EXTRA_SPECS % 'update', target={})
    body = base.body()
    validation.validate(body, schemas.extra_spec_update)
    _check_values(body)
    if key not in body:
        raise exception.ValidationError(
            detail='Request body and URI mismatch')
    _flavor(ctx, flavor_id)
    objects.FlavorExtras.update_extra_specs(ctx, flavor_id,
                                            _as_strings(body))
    return base.reply(body)


def delete_extra_spec(flavor_id, key):
    ctx = base.context()
    ctx.can(EXTRA_SPECS % 'delete', target={})
    _flavor(ctx, flavor_id)
    objects.FlavorExtras.delete_extra_spec(ctx, flavor_id, key)
    return base.empty_200()


# -- flavor access ------------------------------------------------------------

def _access_body(ctx, flavor):
    return flavor_views.flavor_access(
        flavor.flavorid, objects.FlavorExtras.get_access(ctx,
                                                         flavor.flavorid))


def list_access(flavor_id):
    ctx = base.context()
    ctx.can(ACCESS, target={'project_id': ctx.project_id})
    flavor = _flavor(ctx, flavor_id)
    if flavor.is_public:
        raise exception.NotFound(
            'Access list not available for public flavors.')
    return base.reply(_access_body(ctx, flavor))


def _add_tenant_access(ctx, flavor_id, body):
    ctx.can(ACCESS + ':add_tenant_access', target={})
    validation.validate(body, schemas.add_tenant_access)
    tenant = body['addTenantAccess']['tenant']
    flavor = _flavor(ctx, flavor_id)
    if 'access_conflict' in flavor_views.CHANGES.current() and \
            flavor.is_public:
        raise exception.Conflict('Can not add access to a public flavor.')
    objects.FlavorExtras.add_access(ctx, flavor_id, tenant)
    return base.reply(_access_body(ctx, flavor))


def _remove_tenant_access(ctx, flavor_id, body):
    ctx.can(ACCESS + ':remove_tenant_access', target={})
    validation.validate(body, schemas.remove_tenant_access)
    tenant = body['removeTenantAccess']['tenant']
    flavor = _flavor(ctx, flavor_id)
    objects.FlavorExtras.remove_access(ctx, flavor_id, tenant)
    return base.reply(_access_body(ctx, flavor))


_ACTIONS = {'addTenantAccess': _add_tenant_access,
            'removeTenantAccess': _remove_tenant_access}


def flavor_action(flavor_id):
    ctx = base.context()
    body = base.body()
    name = next(iter(body), None)
    handler = _ACTIONS.get(name)
    if handler is None or len(body) != 1:
        raise exception.ValidationError(
            detail='There is no such action: %s' % (name,))
    return handler(ctx, flavor_id, body)


SUBRESOURCES = routing.SubResources({
    'os-extra_specs': routing.Resource(
        collection={'GET': list_extra_specs, 'POST': create_extra_specs},
        item={'GET': show_extra_spec, 'PUT': update_extra_spec,
              'DELETE': delete_extra_spec}),
    'os-flavor-access': routing.Resource(collection={'GET': list_access}),
    'action': routing.Resource(collection={'POST': flavor_action}),
})

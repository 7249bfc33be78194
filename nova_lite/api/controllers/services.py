"""/os-services (admin): list (?host= ?binary=), enable/disable/force down
a compute service (legacy PUT actions before 2.53, PUT by uuid from 2.53)
and delete a service (by id, by uuid from 2.53)."""
import pecan
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_lite.api.controllers import base
from nova_lite.api import faults
from nova_lite.api.microversion import versioned
from nova_lite.api.schemas import services as service_schemas
from nova_lite.api import validation
from nova_lite.api.views import services as service_views
from nova_lite import availability_zones
from nova_lite.compute import aggregates as aggregate_api
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import services as service_policy

POLICY = service_policy.BASE_POLICY_NAME


def _zone_map(ctx):
    return availability_zones.host_zone_map(ctx)


def list_services():
    ctx = base.context()
    ctx.can(POLICY % 'list', target={})
    params = pecan.request.GET
    validation.validate_query(params, {'host', 'binary'})
    services = list(objects.ServiceList.get_all(ctx))
    host = params.get('host')
    binary = params.get('binary')
    if host:
        services = [s for s in services if s.host == host]
    if binary:
        services = [s for s in services if s.binary == binary]
    zone_map = _zone_map(ctx) if services else {}
    return base.reply({'services': [
        service_views.show(pecan.request, s, zone_map=zone_map)
        for s in services]})


def _refuse_non_compute(binary):
    if not service_views.is_compute(binary):
        raise exception.ValidationError(
            detail='Updating a %s service is not supported. Only '
                   'nova-compute services can be updated.' % binary)


# -- before 2.53: PUT /os-services/{enable,disable,disable-log-reason,
#    force-down} with host and binary in the body ---------------------------

def _legacy_update(ctx, body, values):
    _refuse_non_compute(body['binary'])
    service = objects.Service.get_by_host_and_binary(ctx, body['host'],
                                                     body['binary'])
    for key, value in values.items():
        setattr(service, key, value)
    service.save()


def _enable(ctx, body):
    _legacy_update(ctx, body, {'disabled': False, 'disabled_reason': None})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'enabled'}


def _disable(ctx, body):
    _legacy_update(ctx, body, {'disabled': True})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'disabled'}


def _disable_log_reason(ctx, body):
    if 'disabled_reason' not in body:
        raise exception.ValidationError(
            detail='Missing disabled reason field')
    reason = body['disabled_reason']
    _legacy_update(ctx, body, {'disabled': True, 'disabled_reason': reason})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'disabled', 'disabled_reason': reason}


def _force_down(ctx, body):
    if 'forced_down' not in body:
        raise exception.ValidationError(detail='Missing forced_down field')
    forced_down = strutils.bool_from_string(body['forced_down'])
    _legacy_update(ctx, body, {'forced_down': forced_down})
    return {'host': body['host'], 'binary': body['binary'],
            'forced_down': forced_down}


_LEGACY_ACTIONS = {'enable': _enable, 'disable': _disable,
                   'disable-log-reason': _disable_log_reason}


def legacy_update(action):
    ctx = base.context()
    body = base.body()
    validation.validate(body, service_schemas.LEGACY_UPDATE.current())
    ctx.can(POLICY % 'update', target={})
    actions = dict(_LEGACY_ACTIONS)
    if 'forced_down' in service_views.CHANGES.current():
        actions['force-down'] = _force_down
    if action not in actions:
        raise exception.NotFound('Unknown action')
    return base.reply({'service': actions[action](ctx, body)})


# -- 2.53: PUT /os-services/{service_uuid} ----------------------------------

def update_v253(service_id):
    ctx = base.context()
    body = base.body()
    validation.validate(body, service_schemas.UPDATE_V253)
    if not uuidutils.is_uuid_like(service_id):
        raise exception.ValidationError(detail='Invalid uuid %s' % service_id)
    ctx.can(POLICY % 'update', target={})
    service = objects.Service.get_by_uuid(ctx, service_id)
    _refuse_non_compute(service.binary)
    if 'status' in body:
        if body['status'] == 'enabled':
            if body.get('disabled_reason'):
                raise exception.ValidationError(
                    detail="Specifying 'disabled_reason' with status "
                           "'enabled' is invalid.")
            service.disabled = False
            service.disabled_reason = None
        else:
            service.disabled = True
            service.disabled_reason = body.get('disabled_reason')
    if 'forced_down' in body:
        service.forced_down = strutils.bool_from_string(
            body['forced_down'], strict=True)
    if not service.obj_what_changed():
        raise exception.ValidationError(
            detail="No updates were requested. Fields 'status' or "
                   "'forced_down' should be specified.")
    service.save()
    return base.reply({'service': service_views.show(
        pecan.request, service, zone_map=_zone_map(ctx))})


@versioned(max='2.52')
def update_service(service_id):
    return legacy_update(service_id)


@versioned(min='2.53')
def update_service(service_id):  # noqa: F811 - 2.53: by uuid
    return update_v253(service_id)


# -- DELETE /os-services/{service_id} ---------------------------------------

def _service_not_found(exc, service_id):
    return exception.NotFound('Service %s not found.' % service_id)


@versioned(max='2.52')
def _service(ctx, service_id):
    try:
        key = int(service_id)
    except ValueError:
        raise exception.InvalidInput(reason='id must be an integer')
    return objects.Service.get_by_id(ctx, key)


@versioned(min='2.53')
def _service(ctx, service_id):  # noqa: F811 - 2.53: by uuid
    if not uuidutils.is_uuid_like(service_id):
        raise exception.ValidationError(
            detail='Invalid uuid %s' % service_id)
    return objects.Service.get_by_uuid(ctx, service_id)


@faults.answers({exception.ServiceNotFound: _service_not_found})
def delete_service(service_id):
    ctx = base.context()
    ctx.can(POLICY % 'delete', target={})
    service = _service(ctx, service_id)
    if service_views.is_compute(service.binary):
        if len(objects.InstanceList.get_by_host(ctx.elevated(),
                                                service.host)):
            raise exception.Conflict(
                'Unable to delete compute service that is hosting '
                'instances. Migrate or delete the instances first.')
        aggregates = aggregate_api.AggregateAPI()
        for aggregate in aggregates.get_aggregates_by_host(ctx,
                                                           service.host):
            aggregate.delete_host(service.host)
    service.destroy()
    return base.reply(status=204)


class ServiceController(object):
    def __init__(self, service_id):
        self.service_id = service_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='PUT')
    def index_put(self, *args, **kwargs):
        return update_service(self.service_id)

    @index.when(method='DELETE')
    def index_delete(self, *args, **kwargs):
        return delete_service(self.service_id)


class ServicesController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_services()

    @pecan.expose()
    def _lookup(self, service_id, *remainder):
        return ServiceController(service_id), remainder

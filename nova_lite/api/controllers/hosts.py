"""/os-hosts (admin, up to 2.42, 404 from 2.43): the hosts and their
zones, one host's resources, enable/disable and maintenance of a host
(PUT), and its power actions (GET startup, shutdown, reboot), which the
host's compute service answers through its virt driver."""
import pecan

from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite.api.schemas import hosts as schemas
from nova_lite.api import validation
from nova_lite.api.views import hosts as views
from nova_lite.compute import host_api
from nova_lite import exception
from nova_lite.policies import hosts as policy

VERSIONS = microversion.Range(None, '2.42')
POLICY = policy.POLICY_NAME

NOT_SUPPORTED = 'The requested functionality is not supported.'
# What the host operations may raise, answered as Nova does.
_OPERATION_ERRORS = {NotImplementedError: (501, NOT_SUPPORTED),
                     exception.ComputeHostNotFound: 404,
                     exception.ComputeServiceUnavailable: 400}
_API = host_api.HostAPI()


def _check_result(result, expected):
    """A driver's answer that is not one of `expected` is a 400 with the
    answer as its message, as in Nova."""
    if result not in expected:
        raise exception.ValidationError(detail=str(result))
    return result


def list_hosts():
    ctx = base.context()
    ctx.can(POLICY % 'list', target={})
    zone = pecan.request.GET.get('zone')
    return base.reply({'hosts': _API.list_hosts(ctx, zone=zone or None)})


@faults.answers({exception.ComputeHostNotFound: 404})
def show_host(host):
    ctx = base.context()
    ctx.can(POLICY % 'show', target={})
    node, instances = _API.host_resources(ctx, host)
    return base.reply(views.show(host, node, instances))


def _enabled(value):
    return value.strip().lower() == 'enable'


@faults.answers(_OPERATION_ERRORS)
def update_host(host):
    ctx = base.context()
    body = base.body()
    validation.validate(body, schemas.UPDATE)
    ctx.can(POLICY % 'update', target={})
    result = {'host': host}
    if 'status' in body:
        result['status'] = _check_result(
            _API.set_host_enabled(ctx, host, _enabled(body['status'])),
            ('enabled', 'disabled'))
    if 'maintenance_mode' in body:
        result['maintenance_mode'] = _check_result(
            _API.set_host_maintenance(ctx, host,
                                      _enabled(body['maintenance_mode'])),
            ('on_maintenance', 'off_maintenance'))
    return base.reply(result)


def _power_action(rule, action):
    @faults.answers(_OPERATION_ERRORS)
    def handler(host):
        ctx = base.context()
        ctx.can(POLICY % rule, target={})
        result = _API.host_power_action(ctx, host, action)
        return base.reply({'host': host, 'power_action': result})
    handler.__name__ = action
    return handler


HOSTS = routing.TopLevel(routing.Resource(
    collection={'GET': list_hosts},
    item={'GET': show_host, 'PUT': update_host},
    actions={'startup': {'GET': _power_action('start', 'startup')},
             'shutdown': {'GET': _power_action('shutdown', 'shutdown')},
             'reboot': {'GET': _power_action('reboot', 'reboot')}},
    versions=VERSIONS))

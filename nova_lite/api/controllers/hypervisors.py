"""/os-hypervisors: list, detail, show (admin)."""
import pecan
from oslo_utils import uuidutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api import validation
from nova_lite.api.views import hypervisors as hypervisor_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import hypervisors as hv_policy

_QUERY = {'limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'}


def _services_by_id_and_host(ctx):
    by_id, by_host = {}, {}
    for service in objects.ServiceList.get_all(ctx):
        by_id[service.id] = service
        if service.binary == 'nova-compute' or \
                service.binary.endswith('-compute'):
            by_host[service.host] = service
    return by_id, by_host


def _service_for(node, by_id, by_host):
    service = None
    if node.obj_attr_is_set('service_id') and node.service_id is not None:
        service = by_id.get(node.service_id)
    return service or by_host.get(node.host)


def _servers_on(ctx, node):
    instances = base.compute_api().get_all(
        ctx, {'host': node.host, 'node': node.hypervisor_hostname,
              'all_tenants': True, 'deleted': False})
    return [{'name': i.display_name, 'uuid': i.uuid} for i in instances]


def _with_servers(params):
    if not base.at_least('2.53') or 'with_servers' not in params:
        return False
    return base.bool_param('with_servers', params['with_servers'])


def _paginate(nodes, params, use_uuid):
    if not base.at_least('2.33'):
        return nodes, False
    limit, marker = base.get_limit_and_marker(params, api_conf.get().api.max_limit)
    if marker is not None:
        keys = [str(n.uuid if use_uuid else n.id) for n in nodes]
        if marker not in keys:
            raise exception.ValidationError(
                detail='marker [%s] not found' % marker)
        nodes = nodes[keys.index(marker) + 1:]
    page = nodes[:limit]
    return page, bool(page) and len(page) == limit


def list_hypervisors(detail):
    ctx = base.context()
    ctx.can(hv_policy.BASE_POLICY_NAME % ('list-detail' if detail
                                          else 'list'), target={})
    params = pecan.request.GET
    validation.validate_query(params, _QUERY, base.at_least('2.75'))
    use_uuid = base.at_least('2.53')
    nodes = sorted(objects.ComputeNodeList.get_all(ctx),
                   key=lambda n: n.id)
    pattern = params.get('hypervisor_hostname_pattern') \
        if base.at_least('2.53') else None
    if pattern:
        nodes = [n for n in nodes if pattern in n.hypervisor_hostname]
        if not nodes:
            raise exception.HypervisorNotFound(hypervisor=pattern)
    nodes, next_ok = _paginate(nodes, params, use_uuid)
    by_id, by_host = _services_by_id_and_host(ctx)
    with_servers = _with_servers(params)
    view = hypervisor_views.ViewBuilder(pecan.request)
    body = []
    for node in nodes:
        service = _service_for(node, by_id, by_host)
        servers = _servers_on(ctx, node) if with_servers else None
        if detail:
            running = None
            if not base.at_least('2.88') and servers is None:
                running = len(_servers_on(ctx, node))
            body.append(view.detail(node, service, servers=servers,
                                    show_uptime=True,
                                    running_vms=running))
        else:
            body.append(view.basic(node, service, servers=servers))
    result = {'hypervisors': body}
    return base.reply(view.add_next(
        result, 'hypervisors', nodes, next_ok,
        'os-hypervisors/detail' if detail else 'os-hypervisors'))


def show_hypervisor(hypervisor_id):
    ctx = base.context()
    ctx.can(hv_policy.BASE_POLICY_NAME % 'show', target={})
    params = pecan.request.GET
    validation.validate_query(params, {'with_servers'},
                              base.at_least('2.75'))
    if base.at_least('2.53'):
        if not uuidutils.is_uuid_like(hypervisor_id):
            raise exception.ValidationError(
                detail='Invalid uuid %s' % hypervisor_id)
        getter = objects.ComputeNode.get_by_uuid
        key = hypervisor_id
    else:
        try:
            key = int(hypervisor_id)
        except ValueError:
            raise exception.HypervisorNotFound(hypervisor=hypervisor_id)
        getter = objects.ComputeNode.get_by_id
    try:
        node = getter(ctx, key)
    except (exception.ComputeHostNotFound, exception.ComputeNodeNotFound,
            exception.NotFound):
        raise exception.HypervisorNotFound(hypervisor=hypervisor_id)
    by_id, by_host = _services_by_id_and_host(ctx)
    service = _service_for(node, by_id, by_host)
    servers = _servers_on(ctx, node) if _with_servers(params) else None
    running = None
    if not base.at_least('2.88') and servers is None:
        running = len(_servers_on(ctx, node))
    view = hypervisor_views.ViewBuilder(pecan.request)
    return base.reply({'hypervisor': view.detail(
        node, service, servers=servers, show_uptime=True,
        running_vms=running)})


class HypervisorController(object):
    def __init__(self, hypervisor_id):
        self.hypervisor_id = hypervisor_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_hypervisor(self.hypervisor_id)


class HypervisorsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_hypervisors(detail=False)

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        base.not_allowed()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        return list_hypervisors(detail=True)

    @pecan.expose()
    def _lookup(self, hypervisor_id, *remainder):
        return HypervisorController(hypervisor_id), remainder

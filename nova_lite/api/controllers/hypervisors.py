"""/os-hypervisors (admin): list, detail, show; search and servers by a
hostname pattern (before 2.53; query parameters from 2.53); statistics
and uptime (before 2.88)."""
import pecan
from oslo_utils import uuidutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api.microversion import versioned
from nova_lite.api import validation
from nova_lite.api.views import hypervisors as hypervisor_views
from nova_lite.api.views import services as service_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import hypervisors as hv_policy

_QUERY = {'limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'}
CHANGES = hypervisor_views.CHANGES


def _authorize(ctx, action):
    ctx.can(hv_policy.BASE_POLICY_NAME % action, target={})


def _services_by_host(ctx):
    """The compute service of each host."""
    by_host = {}
    for service in objects.ServiceList.get_all(ctx):
        if service.binary == 'nova-compute' or \
                service.binary.endswith('-compute'):
            by_host[service.host] = service
    return by_host


def _servers_on(ctx, node):
    instances = base.compute_api().get_all(
        ctx, {'host': node.host, 'node': node.hypervisor_hostname,
              'all_tenants': True, 'deleted': False})
    return [{'name': i.display_name, 'uuid': i.uuid} for i in instances]


def _with_servers(params):
    if 'uuids' not in CHANGES.current() or 'with_servers' not in params:
        return False
    return base.bool_param('with_servers', params['with_servers'])


def _servers_field(ctx, node, with_servers):
    """The servers key: listed when there are some; from 2.75 always
    (possibly empty) when asked for."""
    if not with_servers:
        return None
    servers = _servers_on(ctx, node)
    if servers or 'servers_always' in CHANGES.current():
        return servers
    return None


def _not_found(hypervisor_id):
    return exception.NotFound(
        "Hypervisor with ID '%s' could not be found." % hypervisor_id)


def _by_pattern(ctx, pattern):
    nodes = [n for n in sorted(objects.ComputeNodeList.get_all(ctx),
                               key=lambda n: n.id)
             if pattern in n.hypervisor_hostname]
    if not nodes:
        raise exception.NotFound(
            "No hypervisor matching '%s' could be found." % pattern)
    return nodes


def _paginate(nodes, params, use_uuid):
    if 'paging' not in CHANGES.current():
        return nodes, False
    limit, marker = base.get_limit_and_marker(params,
                                              api_conf.get().api.max_limit)
    if marker is not None:
        keys = [str(n.uuid if use_uuid else n.id) for n in nodes]
        if marker not in keys:
            raise exception.ValidationError(
                detail='marker [%s] not found' % marker)
        nodes = nodes[keys.index(marker) + 1:]
    page = nodes[:limit]
    return page, bool(page) and len(page) == limit


def _uptime(ctx, node, service):
    """The host's uptime line; NotImplementedError if the driver (or this
    compute API) cannot tell, a 400 if the compute service is down."""
    if not service_views.is_up(service):
        raise exception.Invalid(
            'Compute service of %s is unavailable at this time.' % node.host)
    rpcapi = getattr(base.compute_api(), 'compute_rpcapi', None)
    if rpcapi is None:
        raise NotImplementedError()
    return rpcapi.get_host_uptime(ctx, node.host)


def _detail_uptime(ctx, node, service):
    if 'no_resources' not in CHANGES.current():
        return None
    try:
        return _uptime(ctx, node, service)
    except Exception:  # not supported, or the host is down
        return None


def _detail(view, ctx, node, service, servers):
    running = None
    if 'no_resources' not in CHANGES.current():
        running = len(servers) if servers is not None else \
            len(_servers_on(ctx, node))
    return view.detail(node, service, servers=servers, show_uptime=True,
                       uptime=_detail_uptime(ctx, node, service),
                       running_vms=running)


def list_hypervisors(detail):
    ctx = base.context()
    _authorize(ctx, 'list-detail' if detail else 'list')
    params = pecan.request.GET
    validation.validate_query(params, _QUERY)
    use_uuid = 'uuids' in CHANGES.current()
    pattern = params.get('hypervisor_hostname_pattern') if use_uuid \
        else None
    if pattern is not None:
        if 'limit' in params or 'marker' in params:
            raise exception.ValidationError(
                detail='Paging over hypervisors with the '
                       'hypervisor_hostname_pattern query parameter is not '
                       'supported.')
        nodes, next_ok = _by_pattern(ctx, pattern), False
    else:
        nodes = sorted(objects.ComputeNodeList.get_all(ctx),
                       key=lambda n: n.id)
        nodes, next_ok = _paginate(nodes, params, use_uuid)
    by_host = _services_by_host(ctx)
    with_servers = _with_servers(params)
    view = hypervisor_views.ViewBuilder(pecan.request)
    body, shown = [], []
    for node in nodes:
        service = by_host.get(node.host)
        if service is None:
            continue  # a deleted service's leftover node
        servers = _servers_field(ctx, node, with_servers)
        if detail:
            body.append(_detail(view, ctx, node, service, servers))
        else:
            body.append(view.basic(node, service, servers=servers))
        shown.append(node)
    result = {'hypervisors': body}
    return base.reply(view.add_next(
        result, 'hypervisors', shown, next_ok and bool(shown),
        'os-hypervisors/detail' if detail else 'os-hypervisors'))


def _node_not_found(exc, ctx, hypervisor_id):
    return _not_found(hypervisor_id)


@versioned(max='2.52')
@faults.answers({exception.NotFound: _node_not_found})
def _get_node(ctx, hypervisor_id):
    try:
        node_id = int(hypervisor_id)
    except ValueError:
        raise _not_found(hypervisor_id)
    return _with_service(ctx, objects.ComputeNode.get_by_id(ctx, node_id),
                         hypervisor_id)


@versioned(min='2.53')
@faults.answers({exception.NotFound: _node_not_found})
def _get_node(ctx, hypervisor_id):  # noqa: F811 - 2.53: by uuid
    if not uuidutils.is_uuid_like(hypervisor_id):
        raise exception.ValidationError(
            detail='Invalid uuid %s' % hypervisor_id)
    return _with_service(
        ctx, objects.ComputeNode.get_by_uuid(ctx, hypervisor_id),
        hypervisor_id)


def _with_service(ctx, node, hypervisor_id):
    service = _services_by_host(ctx).get(node.host)
    if service is None:
        raise _not_found(hypervisor_id)
    return node, service


def show_hypervisor(hypervisor_id):
    ctx = base.context()
    _authorize(ctx, 'show')
    params = pecan.request.GET
    validation.validate_query(params, {'with_servers'})
    node, service = _get_node(ctx, hypervisor_id)
    servers = _servers_field(ctx, node, _with_servers(params))
    view = hypervisor_views.ViewBuilder(pecan.request)
    return base.reply({'hypervisor': _detail(view, ctx, node, service,
                                             servers)})


@versioned(max='2.87')
@faults.answers({NotImplementedError: (
    501, 'The requested functionality is not supported.')})
def uptime(hypervisor_id):
    ctx = base.context()
    _authorize(ctx, 'uptime')
    node, service = _get_node(ctx, hypervisor_id)
    value = _uptime(ctx, node, service)
    view = hypervisor_views.ViewBuilder(pecan.request)
    body = view.basic(node, service)
    body['uptime'] = value
    return base.reply({'hypervisor': body})


@versioned(max='2.52')
def search(pattern, with_servers=False):
    ctx = base.context()
    _authorize(ctx, 'servers' if with_servers else 'search')
    nodes = _by_pattern(ctx, pattern)
    by_host = _services_by_host(ctx)
    view = hypervisor_views.ViewBuilder(pecan.request)
    body = []
    for node in nodes:
        service = by_host.get(node.host)
        if service is None:
            continue
        servers = _servers_on(ctx, node) if with_servers else None
        body.append(view.basic(node, service, servers=servers or None))
    return base.reply({'hypervisors': body})


def servers(pattern):
    return search(pattern, with_servers=True)


@versioned(max='2.87')
def statistics():
    ctx = base.context()
    _authorize(ctx, 'statistics')
    by_host = _services_by_host(ctx)
    nodes = [node for node in objects.ComputeNodeList.get_all(ctx)
             if node.host in by_host]
    return base.reply(hypervisor_views.statistics(
        nodes, lambda node: len(_servers_on(ctx, node))))


SUBRESOURCES = routing.SubResources({
    'uptime': routing.Resource(collection={'GET': uptime}),
    'search': routing.Resource(collection={'GET': search}),
    'servers': routing.Resource(collection={'GET': servers}),
})


class HypervisorController(object):
    def __init__(self, hypervisor_id):
        self.hypervisor_id = hypervisor_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_hypervisor(self.hypervisor_id)

    @pecan.expose()
    def _lookup(self, name, *remainder):
        # uptime, search, servers
        return SUBRESOURCES.lookup(self.hypervisor_id, name, remainder)


class HypervisorsController(object):
    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.no_route()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return list_hypervisors(detail=False)

    @pecan.expose(generic=True)
    def detail(self, *args, **kwargs):
        base.no_route()

    @detail.when(method='GET')
    def detail_get(self, *args, **kwargs):
        return list_hypervisors(detail=True)

    @pecan.expose(generic=True)
    def statistics(self, *args, **kwargs):
        base.no_route()

    @statistics.when(method='GET')
    def statistics_get(self, *args, **kwargs):
        return statistics()

    @pecan.expose()
    def _lookup(self, hypervisor_id, *remainder):
        return HypervisorController(hypervisor_id), remainder

"""/os-hypervisors (admin): list, detail, show; search and servers by a
hostname pattern (before 2.53; query parameters from 2.53); statistics
and uptime (before 2.88)."""
import pecan
from oslo_utils import uuidutils

from nova_lite.api import config as api_conf
from nova_lite.api.controllers import base
from nova_lite.api import validation
from nova_lite.api.views import hypervisors as hypervisor_views
from nova_lite.api.views import services as service_views
from nova_lite import exception
from nova_lite import objects
from nova_lite.policies import hypervisors as hv_policy

_QUERY = {'limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'}


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
    if not base.at_least('2.53') or 'with_servers' not in params:
        return False
    return base.bool_param('with_servers', params['with_servers'])


def _servers_field(ctx, node, with_servers):
    """The servers key: listed when there are some; from 2.75 always
    (possibly empty) when asked for."""
    if not with_servers:
        return None
    servers = _servers_on(ctx, node)
    if servers or base.at_least('2.75'):
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
    if not base.at_least('2.33'):
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
    if not base.at_least('2.88'):
        return None
    try:
        return _uptime(ctx, node, service)
    except Exception:  # not supported, or the host is down
        return None


def _detail(view, ctx, node, service, servers):
    running = None
    if not base.at_least('2.88'):
        running = len(servers) if servers is not None else \
            len(_servers_on(ctx, node))
    return view.detail(node, service, servers=servers, show_uptime=True,
                       uptime=_detail_uptime(ctx, node, service),
                       running_vms=running)


def list_hypervisors(detail):
    ctx = base.context()
    _authorize(ctx, 'list-detail' if detail else 'list')
    params = pecan.request.GET
    validation.validate_query(params, _QUERY, base.at_least('2.75'))
    use_uuid = base.at_least('2.53')
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


def _get_node(ctx, hypervisor_id):
    if base.at_least('2.53'):
        if not uuidutils.is_uuid_like(hypervisor_id):
            raise exception.ValidationError(
                detail='Invalid uuid %s' % hypervisor_id)
        getter, key = objects.ComputeNode.get_by_uuid, hypervisor_id
    else:
        try:
            key = int(hypervisor_id)
        except ValueError:
            raise _not_found(hypervisor_id)
        getter = objects.ComputeNode.get_by_id
    try:
        node = getter(ctx, key)
    except exception.NotFound:
        raise _not_found(hypervisor_id)
    service = _services_by_host(ctx).get(node.host)
    if service is None:
        raise _not_found(hypervisor_id)
    return node, service


def show_hypervisor(hypervisor_id):
    ctx = base.context()
    _authorize(ctx, 'show')
    params = pecan.request.GET
    validation.validate_query(params, {'with_servers'},
                              base.at_least('2.75'))
    node, service = _get_node(ctx, hypervisor_id)
    servers = _servers_field(ctx, node, _with_servers(params))
    view = hypervisor_views.ViewBuilder(pecan.request)
    return base.reply({'hypervisor': _detail(view, ctx, node, service,
                                             servers)})


def _removed_at(version):
    if base.at_least(version):
        raise exception.NotFound('The resource could not be found.')


def uptime(hypervisor_id):
    _removed_at('2.88')
    ctx = base.context()
    _authorize(ctx, 'uptime')
    node, service = _get_node(ctx, hypervisor_id)
    try:
        value = _uptime(ctx, node, service)
    except NotImplementedError:
        return base.reply({'notImplemented': {
            'code': 501,
            'message': 'The requested functionality is not supported.'}},
            status=501)
    view = hypervisor_views.ViewBuilder(pecan.request)
    body = view.basic(node, service)
    body['uptime'] = value
    return base.reply({'hypervisor': body})


def search(pattern, with_servers):
    _removed_at('2.53')
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


def statistics():
    _removed_at('2.88')
    ctx = base.context()
    _authorize(ctx, 'statistics')
    by_host = _services_by_host(ctx)
    stats = dict.fromkeys(
        ('count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
         'memory_mb_used', 'local_gb_used', 'free_ram_mb', 'free_disk_gb',
         'current_workload', 'running_vms', 'disk_available_least'), 0)
    for node in objects.ComputeNodeList.get_all(ctx):
        if node.host not in by_host:
            continue
        stats['count'] += 1
        for field in ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                      'memory_mb_used', 'local_gb_used'):
            stats[field] += getattr(node, field) or 0
        stats['free_ram_mb'] += node.memory_mb - node.memory_mb_used
        stats['free_disk_gb'] += node.local_gb - node.local_gb_used
        stats['disk_available_least'] += node.disk_available_least or 0
        stats['running_vms'] += len(_servers_on(ctx, node))
    return base.reply({'hypervisor_statistics': stats})


class HypervisorController(object):
    def __init__(self, hypervisor_id):
        self.hypervisor_id = hypervisor_id

    @pecan.expose(generic=True)
    def index(self, *args, **kwargs):
        base.not_allowed()

    @index.when(method='GET')
    def index_get(self, *args, **kwargs):
        return show_hypervisor(self.hypervisor_id)

    @pecan.expose(generic=True)
    def uptime(self, *args, **kwargs):
        base.not_allowed()

    @uptime.when(method='GET')
    def uptime_get(self, *args, **kwargs):
        return uptime(self.hypervisor_id)

    @pecan.expose(generic=True)
    def search(self, *args, **kwargs):
        base.not_allowed()

    @search.when(method='GET')
    def search_get(self, *args, **kwargs):
        return search(self.hypervisor_id, with_servers=False)

    @pecan.expose(generic=True)
    def servers(self, *args, **kwargs):
        base.not_allowed()

    @servers.when(method='GET')
    def servers_get(self, *args, **kwargs):
        return search(self.hypervisor_id, with_servers=True)


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

    @pecan.expose(generic=True)
    def statistics(self, *args, **kwargs):
        base.not_allowed()

    @statistics.when(method='GET')
    def statistics_get(self, *args, **kwargs):
        return statistics()

    @pecan.expose()
    def _lookup(self, hypervisor_id, *remainder):
        return HypervisorController(hypervisor_id), remainder

"""/os-networks and /os-tenant-networks (up to 2.35, 404 from 2.36):
Nova's read-only proxies to the network service's networks."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api import faults
from nova_lite.api import microversion
from nova_lite import exception
from nova_lite.network import api as network_api
from nova_lite.network import neutron
from nova_lite.policies import networks as policy

VERSIONS = microversion.Range(None, '2.35')
_ERRORS = {exception.NetworkServiceUnavailable: 503}
# Nova-network fields os-networks shows, all None under Neutron.
_NOVA_NETWORK_FIELDS = (
    'bridge', 'bridge_interface', 'broadcast', 'cidr_v6', 'created_at',
    'deleted', 'deleted_at', 'dhcp_server', 'dhcp_start', 'dns1', 'dns2',
    'enable_dhcp', 'gateway', 'gateway_v6', 'host', 'injected', 'mtu',
    'multi_host', 'netmask', 'netmask_v6', 'priority', 'project_id',
    'rxtx_base', 'share_address', 'updated_at', 'vlan', 'vpn_private_address',
    'vpn_public_address', 'vpn_public_port')


def _networks(ctx):
    if not neutron.is_configured(None, ctx):
        return None
    return network_api.API()


def os_network(net):
    body = {key: None for key in _NOVA_NETWORK_FIELDS}
    body.update({'id': net['id'], 'label': net.get('name'), 'cidr': None})
    return body


def tenant_network(net):
    return {'id': net['id'], 'label': net.get('name'), 'cidr': None}


def _show(ctx, network_id):
    api = _networks(ctx)
    if api is None:
        raise exception.NotFound('Network not found')
    try:
        return api.client.show_network(ctx, network_id)
    except exception.NetworkNotFound:
        raise exception.NotFound('Network not found')


def _lister(rule, shape):
    @faults.answers(_ERRORS)
    def handler():
        ctx = base.context()
        ctx.can(rule, {'project_id': ctx.project_id})
        api = _networks(ctx)
        nets = api.available_networks(ctx, ctx.project_id) if api else []
        return base.reply({'networks': [shape(n) for n in nets]})
    return handler


def _shower(rule, shape):
    @faults.answers(_ERRORS)
    def handler(network_id):
        ctx = base.context()
        ctx.can(rule, {'project_id': ctx.project_id})
        return base.reply({'network': shape(_show(ctx, network_id))})
    return handler


list_networks = _lister(policy.NETWORKS % 'list', os_network)
show_network = _shower(policy.NETWORKS % 'view', os_network)
list_tenant_networks = _lister(policy.TENANT_NETWORKS % 'list',
                               tenant_network)
show_tenant_network = _shower(policy.TENANT_NETWORKS % 'show',
                              tenant_network)


NETWORKS = routing.TopLevel(routing.Resource(
    collection={'GET': list_networks}, item={'GET': show_network},
    versions=VERSIONS))
TENANT_NETWORKS = routing.TopLevel(routing.Resource(
    collection={'GET': list_tenant_networks},
    item={'GET': show_tenant_network}, versions=VERSIONS))

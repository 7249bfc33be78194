"""/servers/{server_id}/ips and /ips/{network_label}: the server's
addresses by network label, from its network info cache."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite.network import info_cache as address_views
from nova_lite import exception
from nova_lite.policies import ips as policy


def addresses(ctx, instance):
    """{network_label: [{'version': 4|6, 'addr': ...}, ...]} (the ips
    API shows only version and addr)."""
    full = address_views.addresses(address_views.network_info(ctx,
                                                              instance))
    return {label: [{'version': a['version'], 'addr': a['addr']}
                    for a in entries]
            for label, entries in full.items()}


def index(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'index')
    return base.reply({'addresses': addresses(ctx, instance)})


def show(server_id, network):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    networks = addresses(ctx, instance)
    if network not in networks:
        raise exception.NotFound(
            'Instance is not a member of specified network')
    return base.reply({network: networks[network]})


server_subresources.register('ips', routing.Resource(
    collection={'GET': index}, item={'GET': show}))

"""/servers/{server_id}/ips and /ips/{network_label}: the server's
addresses by network (none until nova_lite has networking)."""
from nova_lite.api.controllers import base
from nova_lite.api.controllers import routing
from nova_lite.api.controllers.server_lookup import instance_for
from nova_lite.api.controllers import server_subresources
from nova_lite import exception
from nova_lite.policies import ips as policy


def addresses(instance):
    """{network_label: [{'version': 4|6, 'addr': ...}, ...]}."""
    return {}


def index(server_id):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'index')
    return base.reply({'addresses': addresses(instance)})


def show(server_id, network):
    ctx = base.context()
    instance = instance_for(ctx, server_id, policy.POLICY_ROOT % 'show')
    networks = addresses(instance)
    if network not in networks:
        raise exception.NotFound(
            'Instance is not a member of specified network')
    return base.reply({network: networks[network]})


server_subresources.register('ips', routing.Resource(
    collection={'GET': index}, item={'GET': show}))

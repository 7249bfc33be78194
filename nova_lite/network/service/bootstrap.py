"""Networks an operator (nova-lite-manage network create) or
nova-lite-all's bootstrap makes: a network with one IPv4 subnet."""
from nova_lite.network.service import events as events_mod
from nova_lite.network.service import networks as networks_mod
from nova_lite import objects


def find_network(context, name):
    found = objects.NetworkList.get_all(context, {'name': name})
    return found[0] if len(found) else None


def create_network(context, conf, name, cidr, gateway='auto', shared=False,
                   project_id=None, events=None):
    """The new network (with its subnet `<name>-subnet`)."""
    service = networks_mod.Networks(conf, events or events_mod.Events(conf))
    network = service.create_network(context, {
        'name': name, 'shared': shared,
        'project_id': project_id or context.project_id})
    try:
        service.create_subnet(context, {
            'network_id': network.id, 'name': '%s-subnet' % name,
            'cidr': cidr, 'ip_version': 4, 'gateway_ip': gateway,
            'project_id': network.project_id})
    except Exception:
        network.destroy()
        raise
    return objects.Network.get_by_id(context, network.id)


def ensure_default_network(context, conf):
    """nova-lite-all: the shared [network] default_network_name network,
    if missing (so a server with no network options gets an address)."""
    name = conf.network.default_network_name
    if not name:
        return None
    network = find_network(context, name)
    if network is None:
        network = create_network(context, conf, name,
                                 conf.network.default_network_cidr,
                                 shared=True, project_id='admin')
    return network

"""Networks and subnets: what the API asks, done through the objects;
each change tells the events hub (DHCP, agents)."""
import uuid

from nova_lite.network import exceptions as exc
from nova_lite.network import ipam
from nova_lite import objects

SUBNET_UPDATABLE = ('name', 'description', 'enable_dhcp',
                    'dns_nameservers', 'host_routes', 'gateway_ip')


class Networks(object):
    def __init__(self, conf, events):
        self.conf = conf
        self.events = events

    def create_network(self, context, values):
        values = dict(values)
        values.setdefault('mtu', self.conf.network.global_physnet_mtu)
        values.setdefault('admin_state_up', True)
        values.setdefault('shared', False)
        values.setdefault('port_security_enabled', True)
        network = objects.Network(context, id=str(uuid.uuid4()),
                                  status='ACTIVE', **values)
        network.create()
        return network

    def get_network(self, context, network_id):
        return objects.Network.get_by_id(context, network_id)

    def list_networks(self, context, filters, visible_to=None):
        return objects.NetworkList.get_all(context, filters, visible_to)

    def update_network(self, context, network, values):
        for key, value in values.items():
            setattr(network, key, value)
        network.save()
        self.events.network_changed(context, network.id)
        return network

    def delete_network(self, context, network):
        port_ids = network.destroy()
        self.events.network_deleted(context, network.id, port_ids)

    # -- subnets -------------------------------------------------------------

    def create_subnet(self, context, values):
        values = dict(values)
        network = objects.Network.get_by_id(context, values['network_id'])
        version = values.get('ip_version', 4)
        if version not in (4, 6):
            raise exc.HTTPBadRequest(attr='ip_version',
                                     reason="'%s' is not in [4, 6]"
                                     % version)
        if 'cidr' not in values or values['cidr'] is None:
            raise exc.BadRequest(resource='subnets',
                                 msg='a cidr must be specified in the '
                                     'absence of a subnet pool')
        net, gateway, pools = ipam.validate_subnet(
            values['cidr'], version, values.get('gateway_ip', 'auto'),
            values.get('allocation_pools'))
        for server in values.get('dns_nameservers') or []:
            ipam.parse_ip(server, 'dns_nameservers')
        for route in values.get('host_routes') or []:
            if not isinstance(route, dict) or \
                    set(route) != {'destination', 'nexthop'}:
                raise exc.HTTPBadRequest(
                    attr='host_routes',
                    reason="Invalid data format for hostroute: '%s'"
                    % (route,))
            ipam.parse_cidr(route['destination'])
            ipam.parse_ip(route['nexthop'], 'host_routes')
        subnet = objects.Subnet(
            context, id=str(uuid.uuid4()), network_id=network.id,
            project_id=values.get('project_id') or network.project_id,
            name=values.get('name') or '',
            description=values.get('description') or '',
            ip_version=version, cidr=str(net), gateway_ip=gateway,
            allocation_pools=pools,
            enable_dhcp=values.get('enable_dhcp', True),
            dns_nameservers=values.get('dns_nameservers') or [],
            host_routes=values.get('host_routes') or [])
        subnet.create()
        self.events.network_changed(context, network.id)
        return subnet

    def get_subnet(self, context, subnet_id):
        return objects.Subnet.get_by_id(context, subnet_id)

    def list_subnets(self, context, filters, visible_to=None):
        return objects.SubnetList.get_all(context, filters, visible_to)

    def update_subnet(self, context, subnet, values):
        for key in values:
            if key not in SUBNET_UPDATABLE:
                raise exc.BadRequest(
                    resource='subnet',
                    msg="Attribute '%s' not allowed in PUT" % key)
        if values.get('gateway_ip') is not None:
            ip = ipam.validate_fixed_ip(values['gateway_ip'],
                                        {'cidr': subnet.cidr})
            if ipam.in_pools(ip, subnet.allocation_pools):
                raise exc.GatewayConflictWithAllocationPools(
                    ip_address=ip, pool=subnet.allocation_pools)
        for key, value in values.items():
            setattr(subnet, key, value)
        subnet.save()
        self.events.network_changed(context, subnet.network_id)
        return subnet

    def delete_subnet(self, context, subnet):
        subnet.destroy()
        self.events.network_changed(context, subnet.network_id)

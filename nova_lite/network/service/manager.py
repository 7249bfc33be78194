"""The network service's RPC endpoint (topic 'network'): agents read
their ports and report devices up or down."""
from oslo_log import log as logging
import oslo_messaging as messaging

from nova_lite.network import exceptions as exc
from nova_lite.network.service import views
from nova_lite import objects

LOG = logging.getLogger(__name__)


class NetworkManager(object):
    target = messaging.Target(version='1.0')

    def __init__(self, plugin):
        self.plugin = plugin

    def init_host(self, service_id=None):
        pass

    def cleanup_host(self):
        pass

    def _details(self, context, port):
        network = objects.Network.get_by_id(context, port.network_id)
        subnets = objects.SubnetList.get_all(
            context, {'network_id': port.network_id})
        groups = [objects.SecurityGroup.get_by_id(context, sg_id)
                  for sg_id in port.security_groups]
        rules = [views.rule(r) for g in groups for r in g.rules.objects]
        remote = sorted({r['remote_group_id'] for r in rules
                         if r['remote_group_id']})
        members = objects.SecurityGroup.member_ips(context, remote) \
            if remote else {}
        for rule in rules:
            if rule['remote_group_id']:
                rule['remote_ips'] = list(members.get(
                    rule['remote_group_id'], []))
        return {
            'port': views.port(port),
            'network': {'id': network.id, 'name': network.name,
                        'mtu': network.mtu},
            'subnets': [{'id': s.id, 'cidr': s.cidr,
                         'gateway_ip': s.gateway_ip,
                         'ip_version': s.ip_version} for s in subnets],
            'security_group_rules': rules,
        }

    def get_port_details(self, context, port_id):
        try:
            port = objects.Port.get_by_id(context, port_id)
            return self._details(context, port)
        except (exc.PortNotFound, exc.NetworkNotFound):
            return None

    def get_ports_for_host(self, context, host):
        found = []
        for port in objects.PortList.get_all(
                context, {'binding_host_id': host}):
            try:
                found.append(self._details(context, port))
            except exc.NotFound:
                continue  # deleted meanwhile
        return found

    def _bound_here(self, context, port_id, host):
        """Only the agent of the port's host reports it (a port that
        moved on meanwhile is the new host's)."""
        try:
            port = objects.Port.get_by_id(context, port_id)
        except exc.PortNotFound:
            return False
        if port.binding_host_id != host:
            LOG.info('Device %s reported by %s but bound to %r: ignored',
                     port_id, host, port.binding_host_id)
            return False
        return True

    def update_device_up(self, context, port_id, host):
        if self._bound_here(context, port_id, host):
            LOG.info('Device %s up on %s', port_id, host)
            self.plugin.ports.set_status(context, port_id, 'ACTIVE')

    def update_device_down(self, context, port_id, host):
        if self._bound_here(context, port_id, host):
            LOG.info('Device %s down on %s', port_id, host)
            self.plugin.ports.set_status(context, port_id, 'DOWN')
